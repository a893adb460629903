// `status`: each step's state, resource id, duration and last error, from the state file alone
// (no call to Azure).
import type { CommonOptions } from '../src/options.js';
import type { Io } from '../src/ui/io.js';
import { steps } from '../steps/index.js';
import { configFileFor } from './support/config-from-state.js';

export async function status(o: CommonOptions, io: Io): Promise<number> {
  const { state } = await configFileFor(o, io, 'status');
  const titles = new Map(steps.map((s) => [s.id, s.title]));
  const rows = Object.entries(state.steps).map(([id, r]) => ({
    id, title: titles.get(id) ?? id, status: r.status, resourceId: r.resourceId, created: r.created ?? false,
    durationMs: r.durationMs, finishedAt: r.finishedAt, error: r.error,
  }));
  const pending = rows.filter((r) => r.status === 'pending' || r.status === 'failed' || r.status === 'deleting');
  const flags = `-e ${state.environment}${o.stateDir ? ` --state-dir ${o.stateDir}` : ''}`;
  const next = pending.length ? [`secure-aml resume ${flags}`] : [];
  const overall = pending.length ? 'incomplete' : rows.every((r) => r.status === 'deleted') && rows.length ? 'deleted' : 'complete';
  if (o.output === 'json') {
    io.stdout.write(JSON.stringify({ command: 'status', status: overall, environment: state.environment, location: state.location, target: state.target, updatedAt: state.updatedAt, steps: rows, next }, null, 2) + '\n');
    return 0;
  }
  const width = Math.max(10, ...rows.map((r) => r.title.length));
  const lines = [`status: environment "${state.environment}" in ${state.location} (${state.target}), last ${state.lastCommand ?? 'run'} at ${state.updatedAt}: ${overall}`];
  for (const r of rows) {
    lines.push(`  ${r.title.padEnd(width)}  ${r.status.padEnd(8)} ${r.durationMs !== undefined ? `${(r.durationMs / 1000).toFixed(1)}s`.padStart(7) : ''.padStart(7)}  ${r.resourceId ?? ''}`);
    if (r.error) lines.push(`      last error: ${r.error.code ? r.error.code + ': ' : ''}${r.error.message}`);
  }
  if (next.length) lines.push('', 'next:', ...next.map((n) => `  ${n}`));
  io.stdout.write(lines.join('\n') + '\n');
  return 0;
}
