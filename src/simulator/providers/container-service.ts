// Microsoft.ContainerService managedClusters (2024-09-01, 2025-07-01, 2026-04-01) and the regional Kubernetes
// version list. PUT answers 201 (200 for an update) with provisioningState Creating/Updating and
// Azure-AsyncOperation (.../locations/{l}/operations/{id}); DELETE answers 202 with Azure-AsyncOperation and
// Location (.../operationresults/{id}). A private cluster with Azure CNI takes the '#private-azurecni' latency.
// Rules read other providers' records: node subnets exist in the cluster's region (their VNet's address space
// must not overlap the service CIDR; Azure CNI needs room for every pod IP), a user-assigned control-plane
// identity needs subnets/join/action on a custom subnet (else the operation fails as AKS does, with
// LinkedAuthorizationFailed), and node NICs / the API server's private endpoint make the subnet "in use".
import { randomBytes, randomUUID } from 'node:crypto';
import { ArmError, badRequest, conflict, methodNotAllowed, notFound, resourceNotFound } from '../errors.js';
import { empty, json } from '../http.js';
import { inFlight, operationSeconds, scaledRetryAfter, startOperation, type StartOperation } from '../lro.js';
import { checkName, type NameRule } from '../names.js';
import { overlaps, parseCidr, parseIp, type Cidr } from '../cidr.js';
import { compareVersions, findVmSize, kubernetesVersionsIn, resolveKubernetesVersion, upgradesFrom } from '../region-catalog.js';
import { normalizeRegion, REGIONS } from '../regions.js';
import { parseBody } from '../schemas/common.js';
import {
  AKS_API_VERSIONS,
  AKS_NOT_SIMULATED,
  POOL_NOT_SIMULATED,
  managedClusterSchema,
  type AgentPoolBody,
  type AksApiVersion,
  type ManagedClusterPropertiesBody,
  type NetworkProfileBody,
} from '../schemas/containerservice.js';
import { getRecord, key, putRecord, recordsOfType, registerPrincipal, tenantIdOf, type CloudState, type OperationRecord, type ResourceRecord } from '../state.js';
import { validateTags } from '../tags.js';
import type { ArmResource, SimResponse } from '../types.js';
import { ROLE_ASSIGNMENT_TYPE, actionMatches, findRole, roleGuidOf } from './authorization/roles.js';
import { scopeContains } from './authorization/scope.js';
import { applyIdentity } from './identity.js';
import { SUBNET_IP_CONFIGURATIONS, type ExternalIpConfiguration } from './network/network-interfaces.js';
import { parseArmId } from './network/common.js';
import { findGroup } from './resources.js';
import { assertNameMatches, resolveLocation, trackedId } from './tracked.js';
import type { Ctx, Provider, ProviderRoute } from './types.js';

export const CONTAINER_SERVICE = 'Microsoft.ContainerService';
export const T_AKS = 'Microsoft.ContainerService/managedClusters';
/** The type AKS prints in its bodies. */
const RENDERED_TYPE = 'Microsoft.ContainerService/ManagedClusters';
const PRIVATE_CNI_KEY = `${T_AKS}#private-azurecni`;
const SUBNET_TYPE = 'Microsoft.Network/virtualNetworks/subnets';
const SUBNET_JOIN = 'Microsoft.Network/virtualNetworks/subnets/join/action';
/** AKS asks pollers to come back after 30 s... its SDK poller waits the Retry-After it is given. */
const AKS_RETRY_AFTER = 30;
/** A permission failure surfaces when AKS first creates the node scale set, about a minute in. */
const PERMISSION_FAILURE_SECONDS = 60;
/** The AKS-managed VNet's address space when no custom subnet is given. */
const MANAGED_VNET_SPACE = '10.224.0.0/12';
const DEFAULT_VM_SIZE = 'Standard_D4ds_v5';

const CLUSTER_NAME: NameRule = {
  min: 1,
  max: 63,
  pattern: /^[a-zA-Z0-9](?:[a-zA-Z0-9_-]{0,61}[a-zA-Z0-9])?$/,
  describe: 'Managed cluster names are 1-63 characters of letters, digits, underscores and hyphens, and start and end with a letter or digit.',
};

const same = (a: string | undefined, b: string | undefined): boolean => a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();

const invalid = (message: string): ArmError => badRequest('InvalidParameter', message);

// ---- stored shapes ----

interface Identity3 {
  resourceId: string;
  clientId: string;
  objectId: string;
}

interface StoredPool {
  name: string;
  count: number;
  vmSize: string;
  osDiskSizeGB: number;
  osDiskType: string;
  vnetSubnetID?: string;
  maxPods: number;
  osType: string;
  osSKU: string;
  enableAutoScaling: boolean;
  minCount?: number;
  maxCount?: number;
  type: string;
  mode: string;
  orchestratorVersion: string;
  currentOrchestratorVersion: string;
  availabilityZones?: string[];
  enableNodePublicIP: boolean;
  scaleSetPriority: string;
  scaleSetEvictionPolicy?: string;
  spotMaxPrice?: number;
  tags?: Record<string, string>;
  nodeLabels?: Record<string, string>;
  nodeTaints?: string[];
  enableEncryptionAtHost: boolean;
  enableUltraSSD: boolean;
  enableFIPS: boolean;
  upgradeSettings: Record<string, unknown>;
}

interface StoredNetwork {
  networkPlugin: string;
  networkPluginMode?: string;
  networkPolicy?: string;
  networkDataplane?: string;
  networkMode?: string;
  podCidr?: string;
  serviceCidr: string;
  dnsServiceIP: string;
  outboundType: string;
  loadBalancerSku: string;
}

interface StoredApiServer {
  enablePrivateCluster: boolean;
  privateDNSZone?: string;
  enablePrivateClusterPublicFQDN?: boolean;
  disableRunCommand?: boolean;
  authorizedIPRanges?: string[];
}

/** What other providers (the ML AKS attach) read about a cluster. */
export interface ClusterFacts {
  fqdn: string;
  privateCluster: boolean;
  location: string;
  totalVCPUs: number;
  agentCount: number;
  agentVmSize: string;
  /** The VNet of the node subnets, if the cluster uses a custom one. */
  vnetId?: string;
}

// ---- operations ----

function start(ctx: Ctx, init: Omit<StartOperation, 'namespace'>): OperationRecord {
  return startOperation(ctx.state, ctx.now, ctx.latency, { namespace: CONTAINER_SERVICE, ...init });
}

function opHeaders(ctx: Ctx, op: OperationRecord, withLocation: boolean): Record<string, string> {
  // AKS spells the Location path in lower case (.../operationresults/{id}).
  const base = `${ctx.url.origin}/subscriptions/${op.subscriptionId}/providers/${CONTAINER_SERVICE}/locations/${op.location}`;
  const q = `?api-version=${encodeURIComponent(ctx.apiVersion)}`;
  return {
    'Azure-AsyncOperation': `${base}/operations/${op.id}${q}`,
    ...(withLocation ? { Location: `${base}/operationresults/${op.id}${q}` } : {}),
    'Retry-After': scaledRetryAfter(ctx.latency, AKS_RETRY_AFTER),
  };
}

/** .../locations/{l}/operations/{id} (status) and .../operationresults/{id} (Location polling). */
function handleOperation(ctx: Ctx, kind: string, opId: string): SimResponse {
  if (ctx.method !== 'GET') throw methodNotAllowed(ctx.method, 'operation');
  const op = ctx.state.operations[opId];
  if (!op || op.namespace !== CONTAINER_SERVICE) throw notFound('OperationNotFound', `The operation '${opId}' could not be found.`);
  if (kind === 'operations') {
    return json(
      200,
      {
        name: op.id,
        status: op.status,
        startTime: new Date(op.startedAt).toISOString(),
        ...(op.status !== 'InProgress' ? { endTime: new Date(op.endsAt).toISOString() } : {}),
        ...(op.error ? { error: op.error } : {}),
      },
      op.status === 'InProgress' ? { 'Retry-After': scaledRetryAfter(ctx.latency, AKS_RETRY_AFTER) } : {},
    );
  }
  if (op.status === 'InProgress') return empty(202, { Location: `${ctx.url.origin}${ctx.url.path}?${ctx.url.query.toString()}`, 'Retry-After': scaledRetryAfter(ctx.latency, AKS_RETRY_AFTER) });
  if (op.status === 'Failed') return json(400, { error: op.error });
  if (op.method === 'DELETE') return empty(204);
  const rec = getRecord(ctx.state, op.targetId);
  return rec ? json(200, renderCluster(ctx.state, rec)) : empty(204);
}

