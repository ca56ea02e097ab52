import { posix } from "node:path";
import { inner, QUARTER_PATTERN, SLUG_PATTERN } from "../schema.ts";
import type { Note } from "./load.ts";

// The one place that decides what a note may reference: its datasets, its chart specs, its
// images and its links. Every loader goes through these rules; nothing else is reachable.

type NotePlace = Pick<Note, "gemeente" | "year">;

const DATASET_REF = new RegExp(`^(?:${inner(QUARTER_PATTERN)}/)?${inner(SLUG_PATTERN)}$`);

/** `clienten` or `2021-Q4/clienten`; anything else (a path, `..`) is refused. */
export function datasetRefProblem(ref: string): string | undefined {
  return DATASET_REF.test(ref) ? undefined : `'${ref}' is geen datasetnaam: verwacht een naam als clienten of 2021-Q4/clienten (kleine letters, cijfers en streepjes)`;
}

/** A chart spec is named, never given as a path: `lijn-jaarvergelijking`. */
export function specRefProblem(ref: string): string | undefined {
  return SLUG_PATTERN.test(ref) ? undefined : `'${ref}' is geen grafieknaam: verwacht een naam als lijn-jaarvergelijking (kleine letters, cijfers en streepjes)`;
}

/**
 * `data="clienten"` names a dataset in the note's own quarter; `data="2021-Q4/clienten"`
 * one in another quarter of the same gemeente.
 */
export function datasetKey(note: Pick<Note, "gemeente"> & { frontmatter: { kwartaal: string } }, ref: string): string {
  return ref.includes("/") ? `${note.gemeente}/${ref}` : `${note.gemeente}/${note.frontmatter.kwartaal}/${ref}`;
}

/** Where a chart spec may live: beside the note first, then in the shared templates. */
export function chartSpecCandidates(note: NotePlace, name: string, dirs: { content: string; templates: string }): string[] {
  return [`${dirs.content}/${note.gemeente}/${note.year}/${name}.vl.json`, `${dirs.templates}/charts/${name}.vl.json`];
}

/** The schemes a link in a note may use; everything else (javascript:, data:, file:, …) is refused. */
const LINK_SCHEMES = ["http", "https", "mailto", "tel"];

/** What is wrong with a link's address, if anything. Relative addresses and fragments are fine. */
export function linkProblem(url: string): string | undefined {
  // Browsers ignore control characters and white space inside a scheme (`java\tscript:`).
  const compact = url.replace(/[\u0000-\u0020\u007f-\u009f]/g, "");
  if (/^[/\\]{2}|^\\/.test(compact)) return `link '${url}': schrijf een extern adres voluit met https://`;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(compact)?.[1]?.toLowerCase();
  if (scheme !== undefined && !LINK_SCHEMES.includes(scheme)) return `link '${url}': alleen http(s)-, mailto- en tel-links zijn toegestaan, geen ${scheme}:`;
  return undefined;
}

/** Picture types a note may show, by extension, with the bytes each file must start with. */
export const IMAGE_TYPES: Record<string, { mime: string; magic?: number[][] }> = {
  png: { mime: "image/png", magic: [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]] },
  jpg: { mime: "image/jpeg", magic: [[0xff, 0xd8, 0xff]] },
  jpeg: { mime: "image/jpeg", magic: [[0xff, 0xd8, 0xff]] },
  gif: { mime: "image/gif", magic: [[0x47, 0x49, 0x46, 0x38]] },
  webp: { mime: "image/webp", magic: [[0x52, 0x49, 0x46, 0x46]] },
  svg: { mime: "image/svg+xml" },
};

/** An image a note shows: the file it comes from (relative to the archive root) and its published address. */
export interface ImageTarget {
  file: string;
  url: string;
}

/**
 * `![…](kaart.png)` is a picture in the note's own folder (`content/<gemeente>/<jaar>/`),
 * `![…](/afbeeldingen/logo.png)` one in the gemeente's `data/<gemeente>/afbeeldingen/`.
 * Nothing else: no other folder, no `..`, no address on another site, no module.
 */
export function imageTarget(note: NotePlace & Pick<Note, "slug">, url: string): ImageTarget | { problem: string } {
  const shared = url.startsWith("/afbeeldingen/");
  const path = shared ? url.slice("/afbeeldingen/".length) : url.replace(/^\.\//, "");
  const segments = path.split("/");
  const extension = /\.([a-z]+)$/i.exec(path)?.[1]?.toLowerCase();
  if (/^[a-z][a-z0-9+.-]*:|^[/\\]/i.test(path)) {
    return { problem: `afbeelding '${url}': alleen afbeeldingen uit de map van de notitie of uit data/${note.gemeente}/afbeeldingen/ (schrijf /afbeeldingen/…), geen adres op een andere plek` };
  }
  if (segments.some((s) => !/^[A-Za-z0-9_][A-Za-z0-9._-]*$/.test(s))) {
    return { problem: `afbeelding '${url}': een afbeeldingspad bestaat uit gewone bestandsnamen (letters, cijfers, . _ -), zonder .. of verborgen mappen` };
  }
  if (!extension || !Object.hasOwn(IMAGE_TYPES, extension)) {
    return { problem: `afbeelding '${url}': alleen ${Object.keys(IMAGE_TYPES).join(", ")} zijn toegestaan` };
  }
  return shared
    ? { file: posix.join("data", note.gemeente, "afbeeldingen", path), url: `/${note.gemeente}/afbeeldingen/${path}` }
    : { file: posix.join("content", note.gemeente, note.year, path), url: `/${note.gemeente}/${note.year}/${note.slug}/${path}` };
}
