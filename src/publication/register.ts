import { createHash } from "node:crypto";
import { mkdir, readdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { readEach } from "../concurrency.ts";
import type { Diagnostic, ErrorCode } from "../errors.ts";
import { isDiagnostic, readJson, validateJson } from "../json.ts";
import type { ProjectPaths } from "../paths.ts";
import { z } from "../schema.ts";

/**
 * The publication register: per note a folder `publicaties/<gemeente>/<jaar>/<slug>/` with
 * `versies.json` (every published version: when, what the signature says, the hashes of its
 * sources and of its signed PDF) and, per version, the signed PDF (`v1.pdf`), the page as it was
 * published (`v1.html`) and the note's text (`v1.mdx`). The build writes it; the griffie commits it.
 * A published version is served from here ever after, byte for byte.
 */
const ORIGIN: ErrorCode = "nota:register";
const REGISTER_FILE = "versies.json";
const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, { error: "verwacht een SHA-256 in hex" });

const versionSchema = z
  .object({
    versie: z.number().int().min(1),
    /** When this version was signed and made public (ISO 8601, UTC). */
    gepubliceerd: z.iso.datetime(),
    /** What the signature says (its /Reason). */
    reden: z.string().min(1),
    /** SHA-256 of each source, by path: the note's text, its datasets and its chart specs. */
    bronnen: z.record(z.string(), sha256Hex),
    pdf: z.object({ bestand: z.string().min(1), sha256: sha256Hex, bytes: z.number().int().positive() }).strict(),
    pagina: z.string().min(1),
    tekst: z.string().min(1),
  })
  .strict();

const registerSchema = z.object({ notitie: z.string().min(1), versies: z.array(versionSchema).min(1) }).strict();

export type RegisteredVersion = z.output<typeof versionSchema>;

export interface NoteRegister {
  /** The note's id, `<gemeente>/<jaar>/<slug>`. */
  id: string;
  /** `publicaties/<gemeente>/<jaar>/<slug>`, relative to the archive root. */
  folder: string;
  /** Oldest first. */
  versions: RegisteredVersion[];
}

export const registerFolder = (paths: Pick<ProjectPaths, "register">, id: string) => join(paths.register, id);

export const hashBytes = (bytes: string | Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/**
 * Reads every note's register under `publicaties/` (of one gemeente, if given). Problems with a
 * register file (broken JSON, unknown fields, versions out of order) are diagnostics.
 */
export async function readRegister(paths: ProjectPaths, gemeente?: string): Promise<{ registers: Map<string, NoteRegister>; diagnostics: Diagnostic[] }> {
  const registers = new Map<string, NoteRegister>();
  const base = gemeente ? join(paths.register, gemeente) : paths.register;
  const entries = await readdir(base, { recursive: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return [] as string[];
    throw error;
  });
  const files = entries.filter((e) => e.split(/[\\/]/).at(-1) === REGISTER_FILE).sort();
  // Every registered PDF is hashed again on every run: a changed PDF is found before anything is published.
  const read = await readEach(files, (entry, problems) => readNoteRegister(join(base, entry), paths, problems));
  for (const register of read.results) if (register) registers.set(register.id, register);
  return { registers, diagnostics: read.diagnostics };
}

async function readNoteRegister(file: string, paths: ProjectPaths, diagnostics: Diagnostic[]): Promise<NoteRegister | undefined> {
  const folder = relative(paths.root, dirname(file));
  const id = relative(paths.register, dirname(file)).split(/[\\/]/).join("/");
  const source = await readJson(file, ORIGIN);
  if (isDiagnostic(source)) {
    diagnostics.push(source);
    return undefined;
  }
  const result = validateJson(source, registerSchema, ORIGIN);
  if ("diagnostics" in result) {
    diagnostics.push(...result.diagnostics);
    return undefined;
  }
  const { notitie, versies } = result.data;
  if (notitie !== id) diagnostics.push({ file, origin: ORIGIN, field: "notitie", message: `het register van ${id} noemt notitie '${notitie}'` });
  else if (versies.some((v, i) => v.versie !== i + 1)) diagnostics.push({ file, origin: ORIGIN, field: "versies", message: "de versies staan niet op volgorde 1, 2, 3, …" });
  else {
    const register = { id, folder, versions: versies };
    for (const version of versies) {
      const pdf = await registeredPdf(paths, register, version);
      const page = await registeredPage(paths, register, version);
      for (const problem of [pdf, page]) if (typeof problem === "object" && !Buffer.isBuffer(problem)) diagnostics.push(problem);
    }
    return register;
  }
  return undefined;
}

/** The signed PDF of a registered version, checked against the hash the register holds. */
export async function registeredPdf(paths: ProjectPaths, register: NoteRegister, version: RegisteredVersion): Promise<Buffer | Diagnostic> {
  const file = join(register.folder, version.pdf.bestand);
  const bytes = await readFile(join(paths.root, file)).catch(() => undefined);
  if (!bytes) return { file, origin: ORIGIN, message: `de ondertekende PDF van versie ${version.versie} ontbreekt; zet hem terug uit git` };
  if (hashBytes(bytes) !== version.pdf.sha256) return { file, origin: ORIGIN, message: `de PDF van versie ${version.versie} is veranderd sinds de publicatie (SHA-256 klopt niet met ${REGISTER_FILE}); zet hem terug uit git` };
  return bytes;
}

/** The page of a registered version as it was published. */
export async function registeredPage(paths: ProjectPaths, register: NoteRegister, version: RegisteredVersion): Promise<string | Diagnostic> {
  const file = join(register.folder, version.pagina);
  return readFile(join(paths.root, file), "utf8").catch(() => ({ file, origin: ORIGIN, message: `de pagina van versie ${version.versie} ontbreekt; zet hem terug uit git` }));
}

/** The note's text as it was when a version was published, if kept. */
export async function registeredText(paths: ProjectPaths, register: NoteRegister, version: RegisteredVersion): Promise<string | undefined> {
  return readFile(join(paths.root, register.folder, version.tekst), "utf8").catch(() => undefined);
}

/** A version published in this build, with the files it keeps. */
export interface NewVersion {
  id: string;
  version: Omit<RegisteredVersion, "pdf" | "pagina" | "tekst">;
  pdf: Uint8Array;
  page: string;
  text: string;
}

/** Adds a published version to its note's register: first its files, then `versies.json`. */
export async function recordVersion(paths: ProjectPaths, added: NewVersion): Promise<string> {
  const folder = registerFolder(paths, added.id);
  await mkdir(folder, { recursive: true });
  const n = added.version.versie;
  const files = { pdf: `v${n}.pdf`, pagina: `v${n}.html`, tekst: `v${n}.mdx` };
  await writeFile(join(folder, files.pdf), added.pdf);
  await writeFile(join(folder, files.pagina), added.page);
  await writeFile(join(folder, files.tekst), added.text);
  const registerFile = join(folder, REGISTER_FILE);
  const existing = await readFile(registerFile, "utf8").then((text) => registerSchema.parse(JSON.parse(text)).versies, () => []);
  const version: RegisteredVersion = { ...added.version, pdf: { bestand: files.pdf, sha256: hashBytes(added.pdf), bytes: added.pdf.byteLength }, pagina: files.pagina, tekst: files.tekst };
  const versies = [...existing.filter((v) => v.versie < n), version];
  const temporary = `${registerFile}.${process.pid}`;
  await writeFile(temporary, `${JSON.stringify({ notitie: added.id, versies }, null, 2)}\n`);
  await rename(temporary, registerFile);
  return relative(paths.root, registerFile);
}