// ---- facts and rendering ----

const poolsOf = (rec: ResourceRecord): StoredPool[] => (rec.properties.agentPoolProfiles as StoredPool[] | undefined) ?? [];
const networkOf = (rec: ResourceRecord): StoredNetwork => rec.properties.networkProfile as StoredNetwork;
const apiServerOf = (rec: ResourceRecord): StoredApiServer | undefined => rec.properties.apiServerAccessProfile as StoredApiServer | undefined;

function latencyKeyOf(rec: ResourceRecord): string {
  return apiServerOf(rec)?.enablePrivateCluster === true && networkOf(rec)?.networkPlugin === 'azure' ? PRIVATE_CNI_KEY : T_AKS;
}

function fqdns(rec: ResourceRecord): { fqdn?: string; privateFQDN?: string; azurePortalFQDN: string } {
  const p = rec.properties;
  const region = rec.location as string;
  const host = `${String(p.dnsPrefix)}-${String(p.fqdnHash)}`;
  const publicFqdn = `${host}.hcp.${region}.azmk8s.io`;
  const api = apiServerOf(rec);
  if (api?.enablePrivateCluster !== true) return { fqdn: publicFqdn, azurePortalFQDN: `${host}.portal.hcp.${region}.azmk8s.io` };
  const guid = String(p.privateGuid);
  const zone = api.privateDNSZone ?? 'system';
  const privateFQDN =
    zone.toLowerCase() === 'none' ? undefined : zone.toLowerCase() === 'system' ? `${host}.${guid}.privatelink.${region}.azmk8s.io` : `${host}.${zone.split('/').pop() as string}`;
  const withPublic = api.enablePrivateClusterPublicFQDN === true || zone.toLowerCase() === 'none';
  return {
    ...(withPublic ? { fqdn: publicFqdn } : {}),
    ...(privateFQDN ? { privateFQDN } : {}),
    azurePortalFQDN: `${host}.portal.${guid}.privatelink.${region}.azmk8s.io`,
  };
}

/** The facts an attaching service reads; undefined when the record is not a managed cluster. */
export function clusterFacts(state: CloudState, rec: ResourceRecord): ClusterFacts | undefined {
  if (key(rec.type) !== key(T_AKS)) return undefined;
  const pools = poolsOf(rec);
  const f = fqdns(rec);
  const subnet = pools.find((pl) => pl.vnetSubnetID)?.vnetSubnetID;
  const vnetId = subnet ? subnet.replace(/\/subnets\/[^/]+$/i, '') : undefined;
  return {
    fqdn: f.privateFQDN ?? f.fqdn ?? '',
    privateCluster: apiServerOf(rec)?.enablePrivateCluster === true,
    location: rec.location as string,
    totalVCPUs: pools.reduce((n, pl) => n + pl.count * (findVmSize(rec.location as string, pl.vmSize)?.vCPUs ?? 0), 0),
    agentCount: pools.reduce((n, pl) => n + pl.count, 0),
    agentVmSize: pools.find((pl) => pl.mode === 'System')?.vmSize ?? pools[0]?.vmSize ?? '',
    ...(vnetId && getRecord(state, vnetId) ? { vnetId } : {}),
  };
}

function displayState(rec: ResourceRecord): string {
  if (rec.provisioningState !== 'Updating') return rec.provisioningState;
  return rec.properties.creating === true ? 'Creating' : 'Updating';
}

const omitUndefined = (o: Record<string, unknown>): Record<string, unknown> => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

export function renderCluster(state: CloudState, rec: ResourceRecord): ArmResource {
  const p = rec.properties;
  const region = rec.location as string;
  const state0 = displayState(rec);
  const net = networkOf(rec);
  const kubelet = p.kubeletIdentity as Identity3;
  const addonIdentities = (p.addonIdentities ?? {}) as Record<string, Identity3>;
  const addons = (p.addonProfiles ?? {}) as Record<string, { enabled: boolean; config?: Record<string, string> }>;
  const stored = rec.identity ?? {};
  const uais = stored.userAssignedIdentities as Record<string, { principalId?: string; clientId?: string }> | undefined;
  const api = apiServerOf(rec);
  const oidc = p.oidcIssuerProfile as { enabled: boolean; issuerGuid: string };
  const f = fqdns(rec);
  const nodeImage = (pl: StoredPool) =>
    pl.osType === 'Windows' ? 'AKSWindows-2022-containerd-20348.3932.250705' : pl.osSKU.startsWith('AzureLinux') ? 'AKSAzureLinux-V3gen2-202507.21.0' : 'AKSUbuntu-2204gen2containerd-202507.21.0';
  return {
    id: rec.id,
    location: region,
    name: rec.name,
    type: RENDERED_TYPE,
    tags: rec.tags ?? {},
    sku: rec.sku,
    ...(rec.identity
      ? {
          identity: omitUndefined({
            type: stored.type,
            principalId: stored.principalId,
            tenantId: stored.tenantId,
            userAssignedIdentities: uais
              ? Object.fromEntries(
                  Object.entries(uais).map(([id, v]) => {
                    const live = getRecord(state, id);
                    return [id, { principalId: live?.properties.principalId ?? v.principalId, clientId: live?.properties.clientId ?? v.clientId }];
                  }),
                )
              : undefined,
          }),
        }
      : {}),
    properties: omitUndefined({
      provisioningState: state0,
      powerState: { code: 'Running' },
      maxAgentPools: 100,
      kubernetesVersion: p.kubernetesVersion,
      currentKubernetesVersion: p.currentKubernetesVersion,
      dnsPrefix: p.dnsPrefix,
      fqdn: f.fqdn,
      privateFQDN: f.privateFQDN,
      azurePortalFQDN: f.azurePortalFQDN,
      agentPoolProfiles: poolsOf(rec).map((pl) =>
        omitUndefined({
          name: pl.name,
          count: pl.count,
          vmSize: pl.vmSize,
          osDiskSizeGB: pl.osDiskSizeGB,
          osDiskType: pl.osDiskType,
          kubeletDiskType: 'OS',
          vnetSubnetID: pl.vnetSubnetID,
          maxPods: pl.maxPods,
          type: pl.type,
          enableAutoScaling: pl.enableAutoScaling,
          minCount: pl.minCount,
          maxCount: pl.maxCount,
          scaleDownMode: 'Delete',
          provisioningState: state0,
          powerState: { code: 'Running' },
          orchestratorVersion: pl.orchestratorVersion,
          currentOrchestratorVersion: pl.currentOrchestratorVersion,
          availabilityZones: pl.availabilityZones,
          enableNodePublicIP: pl.enableNodePublicIP,
          scaleSetPriority: pl.scaleSetPriority === 'Spot' ? 'Spot' : undefined,
          scaleSetEvictionPolicy: pl.scaleSetPriority === 'Spot' ? (pl.scaleSetEvictionPolicy ?? 'Delete') : undefined,
          spotMaxPrice: pl.scaleSetPriority === 'Spot' ? (pl.spotMaxPrice ?? -1) : undefined,
          tags: pl.tags,
          nodeLabels: pl.nodeLabels,
          nodeTaints: pl.nodeTaints,
          mode: pl.mode,
          osType: pl.osType,
          osSKU: pl.osSKU,
          nodeImageVersion: nodeImage(pl),
          upgradeSettings: pl.upgradeSettings,
          enableEncryptionAtHost: pl.enableEncryptionAtHost,
          enableUltraSSD: pl.enableUltraSSD,
          enableFIPS: pl.enableFIPS,
          securityProfile: { enableVTPM: false, enableSecureBoot: false },
        }),
      ),
      linuxProfile: p.linuxProfile,
      addonProfiles: Object.fromEntries(
        Object.entries(addons).map(([name, a]) => [name, omitUndefined({ enabled: a.enabled, config: a.config ?? null, identity: a.enabled ? addonIdentities[name] : undefined })]),
      ),
      oidcIssuerProfile: { enabled: oidc.enabled, ...(oidc.enabled ? { issuerURL: `https://${region}.oic.prod-aks.azure.com/${tenantIdOf(state)}/${oidc.issuerGuid}/` } : {}) },
      nodeResourceGroup: p.nodeResourceGroup,
      enableRBAC: p.enableRBAC,
      supportPlan: p.supportPlan,
      networkProfile: omitUndefined({
        networkPlugin: net.networkPlugin,
        networkPluginMode: net.networkPluginMode,
        networkPolicy: net.networkPolicy,
        networkDataplane: net.networkDataplane,
        networkMode: net.networkMode,
        loadBalancerSku: net.loadBalancerSku,
        loadBalancerProfile:
          net.outboundType === 'loadBalancer'
            ? {
                managedOutboundIPs: { count: 1 },
                effectiveOutboundIPs: [{ id: `/subscriptions/${rec.subscriptionId}/resourceGroups/${String(p.nodeResourceGroup)}/providers/Microsoft.Network/publicIPAddresses/${String(p.outboundIpName)}` }],
                backendPoolType: 'NodeIPConfiguration', // the spec's enum casing (2026-04-01 ManagedClusterLoadBalancerProfile)
              }
            : undefined,
        podCidr: net.podCidr,
        serviceCidr: net.serviceCidr,
        dnsServiceIP: net.dnsServiceIP,
        outboundType: net.outboundType,
        podCidrs: net.podCidr ? [net.podCidr] : undefined,
        serviceCidrs: [net.serviceCidr],
        ipFamilies: ['IPv4'],
      }),
      aadProfile: p.aadProfile,
      autoUpgradeProfile: p.autoUpgradeProfile,
      apiServerAccessProfile: api
        ? omitUndefined({
            authorizedIPRanges: api.authorizedIPRanges,
            enablePrivateCluster: api.enablePrivateCluster,
            privateDNSZone: api.enablePrivateCluster ? (api.privateDNSZone ?? 'system') : undefined,
            enablePrivateClusterPublicFQDN: api.enablePrivateCluster ? (api.enablePrivateClusterPublicFQDN ?? false) : undefined,
            disableRunCommand: api.disableRunCommand,
          })
        : undefined,
      identityProfile: { kubeletidentity: kubelet },
      disableLocalAccounts: p.disableLocalAccounts,
      securityProfile: p.securityProfile,
      storageProfile: { diskCSIDriver: { enabled: true }, fileCSIDriver: { enabled: true }, snapshotController: { enabled: true } },
      publicNetworkAccess: p.publicNetworkAccess,
      resourceUID: p.resourceUID,
    }),
  };
}

