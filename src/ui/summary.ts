// The result a verb prints on stdout: a short table for people, or exactly one JSON document
// (`-o json`) with status, steps and the next commands to run.
import type { StepResult } from '../engine/run.js';
import type { Io } from './io.js';

export type RunStatus = 'succeeded' | 'failed' | 'interrupted' | 'planned';

export interface Summary {
  command: string;
  status: RunStatus;
  environment: string;
  location: string;
  target: 'azure' | 'simulate';
  steps: StepResult[];
  next: string[];
  /** Extra sections (endpoints, hosts lines…) as labelled lines. */
  details?: Record<string, unknown>;
}

const mark: Record<string, string> = {
  created: '+', updated: '~', 'in sync': '=', adopted: '=', deleted: '-', absent: '-', failed: '!', skipped: ' ', cancelled: ' ', planned: '?',
};

export function printSummary(io: Io, format: string, s: Summary): void {
  if (format === 'json') {
    io.stdout.write(JSON.stringify({
      command: s.command, status: s.status, environment: s.environment, location: s.location, target: s.target,
      steps: s.steps.map((r) => ({ id: r.id, title: r.title, outcome: r.outcome, resourceId: r.resourceId, durationMs: r.durationMs, changes: r.changes.length ? r.changes : undefined, error: r.error })),
      ...(s.details ?? {}),
      next: s.next,
    }, null, 2) + '\n');
    return;
  }
  const width = Math.max(...s.steps.map((r) => r.title.length), 10);
  const lines = [`${s.command}: environment "${s.environment}" in ${s.location}${s.target === 'simulate' ? ' (SIMULATED — nothing real was created)' : ''}: ${s.status}`];
  for (const r of s.steps) {
    const outcome = r.outcome === 'skipped' ? 'not started' : r.outcome === 'cancelled' ? 'interrupted' : r.outcome;
    lines.push(`  ${mark[r.outcome] ?? ' '} ${r.title.padEnd(width)}  ${outcome.padEnd(11)} ${r.resourceId ?? ''}`);
    if (r.error) lines.push(`      ${r.error.code ? r.error.code + ': ' : ''}${r.error.message}${r.error.correlationId ? ` (correlation id ${r.error.correlationId})` : ''}`);
  }
  const count = (o: string) => s.steps.filter((r) => r.outcome === o).length;
  lines.push(`${count('created')} created, ${count('updated')} updated, ${count('in sync')} in sync, ${count('failed')} failed, ${count('skipped') + count('cancelled')} not started`);
  if (s.details) {
    for (const [k, v] of Object.entries(s.details)) {
      if (Array.isArray(v) && v.length === 0) continue;
      lines.push('', `${k}:`);
      for (const line of Array.isArray(v) ? v : [v]) lines.push(`  ${typeof line === 'string' ? line : JSON.stringify(line)}`);
    }
  }
  if (s.next.length) lines.push('', 'next:', ...s.next.map((n) => `  ${n}`));
  io.stdout.write(lines.join('\n') + '\n');
}
