// What the rest of the simulator needs to know about policy assignment and exemption records: their stored
// shape, the effect an assignment applies, which assignments cover a resource and which exemptions lift them.
import type { PolicyDefinition } from '../../audit/policy.js';
import { key, recordsOfType, type CloudState, type ResourceRecord } from '../state.js';
import { scopeContains } from '../providers/authorization/scope.js';
import { findBuiltin, definitionNameOf } from './catalog.js';

export const POLICY_ASSIGNMENT_TYPE = 'Microsoft.Authorization/policyAssignments';
export const POLICY_EXEMPTION_TYPE = 'Microsoft.Authorization/policyExemptions';

export interface AssignmentProps {
  displayName?: string;
  description?: string;
  policyDefinitionId: string;
  scope: string;
  notScopes: string[];
  /** Parameter values as assigned ({name: {value}}). */
  parameters: Record<string, { value: unknown }>;
  metadata: Record<string, unknown>;
  enforcementMode: 'Default' | 'DoNotEnforce';
  nonComplianceMessages?: { message: string; policyDefinitionReferenceId?: string }[];
  assignmentType?: string;
  instanceId: string;
  /** Simulator bookkeeping (never rendered): when the standard evaluation of a new assignment completes. */
  evaluatedAt: number;
  createdBy: string;
  updatedBy: string;
}

export interface ExemptionProps {
  policyAssignmentId: string;
  policyDefinitionReferenceIds: string[];
  exemptionCategory: 'Waiver' | 'Mitigated';
  expiresOn?: string;
  displayName?: string;
  description?: string;
  metadata: Record<string, unknown>;
  assignmentScopeValidation?: string;
  createdBy: string;
  updatedBy: string;
}

export const assignmentProps = (rec: ResourceRecord): AssignmentProps => rec.properties as unknown as AssignmentProps;
export const exemptionProps = (rec: ResourceRecord): ExemptionProps => rec.properties as unknown as ExemptionProps;

export const definitionOf = (rec: ResourceRecord): PolicyDefinition | undefined => {
  const name = definitionNameOf(assignmentProps(rec).policyDefinitionId);
  return name ? findBuiltin(name)?.def : undefined;
};

/** Assigned values only ({name: value}); the evaluator fills defaults. */
export const parameterValues = (p: AssignmentProps): Record<string, unknown> =>
  Object.fromEntries(Object.entries(p.parameters).map(([k, v]) => [k, v.value]));

/**
 * The effect the definition applies with these parameter values: a literal effect, or
 * "[parameters('x')]" resolved from the assignment or the parameter's defaultValue.
 */
export function effectiveEffect(def: PolicyDefinition, values: Record<string, unknown>): string {
  const raw = def.properties.policyRule.then.effect;
  const m = /^\[\s*parameters\(\s*'([^']+)'\s*\)\s*\]$/i.exec(raw.trim());
  if (!m) return raw;
  const given = Object.entries(values).find(([k]) => key(k) === key(m[1]));
  const declared = Object.entries(def.properties.parameters ?? {}).find(([k]) => key(k) === key(m[1]));
  return String(given ? given[1] : declared?.[1].defaultValue ?? '');
}

/** Assignments whose scope holds the resource id and whose notScopes do not. */
export function assignmentsCovering(state: CloudState, resourceId: string): ResourceRecord[] {
  return recordsOfType(state, POLICY_ASSIGNMENT_TYPE).filter((a) => {
    const p = assignmentProps(a);
    return scopeContains(p.scope, resourceId) && !p.notScopes.some((n) => scopeContains(n, resourceId));
  });
}

/** An unexpired exemption at or above the resource that names the assignment. */
export function exemptionFor(state: CloudState, assignmentId: string, resourceId: string, now: number): ResourceRecord | undefined {
  return recordsOfType(state, POLICY_EXEMPTION_TYPE).find((e) => {
    const p = exemptionProps(e);
    if (key(p.policyAssignmentId) !== key(assignmentId) || !scopeContains(String(e.parentId ?? ''), resourceId)) return false;
    return p.expiresOn === undefined || Date.parse(p.expiresOn) > now;
  });
}
