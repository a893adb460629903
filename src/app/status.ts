// The status use case: each step's state, resource id, duration and last error, from the state file
// alone (no call to Azure).
import type { CommonOptions } from '../options.js';
import type { Io } from '../ui/io.js';
import { steps } from '../../steps/index.js';
import { configFileFor } from './environment.js';

export interface StatusRow {
  id: string;
  title: string;
  status: string;
  resourceId?: string;
  created: boolean;
  durationMs?: number;
  finishedAt?: string;
  error?: { code?: string; message: string; correlationId?: string };
}

export interface StatusResult {
  command: 'status';
  status: 'incomplete' | 'deleted' | 'complete';
  environment: string;
  location: string;
  target: 'azure' | 'simulate';
  updatedAt: string;
  lastCommand?: string;
  steps: StatusRow[];
  next: string[];
}

export async function environmentStatus(o: CommonOptions, io: Io): Promise<StatusResult> {
  const { state } = await configFileFor(o, io, 'status');
  const titles = new Map(steps.map((s) => [s.id, s.title]));
  const rows: StatusRow[] = Object.entries(state.steps).map(([id, r]) => ({
    id, title: titles.get(id) ?? id, status: r.status, resourceId: r.resourceId, created: r.created ?? false,
    durationMs: r.durationMs, finishedAt: r.finishedAt, error: r.error,
  }));
  const pending = rows.filter((r) => r.status === 'pending' || r.status === 'failed' || r.status === 'deleting');
  const flags = `-e ${state.environment}${o.stateDir ? ` --state-dir ${o.stateDir}` : ''}`;
  return {
    command: 'status',
    status: pending.length ? 'incomplete' : rows.every((r) => r.status === 'deleted') && rows.length ? 'deleted' : 'complete',
    environment: state.environment, location: state.location, target: state.target, updatedAt: state.updatedAt, lastCommand: state.lastCommand,
    steps: rows,
    next: pending.length ? [`secure-aml resume ${flags}`] : [],
  };
}
