import type { AstroIntegration } from "astro";

/**
 * In `nota dev`, datasets, profiles and chart specs reach the pages through the prepared
 * archive file; when `nota dev` rewrites it, the browser reloads.
 */
export function reloadOnArchive(archiveFile: string | undefined): AstroIntegration {
  return {
    name: "nota:reload-on-archive",
    hooks: {
      "astro:server:setup": ({ server }) => {
        if (!archiveFile) return;
        server.watcher.add(archiveFile);
        server.watcher.on("change", (file) => {
          if (file === archiveFile) server.ws.send({ type: "full-reload" });
        });
      },
    },
  };
}
