import { readFile } from "node:fs/promises";
import { isBuiltin } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { init, parse } from "es-module-lexer";

/** What a module reaches at run time: its own source files, and the packages it imports by name. */
export interface ModuleGraph {
  files: string[];
  packages: string[];
}

interface Module {
  text: string;
  imports: string[];
}

const modules = new Map<string, Promise<Module>>();

/**
 * Follows the static and literal dynamic imports of the entry modules through nota's own files
 * (relative specifiers), stopping at packages and Node's built-ins. Type-only imports are left
 * out: they do not run. Each file is read and parsed once per process.
 */
export async function moduleGraph(entries: (string | URL)[]): Promise<ModuleGraph> {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = async (file: string): Promise<void> => {
    if (files.has(file)) return;
    files.add(file);
    const { imports } = await readModule(file);
    const local: string[] = [];
    for (const specifier of imports) {
      if (specifier.startsWith(".") || specifier.startsWith("/") || specifier.startsWith("file:")) local.push(fileURLToPath(new URL(specifier, pathToFileURL(file))));
      else if (!isBuiltin(specifier) && !/^[a-z]+:/.test(specifier)) packages.add(packageName(specifier));
    }
    await Promise.all(local.map(visit));
  };
  await Promise.all(entries.map((entry) => visit(entry instanceof URL || entry.startsWith("file:") ? fileURLToPath(entry) : entry)));
  return { files: [...files].sort(), packages: [...packages].sort() };
}

/** The file's text, with the import specifiers that run (no `import type`, no `export type`). */
export function readModule(file: string): Promise<Module> {
  let module = modules.get(file);
  if (!module) {
    module = (async () => {
      const text = await readFile(file, "utf8");
      await init;
      const [found] = parse(text, file);
      const imports = found.filter((i) => i.n !== undefined && !/^(import|export)\s+type\s/.test(text.slice(i.ss, i.se))).map((i) => i.n!);
      return { text, imports };
    })();
    modules.set(file, module);
  }
  return module;
}

/** `@scope/name/sub/path` → `@scope/name`, `name/sub` → `name`. */
export function packageName(specifier: string): string {
  const parts = specifier.split("/");
  return (specifier.startsWith("@") ? parts.slice(0, 2) : parts.slice(0, 1)).join("/");
}
