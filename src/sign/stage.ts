import { readFile, writeFile } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import type { PreparedArchive } from "../archive.ts";
import { codeFingerprint, sha256, type BuildCache } from "../cache.ts";
import type { Note } from "../content/load.ts";
import { datasetKey } from "../content/references.ts";
import { NotaError, type Diagnostic } from "../errors.ts";
import { formatDate } from "../format/dutch.ts";
import { locate } from "../json.ts";
import type { ProjectPaths } from "../paths.ts";
import { pdfPath } from "../pdf/stage.ts";
import type { Profile } from "../profiles/schema.ts";
import type { Progress } from "../progress.ts";
import { certificateProblems, openPkcs12, type SigningKey } from "./keys.ts";
import { signPdf } from "./sign-pdf.ts";
import { ensureTestPki, readPassphraseFile } from "./test-pki.ts";
import { TimestampError } from "./tsa.ts";

export function testPkiDir(paths: ProjectPaths): string {
  return join(paths.work, "test-pki");
}

/**
 * Opens the signing key of every gemeente that has notes to sign in this build, before any PDF
 * is made. A gemeente without a configured certificate gets a generated test certificate, which
 * release mode refuses; release mode also refuses to sign a note whose data are example figures.
 */
export async function openSigningKeys(archive: PreparedArchive, notes: Note[], paths: ProjectPaths, options: { release: boolean; secret: (variable: string) => string | undefined }, progress: Progress): Promise<Map<string, SigningKey>> {
  // What release mode refuses is reported together: example figures and unfit certificates.
  const diagnostics: Diagnostic[] = options.release ? await exampleDataProblems(archive, notes, paths) : [];
  const gemeenten = [...new Set(notes.map((n) => n.gemeente))].map((g) => archive.gemeenten.get(g)!);
  const unconfigured = gemeenten.filter((p) => !p.certificaat);
  if (options.release && unconfigured.length > 0) {
    throw new NotaError([...diagnostics, ...unconfigured.map((p): Diagnostic => ({ file: `data/${p.slug}/profiel.json`, origin: "nota:certificaat", field: "certificaat", message: `gemeente ${p.naam}: --release vraagt een echt certificaat; er is er geen ingesteld` }))]);
  }
  const keys = new Map<string, SigningKey>();
  if (unconfigured.length > 0) {
    const { pki, created } = await ensureTestPki(testPkiDir(paths), unconfigured);
    if (created.length > 0) progress.info(`testcertificaten gemaakt in ${pki.dir} (TESTCERTIFICAAT — niet voor productie)`);
    const passphrase = await readPassphraseFile(pki.passphraseFile);
    for (const profile of unconfigured) keys.set(profile.slug, await openPkcs12(profile, pki.pkcs12For(profile.slug), passphrase));
    progress.info(`ondertekend met testcertificaten voor: ${unconfigured.map((p) => p.naam).join(", ")}`);
  }
  for (const profile of gemeenten.filter((p) => p.certificaat)) {
    const key = await openPkcs12(profile, resolve(paths.root, profile.certificaat!.pkcs12), await passphraseFor(profile, paths, options.secret));
    keys.set(profile.slug, key);
  }
  for (const profile of gemeenten) diagnostics.push(...certificateProblems(keys.get(profile.slug)!, profile, options));
  if (diagnostics.length > 0) throw new NotaError(diagnostics);
  return keys;
}

/** The passphrase comes from the environment or a file outside git, never from the profile itself. */
async function passphraseFor(profile: Profile, paths: ProjectPaths, secret: (variable: string) => string | undefined): Promise<string> {
  const settings = profile.certificaat!;
  const variable = settings.wachtwoordEnv ?? `NOTA_WACHTWOORD_${profile.slug.toUpperCase().replace(/-/g, "_")}`;
  if (settings.wachtwoordBestand) {
    const file = resolve(paths.root, settings.wachtwoordBestand);
    return readPassphraseFile(file).catch(() => {
      throw new NotaError([{ file, origin: "nota:certificaat", field: "certificaat.wachtwoordBestand", message: `gemeente ${profile.naam}: wachtwoordbestand niet leesbaar` }]);
    });
  }
  const value = secret(variable);
  if (!value) throw new NotaError([{ file: `data/${profile.slug}/profiel.json`, origin: "nota:certificaat", field: "certificaat.wachtwoordEnv", message: `gemeente ${profile.naam}: zet het wachtwoord van het certificaat in de omgevingsvariabele ${variable}` }]);
  return value;
}

