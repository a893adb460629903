// The Azure ML workspace managed virtual network (workspaceRP.json ManagedNetworkSettings, OutboundRule*,
// ManagedNetworkSettingsRule_*, ManagedNetworkProvisions_ProvisionManagedNetwork), after Learn
// "how-to-managed-network" (ML-mvnet in SPEC.md):
// - isolationMode is one way: Disabled -> AllowInternetOutbound -> AllowOnlyApprovedOutbound, never back.
// - the network is created lazily: by POST provisionManagedNetwork or by the first compute (~30 minutes,
//   +10 minutes for the first FQDN rule's Azure Firewall); until then it and its rules are Inactive.
// - Azure adds Required rules itself (private endpoints to the workspace and its storage/vault/registry,
//   service tags in approved-outbound mode); they cannot be written or deleted.
// - a private endpoint rule is approved by the workspace identity on the target: at provisioning (or at
//   the rule's PUT once the network is Active) that principal needs privateEndpointConnections/write there
//   (the 'Azure AI Enterprise Network Connection Approver' role carries it), else the rule is Failed.
// Everything lives in the workspace record's properties.managedNetwork; statuses are derived from the
// operations' state when rendered.
import { createHash, randomUUID } from 'node:crypto';
import { parseCidr } from '../cidr.js';
import { ArmError, badRequest, conflict, notFound } from '../errors.js';
import { empty, json } from '../http.js';
import { parseBody } from '../schemas/common.js';
import { MANAGED_NETWORK_VERSIONS, outboundRuleResourceSchema, provisionOptionsSchema, type ManagedNetworkBody, type MlApiVersion, type OutboundRuleBody } from '../schemas/machine-learning.js';
import { childrenOf, getRecord, key, putRecord, recordsOfType, type CloudState, type OperationRecord, type ResourceRecord } from '../state.js';
import type { SimResponse } from '../types.js';
import { ROLE_ASSIGNMENT_TYPE, actionMatches, findRole, roleGuidOf } from './authorization/roles.js';
import { scopeContains } from './authorization/scope.js';
import { parseArmId, typeOfId } from './kit/ids.js';
import { acceptedHeaders, startIn } from './kit/lro-style.js';
import { notImplemented } from './kit/not-simulated.js';
import { mlLro, T_ML } from './machine-learning-rules.js';
import { privateLinkMembers } from './network/private-link.js';
import type { Ctx } from './types.js';

export const ISOLATION_MODES = ['Disabled', 'AllowInternetOutbound', 'AllowOnlyApprovedOutbound'] as const;
export type IsolationMode = (typeof ISOLATION_MODES)[number];
const RULE_TYPES = ['FQDN', 'PrivateEndpoint', 'ServiceTag'] as const;
type RuleType = (typeof RULE_TYPES)[number];
const FIREWALL_SKUS = ['Standard', 'Basic'] as const;

/** Latency-model keys: provisioning the network (docs: ~30 min), with the first FQDN rule's firewall (+10 min), one rule. */
export const MN_LATENCY = {
  provision: `${T_ML.workspace}#managedNetwork`,
  provisionFirewall: `${T_ML.workspace}#managedNetwork-firewall`,
  rule: `${T_ML.workspace}/outboundRules`,
  firewallRule: `${T_ML.workspace}/outboundRules#firewall`,
} as const;
const RULE_TYPE = `${T_ML.workspace}/outboundRules`;
/** RuleName parameter pattern (workspaceRP.json). */
const RULE_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_-]{2,32}$/;
/** The approval a private endpoint to a target needs (every type in the Approver role carries privateEndpointConnections/write). */
const APPROVER_ROLE = 'Azure AI Enterprise Network Connection Approver';

const LRO = mlLro('workspaceOperationsStatus');

interface StoredRule {
  type: RuleType;
  destination: unknown;
  /** The operation that adds the rule to an active network (rule PUT, workspace PUT). */
  opId?: string;
  /** The operation that removes it from an active network. */
  deleteOpId?: string;
  /** Why the private endpoint could not be approved (rendered as errorInformation, status Failed). */
  failure?: string;
}

export interface StoredManagedNetwork {
  isolationMode: IsolationMode;
  networkId?: string;
  firewallSku?: string;
  rules: Record<string, StoredRule>;
  provisionOpId?: string;
  /** Whether that provisioning fails (decided when it starts); kept because finished operations are pruned. */
  provisionFails?: boolean;
  sparkReady?: boolean;
  /** The network was already active when the current provisioning (e.g. for Spark) started. */
  wasActive?: boolean;
}

const invalidRule = (message: string): ArmError => badRequest('InvalidOutboundRule', message);
const match = <T extends string>(values: readonly T[], given: string): T | undefined => values.find((v) => v.toLowerCase() === given.trim().toLowerCase());

// ---- reading the stored settings ----

export function managedNetworkOf(ws: ResourceRecord): StoredManagedNetwork | undefined {
  const mn = ws.properties.managedNetwork as StoredManagedNetwork | undefined;
  return mn && typeof mn.rules === 'object' && mn.rules !== null ? mn : undefined;
}

export const isolationModeOf = (ws: ResourceRecord): IsolationMode => managedNetworkOf(ws)?.isolationMode ?? 'Disabled';

