// `teardown`: delete, in reverse dependency order, only what the state says secure-aml created and
// that still carries the environment's tag. Foreign resources, a resource group or VNet the user
// brought, are never touched. Ends by checking that nothing tagged for the environment remains.
import { describeArmError } from '../src/azure/arm-error.js';
import { removeAll } from '../src/engine/run.js';
import { progressFor } from '../src/engine/render.js';
import { DeclinedError, InterruptedError, StepFailedError, UsageError } from '../src/errors.js';
import type { CommonOptions } from '../src/options.js';
import { canPrompt, type Io } from '../src/ui/io.js';
import { printSummary } from '../src/ui/summary.js';
import { ENV_TAG } from '../steps/env.js';
import { steps } from '../steps/index.js';
import { configFileFor } from './support/config-from-state.js';
import { openSession } from './support/session.js';

export interface TeardownOptions extends CommonOptions { purge?: boolean }

export async function teardown(o: TeardownOptions, io: Io): Promise<number> {
  const { configFile, state: prior } = await configFileFor(o, io, 'teardown');
  const interactive = canPrompt(io, o.prompt === false);
  const ours = steps.filter((s) => prior.steps[s.id]?.created && prior.steps[s.id]?.status !== 'deleted');
  const session = await openSession({ ...o, env: prior.environment }, io, 'teardown', configFile, () => {
    if (!o.yes && !interactive) throw new UsageError('teardown deletes resources and asks for confirmation, but this is not an interactive terminal.', [{ path: '--yes', message: 'required without a terminal' }], 'Pass -y (--yes) to delete without asking.');
  });
  try {
    io.stderr.write(`teardown of environment "${prior.environment}" will delete ${ours.length} resource(s) secure-aml created:\n`);
    for (const s of ours) io.stderr.write(`  - ${s.title}: ${prior.steps[s.id].resourceId ?? s.id}\n`);
    if (session.env.config.cmk.enabled && ours.some((s) => s.id === 'key-vault')) {
      io.stderr.write(`note: the key vault has purge protection (required for customer-managed keys): after deletion it stays soft-deleted and its name "${session.env.names.keyVault}" reserved for ${90} days.\n`);
    }
    if (ours.some((s) => s.id === 'workspace')) {
      io.stderr.write(o.purge ? 'note: --purge: the workspace is deleted permanently (no 14-day soft delete).\n' : 'note: the workspace is soft-deleted for 14 days (its name stays reserved); pass --purge to delete it permanently.\n');
    }
    if (!o.yes) {
      const { confirm } = await import('@inquirer/prompts');
      const ok = await confirm({ message: `Delete these ${ours.length} resources?`, default: false }, { input: io.stdin, output: io.stderr });
      if (!ok) throw new DeclinedError('Nothing was deleted.');
    }
    if (session.target.kind === 'simulate') io.stderr.write(`SIMULATION: every call goes to the embedded ARM simulator in ${session.target.dir}; nothing real is deleted.\n`);
    const env = { ...session.env, purge: Boolean(o.purge) };
    const progress = progressFor(ours.map((s) => ({ id: s.id, title: s.title, typicalSeconds: s.typicalSeconds })), io.stderr);
    const result = await removeAll({
      steps, env, state: session.state, progress, concurrency: session.concurrency, signal: session.signal,
      describeError: (e) => describeArmError(e),
      verdict: async (step, ctx) => {
        const rec = session.state.step(step.id);
        if (!rec?.created) return 'not created by secure-aml: left alone';
        if (rec.status === 'deleted') return 'already deleted';
        const observed = (await step.read(ctx)) as { tags?: Record<string, string> } | undefined;
        if (observed === undefined) return 'already gone';
        if (observed.tags && observed.tags[ENV_TAG] !== session.env.config.environment) return `no longer tagged ${ENV_TAG}=${session.env.config.environment}: left alone`;
        return (await step.keep?.(ctx)) ?? true;
      },
    });
    const remaining = await leftovers(session.env);
    const failed = result.results.filter((r) => r.outcome === 'failed');
    const status = result.interrupted ? 'interrupted' : failed.length ? 'failed' : 'succeeded';
    const details: Record<string, unknown> = { remaining };
    if (ours.some((s) => s.id === 'key-vault')) details.softDeleted = [`key vault ${session.env.names.keyVault}: name reserved until purged (purge protection: 90 days)`];
    printSummary(io, o.output ?? 'text', {
      command: 'teardown', status, environment: prior.environment, location: session.env.config.location, target: session.target.kind,
      steps: result.results.filter((r) => r.outcome !== 'skipped' || ours.some((s) => s.id === r.id)), details,
      next: status === 'succeeded' ? [] : [`secure-aml teardown ${session.resumeCommand.replace(/^secure-aml resume /, '')} -y`],
    });
    if (result.interrupted) throw new InterruptedError('Interrupted: state is saved.', 'Run teardown again to continue.');
    if (failed.length) throw new StepFailedError(`${failed.length} deletion(s) failed: ${failed.map((r) => `${r.id} (${r.error?.code ?? 'error'}: ${r.error?.message})`).join('; ')}.`, failed.map((r) => ({ stepId: r.id, message: r.error?.message ?? '' })), 'Fix the cause and run teardown again; it continues where it stopped.');
    if (remaining.length) throw new StepFailedError(`Teardown finished but ${remaining.length} resource(s) tagged for the environment remain: ${remaining.join(', ')}.`, [], 'Check them in the portal; run teardown again.');
    return 0;
  } finally {
    await session.close();
  }
}

/** Resources still carrying the environment's tag in its resource group (if the group exists). */
async function leftovers(env: { clients: { resources(): Promise<import('@azure/arm-resources').ResourceManagementClient> }; names: { resourceGroup: string }; config: { environment: string } }): Promise<string[]> {
  const client = await env.clients.resources();
  const left: string[] = [];
  try {
    for await (const r of client.resources.listByResourceGroup(env.names.resourceGroup)) {
      if (r.tags?.[ENV_TAG] === env.config.environment) left.push(r.id ?? r.name ?? '?');
    }
  } catch (e) {
    if ((e as { statusCode?: number }).statusCode === 404) return [];
    throw e;
  }
  return left;
}
