// The apply and resume use cases: preflight, (on a terminal) the plan and the question, then the
// registry converged, the outcome as a report. Nothing here prints the result: the command does.
import { describeArmError, toAuthErrorIfAny } from '../azure/arm-error.js';
import { converge, removeAll, type RunResult } from '../engine/run.js';
import { DeclinedError, InterruptedError, NoStateError, StepFailedError, type SecureAmlError } from '../errors.js';
import type { CommonOptions } from '../options.js';
import type { Io } from '../ui/io.js';
import { steps } from '../../steps/index.js';
import { priorState } from './environment.js';
import { progressOn } from './progress.js';
import { planWith, type PlanResult } from './plan.js';
import { runPreflight } from './preflight.js';
import { openSession, simulationNotice, type Session } from './session.js';
import { summarySections, type RunReport, type SummaryItem } from './summary.js';
import { oursToDelete, turnedOff } from './turned-off.js';
import { verifyWith } from './verify.js';

export interface ApplyHooks {
  /** Runs once the config is valid, before the lock is taken: throw to refuse (no terminal and no -y). */
  guard?(): void;
  /**
   * Shown the plan after preflight, before anything is written; resolve false to decline (exit 8,
   * nothing written). Absent (-y): apply without planning first. Not called when nothing would change.
   */
  confirm?(plan: PlanResult): Promise<boolean>;
}

export async function applyEnvironment(o: CommonOptions, io: Io, hooks: ApplyHooks = {}): Promise<RunReport> {
  const session = await openSession(o, io, 'apply', undefined, () => hooks.guard?.());
  try {
    simulationNotice(session, io, 'created');
    const prefetched = await runPreflight(session, steps);
    if (hooks.confirm) {
      const plan = await planWith(session);
      if (plan.hasChanges || plan.status === 'blocked') {
        if (!(await hooks.confirm(plan))) throw new DeclinedError('Declined: nothing was changed.');
      } else {
        io.stderr.write('No changes: the environment matches the config.\n');
      }
    }
    return await convergeWith(session, io, 'apply', prefetched, o.verify !== false);
  } finally {
    await session.close();
  }
}

/** `resume`: continue from the state of an interrupted or failed run (pending operations are re-attached). */
export async function resumeEnvironment(o: CommonOptions, io: Io): Promise<RunReport> {
  const { envName, stateDir, state: prior } = await priorState(o, io);
  if (!prior) throw new NoStateError(`No state for environment "${envName}" in ${stateDir}.`, 'Check -e and --state-dir, or start with `secure-aml apply -c <config>`.');
  const configFile = o.config ?? prior.configFile;
  if (!configFile) throw new NoStateError(`The state of "${envName}" records no config file.`, 'Pass it with -c <file>.');
  for (const [id, r] of Object.entries(prior.steps)) {
    if (r.status !== 'pending' && r.status !== 'failed') continue;
    io.stderr.write(`resume: ${id} was ${r.status}${r.poller ? ' with an operation in flight (re-attaching)' : ''}${r.error ? ` (${r.error.code ?? 'error'}: ${r.error.message})` : ''}\n`);
  }
  const done = Object.entries(prior.steps).filter(([, r]) => r.status === 'done').map(([id]) => id);
  if (done.length) io.stderr.write(`resume: ${done.length} step(s) already done (${done.join(', ')}); each is read once to confirm, nothing is rewritten\n`);
  const session = await openSession({ ...o, env: envName }, io, 'resume', configFile);
  try {
    simulationNotice(session, io, 'created');
    const prefetched = await runPreflight(session, steps);
    return await convergeWith(session, io, 'resume', prefetched, o.verify !== false);
  } finally {
    await session.close();
  }
}

