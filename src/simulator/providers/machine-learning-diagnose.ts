// POST .../workspaces/{ws}/diagnose (Workspaces_Diagnose, 2022-10-01 machineLearningServices.json and
// 2025-06-01 workspaceRP.json): a long-running POST, 202 + Location (+ Retry-After), final-state-via
// location; the Location answers 202 while running, then 200 DiagnoseResponseResult { value: { <nine
// category lists> } }, each item { code, level: Warning|Error|Information, message }. A healthy workspace
// answers every list empty (the spec example shows only a Warning CustomDNSInUse).
//
// The result is computed from the simulator's records when the result is read (the workspace as it is at
// the end of the operation), with the network model (src/azure-model) over cloudView:
// - nsg / udr: the documented outbound of each compute in a customer subnet (requirementsFor + reach, as
//   the compute create does, runtime/egress-check.ts); a flow refused by an NSG rule is an NSG Error, one
//   with no way out or routed to something that is not a firewall is a UDR Error. Flows a firewall policy
//   refuses are not reported (that the diagnose API reads firewall policies is not documented).
// - dnsResolution: each private endpoint FQDN of the workspace must resolve, from the VNets of its compute
//   subnets (else its endpoints' VNets), to the endpoint's private IP through the linked private DNS zones.
//   A VNet with custom DNS servers gives the spec example's Warning CustomDNSInUse.
// - storageAccount / keyVault / containerRegistry: no approved private endpoint while public access is
//   disabled (compute cannot reach it: Error) or enabled (Warning), public network access enabled (Warning).
// - resourceLock, applicationInsights, others: not modelled (always empty).
// Codes other than CustomDNSInUse are **unconfirmed** (SPEC.md "Workspace diagnose").
import { resolve, type ArmResource, type Cloud } from '../../azure-model/network/index.js';
import { ArmError, resourceNotFound } from '../errors.js';
import { empty, json } from '../http.js';
import { cloudView } from '../runtime/cloud-view.js';
import { checkRequiredOutbound, describeUnmet } from '../runtime/egress-check.js';
import { parseBody } from '../schemas/common.js';
import { diagnoseSchema } from '../schemas/machine-learning-diagnose.js';
import type { MlApiVersion } from '../schemas/machine-learning.js';
import { getRecord, recordsOfType, type CloudState, type OperationRecord, type ResourceRecord } from '../state.js';
import type { SimResponse } from '../types.js';
import { T_COMPUTE } from './machine-learning-computes/common.js';
import { mlLro, T_ML } from './machine-learning-rules.js';
import { privateEndpointConnectionsFor } from './network/private-link.js';
import { acceptedHeaders, startIn } from './kit/lro-style.js';
import type { Ctx } from './types.js';

export const DIAGNOSE_OPERATION = 'DiagnoseWorkspace';
const LRO = mlLro('workspaceOperationsStatus');
/** How long a diagnosis runs: **unconfirmed** (no source gives it; the service probes the dependencies). */
const DIAGNOSE_SECONDS = 5;

export type DiagnoseLevel = 'Warning' | 'Error' | 'Information';
export interface DiagnoseResult {
  code: string;
  level: DiagnoseLevel;
  message: string;
}
export type DiagnoseCategory =
  | 'userDefinedRouteResults'
  | 'networkSecurityRuleResults'
  | 'resourceLockResults'
  | 'dnsResolutionResults'
  | 'storageAccountResults'
  | 'keyVaultResults'
  | 'containerRegistryResults'
  | 'applicationInsightsResults'
  | 'otherResults';
export const DIAGNOSE_CATEGORIES: readonly DiagnoseCategory[] = [
  'userDefinedRouteResults',
  'networkSecurityRuleResults',
  'resourceLockResults',
  'dnsResolutionResults',
  'storageAccountResults',
  'keyVaultResults',
  'containerRegistryResults',
  'applicationInsightsResults',
  'otherResults',
];
type Results = Record<DiagnoseCategory, DiagnoseResult[]>;

