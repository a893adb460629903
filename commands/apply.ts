// `apply`: converge the environment to the config. Thin: wiring of config, engine and steps.
import { describeArmError, toAuthErrorIfAny } from '../src/azure/arm-error.js';
import { converge } from '../src/engine/run.js';
import { progressFor } from '../src/engine/render.js';
import { DeclinedError, InterruptedError, StepFailedError, UsageError } from '../src/errors.js';
import type { CommonOptions } from '../src/options.js';
import { canPrompt, type Io } from '../src/ui/io.js';
import { printSummary } from '../src/ui/summary.js';
import { steps } from '../steps/index.js';
import { accessDetails } from './support/endpoints.js';
import { runPreflight } from './support/preflight.js';
import { openSession, type Session } from './support/session.js';

export async function apply(o: CommonOptions, io: Io): Promise<number> {
  const interactive = canPrompt(io, o.prompt === false);
  const session = await openSession(o, io, 'apply', undefined, () => {
    if (!o.yes && !interactive) {
      throw new UsageError('apply changes Azure resources and asks for confirmation, but this is not an interactive terminal.', [{ path: '--yes', message: 'required without a terminal' }],
        'Pass -y (--yes) to apply without asking.');
    }
  });
  try {
    if (!o.yes) {
      const { confirm } = await import('@inquirer/prompts');
      const ok = await confirm({ message: `Apply environment "${session.loaded.config.environment}" in ${session.loaded.config.location}?`, default: false }, { input: io.stdin, output: io.stderr });
      if (!ok) throw new DeclinedError('Nothing was changed.');
    }
    return await runConverge(session, o, io, 'apply');
  } finally {
    await session.close();
  }
}

/** Shared by apply and resume: run the registry, print the summary, map the outcome to an exit code. */
export async function runConverge(session: Session, o: CommonOptions, io: Io, command: string): Promise<number> {
  if (session.target.kind === 'simulate') {
    io.stderr.write(`SIMULATION: every call goes to the embedded ARM simulator in ${session.target.dir}; nothing real is created.\n`);
  }
  const prefetched = await runPreflight(session, steps);
  const enabled = steps.filter((s) => s.enabled(session.env));
  const progress = progressFor(enabled.map((s) => ({ id: s.id, title: s.title, typicalSeconds: s.typicalSeconds })), io.stderr);
  const result = await converge({
    steps, env: session.env, state: session.state, progress, concurrency: session.concurrency, signal: session.signal,
    describeError: (e) => describeArmError(e), prefetched,
  });
  const failed = result.results.filter((r) => r.outcome === 'failed');
  const status = result.interrupted ? 'interrupted' : failed.length ? 'failed' : 'succeeded';
  const next = status === 'succeeded'
    ? (session.target.kind === 'simulate' ? [`secure-aml sim dump --simulate ${session.target.dir}`] : [])
    : [session.resumeCommand];
  const access = accessDetails(session.state.snapshot, session.env.tenantId);
  const details: Record<string, unknown> = {};
  if (access.studioUrl) details.studioUrl = access.studioUrl;
  if (access.privateEndpoints.length) {
    details.privateEndpoints = o.output === 'json' ? access.privateEndpoints : access.privateEndpoints.map((p) => `${p.endpoint.padEnd(9)} ${p.ip.padEnd(15)} ${p.fqdn}`);
    details.hostsFile = access.hostsFile;
  }
  printSummary(io, o.output ?? 'text', {
    command, status, environment: session.loaded.config.environment, location: session.loaded.config.location,
    target: session.target.kind, steps: result.results, next, details,
  });
  if (result.interrupted) throw new InterruptedError('Interrupted: state is saved; operations in flight are recorded.', `Run \`${session.resumeCommand}\` to continue.`);
  if (failed.length) {
    for (const r of failed) {
      const auth = toAuthErrorIfAny(r.error && Object.assign(new Error(r.error.message), { code: r.error.code }));
      if (auth) throw auth;
    }
    throw new StepFailedError(
      `${failed.length} step(s) failed: ${failed.map((r) => `${r.id} (${r.error?.code ?? 'error'}: ${r.error?.message})`).join('; ')}. Everything already created is kept and recorded.`,
      failed.map((r) => ({ stepId: r.id, message: r.error?.message ?? '', code: r.error?.code })),
      `Run \`${session.resumeCommand}\` to continue from where it stopped.`,
    );
  }
  return 0;
}