// ---- validation ----

function rejectNotSimulated(value: Record<string, unknown> | undefined, members: readonly string[], path: string): void {
  if (!value) return;
  for (const m of members) {
    const v = value[m];
    if (v === undefined) continue;
    if (Array.isArray(v) && v.length === 0) continue;
    if (v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0) continue;
    throw badRequest('SimulatorUnsupportedProperty', `Property '${path}${m}' is valid in Azure but not implemented by the ARM simulator.`);
  }
}

/** Subnet references: well-formed, existing, in the cluster's region. */
function resolveSubnet(ctx: Ctx, id: string, location: string, path: string): ResourceRecord {
  const parsed = parseArmId(id);
  if (!parsed || key([parsed.namespace, ...parsed.types].join('/')) !== key(SUBNET_TYPE)) {
    throw invalid(`The value of parameter ${path} is invalid: '${id}' is not a subnet resource id of the form /subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Network/virtualNetworks/{virtualNetworkName}/subnets/{subnetName}.`);
  }
  const subnet = getRecord(ctx.state, id);
  if (!subnet || subnet.provisioningState === 'Deleting') {
    throw invalid(`The subnet '${id}' referenced by ${path} was not found. Create the subnet before the cluster.`);
  }
  const vnet = subnet.parentId ? getRecord(ctx.state, subnet.parentId) : undefined;
  if (vnet && vnet.location !== location) {
    throw invalid(`The subnet '${id}' referenced by ${path} is in region '${vnet.location ?? ''}', but the cluster is in '${location}'. The node subnet must be in the cluster's region.`);
  }
  return subnet;
}

function subnetCidrs(subnet: ResourceRecord): Cidr[] {
  const p = subnet.properties;
  const texts = typeof p.addressPrefix === 'string' ? [p.addressPrefix] : ((p.addressPrefixes as string[] | undefined) ?? []);
  return texts.map((t) => parseCidr(t)).filter((c): c is Cidr => c !== undefined && c.version === 4);
}

function vnetSpace(ctx: Ctx, subnet: ResourceRecord | undefined): Cidr[] {
  if (!subnet) return [parseCidr(MANAGED_VNET_SPACE) as Cidr];
  const vnet = subnet.parentId ? getRecord(ctx.state, subnet.parentId) : undefined;
  const texts = (vnet?.properties.addressSpace as { addressPrefixes?: string[] } | undefined)?.addressPrefixes ?? [];
  return texts.map((t) => parseCidr(t)).filter((c): c is Cidr => c !== undefined && c.version === 4);
}

function ipv4Cidr(text: string, member: string): Cidr {
  const c = parseCidr(text);
  if (!c || c.version !== 4) throw invalid(`The value '${text}' of networkProfile.${member} is not a valid IPv4 CIDR.`);
  if (c.given !== c.start) throw invalid(`The value '${text}' of networkProfile.${member} is not a network address (it has host bits set).`);
  return c;
}

/** Does the principal hold subnets/join/action on the subnet through a role assignment at or above it? */
function canJoinSubnet(state: CloudState, principalId: string, subnetId: string): boolean {
  return recordsOfType(state, ROLE_ASSIGNMENT_TYPE).some((ra) => {
    const q = ra.properties as { principalId?: string; roleDefinitionId?: string; scope?: string };
    const scope = q.scope ?? ra.id.replace(/\/providers\/Microsoft\.Authorization\/roleAssignments\/[^/]+$/i, '');
    if (!same(q.principalId, principalId) || !scopeContains(scope, subnetId)) return false;
    const guid = roleGuidOf(q.roleDefinitionId ?? '');
    const role = guid ? findRole(state, guid) : undefined;
    return role !== undefined && role.permissions.some((pm) => pm.actions.some((a) => actionMatches(a, SUBNET_JOIN)) && !pm.notActions.some((a) => actionMatches(a, SUBNET_JOIN)));
  });
}

interface NormalizedPools {
  pools: StoredPool[];
  subnets: Map<string, ResourceRecord>;
}

function defaultMaxPods(net: StoredNetwork): number {
  if (net.networkPlugin === 'kubenet') return 110;
  if (net.networkPlugin === 'azure' && net.networkPluginMode !== 'overlay') return 30;
  return 250;
}

