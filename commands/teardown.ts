// `teardown`: delete, in reverse dependency order, only what the state says secure-aml created and
// that still carries the environment's tag. Lists what it deletes, then asks (default No); -y in CI.
import { teardownEnvironment, type TeardownOptions, type TeardownPreview } from '../src/app/teardown.js';
import { UsageError } from '../src/errors.js';
import { canPrompt, type Io } from '../src/ui/io.js';
import { widthFor, wrap } from '../src/ui/layout.js';
import { styleFor } from '../src/ui/style.js';
import { printSummary } from '../src/ui/summary.js';
import { renderTable } from '../src/ui/table.js';

export async function teardown(o: TeardownOptions, io: Io): Promise<number> {
  const interactive = canPrompt(io, o.prompt === false);
  const report = await teardownEnvironment(o, io, {
    guard() {
      if (!o.yes && !interactive) throw new UsageError('teardown deletes resources and asks for confirmation, but this is not an interactive terminal.', [{ path: '--yes', message: 'required without a terminal' }], 'Pass -y (--yes) to delete without asking.');
    },
    review: (preview) => review(preview, o, io),
  });
  printSummary(io, o.output ?? 'text', report, { color: o.color });
  if (report.failure) throw report.failure;
  return 0;
}

/** What will be deleted and the notes, on stderr; then the question unless -y. */
async function review(p: TeardownPreview, o: TeardownOptions, io: Io): Promise<boolean> {
  const width = widthFor(io.stderr);
  const style = styleFor(io, 'stderr', { color: o.color });
  const lines = [style.bold(`teardown of environment "${p.environment}" will delete ${p.deleting.length} resource(s) secure-aml created:`)];
  lines.push(...renderTable(p.deleting.map((d) => ({ mark: '-', title: d.title, status: 'delete', tone: 'remove' as const, resourceId: d.resourceId })), { width, style }));
  for (const note of p.notes) lines.push(...wrap(note, width, `${style.yellow('note:')} `, '      '));
  io.stderr.write(lines.join('\n') + '\n');
  if (o.yes || p.deleting.length === 0) return true;
  return io.prompt.confirm({ message: `Delete these ${p.deleting.length} resources?`, default: false });
}
