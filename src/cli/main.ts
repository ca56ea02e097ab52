import { writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { checkArchive } from "../archive.ts";
import { formatReport, NotaError, usageError } from "../errors.ts";
import { refuseOtherRequests } from "../network.ts";
import { projectPaths, type ProjectPaths } from "../paths.ts";
import { consoleProgress, type Progress } from "../progress.ts";
import type { BuildOptions } from "../build.ts";
import { formatMoment, parseMoment } from "../publication/moment.ts";
import type { NoteState } from "../publication/plan.ts";
import { readSettings, type Settings } from "../settings.ts";
import { parseShard } from "../shard/assign.ts";
import { newCommand } from "./new.ts";

const HELP = `nota — raadsinformatie als site en ondertekende PDF's

Gebruik:
  nota check [--per moment]          controleer profielen, notities, datasets, grafieken en het publicatieregister
  nota build [--gemeente g] [--no-pdf] [--release] [--per moment]
                                     bouw het archief: valideren → publicatie → grafieken → site → PDF's → handtekeningen → register
  nota build --shard i/n --out <map> bouw deel i van n van het archief (per gemeente, een grote gemeente per notitie) voor nota merge
  nota merge <deel>... --out <map>   voeg de delen samen tot één archief: gedeelde pagina's één keer, zoekindex over alles
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
  if (!moment) throw usageError(`'${text}' is geen moment; schrijf het in Nederlandse tijd als 2026-12-15T10:00 of 2026-12-15`, "--per");
  return moment;
}

const OPTIONS = {
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
  shard: { type: "string" },
  dataset: { type: "string" },
  ja: { type: "boolean" },
  online: { type: "boolean" },
} as const;

/** The command line, or a usage error in Dutch that names the option parseArgs refused. */
function parseArguments(argv: string[]) {
  try {
    return parseArgs({ args: argv, allowPositionals: true, options: OPTIONS });
  } catch (error) {
    if (!String((error as NodeJS.ErrnoException).code).startsWith("ERR_PARSE_ARGS_")) throw error;
    const { tokens } = parseArgs({ args: argv, allowPositionals: true, options: OPTIONS, strict: false, tokens: true });
    for (const token of tokens) {
      if (token.kind !== "option") continue;
      const option = (OPTIONS as Record<string, { type: "string" | "boolean" }>)[token.name];
      if (!option) throw usageError(`onbekende optie '${token.rawName}'`, token.rawName);
      if (option.type === "string" && (token.value === undefined || (!token.inlineValue && token.value.startsWith("-")))) throw usageError(`optie '${token.rawName}' vraagt een waarde`, token.rawName);
      if (option.type === "boolean" && token.value !== undefined) throw usageError(`optie '${token.rawName}' heeft geen waarde`, token.rawName);
    }
    throw error;
  }
}

function portOption(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d{1,5}$/.test(text) || Number(text) > 65535) throw usageError(`'${text}' is geen poortnummer; kies een getal als 4321`, "--port");
  return Number(text);
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArguments(argv);
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
  const settings = readSettings(process.env);
  const root = values.root ?? settings.root;
  // A preview never goes into the published folder.
  const paths = projectPaths(root, values.out ?? (values.concepten ? "dist-concepten" : settings.out));
  if (values.concepten && paths.out === projectPaths(root, settings.out).out) {
    throw usageError(`een voorvertoning met concepten komt niet in de gepubliceerde map ${paths.out}; kies een andere --out`, "--out");
  }
  const per = momentOption(values.per);
  // Each command loads its own modules: Astro, PDF and signing would slow every `nota check`.
  const progress = consoleProgress(process.stderr, { quiet: values.quiet, redraw: !settings.ci });
  switch (command) {
    case "check": {
      const moment = per ?? new Date();
      const { archive, plan, diagnostics } = await checkArchive(paths, { gemeente: values.gemeente, publication: { moment, preview: false } });
      if (diagnostics.length > 0) throw new NotaError(diagnostics);
      process.stdout.write(`In orde: ${archive.profiles.size} gemeenten, ${archive.notes.length} notities (${plan.counts.openbaar} openbaar), ${archive.datasets.size} datasets, ${archive.specs.size} grafiekspecificaties.\n${leftOut(plan.counts, moment)}`);
      return 0;
    }
    case "build": {
      if (values.shard !== undefined && values.gemeente !== undefined) throw usageError("--shard en --gemeente gaan niet samen: een deel kiest zelf zijn gemeenten", "--shard");
      const shard = values.shard === undefined ? undefined : parseShard(values.shard);
      const options = { shard, gemeente: values.gemeente, pdf: !values["no-pdf"], release: !!values.release, per, preview: !!values.concepten, siteUrl: settings.siteUrl, timestampUrl: settings.timestampUrl, colourProfile: settings.colourProfile, notesPerRun: settings.notesPerRun };
      const report = await build(paths, options, progress, settings);
      const { pdfs, signatures } = report;
      const kind = `${options.preview ? "Voorvertoning gebouwd (niets ondertekend)" : "Gebouwd"}${shard ? ` (deel ${shard.index}/${shard.count})` : ""}`;
      process.stdout.write(`${kind}: ${report.notes} notities, ${report.charts} grafieken, ${pdfs.rendered} PDF's gemaakt en ${signatures.signed} ondertekend (${pdfs.reused} en ${signatures.reused} uit de cache, ${pdfs.registered} uit het publicatieregister) → ${paths.out}\n`);
      if (!options.preview) process.stdout.write(leftOut(report.states, per ?? new Date()));
      if (report.recorded.length > 0) process.stdout.write(`Gepubliceerd en vastgelegd in het publicatieregister (leg deze vast in git):\n${report.recorded.map((file) => `  ${file}\n`).join("")}`);
      if (values.report) await writeFile(values.report, `${JSON.stringify(report, null, 2)}\n`);
      return 0;
    }
    case "merge": {
      const parts = positionals.slice(1);
      if (parts.length === 0) throw usageError("geen delen genoemd; gebruik: nota merge <deel>... --out <map>");
      const { mergeShards } = await import("../shard/merge.ts");
      const report = await interruptible((signal) => mergeShards(parts, paths.out, { publishedOut: projectPaths(root, settings.out).out, progress, signal }));
      process.stdout.write(`Samengevoegd: ${report.parts} delen, ${report.notes} notities, ${report.files} bestanden (waarvan ${report.shared} door meer dan één deel gemaakt, overal gelijk) en de zoekindex → ${paths.out}\n`);
      if (report.recorded.length > 0) process.stdout.write(`Vastgelegd in het publicatieregister door de delen (leg deze vast in git):\n${report.recorded.map((file) => `  ${file}\n`).join("")}`);
      return 0;
    }
    case "dev": {
      const { devCommand } = await import("./dev.ts");
      return devCommand(paths, { port: portOption(values.port), siteUrl: settings.siteUrl });
    }
    case "verify": {
      const target = positionals[1];
      if (!target) throw usageError("geen PDF of map genoemd; gebruik: nota verify <pdf|map> [--vertrouwd ca.pem]");
      const { verifyCommand } = await import("./verify.ts");
      return verifyCommand(target, [...(values.vertrouwd ?? []), ...settings.trustRoots], paths, process.stdout);
    }
    case "import": {
      const { importCommand } = await import("./import.ts");
      const options = { gemeente: values.gemeente, kwartaal: values.kwartaal, dataset: values.dataset, ja: values.ja, online: values.online, per };
      return importCommand(positionals.slice(1), options, paths, { out: process.stdout, err: process.stderr, input: process.stdin });
    }
    case "new":
      return newCommand(positionals[1], { gemeente: values.gemeente, kwartaal: values.kwartaal }, paths, process.stdout);
    default:
      throw usageError(`onbekend commando '${command}'; bekend zijn: check, build, merge, dev, verify, new, import`);
  }
}