const lc = (s: unknown): string => String(s ?? '').toLowerCase();
const refOf = (v: unknown): string | undefined => (v && typeof v === 'object' && typeof (v as { id?: unknown }).id === 'string' ? (v as { id: string }).id : undefined);
const propsOf = (r: ArmResource | undefined): Record<string, unknown> => (r?.properties ?? {}) as Record<string, unknown>;
const vnetOf = (subnetId: string): string => subnetId.split(/\/subnets\//i)[0];
const LEARN_TRAINING_VNET = 'https://learn.microsoft.com/azure/machine-learning/how-to-secure-training-vnet';
const LEARN_DNS = 'https://learn.microsoft.com/azure/machine-learning/how-to-custom-dns';

/** POST .../workspaces/{ws}/diagnose: 202 + Location + Retry-After. */
export function handleDiagnose(ctx: Ctx, group: ResourceRecord, wsName: string): SimResponse {
  if (ctx.method !== 'POST') throw new ArmError(405, 'MethodNotAllowed', `The requested resource does not support http method '${ctx.method}'.`);
  const ws = getRecord(ctx.state, `${group.id}/providers/${T_ML.workspace}/${wsName}`);
  if (!ws || ws.provisioningState === 'Deleting') throw resourceNotFound(T_ML.workspace, wsName, group.name);
  // The body is optional in the spec (every category optional); an empty body diagnoses everything.
  if (ctx.body && ctx.body.trim() !== '') parseBody(diagnoseSchema(ctx.apiVersion as MlApiVersion), ctx.body, 'resources');
  const op = startIn(ctx, LRO, {
    name: DIAGNOSE_OPERATION,
    method: 'PUT',
    subscriptionId: ws.subscriptionId,
    location: ws.location as string,
    targetId: ws.id,
    touched: [],
    latencyKey: T_ML.workspace,
    seconds: DIAGNOSE_SECONDS,
  });
  return empty(202, acceptedHeaders(ctx, LRO, op, { result: true }));
}

/** The Location result of a finished diagnosis: 200 DiagnoseResponseResult. */
export function diagnoseResult(state: CloudState, op: OperationRecord): SimResponse {
  const ws = getRecord(state, op.targetId);
  return json(200, { value: ws ? diagnoseWorkspace(state, ws) : emptyResults() });
}

function emptyResults(): Results {
  return Object.fromEntries(DIAGNOSE_CATEGORIES.map((c) => [c, []])) as unknown as Results;
}

interface ComputeSubnet {
  subnetId: string;
  kind: 'amlCompute' | 'computeInstance';
  publicIp: boolean;
  compute: string;
}

/** AmlCompute clusters and compute instances of the workspace placed in a customer subnet. */
function computeSubnets(state: CloudState, ws: ResourceRecord): ComputeSubnet[] {
  const mode = (ws.properties.managedNetwork as { isolationMode?: string } | undefined)?.isolationMode;
  if (mode !== undefined && mode !== 'Disabled') return []; // computes run in the managed network
  const prefix = `${lc(ws.id)}/computes/`;
  const out: ComputeSubnet[] = [];
  for (const c of recordsOfType(state, T_COMPUTE)) {
    if (!lc(c.id).startsWith(prefix) || c.provisioningState === 'Deleting') continue;
    const type = c.properties.computeType;
    if (type !== 'AmlCompute' && type !== 'ComputeInstance') continue;
    const inner = (c.properties.properties ?? {}) as Record<string, unknown>;
    const subnetId = refOf(inner.subnet);
    if (!subnetId || !getRecord(state, subnetId)) continue;
    out.push({ subnetId, kind: type === 'AmlCompute' ? 'amlCompute' : 'computeInstance', publicIp: inner.enableNodePublicIp !== false, compute: c.name });
  }
  return out;
}

export function diagnoseWorkspace(state: CloudState, ws: ResourceRecord): Results {
  const out = emptyResults();
  const cloud = cloudView(state);
  const subnets = computeSubnets(state, ws);
  networkResults(state, cloud, subnets, out);
  dnsResults(state, cloud, ws, subnets, out);
  dependencyResults(state, ws, out, subnets.length > 0);
  return out;
}

function networkResults(state: CloudState, cloud: Cloud, subnets: ComputeSubnet[], out: Results): void {
  const seen = new Set<string>();
  const asked = new Set<string>();
  for (const s of subnets) {
    const question = `${lc(s.subnetId)}|${s.kind}|${s.publicIp}`;
    if (asked.has(question)) continue;
    asked.add(question);
    // Without node public IPs the subnet is seen as it is: the view already built answers.
    const check = checkRequiredOutbound(state, s.subnetId, s.kind, { ownPublicEgress: s.publicIp }, s.publicIp ? undefined : cloud);
    const subnet = s.subnetId.split('/').pop();
    for (const u of check.unmet) {
      const d = u.verdict.decidedBy;
      const flow = `${u.requirement.destination} ${u.requirement.protocol}/${u.requirement.port}`;
      const key = `${lc(s.subnetId)}|${flow}|${d.kind}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (d.kind === 'nsg-rule') {
        const nsgId = d.id?.replace(/\/(securityRules|defaultSecurityRules)\/[^/]+$/i, '') ?? '';
        // Wording after the compute create's NSG refusal (microsoft/AzureTRE#2780); code unconfirmed.
        out.networkSecurityRuleResults.push({
          code: 'NsgRuleMissing',
          level: 'Error',
          message: `The subnet '${subnet}' used by compute '${s.compute}' has a network security group (${nsgId}) that is missing an outbound rule for ${flow}. Please add the rule or increase its priority. For network security group requirements, please refer to ${LEARN_TRAINING_VNET}. [simulator: ${describeUnmet(u)}]`,
        });
      } else if (d.kind === 'route' || d.kind === 'no-egress') {
        out.userDefinedRouteResults.push({
          code: 'UdrMissingOutboundRoute',
          level: 'Error',
          message: `The subnet '${subnet}' used by compute '${s.compute}' has no working route for ${flow}: ${d.detail}. Route the subnet's outbound traffic through a firewall that allows it (or give it an outbound method). See ${LEARN_TRAINING_VNET}. [simulator: ${describeUnmet(u)}]`,
        });
      }
    }
  }
}

