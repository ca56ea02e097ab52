import { access, mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { requireArchiveRoot } from "../archive.ts";
import { KIND_NAMES, type Kind } from "../content/kinds.ts";
import { FRONTMATTER, loadNotes, type Note } from "../content/load.ts";
import { chartSpecCandidates } from "../content/references.ts";
import { nextDataset, nextFrontmatter, nextSlug, nextTitle, parseQuarter, quarterEnd, skeletonNote, TODO, type Quarter } from "../content/series.ts";
import { NotaError, usageError, type ErrorCode } from "../errors.ts";
import type { ProjectPaths } from "../paths.ts";
import { loadProfiles } from "../profiles/load.ts";
import { quarterId } from "../schema.ts";

const ORIGIN: ErrorCode = "nota:nieuw";
const USAGE = `gebruik: nota new <${KIND_NAMES.join("|")}> --gemeente <gemeente> --kwartaal <2022-Q3>`;

interface NewFile {
  path: string;
  text: string;
  /** Shown after the path, e.g. where a dataset was copied from. */
  note?: string;
  /**
   * Datasets and chart specs belong to a quarter or folder, not to one note: when another note
   * already brought them there, they are left as they are. Only the note itself must be new.
   */
  shared?: boolean;
}

/**
 * `nota new <soort> --gemeente g --kwartaal 2022-Q3`: the next note of a series. Continues the
 * gemeente's latest note of that kind from an earlier quarter, with copies of the datasets it
 * uses; without one, starts from a skeleton. Never overwrites: an existing note is an error,
 * an existing dataset or spec is kept.
 */
export async function newCommand(kind: string | undefined, options: { gemeente?: string; kwartaal?: string }, paths: ProjectPaths, out: NodeJS.WritableStream): Promise<number> {
  const { gemeente, kwartaal } = options;
  if (!kind || !gemeente || !kwartaal) {
    const missing = [!kind && "de soort", !gemeente && "--gemeente", !kwartaal && "--kwartaal"].filter(Boolean).join(", ");
    throw usageError(`${missing.replace(/, ([^,]*)$/, " en $1")} ${missing.includes(",") ? "ontbreken" : "ontbreekt"}; ${USAGE}`);
  }
  if (!(KIND_NAMES as string[]).includes(kind)) throw usageError(`onbekende soort '${kind}'; kies uit ${KIND_NAMES.join(", ")}`);
  if (!quarterId.safeParse(kwartaal).success) throw usageError(`kwartaal '${kwartaal}': verwacht een kwartaal als 2022-Q3`, "--kwartaal");
  await requireArchiveRoot(paths);
  const { profiles } = await loadProfiles(paths.data);
  const profile = profiles.get(gemeente);
  if (!profile) throw usageError(`onbekende gemeente '${gemeente}'; bekend zijn: ${[...profiles.keys()].join(", ")}`, "--gemeente");

  const { notes } = await loadNotes(paths.content, new Set([gemeente]), paths.root);
  const quarter = parseQuarter(kwartaal);
  const previous = notes
    .filter((n) => n.frontmatter.soort === kind && n.frontmatter.kwartaal < kwartaal)
    .sort((a, b) => b.frontmatter.datum.localeCompare(a.frontmatter.datum) || b.frontmatter.kwartaal.localeCompare(a.frontmatter.kwartaal))[0];
  const files = previous ? await continueSeries(previous, quarter, paths) : [firstOfKind(kind as Kind, quarter, gemeente, notes, profile.raad, paths)];

  const exists = (file: NewFile) => access(file.path).then(() => true, () => false);
  const taken = await Promise.all(files.map(exists));
  const conflicts = files.filter((file, i) => taken[i] && !file.shared);
  if (conflicts.length > 0) throw new NotaError(conflicts.map((file) => ({ file: relative(paths.root, file.path), origin: ORIGIN, message: "bestaat al; nota new overschrijft niets" })));
  for (const [i, file] of files.entries()) {
    if (taken[i]) {
      file.note = "bestond al, ongewijzigd";
      continue;
    }
    await mkdir(dirname(file.path), { recursive: true });
    await writeFile(file.path, file.text, { flag: "wx" });
  }

  out.write(previous ? `Vervolg op ${previous.file}:\n` : `Nieuwe ${kind} (er is geen eerdere om op voort te bouwen):\n`);
  for (const file of files) out.write(`  ${relative(paths.root, file.path)}${file.note ? `  (${file.note})` : ""}\n`);
  if (previous?.frontmatter.bij) out.write(`Let op: 'bij' verwijst nog naar ${previous.frontmatter.bij}; pas dit aan als de bijlage bij een nieuwe notitie hoort.\n`);
  out.write(`Vul alles met '${TODO}' of 'NOG-INVULLEN' in, werk tekst en cijfers bij en controleer met 'nota check'.\n`);
  return 0;
}

/** The previous note moved to the new quarter, with its datasets and any chart spec beside it. */
async function continueSeries(previous: Note, quarter: Quarter, paths: ProjectPaths): Promise<NewFile[]> {
  const from = parseQuarter(previous.frontmatter.kwartaal);
  const kwartaal = `${quarter.year}-Q${quarter.q}`;
  const noteDir = join(paths.content, previous.gemeente, quarter.year);
  const text = await readFile(join(paths.root, previous.file), "utf8");
  const frontmatter = FRONTMATTER.exec(text)!;
  const titel = nextTitle(previous.frontmatter.titel, from, quarter);
  const yaml = nextFrontmatter(frontmatter[1]!, { titel, datum: quarterEnd(quarter), kwartaal });
  const files: NewFile[] = [{ path: join(noteDir, `${nextSlug(previous.slug, from, quarter)}.mdx`), text: `---\n${yaml}---\n${text.slice(frontmatter[0].length)}`, note: titel === previous.frontmatter.titel ? "controleer de titel" : undefined }];

  const datasets = new Set(previous.components.map((use) => use.attributes.data).filter((ref): ref is string => !!ref && !ref.includes("/")));
  for (const name of datasets) {
    const source = join(paths.data, previous.gemeente, previous.frontmatter.kwartaal, `${name}.json`);
    const json = await readFile(source, "utf8").catch(() => undefined);
    if (json !== undefined) files.push({ path: join(paths.data, previous.gemeente, kwartaal, `${name}.json`), text: nextDataset(json, from, quarter), note: `kopie uit ${previous.frontmatter.kwartaal}, gemarkeerd als voorbeelddata`, shared: true });
  }
  // A chart spec beside the previous note is not found from another year's folder: copy it along.
  if (quarter.year !== previous.year) {
    const specs = new Set(previous.components.map((use) => use.attributes.grafiek).filter((name): name is string => !!name));
    for (const name of specs) {
      const [beside] = chartSpecCandidates(previous, name, paths);
      const spec = await readFile(beside!, "utf8").catch(() => undefined);
      if (spec !== undefined) files.push({ path: join(noteDir, `${name}.vl.json`), text: spec, shared: true });
    }
  }
  return files;
}

/** A skeleton note; a bijlage belongs to the gemeente's note in the same quarter, or else its latest. */
function firstOfKind(kind: Kind, quarter: Quarter, gemeente: string, notes: Note[], raad: string, paths: ProjectPaths): NewFile {
  const kwartaal = `${quarter.year}-Q${quarter.q}`;
  let bij: string | undefined;
  if (kind === "bijlage") {
    const main = notes
      .filter((n) => n.frontmatter.soort !== "bijlage")
      .sort((a, b) => Number(b.frontmatter.kwartaal === kwartaal) - Number(a.frontmatter.kwartaal === kwartaal) || b.frontmatter.datum.localeCompare(a.frontmatter.datum))[0];
    if (!main) throw new NotaError([{ file: relative(paths.root, paths.content), origin: ORIGIN, message: "een bijlage hoort bij een notitie; maak eerst die notitie" }]);
    bij = `${main.year}/${main.slug}`;
  }
  return { path: join(paths.content, gemeente, quarter.year, `${kind}-${quarter.year}-q${quarter.q}.mdx`), text: skeletonNote(kind, quarter, { raad }, bij), note: bij ? `bij ${bij}` : undefined };
}
