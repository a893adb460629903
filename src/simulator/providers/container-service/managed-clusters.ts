// Managed clusters: PUT (create 201 / update 200, provisioningState Creating/Updating, Azure-AsyncOperation)
// validates the whole cluster against the rules of its parts (versions, agent pools, network profile,
// API server, access, addons) and the members fixed at creation; GET, list and DELETE (202) go through
// the kit. Node NICs / the API server's private endpoint make their subnet "in use".
import { randomBytes, randomUUID } from 'node:crypto';
import { badRequest } from '../../errors.js';
import { empty, json } from '../../http.js';
import { inFlight, operationSeconds } from '../../lro.js';
import { checkName, type NameRule } from '../../names.js';
import { parseBody } from '../../schemas/common.js';
import { AKS_NOT_SIMULATED, managedClusterSchema, type AgentPoolBody, type AksApiVersion, type ManagedClusterPropertiesBody } from '../../schemas/containerservice.js';
import { getRecord, putRecord, type ResourceRecord } from '../../state.js';
import { validateTags } from '../../tags.js';
import type { SimResponse } from '../../types.js';
import { same } from '../kit/ids.js';
import { applyIdentity } from '../kit/identity.js';
import { acceptedHeaders, startIn } from '../kit/lro-style.js';
import { notImplemented, rejectNotSimulated } from '../kit/not-simulated.js';
import { serveTracked } from '../kit/serve.js';
import { assertNameMatches, newRecord, resolveLocation, trackedId } from '../kit/tracked.js';
import { SUBNET_IP_CONFIGURATIONS } from '../network/network-interfaces.js';
import { findGroup } from '../resources.js';
import type { Ctx } from '../types.js';
import { checkEntraId, checkSecurity, controlPlaneIdentity, subnetJoinFailure } from './access.js';
import { managedIdentity, normalizeAddons } from './addons.js';
import { normalizePools, subnetUses } from './agent-pools.js';
import { normalizeApiServer } from './api-server.js';
import { AKS_LRO, CONTAINER_SERVICE, EMPTY_OK, type Identity3, invalid, latencyKeyOf, poolsOf, type StoredApiServer, type StoredNetwork, T_AKS } from './common.js';
import { checkAddressing, normalizeNetwork } from './network-profile.js';
import { busy, startClusterDelete } from './operations.js';
import { renderCluster } from './render.js';
import { checkKubernetesVersion } from './versions.js';
import { aksEgressFailure } from '../../runtime/aks-egress.js';

/** A permission failure surfaces when AKS first creates the node scale set, about a minute in. */
const PERMISSION_FAILURE_SECONDS = 60;

const CLUSTER_NAME: NameRule = {
  min: 1,
  max: 63,
  pattern: /^[a-zA-Z0-9](?:[a-zA-Z0-9_-]{0,61}[a-zA-Z0-9])?$/,
  describe: 'Managed cluster names are 1-63 characters of letters, digits, underscores and hyphens, and start and end with a letter or digit.',
};

/** /managedClusters/{name} in a resource group. */
export function handleManagedCluster(ctx: Ctx, group: ResourceRecord, name: string): SimResponse {
  const existing = getRecord(ctx.state, trackedId(group, CONTAINER_SERVICE, 'managedClusters', name));
  return serveTracked(ctx, {
    type: T_AKS,
    label: 'managed cluster',
    name,
    group,
    existing,
    render: renderCluster,
    put: () => putCluster(ctx, group, name, existing),
    remove: (cluster) => empty(202, acceptedHeaders(ctx, AKS_LRO, startClusterDelete(ctx, cluster), { status: true, result: true })),
  });
}

