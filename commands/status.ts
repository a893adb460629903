// `status`: each step's state, resource id, duration and last error, from the state file alone
// (no call to Azure).
import { environmentStatus, type StatusResult } from '../src/app/status.js';
import type { CommonOptions } from '../src/options.js';
import type { Io } from '../src/ui/io.js';
import { widthFor } from '../src/ui/layout.js';
import { styleFor, type Style } from '../src/ui/style.js';
import { renderTable, type Tone } from '../src/ui/table.js';

const MARK: Record<string, [string, Tone]> = { done: ['=', 'same'], pending: ['…', 'change'], failed: ['!', 'bad'], deleting: ['-', 'change'], deleted: ['-', 'remove'] };

export async function status(o: CommonOptions, io: Io): Promise<number> {
  const result = await environmentStatus(o, io);
  if (o.output === 'json') {
    const { command, status: overall, environment, location, target, updatedAt, steps, next } = result;
    io.stdout.write(JSON.stringify({ command, status: overall, environment, location, target, updatedAt, steps, next }, null, 2) + '\n');
    return 0;
  }
  io.stdout.write(statusText(result, widthFor(io.stdout), styleFor(io, 'stdout', { color: o.color })));
  return 0;
}

function statusText(r: StatusResult, width: number, style: Style): string {
  const lines = [style.bold(`status: environment "${r.environment}" in ${r.location} (${r.target}), last ${r.lastCommand ?? 'run'} at ${r.updatedAt}: ${r.status}`)];
  lines.push(...renderTable(r.steps.map((s) => ({
    mark: MARK[s.status]?.[0] ?? ' ', tone: MARK[s.status]?.[1] ?? 'none', title: s.title,
    status: `${s.status.padEnd(8)} ${s.durationMs !== undefined ? `${(s.durationMs / 1000).toFixed(1)}s`.padStart(7) : ''.padStart(7)}`,
    resourceId: s.resourceId,
    notes: s.error ? [{ text: `last error: ${s.error.code ? s.error.code + ': ' : ''}${s.error.message}`, tone: 'bad' as const, fit: 'wrap' as const }] : [],
  })), { width, style }));
  if (r.next.length) lines.push('', style.bold('next:'), ...r.next.map((n) => `  ${n}`));
  return lines.join('\n') + '\n';
}