/** 'Succeeded' | 'Failed' | 'InProgress' of an operation; a pruned (long finished) one by `failsIfGone`. */
function opOutcome(state: CloudState, id: string | undefined, failsIfGone = false): 'none' | 'InProgress' | 'Succeeded' | 'Failed' {
  if (!id) return 'none';
  const op = state.operations[id];
  if (!op) return failsIfGone ? 'Failed' : 'Succeeded';
  return op.status === 'Canceled' ? 'Failed' : op.status;
}

export function networkActive(state: CloudState, mn: StoredManagedNetwork): boolean {
  return mn.wasActive === true || opOutcome(state, mn.provisionOpId, mn.provisionFails === true) === 'Succeeded';
}

/** Spark readiness is reached when the provisioning that asked for it has succeeded. */
const sparkReady = (state: CloudState, mn: StoredManagedNetwork): boolean => mn.sparkReady === true && opOutcome(state, mn.provisionOpId, mn.provisionFails === true) === 'Succeeded';

/** The in-flight provisioning of a workspace's network, if any. */
function provisioningOp(state: CloudState, mn: StoredManagedNetwork): OperationRecord | undefined {
  const op = mn.provisionOpId ? state.operations[mn.provisionOpId] : undefined;
  return op?.status === 'InProgress' ? op : undefined;
}

// ---- Required rules (added by Azure) ----

interface RenderedRule {
  type: RuleType;
  category: 'Required' | 'UserDefined';
  destination: unknown;
  stored?: StoredRule;
}

const SERVICE_TAGS = (region: string): [string, string, string, string][] => [
  // [rule name, service tag, protocol, ports] as an approved-outbound workspace lists them
  // (ansible-collections/azure azure_rm_ml_workspace_info RETURN sample; Learn: "List of required rules").
  ['__SYS_ST_AzureActiveDirectory_TCP', 'AzureActiveDirectory', 'TCP', '80, 443'],
  ['__SYS_ST_AzureMachineLearning_TCP', 'AzureMachineLearning', 'TCP', '443'],
  ['__SYS_ST_AzureMachineLearning_UDP', 'AzureMachineLearning', 'UDP', '5831'],
  ['__SYS_ST_BatchNodeManagement_TCP', 'BatchNodeManagement', 'TCP', '443'],
  ['__SYS_ST_AzureResourceManager_TCP', 'AzureResourceManager', 'TCP', '443'],
  ['__SYS_ST_AzureFrontDoor.FirstParty', 'AzureFrontDoor.FirstParty', '*', '*'],
  [`__SYS_ST_MicrosoftContainerRegistry.${region}_TCP`, `MicrosoftContainerRegistry.${region}`, 'TCP', '443'],
  ['__SYS_ST_AzureMonitor_TCP', 'AzureMonitor', 'TCP', '443'],
  ['__SYS_ST_VirtualNetwork', 'VirtualNetwork', '*', '*'],
];

/**
 * Private endpoint rules to the workspace and its storage (blob, file), key vault and registry: always in
 * approved-outbound mode, only for those with public network access disabled in internet-outbound mode
 * (Learn "List of required rules"); plus the service tags in approved-outbound mode.
 */
export function requiredRules(state: CloudState, ws: ResourceRecord, mode: IsolationMode): Record<string, RenderedRule> {
  if (mode === 'Disabled') return {};
  const out: Record<string, RenderedRule> = {};
  const hash = createHash('sha256').update(key(ws.id)).digest('hex').slice(0, 8);
  const p = ws.properties as { storageAccount?: string; keyVault?: string; containerRegistry?: string; publicNetworkAccess?: string };
  const targets: [string | undefined, string[]][] = [
    [ws.id, ['amlworkspace']],
    [p.storageAccount, ['blob', 'file']],
    [p.keyVault, ['vault']],
    [p.containerRegistry, ['registry']],
  ];
  for (const [id, groups] of targets) {
    if (!id) continue;
    const target = id === ws.id ? ws : getRecord(state, id);
    const pna = String((id === ws.id ? p.publicNetworkAccess : target?.properties.publicNetworkAccess) ?? 'Enabled');
    if (mode === 'AllowInternetOutbound' && pna.toLowerCase() !== 'disabled') continue;
    const name = target?.name ?? id.split('/').pop() ?? '';
    for (const g of groups) {
      out[`__SYS_PE_${name}_${g}_${hash}`] = { type: 'PrivateEndpoint', category: 'Required', destination: { serviceResourceId: target?.id ?? id, subresourceTarget: g, sparkEnabled: true } };
    }
  }
  if (mode === 'AllowOnlyApprovedOutbound') {
    for (const [name, serviceTag, protocol, portRanges] of SERVICE_TAGS(ws.location ?? '')) {
      out[name] = { type: 'ServiceTag', category: 'Required', destination: { serviceTag, protocol, portRanges, addressPrefixes: [], action: 'Allow' } };
    }
  }
  return out;
}

// ---- validating a user-defined rule ----

function checkFqdn(dest: unknown, mode: IsolationMode): string {
  if (typeof dest !== 'string' || dest.trim() === '') throw invalidRule("An FQDN outbound rule needs 'destination': a fully qualified domain name such as 'pypi.org' or '*.contoso.com'.");
  for (const raw of dest.split(',')) {
    const fqdn = raw.trim();
    if (/:\d+$/.test(fqdn)) throw invalidRule(`FQDN outbound rules only support ports 80 and 443; '${fqdn}' names a port.`);
    const host = fqdn.startsWith('*.') ? fqdn.slice(2) : fqdn;
    const labels = host.split('.');
    if (fqdn.length > 253 || labels.length < 2 || labels.some((l) => !/^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$/.test(l))) {
      throw invalidRule(`'${fqdn}' is not a fully qualified domain name (a leading '*.' wildcard is allowed).`);
    }
    if (mode === 'AllowOnlyApprovedOutbound' && /(^|\.)(blob|file|queue|table|dfs|web)\.core\.windows\.net$|^core\.windows\.net$/i.test(host)) {
      throw invalidRule(`'${fqdn}' is an Azure Storage endpoint: with allow only approved outbound you can't use an FQDN rule to access Azure Storage Accounts. Use a private endpoint rule instead.`);
    }
  }
  return dest.trim();
}

