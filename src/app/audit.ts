// The audit use case: read every resource of the environment back from ARM and hold it to
// Microsoft's built-in Azure Policy definitions shipped in templates/policies; where the environment's
// policy assignments exist (steps/policy.ts), set Azure Policy's own compliance states beside each
// offline verdict and flag where the two disagree (`scan` asks Azure to evaluate first).
import path from 'node:path';
import type { GenericResource } from '@azure/arm-resources';
import { classifyArmError, isNotFound } from '../azure/arm-error.js';
import { evaluatePolicy, loadPolicies, type ArmResource, type Finding } from '../audit/policy.js';
import { AuditFindingsError } from '../errors.js';
import type { CommonOptions } from '../options.js';
import { templatePath } from '../paths.js';
import type { StateDoc } from '../state/state.js';
import type { Io } from '../ui/io.js';
import type { StepEnv } from '../../steps/env.js';
import { apiVersionForType, typeOfId } from '../../steps/support/ids.js';
import { evaluateNow, latestPolicyStates, type PolicyState } from '../../steps/support/policy-insights.js';
import { plannedAssignments, type PlannedAssignment } from '../../steps/support/policy-plan.js';
import { rgId } from '../../steps/env.js';
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
  /** The offline verdict for the definition as a whole. */
  offline: OfflineVerdict;
  /** Azure Policy's verdict from the assignment's compliance states (audit against an environment with assignments). */
  azure?: AzureDefinitionState;
}

export type OfflineVerdict = 'Compliant' | 'NonCompliant' | 'Exempt' | 'not applicable' | 'not evaluated offline';
export type AzureVerdict = 'Compliant' | 'NonCompliant' | 'Exempt' | 'not yet evaluated' | 'no resource evaluated';

/** What Azure Policy says about one definition's assignment in the environment. */
export interface AzureDefinitionState {
  verdict: AzureVerdict;
  assignmentId: string;
  /** Resources with a state, and how many of them are non-compliant / exempt. */
  resources: number;
  nonCompliant: number;
  exempt: number;
  /** Azure and the offline evaluation say opposite things (Compliant vs NonCompliant). */
  disagrees: boolean;
  /** Resources Azure finds non-compliant. */
  nonCompliantResources: string[];
}

/** Azure Policy's compliance states for the environment, when its assignments exist. */
export interface AzureCompliance {
  /** The assignments were found in state (policy.assign and an apply); false: nothing to read. */
  assigned: boolean;
  /** An on-demand evaluation ran and finished before the states were read. */
  scanned: boolean;
  states: PolicyState[];
  /** Why Azure's states could not be read (permissions on Microsoft.PolicyInsights, a scan that timed out). */
  error?: string;
  /** notEvaluated: no state yet (or, after a scan, no resource the assignment applies to). */
  counts: { definitions: number; compliant: number; nonCompliant: number; exempt: number; notEvaluated: number; disagreements: number };
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
  /** Azure Policy's own compliance states beside the offline verdicts. */
  azure: AzureCompliance;
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
    // Policy assignments and exemptions are the audit's instruments, not audited resources (and are read
    // at their own versions); Defender pricings are subscription settings.
    if (/^microsoft\.authorization\/policy/i.test(type)) continue;
    const api = apiVersionForType(type);
    if (!api) continue;
    try {
      const r = (await client.getById(id, api)) as GenericResource & { type?: string };
      out.push(...flatten({ ...(r as object), id: r.id ?? id, name: r.name ?? id.split('/').pop()!, type: r.type ?? type } as ArmResource));
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }
  out.push(...(await zoneGroupsOf(env, out)));
  return out;
}

/**
 * A private endpoint's DNS zone groups are child resources its GET does not embed; Azure Policy evaluates
 * them as resources of their own (Workspace_PrivateDnsZones_DINE looks for one), so they are listed too.
 */
