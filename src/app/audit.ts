// The audit use case: read every resource of the environment back from ARM and hold it to
// Microsoft's built-in Azure Policy definitions shipped in templates/policies.
import path from 'node:path';
import type { GenericResource } from '@azure/arm-resources';
import { isNotFound } from '../azure/arm-error.js';
import { evaluatePolicy, loadPolicies, type ArmResource, type Finding } from '../audit/policy.js';
import { AuditFindingsError } from '../errors.js';
import type { CommonOptions } from '../options.js';
import { templatePath } from '../paths.js';
import type { StateDoc } from '../state/state.js';
import type { Io } from '../ui/io.js';
import type { StepEnv } from '../../steps/env.js';
import { apiVersionForType, typeOfId } from '../../steps/support/ids.js';
import { configFileFor } from './environment.js';
import { policyExemptions, policyParameters } from './policy-exemptions.js';
import { openSession } from './session.js';
import { verifyWith, type VerifyResult } from './verify.js';

/** A built-in definition the audit held the environment to (the SARIF rules, the report's table). */
export interface AuditedDefinition {
  /** The definition's name (its GUID in Azure), else the file name. */
  id: string;
  file: string;
  displayName: string;
  description?: string;
  effect: string;
  /** Resources it applied to, and how many of them were non-compliant. */
  evaluated: number;
  nonCompliant: number;
  /** Why the environment is exempt from it, when it is. */
  exemption?: string;
}

export interface AuditResult {
  command: 'audit';
  status: 'findings' | 'compliant';
  environment: string;
  /** How many resources were read back. */
  resources: number;
  policies: number;
  evaluated: number;
  /** Each with the index of its definition in `definitions` (two shipped files share a name). */
  findings: (Finding & { file: string; definitionIndex: number })[];
  exempted: { policy: string; reason: string }[];
  definitions: AuditedDefinition[];
  /** `verify`'s matrix over the same session, when asked for (the markdown report shows both). */
  verify?: VerifyResult;
  next: string[];
  /** Exit 5 after printing, when there are findings. */
  failure?: AuditFindingsError;
}

/** The effect an assignment with these parameters gets: the rule's literal effect or its parameter's value. */
function effectOf(def: { properties: { policyRule: { then: { effect: string } }; parameters?: Record<string, { defaultValue?: unknown }> } }, params: Record<string, unknown> = {}): string {
  const effect = def.properties.policyRule.then.effect;
  const m = /^\[parameters\('([^']+)'\)\]$/i.exec(effect);
  if (!m) return effect;
  return String(params[m[1]] ?? def.properties.parameters?.[m[1]]?.defaultValue ?? effect);
}

/** ARM ids the environment owns: each step's resource and the members of set steps (a Graph lookup is no ARM resource). */
function idsFromState(state: Readonly<StateDoc>): string[] {
  const ids = new Set<string>();
  for (const rec of Object.values(state.steps)) {
    if (rec.status !== 'done') continue;
    if (rec.resourceId) ids.add(rec.resourceId);
    if (rec.outputs?.members) for (const m of JSON.parse(rec.outputs.members) as string[]) ids.add(m);
  }
  return [...ids].filter((id) => id.toLowerCase().startsWith('/subscriptions/'));
}

/** Nested child resources ARM returns inside their parent (subnets, rules) become resources too. */
function flatten(r: ArmResource): ArmResource[] {
  const out: ArmResource[] = [r];
  for (const v of Object.values(r.properties ?? {})) {
    if (!Array.isArray(v)) continue;
    for (const c of v) if (c && typeof c === 'object' && typeof c.id === 'string' && typeof c.type === 'string' && c.properties) out.push(c as ArmResource);
  }
  return out;
}

/** Everything the state names plus everything else in the environment's resource group, read back. */
export async function collectResources(env: StepEnv, state: Readonly<StateDoc>): Promise<ArmResource[]> {
  const client = (await env.clients.resources()).resources;
  const ids = new Set(idsFromState(state).map((i) => i.toLowerCase()));
  const byId = new Map<string, string>(idsFromState(state).map((i) => [i.toLowerCase(), i]));
  try {
    for await (const r of client.listByResourceGroup(env.names.resourceGroup)) if (r.id && !ids.has(r.id.toLowerCase())) byId.set(r.id.toLowerCase(), r.id);
  } catch (e) {
    if (!isNotFound(e)) throw e;
  }
  const out: ArmResource[] = [];
  for (const id of byId.values()) {
    const type = typeOfId(id);
    const api = apiVersionForType(type);
    if (!api) continue;
    try {
      const r = (await client.getById(id, api)) as GenericResource & { type?: string };
      out.push(...flatten({ ...(r as object), id: r.id ?? id, name: r.name ?? id.split('/').pop()!, type: r.type ?? type } as ArmResource));
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }
  return out;
}

export async function auditEnvironment(o: CommonOptions, io: Io, opts: { withVerify?: boolean } = {}): Promise<AuditResult> {
  const { configFile, state: prior } = await configFileFor(o, io, 'audit');
  const session = await openSession({ ...o, env: prior.environment }, io, 'audit', configFile);
  try {
    const resources = await collectResources(session.env, session.state.snapshot);
    const policies = loadPolicies(templatePath('policies'));
    const findings: (Finding & { file: string; definitionIndex: number })[] = [];
    const exempted: { policy: string; reason: string }[] = [];
    const definitions: AuditedDefinition[] = [];
    const exemptions = policyExemptions(session.env.config);
    const parameters = policyParameters(session.env.config);
    for (const { file, def } of policies) {
      const base = path.basename(file);
      const about = { id: def.name ?? base.replace(/\.json$/, ''), file: base, displayName: def.properties.displayName, description: (def.properties as { description?: string }).description, effect: effectOf(def, parameters[base]) };
      if (exemptions[base]) {
        exempted.push({ policy: def.properties.displayName, reason: exemptions[base] });
        definitions.push({ ...about, evaluated: 0, nonCompliant: 0, exemption: exemptions[base] });
        continue;
      }
      const results = evaluatePolicy(def, resources, { parameters: parameters[base] });
      for (const f of results) findings.push({ ...f, file: base, definitionIndex: definitions.length });
      definitions.push({ ...about, evaluated: results.filter((f) => f.verdict !== 'not-applicable').length, nonCompliant: results.filter((f) => f.verdict === 'non-compliant').length });
    }
    const bad = findings.filter((f) => f.verdict === 'non-compliant');
    const evaluated = findings.filter((f) => f.verdict !== 'not-applicable');
    const verify = opts.withVerify ? await verifyWith(session, `secure-aml verify -e ${prior.environment}`) : undefined;
    return {
      command: 'audit', status: bad.length ? 'findings' : 'compliant', environment: prior.environment, resources: resources.length,
      policies: policies.length, evaluated: evaluated.length, findings: bad, exempted, definitions, ...(verify ? { verify } : {}),
      next: bad.length ? [`secure-aml apply -c ${configFile}`] : [],
      failure: bad.length ? new AuditFindingsError(`${bad.length} policy finding(s).`, 'Run apply to bring the environment back to the secure baseline, then audit again.') : undefined,
    };
  } finally {
    await session.close();
  }
}