const PORT_RANGES = /^(\*|\d{1,5}(-\d{1,5})?)$/;

function checkServiceTag(dest: unknown): Record<string, unknown> {
  if (!dest || typeof dest !== 'object' || Array.isArray(dest)) throw invalidRule('A ServiceTag outbound rule needs a destination object (serviceTag, protocol, portRanges[, addressPrefixes]).');
  const d = dest as Record<string, unknown>;
  const unknownKey = Object.keys(d).find((k) => !['serviceTag', 'protocol', 'portRanges', 'addressPrefixes', 'action'].includes(k));
  if (unknownKey) throw invalidRule(`Could not find member '${unknownKey}' on object of type 'ServiceTagDestination'.`);
  const prefixes = d.addressPrefixes ?? [];
  if (!Array.isArray(prefixes) || prefixes.some((x) => typeof x !== 'string' || !parseCidr(x.includes('/') ? x : `${x}/32`))) {
    throw invalidRule('destination.addressPrefixes must be a list of IPv4 addresses or CIDR ranges.');
  }
  if ((typeof d.serviceTag !== 'string' || d.serviceTag.trim() === '') && prefixes.length === 0) throw invalidRule('A ServiceTag outbound rule needs destination.serviceTag (or destination.addressPrefixes).');
  const protocol = typeof d.protocol === 'string' ? match(['TCP', 'UDP', 'ICMP', '*'] as const, d.protocol) : undefined;
  if (!protocol) throw invalidRule(`destination.protocol '${String(d.protocol ?? '')}' is invalid: use TCP, UDP, ICMP or *.`);
  const ports = typeof d.portRanges === 'string' ? d.portRanges : '';
  const parts = ports.split(',').map((s) => s.trim());
  const bad = parts.find((part) => {
    if (!PORT_RANGES.test(part)) return true;
    if (part === '*') return parts.length > 1;
    const [lo, hi = lo] = part.split('-').map(Number);
    return lo < 1 || hi > 65535 || lo > hi;
  });
  if (ports === '' || bad !== undefined) throw invalidRule(`destination.portRanges '${ports}' is invalid: use '*', a port, a range such as '8080-8089', or a comma-separated list of them (1-65535).`);
  const action = d.action === undefined ? 'Allow' : typeof d.action === 'string' ? match(['Allow', 'Deny'] as const, d.action) : undefined;
  if (!action) throw invalidRule(`destination.action '${String(d.action)}' is invalid: use Allow or Deny.`);
  return { ...(typeof d.serviceTag === 'string' ? { serviceTag: d.serviceTag } : {}), protocol, portRanges: ports, addressPrefixes: prefixes, action };
}

function checkPrivateEndpoint(state: CloudState, dest: unknown, ruleId: string): { serviceResourceId: string; subresourceTarget: string; sparkEnabled: boolean } {
  if (!dest || typeof dest !== 'object' || Array.isArray(dest)) throw invalidRule('A PrivateEndpoint outbound rule needs a destination object (serviceResourceId, subresourceTarget[, sparkEnabled]).');
  const d = dest as Record<string, unknown>;
  const unknownKey = Object.keys(d).find((k) => !['serviceResourceId', 'subresourceTarget', 'sparkEnabled', 'sparkStatus'].includes(k));
  if (unknownKey) throw invalidRule(`Could not find member '${unknownKey}' on object of type 'PrivateEndpointDestination'.`);
  const id = d.serviceResourceId;
  if (typeof id !== 'string' || !parseArmId(id)) {
    throw badRequest('LinkedInvalidPropertyId', `Property id '${String(id ?? '')}' at path 'destination.serviceResourceId' is invalid. Expect fully qualified resource Id that start with '/subscriptions/{subscriptionId}'.`);
  }
  if (typeof d.subresourceTarget !== 'string' || d.subresourceTarget === '') throw invalidRule('A PrivateEndpoint outbound rule needs destination.subresourceTarget (the group id, e.g. blob, vault, registry, amlworkspace).');
  if (d.sparkEnabled !== undefined && typeof d.sparkEnabled !== 'boolean') throw invalidRule('destination.sparkEnabled must be a boolean.');
  const target = getRecord(state, id);
  if (!target || target.provisioningState === 'Deleting') {
    throw badRequest('OutboundRuleDestinationNotFound', `The private endpoint destination '${id}' was not found. Create the resource before adding an outbound rule to it.`);
  }
  // The group id must be one the target serves (same table as Microsoft.Network private endpoints).
  const [member] = privateLinkMembers(state, target, d.subresourceTarget, ruleId);
  return { serviceResourceId: target.id, subresourceTarget: member.groupId, sparkEnabled: d.sparkEnabled === true };
}

const peKey = (d: unknown): string => {
  const x = d as { serviceResourceId?: string; subresourceTarget?: string };
  return `${key(x.serviceResourceId ?? '')}|${key(x.subresourceTarget ?? '')}`;
};

