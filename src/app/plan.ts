// The plan use case: what apply would do, per step (create / update / no-op / blocked / error) with
// the property diff, writing nothing. Used by `plan`, by `apply` before it asks, and by `init`.
import { describeArmError } from '../azure/arm-error.js';
import { plan as planSteps, type StepResult } from '../engine/run.js';
import { silentProgress } from '../engine/progress.js';
import type { Change } from '../engine/step.js';
import { UsageError, type Problem } from '../errors.js';
import type { CommonOptions } from '../options.js';
import type { Io } from '../ui/io.js';
import { steps } from '../../steps/index.js';
import { priorState } from './environment.js';
import { PreflightError, runPreflight } from './preflight.js';
import { turnedOff } from './turned-off.js';
import { openSession, type Session, type TargetKind } from './session.js';

export type PlanAction = 'create' | 'update' | 'delete' | 'no-op' | 'blocked' | 'error';

export interface PlanStep {
  id: string;
  title: string;
  action: PlanAction;
  resourceId?: string;
  changes: Change[];
  /** Preflight problems that block this step. */
  reasons: string[];
  error?: StepResult['error'];
}

export interface PlanResult {
  command: 'plan';
  status: 'blocked' | 'changes' | 'no-changes';
  environment: string;
  location: string;
  target: TargetKind;
  steps: PlanStep[];
  /** Preflight problems no single step owns (a resource provider not registered...). */
  problems: string[];
  counts: Record<PlanAction, number>;
  hasChanges: boolean;
  next: string[];
}

export interface PlanOptions extends CommonOptions { detailedExitcode?: boolean }

/** `plan`: opens its own session (the environment's lock) on the config file or the one state records. */
export async function planEnvironment(o: PlanOptions, io: Io): Promise<PlanResult> {
  let configFile = o.config;
  if (!configFile) configFile = (await priorState(o, io)).state?.configFile;
  if (!configFile) throw new UsageError('plan needs a config file.', [{ path: '--config', message: 'required' }], 'Pass -c <file>.');
  const session = await openSession(o, io, 'plan', configFile);
  try {
    let blocked: Problem[] = [];
    try {
      await runPreflight(session, steps);
    } catch (e) {
      if (!(e instanceof PreflightError)) throw e;
      blocked = e.problems;
    }
    const simulate = session.target.kind === 'simulate' ? ` --simulate ${o.simulate ?? io.env.SECURE_AML_SIMULATE}` : '';
    return await planWith(session, { blocked, applyCommand: `secure-aml apply -c ${configFile}${simulate}` });
  } finally {
    await session.close();
  }
}

/** Read and diff every enabled step in an open session; `blocked` are preflight problems already found. */
export async function planWith(session: Session, opts: { blocked?: Problem[]; applyCommand?: string } = {}): Promise<PlanResult> {
  const blocked = opts.blocked ?? [];
  const result = await planSteps({
    steps, env: session.env, state: session.state, progress: silentProgress, concurrency: session.concurrency, signal: session.signal,
    describeError: (e) => describeArmError(e),
  });
  const ids = new Set(result.results.map((r) => r.id));
  const rows: PlanStep[] = result.results.map((r) => {
    const reasons = blocked.filter((p) => p.stepId === r.id);
    const action: PlanAction = r.outcome === 'failed' ? 'error' : reasons.length ? 'blocked' : r.outcome === 'created' ? 'create' : r.outcome === 'updated' ? 'update' : 'no-op';
    return { id: r.id, title: r.title, action, resourceId: r.resourceId, changes: r.changes, reasons: reasons.map((p) => `${p.path}: ${p.message}`), error: r.error };
  });
  // Turned off in the config but created by secure-aml: apply deletes them (turned-off.ts).
  const off = turnedOff(steps, session);
  for (const s of [...off.before, ...off.after]) {
    const resourceId = session.state.step(s.id)?.resourceId;
    rows.push({ id: s.id, title: s.title, action: 'delete', resourceId, changes: [{ path: '(resource)', kind: 'remove', before: 'turned off in the config' }], reasons: [] });
  }
  const general = blocked.filter((p) => !p.stepId || !ids.has(p.stepId));
  const count = (a: PlanAction) => rows.filter((r) => r.action === a).length;
  const counts: Record<PlanAction, number> = { create: count('create'), update: count('update'), delete: count('delete'), 'no-op': count('no-op'), blocked: count('blocked'), error: count('error') };
  const hasChanges = counts.create + counts.update + counts.delete > 0;
  const errors = counts.error + counts.blocked + general.length;
  return {
    command: 'plan',
    status: errors ? 'blocked' : hasChanges ? 'changes' : 'no-changes',
    environment: session.env.config.environment,
    location: session.env.config.location,
    target: session.target.kind,
    steps: rows,
    problems: general.map((p) => `${p.path}: ${p.message}`),
    counts,
    hasChanges,
    next: hasChanges && !errors && opts.applyCommand ? [opts.applyCommand] : [],
  };
}

/** Exit code of `plan`: 1 on an error or a blocked step; --detailed-exitcode: 2 when there are changes. */
export function planExitCode(p: PlanResult, detailed: boolean): number {
  if (p.status === 'blocked') return 1;
  return detailed && p.hasChanges ? 2 : 0;
}
