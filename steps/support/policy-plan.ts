// What the environment's Azure Policy assignments are, derived once from the built-in definitions
// shipped in templates/policies (the ones seed 004 lists and the ones `audit` evaluates) and the
// config: one assignment per definition at the resource group, its effect, enforcement mode,
// parameters, identity, and the roles a remediating assignment needs. The policy module writes it,
// `audit` reads Azure's compliance states against it.
import path from 'node:path';
import { loadPolicies, type PolicyDefinition } from '../../src/audit/policy.js';
import { templatePath } from '../../src/paths.js';
import type { Config } from '../../src/config/schema.js';
import { policyParameters } from '../../src/app/policy-exemptions.js';
import { type StepEnv, rgId } from '../env.js';
import { ids } from './ids.js';
import { subnetId } from '../vnet.js';

/** policyAssignments at 2025-03-01, policyExemptions at 2022-07-01-preview (the repo's REST specs); PolicyInsights at 2019-10-01. */
export const POLICY_API = { assignments: '2025-03-01', exemptions: '2022-07-01-preview', insights: '2019-10-01' } as const;

/** The tag-like marker every assignment and exemption carries in metadata (policy resources have no tags). */
export const POLICY_MARK = 'secure-aml-env';

export interface ShippedDefinition {
  /** File name, e.g. Workspace_PrivateEndpoint_DINE.json (the key of policyExemptions/policyParameters). */
  file: string;
  /** The definition's name: its GUID in Azure. */
  guid: string;
  def: PolicyDefinition;
}

let shipped: ShippedDefinition[] | undefined;
/** Every built-in definition in templates/policies, in path order. */
export function shippedDefinitions(): ShippedDefinition[] {
  shipped ??= loadPolicies(templatePath('policies')).map(({ file, def }) => ({ file: path.basename(file), guid: def.name ?? path.basename(file, '.json'), def }));
  return shipped;
}

export const definitionId = (guid: string) => `/providers/Microsoft.Authorization/policyDefinitions/${guid}`;

type Details = { roleDefinitionIds?: string[] };
type Param = { allowedValues?: unknown[]; defaultValue?: unknown };

/** The parameter an "[parameters('x')]" effect reads, if any. */
function effectParameter(def: PolicyDefinition): string | undefined {
  return /^\[parameters\('([^']+)'\)\]$/i.exec(def.properties.policyRule.then.effect)?.[1];
}

function allowed(def: PolicyDefinition, param: string): string[] {
  return ((def.properties.parameters?.[param] as Param | undefined)?.allowedValues ?? []).map(String);
}

/** An allowed value equal to `want` (exactly, else case-insensitively, spelled as the definition spells it). */
const pick = (values: string[], want: string) => values.find((v) => v === want) ?? values.find((v) => v.toLowerCase() === want.toLowerCase());

export interface PlannedAssignment {
  file: string;
  guid: string;
  displayName: string;
  /** Assignment name: derived from the definition's GUID (<= 64 characters, Azure's limit at a resource group). */
  name: string;
  id: string;
  /** The effect the assignment applies. */
  effect: string;
  enforcementMode: 'Default' | 'DoNotEnforce';
  parameters: Record<string, { value: unknown }>;
  /** DeployIfNotExists / Modify: a system-assigned identity (and location) for remediation. */
  remediates: boolean;
  /** The roles the definition's details name for remediation (built-in role ids). */
  roleDefinitionIds: string[];
}

/**
 * The effect of each assignment: by default the definition's audit (Audit, AuditIfNotExists); with
 * `enforce`, Deny where the definition's allowedValues offer it. A definition with a literal Deny (no
 * effect parameter) is assigned DoNotEnforce unless enforce is on, so it reports without blocking:
 * "When enforcementMode is disabled, resources are still evaluated" (Learn effect-disabled,
 * https://learn.microsoft.com/azure/governance/policy/concepts/effect-disabled). DeployIfNotExists and
 * Modify keep their effect and are DoNotEnforce unless enforce is on.
 */