/** A user-defined rule as stored; `others` are the workspace's other rules (duplicate destinations are refused). */
function checkRule(state: CloudState, ws: ResourceRecord, mode: IsolationMode, name: string, body: OutboundRuleBody, others: Record<string, RenderedRule>): StoredRule {
  if (!RULE_NAME.test(name)) throw badRequest('InvalidResourceName', `The outbound rule name '${name}' is invalid: 3-33 letters, digits, '_' and '-', starting with a letter or digit.`);
  if (mode === 'Disabled') throw managedNetworkDisabled(ws);
  const type = match(RULE_TYPES, String(body.type ?? ''));
  if (!type) throw invalidRule(`Outbound rule '${name}': type '${String(body.type ?? '')}' is invalid. Allowed values: ${RULE_TYPES.join(', ')}.`);
  if (body.category !== undefined && body.category !== null && String(body.category).toLowerCase() !== 'userdefined') {
    throw invalidRule(`Outbound rule '${name}': category '${String(body.category)}' is set by Azure Machine Learning; rules you add have category 'UserDefined'.`);
  }
  if (type !== 'PrivateEndpoint' && mode !== 'AllowOnlyApprovedOutbound') {
    throw badRequest('OutboundRuleTypeNotSupportedInIsolationMode', `Only "PrivateEndpoint" outbound rules are supported when managed network isolation mode is "${mode}" (rule '${name}' is ${type}).`);
  }
  if (type !== 'PrivateEndpoint' && body.fqdns !== undefined) throw invalidRule(`Outbound rule '${name}': fqdns only applies to PrivateEndpoint rules.`);
  let destination: unknown;
  if (type === 'FQDN') destination = checkFqdn(body.destination, mode);
  else if (type === 'ServiceTag') destination = checkServiceTag(body.destination);
  else {
    destination = checkPrivateEndpoint(state, body.destination, `${ws.id}/outboundRules/${name}`);
    const dup = Object.entries(others).find(([n, r]) => n !== name && r.type === 'PrivateEndpoint' && peKey(r.destination) === peKey(destination));
    if (dup) {
      throw conflict('DuplicateOutboundRuleDestination', `Outbound rule '${dup[0]}' (${dup[1].category}) already connects to '${(destination as { serviceResourceId: string }).serviceResourceId}' (${(destination as { subresourceTarget: string }).subresourceTarget}); a destination can have one private endpoint rule.`);
    }
  }
  return { type, destination };
}

const managedNetworkDisabled = (ws: ResourceRecord): ArmError =>
  badRequest('ManagedNetworkNotEnabled', `Workspace '${ws.name}' has no managed network (isolationMode is Disabled). Set properties.managedNetwork.isolationMode to AllowInternetOutbound or AllowOnlyApprovedOutbound first.`);

// ---- approval of private endpoints ----

/** Does the principal hold a control-plane action at the scope through a role assignment at or above it? (read-only use of Microsoft.Authorization records) */
function principalHasAction(state: CloudState, principalId: string, scopeId: string, action: string): boolean {
  return recordsOfType(state, ROLE_ASSIGNMENT_TYPE).some((ra) => {
    const p = ra.properties as { principalId: string; roleDefinitionId: string; scope: string };
    if (key(p.principalId) !== key(principalId) || !scopeContains(p.scope, scopeId)) return false;
    const guid = roleGuidOf(p.roleDefinitionId);
    const role = guid ? findRole(state, guid) : undefined;
    return role !== undefined && role.permissions.some((perm) => perm.actions.some((a) => actionMatches(a, action)) && !perm.notActions.some((a) => actionMatches(a, action)));
  });
}

/** The principal that approves the workspace's private endpoints: its system-assigned identity, else the primary user-assigned one. */
function approvingPrincipal(state: CloudState, ws: ResourceRecord): string | undefined {
  const identity = (ws.identity ?? {}) as { principalId?: string };
  if (typeof identity.principalId === 'string') return identity.principalId;
  const primary = ws.properties.primaryUserAssignedIdentity as string | undefined;
  const uai = primary ? getRecord(state, primary) : undefined;
  return uai ? String(uai.properties.principalId ?? '') || undefined : undefined;
}

/** Why the workspace identity cannot approve a private endpoint to the destination (undefined: it can). */
function approvalProblem(state: CloudState, ws: ResourceRecord, destination: unknown): string | undefined {
  const targetId = (destination as { serviceResourceId: string }).serviceResourceId;
  const targetType = typeOfId(targetId) ?? '';
  const principal = approvingPrincipal(state, ws);
  const action = `${targetType}/privateEndpointConnections/write`;
  if (principal && principalHasAction(state, principal, targetId, action)) return undefined;
  return (
    `The workspace managed identity${principal ? ` (principal ${principal})` : ''} cannot approve the private endpoint connection to '${targetId}': it needs '${action}' on that resource. ` +
    `Assign it the '${APPROVER_ROLE}' role (b556d68e-0be0-4f35-a333-ad7ee1ce17ea) on the resource or above, then provision again.`
  );
}

/**
 * The private endpoint rules provisioning must get approved: every user-defined one, and the Required ones
 * when the workspace runs as a user-assigned identity only (Learn: "If you are using UAI workspace please
 * make sure to add the Azure AI Enterprise Network Connection Approver role to your identity"); a
 * system-assigned workspace's own dependencies are approved by Azure ML (**unconfirmed**).
 */