/** The workspace's private endpoints (approved connections) with their FQDNs and IPs. */
function workspaceEndpoints(state: CloudState, cloud: Cloud, ws: ResourceRecord): { peId: string; fqdn: string; ip: string }[] {
  const out: { peId: string; fqdn: string; ip: string }[] = [];
  for (const c of privateEndpointConnectionsFor(state, ws.id)) {
    const peId = refOf((c.properties as { privateEndpoint?: unknown }).privateEndpoint);
    const pe = peId ? cloud.get(peId) : undefined;
    if (!pe || !peId) continue;
    for (const d of (propsOf(pe).customDnsConfigs as { fqdn?: string; ipAddresses?: string[] }[] | undefined) ?? []) {
      const ip = d.ipAddresses?.[0];
      if (d.fqdn && ip) out.push({ peId, fqdn: d.fqdn, ip });
    }
  }
  return out;
}

function dnsResults(state: CloudState, cloud: Cloud, ws: ResourceRecord, subnets: ComputeSubnet[], out: Results): void {
  const endpoints = workspaceEndpoints(state, cloud, ws);
  const vnets = new Set(subnets.map((s) => lc(vnetOf(s.subnetId))));
  if (vnets.size === 0) {
    for (const e of endpoints) {
      const subnet = refOf(propsOf(cloud.get(e.peId)).subnet);
      if (subnet) vnets.add(lc(vnetOf(subnet)));
    }
  }
  for (const vnetKey of vnets) {
    const vnet = cloud.get(vnetKey);
    if (!vnet) continue;
    const vnetName = vnet.name ?? vnetKey.split('/').pop();
    const servers = ((propsOf(vnet).dhcpOptions as { dnsServers?: string[] } | undefined)?.dnsServers ?? []).filter(Boolean);
    if (servers.length > 0) {
      // The spec's example result (examples/Workspace/diagnose.json).
      out.dnsResolutionResults.push({
        code: 'CustomDNSInUse',
        level: 'Warning',
        message: `We have detected a custom dns server (${servers.join(', ')}) is configured on virtual network '${vnetName}'. Please make sure conditional forwarding is configured correctly according to doc ${LEARN_DNS}`,
      });
    }
    for (const e of endpoints) {
      const r = resolve(cloud, vnet.id, e.fqdn);
      if (r.answer.kind === 'private' && r.answer.ip === e.ip) continue;
      const got = r.answer.kind === 'private' ? `private address ${r.answer.ip}` : r.answer.kind === 'public' ? 'its public address' : 'nothing (NXDOMAIN)';
      out.dnsResolutionResults.push({
        code: 'DnsResolutionFailure',
        level: 'Error',
        message: `${e.fqdn} resolves to ${got} from virtual network '${vnetName}', not to the private endpoint's address ${e.ip}. Make sure the private DNS zone is linked to the virtual network and holds the endpoint's A record. See ${LEARN_DNS}`,
      });
    }
  }
}

