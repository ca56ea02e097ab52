import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { PreparedArchive } from "../archive.ts";
import { NotaError, type Diagnostic } from "../errors.ts";
import { escapeXml } from "../escape.ts";
import { formatDate } from "../format/dutch.ts";
import type { ProjectPaths } from "../paths.ts";
import { pdfPath } from "../pdf/stage.ts";
import { earlierPagePath, earlierPdfPath, notePdfUrl, noteUrl } from "../publication/addresses.ts";
import { formatDay } from "../publication/moment.ts";
import type { NotePlan } from "../publication/plan.ts";
import { recordVersion, registeredPage, registeredPdf } from "../publication/register.ts";
import { signatureFields } from "../sign/stage.ts";

/**
 * Published versions in the site: a current version published before comes from the register byte
 * for byte, and so do the PDF and page of every earlier version of a corrected note. Versions
 * signed in this build are added to the register.
 */

/** The signed PDFs of current versions published in an earlier build, from the register. */
export async function copyRegisteredPdfs(plans: NotePlan[], paths: ProjectPaths, siteDir: string): Promise<number> {
  const diagnostics: Diagnostic[] = [];
  const reused = plans.filter((p) => p.shown && p.pdf === "register");
  for (const plan of reused) {
    const bytes = await registeredPdf(paths, plan.register!, plan.register!.versions.at(-1)!);
    if (isProblem(bytes)) diagnostics.push(bytes);
    else await writeFile(pdfPath(siteDir, plan.note), bytes);
  }
  if (diagnostics.length > 0) throw new NotaError(diagnostics);
  return reused.length;
}

/** Each earlier version of a corrected note: its signed PDF and its page as published, marked as replaced. */
export async function serveEarlierVersions(archive: PreparedArchive, plans: NotePlan[], paths: ProjectPaths, siteDir: string): Promise<number> {
  const diagnostics: Diagnostic[] = [];
  let served = 0;
  for (const plan of plans.filter((p) => p.shown && p.register)) {
    const { note } = plan;
    for (const { versie } of archive.publication.get(note.id)!.earlier) {
      const version = plan.register!.versions[versie - 1]!;
      const page = await registeredPage(paths, plan.register!, version);
      const pdf = await registeredPdf(paths, plan.register!, version);
      if (isProblem(page)) diagnostics.push(page);
      if (isProblem(pdf)) diagnostics.push(pdf);
      if (isProblem(page) || isProblem(pdf)) continue;
      const correctie = note.frontmatter.correcties![versie - 1]!;
      const html = replacedPage(page, { id: note.id, versie, gepubliceerd: version.gepubliceerd, current: plan.versie, vervangen: correctie.datum, reden: correctie.reden });
      await write(join(siteDir, earlierPagePath(note.id, versie), "index.html"), html);
      await write(join(siteDir, earlierPdfPath(note.id, versie)), pdf);
      served++;
    }
  }
  if (diagnostics.length > 0) throw new NotaError(diagnostics);
  return served;
}

const isProblem = (value: Buffer | string | Diagnostic): value is Diagnostic => typeof value === "object" && !Buffer.isBuffer(value);

async function write(file: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, data);
}

/**
 * The page of an earlier version as it was published, with a notice at the top that a correction
 * replaced it (when and why, and a link to the current version), its PDF link pointing at its own
 * PDF, and left out of the search index (which holds current versions only).
 */
export function replacedPage(html: string, version: { id: string; versie: number; gepubliceerd: string; current: number; vervangen: string; reden: string }): string {
  const current = noteUrl(version);
  const notice = `<div class="vervangen-versie" role="note"><p><strong>Dit is versie ${version.versie}, gepubliceerd op ${formatDay(new Date(version.gepubliceerd))}. Op ${formatDate(version.vervangen)} is deze versie vervangen door een correctie:</strong> ${escapeXml(version.reden)}</p><p><a href="${current}">Lees de huidige versie (versie ${version.current})</a>. De cijfers om te downloaden horen bij de huidige versie.</p></div>`;
  const style = `<style>.vervangen-versie{border:3px solid var(--kleur-accent,#c2410c);background:var(--kleur-vlak,#f3f4f6);padding:.25rem 1.25rem;margin:0 0 1.5rem;max-width:calc(var(--maat,46rem) + 2.5rem)}</style>`;
  return html
    .replace(/<title>/, `<title>Versie ${version.versie} (vervangen) — `)
    .replace("</head>", `<link rel="canonical" href="${current}">${style}</head>`)
    .replace(/(<main\b[^>]*>)/, `$1${notice}`)
    .replaceAll(` data-pagefind-body`, "")
    .replaceAll(`href="${notePdfUrl(version)}"`, `href="/${earlierPdfPath(version.id, version.versie)}"`);
}

/**
 * Adds each version signed in this build to its note's register: the signed PDF, the page as
 * published and the note's text, with the hashes of its sources. Returns the register files written.
 */
export async function recordNewVersions(archive: PreparedArchive, plans: NotePlan[], paths: ProjectPaths, siteDir: string, publishedAt: Date): Promise<string[]> {
  const written: string[] = [];
  for (const plan of plans.filter((p) => p.shown && p.pdf === "sign")) {
    const { note } = plan;
    const profile = archive.gemeenten.get(note.gemeente)!;
    written.push(
      await recordVersion(paths, {
        id: note.id,
        version: { versie: plan.versie, gepubliceerd: publishedAt.toISOString(), reden: signatureFields(note, profile, publishedAt).reason, bronnen: plan.sources },
        pdf: await readFile(pdfPath(siteDir, note)),
        page: await readFile(join(siteDir, note.id, "index.html"), "utf8"),
        text: await readFile(join(paths.root, note.file), "utf8"),
      }),
    );
  }
  return written;
}