function rulesNeedingApproval(state: CloudState, ws: ResourceRecord, mn: StoredManagedNetwork): [string, unknown][] {
  const user = Object.entries(mn.rules).filter(([, r]) => r.type === 'PrivateEndpoint' && !r.deleteOpId).map(([n, r]) => [n, r.destination] as [string, unknown]);
  const uaiOnly = String((ws.identity as { type?: string } | undefined)?.type ?? '').toLowerCase() === 'userassigned';
  const required = uaiOnly
    ? Object.entries(requiredRules(state, ws, mn.isolationMode)).filter(([, r]) => r.type === 'PrivateEndpoint').map(([n, r]) => [n, r.destination] as [string, unknown])
    : [];
  return [...required, ...user];
}

// ---- the workspace PUT ----

export interface WorkspaceFacts {
  ws: ResourceRecord;
  creating: boolean;
  version: MlApiVersion;
}

/**
 * properties.managedNetwork of a workspace PUT: the isolation-mode transition, the firewall SKU and the
 * user-defined rules (Required rules echoed back from a GET are ignored). An omitted managedNetwork keeps the
 * stored one. Rules added to an active network are provisioned with the workspace PUT's operation.
 */
export function applyManagedNetworkPut(ctx: Ctx, f: WorkspaceFacts, given: ManagedNetworkBody | undefined, prior: StoredManagedNetwork | undefined, op: OperationRecord): StoredManagedNetwork | undefined {
  if (!given) return prior;
  const { ws } = f;
  const before: IsolationMode = prior?.isolationMode ?? 'Disabled';
  let mode = before;
  if (given.isolationMode !== undefined) {
    const m = match(ISOLATION_MODES, String(given.isolationMode));
    if (!m) throw badRequest('InvalidIsolationMode', `managedNetwork.isolationMode '${String(given.isolationMode)}' is invalid. Allowed values: ${ISOLATION_MODES.join(', ')}.`);
    mode = m;
  }
  if (ISOLATION_MODES.indexOf(mode) < ISOLATION_MODES.indexOf(before)) {
    throw badRequest(
      'ManagedNetworkIsolationModeChangeNotAllowed',
      `The managed network of workspace '${ws.name}' is ${before}; it cannot be changed to ${mode}. Once enabled, managed network isolation can't be disabled, and allow only approved outbound can't be changed back to allow internet outbound.`,
    );
  }
  if (given.managedNetworkKind !== undefined && String(given.managedNetworkKind).toUpperCase() !== 'V1') throw notImplemented(`managedNetwork.managedNetworkKind '${String(given.managedNetworkKind)}'`, 'V1 only');
  if (given.enableNetworkMonitor === true) throw notImplemented('managedNetwork.enableNetworkMonitor');
  let firewallSku = prior?.firewallSku;
  if (given.firewallSku !== undefined) {
    const sku = match(FIREWALL_SKUS, String(given.firewallSku));
    if (!sku) throw badRequest('InvalidFirewallSku', `managedNetwork.firewallSku '${String(given.firewallSku)}' is invalid. Allowed values: Standard, Basic.`);
    if (mode === 'Disabled') throw badRequest('FirewallSkuRequiresManagedNetwork', 'managedNetwork.firewallSku selects the Azure Firewall of FQDN rules in allow only approved outbound mode; the workspace has no managed network (isolationMode Disabled).');
    firewallSku = sku;
  }
  if (before === 'Disabled' && mode !== 'Disabled' && !f.creating && childrenOf(ctx.state, ws.id, `${T_ML.workspace}/computes`).length > 0) {
    throw badRequest(
      'ManagedNetworkRequiresNoComputes',
      `Workspace '${ws.name}' has computes. Before updating an existing workspace to use a managed virtual network, delete all its compute instances and compute clusters; recreate them after enabling the managed network.`,
    );
  }
  const required = requiredRules(ctx.state, ws, mode);
  let rules = prior?.rules ?? {};
  if (given.outboundRules !== undefined && given.outboundRules !== null) {
    const next: Record<string, StoredRule> = {};
    const seen: Record<string, RenderedRule> = { ...required };
    const active = prior ? networkActive(ctx.state, prior) : false;
    for (const [name, body] of Object.entries(given.outboundRules)) {
      if (required[name]) continue; // a Required rule echoed back from a GET
      const old = rules[name];
      const stored = checkRule(ctx.state, ws, mode, name, body, seen);
      seen[name] = { type: stored.type, category: 'UserDefined', destination: stored.destination };
      const unchanged = old && !old.deleteOpId && JSON.stringify([old.type, old.destination]) === JSON.stringify([stored.type, stored.destination]);
      if (unchanged) next[name] = old;
      else {
        next[name] = { ...stored, ...(active ? { opId: op.id } : {}) };
        const problem = active && stored.type === 'PrivateEndpoint' ? approvalProblem(ctx.state, ws, stored.destination) : undefined;
        if (problem) next[name].failure = problem;
      }
    }
    rules = next;
  } else {
    // Kept rules must still fit the (possibly stricter) mode.
    for (const [name, r] of Object.entries(rules)) {
      if (r.type !== 'PrivateEndpoint' && mode !== 'AllowOnlyApprovedOutbound') {
        throw badRequest('OutboundRuleTypeNotSupportedInIsolationMode', `Only "PrivateEndpoint" outbound rules are supported when managed network isolation mode is "${mode}" (rule '${name}' is ${r.type}).`);
      }
    }
  }
  if (mode === 'Disabled') return undefined;
  return {
    ...(prior ?? {}),
    isolationMode: mode,
    networkId: prior?.networkId ?? randomUUID(),
    ...(firewallSku ? { firewallSku } : {}),
    rules,
  };
}

