import { defineCollection } from "astro:content";
import { glob } from "astro/loaders";
import { frontmatterSchema } from "../content/schema.ts";
import { projectPaths } from "../paths.ts";

const notes = defineCollection({
  loader: glob({ pattern: "*/*/*.mdx", base: projectPaths().content, generateId: ({ entry }) => entry.replace(/\.mdx$/, "") }),
  schema: frontmatterSchema,
});

export const collections = { notes };
