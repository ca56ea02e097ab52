import { defineCollection } from "astro:content";
import { glob } from "astro/loaders";
import { contentDir, inputFile, notePattern } from "virtual:nota/site-input";
import { frontmatterSchema } from "../content/schema.ts";
import { siteInputLoader } from "./plugins/site-input.ts";

const notes = defineCollection({
  loader: glob({ pattern: notePattern, base: contentDir, generateId: ({ entry }) => entry.replace(/\.mdx$/, "") }),
  schema: frontmatterSchema,
});

/** The site input (src/site/input.ts) as one entry. */
const nota = defineCollection({ loader: siteInputLoader(inputFile) });

export const collections = { notes, nota };