function normalizePools(ctx: Ctx, given: AgentPoolBody[], location: string, net: StoredNetwork, controlPlane: string, prior: StoredPool[]): NormalizedPools {
  if (given.length === 0) throw invalid('The managed cluster must have at least one agent pool: properties.agentPoolProfiles is required.');
  const subnets = new Map<string, ResourceRecord>();
  const anyMode = given.some((g) => g.mode !== undefined);
  const pools = given.map((g, i): StoredPool => {
    const path = `properties.agentPoolProfiles[${i}]`;
    rejectNotSimulated(g as Record<string, unknown>, POOL_NOT_SIMULATED, `${path}.`);
    if (!/^[a-z][a-z0-9]{0,11}$/.test(g.name)) {
      throw invalid(`The agent pool name '${g.name}' is invalid: it must start with a lowercase letter and contain only lowercase letters and digits, 1-12 characters.`);
    }
    if (given.findIndex((x) => x.name === g.name) !== i) throw invalid(`Agent pool names must be unique within a cluster; '${g.name}' appears twice.`);
    const mode = g.mode ?? (!anyMode && i === 0 ? 'System' : 'User');
    if (mode === 'Gateway') throw badRequest('SimulatorUnsupportedProperty', `Agent pool mode 'Gateway' (${path}.mode) is valid in Azure but not implemented by the ARM simulator.`);
    const osType = g.osType ?? 'Linux';
    if (osType === 'Windows' && g.name.length > 6) throw invalid(`Windows agent pool name '${g.name}' must be 6 characters or less.`);
    if (mode === 'System' && osType !== 'Linux') throw invalid(`System agent pool '${g.name}' must use osType Linux.`);
    const type = g.type ?? 'VirtualMachineScaleSets';
    if (type !== 'VirtualMachineScaleSets') throw badRequest('SimulatorUnsupportedProperty', `Agent pool type '${type}' (${path}.type) is valid in Azure but not implemented by the ARM simulator (VirtualMachineScaleSets only).`);
    const vmSizeName = g.vmSize ?? DEFAULT_VM_SIZE;
    const size = findVmSize(location, vmSizeName);
    if (!size) {
      throw invalid(`The VM size of ${vmSizeName} (agent pool '${g.name}') is not allowed in your subscription in location '${location}'. See https://aka.ms/aks/quotas-skus-regions for the sizes AKS offers.`);
    }
    if (mode === 'System' && (size.vCPUs < 2 || size.memoryGB < 4)) {
      throw invalid(`System agent pool '${g.name}' needs a VM size with at least 2 vCPUs and 4 GB of memory; ${size.name} has ${size.vCPUs} vCPUs and ${size.memoryGB} GB.`);
    }
    const enableAutoScaling = g.enableAutoScaling ?? false;
    const count = g.count ?? (enableAutoScaling ? (g.minCount ?? 1) : 1);
    const minAllowed = mode === 'System' ? 1 : 0;
    if (count < minAllowed || count > 1000) {
      throw invalid(`The value of agent pool '${g.name}' count (${count}) is invalid: it must be in the range of ${minAllowed} to 1000 (inclusive) for ${mode} pools.`);
    }
    if (enableAutoScaling) {
      if (g.minCount === undefined || g.maxCount === undefined) throw invalid(`Agent pool '${g.name}' enables auto-scaling: minCount and maxCount are required.`);
      if (g.minCount < minAllowed || g.maxCount > 1000 || g.minCount > g.maxCount) {
        throw invalid(`Agent pool '${g.name}': minCount (${g.minCount}) must be at least ${minAllowed} and not greater than maxCount (${g.maxCount}), which must not exceed 1000.`);
      }
      if (count < g.minCount || count > g.maxCount) throw invalid(`Agent pool '${g.name}': count (${count}) must be between minCount (${g.minCount}) and maxCount (${g.maxCount}).`);
    } else if (g.minCount !== undefined || g.maxCount !== undefined) {
      throw invalid(`Agent pool '${g.name}': minCount and maxCount can only be set when enableAutoScaling is true.`);
    }
    const maxPods = g.maxPods ?? defaultMaxPods(net);
    if (maxPods < 10 || maxPods > 250) throw invalid(`Agent pool '${g.name}': maxPods (${maxPods}) must be between 10 and 250.`);
    const osDiskSizeGB = g.osDiskSizeGB && g.osDiskSizeGB > 0 ? g.osDiskSizeGB : 128;
    if (osDiskSizeGB > 2048) throw invalid(`Agent pool '${g.name}': osDiskSizeGB must be at most 2048.`);
    if (g.osDiskType === 'Ephemeral' && osDiskSizeGB * 1024 > size.maxResourceVolumeMB) {
      throw invalid(`Agent pool '${g.name}': VM size ${size.name} has a cache/temp disk of ${Math.floor(size.maxResourceVolumeMB / 1024)} GB, too small for an ephemeral OS disk of ${osDiskSizeGB} GB.`);
    }
    for (const z0 of g.availabilityZones ?? []) {
      if (!['1', '2', '3'].includes(z0)) throw invalid(`Agent pool '${g.name}': availability zone '${z0}' is invalid; zones are '1', '2' and '3'.`);
    }
    if (g.scaleSetPriority === 'Spot' && mode === 'System') throw invalid(`System agent pool '${g.name}' cannot use Spot VMs.`);
    if (g.scaleSetPriority !== 'Spot' && (g.scaleSetEvictionPolicy !== undefined || g.spotMaxPrice !== undefined)) {
      throw invalid(`Agent pool '${g.name}': scaleSetEvictionPolicy and spotMaxPrice only apply to Spot pools.`);
    }
    let subnetId: string | undefined;
    if (g.vnetSubnetID !== undefined && g.vnetSubnetID !== '') {
      const subnet = resolveSubnet(ctx, g.vnetSubnetID, location, `agentPoolProfile '${g.name}' vnetSubnetID`);
      subnets.set(key(subnet.id), subnet);
      subnetId = g.vnetSubnetID;
    }
    let version = controlPlane;
    if (g.orchestratorVersion !== undefined && g.orchestratorVersion !== '') {
      const v = resolveKubernetesVersion(location, g.orchestratorVersion);
      if (!v) {
        throw badRequest(
          'AgentPoolK8sVersionNotSupported',
          `Version ${g.orchestratorVersion} of agent pool '${g.name}' is not supported in this region. Please use [az aks get-versions] command to get the supported version list in this region.`,
        );
      }
      if (compareVersions(v, controlPlane) > 0) {
        throw badRequest('NodePoolMcVersionIncompatible', `Agent pool '${g.name}' version ${v} is greater than the control plane version ${controlPlane}; node pools cannot be newer than the control plane.`);
      }
      version = v;
    }
    const before = prior.find((x) => x.name === g.name);
    if (before) {
      for (const [member, a, b] of [
        ['vmSize', before.vmSize.toLowerCase(), size.name.toLowerCase()],
        ['vnetSubnetID', (before.vnetSubnetID ?? '').toLowerCase(), (subnetId ?? '').toLowerCase()],
        ['osType', before.osType, osType],
        ['osDiskType', before.osDiskType, g.osDiskType ?? before.osDiskType],
        ['availabilityZones', JSON.stringify(before.availabilityZones ?? []), JSON.stringify(g.availabilityZones ?? [])],
      ] as const) {
        if (a !== b) throw badRequest('PropertyChangeNotAllowed', `Changing property '${member}' of agent pool '${g.name}' is not allowed.`);
      }
    }
    return {
      name: g.name,
      count,
      vmSize: size.name,
      osDiskSizeGB,
      osDiskType: g.osDiskType ?? before?.osDiskType ?? 'Managed',
      ...(subnetId ? { vnetSubnetID: subnetId } : {}),
      maxPods,
      osType,
      osSKU: g.osSKU ?? (osType === 'Windows' ? 'Windows2022' : 'Ubuntu'),
      enableAutoScaling,
      ...(enableAutoScaling ? { minCount: g.minCount, maxCount: g.maxCount } : {}),
      type,
      mode,
      orchestratorVersion: g.orchestratorVersion && g.orchestratorVersion !== '' ? g.orchestratorVersion : controlPlane,
      currentOrchestratorVersion: version,
      ...(g.availabilityZones && g.availabilityZones.length > 0 ? { availabilityZones: g.availabilityZones } : {}),
      enableNodePublicIP: g.enableNodePublicIP ?? false,
      scaleSetPriority: g.scaleSetPriority ?? 'Regular',
      ...(g.scaleSetEvictionPolicy ? { scaleSetEvictionPolicy: g.scaleSetEvictionPolicy } : {}),
      ...(g.spotMaxPrice !== undefined ? { spotMaxPrice: g.spotMaxPrice } : {}),
      ...(g.tags ? { tags: g.tags } : {}),
      ...(g.nodeLabels ? { nodeLabels: g.nodeLabels } : {}),
      ...(g.nodeTaints && g.nodeTaints.length > 0 ? { nodeTaints: g.nodeTaints } : {}),
      enableEncryptionAtHost: g.enableEncryptionAtHost ?? false,
      enableUltraSSD: g.enableUltraSSD ?? false,
      enableFIPS: g.enableFIPS ?? false,
      upgradeSettings: { maxSurge: '10%', ...(g.upgradeSettings ?? {}) },
    };
  });
  if (!pools.some((pl) => pl.mode === 'System')) {
    throw badRequest('MustDefineAtLeastOneSystemPool', 'Must define at least one system pool: set mode System on an agent pool with osType Linux.');
  }
  const withSubnet = pools.filter((pl) => pl.vnetSubnetID);
  if (withSubnet.length > 0 && withSubnet.length < pools.length) {
    throw invalid('Either all agent pools or none must specify vnetSubnetID; a cluster cannot mix a custom VNet with the AKS-managed one.');
  }
  const vnets = new Set([...subnets.values()].map((s) => key(s.parentId ?? '')));
  if (vnets.size > 1) throw invalid('All agent pools must use subnets of the same virtual network.');
  return { pools, subnets };
}

