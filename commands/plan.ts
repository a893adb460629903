// `plan`: what apply would do, per step (create / update / no-op / blocked) with the property
// diff, writing nothing. --detailed-exitcode: 0 no changes, 1 error, 2 changes (as Terraform).
import { describeArmError } from '../src/azure/arm-error.js';
import { plan as planSteps } from '../src/engine/run.js';
import { silentProgress } from '../src/engine/progress.js';
import { UsageError, type Problem } from '../src/errors.js';
import type { CommonOptions } from '../src/options.js';
import type { Io } from '../src/ui/io.js';
import { steps } from '../steps/index.js';
import { priorState } from './support/config-from-state.js';
import { runPreflight } from './support/preflight.js';
import { openSession } from './support/session.js';

export interface PlanOptions extends CommonOptions { detailedExitcode?: boolean }

type Action = 'create' | 'update' | 'no-op' | 'blocked' | 'error';

export async function plan(o: PlanOptions, io: Io): Promise<number> {
  let configFile = o.config;
  if (!configFile) configFile = (await priorState(o, io)).state?.configFile;
  if (!configFile) throw new UsageError('plan needs a config file.', [{ path: '--config', message: 'required' }], 'Pass -c <file>.');
  const session = await openSession(o, io, 'plan', configFile);
  try {
    let blocked: Problem[] = [];
    let prefetched: Map<string, unknown> | undefined;
    try {
      prefetched = await runPreflight(session, steps);
    } catch (e) {
      if (!(e instanceof UsageError)) throw e;
      blocked = e.problems;
    }
    void prefetched;
    const result = await planSteps({
      steps, env: session.env, state: session.state, progress: silentProgress, concurrency: session.concurrency, signal: session.signal,
      describeError: (e) => describeArmError(e),
    });
    const rows = result.results.map((r) => {
      const reasons = blocked.filter((p) => blockedBy(r.id, p));
      const action: Action = r.outcome === 'failed' ? 'error' : reasons.length ? 'blocked' : r.outcome === 'created' ? 'create' : r.outcome === 'updated' ? 'update' : 'no-op';
      return { id: r.id, title: r.title, action, resourceId: r.resourceId, changes: r.changes, reasons: reasons.map((p) => `${p.path}: ${p.message}`), error: r.error };
    });
    const general = blocked.filter((p) => !rows.some((r) => blockedBy(r.id, p)));
    const count = (a: Action) => rows.filter((r) => r.action === a).length;
    const hasChanges = count('create') + count('update') > 0;
    const errors = count('error') + count('blocked') + general.length;
    if (o.output === 'json') {
      io.stdout.write(JSON.stringify({
        command: 'plan', status: errors ? 'blocked' : hasChanges ? 'changes' : 'no-changes', environment: session.env.config.environment,
        target: session.target.kind, steps: rows, problems: general.map((p) => `${p.path}: ${p.message}`),
        next: hasChanges && !errors ? [`secure-aml apply -c ${configFile}${session.target.kind === 'simulate' ? ` --simulate ${o.simulate ?? io.env.SECURE_AML_SIMULATE}` : ''}`] : [],
      }, null, 2) + '\n');
    } else {
      const mark: Record<Action, string> = { create: '+', update: '~', 'no-op': ' ', blocked: '!', error: '!' };
      const lines = [`plan: environment "${session.env.config.environment}" in ${session.env.config.location}${session.target.kind === 'simulate' ? ' (simulated)' : ''}`];
      for (const r of rows) {
        lines.push(`  ${mark[r.action]} ${r.title} — ${r.action}${r.resourceId ? `  ${r.resourceId}` : ''}`);
        if (r.action === 'update') for (const c of r.changes) lines.push(`      ~ ${c.path}: ${JSON.stringify(c.before)} -> ${JSON.stringify(c.after)}`);
        for (const why of r.reasons) lines.push(`      ! ${why}`);
        if (r.error) lines.push(`      ! ${r.error.code ?? 'error'}: ${r.error.message}`);
      }
      for (const p of general) lines.push(`  ! ${p.path}: ${p.message}`);
      lines.push(`Plan: ${count('create')} to create, ${count('update')} to update, ${count('no-op')} unchanged, ${count('blocked')} blocked.`);
      io.stdout.write(lines.join('\n') + '\n');
    }
    if (errors) return 1;
    return o.detailedExitcode && hasChanges ? 2 : 0;
  } finally {
    await session.close();
  }
}

/** A preflight problem on `storage.name` blocks the storage step, and so on. */
function blockedBy(stepId: string, p: Problem): boolean {
  const head = p.path.split('.')[0];
  const map: Record<string, string> = { keyVault: 'key-vault', storage: 'storage', registry: 'registry', workspace: 'workspace' };
  return map[head] === stepId;
}