// ---- rendering ----

function ruleStatus(state: CloudState, mn: StoredManagedNetwork, r: StoredRule | undefined): string {
  if (r?.deleteOpId) return 'Deleting';
  if (r?.opId && opOutcome(state, r.opId) === 'InProgress') return 'Provisioning';
  if (r?.failure) return 'Failed';
  return networkActive(state, mn) ? 'Active' : 'Inactive';
}

/** The OutboundRule body (type, category, status, destination[, fqdns][, errorInformation]). */
function renderRuleProperties(state: CloudState, mn: StoredManagedNetwork, r: RenderedRule): Record<string, unknown> {
  const status = ruleStatus(state, mn, r.stored);
  let destination = r.destination;
  let fqdns: string[] | undefined;
  if (r.type === 'PrivateEndpoint') {
    const d = r.destination as { serviceResourceId: string; subresourceTarget: string; sparkEnabled: boolean };
    destination = { ...d, sparkStatus: d.sparkEnabled && sparkReady(state, mn) && status === 'Active' ? 'Active' : 'Inactive' };
    const target = getRecord(state, d.serviceResourceId);
    try {
      fqdns = target ? [...new Set(privateLinkMembers(state, target, d.subresourceTarget, '').map((m) => m.fqdn))] : [];
    } catch {
      fqdns = [];
    }
  }
  return {
    type: r.type,
    category: r.category,
    status,
    destination,
    ...(fqdns ? { fqdns } : {}),
    ...(status === 'Failed' && r.stored?.failure ? { errorInformation: r.stored.failure } : {}),
  };
}

/** Every rule of the workspace: Required ones first, then the user-defined ones that are not gone. */
function allRules(state: CloudState, ws: ResourceRecord, mn: StoredManagedNetwork): Record<string, RenderedRule> {
  const out: Record<string, RenderedRule> = requiredRules(state, ws, mn.isolationMode);
  for (const [name, r] of Object.entries(mn.rules)) {
    if (r.deleteOpId && opOutcome(state, r.deleteOpId) !== 'InProgress') continue;
    out[name] = { type: r.type, category: 'UserDefined', destination: r.destination, stored: r };
  }
  return out;
}

/** The workspace's properties.managedNetwork as the requested version renders it. */
export function renderManagedNetwork(state: CloudState, ws: ResourceRecord, version: MlApiVersion): Record<string, unknown> {
  const mn = managedNetworkOf(ws);
  if (!mn) return { isolationMode: 'Disabled', status: { status: 'Inactive', sparkReady: false } };
  const active = networkActive(state, mn);
  const rules = allRules(state, ws, mn);
  return {
    isolationMode: mn.isolationMode,
    networkId: mn.networkId,
    outboundRules: Object.fromEntries(Object.entries(rules).map(([n, r]) => [n, renderRuleProperties(state, mn, r)])),
    status: { status: active ? 'Active' : 'Inactive', sparkReady: active && sparkReady(state, mn) },
    ...(version === '2025-06-01' && mn.isolationMode === 'AllowOnlyApprovedOutbound' ? { firewallSku: mn.firewallSku ?? 'Standard' } : {}),
  };
}

// ---- provisioning (POST provisionManagedNetwork, or the first compute) ----

/** Starts provisioning unless the network is active or being provisioned; returns the running operation (undefined: already active). */
export function ensureProvisioning(ctx: Ctx, ws: ResourceRecord, includeSpark = false): OperationRecord | undefined {
  const mn = managedNetworkOf(ws);
  if (!mn) throw managedNetworkDisabled(ws);
  const running = provisioningOp(ctx.state, mn);
  if (running) return running;
  const wasActive = networkActive(ctx.state, mn);
  if (wasActive && (!includeSpark || sparkReady(ctx.state, mn))) return undefined;
  const problems = rulesNeedingApproval(ctx.state, ws, mn).map(([n, d]) => [n, approvalProblem(ctx.state, ws, d)] as const).filter(([, p]) => p !== undefined);
  const firewall = mn.isolationMode === 'AllowOnlyApprovedOutbound' && Object.values(mn.rules).some((r) => r.type === 'FQDN' && !r.deleteOpId);
  const op = startIn(ctx, LRO, {
    name: 'ProvisionManagedNetwork',
    method: 'PUT',
    subscriptionId: ws.subscriptionId,
    location: ws.location as string,
    targetId: ws.id,
    lockKey: `${ws.id}/managedNetwork`,
    touched: [],
    latencyKey: firewall ? MN_LATENCY.provisionFirewall : MN_LATENCY.provision,
  });
  const rules = { ...mn.rules };
  for (const [name, problem] of problems) if (rules[name]) rules[name] = { ...rules[name], failure: problem };
  for (const [name, r] of Object.entries(rules)) if (!problems.some(([n]) => n === name) && r.failure) rules[name] = { ...r, failure: undefined };
  if (problems.length > 0) {
    op.error = {
      code: 'PrivateEndpointApprovalPermissionMissing',
      message: `Provisioning the managed network of workspace '${ws.name}' failed: ${problems.map(([n, p]) => `outbound rule '${n}': ${p as string}`).join(' ')}`,
    };
  }
  ws.properties.managedNetwork = { ...mn, rules, provisionOpId: op.id, provisionFails: problems.length > 0, sparkReady: mn.sparkReady === true || includeSpark, wasActive };
  putRecord(ctx.state, ws);
  return op;
}

