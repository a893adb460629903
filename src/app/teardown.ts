// The teardown use case: delete, in reverse dependency order, only what the state says secure-aml
// created and that still carries the environment's tag. Foreign resources, a resource group or VNet
// the user brought, are never touched. Ends by checking that nothing tagged for the environment remains.
import { describeArmError, isNotFound } from '../azure/arm-error.js';
import { removeAll } from '../engine/run.js';
import { DeclinedError, InterruptedError, StepFailedError, type SecureAmlError } from '../errors.js';
import type { CommonOptions } from '../options.js';
import type { Io } from '../ui/io.js';
import { ENV_TAG, type StepEnv } from '../../steps/env.js';
import { steps, teardownNotesFor } from '../../steps/index.js';
import { configFileFor } from './environment.js';
import { progressOn } from './progress.js';
import { oursToDelete } from './turned-off.js';
import { openSession, simulationNotice, type TargetKind } from './session.js';
import type { RunReport } from './summary.js';

export interface TeardownOptions extends CommonOptions { purge?: boolean }

/** What teardown is about to delete, shown before it asks. */
export interface TeardownPreview {
  environment: string;
  location: string;
  target: TargetKind;
  deleting: { id: string; title: string; resourceId?: string }[];
  /** What the modules want the user to know first (soft delete, purge protection...). */
  notes: string[];
}

export interface TeardownHooks {
  /** Runs once the config is valid, before the lock is taken: throw to refuse (no terminal and no -y). */
  guard?(): void;
  /** Shown what will be deleted; resolve false to decline (exit 8, nothing deleted). */
  review(preview: TeardownPreview): Promise<boolean>;
}

export async function teardownEnvironment(o: TeardownOptions, io: Io, hooks: TeardownHooks): Promise<RunReport> {
  const { configFile, state: prior } = await configFileFor(o, io, 'teardown');
  const ours = steps.filter((s) => prior.steps[s.id]?.created && prior.steps[s.id]?.status !== 'deleted');
  const session = await openSession({ ...o, env: prior.environment }, io, 'teardown', configFile, () => hooks.guard?.());
  try {
    const purge = Boolean(o.purge);
    const notes = teardownNotesFor({ env: session.env, deleting: new Set(ours.map((s) => s.id)), purge });
    const preview: TeardownPreview = {
      environment: prior.environment, location: session.env.config.location, target: session.target.kind,
      deleting: ours.map((s) => ({ id: s.id, title: s.title, resourceId: prior.steps[s.id].resourceId })),
      notes: notes.map((n) => n.note),
    };
    if (!(await hooks.review(preview))) throw new DeclinedError('Declined: nothing was deleted.');
    simulationNotice(session, io, 'deleted');
    const env = { ...session.env, purge };
    const progress = progressOn(io, ours.map((s) => ({ id: s.id, title: s.title, typicalSeconds: s.typicalSeconds })));
    const result = await removeAll({
      steps, env, state: session.state, progress, concurrency: session.concurrency, signal: session.signal,
      describeError: (e) => describeArmError(e),
      verdict: oursToDelete(session),
    });
    const remaining = await leftovers(session.env);
    const failed = result.results.filter((r) => r.outcome === 'failed');
    const status = result.interrupted ? 'interrupted' : failed.length ? 'failed' : 'succeeded';
    const softDeleted = notes.flatMap((n) => (n.softDeleted ? [n.softDeleted] : []));
    let failure: SecureAmlError | undefined;
    if (result.interrupted) failure = new InterruptedError('Interrupted: state is saved.', 'Run teardown again to continue.');
    else if (failed.length) failure = new StepFailedError(`${failed.length} deletion(s) failed: ${failed.map((r) => `${r.id} (${r.error?.code ?? 'error'}: ${r.error?.message})`).join('; ')}.`, failed.map((r) => ({ stepId: r.id, message: r.error?.message ?? '' })), 'Fix the cause and run teardown again; it continues where it stopped.');
    else if (remaining.length) failure = new StepFailedError(`Teardown finished but ${remaining.length} resource(s) tagged for the environment remain: ${remaining.join(', ')}.`, [], 'Check them in the portal; run teardown again.');
    return {
      command: 'teardown', status, environment: prior.environment, location: session.env.config.location, target: session.target.kind,
      steps: result.results.filter((r) => r.outcome !== 'skipped' || ours.some((s) => s.id === r.id)),
      sections: [
        { key: 'remaining', json: remaining, lines: remaining },
        ...(softDeleted.length ? [{ key: 'softDeleted', json: softDeleted, lines: softDeleted }] : []),
      ],
      next: status === 'succeeded' ? [] : [`secure-aml teardown ${session.resumeCommand.replace(/^secure-aml resume /, '')} -y`],
      failure,
    };
  } finally {
    await session.close();
  }
}

/** Resources still carrying the environment's tag in its resource group (if the group exists). */
async function leftovers(env: StepEnv): Promise<string[]> {
  const client = await env.clients.resources();
  const left: string[] = [];
  try {
    for await (const r of client.resources.listByResourceGroup(env.names.resourceGroup)) {
      if (r.tags?.[ENV_TAG] === env.config.environment) left.push(r.id ?? r.name ?? '?');
    }
  } catch (e) {
    if (isNotFound(e) || (e as { statusCode?: number }).statusCode === 404) return [];
    throw e;
  }
  return left;
}
