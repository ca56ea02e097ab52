import { writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { checkArchive } from "../archive.ts";
import { formatDiagnostic, NotaError } from "../errors.ts";
import { refuseOtherRequests } from "../network.ts";
import { projectPaths } from "../paths.ts";
import { consoleProgress } from "../progress.ts";
import { formatMoment, parseMoment } from "../publication/moment.ts";
import type { NoteState } from "../publication/plan.ts";
import { newCommand } from "./new.ts";

const HELP = `nota — raadsinformatie als site en ondertekende PDF's

Gebruik:
  nota check [--per moment]          controleer profielen, notities, datasets, grafieken en het publicatieregister
  nota build [--gemeente g] [--no-pdf] [--release] [--per moment]
                                     bouw het archief: valideren → publicatie → grafieken → site → PDF's → handtekeningen → register
  nota build --concepten             voorvertoning met concepten en stukken onder embargo, gemarkeerd en niet ondertekend (in dist-concepten/)
  nota dev [--port 4321]             ontwikkelserver (voorvertoning met concepten); herlaadt bij wijzigingen
  nota verify <pdf|map> [--vertrouwd ca.pem]
                                     controleer de handtekeningen: bereik, digest, CMS, keten
  nota new <soort> --gemeente g --kwartaal 2022-Q3
                                     nieuwe notitie: vervolg op de vorige van die soort, met kopieën van haar datasets
  nota import <bron> --gemeente g --kwartaal 2023-Q1 --dataset clienten [--ja]
                                     cijfers uit een CSV- of Excel-export of van het CBS in een dataset (nota import --help)
  nota --help                        deze hulp

Opties:
  --root <map>      het archief (standaard: de huidige map, of NOTA_ROOT)
  --out <map>       de uitvoermap (standaard: dist)
  --per <moment>    bouw of controleer alsof het dit moment is (Nederlandse tijd, 2026-12-15T10:00); het register blijft ongewijzigd
  --report <bestand> schrijf tijden per fase en aantallen als JSON (voor de benchmark)
`;

/** `1 concept, 2 onder embargo en 1 ingetrokken`: what a build or check leaves out of the published archive. */
function leftOut(states: Record<NoteState, number>, moment: Date): string {
  const parts = [
    states.concept > 0 && `${states.concept} ${states.concept === 1 ? "concept" : "concepten"}`,
    states.embargo > 0 && `${states.embargo} onder embargo`,
    states.ingetrokken > 0 && `${states.ingetrokken} ingetrokken`,
  ].filter((part): part is string => !!part);
  if (parts.length === 0) return "";
  const list = parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(", ")} en ${parts.at(-1)}`;
  return `Niet gepubliceerd per ${formatMoment(moment)}: ${list}.\n`;
}

function momentOption(text: string | undefined): Date | undefined {
  if (text === undefined) return undefined;
  const moment = parseMoment(text);
  if (!moment) throw new NotaError([{ file: "--per", origin: "nota:per", message: `'${text}' is geen moment; schrijf het in Nederlandse tijd als 2026-12-15T10:00 of 2026-12-15` }], 2);
  return moment;
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      help: { type: "boolean", short: "h" },
      root: { type: "string" },
      out: { type: "string" },
      gemeente: { type: "string" },
      "no-pdf": { type: "boolean" },
      release: { type: "boolean" },
      quiet: { type: "boolean", short: "q" },
      report: { type: "string" },
      vertrouwd: { type: "string", multiple: true },
      port: { type: "string" },
      kwartaal: { type: "string" },
      per: { type: "string" },
      concepten: { type: "boolean" },
      dataset: { type: "string" },
      ja: { type: "boolean" },
      online: { type: "boolean" },
    },
  });
  const [command] = positionals;
  if (values.help && command === "import") {
    const { IMPORT_HELP } = await import("./import.ts");
    process.stdout.write(IMPORT_HELP);
    return 0;
  }
  if (values.help || !command) {
    process.stdout.write(HELP);
    return command || values.help ? 0 : 2;
  }
  // A preview never goes into the published folder.
  const paths = projectPaths(values.root, values.out ?? (values.concepten ? "dist-concepten" : undefined));
  if (values.concepten && paths.out === projectPaths(values.root).out) {
    process.stderr.write(`nota: een voorvertoning met concepten komt niet in de gepubliceerde map ${paths.out}; kies een andere --out\n`);
    return 2;
  }
  const per = momentOption(values.per);
  // Each command loads its own modules: Astro, PDF and signing would slow every `nota check`.
  const progress = consoleProgress(process.stderr, values.quiet);
  switch (command) {
    case "check": {
      const moment = per ?? new Date();
      const { archive, plan, diagnostics } = await checkArchive(paths, { gemeente: values.gemeente, publication: { moment, preview: false } });
      if (diagnostics.length > 0) throw new NotaError(diagnostics);
      process.stdout.write(`In orde: ${archive.profiles.size} gemeenten, ${archive.notes.length} notities (${plan.counts.openbaar} openbaar), ${archive.datasets.size} datasets, ${archive.specs.size} grafiekspecificaties.\n${leftOut(plan.counts, moment)}`);
      return 0;
    }
    case "build": {
      const { buildArchive } = await import("../build.ts");
      const options = { gemeente: values.gemeente, pdf: !values["no-pdf"], release: !!values.release, per, preview: !!values.concepten };
      const report = await buildArchive(paths, options, progress);
      const { pdfs, signatures } = report;
      const kind = options.preview ? "Voorvertoning gebouwd (niets ondertekend)" : "Gebouwd";
      process.stdout.write(`${kind}: ${report.notes} notities, ${report.charts} grafieken, ${pdfs.rendered} PDF's gemaakt en ${signatures.signed} ondertekend (${pdfs.reused} en ${signatures.reused} uit de cache, ${pdfs.registered} uit het publicatieregister) → ${paths.out}\n`);
      if (!options.preview) process.stdout.write(leftOut(report.states, per ?? new Date()));
      if (report.recorded.length > 0) process.stdout.write(`Gepubliceerd en vastgelegd in het publicatieregister (leg deze vast in git):\n${report.recorded.map((file) => `  ${file}\n`).join("")}`);
      if (values.report) await writeFile(values.report, `${JSON.stringify(report, null, 2)}\n`);
      return 0;
    }
    case "dev": {
      const { devCommand } = await import("./dev.ts");
      return devCommand(paths, { port: values.port ? Number(values.port) : undefined });
    }
    case "verify": {
      const target = positionals[1];
      if (!target) {
        process.stderr.write("gebruik: nota verify <pdf|map> [--vertrouwd ca.pem]\n");
        return 2;
      }
      const { verifyCommand } = await import("./verify.ts");
      return verifyCommand(target, values.vertrouwd ?? [], paths, process.stdout);
    }
    case "import": {
      const { importCommand } = await import("./import.ts");
      const options = { gemeente: values.gemeente, kwartaal: values.kwartaal, dataset: values.dataset, ja: values.ja, online: values.online, per };
      return importCommand(positionals.slice(1), options, paths, { out: process.stdout, err: process.stderr, input: process.stdin });
    }
    case "new":
      return newCommand(positionals[1], { gemeente: values.gemeente, kwartaal: values.kwartaal }, paths, process.stdout);
    default:
      process.stderr.write(`Onbekend commando '${command}'.\n\n${HELP}`);
      return 2;
  }
}

refuseOtherRequests();
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof NotaError) {
      process.stderr.write(`nota: ${error.diagnostics.length} ${error.diagnostics.length === 1 ? "probleem" : "problemen"} gevonden:\n`);
      for (const d of error.diagnostics) process.stderr.write(`  ${formatDiagnostic(d)}\n`);
      process.exit(error.exitCode);
    }
    if (error instanceof Error && error.name === "TypeError" && /parseArgs|Unknown option/i.test(error.message)) {
      process.stderr.write(`nota: ${error.message}\n`);
      process.exit(2);
    }
    process.stderr.write(`nota: onverwachte fout: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