/** A build with the real effects. */
async function build(paths: ProjectPaths, options: BuildOptions, progress: Progress, settings: Settings) {
  const [{ buildArchive }, { AstroProcess, buildSite }, { findBrowser, launchBrowser }] = await Promise.all([import("../build.ts"), import("../site/build-site.ts"), import("../pdf/browser.ts")]);
  // Astro loads while the archive is validated.
  const astro = new AstroProcess();
  return interruptible((signal) => buildArchive(paths, options, { progress, now: () => new Date(), buildSite: (site, sitePaths) => buildSite({ ...site, astro }, sitePaths), launchBrowser: () => launchBrowser(findBrowser(settings.browser)), secret: (variable) => process.env[variable], signal }));
}

/** Work that writes into an output folder: Ctrl-C or a SIGTERM gives up its staging and locks, then ends nota. */
async function interruptible<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const interrupted = new AbortController();
  const interrupt = (signal: NodeJS.Signals) => {
    interrupted.abort();
    process.exit(signal === "SIGINT" ? 130 : 143);
  };
  process.once("SIGINT", interrupt).once("SIGTERM", interrupt);
  try {
    return await work(interrupted.signal);
  } finally {
    process.off("SIGINT", interrupt).off("SIGTERM", interrupt);
  }
}

refuseOtherRequests();
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof NotaError) {
      process.stderr.write(formatReport(error.diagnostics));
      process.exit(error.exitCode);
    }
    process.stderr.write(`nota: onverwachte fout: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
