// Runs the registry for `apply` (converge) and `teardown` (remove), over the scheduler, with
// write-ahead records in state. Knows nothing of Azure: steps arrive as data.
import { SecureAmlError, type Problem } from '../errors.js';
import type { StateStore } from '../state/state.js';
import { withReporter } from '../report-context.js';
import { restrict, reverse } from './graph.js';
import { silentProgress, type Progress, type StepOutcome } from './progress.js';
import { schedule } from './scheduler.js';
import type { AnyStep, Change, StepContext } from './step.js';

export interface StepResult {
  id: string;
  title: string;
  outcome: StepOutcome;
  resourceId?: string;
  changes: Change[];
  durationMs: number;
  error?: { message: string; code?: string; correlationId?: string };
}

export interface RunOptions<Env> {
  steps: readonly AnyStep<Env>[];
  env: Env;
  state: StateStore;
  progress: Progress;
  concurrency: number;
  signal: AbortSignal;
  /** Turns any thrown error into what the user reads (ARM code, correlation id). */
  describeError: (err: unknown) => { message: string; code?: string; correlationId?: string };
  now?: () => number;
  /** Reads already made this run (by preflight), used instead of reading again. */
  prefetched?: Map<string, unknown>;
}

export interface RunResult {
  results: StepResult[];
  interrupted: boolean;
}

/** Placeholder the plan shows for values that only exist once a dependency is created. */
export const KNOWN_AFTER_APPLY = '(known after apply)';

function makeContext<Env>(step: AnyStep<Env>, env: Env, outputs: Map<string, Record<string, string>>, opts: {
  progress: Progress; state: StateStore; signal: AbortSignal; resumeFrom?: string; resumeFor?: string; lenient?: boolean;
}): StepContext<Env> {
  return {
    env,
    signal: opts.signal,
    resumeFrom: opts.resumeFrom,
    resumeFor: opts.resumeFor,
    outputs(depId) {
      if (!step.dependsOn.includes(depId)) throw new SecureAmlError(`Step "${step.id}" reads outputs of "${depId}" without depending on it.`);
      const o = outputs.get(depId);
      if (o) return o;
      if (opts.lenient) return new Proxy({}, { get: (_t, k) => (typeof k === 'string' ? KNOWN_AFTER_APPLY : undefined) });
      throw new SecureAmlError(`Step "${step.id}" needs outputs of "${depId}", which has not run.`);
    },
    report: (text) => opts.progress.message(step.id, text),
    pending: async (op) => {
      await opts.state.update(step.id, { status: 'pending', operation: op.operation, resourceId: op.resourceId, poller: op.poller, startedAt: new Date().toISOString() });
    },
  };
}