/** Converge the registry in an open session (preflight already passed), progress on stderr. */
export async function convergeWith(session: Session, io: Io, command: string, prefetched?: Map<string, unknown>, withVerify = true): Promise<RunReport> {
  const enabled = steps.filter((s) => s.enabled(session.env));
  const off = turnedOff(steps, session);
  const removedBefore = await removeTurnedOff(session, io, off.before);
  const progress = progressOn(io, enabled.map((s) => ({ id: s.id, title: s.title, typicalSeconds: s.typicalSeconds })));
  const converged = removedBefore.interrupted || removedBefore.results.some((r) => r.outcome === 'failed')
    ? { results: [], interrupted: removedBefore.interrupted }
    : await converge({
      steps, env: session.env, state: session.state, progress, concurrency: session.concurrency, signal: session.signal,
      describeError: (e) => describeArmError(e), prefetched,
    });
  const clean = !converged.interrupted && !converged.results.some((r) => r.outcome === 'failed');
  const removedAfter = clean ? await removeTurnedOff(session, io, off.after) : { results: [], interrupted: false };
  const result = {
    results: [...removedBefore.results, ...converged.results, ...removedAfter.results].filter((r) => r.outcome !== 'skipped' || enabled.some((s) => s.id === r.id)),
    interrupted: removedBefore.interrupted || converged.interrupted || removedAfter.interrupted,
  };
  const failed = result.results.filter((r) => r.outcome === 'failed');
  const status = result.interrupted ? 'interrupted' : failed.length ? 'failed' : 'succeeded';
  const next = status === 'succeeded'
    ? (session.target.kind === 'simulate' ? [`secure-aml sim dump --simulate ${session.target.dir}`] : [])
    : [session.resumeCommand];
  let failure: SecureAmlError | undefined;
  if (result.interrupted) {
    failure = new InterruptedError('Interrupted: state is saved; operations in flight are recorded.', `Run \`${session.resumeCommand}\` to continue.`);
  } else if (failed.length) {
    for (const r of failed) failure ??= toAuthErrorIfAny(r.error && Object.assign(new Error(r.error.message), { code: r.error.code }));
    failure ??= new StepFailedError(
      `${failed.length} step(s) failed: ${failed.map((r) => `${r.id} (${r.error?.code ?? 'error'}: ${r.error?.message})`).join('; ')}. Everything already created is kept and recorded.`,
      failed.map((r) => ({ stepId: r.id, message: r.error?.message ?? '', code: r.error?.code })),
      `Run \`${session.resumeCommand}\` to continue from where it stopped.`,
    );
  }
  const sections = summarySections(session);
  if (status === 'succeeded' && withVerify) {
    const v = await verdict(session);
    sections.push(v.section);
    if (v.next) next.push(v.next);
  }
  return {
    command, status, environment: session.loaded.config.environment, location: session.loaded.config.location, target: session.target.kind,
    steps: result.results, sections, next, failure,
  };
}

/** Delete what the config turned off (turned-off.ts), with teardown's rule and progress. */
async function removeTurnedOff(session: Session, io: Io, list: readonly (typeof steps)[number][]): Promise<RunResult> {
  if (!list.length) return { results: [], interrupted: false };
  io.stderr.write(`turned off in the config, deleting: ${list.map((s) => s.id).join(', ')}\n`);
  const progress = progressOn(io, list.map((s) => ({ id: s.id, title: s.title, typicalSeconds: s.typicalSeconds })));
  return removeAll({
    steps: list, env: session.env, state: session.state, progress, concurrency: session.concurrency, signal: session.signal,
    describeError: (e) => describeArmError(e), verdict: oursToDelete(session),
  });
}

/** apply ends with verify's one-line verdict: the run succeeded, but does the environment work? */
async function verdict(session: Session): Promise<{ section: SummaryItem; next?: string }> {
  const command = session.resumeCommand.replace(/^secure-aml resume /, 'secure-aml verify ');
  try {
    const v = await verifyWith(session, command);
    const { counts } = v;
    const sections = (['required', 'exfiltration', 'personas'] as const).map((s) => `${s} ${counts.bySection[s].findings}`).join(', ');
    const line = v.status === 'holds'
      ? `holds: ${counts.rows} checks (required flows, exfiltration probes, personas)`
      : `${counts.findings} finding(s) in ${counts.rows} checks (${sections}): run verify for the matrix`;
    return { section: { key: 'verify', json: { status: v.status, counts }, lines: [line] }, next: v.status === 'holds' ? undefined : command };
  } catch (e) {
    return { section: { key: 'verify', json: { status: 'error', message: (e as Error).message }, lines: [`could not run: ${(e as Error).message}`] }, next: command };
  }
}