/** Datasets still marked as example figures (`voorbeelddata`) in the notes to sign: --release signs none of them. */
async function exampleDataProblems(archive: PreparedArchive, notes: Note[], paths: ProjectPaths): Promise<Diagnostic[]> {
  const problems: Diagnostic[] = [];
  for (const note of notes) {
    for (const key of new Set(note.components.flatMap((use) => (use.attributes.data ? [datasetKey(note, use.attributes.data)] : [])))) {
      const dataset = archive.datasets.get(key);
      if (!dataset?.voorbeelddata) continue;
      const at = locate({ text: await readFile(dataset.file, "utf8") }, ["voorbeelddata"]);
      problems.push({ file: relative(paths.root, dataset.file), ...at, field: "voorbeelddata", origin: "nota:release", message: `--release ondertekent notitie ${note.id} (${note.file}) niet: deze dataset is nog gemarkeerd als voorbeelddata; zet de echte cijfers erin en haal "voorbeelddata": true weg` });
    }
  }
  return problems;
}

/**
 * What the signature dictionary says: who issued the note, where, and in what capacity: adopted by
 * the college, issued, or corrected (the version and the reason).
 */
export function signatureFields(note: Note, profile: Profile, signingTime: Date) {
  const { status, besluit, datum, correcties } = note.frontmatter;
  const correctie = correcties?.at(-1);
  const reason = correctie
    ? `Gecorrigeerd door het ${profile.college} op ${formatDate(correctie.datum)} (versie ${correcties!.length + 1}): ${correctie.reden}`
    : status === "vastgesteld" && besluit
      ? `Vastgesteld door het ${profile.college} op ${formatDate(besluit.datum)}`
      : `Uitgegeven door het ${profile.college} op ${formatDate(datum)}`;
  return { reason, location: profile.naam, name: `Gemeente ${profile.naam}`, contactInfo: profile.adres, signingTime };
}

/**
 * Signs every PDF in place in the staging folder; one failure fails the build. A PDF signed
 * in an earlier build with the same bytes, certificate and settings is taken from the cache.
 */
export interface SigningStage {
  archive: PreparedArchive;
  notes: Note[];
  keys: Map<string, SigningKey>;
  siteDir: string;
  cache: BuildCache;
  progress: Progress;
  signingTime: Date;
  /** The time-stamp service for gemeenten whose profile names none. */
  timestampUrl?: string;
}

export async function signPdfs({ archive, notes, keys, siteDir, cache, progress, signingTime, timestampUrl: defaultTimestampUrl }: SigningStage): Promise<{ signed: number; reused: number }> {
  progress.start("handtekeningen", notes.length);
  // The code that makes a signature: a change to it makes cached signed PDFs stale.
  const version = await codeFingerprint(new URL("./sign-pdf.ts", import.meta.url));
  let signed = 0;
  for (const note of notes) {
    const profile = archive.gemeenten.get(note.gemeente)!;
    const key = keys.get(note.gemeente)!;
    const file = pdfPath(siteDir, note);
    const unsigned = await readFile(file);
    const timestampUrl = profile.tijdstempelUrl ?? defaultTimestampUrl;
    const fields = signatureFields(note, profile, signingTime);
    const cacheKey = sha256("signed", version, unsigned, key.certificate.fingerprint256, timestampUrl ?? "", JSON.stringify({ ...fields, signingTime: undefined }));
    const cached = await cache.get(cacheKey);
    if (cached) {
      await writeFile(file, cached);
    } else {
      const bytes = await signPdf(unsigned, key, fields, { timestampUrl }).catch((error: unknown) => {
        if (!(error instanceof TimestampError)) throw error;
        const setting = profile.tijdstempelUrl ? { file: `data/${profile.slug}/profiel.json`, field: "tijdstempelUrl" } : { field: "NOTA_TSA_URL" };
        throw new NotaError([{ ...setting, origin: "nota:tijdstempel", message: `gemeente ${profile.naam}, ${note.id}: ${error.message}` }]);
      });
      await writeFile(file, bytes);
      await cache.put(cacheKey, bytes);
      signed++;
    }
    progress.tick(note.id);
  }
  progress.done(`${notes.length - signed} uit de cache`);
  return { signed, reused: notes.length - signed };
}
