// Deny at request time: ARM evaluates a PUT/PATCH body against every assignment covering the resource whose
// effect is Deny and whose enforcementMode is Default, before the resource provider sees the request, and
// refuses with 403 RequestDisallowedByPolicy (Learn azure-resource-manager/troubleshooting/
// error-policy-requestdisallowedbypolicy; the additionalInfo shape as seen in service responses quoted in
// public repositories). An exemption naming the assignment at or above the resource lifts the Deny.
import { evaluatePolicy, type ArmResource as PolicyResource } from '../../audit/policy.js';
import { ArmError } from '../errors.js';
import { providerForType } from '../providers/registry.js';
import { getRecord, key, type CloudState } from '../state.js';
import { POLICY_ASSIGNMENT_TYPE, assignmentProps, assignmentsCovering, definitionOf, effectiveEffect, exemptionFor, parameterValues } from './assignments.js';
import { definitionNameOf, findBuiltin } from './catalog.js';

/** 403 RequestDisallowedByPolicy with `target` and `additionalInfo` (ARM's body carries both). */
class RequestDisallowedByPolicy extends ArmError {
  constructor(
    message: string,
    private readonly target: string,
    private readonly additionalInfo: unknown[],
  ) {
    super(403, 'RequestDisallowedByPolicy', message);
  }

  override body(): Record<string, unknown> {
    return { error: { code: this.code, target: this.target, message: this.message, additionalInfo: this.additionalInfo } };
  }
}

export interface WriteRequest {
  id: string;
  type: string;
  name: string;
  /** The resource as it will be: the PUT body, or the current body with a PATCH merged in. */
  body: Record<string, unknown>;
  /** The request's api-version: what requestContext().apiVersion returns in the rule. */
  apiVersion?: string;
}

/** Cheap pre-check: no assignment anywhere means no Deny (runs on every write). */
export const anyAssignment = (state: CloudState): boolean => Object.values(state.resources).some((r) => r.type === POLICY_ASSIGNMENT_TYPE);

export function assertAllowedByPolicy(state: CloudState, now: number, req: WriteRequest): void {
  const denying = assignmentsCovering(state, req.id).filter((a) => {
    const p = assignmentProps(a);
    const def = definitionOf(a);
    return p.enforcementMode === 'Default' && def !== undefined && effectiveEffect(def, parameterValues(p)).toLowerCase() === 'deny' && !exemptionFor(state, a.id, req.id, now);
  });
  if (denying.length === 0) return;
  const resource: PolicyResource = { ...(req.body as Partial<PolicyResource>), id: req.id, name: req.name, type: req.type };
  const violations = denying.flatMap((a) => {
    const def = definitionOf(a)!;
    let findings;
    try {
      findings = evaluatePolicy(def, [resource], { parameters: parameterValues(assignmentProps(a)), deriveAssessments: false, ...(req.apiVersion ? { apiVersion: req.apiVersion } : {}) });
    } catch {
      // A definition the evaluator cannot read (an alias it does not map) is not enforced here.
      return [];
    }
    return findings.some((f) => key(f.resourceId) === key(req.id) && f.verdict === 'non-compliant') ? [a] : [];
  });
  if (violations.length === 0) return;
  const identifiers = violations.map((a) => {
    const p = assignmentProps(a);
    const d = findBuiltin(definitionNameOf(p.policyDefinitionId) ?? '');
    return {
      policyAssignment: { name: p.displayName ?? a.name, id: a.id },
      policyDefinition: { name: d?.def.properties.displayName ?? p.policyDefinitionId, id: p.policyDefinitionId, version: String((d?.raw.properties as { version?: string } | undefined)?.version ?? '1.0.0') },
    };
  });
  const info = violations.map((a) => {
    const p = assignmentProps(a);
    const d = findBuiltin(definitionNameOf(p.policyDefinitionId) ?? '');
    return {
      type: 'PolicyViolation',
      info: {
        policyDefinitionDisplayName: d?.def.properties.displayName,
        policyDefinitionId: p.policyDefinitionId,
        policyDefinitionName: d?.name,
        policyDefinitionEffect: 'deny',
        policyAssignmentId: a.id,
        policyAssignmentName: a.name,
        policyAssignmentDisplayName: p.displayName ?? a.name,
        policyAssignmentScope: p.scope,
        policyAssignmentParameters: p.parameters,
        policyExemptionIds: [],
      },
    };
  });
  throw new RequestDisallowedByPolicy(`Resource '${req.name}' was disallowed by policy. Policy identifiers: '${JSON.stringify(identifiers)}'.`, req.name, info);
}

/**
 * The front door's hook (index.ts): a PUT or PATCH of `id` with this JSON body. A PATCH is judged on the
 * current body with the patch merged in (top level and properties). Bodies that are not JSON objects are left
 * to the provider's own refusal.
 */
export function checkWrite(state: CloudState, now: number, method: string, id: string, type: string, bodyText: string | undefined, apiVersion?: string): void {
  if (!anyAssignment(state)) return;
  let body: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(bodyText ?? '');
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return;
    body = parsed as Record<string, unknown>;
  } catch {
    return;
  }
  if (method === 'PATCH') {
    const rec = getRecord(state, id);
    const current = rec ? ((providerForType(rec.type)?.render(state, rec) ?? {}) as Record<string, unknown>) : {};
    const props = { ...((current.properties as Record<string, unknown>) ?? {}), ...((body.properties as Record<string, unknown>) ?? {}) };
    body = { ...current, ...body, properties: props };
  }
  const name = id.split('/').pop() ?? '';
  assertAllowedByPolicy(state, now, { id, type, name, body, apiVersion });
}
