/** Progress on long work: a counter with done/total and elapsed time on a TTY, stage lines otherwise. */
export interface Progress {
  stage(name: string): void;
  start(label: string, total: number): void;
  tick(detail?: string): void;
  done(summary?: string): void;
  info(message: string): void;
}

/** Progress on `stream`; a counter is redrawn in place only on a terminal, and not when `redraw` is off (CI logs). */
export function consoleProgress(stream: NodeJS.WriteStream, { quiet = false, redraw = true }: { quiet?: boolean; redraw?: boolean } = {}): Progress {
  const tty = stream.isTTY && redraw;
  let label = "";
  let total = 0;
  let count = 0;
  let started = 0;
  const seconds = () => ((performance.now() - started) / 1000).toFixed(1);
  const write = (line: string) => !quiet && stream.write(line);
  return {
    stage(name) {
      write(`▸ ${name}\n`);
    },
    start(l, t) {
      label = l;
      total = t;
      count = 0;
      started = performance.now();
    },
    tick(detail) {
      count++;
      if (tty) write(`\r  ${label}: ${count}/${total} (${seconds()} s)${detail ? ` ${detail}` : ""}\x1b[K`);
    },
    done(summary) {
      if (tty) write("\r\x1b[K");
      write(`  ${label}: ${count}/${total} in ${seconds()} s${summary ? ` — ${summary}` : ""}\n`);
    },
    info(message) {
      write(`  ${message}\n`);
    },
  };
}
