// Progress on stderr: the listr2 task tree on a terminal, timestamped lines anywhere else.
import { lineProgress } from '../engine/lines.js';
import type { Progress } from '../engine/progress.js';
import { progressFor, type RenderedStep } from '../engine/render.js';
import type { Io } from '../ui/io.js';

/**
 * The task tree only when stdout is a terminal too: listr2 picks its renderer from the process's
 * stdout, and its fallback renderer writes there, which would corrupt `-o json` piped to a file
 * (`apply -y -o json > out.json` on a terminal). Lines on stderr otherwise.
 */
export function progressOn(io: Io, steps: readonly RenderedStep[]): Progress {
  return io.stderr.isTTY && io.stdout.isTTY ? progressFor(steps, io.stderr) : lineProgress(steps, io.stderr);
}
