// Azure Policy's own verdicts on the environment (Microsoft.PolicyInsights 2019-10-01): the latest
// policy states of the resource group, and an on-demand evaluation scan
// (https://learn.microsoft.com/azure/governance/policy/how-to/get-compliance-data#on-demand-evaluation-scan:
// POST .../policyStates/latest/triggerEvaluation answers 202 with a Location to poll until 200).
import { armRequest, postAndPoll } from '../../src/azure/raw.js';
import type { StepEnv } from '../env.js';
import { POLICY_API } from './policy-plan.js';

/** One policy state as queryResults returns it (the fields audit reads). */
export interface PolicyState {
  resourceId: string;
  policyAssignmentId: string;
  policyDefinitionId?: string;
  policyDefinitionName?: string;
  complianceState?: string;
  isCompliant?: boolean;
  timestamp?: string;
}

const insights = (scope: string, action: string) => `${scope}/providers/Microsoft.PolicyInsights/policyStates/latest/${action}`;

/** Every latest policy state at the scope, following @odata.nextLink. */
export async function latestPolicyStates(env: StepEnv, scope: string): Promise<PolicyState[]> {
  const out: PolicyState[] = [];
  let path = insights(scope, 'queryResults');
  let query = '';
  for (let page = 0; page < 100; page++) {
    const r = await armRequest<{ value?: PolicyState[]; '@odata.nextLink'?: string }>(env.clients, 'POST', path, POLICY_API.insights, undefined, query);
    if (r.status === 404) return out;
    out.push(...(r.body?.value ?? []));
    const next = r.body?.['@odata.nextLink'];
    if (!next) return out;
    const url = new URL(next);
    url.searchParams.delete('api-version');
    path = url.pathname;
    query = url.searchParams.toString() ? `&${url.searchParams.toString()}` : '';
  }
  return out;
}

export interface ScanOptions {
  signal?: AbortSignal;
  /** Azure time to wait for the scan (default 30 minutes; large scopes take longer, Learn says). */
  deadlineMs?: number;
}

/** Starts an on-demand evaluation of the scope and waits for it (Location polling, Retry-After, a deadline). */
export async function evaluateNow(env: StepEnv, scope: string, o: ScanOptions = {}): Promise<void> {
  await postAndPoll(env.clients, insights(scope, 'triggerEvaluation'), POLICY_API.insights, undefined, {
    pollMs: env.pollIntervalMs, timeScale: env.timeScale, signal: o.signal, deadlineMs: o.deadlineMs ?? 30 * 60_000,
  });
}
