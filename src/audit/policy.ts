// Evaluates Azure Policy definitions (the built-ins shipped in templates/policies) against ARM
// resource bodies, so an environment can be audited offline against the same rules Azure applies.
//
//   evaluatePolicy(def, resources)  → one Finding per resource the rule's `type` condition targets
//   loadPolicies(dir)               → every *.json definition below dir
//
// Effects: Audit/Deny → non-compliant when `if` matches; AuditIfNotExists/DeployIfNotExists → for
// resources matching `if`, compliant iff a related resource satisfies details.existenceCondition;
// Modify/Append/Disabled/… → not-applicable (not an audit).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isBuiltinField, resolveAlias, UnknownAliasError } from './aliases.js';
import { evaluateCondition, explain, expressionContext, PolicyRuleError, ROOT_SCOPE, typeApplicability, type EvalEnv } from './conditions.js';
import { evaluateValue, isExpression, literalCallArgs, type ExpressionContext } from './expressions.js';
import { deriveAssessment, expandResources, findRelated } from './related.js';

export { UnknownAliasError } from './aliases.js';
export { PolicyRuleError } from './conditions.js';
export { ExpressionError } from './expressions.js';

export interface ArmResource {
  id: string;
  name: string;
  type: string;
  location?: string;
  kind?: string;
  tags?: Record<string, string>;
  sku?: unknown;
  identity?: unknown;
  properties?: Record<string, unknown>;
  [k: string]: unknown;
}

export interface PolicyDefinition {
  name?: string;
  properties: {
    displayName: string;
    policyRule: { if: unknown; then: { effect: string; details?: unknown } };
    parameters?: Record<string, { defaultValue?: unknown; allowedValues?: unknown[] }>;
    mode?: string;
  };
}

export type Verdict = 'compliant' | 'non-compliant' | 'not-applicable';

export interface Finding {
  policy: string;
  displayName: string;
  resourceId: string;
  verdict: Verdict;
  effect: string;
  reason?: string;
}

export interface EvaluateOptions {
  /** Assignment parameter values; definitions' defaultValue fills the rest. */
  parameters?: Record<string, unknown>;
  /** What `requestContext().apiVersion` returns. Compliance scans use the latest API version. */
  apiVersion?: string;
  /**
   * When an AuditIfNotExists rule needs a Defender for Cloud assessment (Microsoft.Security/assessments)
   * that was not supplied, compute it from the resource where related.ts knows how (default true).
   */
  deriveAssessments?: boolean;
}

/** A recent API version: compliance evaluation of existing resources uses the latest one. */
export const RECENT_API_VERSION = '2024-11-01';

const EFFECTS: Record<string, string> = {
  audit: 'Audit', deny: 'Deny', auditifnotexists: 'AuditIfNotExists', deployifnotexists: 'DeployIfNotExists',
  disabled: 'Disabled', modify: 'Modify', append: 'Append', denyaction: 'DenyAction', manual: 'Manual',
};

function resolveParameters(def: PolicyDefinition, given: Record<string, unknown> = {}): Record<string, unknown> {
  const declared = def.properties.parameters ?? {};
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(given)) {
    if (!Object.keys(declared).some((d) => d.toLowerCase() === key.toLowerCase())) {
      throw new PolicyRuleError(`${def.properties.displayName}: parameter '${key}' is not declared by the definition`);
    }
  }
  for (const [name, p] of Object.entries(declared)) {
    const givenKey = Object.keys(given).find((k) => k.toLowerCase() === name.toLowerCase());
    const value = givenKey !== undefined ? given[givenKey] : p.defaultValue;
    if (givenKey !== undefined && p.allowedValues && !p.allowedValues.some((a) => JSON.stringify(a) === JSON.stringify(value))) {
      throw new PolicyRuleError(`${def.properties.displayName}: parameter '${name}' = ${JSON.stringify(value)} is not one of ${JSON.stringify(p.allowedValues)}`);
    }
    out[name] = value;
  }
  return out;
}

function checkedParameters(params: Record<string, unknown>): Record<string, unknown> {
  // A proxy so that reading a parameter with no value (no default, none assigned) is an error, not undefined.
  return new Proxy(params, {
    get(target, key) {
      const v = target[key as string];
      if (v === undefined && typeof key === 'string' && key in target) throw new PolicyRuleError(`parameter '${key}' has no value and no defaultValue`);
      return v;
    },
  });
}