/** Converge every enabled step: read, diff, write only what differs. */
export async function converge<Env>(opts: RunOptions<Env>): Promise<RunResult> {
  const now = opts.now ?? Date.now;
  const enabled = restrict(opts.steps, (s) => s.enabled(opts.env));
  const outputs = new Map<string, Record<string, string>>();
  const results = new Map<string, StepResult>();

  const { outcomes } = await schedule({
    nodes: enabled,
    concurrency: opts.concurrency,
    serialKey: (s) => s.serialKey?.(opts.env),
    signal: opts.signal,
    run: (step) => withReporter((m) => opts.progress.message(step.id, m), async () => {
      const t0 = now();
      opts.progress.started(step.id);
      const prior = opts.state.step(step.id);
      const ctx = makeContext(step, opts.env, outputs, {
        progress: opts.progress, state: opts.state, signal: opts.signal,
        resumeFrom: prior?.status === 'pending' ? prior.poller : undefined,
        resumeFor: prior?.status === 'pending' ? prior.resourceId : undefined,
      });
      const resourceId = step.resourceId(ctx);
      try {
        const desired = step.desired(ctx);
        const observed = opts.prefetched?.has(step.id) ? opts.prefetched.get(step.id) : await step.read(ctx);
        // An operation left in flight is re-attached (apply), never judged "in sync" while it runs.
        const changes = ctx.resumeFrom ? [{ path: '(operation in flight)', kind: 'change' as const }, ...step.diff(desired, observed)] : step.diff(desired, observed);
        let final = observed;
        let outcome: StepOutcome = 'in sync';
        if (changes.length > 0 || observed === undefined) {
          const operation = observed === undefined || (ctx.resumeFrom && prior?.operation === 'create') ? 'create' : 'update';
          if (!ctx.resumeFrom) await ctx.pending({ operation, resourceId });
          final = await step.apply(ctx, desired, observed);
          outcome = operation === 'create' ? 'created' : 'updated';
        }
        const outs = step.outputs(final, ctx);
        outputs.set(step.id, outs);
        const durationMs = now() - t0;
        // A create we sent before (pending or failed) that now reads back as existing is ours.
        const attemptedCreate = (prior?.status === 'pending' || prior?.status === 'failed') && prior.operation === 'create';
        const created = outcome === 'created' || attemptedCreate || (prior?.created ?? false) || (Boolean(step.attachment) && outcome === 'updated');
        await opts.state.update(step.id, {
          status: 'done', resourceId, poller: undefined, error: undefined, outputs: outs, created,
          operation: outcome === 'created' ? 'create' : outcome === 'updated' ? 'update' : prior?.operation === 'create' ? 'create' : 'noop',
          finishedAt: new Date().toISOString(), durationMs: outcome === 'in sync' ? prior?.durationMs ?? durationMs : durationMs,
        });
        results.set(step.id, { id: step.id, title: step.title, outcome, resourceId, changes, durationMs });
        opts.progress.finished(step.id, outcome, `${(durationMs / 1000).toFixed(1)}s`);
      } catch (err) {
        const durationMs = now() - t0;
        if (opts.signal.aborted) {
          results.set(step.id, { id: step.id, title: step.title, outcome: 'cancelled', resourceId, changes: [], durationMs });
          opts.progress.finished(step.id, 'cancelled', 'interrupted; `resume` continues it');
          throw err;
        }
        const error = opts.describeError(err);
        // The failed record keeps `operation` so a later run knows a create was attempted.
        await opts.state.update(step.id, { status: 'failed', error, resourceId, finishedAt: new Date().toISOString(), durationMs });
        results.set(step.id, { id: step.id, title: step.title, outcome: 'failed', resourceId, changes: [], durationMs, error });
        opts.progress.finished(step.id, 'failed', error.code ? `${error.code}: ${error.message}` : error.message);
        throw err;
      }
    }),
  });

  for (const s of enabled) {
    const o = outcomes.get(s.id);
    if (!results.has(s.id)) {
      const outcome: StepOutcome = o === 'cancelled' ? 'cancelled' : 'skipped';
      results.set(s.id, { id: s.id, title: s.title, outcome, changes: [], durationMs: 0 });
      opts.progress.finished(s.id, outcome, outcome === 'skipped' ? 'not started: a dependency failed' : 'not started: interrupted');
    }
  }
  await opts.progress.close();
  return { results: enabled.map((s) => results.get(s.id)!), interrupted: opts.signal.aborted };
}

/** Plan: read and diff every enabled step, write nothing. */
export async function plan<Env>(opts: Omit<RunOptions<Env>, 'state'> & { state: StateStore }): Promise<RunResult> {
  const enabled = restrict(opts.steps, (s) => s.enabled(opts.env));
  const outputs = new Map<string, Record<string, string>>();
  const results = new Map<string, StepResult>();
  await schedule({
    nodes: enabled,
    concurrency: opts.concurrency,
    signal: opts.signal,
    run: async (step) => {
      opts.progress.started(step.id);
      const ctx = makeContext(step, opts.env, outputs, { progress: opts.progress, state: opts.state, signal: opts.signal, lenient: true });
      const resourceId = step.resourceId(ctx);
      try {
        const desired = step.desired(ctx);
        // What a planned creation has not produced yet cannot be read: it is a creation too.
        const unknown = resourceId.includes(KNOWN_AFTER_APPLY) || JSON.stringify(desired).includes(KNOWN_AFTER_APPLY);
        let observed: unknown;
        try {
          observed = resourceId.includes(KNOWN_AFTER_APPLY) ? undefined : await step.read(ctx);
        } catch (e) {
          if (!unknown) throw e;
          observed = undefined;
        }
        const changes = step.diff(desired, observed);
        const outcome: StepOutcome = observed === undefined ? 'created' : changes.length ? 'updated' : 'in sync';
        if (observed !== undefined) outputs.set(step.id, step.outputs(observed, ctx));
        results.set(step.id, { id: step.id, title: step.title, outcome, resourceId, changes, durationMs: 0 });
        opts.progress.finished(step.id, 'planned', outcome === 'created' ? 'to create' : outcome === 'updated' ? `${changes.length} change(s)` : 'no changes');
      } catch (err) {
        const error = opts.describeError(err);
        results.set(step.id, { id: step.id, title: step.title, outcome: 'failed', resourceId, changes: [], durationMs: 0, error });
        opts.progress.finished(step.id, 'failed', error.message);
        throw err;
      }
    },
  });
  await opts.progress.close();
  return { results: enabled.map((s) => results.get(s.id) ?? { id: s.id, title: s.title, outcome: 'skipped', changes: [], durationMs: 0 }), interrupted: opts.signal.aborted };
}

