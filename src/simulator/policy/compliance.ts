// Compliance states as Azure Policy reports them (Microsoft.PolicyInsights policyStates/latest): one row per
// (assignment, resource) the definition applies to, Compliant / NonCompliant / Exempt; not-applicable
// resources give no row. A row exists only once the pair has been evaluated (Learn governance/policy/how-to/
// get-compliance-data, "Evaluation triggers"): a new or changed assignment after its first evaluation, a new or
// changed resource after its own, or anything a completed on-demand scan (triggerEvaluation) covered.
import { evaluatePolicy, type Finding } from '../../audit/policy.js';
import { latencyEntry, scaledMs, type LatencyConfig } from '../latency.js';
import { scopeContains } from '../providers/authorization/scope.js';
import { getRecord, key, recordsOfType, type CloudState, type ResourceRecord } from '../state.js';
import { POLICY_ASSIGNMENT_TYPE, assignmentProps, definitionOf, exemptionFor, parameterValues } from './assignments.js';
import { definitionNameOf } from './catalog.js';
import { renderedResources } from './resources.js';

export const TRIGGER_NAMESPACE = 'Microsoft.PolicyInsights';
export const TRIGGER_OPERATION = 'TriggerPolicyEvaluation';
/** Latency-model keys: a changed resource's evaluation; an on-demand scan. */
export const RESOURCE_EVALUATION_KEY = 'Microsoft.PolicyInsights/policyStates#resourceEvaluation';
export const SCAN_KEY = 'Microsoft.PolicyInsights/policyStates#triggerEvaluation';

export interface PolicyStateRow {
  timestamp: string;
  resourceId: string;
  policyAssignmentId: string;
  policyDefinitionId: string;
  effectiveParameters: string;
  isCompliant: boolean;
  subscriptionId: string;
  resourceType: string;
  resourceLocation: string;
  resourceGroup: string;
  resourceTags: string;
  policyAssignmentName: string;
  policyAssignmentOwner: string;
  policyAssignmentParameters: string;
  policyAssignmentScope: string;
  policyDefinitionName: string;
  policyDefinitionAction: string;
  policyDefinitionCategory: string;
  policySetDefinitionId: string;
  policySetDefinitionName: string;
  policySetDefinitionOwner: string;
  policySetDefinitionCategory: string;
  policySetDefinitionParameters: string;
  managementGroupIds: string;
  policyDefinitionReferenceId: string;
  complianceState: 'Compliant' | 'NonCompliant' | 'Exempt';
  policyDefinitionGroupNames: string[];
  policyDefinitionVersion: string;
  policySetDefinitionVersion: string;
  policyAssignmentVersion: string;
}

/** When the last completed on-demand scan covering `id` started and ended, if any. */
function lastScan(state: CloudState, id: string, now: number): { startedAt: number; endsAt: number } | undefined {
  let best: { startedAt: number; endsAt: number } | undefined;
  for (const op of Object.values(state.operations)) {
    if (op.namespace !== TRIGGER_NAMESPACE || op.status !== 'Succeeded' || op.endsAt > now || !scopeContains(op.targetId, id)) continue;
    if (!best || op.endsAt > best.endsAt) best = { startedAt: op.startedAt, endsAt: op.endsAt };
  }
  return best;
}

/** The record that carries a finding's resource (itself, or the parent whose GET body embeds it). */
function recordOf(state: CloudState, id: string): ResourceRecord | undefined {
  let cur = id;
  while (cur.split('/').length > 3) {
    const rec = getRecord(state, cur);
    if (rec) return rec;
    cur = cur.split('/').slice(0, -2).join('/');
  }
  return undefined;
}