function effectFor(def: PolicyDefinition, enforce: boolean): { param?: string; effect: string; enforcementMode: 'Default' | 'DoNotEnforce' } {
  const param = effectParameter(def);
  const literal = def.properties.policyRule.then.effect;
  if (!param) {
    const blocks = /^(deny|modify|deployifnotexists|append|denyaction)$/i.test(literal);
    return { effect: literal, enforcementMode: blocks && !enforce ? 'DoNotEnforce' : 'Default' };
  }
  const values = allowed(def, param);
  const deny = pick(values, 'Deny');
  if (enforce && deny) return { param, effect: deny, enforcementMode: 'Default' };
  const audit = pick(values, 'Audit') ?? pick(values, 'AuditIfNotExists');
  if (audit) return { param, effect: audit, enforcementMode: 'Default' };
  const remediation = pick(values, 'DeployIfNotExists') ?? pick(values, 'Modify');
  if (remediation) return { param, effect: remediation, enforcementMode: enforce ? 'Default' : 'DoNotEnforce' };
  // No audit among the allowed values (only Deny/Disabled): deny, enforced only with enforce.
  if (deny) return { param, effect: deny, enforcementMode: enforce ? 'Default' : 'DoNotEnforce' };
  throw new Error(`${def.properties.displayName}: no audit, deny or remediation effect among ${values.join(', ')}`);
}

/** The DNS zones the workspace's private endpoint registers in (Workspace_PrivateDnsZones_DINE's two parameters). */
const WORKSPACE_ZONES = ['privatelink.api.azureml.ms', 'privatelink.notebooks.azure.net'] as const;

/** Parameters the definitions require that only the environment can give (no defaultValue upstream). */
function environmentParameters(env: StepEnv): Record<string, Record<string, unknown>> {
  return {
    'Workspace_PrivateEndpoint_DINE.json': { privateEndpointSubnetId: subnetId(env, 'privateEndpoints') },
    'Workspace_PrivateDnsZones_DINE.json': { privateDnsZoneId: ids.privateDnsZone(env, WORKSPACE_ZONES[0]), secondPrivateDnsZoneId: ids.privateDnsZone(env, WORKSPACE_ZONES[1]) },
  };
}

export const assignmentName = (guid: string) => `secure-aml-${guid}`;

export function plannedAssignments(env: StepEnv): PlannedAssignment[] {
  const enforce = env.config.policy?.enforce ?? false;
  const fromConfig = policyParameters(env.config);
  const fromEnv = environmentParameters(env);
  return shippedDefinitions().map(({ file, guid, def }) => {
    const e = effectFor(def, enforce);
    const values: Record<string, unknown> = { ...fromConfig[file], ...fromEnv[file], ...(e.param ? { [e.param]: e.effect } : {}) };
    const remediates = /^(deployifnotexists|modify)$/i.test(e.effect);
    const details = (def.properties.policyRule.then.details ?? {}) as Details;
    const name = assignmentName(guid);
    return {
      file, guid, name, displayName: def.properties.displayName,
      id: `${rgId(env)}/providers/Microsoft.Authorization/policyAssignments/${name}`,
      effect: e.effect, enforcementMode: e.enforcementMode,
      parameters: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { value: v }])),
      remediates,
      roleDefinitionIds: remediates ? details.roleDefinitionIds ?? [] : [],
    };
  });
}

/** Where an exemption is recorded: the narrowest scope that holds every resource it waives. */
export function exemptionScope(env: StepEnv, file: string): string {
  switch (file) {
    // The workspace is the one resource the v1-legacy-mode definition evaluates; Vnet_Audit (egress
    // managed) evaluates the workspace's computes, which are its child resources.
    case 'Workspace_EnableV1LegacyMode_Audit.json':
    case 'Vnet_Audit.json':
      return ids.workspace(env);
    case 'AKS_DisableLocalAccounts_Deny.json':
      return ids.aks(env);
    default:
      return rgId(env);
  }
}

/** Does the config ask for policy assignments at all (default yes). */
export const policyAssigned = (c: Config): boolean => c.policy?.assign ?? true;