function normalizeNetwork(version: AksApiVersion, given: NetworkProfileBody | undefined, prior: StoredNetwork | undefined): StoredNetwork {
  const g = given ?? {};
  rejectNotSimulated(g as Record<string, unknown>, ['advancedNetworking', 'loadBalancerProfile', 'natGatewayProfile', 'staticEgressGatewayProfile'], 'properties.networkProfile.');
  const defaultPlugin = version === '2024-09-01' ? 'kubenet' : 'azure';
  const plugin = g.networkPlugin ?? prior?.networkPlugin ?? defaultPlugin;
  const pluginMode = g.networkPluginMode ?? (g.networkPlugin === undefined && plugin === 'azure' && !prior ? 'overlay' : prior?.networkPluginMode);
  if (pluginMode === 'overlay' && plugin !== 'azure') throw invalid(`networkPluginMode 'overlay' requires networkPlugin 'azure' (it is '${plugin}').`);
  if (g.networkMode !== undefined && plugin !== 'azure') throw invalid(`networkMode can only be set with networkPlugin 'azure'.`);
  const dataplane = g.networkDataplane;
  if (dataplane === 'cilium' && plugin !== 'azure') throw invalid(`networkDataplane 'cilium' requires networkPlugin 'azure'.`);
  const policy = g.networkPolicy;
  if (policy === 'azure' && plugin !== 'azure') throw invalid(`networkPolicy 'azure' requires networkPlugin 'azure'.`);
  if (policy === 'cilium' && dataplane !== 'cilium') throw invalid(`networkPolicy 'cilium' requires networkDataplane 'cilium'.`);
  if (dataplane === 'cilium' && policy !== undefined && policy !== 'cilium' && policy !== 'none') throw invalid(`networkDataplane 'cilium' only supports networkPolicy 'cilium'.`);
  if (g.loadBalancerSku === 'basic') throw invalid("The Basic load balancer SKU is retired: new clusters must use loadBalancerSku 'standard'.");
  if (g.podCidrs !== undefined || g.serviceCidrs !== undefined || (g.ipFamilies !== undefined && g.ipFamilies.some((f) => f !== 'IPv4'))) {
    const single = (list: string[] | undefined, one: string | undefined) => list === undefined || (list.length === 1 && (one === undefined || list[0] === one));
    if (!single(g.podCidrs, g.podCidr) || !single(g.serviceCidrs, g.serviceCidr) || (g.ipFamilies ?? ['IPv4']).length !== 1) {
      throw badRequest('SimulatorUnsupportedProperty', 'Dual-stack networking (several podCidrs/serviceCidrs/ipFamilies) is valid in Azure but not implemented by the ARM simulator.');
    }
  }
  const podCidrText = g.podCidr ?? g.podCidrs?.[0];
  const usesPodCidr = plugin === 'kubenet' || pluginMode === 'overlay';
  if (podCidrText !== undefined && !usesPodCidr) throw invalid(`podCidr can only be set with networkPlugin 'kubenet' or Azure CNI overlay; pods of networkPlugin '${plugin}' take their IPs from the node subnet.`);
  const serviceCidr = g.serviceCidr ?? g.serviceCidrs?.[0];
  if ((serviceCidr === undefined) !== (g.dnsServiceIP === undefined)) {
    throw invalid('serviceCidr and dnsServiceIP must be specified together (or neither, for the defaults 10.0.0.0/16 and 10.0.0.10).');
  }
  return {
    networkPlugin: plugin,
    ...(pluginMode ? { networkPluginMode: pluginMode } : {}),
    ...(policy ? { networkPolicy: policy } : {}),
    ...(dataplane ? { networkDataplane: dataplane } : plugin === 'azure' ? { networkDataplane: 'azure' } : {}),
    ...(g.networkMode ? { networkMode: g.networkMode } : {}),
    ...(usesPodCidr ? { podCidr: podCidrText ?? prior?.podCidr ?? '10.244.0.0/16' } : {}),
    serviceCidr: serviceCidr ?? prior?.serviceCidr ?? '10.0.0.0/16',
    dnsServiceIP: g.dnsServiceIP ?? prior?.dnsServiceIP ?? '10.0.0.10',
    outboundType: g.outboundType ?? prior?.outboundType ?? 'loadBalancer',
    loadBalancerSku: 'standard',
  };
}

/** CIDR rules once the node subnets are known: service/pod ranges vs the VNet, DNS IP, outbound type, subnet size. */
function checkAddressing(ctx: Ctx, net: StoredNetwork, pools: NormalizedPools): void {
  const subnet = [...pools.subnets.values()][0];
  const space = vnetSpace(ctx, subnet);
  const service = ipv4Cidr(net.serviceCidr, 'serviceCidr');
  for (const s of space) {
    if (overlaps(service, s)) {
      throw badRequest(
        'ServiceCidrOverlapExistingSubnetsCidr',
        `The specified service CIDR ${net.serviceCidr} is conflicted with an existing subnet CIDR ${s.text}${subnet ? ` of virtual network '${subnet.parentId?.split('/').pop() ?? ''}'` : ' (the AKS-managed virtual network)'}. Choose a serviceCidr outside the virtual network's address space.`,
      );
    }
  }
  const dns = parseIp(net.dnsServiceIP);
  if (!dns || dns.version !== 4) throw invalid(`dnsServiceIP '${net.dnsServiceIP}' is not a valid IPv4 address.`);
  if (dns.value < service.start || dns.value > service.end) {
    throw badRequest('DnsServiceIPOutOfServiceCidr', `The DNS service IP ${net.dnsServiceIP} is not within the service CIDR ${net.serviceCidr}.`);
  }
  if (dns.value === service.start || dns.value === service.start + 1n || dns.value === service.end) {
    throw invalid(`dnsServiceIP ${net.dnsServiceIP} cannot be the network address, the first address (reserved for the kubernetes service) or the broadcast address of ${net.serviceCidr}.`);
  }
  if (net.podCidr) {
    const pod = ipv4Cidr(net.podCidr, 'podCidr');
    if (overlaps(pod, service)) throw invalid(`podCidr ${net.podCidr} overlaps serviceCidr ${net.serviceCidr}.`);
    const clash = space.find((s) => overlaps(pod, s));
    if (clash) throw invalid(`podCidr ${net.podCidr} overlaps the virtual network address space ${clash.text}.`);
  }
  if (net.outboundType === 'userDefinedRouting' || net.outboundType === 'userAssignedNATGateway') {
    if (!subnet) throw invalid(`outboundType '${net.outboundType}' requires agent pools in a custom subnet (vnetSubnetID).`);
    for (const s of pools.subnets.values()) {
      if (net.outboundType === 'userDefinedRouting' && !s.properties.routeTable) {
        throw badRequest('ExistingRouteTableNotAssociatedWithSubnet', `An existing route table has not been associated with subnet ${s.id}. Please update the route table association; outboundType 'userDefinedRouting' needs one.`);
      }
      if (net.outboundType === 'userAssignedNATGateway' && !s.properties.natGateway) {
        throw invalid(`outboundType 'userAssignedNATGateway' requires a NAT gateway associated with subnet ${s.id}.`);
      }
    }
  }
  if (net.outboundType === 'managedNATGateway' && subnet) throw invalid("outboundType 'managedNATGateway' cannot be used with a custom VNet; use 'userAssignedNATGateway'.");
  // Every node (plus one for surge upgrades) takes an IP from its subnet; with Azure CNI (no overlay) every pod does too.
  const podsInSubnet = net.networkPlugin === 'azure' && net.networkPluginMode !== 'overlay';
  for (const s of pools.subnets.values()) {
    const using = pools.pools.filter((pl) => same(pl.vnetSubnetID, s.id));
    const needed = using.reduce((n, pl) => n + ((pl.enableAutoScaling ? (pl.maxCount ?? pl.count) : pl.count) + 1) * (podsInSubnet ? pl.maxPods + 1 : 1), 0);
    const cidr = subnetCidrs(s)[0];
    if (!cidr) continue;
    const available = Number(cidr.end - cidr.start + 1n) - 5;
    if (needed > available) {
      throw badRequest(
        'InsufficientSubnetSize',
        `Pre-allocated IPs ${needed} exceeds IPs available ${available} in Subnet Cidr ${cidr.text}, Subnet Name ${s.name}. http://aka.ms/aks-required-ip-per-node for more details.`,
      );
    }
  }
}

