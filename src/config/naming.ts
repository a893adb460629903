// Every Azure resource name the tool uses, derived from the short `name`, the environment and a
// stable suffix, and checked against Azure's naming rules before any call is made.
import { createHash } from 'node:crypto';
import type { Problem } from '../errors.js';
import { type Finding, quote, toProblems } from './problems.js';
import type { Config } from './schema.js';

export interface Names {
  suffix: string;
  resourceGroup: string;
  vnet: string;
  subnets: { training: string; scoring: string; privateEndpoints: string };
  nsgTraining: string;
  nsgScoring: string; nsgPrivateEndpoints: string;
  keyVault: string;
  cmkKey: string;
  storage: string;
  registry: string;
  logAnalytics: string;
  appInsights: string;
  workspace: string;
  workspaceIdentity: string;
  serviceEndpointPolicy: string;
  cluster: string;
  aks: string;
}

export const SUBNET_NAMES = { training: 'snet-training', scoring: 'snet-scoring', privateEndpoints: 'snet-pe' } as const;

export interface NameRule {
  /** What the name is for, in words ("storage account"). */
  label: string;
  min: number;
  max: number;
  /** Character/shape rule; length is checked separately with min/max. */
  pattern: RegExp;
  /** The rule in words, completing "must be ...". */
  rule: string;
}

// Azure's rules: https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules
export const NAME_RULES = {
  resourceGroup: { label: 'resource group', min: 1, max: 90, pattern: /^[-\w.()]*[-\w()]$/, rule: "1-90 letters, digits, '_', '-', '.', '(' and ')', not ending with '.'" },
  vnet: { label: 'virtual network', min: 2, max: 64, pattern: /^[A-Za-z0-9][\w.-]*[\w]$/, rule: "2-64 letters, digits, '_', '-' and '.', starting with a letter or digit and ending with a letter, digit or '_'" },
  keyVault: { label: 'key vault', min: 3, max: 24, pattern: /^(?!.*--)[A-Za-z][A-Za-z0-9-]*[A-Za-z0-9]$/, rule: '3-24 letters, digits and hyphens, starting with a letter, ending with a letter or digit, with no "--"' },
  cmkKey: { label: 'key', min: 1, max: 127, pattern: /^[A-Za-z0-9-]+$/, rule: '1-127 letters, digits and hyphens' },
  storage: { label: 'storage account', min: 3, max: 24, pattern: /^[a-z0-9]+$/, rule: '3-24 lowercase letters and digits' },
  registry: { label: 'container registry', min: 5, max: 50, pattern: /^[A-Za-z0-9]+$/, rule: '5-50 letters and digits' },
  logAnalytics: { label: 'Log Analytics workspace', min: 4, max: 63, pattern: /^[A-Za-z0-9][A-Za-z0-9-]*[A-Za-z0-9]$/, rule: '4-63 letters, digits and hyphens, starting and ending with a letter or digit' },
  appInsights: { label: 'Application Insights component', min: 1, max: 260, pattern: /^[\w.()-]*[\w()-]$/, rule: "1-260 letters, digits, '_', '-', '.', '(' and ')', not ending with '.'" },
  workspace: { label: 'Azure ML workspace', min: 3, max: 33, pattern: /^[A-Za-z0-9][\w-]*$/, rule: "3-33 letters, digits, '-' and '_', starting with a letter or digit" },
  aks: { label: 'AKS cluster', min: 1, max: 63, pattern: /^[A-Za-z0-9]([\w-]*[A-Za-z0-9])?$/, rule: "1-63 letters, digits, '_' and '-', starting and ending with a letter or digit" },
  cluster: { label: 'compute cluster', min: 2, max: 16, pattern: /^[A-Za-z][A-Za-z0-9-]*[A-Za-z0-9]$/, rule: '2-16 letters, digits and hyphens, starting with a letter and not ending with a hyphen' },
  networkResource: { label: 'network resource', min: 1, max: 80, pattern: /^[A-Za-z0-9]([\w.-]*\w)?$/, rule: "1-80 letters, digits, '_', '-' and '.', starting with a letter or digit and ending with a letter, digit or '_'" },
  computeInstance: { label: 'compute instance', min: 3, max: 24, pattern: /^[A-Za-z][A-Za-z0-9-]*$/, rule: '3-24 letters, digits and hyphens, starting with a letter' },
} as const satisfies Record<string, NameRule>;

export type NameKind = keyof typeof NAME_RULES;

/** The rule `value` breaks, as "must be ...", or undefined when it is a valid name. */
export function nameProblem(kind: NameKind, value: string): string | undefined {
  const r: NameRule = NAME_RULES[kind];
  const ok = value.length >= r.min && value.length <= r.max && r.pattern.test(value);
  return ok ? undefined : `must be ${r.rule}`;
}

/** First 6 chars of base-36 sha256(`subscriptionId/name/environment`): stable, random-looking. */
export function nameSuffix(subscriptionId: string, name: string, environment: string): string {
  const hex = createHash('sha256').update(`${subscriptionId.toLowerCase()}/${name}/${environment}`).digest('hex');
  return BigInt(`0x${hex}`).toString(36).slice(0, 6);
}