/** When the pair was last evaluated, or undefined when it has not been yet. */
function evaluatedAt(state: CloudState, latency: LatencyConfig, assignment: ResourceRecord, rec: ResourceRecord, now: number): number | undefined {
  const readyAt = Number(assignmentProps(assignment).evaluatedAt);
  const resourceAt = rec.changedAt + scaledMs(latency, latencyEntry(RESOURCE_EVALUATION_KEY).createSeconds);
  const standard = readyAt <= now && resourceAt <= now ? Math.max(readyAt, resourceAt) : undefined;
  const scan = lastScan(state, rec.id, now);
  const scanned = scan && scan.startedAt >= assignment.changedAt && scan.startedAt >= rec.changedAt ? scan.endsAt : undefined;
  if (standard === undefined) return scanned;
  return scanned === undefined ? standard : Math.max(standard, scanned);
}

const DATE = (ms: number): string => new Date(ms).toISOString();

/** Rows for every evaluated (assignment, resource) pair with the resource inside `scopeId`. */
export function policyStates(state: CloudState, latency: LatencyConfig, sub: string, scopeId: string, now: number): PolicyStateRow[] {
  const assignments = recordsOfType(state, POLICY_ASSIGNMENT_TYPE).filter((a) => a.subscriptionId === key(sub));
  if (assignments.length === 0) return [];
  const rendered = renderedResources(state, sub);
  const bodies = rendered.map((r) => r.body);
  const rows: PolicyStateRow[] = [];
  for (const a of assignments) {
    const p = assignmentProps(a);
    const def = definitionOf(a);
    if (!def) continue;
    let findings: Finding[];
    try {
      findings = evaluatePolicy(def, bodies, { parameters: parameterValues(p) });
    } catch {
      // A definition the evaluator cannot read (an alias it does not map) produces no states here.
      continue;
    }
    for (const f of findings) {
      if (f.verdict === 'not-applicable') continue;
      if (!scopeContains(p.scope, f.resourceId) || p.notScopes.some((n) => scopeContains(n, f.resourceId))) continue;
      if (!scopeContains(scopeId, f.resourceId)) continue;
      const rec = recordOf(state, f.resourceId);
      if (!rec) continue;
      const at = evaluatedAt(state, latency, a, rec, now);
      if (at === undefined) continue;
      const exempt = exemptionFor(state, a.id, f.resourceId, now) !== undefined;
      const complianceState = exempt ? 'Exempt' : f.verdict === 'compliant' ? 'Compliant' : 'NonCompliant';
      const body = rendered.find((r) => key(r.body.id) === key(f.resourceId))?.body;
      const segments = f.resourceId.split('/');
      rows.push({
        timestamp: DATE(at),
        resourceId: f.resourceId,
        policyAssignmentId: a.id,
        policyDefinitionId: p.policyDefinitionId,
        effectiveParameters: '',
        isCompliant: complianceState !== 'NonCompliant',
        subscriptionId: a.subscriptionId,
        resourceType: String(body?.type ?? rec.type),
        resourceLocation: String(body?.location ?? rec.location ?? ''),
        resourceGroup: segments[4] ?? '',
        resourceTags: 'tbd',
        policyAssignmentName: a.name,
        policyAssignmentOwner: 'tbd',
        policyAssignmentParameters: JSON.stringify(p.parameters),
        policyAssignmentScope: p.scope,
        policyDefinitionName: definitionNameOf(p.policyDefinitionId) ?? '',
        policyDefinitionAction: f.effect.toLowerCase(),
        policyDefinitionCategory: 'tbd',
        policySetDefinitionId: '',
        policySetDefinitionName: '',
        policySetDefinitionOwner: '',
        policySetDefinitionCategory: '',
        policySetDefinitionParameters: '',
        managementGroupIds: '',
        policyDefinitionReferenceId: '',
        complianceState,
        policyDefinitionGroupNames: [''],
        policyDefinitionVersion: '1.0.0',
        policySetDefinitionVersion: '',
        policyAssignmentVersion: '',
      });
    }
  }
  return rows.sort((x, y) => (x.timestamp < y.timestamp ? 1 : x.timestamp > y.timestamp ? -1 : x.resourceId.localeCompare(y.resourceId)));
}