function normalizeApiServer(ctx: Ctx, given: ManagedClusterPropertiesBody['apiServerAccessProfile'], location: string, identityType: string): StoredApiServer | undefined {
  if (!given) return undefined;
  rejectNotSimulated(given as Record<string, unknown>, ['enableVnetIntegration', 'subnetId'], 'properties.apiServerAccessProfile.');
  const priv = given.enablePrivateCluster === true;
  if (!priv && (given.privateDNSZone !== undefined || given.enablePrivateClusterPublicFQDN !== undefined)) {
    throw invalid('privateDNSZone and enablePrivateClusterPublicFQDN can only be set on a private cluster (enablePrivateCluster true).');
  }
  if (priv && given.authorizedIPRanges && given.authorizedIPRanges.length > 0) {
    throw invalid('authorizedIPRanges is not supported on a private cluster: the API server has no public endpoint to restrict.');
  }
  for (const r of given.authorizedIPRanges ?? []) {
    const c = parseCidr(r.includes('/') ? r : `${r}/32`);
    if (!c || c.version !== 4) throw invalid(`authorizedIPRanges entry '${r}' is not a valid IPv4 address or CIDR.`);
  }
  let zone = given.privateDNSZone;
  if (priv && zone !== undefined && zone.toLowerCase() !== 'system' && zone.toLowerCase() !== 'none') {
    const parsed = parseArmId(zone);
    const rec = parsed ? getRecord(ctx.state, zone) : undefined;
    if (!rec || key(rec.type) !== key('Microsoft.Network/privateDnsZones')) {
      throw invalid(`privateDNSZone must be 'system', 'none' or the resource id of an existing private DNS zone; '${zone}' was not found.`);
    }
    if (!new RegExp(`^(?:[a-z0-9-]+\\.)?privatelink\\.${location}\\.azmk8s\\.io$`, 'i').test(rec.name)) {
      throw invalid(`The private DNS zone '${rec.name}' must be named privatelink.${location}.azmk8s.io or <subzone>.privatelink.${location}.azmk8s.io.`);
    }
    if (identityType !== 'UserAssigned') throw invalid('A custom private DNS zone requires a user-assigned control plane identity (identity.type UserAssigned).');
    zone = rec.id;
  }
  return {
    enablePrivateCluster: priv,
    ...(priv ? { privateDNSZone: zone ?? 'system', enablePrivateClusterPublicFQDN: given.enablePrivateClusterPublicFQDN ?? false } : {}),
    ...(given.disableRunCommand !== undefined ? { disableRunCommand: given.disableRunCommand } : {}),
    ...(given.authorizedIPRanges && given.authorizedIPRanges.length > 0 ? { authorizedIPRanges: given.authorizedIPRanges } : {}),
  };
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SIMULATED_ADDONS = ['azurepolicy', 'omsagent'];
const KNOWN_ADDONS = ['azurepolicy', 'omsagent', 'azureKeyvaultSecretsProvider', 'ingressApplicationGateway', 'aciConnectorLinux', 'httpApplicationRouting', 'openServiceMesh', 'kubeDashboard', 'confcom', 'gitops'];

function normalizeAddons(ctx: Ctx, given: Record<string, { enabled: boolean; config?: Record<string, string> }> | undefined): Record<string, { enabled: boolean; config?: Record<string, string> }> {
  const out: Record<string, { enabled: boolean; config?: Record<string, string> }> = {};
  for (const [name, a] of Object.entries(given ?? {})) {
    const known = KNOWN_ADDONS.find((k) => k.toLowerCase() === name.toLowerCase());
    if (!known) throw invalid(`The addon '${name}' is not supported. Supported addons: ${KNOWN_ADDONS.join(', ')}.`);
    if (!SIMULATED_ADDONS.includes(known)) {
      if (!a.enabled) continue;
      throw badRequest('SimulatorUnsupportedProperty', `Addon '${known}' is valid in Azure but not implemented by the ARM simulator (azurepolicy and omsagent only).`);
    }
    if (known === 'omsagent' && a.enabled) {
      const wsId = Object.entries(a.config ?? {}).find(([k]) => k.toLowerCase() === 'loganalyticsworkspaceresourceid')?.[1];
      if (!wsId) throw invalid("The omsagent addon needs config.logAnalyticsWorkspaceResourceID (the Log Analytics workspace to send to).");
      const ws = getRecord(ctx.state, wsId);
      if (!ws || key(ws.type) !== key('Microsoft.OperationalInsights/workspaces')) {
        throw invalid(`The Log Analytics workspace '${wsId}' of the omsagent addon was not found.`);
      }
    }
    out[known] = { enabled: a.enabled, ...(a.config ? { config: a.config } : {}) };
  }
  return out;
}

/** A new managed identity AKS creates in the node resource group (kubelet, addons): principal registered, owned by the cluster. */
function managedIdentity(ctx: Ctx, clusterId: string, sub: string, nodeRg: string, name: string): Identity3 {
  const objectId = randomUUID();
  registerPrincipal(ctx.state, objectId, ctx.now, clusterId);
  return { resourceId: `/subscriptions/${sub}/resourcegroups/${nodeRg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}`, clientId: randomUUID(), objectId };
}

/** Node NICs (one per node of each pool in a custom subnet) and a private cluster's API server endpoint. */
function subnetUses(rec: ResourceRecord): ExternalIpConfiguration[] {
  const p = rec.properties;
  const nodeRg = String(p.nodeResourceGroup);
  const suffix = String(p.vmssSuffix);
  const base = `/subscriptions/${rec.subscriptionId}/resourceGroups/${nodeRg}/providers`;
  const uses: ExternalIpConfiguration[] = [];
  for (const pl of poolsOf(rec)) {
    if (!pl.vnetSubnetID) continue;
    const vmss = `aks-${pl.name}-${suffix}-vmss`;
    for (let i = 0; i < pl.count; i++) {
      uses.push({ id: `${base}/Microsoft.Compute/virtualMachineScaleSets/${vmss}/virtualMachines/${i}/networkInterfaces/${vmss}/ipConfigurations/ipconfig1`, subnet: { id: pl.vnetSubnetID } });
    }
  }
  const system = poolsOf(rec).find((pl) => pl.mode === 'System' && pl.vnetSubnetID);
  if (apiServerOf(rec)?.enablePrivateCluster && system?.vnetSubnetID) {
    const g = String(p.privateGuid);
    uses.push({ id: `${base}/Microsoft.Network/networkInterfaces/kube-apiserver.nic.${g}/ipConfigurations/privateEndpointIpConfig.${g}`, subnet: { id: system.vnetSubnetID } });
  }
  return uses;
}

// ---- handlers ----

function busy(existing: ResourceRecord, op: OperationRecord | undefined): ArmError {
  return conflict(
    'OperationNotAllowed',
    `Operation is not allowed because there's an in progress ${op?.method === 'DELETE' ? 'delete' : 'create or update'} managed cluster operation (${op?.id ?? 'unknown'}) on managed cluster '${existing.name}'. Please wait for it to finish before starting a new operation.`,
  );
}

function putCluster(ctx: Ctx, group: ResourceRecord, name: string, existing: ResourceRecord | undefined): SimResponse {
  checkName(name, CLUSTER_NAME);
  const version = ctx.apiVersion as AksApiVersion;
  const body = parseBody(managedClusterSchema(version), ctx.body, 'resources');
  assertNameMatches((body as { name?: string }).name, name);
  const location = resolveLocation(body.location, T_AKS, existing, group);
  validateTags(body.tags);
  const id = existing?.id ?? trackedId(group, CONTAINER_SERVICE, 'managedClusters', name);
  if (existing) {
    const op = inFlight(ctx.state, existing.id);
    if (op) throw busy(existing, op);
  }
  rejectNotSimulated(body as Record<string, unknown>, ['extendedLocation', 'kind'], '');
  const p = (body.properties ?? {}) as ManagedClusterPropertiesBody;
  rejectNotSimulated(p, AKS_NOT_SIMULATED, 'properties.');
  const prior = existing?.properties;

  // SKU and support plan.
  const skuName = body.sku?.name ?? 'Base';
  if (skuName === 'Automatic') throw badRequest('SimulatorUnsupportedProperty', "AKS Automatic (sku.name 'Automatic') is valid in Azure but not implemented by the ARM simulator.");
  const tier = body.sku?.tier ?? 'Free';
  const supportPlan = p.supportPlan ?? 'KubernetesOfficial';
  if (supportPlan === 'AKSLongTermSupport' && tier !== 'Premium') {
    throw invalid("supportPlan 'AKSLongTermSupport' requires the Premium tier (sku.tier 'Premium').");
  }

  // Identity: the control plane needs one (service principals are not simulated).
  const identityType = body.identity?.type ?? 'None';
  if (identityType === 'None') {
    throw invalid('The managed cluster needs a control plane identity: set identity.type to SystemAssigned or UserAssigned (service principal profiles are not simulated).');
  }
  const uaiIds = Object.keys(body.identity?.userAssignedIdentities ?? {});
  if (identityType === 'UserAssigned' && uaiIds.length !== 1) {
    throw invalid(`identity.userAssignedIdentities must contain exactly one identity for identity type UserAssigned (it has ${uaiIds.length}).`);
  }
  if (identityType === 'SystemAssigned' && uaiIds.length > 0) throw invalid('identity.userAssignedIdentities can only be set with identity type UserAssigned.');

  // Kubernetes version.
  const requested = p.kubernetesVersion;
  const current = resolveKubernetesVersion(location, requested);
  if (!current) {
    throw badRequest(
      'K8sVersionNotSupported',
      `Version ${requested ?? ''} is not supported in this region. Please use [az aks get-versions] command to get the supported version list in this region. For more information, please check https://aka.ms/supported-version-list`,
    );
  }
  const priorVersion = prior?.currentKubernetesVersion as string | undefined;
  if (priorVersion && compareVersions(current, priorVersion) < 0) {
    throw badRequest('NotAllowedK8sVersionDowngrading', `Kubernetes version downgrading from ${priorVersion} to ${current} is not allowed.`);
  }
  if (priorVersion && Number(current.split('.')[1]) - Number(priorVersion.split('.')[1]) > 1) {
    throw badRequest('UpgradeNotAllowed', `Upgrading from ${priorVersion} to ${current} skips a minor version; minor versions must be upgraded one at a time.`);
  }

  // DNS prefix.
  const dnsPrefix = p.dnsPrefix;
  if (dnsPrefix === undefined || dnsPrefix === '') throw invalid('properties.dnsPrefix is required: the DNS name prefix of the cluster API server (1-54 characters).');
  if (!/^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,52}[a-zA-Z0-9])?$/.test(dnsPrefix)) {
    throw invalid(`DNS prefix '${dnsPrefix}' is invalid: it must be 1-54 characters of letters, digits and hyphens, and start and end with a letter or digit.`);
  }

  const net = normalizeNetwork(version, p.networkProfile, prior?.networkProfile as StoredNetwork | undefined);
  const pools = normalizePools(ctx, (p.agentPoolProfiles ?? []) as AgentPoolBody[], location, net, current, prior ? poolsOf(existing as ResourceRecord) : []);
  checkAddressing(ctx, net, pools);
  const api = normalizeApiServer(ctx, p.apiServerAccessProfile, location, identityType);
  if (p.publicNetworkAccess === 'Disabled' && api?.enablePrivateCluster !== true) {
    throw invalid("publicNetworkAccess 'Disabled' requires a private cluster (apiServerAccessProfile.enablePrivateCluster true).");
  }

  // Entra ID (AAD), RBAC and local accounts.
  const enableRBAC = p.enableRBAC ?? true;
  let aadProfile: Record<string, unknown> | undefined;
  if (p.aadProfile) {
    rejectNotSimulated(p.aadProfile as Record<string, unknown>, ['clientAppID', 'serverAppID', 'serverAppSecret'], 'properties.aadProfile.');
    if (p.aadProfile.managed !== true) throw invalid('Legacy (non-managed) AAD integration is retired: set aadProfile.managed to true.');
    if (!enableRBAC) throw invalid('AAD integration requires Kubernetes RBAC (enableRBAC true).');
    for (const g of p.aadProfile.adminGroupObjectIDs ?? []) if (!GUID.test(g)) throw invalid(`aadProfile.adminGroupObjectIDs entry '${g}' is not a GUID.`);
    if (p.aadProfile.tenantID !== undefined && !GUID.test(p.aadProfile.tenantID)) throw invalid(`aadProfile.tenantID '${p.aadProfile.tenantID}' is not a GUID.`);
    aadProfile = {
      managed: true,
      enableAzureRBAC: p.aadProfile.enableAzureRBAC ?? false,
      ...(p.aadProfile.adminGroupObjectIDs ? { adminGroupObjectIDs: p.aadProfile.adminGroupObjectIDs } : {}),
      tenantID: p.aadProfile.tenantID ?? tenantIdOf(ctx.state),
    };
  }
  if (p.disableLocalAccounts === true && !aadProfile) {
    throw badRequest('BadRequest', 'Local accounts can only be disabled on clusters with managed AAD integration: set aadProfile.managed true together with disableLocalAccounts.');
  }
  if (prior?.enableRBAC === true && !enableRBAC) throw badRequest('PropertyChangeNotAllowed', "Changing property 'enableRBAC' is not allowed.");

  const addons = normalizeAddons(ctx, p.addonProfiles as Record<string, { enabled: boolean; config?: Record<string, string> }> | undefined);

  // OIDC issuer, workload identity, image cleaner.
  const priorOidc = prior?.oidcIssuerProfile as { enabled: boolean; issuerGuid: string } | undefined;
  const oidcEnabled = p.oidcIssuerProfile?.enabled ?? priorOidc?.enabled ?? false;
  if (priorOidc?.enabled && !oidcEnabled) throw invalid('The OIDC issuer cannot be disabled once enabled.');
  const sec = p.securityProfile;
  if (sec) rejectNotSimulated(sec as Record<string, unknown>, ['defender', 'azureKeyVaultKms', 'customCATrustCertificates'], 'properties.securityProfile.');
  if (sec?.workloadIdentity?.enabled === true && !oidcEnabled) {
    throw invalid('Enabling workload identity requires the OIDC issuer: set oidcIssuerProfile.enabled to true.');
  }
  if (sec?.imageCleaner?.intervalHours !== undefined && (sec.imageCleaner.intervalHours < 24 || sec.imageCleaner.intervalHours > 2160)) {
    throw invalid(`securityProfile.imageCleaner.intervalHours must be between 24 and 2160 (it is ${sec.imageCleaner.intervalHours}).`);
  }

  // Node resource group.
  const defaultNodeRg = `MC_${group.name}_${name}_${location}`.slice(0, 80);
  const nodeRg = (prior?.nodeResourceGroup as string | undefined) ?? p.nodeResourceGroup ?? defaultNodeRg;
  if (prior && p.nodeResourceGroup !== undefined && !same(p.nodeResourceGroup, nodeRg)) throw badRequest('PropertyChangeNotAllowed', "Changing property 'nodeResourceGroup' is not allowed.");
  if (!prior && findGroup(ctx.state, group.subscriptionId, nodeRg)) {
    throw invalid(`The node resource group '${nodeRg}' already exists. AKS creates the node resource group itself; choose a name that is not in use.`);
  }

  // Members fixed at creation.
  if (prior) {
    const priorNet = prior.networkProfile as StoredNetwork;
    const priorApi = prior.apiServerAccessProfile as StoredApiServer | undefined;
    const fixed: [string, unknown, unknown][] = [
      ['dnsPrefix', prior.dnsPrefix, dnsPrefix],
      ['networkProfile.networkPlugin', priorNet.networkPlugin, net.networkPlugin],
      ['networkProfile.serviceCidr', priorNet.serviceCidr, net.serviceCidr],
      ['networkProfile.dnsServiceIP', priorNet.dnsServiceIP, net.dnsServiceIP],
      ['networkProfile.podCidr', priorNet.podCidr, net.podCidr],
      ['apiServerAccessProfile.enablePrivateCluster', priorApi?.enablePrivateCluster ?? false, api?.enablePrivateCluster ?? false],
      ['identity.type', existing?.identity?.type, identityType],
    ];
    for (const [member, a, b] of fixed) {
      if (String(a ?? '').toLowerCase() !== String(b ?? '').toLowerCase()) throw badRequest('PropertyChangeNotAllowed', `Changing property '${member}' is not allowed.`);
    }
  }

  const identity = applyIdentity(ctx, { type: identityType, ...(uaiIds.length > 0 ? { userAssignedIdentities: body.identity?.userAssignedIdentities } : {}) }, existing?.identity, id);

  // A user-assigned control plane identity must be allowed to join the custom subnet(s).
  let failure: { code: string; message: string } | undefined;
  if (identityType === 'UserAssigned' && pools.subnets.size > 0) {
    const [uaiId, v] = Object.entries((identity?.userAssignedIdentities ?? {}) as Record<string, { principalId: string }>)[0];
    for (const s of pools.subnets.values()) {
      if (!canJoinSubnet(ctx.state, v.principalId, s.id)) {
        failure = {
          code: 'LinkedAuthorizationFailed',
          message:
            `The client '${v.principalId}' with object id '${v.principalId}' (control plane identity ${uaiId}) has permission to perform action 'Microsoft.Compute/virtualMachineScaleSets/write' on scope ` +
            `'/subscriptions/${group.subscriptionId}/resourceGroups/${nodeRg}'; however, it does not have permission to perform action '${SUBNET_JOIN}' on the linked scope(s) '${s.id}' or the linked scope(s) are invalid. ` +
            "Assign the identity the 'Network Contributor' role on the subnet or its virtual network before creating the cluster.",
        };
        break;
      }
    }
  }

  const creating = !existing;
  const sub = group.subscriptionId;
  const kubeletIdentity = (prior?.kubeletIdentity as Identity3 | undefined) ?? managedIdentity(ctx, id, sub, nodeRg, `${name}-agentpool`);
  const priorAddonIds = (prior?.addonIdentities ?? {}) as Record<string, Identity3>;
  const addonIdentities: Record<string, Identity3> = {};
  for (const [n, a] of Object.entries(addons)) {
    if (a.enabled) addonIdentities[n] = priorAddonIds[n] ?? managedIdentity(ctx, id, sub, nodeRg, `${n}-${name}`);
  }

  const rec: ResourceRecord = {
    id,
    type: T_AKS,
    name: existing?.name ?? name,
    subscriptionId: sub,
    resourceGroup: group.name,
    location,
    ...(body.tags ? { tags: body.tags } : {}),
    sku: { name: skuName, tier },
    ...(identity ? { identity } : {}),
    provisioningState: 'Updating',
    properties: {
      kubernetesVersion: requested && requested !== '' ? requested : current,
      currentKubernetesVersion: current,
      dnsPrefix,
      fqdnHash: (prior?.fqdnHash as string | undefined) ?? randomBytes(4).toString('hex'),
      privateGuid: (prior?.privateGuid as string | undefined) ?? randomUUID(),
      vmssSuffix: (prior?.vmssSuffix as string | undefined) ?? String(10000000 + Math.floor(Math.random() * 89999999)),
      outboundIpName: (prior?.outboundIpName as string | undefined) ?? randomUUID(),
      resourceUID: (prior?.resourceUID as string | undefined) ?? randomBytes(12).toString('hex'),
      agentPoolProfiles: pools.pools,
      ...(p.linuxProfile ? { linuxProfile: p.linuxProfile } : prior?.linuxProfile ? { linuxProfile: prior.linuxProfile } : {}),
      addonProfiles: addons,
      addonIdentities,
      kubeletIdentity,
      oidcIssuerProfile: { enabled: oidcEnabled, issuerGuid: priorOidc?.issuerGuid ?? randomUUID() },
      nodeResourceGroup: nodeRg,
      enableRBAC,
      supportPlan,
      networkProfile: net,
      ...(aadProfile ? { aadProfile } : {}),
      autoUpgradeProfile: {
        ...(p.autoUpgradeProfile?.upgradeChannel ? { upgradeChannel: p.autoUpgradeProfile.upgradeChannel } : {}),
        nodeOSUpgradeChannel: p.autoUpgradeProfile?.nodeOSUpgradeChannel ?? 'NodeImage',
      },
      ...(api ? { apiServerAccessProfile: api } : {}),
      disableLocalAccounts: p.disableLocalAccounts ?? false,
      ...(sec ? { securityProfile: { ...(sec.workloadIdentity ? { workloadIdentity: sec.workloadIdentity } : {}), ...(sec.imageCleaner ? { imageCleaner: sec.imageCleaner } : {}) } } : {}),
      ...(p.publicNetworkAccess ? { publicNetworkAccess: p.publicNetworkAccess } : {}),
      ...(creating ? { creating: true } : {}),
    },
    createdAt: existing?.createdAt ?? ctx.now,
    changedAt: ctx.now,
  };
  // Nodes only exist (and hold subnet addresses) once AKS got past creating the scale sets.
  if (!failure) rec.properties[SUBNET_IP_CONFIGURATIONS] = subnetUses(rec);
  const seconds = operationSeconds(ctx.state, ctx.latency, latencyKeyOf(rec), 'create');
  const op = start(ctx, {
    name: creating ? 'CreateManagedCluster' : 'UpdateManagedCluster',
    method: 'PUT',
    subscriptionId: sub,
    location,
    targetId: id,
    lockKey: id,
    touched: [id],
    seconds: failure ? Math.min(PERMISSION_FAILURE_SECONDS, seconds) : seconds,
  });
  if (failure) op.error = failure;
  rec.operationId = op.id;
  putRecord(ctx.state, rec);
  return json(creating ? 201 : 200, renderCluster(ctx.state, rec), opHeaders(ctx, op, false));
}

