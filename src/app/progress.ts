// Progress on stderr: the listr2 task tree on a terminal, timestamped lines anywhere else.
import { lineProgress } from '../engine/lines.js';
import type { Progress } from '../engine/progress.js';
import { progressFor, type RenderedStep } from '../engine/render.js';
import type { Io } from '../ui/io.js';

/** The task tree when stderr is a terminal (whatever stdout is: `-o json > out.json`), lines otherwise. */
export function progressOn(io: Io, steps: readonly RenderedStep[]): Progress {
  return io.stderr.isTTY ? progressFor(steps, io.stderr) : lineProgress(steps, io.stderr);
}
