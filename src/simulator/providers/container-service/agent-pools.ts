// Agent pools of a managed cluster: names, modes, VM sizes, counts and autoscaling, pod density, OS disks,
// zones, Spot, node subnets (existing, in the cluster's region, one VNet) and per-pool versions; and the
// NICs the nodes (and a private cluster's API server endpoint) put into those subnets.
import { badRequest } from '../../errors.js';
import { compareVersions, findVmSize, resolveKubernetesVersion } from '../../region-catalog.js';
import { POOL_NOT_SIMULATED, type AgentPoolBody } from '../../schemas/containerservice.js';
import { key, type ResourceRecord } from '../../state.js';
import { findSubnet } from '../kit/ids.js';
import { notImplemented, rejectNotSimulated } from '../kit/not-simulated.js';
import type { ExternalIpConfiguration } from '../network/network-interfaces.js';
import type { Ctx } from '../types.js';
import { apiServerOf, EMPTY_OK, invalid, poolsOf, type StoredNetwork, type StoredPool } from './common.js';

const DEFAULT_VM_SIZE = 'Standard_D4ds_v5';

/** Subnet references: well-formed, existing, in the cluster's region. */
function resolveSubnet(ctx: Ctx, id: string, location: string, path: string): ResourceRecord {
  const found = findSubnet(ctx.state, id, location);
  if ('subnet' in found) return found.subnet;
  if (found.problem === 'malformed') {
    throw invalid(`The value of parameter ${path} is invalid: '${id}' is not a subnet resource id of the form /subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Network/virtualNetworks/{virtualNetworkName}/subnets/{subnetName}.`);
  }
  if (found.problem === 'missing') throw invalid(`The subnet '${id}' referenced by ${path} was not found. Create the subnet before the cluster.`);
  throw invalid(`The subnet '${id}' referenced by ${path} is in region '${found.vnet?.location ?? ''}', but the cluster is in '${location}'. The node subnet must be in the cluster's region.`);
}

export interface NormalizedPools {
  pools: StoredPool[];
  subnets: Map<string, ResourceRecord>;
}

function defaultMaxPods(net: StoredNetwork): number {
  if (net.networkPlugin === 'kubenet') return 110;
  if (net.networkPlugin === 'azure' && net.networkPluginMode !== 'overlay') return 30;
  return 250;
}

export function normalizePools(ctx: Ctx, given: AgentPoolBody[], location: string, net: StoredNetwork, controlPlane: string, prior: StoredPool[]): NormalizedPools {
  if (given.length === 0) throw invalid('The managed cluster must have at least one agent pool: properties.agentPoolProfiles is required.');
  const subnets = new Map<string, ResourceRecord>();
  const anyMode = given.some((g) => g.mode !== undefined);
  const pools = given.map((g, i): StoredPool => {
    const path = `properties.agentPoolProfiles[${i}]`;
    rejectNotSimulated(g as Record<string, unknown>, POOL_NOT_SIMULATED, `${path}.`, EMPTY_OK);
    if (!/^[a-z][a-z0-9]{0,11}$/.test(g.name)) {
      throw invalid(`The agent pool name '${g.name}' is invalid: it must start with a lowercase letter and contain only lowercase letters and digits, 1-12 characters.`);
    }
    if (given.findIndex((x) => x.name === g.name) !== i) throw invalid(`Agent pool names must be unique within a cluster; '${g.name}' appears twice.`);
    const mode = g.mode ?? (!anyMode && i === 0 ? 'System' : 'User');
    if (mode === 'Gateway') throw notImplemented(`Agent pool mode 'Gateway' (${path}.mode)`);
    const osType = g.osType ?? 'Linux';
    if (osType === 'Windows' && g.name.length > 6) throw invalid(`Windows agent pool name '${g.name}' must be 6 characters or less.`);
    if (mode === 'System' && osType !== 'Linux') throw invalid(`System agent pool '${g.name}' must use osType Linux.`);
    const type = g.type ?? 'VirtualMachineScaleSets';
    if (type !== 'VirtualMachineScaleSets') throw notImplemented(`Agent pool type '${type}' (${path}.type)`, 'VirtualMachineScaleSets only');
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
    // The spec: "cannot be specified unless the scaleSetPriority is 'Spot'"; their defaults (Delete, -1) are
    // accepted on Regular pools, as Azure CLI 2.x sends them on every pool (SPEC.md).
    if (g.scaleSetPriority !== 'Spot' && ((g.scaleSetEvictionPolicy ?? 'Delete') !== 'Delete' || (g.spotMaxPrice ?? -1) !== -1)) {
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

/** Node NICs (one per node of each pool in a custom subnet) and a private cluster's API server endpoint. */
export function subnetUses(rec: ResourceRecord): ExternalIpConfiguration[] {
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