/** Every field/alias name a definition refers to, as written (built-in fields included), de-duplicated. */
export function collectFieldNames(def: PolicyDefinition): string[] {
  const names = new Set<string>();
  const fromExpression = (s: string) => {
    for (const fn of ['field', 'current']) for (const a of literalCallArgs(s, fn)) if (fn === 'field' || a.includes('/')) names.add(a);
  };
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) { n.forEach(walk); return; }
    if (isExpression(n)) { fromExpression(n); return; }
    if (!n || typeof n !== 'object') return;
    for (const [k, v] of Object.entries(n)) {
      if (k.toLowerCase() === 'field' && typeof v === 'string' && !isExpression(v)) names.add(v);
      else walk(v);
    }
  };
  const rule = def.properties.policyRule;
  walk(rule.if);
  const details = rule.then.details;
  if (details && typeof details === 'object' && !Array.isArray(details)) {
    const d = details as Record<string, unknown>;
    for (const k of Object.keys(d)) if (['existencecondition', 'name', 'type', 'resourcegroupname'].includes(k.toLowerCase())) walk(d[k]);
  }
  return [...names];
}

/** The aliases a definition uses that have no mapping in ALIAS_TABLE (empty when all are known). */
export function unknownAliases(def: PolicyDefinition): string[] {
  return collectFieldNames(def).filter((n) => !isBuiltinField(n) && resolveAlias(n) === undefined);
}

/** Expression context for effect/details values: parameters, and field() of the `if` resource. */
function ruleContext(parameters: Record<string, unknown>, apiVersion: string, resource?: ArmResource): ExpressionContext {
  const r = resource ?? ({ id: '', name: '', type: '' } as ArmResource);
  return expressionContext({ resource: r, fieldFnResource: r, parameters, apiVersion }, ROOT_SCOPE);
}

function effectOf(def: PolicyDefinition, parameters: Record<string, unknown>, apiVersion: string): string {
  const raw = evaluateValue(def.properties.policyRule.then.effect, ruleContext(parameters, apiVersion));
  const name = EFFECTS[String(raw).toLowerCase()];
  if (!name) throw new PolicyRuleError(`${def.properties.displayName}: unknown effect ${JSON.stringify(raw)}`);
  return name;
}

function describeFailure(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Evaluates one definition against a set of resources. Returns a finding for each resource whose type
 * the rule's `field: type` condition targets (child resources embedded in GET bodies, such as a VNet's
 * subnets, are evaluated too). Throws UnknownAliasError if the definition uses an unmapped alias.
 */
export function evaluatePolicy(def: PolicyDefinition, resources: ArmResource[], opts: EvaluateOptions = {}): Finding[] {
  const { displayName } = def.properties;
  const policy = def.name ?? displayName;
  const unknown = unknownAliases(def);
  if (unknown.length) throw new UnknownAliasError(unknown, displayName);
  const apiVersion = opts.apiVersion ?? RECENT_API_VERSION;
  const parameters = checkedParameters(resolveParameters(def, opts.parameters));
  const effect = effectOf(def, parameters, apiVersion);
  const rule = def.properties.policyRule;
  const all = expandResources(resources);
  const findings: Finding[] = [];
  const isAudit = effect === 'Audit' || effect === 'Deny';
  const isExistence = effect === 'AuditIfNotExists' || effect === 'DeployIfNotExists';

  for (const resource of all) {
    const env: EvalEnv = { resource, fieldFnResource: resource, parameters, apiVersion };
    const base = { policy, displayName, resourceId: resource.id, effect };
    let applicable: boolean | undefined;
    try {
      applicable = typeApplicability(rule.if, env);
    } catch (e) {
      if (e instanceof UnknownAliasError) throw e;
      findings.push({ ...base, verdict: 'non-compliant', reason: `evaluation failed: ${describeFailure(e)}` });
      continue;
    }
    if (applicable === false) continue;
    if (!isAudit && !isExistence) {
      findings.push({ ...base, verdict: 'not-applicable', reason: `effect ${effect} is not an audit` });
      continue;
    }
    try {
      const matched = evaluateCondition(rule.if, env);
      if (isAudit) {
        findings.push(matched
          ? { ...base, verdict: 'non-compliant', reason: explain(rule.if, env).join('; ') || 'if condition matched' }
          : { ...base, verdict: 'compliant' });
        continue;
      }
      if (!matched) {
        findings.push({ ...base, verdict: 'not-applicable', reason: `if condition not met: ${explain(rule.if, env).join('; ')}` });
        continue;
      }
      findings.push({ ...base, ...existenceVerdict(def, resource, all, parameters, apiVersion, opts) });
    } catch (e) {
      if (e instanceof UnknownAliasError) throw e;
      // Azure treats a failed evaluation as a match (an implicit deny).
      findings.push({ ...base, verdict: 'non-compliant', reason: `evaluation failed: ${describeFailure(e)}` });
    }
  }
  return findings;
}