function checkVersion(ctx: Ctx, what: string): void {
  if (!MANAGED_NETWORK_VERSIONS.includes(ctx.apiVersion as MlApiVersion)) {
    throw badRequest(
      'NoRegisteredProviderFound',
      `No registered resource provider found for location 'global' and API version '${ctx.requestedApiVersion ?? ctx.apiVersion}' for type '${what}'. The supported api-versions are '${[...MANAGED_NETWORK_VERSIONS].reverse().join(', ')}'.`,
    );
  }
}

function workspaceOrThrow(ctx: Ctx, group: ResourceRecord, wsName: string, forDelete = false): ResourceRecord | undefined {
  const ws = getRecord(ctx.state, `${group.id}/providers/${T_ML.workspace}/${wsName}`);
  if (!ws && !forDelete) throw notFound('ParentResourceNotFound', `Failed to perform '${ctx.method.toLowerCase()}' on resource(s) of type '${RULE_TYPE}', because the parent resource '${T_ML.workspace}/${wsName}' could not be found.`);
  return ws;
}

/** POST .../workspaces/{ws}/provisionManagedNetwork: 202 + Location (+ Retry-After), or 200 with the status when already active. */
export function handleProvision(ctx: Ctx, group: ResourceRecord, wsName: string): SimResponse {
  checkVersion(ctx, `${T_ML.workspace}/provisionManagedNetwork`);
  if (ctx.method !== 'POST') throw new ArmError(405, 'MethodNotAllowed', `The requested resource does not support http method '${ctx.method}'.`);
  const ws = workspaceOrThrow(ctx, group, wsName) as ResourceRecord;
  const body = ctx.body && ctx.body.trim() !== '' ? parseBody(provisionOptionsSchema, ctx.body, 'resources') : {};
  if (ws.provisioningState !== 'Succeeded' || ws.operationId) {
    throw conflict('Conflict', `Workspace '${ws.name}' is in provisioning state '${ws.provisioningState ?? ''}'; provision its managed network once the workspace has succeeded.`);
  }
  const op = ensureProvisioning(ctx, ws, body.includeSpark === true);
  if (!op) {
    return json(200, { status: 'Active', sparkReady: sparkReady(ctx.state, managedNetworkOf(ws) as StoredManagedNetwork) });
  }
  return empty(202, acceptedHeaders(ctx, LRO, op, { result: true }));
}

/** The Location result of a provisioning operation: its ManagedNetworkProvisionStatus. */
export function provisionResult(state: CloudState, op: OperationRecord): SimResponse {
  const ws = getRecord(state, op.targetId);
  const mn = ws ? managedNetworkOf(ws) : undefined;
  return json(200, { status: 'Active', sparkReady: mn?.sparkReady === true });
}

// ---- outbound rules: .../workspaces/{ws}/outboundRules[/{rule}] ----

function renderRuleResource(state: CloudState, ws: ResourceRecord, mn: StoredManagedNetwork, name: string, r: RenderedRule): Record<string, unknown> {
  return { id: `${ws.id}/outboundRules/${name}`, name, type: RULE_TYPE, properties: renderRuleProperties(state, mn, r) };
}

/** The Location result of a rule PUT: the rule. */
export function ruleResult(state: CloudState, op: OperationRecord): SimResponse {
  const wsId = op.targetId.replace(/\/outboundRules\/[^/]+$/i, '');
  const name = op.targetId.split('/').pop() as string;
  const ws = getRecord(state, wsId);
  const mn = ws ? managedNetworkOf(ws) : undefined;
  const r = ws && mn ? allRules(state, ws, mn)[name] : undefined;
  return ws && mn && r ? json(200, renderRuleResource(state, ws, mn, name, r)) : empty(204);
}

const findName = (rules: Record<string, unknown>, name: string): string | undefined => Object.keys(rules).find((n) => n.toLowerCase() === name.toLowerCase());

export function handleOutboundRules(ctx: Ctx, group: ResourceRecord, wsName: string, ruleName: string | undefined): SimResponse {
  checkVersion(ctx, RULE_TYPE);
  if (ruleName === undefined) {
    if (ctx.method !== 'GET') throw new ArmError(405, 'MethodNotAllowed', `The requested resource does not support http method '${ctx.method}'.`);
    const ws = workspaceOrThrow(ctx, group, wsName) as ResourceRecord;
    const mn = managedNetworkOf(ws);
    if (!mn) return json(200, { value: [] });
    return json(200, { value: Object.entries(allRules(ctx.state, ws, mn)).map(([n, r]) => renderRuleResource(ctx.state, ws, mn, n, r)) });
  }
  const ws = workspaceOrThrow(ctx, group, wsName, ctx.method === 'DELETE');
  if (!ws) return empty(204);
  const mn = managedNetworkOf(ws);
  const rules = mn ? allRules(ctx.state, ws, mn) : {};
  const existingName = findName(rules, ruleName);
  const missing = () => notFound('OutboundRuleNotFound', `Outbound rule '${ruleName}' was not found in the managed network of workspace '${ws.name}'.`);
  switch (ctx.method) {
    case 'GET':
      if (!mn || !existingName) throw missing();
      return json(200, renderRuleResource(ctx.state, ws, mn, existingName, rules[existingName]));
    case 'PUT':
      return putRule(ctx, ws, ruleName, existingName ? rules[existingName] : undefined);
    case 'DELETE':
      if (!mn || !existingName) return empty(204);
      return deleteRule(ctx, ws, mn, existingName, rules[existingName]);
  }
  throw new ArmError(405, 'MethodNotAllowed', `The requested resource does not support http method '${ctx.method}'.`);
}