/**
 * Teardown: reverse dependency order. `verdict` decides per step whether its resource is ours to
 * delete (state says we created it and it still carries our tag); anything else is left alone.
 */
export async function removeAll<Env>(opts: RunOptions<Env> & { verdict: (step: AnyStep<Env>, ctx: StepContext<Env>) => Promise<true | string> }): Promise<RunResult> {
  const now = opts.now ?? Date.now;
  const order = reverse(restrict(opts.steps, () => true));
  // The scheduler walks reversed copies; each step itself keeps its real dependencies.
  const original = new Map(opts.steps.map((s) => [s.id, s]));
  const results = new Map<string, StepResult>();
  const { outcomes } = await schedule({
    nodes: order,
    concurrency: opts.concurrency,
    serialKey: (s) => s.serialKey?.(opts.env),
    signal: opts.signal,
    run: (reversed) => withReporter((m) => opts.progress.message(reversed.id, m), async () => {
      const step = original.get(reversed.id)!;
      const t0 = now();
      const outputs = new Map(Object.entries(opts.state.snapshot.steps).filter(([, r]) => r.outputs).map(([id, r]) => [id, r.outputs!]));
      const ctx = makeContext(step, opts.env, outputs, { progress: opts.progress, state: opts.state, signal: opts.signal, lenient: true });
      const resourceId = opts.state.step(step.id)?.resourceId ?? step.resourceId(ctx);
      let verdict: true | string;
      try {
        verdict = await opts.verdict(step, ctx);
      } catch (err) {
        const error = opts.describeError(err);
        results.set(step.id, { id: step.id, title: step.title, outcome: 'failed', resourceId, changes: [], durationMs: now() - t0, error });
        opts.progress.finished(step.id, 'failed', `cannot tell whether it is ours: ${error.message}`);
        throw err;
      }
      if (verdict !== true) {
        results.set(step.id, { id: step.id, title: step.title, outcome: 'skipped', resourceId, changes: [], durationMs: 0, error: { message: verdict } });
        opts.progress.finished(step.id, 'skipped', verdict);
        return;
      }
      opts.progress.started(step.id);
      try {
        await opts.state.update(step.id, { status: 'deleting', operation: 'delete' });
        await step.remove(ctx);
        const durationMs = now() - t0;
        await opts.state.update(step.id, { status: 'deleted', outputs: undefined, poller: undefined, error: undefined, finishedAt: new Date().toISOString(), durationMs });
        results.set(step.id, { id: step.id, title: step.title, outcome: 'deleted', resourceId, changes: [], durationMs });
        opts.progress.finished(step.id, 'deleted', `${(durationMs / 1000).toFixed(1)}s`);
      } catch (err) {
        const error = opts.describeError(err);
        await opts.state.update(step.id, { status: 'failed', error });
        results.set(step.id, { id: step.id, title: step.title, outcome: opts.signal.aborted ? 'cancelled' : 'failed', resourceId, changes: [], durationMs: now() - t0, error });
        opts.progress.finished(step.id, 'failed', error.message);
        throw err;
      }
    }),
  });
  for (const s of order) if (!results.has(s.id)) results.set(s.id, { id: s.id, title: s.title, outcome: outcomes.get(s.id) === 'cancelled' ? 'cancelled' : 'skipped', changes: [], durationMs: 0 });
  await opts.progress.close();
  return { results: order.map((s) => results.get(s.id)!), interrupted: opts.signal.aborted };
}

/**
 * Preflight: before the first write, every enabled step with checks whose resource does not exist
 * yet runs them; all problems come back at once. The reads are handed on to `converge`.
 */
export async function preflight<Env>(opts: { steps: readonly AnyStep<Env>[]; env: Env; state: StateStore; signal: AbortSignal }): Promise<{ problems: Problem[]; prefetched: Map<string, unknown> }> {
  const prefetched = new Map<string, unknown>();
  const problems: Problem[] = [];
  const checked = opts.steps.filter((s) => s.enabled(opts.env) && s.preflight);
  await Promise.all(checked.map(async (step) => {
    const ctx = makeContext(step, opts.env, new Map(), { progress: silentProgress, state: opts.state, signal: opts.signal, lenient: true });
    const observed = await step.read(ctx);
    prefetched.set(step.id, observed);
    if (observed === undefined) problems.push(...(await step.preflight!(ctx)).map((p) => ({ ...p, stepId: step.id })));
  }));
  return { problems, prefetched };
}