async function zoneGroupsOf(env: StepEnv, resources: ArmResource[]): Promise<ArmResource[]> {
  const endpoints = resources.filter((r) => r.type.toLowerCase() === 'microsoft.network/privateendpoints');
  if (!endpoints.length) return [];
  const network = await env.clients.network();
  const out: ArmResource[] = [];
  for (const pe of endpoints) {
    const rg = /\/resourceGroups\/([^/]+)/i.exec(pe.id)?.[1] ?? env.names.resourceGroup;
    try {
      for await (const g of network.privateDnsZoneGroups.list(pe.name, rg)) {
        if (g.id) out.push({ ...(g as object), id: g.id, name: g.name ?? g.id.split('/').pop()!, type: 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups', properties: { privateDnsZoneConfigs: g.privateDnsZoneConfigs ?? [] } } as ArmResource);
      }
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }
  return out;
}

const lower = (s: string | undefined) => (s ?? '').toLowerCase();

/** The offline verdict of one definition: any finding decides NonCompliant, any evaluation Compliant. */
function offlineVerdict(d: { evaluated: number; nonCompliant: number; exemption?: string; effect: string }): OfflineVerdict {
  if (d.exemption) return 'Exempt';
  if (d.nonCompliant > 0) return 'NonCompliant';
  if (d.evaluated > 0) return 'Compliant';
  return /^(audit|deny|auditifnotexists|deployifnotexists)$/i.test(d.effect) ? 'not applicable' : 'not evaluated offline';
}

/** Azure's verdict on one assignment from its resources' states. */
function azureState(a: PlannedAssignment, states: PolicyState[], offline: OfflineVerdict, scanned: boolean): AzureDefinitionState {
  const mine = states.filter((s) => lower(s.policyAssignmentId) === lower(a.id));
  const count = (state: string) => mine.filter((s) => lower(s.complianceState) === lower(state)).length;
  const nonCompliant = count('NonCompliant');
  const exempt = count('Exempt');
  // After a finished scan, an assignment without states had no resource to evaluate.
  const verdict: AzureVerdict = !mine.length ? (scanned ? 'no resource evaluated' : 'not yet evaluated') : nonCompliant ? 'NonCompliant' : exempt === mine.length ? 'Exempt' : 'Compliant';
  const disagrees = (verdict === 'NonCompliant' && (offline === 'Compliant' || offline === 'not applicable')) || (verdict === 'Compliant' && offline === 'NonCompliant');
  return {
    verdict, assignmentId: a.id, resources: mine.length, nonCompliant, exempt, disagrees,
    nonCompliantResources: mine.filter((s) => lower(s.complianceState) === 'noncompliant').map((s) => s.resourceId),
  };
}

export interface AuditRunOptions {
  withVerify?: boolean;
  /** Ask Azure Policy for an on-demand evaluation of the resource group and wait for it before reading the states. */
  scan?: boolean;
}

export async function auditEnvironment(o: CommonOptions, io: Io, opts: AuditRunOptions = {}): Promise<AuditResult> {
  const { configFile, state: prior } = await configFileFor(o, io, 'audit');
  const session = await openSession({ ...o, env: prior.environment }, io, 'audit', configFile);
  try {
    const resources = await collectResources(session.env, session.state.snapshot);
    const policies = loadPolicies(templatePath('policies'));
    const findings: (Finding & { file: string; definitionIndex: number })[] = [];
    const exempted: { policy: string; reason: string }[] = [];
    const definitions: AuditedDefinition[] = [];
    const exemptions = policyExemptions(session.env.config);
    const configured = policyParameters(session.env.config);
    // The parameters each definition is assigned with (effect, environment values); the config's otherwise.
    const planned = new Map(plannedAssignments(session.env).map((a) => [a.file, a]));
    const parametersOf = (base: string): Record<string, unknown> | undefined => {
      const a = planned.get(base);
      return a ? Object.fromEntries(Object.entries(a.parameters).map(([k, v]) => [k, v.value])) : configured[base];
    };
    for (const { file, def } of policies) {
      const base = path.basename(file);
      const parameters = parametersOf(base);
      const about = { id: def.name ?? base.replace(/\.json$/, ''), file: base, displayName: def.properties.displayName, description: (def.properties as { description?: string }).description, effect: effectOf(def, parameters) };
      if (exemptions[base]) {
        exempted.push({ policy: def.properties.displayName, reason: exemptions[base] });
        definitions.push({ ...about, evaluated: 0, nonCompliant: 0, exemption: exemptions[base], offline: 'Exempt' });
        continue;
      }
      const results = evaluatePolicy(def, resources, { parameters });
      for (const f of results) findings.push({ ...f, file: base, definitionIndex: definitions.length });
      const counted = { ...about, evaluated: results.filter((f) => f.verdict !== 'not-applicable').length, nonCompliant: results.filter((f) => f.verdict === 'non-compliant').length };
      definitions.push({ ...counted, offline: offlineVerdict(counted) });
    }
    const azure = await azureCompliance(session.env, session.state.snapshot, definitions, planned, { scan: opts.scan, signal: session.signal, io });
    const bad = findings.filter((f) => f.verdict === 'non-compliant');
    const evaluated = findings.filter((f) => f.verdict !== 'not-applicable');
    const verify = opts.withVerify ? await verifyWith(session, `secure-aml verify -e ${prior.environment}`) : undefined;
    return {
      command: 'audit', status: bad.length ? 'findings' : 'compliant', environment: prior.environment, resources: resources.length,
      policies: policies.length, evaluated: evaluated.length, findings: bad, exempted, definitions, azure, ...(verify ? { verify } : {}),
      next: bad.length ? [`secure-aml apply -c ${configFile}`] : [],
      failure: bad.length ? new AuditFindingsError(`${bad.length} policy finding(s).`, 'Run apply to bring the environment back to the secure baseline, then audit again.') : undefined,
    };
  } finally {
    await session.close();
  }
}

/** Azure Policy's states for the environment's assignments, set beside each definition (mutates `definitions`). */
async function azureCompliance(
  env: StepEnv, state: Readonly<StateDoc>, definitions: AuditedDefinition[], planned: Map<string, PlannedAssignment>,
  o: { scan?: boolean; signal: AbortSignal; io: Io },
): Promise<AzureCompliance> {
  const empty = { definitions: 0, compliant: 0, nonCompliant: 0, exempt: 0, notEvaluated: 0, disagreements: 0 };
  if (state.steps['policy-assignments']?.status !== 'done') return { assigned: false, scanned: false, states: [], counts: empty };
  const scope = rgId(env);
  let states: PolicyState[];
  try {
    if (o.scan) {
      o.io.stderr.write('audit: asking Azure Policy to evaluate the resource group now (an on-demand scan can take several minutes)…\n');
      await evaluateNow(env, scope, { signal: o.signal });
    }
    states = await latestPolicyStates(env, scope);
  } catch (e) {
    if (o.signal.aborted) throw e;
    // The offline verdicts stand on their own: a refused or timed-out read of Azure's states is reported, not fatal.
    const info = classifyArmError(e);
    return { assigned: true, scanned: false, states: [], counts: empty, error: `${info.code ? `${info.code}: ` : ''}${info.message}` };
  }
  const counts = { ...empty };
  for (const d of definitions) {
    const a = planned.get(d.file);
    if (!a) continue;
    d.azure = azureState(a, states, d.offline, Boolean(o.scan));
    counts.definitions++;
    if (d.azure.verdict === 'Compliant') counts.compliant++;
    else if (d.azure.verdict === 'NonCompliant') counts.nonCompliant++;
    else if (d.azure.verdict === 'Exempt') counts.exempt++;
    else counts.notEvaluated++;
    if (d.azure.disagrees) counts.disagreements++;
  }
  return { assigned: true, scanned: Boolean(o.scan), states, counts };
}
