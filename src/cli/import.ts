import { relative } from "node:path";
import { createInterface } from "node:readline/promises";
import { requireArchiveRoot } from "../archive.ts";
import { formatNumber } from "../format/dutch.ts";
import { prepareImport, writeImport } from "../import/run.ts";
import type { ProjectPaths } from "../paths.ts";
import { localMoment } from "../publication/moment.ts";
import { quarterId, slug } from "../schema.ts";

export const IMPORT_HELP = `nota import — cijfers uit een export (CSV, Excel) of van het CBS in een kwartaaldataset

Gebruik:
  nota import <bron> --gemeente <g> --kwartaal <2023-Q1> --dataset <naam> [--ja]
  nota import <cijfers.json> <perioden.json> [<eigenschappen.json>] --gemeente … --kwartaal … --dataset …
  nota import --online --gemeente … --kwartaal … --dataset …

De mapping data/<gemeente>/<kwartaal>/<naam>.import.yaml zegt hoe de bron gelezen wordt en wat
voor dataset het wordt; staat er in het kwartaal nog geen, dan gebruikt nota die van het laatste
eerdere kwartaal en zet er een kopie van naast de nieuwe dataset. nota toont eerst wat er verandert
(rijen en waarden, oud → nieuw) en schrijft data/<gemeente>/<kwartaal>/<naam>.json pas na
bevestiging, of meteen met --ja. Cijfers van een gepubliceerde notitie veranderen alleen via een
nieuwe versie van die notitie (een correctie).

Opties:
  --gemeente <g>    de gemeente (map onder data/)
  --kwartaal <k>    het kwartaal van de dataset, zoals 2023-Q1
  --dataset <naam>  de naam van de dataset, zoals clienten (→ clienten.json)
  --ja              schrijf zonder te vragen
  --online          haal de CBS-tabel op bij de url uit de mapping (alleen daar maakt nota verbinding)
  --per <moment>    de ophaaldatum in de herkomst (standaard: vandaag)
  --root <map>      het archief (standaard: de huidige map)

Voorbeeld, elk kwartaal weer:
  nota import ~/Downloads/clienten-maart.csv --gemeente raalte --kwartaal 2023-Q1 --dataset clienten
  nota check && nota build
`;

/** `nota import`: shows what an import changes, and writes it when confirmed. */
export async function importCommand(
  sources: string[],
  options: { gemeente?: string; kwartaal?: string; dataset?: string; ja?: boolean; online?: boolean; per?: Date },
  paths: ProjectPaths,
  io: { out: NodeJS.WritableStream; err: NodeJS.WritableStream; input: NodeJS.ReadableStream & { isTTY?: boolean } },
): Promise<number> {
  const { gemeente, kwartaal, dataset } = options;
  const refuse = (message: string) => {
    io.err.write(`nota import: ${message}\n\n${IMPORT_HELP}`);
    return 2;
  };
  if (!gemeente || !kwartaal || !dataset) return refuse("--gemeente, --kwartaal en --dataset zijn nodig");
  if (!quarterId.safeParse(kwartaal).success) return refuse(`kwartaal '${kwartaal}': verwacht een kwartaal als 2023-Q1`);
  if (!slug.safeParse(dataset).success) return refuse(`dataset '${dataset}': alleen kleine letters, cijfers en streepjes, zoals clienten`);
  await requireArchiveRoot(paths);
  const today = localMoment(options.per ?? new Date()).slice(0, 10);
  const plan = await prepareImport(paths, { gemeente, quarter: kwartaal, name: dataset, sources, online: !!options.online, today });
  const target = relative(paths.root, plan.target);
  if (!plan.changes) {
    io.out.write(`Geen wijzigingen: de cijfers in ${target} zijn gelijk aan die uit de bron; niets geschreven.\n`);
    return 0;
  }
  const { added, removed, changed, fields, lines } = plan.diff;
  const count = (n: number, one: string, more: string) => `${formatNumber(n)} ${n === 1 ? one : more}`;
  io.out.write(`${target}: ${count(added, "rij", "rijen")} nieuw, ${count(changed, "waarde", "waarden")} gewijzigd, ${count(removed, "rij", "rijen")} weg, ${count(fields, "ander veld", "andere velden")}\n`);
  for (const line of lines) io.out.write(`  ${line}\n`);
  if (plan.corrected.length > 0) io.out.write(`Deze cijfers komen in de nieuwe versie van ${plan.corrected.join(", ")}.\n`);
  if (!options.ja) {
    if (!io.input.isTTY) {
      io.out.write("Niets geschreven: bevestig met --ja.\n");
      return 0;
    }
    const prompt = createInterface({ input: io.input, output: io.out });
    const answer = await prompt.question(`${target} schrijven? [j/N] `);
    prompt.close();
    if (!/^j(a)?$/i.test(answer.trim())) {
      io.out.write("Niets geschreven.\n");
      return 0;
    }
  }
  await writeImport(plan);
  io.out.write(`Geschreven: ${target}${plan.mappingCopy ? ` en ${relative(paths.root, plan.mappingCopy.to)} (de mapping van ${relative(paths.root, plan.mappingCopy.from)})` : ""}. Controleer met 'nota check'.\n`);
  return 0;
}
