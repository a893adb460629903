// `resume`: continue from the state of an interrupted or failed run: pending operations are
// re-attached by their saved pollers, finished steps read back as in sync, the rest runs.
import { resumeEnvironment } from '../src/app/apply.js';
import type { CommonOptions } from '../src/options.js';
import type { Io } from '../src/ui/io.js';
import { printSummary } from '../src/ui/summary.js';

export async function resume(o: CommonOptions, io: Io): Promise<number> {
  const report = await resumeEnvironment(o, io);
  printSummary(io, o.output ?? 'text', report, { color: o.color });
  if (report.failure) throw report.failure;
  return 0;
}
