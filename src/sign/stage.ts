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

/** What signing needs: the keys per gemeente, the staging folder whose PDFs are signed in place, the moment. */
export interface SigningStage {
  archive: PreparedArchive;
  keys: Map<string, SigningKey>;
  siteDir: string;
  cache: BuildCache;
  signingTime: Date;
  /** The time-stamp service for gemeenten whose profile names none. */
  timestampUrl?: string;
}

/**
 * Signs PDFs in place, one at a time, as they are added: the build adds each as it comes out of the
 * printer, so signing runs while the next pages print. A PDF signed in an earlier build with the
 * same bytes, certificate and settings is taken from the cache. One failure fails the build: `finish`
 * reports it; `stop` lets what is under way end and drops the rest (the build failed elsewhere).
 */
export class SigningQueue {
  private readonly stage: SigningStage;
  // A chain that never rejects: a failure is kept for `finish`, not left unhandled while printing goes on.
  private chain: Promise<void> = Promise.resolve();
  private failure: { error: unknown } | undefined;
  private stopped = false;
  private readonly added = new Set<string>();
  private completed = 0;
  private signed = 0;
  private progress: Progress | undefined;
  private version: Promise<string> | undefined;

  constructor(stage: SigningStage) {
    this.stage = stage;
  }

  add(note: Note): void {
    if (this.added.has(note.id)) return;
    this.added.add(note.id);
    this.chain = this.chain.then(async () => {
      if (this.failure || this.stopped) return;
      try {
        if (await this.sign(note)) this.signed++;
        this.completed++;
        this.progress?.tick(note.id);
      } catch (error) {
        this.failure = { error };
      }
    });
  }

  /** Signs what is still to come of `notes` and waits for all: how many were signed, how many came from the cache. */
  async finish(progress: Progress, notes: Note[]): Promise<{ signed: number; reused: number }> {
    for (const note of notes) this.add(note);
    progress.start("handtekeningen", this.added.size);
    for (let i = 0; i < this.completed; i++) progress.tick();
    this.progress = progress;
    await this.chain;
    if (this.failure) throw this.failure.error;
    progress.done(`${this.added.size - this.signed} uit de cache`);
    return { signed: this.signed, reused: this.added.size - this.signed };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.chain;
  }

  /** Signs one note's PDF in place; false when the signed PDF came from the cache. */
  private async sign(note: Note): Promise<boolean> {
    const { archive, keys, siteDir, cache, signingTime, timestampUrl: defaultTimestampUrl } = this.stage;
    const profile = archive.gemeenten.get(note.gemeente)!;
    const key = keys.get(note.gemeente)!;
    const file = pdfPath(siteDir, note);
    const unsigned = await readFile(file);
    const timestampUrl = profile.tijdstempelUrl ?? defaultTimestampUrl;
    const fields = signatureFields(note, profile, signingTime);
    // The code that makes a signature: a change to it makes cached signed PDFs stale.
    this.version ??= codeFingerprint(new URL("./sign-pdf.ts", import.meta.url));
    const cacheKey = sha256("signed", await this.version, unsigned, key.certificate.fingerprint256, timestampUrl ?? "", JSON.stringify({ ...fields, signingTime: undefined }));
    const cached = await cache.get(cacheKey);
    if (cached) {
      await writeFile(file, cached);
      return false;
    }
    const bytes = await signPdf(unsigned, key, fields, { timestampUrl }).catch((error: unknown) => {
      if (!(error instanceof TimestampError)) throw error;
      const setting = profile.tijdstempelUrl ? { file: `data/${profile.slug}/profiel.json`, field: "tijdstempelUrl" } : { field: "NOTA_TSA_URL" };
      throw new NotaError([{ ...setting, origin: "nota:tijdstempel", message: `gemeente ${profile.naam}, ${note.id}: ${error.message}` }]);
    });
    await writeFile(file, bytes);
    await cache.put(cacheKey, bytes);
    return true;
  }
}