function putCluster(ctx: Ctx, group: ResourceRecord, name: string, existing: ResourceRecord | undefined): SimResponse {
  checkName(name, CLUSTER_NAME);
  const version = ctx.apiVersion as AksApiVersion;
  const body = parseBody(managedClusterSchema(version, ctx.requestedApiVersion ?? version), ctx.body, 'resources');
  assertNameMatches((body as { name?: string }).name, name);
  const location = resolveLocation(body.location, T_AKS, existing, group);
  validateTags(body.tags);
  const id = existing?.id ?? trackedId(group, CONTAINER_SERVICE, 'managedClusters', name);
  if (existing) {
    const op = inFlight(ctx.state, existing.id);
    if (op) throw busy(existing, op);
  }
  rejectNotSimulated(body as Record<string, unknown>, ['extendedLocation', 'kind'], '', EMPTY_OK);
  const p = (body.properties ?? {}) as ManagedClusterPropertiesBody;
  rejectNotSimulated(p, AKS_NOT_SIMULATED, 'properties.', EMPTY_OK);
  const prior = existing?.properties;

  // SKU and support plan.
  const skuName = body.sku?.name ?? 'Base';
  if (skuName === 'Automatic') throw notImplemented("AKS Automatic (sku.name 'Automatic')");
  const tier = body.sku?.tier ?? 'Free';
  const supportPlan = p.supportPlan ?? 'KubernetesOfficial';
  if (supportPlan === 'AKSLongTermSupport' && tier !== 'Premium') {
    throw invalid("supportPlan 'AKSLongTermSupport' requires the Premium tier (sku.tier 'Premium').");
  }

  // Identity: the control plane needs one (service principals are not simulated).
  const { type: identityType, uaiIds } = controlPlaneIdentity(body.identity);

  const current = checkKubernetesVersion(name, location, p.kubernetesVersion, prior?.currentKubernetesVersion as string | undefined);
  const requested = p.kubernetesVersion;

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

  const { enableRBAC, aadProfile } = checkEntraId(ctx, p, prior);
  const addons = normalizeAddons(ctx, p.addonProfiles as Record<string, { enabled: boolean; config?: Record<string, string> }> | undefined);

  const { oidcEnabled, issuerGuid } = checkSecurity(p, prior);
  const sec = p.securityProfile;

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

  const failure = identityType === 'UserAssigned' ? subnetJoinFailure(ctx.state, identity, pools.subnets.values(), group.subscriptionId, nodeRg) : undefined;

  const creating = !existing;
  const sub = group.subscriptionId;
  const kubeletIdentity = (prior?.kubeletIdentity as Identity3 | undefined) ?? managedIdentity(ctx, id, sub, nodeRg, `${name}-agentpool`);
  const priorAddonIds = (prior?.addonIdentities ?? {}) as Record<string, Identity3>;
  const addonIdentities: Record<string, Identity3> = {};
  for (const [n, a] of Object.entries(addons)) {
    if (a.enabled) addonIdentities[n] = priorAddonIds[n] ?? managedIdentity(ctx, id, sub, nodeRg, `${n}-${name}`);
  }

  const rec: ResourceRecord = {
    // Updating from the start: the operation (its length depends on the record) is started below.
    ...newRecord(ctx, { id, type: T_AKS, group, name, location, tags: body.tags, existing }),
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
      oidcIssuerProfile: { enabled: oidcEnabled, issuerGuid: issuerGuid ?? randomUUID() },
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
  };
  // Nodes only exist (and hold subnet addresses) once AKS got past creating the scale sets.
  if (!failure) rec.properties[SUBNET_IP_CONFIGURATIONS] = subnetUses(rec);
  const seconds = operationSeconds(ctx.state, ctx.latency, latencyKeyOf(rec), 'create');
  const op = startIn(ctx, AKS_LRO, {
    name: creating ? 'CreateManagedCluster' : 'UpdateManagedCluster',
    method: 'PUT',
    subscriptionId: sub,
    location,
    targetId: id,
    lockKey: id,
    touched: [id],
    latencyKey: latencyKeyOf(rec),
    seconds: failure ? Math.min(PERMISSION_FAILURE_SECONDS, seconds) : seconds,
  });
  if (failure) op.error = failure;
  // Nodes that cannot reach what AKS requires fail their bootstrap (runtime/aks-egress.ts).
  const egress = creating && !failure ? aksEgressFailure(ctx.state, rec) : undefined;
  if (egress) op.error = egress;
  rec.operationId = op.id;
  putRecord(ctx.state, rec);
  return json(creating ? 201 : 200, renderCluster(ctx.state, rec), acceptedHeaders(ctx, AKS_LRO, op, { status: true }));
}

/** Starts deleting a cluster (also used by the ML compute delete of an attached cluster). */