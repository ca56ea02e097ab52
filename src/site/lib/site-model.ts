import type { CompiledChart } from "../../charts/compile.ts";
import type { Note } from "../../content/load.ts";
import { datasetKey } from "../../content/references.ts";
import type { Dataset } from "../../data/schema.ts";
import type { Profile } from "../../profiles/schema.ts";
import type { PagePublication } from "../../publication/plan.ts";
import { wooCategorie, type WooContext } from "../../woo/diwoo.ts";
import type { SiteInput } from "../input.ts";
import { absoluteUrl, notePdfUrl } from "./urls.ts";

/** The site input as the pages ask it: by gemeente, by note, by a component's attributes. */
export class Site {
  readonly input: SiteInput;
  private readonly derived = new Map<string, unknown>();

  constructor(input: SiteInput) {
    this.input = input;
  }

  /** A value derived from the input, computed once for this site (e.g. a key every page of a gemeente needs). */
  once<T>(key: string, compute: () => T): T {
    if (!this.derived.has(key)) this.derived.set(key, compute());
    return this.derived.get(key) as T;
  }

  /** Every note of this build, newest first. */
  get notes(): Note[] {
    return [...this.input.notes.values()];
  }

  /** The gemeenten by name. */
  get gemeenten(): Profile[] {
    return [...this.input.gemeenten.values()].sort((a, b) => a.naam.localeCompare(b.naam));
  }

  /** A gemeente's notes, newest first. */
  notesOf(gemeente: string): Note[] {
    return this.notes.filter((n) => n.gemeente === gemeente);
  }

  note(id: string): Note {
    return this.required(this.input.notes.get(id), `notitie ${id}`);
  }

  profile(gemeente: string): Profile {
    return this.required(this.input.gemeenten.get(gemeente), `gemeente ${gemeente}`);
  }

  /** What the note's page says about its publication: version, corrections, earlier versions, a preview mark. */
  publication(note: Pick<Note, "id">): PagePublication {
    return this.required(this.input.publication.get(note.id), `publicatie van ${note.id}`);
  }

  /** Whether this build renders the note's own pages; a shard (`--shard`) lists every note but renders only its own. */
  rendersPage(note: Pick<Note, "id">): boolean {
    return !this.input.pages || this.input.pages.has(note.id);
  }

  /** Whether a note is published with its PDF (printed now, or kept from the published archive): Woo publication describes the PDF, so it needs one. */
  hasPdf(note: Pick<Note, "id">): boolean {
    return this.input.pdfs.has(note.id);
  }

  dataset(note: Note, ref: string): Dataset {
    return this.required(this.input.datasets.get(datasetKey(note, ref)), `${note.file}: dataset ${ref}`);
  }

  /** The chart a note's `<Grafiek>` shows, as the pipeline compiled it. */
  chart(note: Note, use: { grafiek: string; data: string; title: string }): CompiledChart {
    const found = this.input.chartUses.get(note.id)?.find((u) => u.grafiek === use.grafiek && u.data === use.data && u.title === use.title);
    return this.required(found && this.input.charts.get(found.key), `${note.file}: grafiek ${use.grafiek}`);
  }

  /** The compiled charts a note shows. */
  chartsOf(note: Pick<Note, "id">): CompiledChart[] {
    return (this.input.chartUses.get(note.id) ?? []).map((use) => this.input.charts.get(use.key)!);
  }

  /** The note a bijlage belongs to, if it is in this build. */
  parentOf(note: Note): Note | undefined {
    return note.frontmatter.bij ? this.input.notes.get(`${note.gemeente}/${note.frontmatter.bij}`) : undefined;
  }

  wooContext(note: Note): WooContext {
    return {
      profile: this.profile(note.gemeente),
      pdfUrl: (other) => absoluteUrl(this.input.siteUrl, notePdfUrl(other)),
      parent: this.parentOf(note),
      bijlagen: this.notesOf(note.gemeente).filter((n) => `${n.gemeente}/${n.frontmatter.bij}` === note.id),
    };
  }

  /** The Woo sitemaps: one per gemeente and informatiecategorie, named for the harvester. */
  diwooSitemaps(): { gemeente: string; infocat: string; notes: Note[] }[] {
    const sitemaps = new Map<string, { gemeente: string; infocat: string; notes: Note[] }>();
    for (const note of this.notes.filter((n) => this.hasPdf(n))) {
      const infocat = wooCategorie(note).sitemapindex;
      const key = `${note.gemeente}/${infocat}`;
      const sitemap = sitemaps.get(key) ?? { gemeente: note.gemeente, infocat, notes: [] };
      sitemap.notes.push(note);
      sitemaps.set(key, sitemap);
    }
    return [...sitemaps.values()].sort((a, b) => a.infocat.localeCompare(b.infocat) || a.gemeente.localeCompare(b.gemeente));
  }

  /** The informatiecategorieën that have a sitemap index. */
  diwooCategories(): string[] {
    return [...new Set(this.diwooSitemaps().map((s) => s.infocat))];
  }

  private required<T>(value: T | undefined, what: string): T {
    if (value === undefined) throw new Error(`${what} ontbreekt in de invoer van de site`);
    return value;
  }
}
