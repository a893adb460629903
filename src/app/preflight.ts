// Preflight before the first write (DESIGN §3): resource providers registered, and each step's own
// checks (global names available, no soft-deleted namesake). All problems at once; exit 2. Problems
// from a step's own checks carry its id (the engine sets it), so `plan` can mark that step blocked.
import { classifyArmError, toAuthErrorIfAny } from '../azure/arm-error.js';
import { providerRegistration } from '../azure/raw.js';
import { preflight } from '../engine/run.js';
import { SecureAmlError, UsageError, type Problem } from '../errors.js';
import type { AzureStep, StepEnv } from '../../steps/env.js';
import type { Session } from './session.js';

/** Provider namespaces the enabled steps write to, read off their resource ids. */
export function namespacesOf(ids: string[]): string[] {
  const found = new Set<string>();
  for (const id of ids) {
    const m = [...id.matchAll(/\/providers\/([^/]+)\//gi)].pop();
    if (m) found.add(m[1]);
  }
  return [...found].sort();
}

export class PreflightError extends UsageError {}

/** Prefetched reads for converge; throws a UsageError (exit 2) listing every problem. */
export async function runPreflight(session: Session, steps: readonly AzureStep[]): Promise<Map<string, unknown>> {
  const env: StepEnv = session.env;
  try {
    const enabled = steps.filter((s) => s.enabled(env));
    const fakeCtx = { env, outputs: () => new Proxy({}, { get: () => '' }) } as never;
    const namespaces = namespacesOf(enabled.map((s) => { try { return s.resourceId(fakeCtx); } catch { return ''; } }));
    const problems: Problem[] = [];
    await Promise.all(namespaces.map(async (ns) => {
      const state = await providerRegistration(env.clients, env.subscriptionId, ns);
      if (state !== 'Registered') {
        problems.push({ path: `subscription ${env.subscriptionId}`, message: `resource provider ${ns} is ${state ?? 'unknown'}; register it with \`az provider register --namespace ${ns}\`` });
      }
    }));
    const result = await preflight({ steps, env, state: session.state, signal: session.signal });
    problems.push(...result.problems);
    if (problems.length) {
      throw new PreflightError(`Preflight found ${problems.length} problem(s); nothing was created:\n` + problems.map((p) => `  - ${p.path}: ${p.message}`).join('\n'), problems, 'Fix the problems above and run the command again.');
    }
    return result.prefetched;
  } catch (e) {
    if (e instanceof SecureAmlError) throw e;
    const auth = toAuthErrorIfAny(e);
    if (auth) throw auth;
    const info = classifyArmError(e);
    throw new SecureAmlError(`Preflight could not complete: ${info.code ? info.code + ': ' : ''}${info.message}`, 'Check your connection and permissions, then run the command again.');
  }
}