/** Starts deleting a cluster (also used by the ML compute delete of an attached cluster). */
export function startClusterDelete(ctx: Ctx, existing: ResourceRecord): OperationRecord {
  const running = inFlight(ctx.state, existing.id);
  if (running && running.method === 'DELETE') return running;
  if (running) throw busy(existing, running);
  const op = startOperation(ctx.state, ctx.now, ctx.latency, {
    namespace: CONTAINER_SERVICE,
    name: 'DeleteManagedCluster',
    method: 'DELETE',
    subscriptionId: existing.subscriptionId,
    location: existing.location as string,
    targetId: existing.id,
    lockKey: existing.id,
    removes: [existing.id],
    seconds: operationSeconds(ctx.state, ctx.latency, latencyKeyOf(existing), 'delete'),
  });
  existing.provisioningState = 'Deleting';
  existing.operationId = op.id;
  existing.changedAt = ctx.now;
  return op;
}

function listVersions(ctx: Ctx, location: string): SimResponse {
  if (ctx.method !== 'GET') throw methodNotAllowed(ctx.method, 'kubernetesVersions');
  const region = normalizeRegion(location);
  const offered = region ? kubernetesVersionsIn(region) : undefined;
  if (!region || !offered) {
    throw new ArmError(
      404,
      'NoRegisteredProviderFound',
      `No registered resource provider found for location '${location}' and API version '${ctx.apiVersion}' for type 'locations/kubernetesVersions'. The supported locations are '${REGIONS.join(', ')}'.`,
    );
  }
  return json(200, {
    values: offered.map((m) => ({
      version: m.version,
      ...(m.isDefault ? { isDefault: true } : {}),
      ...(m.isPreview ? { isPreview: true } : {}),
      capabilities: { supportPlan: m.supportPlan },
      patchVersions: Object.fromEntries(m.patches.map((pv) => [pv, { upgrades: upgradesFrom(pv) }])),
    })),
  });
}