function refuseRequired(ws: ResourceRecord, name: string, verb: string): ArmError {
  return badRequest('RequiredOutboundRuleReadOnly', `Outbound rule '${name}' of workspace '${ws.name}' is a Required rule that Azure Machine Learning manages; it cannot be ${verb}.`);
}

function busyWorkspace(ws: ResourceRecord): void {
  if (ws.provisioningState !== 'Succeeded' || ws.operationId) {
    throw conflict('Conflict', `Workspace '${ws.name}' is in provisioning state '${ws.provisioningState ?? ''}'; change its outbound rules once the current operation has finished.`);
  }
}

function putRule(ctx: Ctx, ws: ResourceRecord, name: string, existing: RenderedRule | undefined): SimResponse {
  if (existing?.category === 'Required') throw refuseRequired(ws, name, 'changed');
  const body = parseBody(outboundRuleResourceSchema, ctx.body, 'resources');
  const mn = managedNetworkOf(ws);
  if (!mn) throw managedNetworkDisabled(ws);
  busyWorkspace(ws);
  if (existing?.stored && (existing.stored.deleteOpId || opOutcome(ctx.state, existing.stored.opId) === 'InProgress')) {
    throw conflict('Conflict', `Outbound rule '${name}' is being ${existing.stored.deleteOpId ? 'deleted' : 'provisioned'}; retry when that has finished.`);
  }
  const canonical = existing ? (findName(mn.rules, name) ?? name) : name;
  const stored = checkRule(ctx.state, ws, mn.isolationMode, canonical, body.properties as OutboundRuleBody, allRules(ctx.state, ws, mn));
  const active = networkActive(ctx.state, mn);
  const rules = { ...mn.rules };
  if (!active) {
    // Nothing to build yet: the rule is stored and stays Inactive until the network is provisioned.
    rules[canonical] = stored;
    ws.properties.managedNetwork = { ...mn, rules };
    putRecord(ctx.state, ws);
    return json(200, renderRuleResource(ctx.state, ws, ws.properties.managedNetwork as StoredManagedNetwork, canonical, { ...stored, category: 'UserDefined', stored }));
  }
  const problem = stored.type === 'PrivateEndpoint' ? approvalProblem(ctx.state, ws, stored.destination) : undefined;
  const firstFirewall = stored.type === 'FQDN' && !Object.values(mn.rules).some((r) => r.type === 'FQDN' && !r.deleteOpId);
  const op = startIn(ctx, LRO, {
    name: 'PutOutboundRule',
    method: 'PUT',
    subscriptionId: ws.subscriptionId,
    location: ws.location as string,
    targetId: `${ws.id}/outboundRules/${canonical}`,
    lockKey: `${ws.id}/outboundRules/${canonical}`,
    touched: [],
    // The first FQDN rule of an active network deploys the Azure Firewall (docs: +10 minutes).
    latencyKey: firstFirewall ? MN_LATENCY.firewallRule : MN_LATENCY.rule,
  });
  if (problem) op.error = { code: 'PrivateEndpointApprovalPermissionMissing', message: `Outbound rule '${canonical}': ${problem}` };
  rules[canonical] = { ...stored, opId: op.id, ...(problem ? { failure: problem } : {}) };
  ws.properties.managedNetwork = { ...mn, rules };
  putRecord(ctx.state, ws);
  return empty(202, acceptedHeaders(ctx, LRO, op, { result: true }));
}

function deleteRule(ctx: Ctx, ws: ResourceRecord, mn: StoredManagedNetwork, name: string, existing: RenderedRule): SimResponse {
  if (existing.category === 'Required') throw refuseRequired(ws, name, 'deleted');
  busyWorkspace(ws);
  const stored = existing.stored as StoredRule;
  const rules = { ...mn.rules };
  if (stored.deleteOpId) {
    const running = ctx.state.operations[stored.deleteOpId];
    if (running) return empty(202, acceptedHeaders(ctx, LRO, running, { result: true }));
  }
  if (opOutcome(ctx.state, stored.opId) === 'InProgress') throw conflict('Conflict', `Outbound rule '${name}' is being provisioned; retry the delete when that has finished.`);
  if (!networkActive(ctx.state, mn)) {
    delete rules[name];
    ws.properties.managedNetwork = { ...mn, rules };
    putRecord(ctx.state, ws);
    return empty(200);
  }
  const op = startIn(ctx, LRO, {
    name: 'DeleteOutboundRule',
    method: 'DELETE',
    subscriptionId: ws.subscriptionId,
    location: ws.location as string,
    targetId: `${ws.id}/outboundRules/${name}`,
    lockKey: `${ws.id}/outboundRules/${name}`,
    touched: [],
    latencyKey: MN_LATENCY.rule,
  });
  rules[name] = { ...stored, deleteOpId: op.id };
  ws.properties.managedNetwork = { ...mn, rules };
  putRecord(ctx.state, ws);
  return empty(202, acceptedHeaders(ctx, LRO, op, { result: true }));
}