interface Dependency {
  property: 'storageAccount' | 'keyVault' | 'containerRegistry';
  category: DiagnoseCategory;
  label: string;
  prefix: string;
}

const DEPENDENCIES: readonly Dependency[] = [
  { property: 'storageAccount', category: 'storageAccountResults', label: 'storage account', prefix: 'StorageAccount' },
  { property: 'keyVault', category: 'keyVaultResults', label: 'key vault', prefix: 'KeyVault' },
  { property: 'containerRegistry', category: 'containerRegistryResults', label: 'container registry', prefix: 'ContainerRegistry' },
];

/** Whether the resource accepts traffic on its public endpoint (publicNetworkAccess, else its firewall's default action). */
function publicAccessEnabled(rec: ResourceRecord): boolean {
  const p = rec.properties as { publicNetworkAccess?: string; networkAcls?: { defaultAction?: string }; networkRuleSet?: { defaultAction?: string } };
  if (lc(p.publicNetworkAccess) === 'disabled') return false;
  const acl = p.networkAcls?.defaultAction ?? p.networkRuleSet?.defaultAction;
  return lc(acl) !== 'deny';
}

function hasApprovedEndpoint(state: CloudState, id: string): boolean {
  return privateEndpointConnectionsFor(state, id).some((c) => {
    const p = c.properties as { provisioningState?: string; privateLinkServiceConnectionState?: { status?: string } };
    return p.provisioningState === 'Succeeded' && p.privateLinkServiceConnectionState?.status === 'Approved';
  });
}

function dependencyResults(state: CloudState, ws: ResourceRecord, out: Results, inVnet: boolean): void {
  for (const d of DEPENDENCIES) {
    const id = ws.properties[d.property] as string | undefined;
    const rec = id ? getRecord(state, id) : undefined;
    if (!rec) continue;
    const open = publicAccessEnabled(rec);
    if (open) {
      out[d.category].push({ code: `${d.prefix}PublicNetworkAccessEnabled`, level: 'Warning', message: `The workspace's ${d.label} '${rec.name}' accepts traffic on its public endpoint. Disable public network access and use a private endpoint.` });
    }
    if (inVnet && !hasApprovedEndpoint(state, rec.id)) {
      out[d.category].push({
        code: `${d.prefix}PrivateEndpointMissing`,
        level: open ? 'Warning' : 'Error',
        message: `The workspace's ${d.label} '${rec.name}' has no approved private endpoint${open ? '' : ' and its public network access is disabled: compute in the virtual network cannot reach it'}. Create a private endpoint in the workspace's virtual network (or approve the pending connection).`,
      });
    }
  }
}