function handle(ctx: Ctx, route: ProviderRoute): SimResponse {
  const { types, names, collection } = route.typed;
  const path = types.map((t) => t.toLowerCase()).join('/');
  const { group, sub } = route;
  if (path === 'locations/kubernetesversions' && collection && !group) return listVersions(ctx, names[0]);
  if ((path === 'locations/operations' || path === 'locations/operationresults') && !collection && !group) return handleOperation(ctx, types[1].toLowerCase(), names[1]);
  if (path !== 'managedclusters') throw notFound('InvalidResourceType', `The resource type '${types.join('/')}' could not be found in the namespace '${CONTAINER_SERVICE}'.`);
  if (collection) {
    if (ctx.method !== 'GET') throw methodNotAllowed(ctx.method, 'managed cluster collection');
    const value = recordsOfType(ctx.state, T_AKS)
      .filter((r) => r.subscriptionId === sub && (!group || same(r.resourceGroup, group.name)))
      .sort((a, b) => a.createdAt - b.createdAt)
      .map((r) => renderCluster(ctx.state, r));
    return json(200, { value });
  }
  if (!group) throw notFound('InvalidResourceType', `The resource type '${types.join('/')}' is resource-group scoped; the request path has no resource group.`);
  const name = names[0];
  const existing = getRecord(ctx.state, trackedId(group, CONTAINER_SERVICE, 'managedClusters', name));
  switch (ctx.method) {
    case 'GET':
      if (!existing) throw resourceNotFound(T_AKS, name, group.name);
      return json(200, renderCluster(ctx.state, existing));
    case 'PUT':
      return putCluster(ctx, group, name, existing);
    case 'DELETE': {
      if (!existing) return empty(204);
      const op = startClusterDelete(ctx, existing);
      return empty(202, opHeaders(ctx, op, true));
    }
    default:
      throw methodNotAllowed(ctx.method, 'managed cluster');
  }
}

export const containerServiceProvider: Provider = {
  namespace: CONTAINER_SERVICE,
  apiVersions: AKS_API_VERSIONS,
  resourceTypes: ['managedClusters', 'locations/kubernetesVersions', 'locations/operations', 'locations/operationresults'],
  handle,
  render: renderCluster,
  deleteLatencyKey: latencyKeyOf,
};