export function deriveNames(config: Config): Names {
  const { name, environment: env } = config;
  const suffix = nameSuffix(config.subscriptionId, name, env);
  return {
    suffix,
    resourceGroup: config.resourceGroup.name ?? `rg-${name}-${env}`,
    vnet: config.network.vnetName ?? `vnet-${name}-${env}`,
    subnets: { ...SUBNET_NAMES },
    nsgTraining: `nsg-${name}-${env}-training`,
    nsgScoring: `nsg-${name}-${env}-scoring`,
    nsgPrivateEndpoints: `nsg-${name}-${env}-pe`,
    keyVault: config.keyVault.name ?? `kv${name}${suffix}`,
    cmkKey: config.cmk.keyName,
    storage: config.storage.name ?? `st${name}${suffix}`,
    registry: config.registry.name ?? `cr${name}${suffix}`,
    logAnalytics: config.logAnalytics.name ?? `log-${name}-${env}`,
    appInsights: config.appInsights.name ?? `appi-${name}-${env}`,
    workspace: config.workspace.name ?? `mlw-${name}-${env}`,
    workspaceIdentity: `id-${name}-${env}`,
    serviceEndpointPolicy: `sep-${name}-${env}-training`,
    cluster: config.compute.cluster.name,
    aks: config.aks.name ?? `aks-${name}-${env}`,
  };
}

/** Resources whose name the user may set, with the config path that sets it. */
const OVERRIDABLE: { kind: NameKind; key: keyof Names; path: string; explicit: (c: Config) => string | undefined }[] = [
  { kind: 'resourceGroup', key: 'resourceGroup', path: 'resourceGroup.name', explicit: (c) => c.resourceGroup.name },
  { kind: 'vnet', key: 'vnet', path: 'network.vnetName', explicit: (c) => c.network.vnetName },
  { kind: 'keyVault', key: 'keyVault', path: 'keyVault.name', explicit: (c) => c.keyVault.name },
  { kind: 'cmkKey', key: 'cmkKey', path: 'cmk.keyName', explicit: (c) => c.cmk.keyName },
  { kind: 'storage', key: 'storage', path: 'storage.name', explicit: (c) => c.storage.name },
  { kind: 'registry', key: 'registry', path: 'registry.name', explicit: (c) => c.registry.name },
  { kind: 'logAnalytics', key: 'logAnalytics', path: 'logAnalytics.name', explicit: (c) => c.logAnalytics.name },
  { kind: 'appInsights', key: 'appInsights', path: 'appInsights.name', explicit: (c) => c.appInsights.name },
  { kind: 'workspace', key: 'workspace', path: 'workspace.name', explicit: (c) => c.workspace.name },
  { kind: 'aks', key: 'aks', path: 'aks.name', explicit: (c) => c.aks.name },
  { kind: 'cluster', key: 'cluster', path: 'compute.cluster.name', explicit: (c) => c.compute.cluster.name },
];

/** Names that are always derived (no override), checked against the rule of their type. */
const DERIVED_ONLY: { kind: NameKind; key: keyof Names; label: string }[] = [
  { kind: 'networkResource', key: 'nsgTraining', label: 'network security group' },
  { kind: 'networkResource', key: 'nsgScoring', label: 'network security group' },
  { kind: 'networkResource', key: 'workspaceIdentity', label: 'managed identity' },
  { kind: 'networkResource', key: 'serviceEndpointPolicy', label: 'service endpoint policy' },
];

/** Name checks with the paths each one read (see problems.ts `Finding`). */
export function nameFindings(config: Config, names: Names): Finding[] {
  const out: Finding[] = [];
  const base = ['name', 'environment'];
  const derivedProblem = (label: string, value: string, msg: string, setPath?: string): Finding => ({
    path: 'name',
    message: `${quote(config.name)} gives the ${label} the name ${quote(value)}, which ${msg}; choose a shorter name${setPath ? ` or set ${setPath}` : ''}`,
    involves: setPath ? [...base, setPath] : base,
  });
  for (const o of OVERRIDABLE) {
    const value = names[o.key] as string;
    const msg = nameProblem(o.kind, value);
    if (!msg) continue;
    if (o.explicit(config) !== undefined) out.push({ path: o.path, message: `${quote(value)} ${msg}`, involves: [o.path] });
    else out.push(derivedProblem(NAME_RULES[o.kind].label, value, msg, o.path));
  }
  for (const d of DERIVED_ONLY) {
    const value = names[d.key] as string;
    const msg = nameProblem(d.kind, value);
    if (msg) out.push(derivedProblem(d.label, value, msg));
  }

  // Compute names share one namespace per workspace: the cluster and every instance.
  const taken = new Map<string, string>([[config.compute.cluster.name.toLowerCase(), 'compute.cluster.name']]);
  config.compute.instances.forEach((inst, i) => {
    const path = `compute.instances[${i}].name`;
    const msg = nameProblem('computeInstance', inst.name);
    if (msg) out.push({ path, message: `${quote(inst.name)} ${msg}`, involves: [path] });
    const key = inst.name.toLowerCase();
    const first = taken.get(key);
    if (first) {
      out.push({ path, message: `${quote(inst.name)} is already used by ${first}; compute names must be unique in the workspace`, involves: [path, first] });
    } else taken.set(key, path);
  });
  return out;
}

/** Problems with the names in `names` (derived or set in `config`), each on the path that sets it. */
export function validateNames(config: Config, names: Names): Problem[] {
  return toProblems(nameFindings(config, names));
}
