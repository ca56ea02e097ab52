import { writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { checkArchive } from "../archive.ts";
import { formatDiagnostic, NotaError } from "../errors.ts";
import { refuseOtherRequests } from "../network.ts";
import { projectPaths } from "../paths.ts";
import { consoleProgress } from "../progress.ts";
import { newCommand } from "./new.ts";

const HELP = `nota — raadsinformatie als site en ondertekende PDF's

Gebruik:
  nota check                         controleer profielen, notities, datasets en grafieken
  nota build [--gemeente g] [--no-pdf] [--release]
                                     bouw het archief: valideren → grafieken → site → PDF's → handtekeningen
  nota dev [--port 4321]             ontwikkelserver; herlaadt bij wijzigingen in notities, data en grafieken
  nota verify <pdf|map> [--vertrouwd ca.pem]
                                     controleer de handtekeningen: bereik, digest, CMS, keten
  nota new <soort> --gemeente g --kwartaal 2022-Q3
                                     nieuwe notitie: vervolg op de vorige van die soort, met kopieën van haar datasets
  nota --help                        deze hulp

Opties:
  --root <map>      het archief (standaard: de huidige map, of NOTA_ROOT)
  --out <map>       de uitvoermap (standaard: dist)
  --report <bestand> schrijf tijden per fase en aantallen als JSON (voor de benchmark)
`;

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
    },
  });
  const [command] = positionals;
  if (values.help || !command) {
    process.stdout.write(HELP);
    return command || values.help ? 0 : 2;
  }
  const paths = projectPaths(values.root, values.out);
  // Each command loads its own modules: Astro, PDF and signing would slow every `nota check`.
  const progress = consoleProgress(process.stderr, values.quiet);
  switch (command) {
    case "check": {
      const { archive, diagnostics } = await checkArchive(paths, { gemeente: values.gemeente });
      if (diagnostics.length > 0) throw new NotaError(diagnostics);
      process.stdout.write(`In orde: ${archive.profiles.size} gemeenten, ${archive.notes.length} notities, ${archive.datasets.size} datasets, ${archive.specs.size} grafiekspecificaties.\n`);
      return 0;
    }
    case "build": {
      const { buildArchive } = await import("../build.ts");
      const report = await buildArchive(paths, { gemeente: values.gemeente, pdf: !values["no-pdf"], release: !!values.release }, progress);
      process.stdout.write(`Gebouwd: ${report.notes} notities, ${report.charts} grafieken, ${report.pdfs.rendered} PDF's gemaakt en ${report.signatures.signed} ondertekend (${report.pdfs.reused} en ${report.signatures.reused} uit de cache) → ${paths.out}\n`);
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