function existenceVerdict(
  def: PolicyDefinition, resource: ArmResource, all: readonly ArmResource[], parameters: Record<string, unknown>, apiVersion: string, opts: EvaluateOptions,
): { verdict: Verdict; reason: string } {
  const details = def.properties.policyRule.then.details;
  if (!details || typeof details !== 'object' || Array.isArray(details)) throw new PolicyRuleError(`${def.properties.displayName}: existence effect without details`);
  const d = new Map(Object.entries(details as Record<string, unknown>).map(([k, v]) => [k.toLowerCase(), v]));
  const ctx = ruleContext(parameters, apiVersion, resource);
  const str = (k: string) => (d.has(k) ? String(evaluateValue(d.get(k), ctx)) : undefined);
  const type = str('type');
  if (!type) throw new PolicyRuleError(`${def.properties.displayName}: details.type is required`);
  const query = { type, name: str('name'), existenceScope: str('existencescope'), resourceGroupName: str('resourcegroupname') };
  const related = findRelated(resource, query, all);
  let candidates = related.candidates;
  let derivedNote = '';
  if (candidates.length === 0 && type.toLowerCase() === 'microsoft.security/assessments' && query.name && opts.deriveAssessments !== false) {
    const derived = deriveAssessment(resource, query.name);
    if (derived) {
      candidates = [derived];
      derivedNote = ` (assessment derived from the resource: status ${JSON.stringify((derived.properties as { status: { code: string } }).status.code)})`;
    }
  }
  if (candidates.length === 0) return { verdict: 'non-compliant', reason: `no related ${type} found at ${related.where}` };
  const cond = d.get('existencecondition');
  if (cond === undefined) return { verdict: 'compliant', reason: `related ${type} '${candidates[0].name}' exists${derivedNote}` };
  const reasons: string[] = [];
  for (const c of candidates) {
    const env: EvalEnv = { resource: c, fieldFnResource: resource, parameters, apiVersion };
    if (evaluateCondition(cond, env)) return { verdict: 'compliant', reason: `related ${type} '${c.name}' satisfies existenceCondition${derivedNote}` };
    reasons.push(`'${c.name}': ${explain(cond, env).join('; ')}`);
  }
  return { verdict: 'non-compliant', reason: `no related ${type} at ${related.where} satisfies existenceCondition${derivedNote} — ${reasons.join(' | ')}` };
}

/** Loads every *.json policy definition below `dir` (recursively, sorted by path). */
export function loadPolicies(dir: string): { file: string; def: PolicyDefinition }[] {
  const out: { file: string; def: PolicyDefinition }[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d).sort()) {
      const p = join(d, entry);
      if (statSync(p).isDirectory()) walk(p);
      else if (entry.toLowerCase().endsWith('.json')) {
        let def: PolicyDefinition;
        try {
          def = JSON.parse(readFileSync(p, 'utf8').replace(/^\uFEFF/, '')) as PolicyDefinition;
        } catch (e) {
          throw new Error(`${p}: not valid JSON: ${describeFailure(e)}`, { cause: e });
        }
        const rule = def?.properties?.policyRule;
        if (!rule || rule.if === undefined || !rule.then || typeof rule.then.effect !== 'string') {
          throw new Error(`${p}: not a policy definition (properties.policyRule.if/then.effect missing)`);
        }
        out.push({ file: p, def });
      }
    }
  };
  walk(dir);
  return out;
}

/** Evaluates many definitions; each finding carries the file it came from. */
export function evaluatePolicies(
  defs: readonly { file: string; def: PolicyDefinition }[], resources: ArmResource[], opts: EvaluateOptions & { parametersByPolicy?: Record<string, Record<string, unknown>> } = {},
): (Finding & { file: string })[] {
  return defs.flatMap(({ file, def }) => {
    const parameters = opts.parametersByPolicy?.[def.name ?? ''] ?? opts.parameters;
    return evaluatePolicy(def, resources, { ...opts, parameters }).map((f) => ({ ...f, file }));
  });
}
