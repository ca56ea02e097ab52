import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { codeFingerprint, sha256, type BuildCache } from "../cache.ts";
import { forEachFile } from "../concurrency.ts";
import { NotaError } from "../errors.ts";
import { PACKAGE_ROOT } from "../paths.ts";
import type { SiteInput } from "./input.ts";
import { notePageKey, wooRecordKey } from "./lib/page-keys.ts";
import { Site } from "./lib/site-model.ts";
import { wooRecordUrl } from "./lib/urls.ts";

/**
 * Each note's own files (its page and Woo record) from an earlier build, when the note's keys
 * (lib/page-keys.ts: the note, its data, charts, series and publication) and the site's code are
 * the same. Astro renders only the other notes, and compiles only their MDX: without this, Astro
 * bundled every note of the archive to render one changed page.
 */
export class NotePages {
  private readonly cache: BuildCache;
  /** Per note this build shows a page of: its cache key and the files of its own it has in the site. */
  private readonly notes: Map<string, { key: string; files: string[] }>;
  /** The notes whose files an earlier build made (read only when they are written, to keep them out of memory while Astro runs). */
  private readonly kept: Set<string>;

  private constructor(cache: BuildCache, notes: Map<string, { key: string; files: string[] }>, kept: Set<string>) {
    this.cache = cache;
    this.notes = notes;
    this.kept = kept;
  }

  static async open(input: SiteInput, cache: BuildCache, variant = ""): Promise<NotePages> {
    const site = new Site(input);
    const code = await siteCodeVersion();
    const notes = new Map<string, { key: string; files: string[] }>();
    const kept = new Set<string>();
    for (const note of site.notes.filter((n) => site.rendersPage(n))) {
      const key = sha256("notitiepagina", code, variant, notePageKey(site, note), wooRecordKey(site, note));
      notes.set(note.id, { key, files: [`${note.id}/index.html`, ...(site.hasPdf(note) ? [wooRecordUrl(note).slice(1)] : [])] });
    }
    await forEachFile([...notes], async ([id, { key }]) => {
      if (await cache.has(key)) kept.add(id);
    });
    return new NotePages(cache, notes, kept);
  }

  /** Whether Astro renders every note's page in this build (the first build, or after a change to nota's code). */
  get rendersEveryNote(): boolean {
    return this.kept.size === 0;
  }

  /** The notes whose pages Astro renders in this build. */
  get rendered(): string[] {
    return [...this.notes.keys()].filter((id) => !this.kept.has(id)).sort();
  }

  /** Keeps the files Astro rendered into `dir` for these notes, for the rest of this build and the next. */
  async store(ids: string[], dir: string): Promise<void> {
    await forEachFile(ids, async (id) => {
      const { key, files } = this.notes.get(id)!;
      const texts: Record<string, string> = {};
      for (const path of files) {
        const text = await readFile(join(dir, path), "utf8").catch(() => undefined);
        if (text === undefined) throw new NotaError([{ origin: "nota:site", message: `de sitebouw maakte ${path} niet` }]);
        texts[path] = text;
      }
      await this.cache.put(key, Buffer.from(JSON.stringify(texts)));
    });
  }

  /** Writes the files of every note that Astro did not render into `outDir` itself (`present`) from the cache. */
  async complete(outDir: string, present: string[]): Promise<void> {
    const inPlace = new Set(present);
    await forEachFile([...this.notes].filter(([id]) => !inPlace.has(id)), async ([id, { key }]) => {
      const entry = await this.cache.get(key);
      if (!entry) throw new NotaError([{ origin: "nota:site", message: `de bewaarde pagina van ${id} is tijdens de build verdwenen uit .nota/cache; bouw opnieuw` }]);
      for (const [path, text] of Object.entries(JSON.parse(entry.toString("utf8")) as Record<string, string>)) {
        await mkdir(dirname(join(outDir, path)), { recursive: true });
        await writeFile(join(outDir, path), text);
      }
    });
  }
}

let codeVersion: Promise<string> | undefined;

/**
 * The code a note page is made with: the packages the site build uses (Astro, its MDX integration,
 * the markdown pipeline; through the module graph) and every file of nota's sources and templates.
 * Astro components are no ES modules the module graph could follow, so all of `src/` and
 * `templates/` count: a change anywhere renders every page again, never too few.
 */
function siteCodeVersion(): Promise<string> {
  codeVersion ??= (async () => {
    const parts = [await codeFingerprint(new URL("./config.ts", import.meta.url))];
    for (const folder of ["src", "templates"]) {
      const base = join(PACKAGE_ROOT, folder);
      const entries = await readdir(base, { recursive: true, withFileTypes: true });
      for (const entry of entries.filter((e) => e.isFile()).sort((a, b) => join(a.parentPath, a.name).localeCompare(join(b.parentPath, b.name)))) {
        const file = join(entry.parentPath, entry.name);
        parts.push(relative(PACKAGE_ROOT, file), sha256(await readFile(file)));
      }
    }
    return sha256(...parts);
  })();
  return codeVersion;
}
