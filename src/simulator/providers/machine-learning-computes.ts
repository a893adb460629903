// Microsoft.MachineLearningServices workspaces/computes (AmlCompute clusters, compute instances, attached AKS)
// and the regional VM size list, at the workspace provider's api-versions. PUT answers 201 (200 for an update)
// with provisioningState Creating/Updating and Azure-AsyncOperation (.../locations/{l}/computeOperationsStatus/
// {id}?type=async); DELETE needs ?underlyingResourceAction=Delete|Detach and answers 202 with
// Azure-AsyncOperation and Location (&type=location). Latency by compute type ('#AmlCompute',
// '#ComputeInstance', '#AKS-attach'). Computes placed in a subnet make it "in use" (their nodes' NICs), and
// secrets (userAccountCredentials password/ssh key) are never rendered.
import { randomBytes, randomUUID } from 'node:crypto';
import { ArmError, badRequest, conflict, methodNotAllowed, notFound, parentResourceNotFound } from '../errors.js';
import { empty, json } from '../http.js';
import { inFlight, operationSeconds, scaledRetryAfter, startOperation, type StartOperation } from '../lro.js';
import { checkName, type NameRule } from '../names.js';
import { estimatedVmPrices, findVmSize, vmSizesIn } from '../region-catalog.js';
import { REGIONS, normalizeRegion } from '../regions.js';
import { parseBody } from '../schemas/common.js';
import type { MlApiVersion } from '../schemas/machine-learning.js';
import {
  CI_VERSION_MEMBERS,
  SIMULATED_COMPUTE_TYPES,
  computeResourceSchema,
  peekComputeType,
  type AksComputePropertiesBody,
  type AmlComputePropertiesBody,
  type ComputeBody,
  type ComputeInstancePropertiesBody,
  type ComputeType,
} from '../schemas/machine-learning-computes.js';
import { getRecord, key, putRecord, recordsOfType, tenantIdOf, type CloudState, type OperationRecord, type ResourceRecord } from '../state.js';
import { validateTags } from '../tags.js';
import type { ArmResource, SimResponse } from '../types.js';
import { T_AKS, clusterFacts, startClusterDelete } from './container-service.js';
import { applyIdentity } from './identity.js';
import { T_ML, mlOperationStatus, normalizeIdentity } from './machine-learning-rules.js';
import { SUBNET_IP_CONFIGURATIONS, addressesTaken, dynamicAddress, type ExternalIpConfiguration } from './network/network-interfaces.js';
import { parseArmId } from './network/common.js';
import type { Ctx } from './types.js';

export const ML_NS = 'Microsoft.MachineLearningServices';
export const T_COMPUTE = 'Microsoft.MachineLearningServices/workspaces/computes';
const SUBNET_TYPE = 'Microsoft.Network/virtualNetworks/subnets';
const ML_RETRY_AFTER = 10;
const LATENCY: Record<string, string> = {
  AmlCompute: `${T_COMPUTE}#AmlCompute`,
  ComputeInstance: `${T_COMPUTE}#ComputeInstance`,
  AKS: `${T_COMPUTE}#AKS-attach`,
};
/** Azure ML runs compute nodes in its own (service) subscriptions; their NICs appear in the customer's subnet. */
const SERVICE_SUBSCRIPTION = 'b1a3c2d4-8e7f-4a6b-9c5d-0e1f2a3b4c5d';
/** Idle shutdown of a compute instance: 15 minutes to 3 days (the model's description). */
const IDLE_MIN_S = 15 * 60;
const IDLE_MAX_S = 3 * 24 * 3600;

const NAME_RULES: Record<'AmlCompute' | 'ComputeInstance' | 'AKS', NameRule> = {
  AmlCompute: {
    min: 2,
    max: 16,
    pattern: /^[a-zA-Z](?:[a-zA-Z0-9-]{0,14}[a-zA-Z0-9])?$/,
    describe: 'Compute cluster names are 2-16 characters of letters, digits and hyphens, start with a letter and end with a letter or digit.',
  },
  ComputeInstance: {
    min: 3,
    max: 24,
    pattern: /^[a-zA-Z](?:[a-zA-Z0-9-]{1,22}[a-zA-Z0-9])$/,
    describe: 'Compute instance names are 3-24 characters of letters, digits and hyphens, start with a letter and end with a letter or digit.',
  },
  AKS: {
    min: 2,
    max: 16,
    pattern: /^[a-zA-Z](?:[a-zA-Z0-9-]{0,14}[a-zA-Z0-9])?$/,
    describe: 'Attached compute names are 2-16 characters of letters, digits and hyphens, start with a letter and end with a letter or digit.',
  },
};

const same = (a: string | undefined, b: string | undefined): boolean => a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const bad = (message: string): ArmError => badRequest('BadArgument', message);

/** ISO 8601 duration (PnDTnHnMnS subset Azure ML accepts) in seconds; undefined when malformed. */
export function isoDurationSeconds(text: string): number | undefined {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(text);
  if (!m || text === 'P' || text.endsWith('T')) return undefined;
  return Number(m[1] ?? 0) * 86400 + Number(m[2] ?? 0) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0);
}

/** Time as Azure ML prints it: 2021-04-01T22:00:00.0000000+00:00 */
const mlTime = (ms: number): string => new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$10000+00:00');

// ---- operations ----

function opHeaders(ctx: Ctx, op: OperationRecord, withLocation: boolean): Record<string, string> {
  const base = `${ctx.url.origin}/subscriptions/${op.subscriptionId}/providers/${ML_NS}/locations/${op.location}/computeOperationsStatus/${op.id}?api-version=${encodeURIComponent(ctx.apiVersion)}`;
  return {
    'Azure-AsyncOperation': `${base}&type=async`,
    ...(withLocation ? { Location: `${base}&type=location` } : {}),
    'Retry-After': scaledRetryAfter(ctx.latency, ML_RETRY_AFTER),
  };
}

/** .../locations/{loc}/computeOperationsStatus/{id}?type=async|location */
export function handleComputeOperation(ctx: Ctx, opId: string): SimResponse {
  return mlOperationStatus(ctx, opId, 'computeOperationsStatus', (rec) => renderCompute(ctx.state, rec, ctx.apiVersion as MlApiVersion));
}

// ---- VM sizes ----

export function listVmSizes(ctx: Ctx, location: string): SimResponse {
  if (ctx.method !== 'GET') throw methodNotAllowed(ctx.method, 'vmSizes');
  const sizes = vmSizesIn(location);
  if (!sizes) {
    throw badRequest(
      'LocationNotAvailableForResourceType',
      `The provided location '${location}' is not available for resource type '${ML_NS}/locations/vmSizes'. List of available regions for the resource type is '${REGIONS.join(',')}'.`,
    );
  }
  return json(200, {
    value: sizes.map((s) => ({
      name: s.name,
      family: s.family,
      vCPUs: s.vCPUs,
      gpus: s.gpus,
      osVhdSizeMB: s.osVhdSizeMB,
      maxResourceVolumeMB: s.maxResourceVolumeMB,
      memoryGB: s.memoryGB,
      lowPriorityCapable: s.lowPriorityCapable,
      premiumIO: s.premiumIO,
      estimatedVMPrices: estimatedVmPrices(s),
      supportedComputeTypes: s.supportedComputeTypes,
    })),
  });
}

// ---- rendering ----

const computeTypeOf = (rec: ResourceRecord): ComputeType => rec.properties.computeType as ComputeType;

export const computeLatencyKey = (rec: ResourceRecord): string => LATENCY[computeTypeOf(rec)] ?? T_COMPUTE;

function displayState(rec: ResourceRecord): string {
  if (rec.provisioningState !== 'Updating') return rec.provisioningState;
  return rec.properties.creating === true ? 'Creating' : 'Updating';
}

function renderIdentity(state: CloudState, rec: ResourceRecord): Record<string, unknown> | undefined {
  const stored = rec.identity;
  if (!stored) return undefined;
  const uais = stored.userAssignedIdentities as Record<string, { principalId?: string; clientId?: string }> | undefined;
  return {
    type: stored.type,
    ...(stored.principalId ? { principalId: stored.principalId, tenantId: stored.tenantId } : {}),
    ...(uais
      ? {
          userAssignedIdentities: Object.fromEntries(
            Object.entries(uais).map(([id, v]) => {
              const live = getRecord(state, id);
              return [id, { principalId: live?.properties.principalId ?? v.principalId, clientId: live?.properties.clientId ?? v.clientId }];
            }),
          ),
        }
      : {}),
  };
}

function renderAmlCompute(rec: ResourceRecord, display: string): Record<string, unknown> {
  const p = (rec.properties.properties ?? {}) as AmlComputePropertiesBody & { scaleSettings: { maxNodeCount: number; minNodeCount: number; nodeIdleTimeBeforeScaleDown: string } };
  const ready = display === 'Succeeded';
  const nodes = ready ? p.scaleSettings.minNodeCount : 0;
  const creds = p.userAccountCredentials;
  return {
    osType: p.osType,
    vmSize: p.vmSize,
    vmPriority: p.vmPriority,
    virtualMachineImage: null,
    isolatedNetwork: p.isolatedNetwork,
    scaleSettings: p.scaleSettings,
    // Secrets (password, SSH public key) are never returned.
    ...(creds ? { userAccountCredentials: { adminUserName: creds.adminUserName } } : {}),
    subnet: p.subnet ?? null,
    remoteLoginPortPublicAccess: p.remoteLoginPortPublicAccess,
    allocationState: !ready && p.scaleSettings.minNodeCount > 0 ? 'Resizing' : 'Steady',
    allocationStateTransitionTime: mlTime(rec.changedAt),
    errors: null,
    currentNodeCount: nodes,
    targetNodeCount: p.scaleSettings.minNodeCount,
    nodeStateCounts: { idleNodeCount: nodes, runningNodeCount: 0, preparingNodeCount: 0, unusableNodeCount: 0, leavingNodeCount: 0, preemptedNodeCount: 0 },
    enableNodePublicIp: p.enableNodePublicIp,
    propertyBag: null,
  };
}

function renderComputeInstance(state: CloudState, rec: ResourceRecord, display: string, version: MlApiVersion): Record<string, unknown> {
  const p = (rec.properties.properties ?? {}) as ComputeInstancePropertiesBody & { privateIp?: string; publicIp?: string; createdBy?: string };
  const region = rec.location as string;
  const running = display === 'Succeeded';
  const state0 = display === 'Succeeded' ? 'Running' : display === 'Failed' ? 'CreateFailed' : display === 'Deleting' ? 'Deleting' : 'Creating';
  const host = `${rec.name.toLowerCase()}.${region}.instances.azureml.ms`;
  const ssh = p.sshSettings ?? {};
  const all: Record<string, unknown> = {
    vmSize: p.vmSize,
    subnet: p.subnet ?? null,
    applicationSharingPolicy: p.applicationSharingPolicy,
    sshSettings: { sshPublicAccess: ssh.sshPublicAccess, adminUserName: 'azureuser', sshPort: ssh.sshPublicAccess === 'Enabled' ? 50000 : 4001 },
    connectivityEndpoints: running ? { ...(p.publicIp ? { publicIpAddress: p.publicIp } : {}), privateIpAddress: p.privateIp } : null,
    applications: running
      ? [
          { displayName: 'Jupyter', endpointUri: `https://${host}/tree/` },
          { displayName: 'Jupyter Lab', endpointUri: `https://${host}/lab` },
          { displayName: 'VS Code', endpointUri: `vscode://ms-toolsai.vscode-ai-remote/open?workspaceId=${rec.parentId?.split('/').pop() ?? ''}&computeName=${rec.name}` },
        ]
      : [],
    createdBy: { userName: null, userOrgId: tenantIdOf(state), userId: p.createdBy ?? null },
    errors: [],
    state: state0,
    computeInstanceAuthorizationType: p.computeInstanceAuthorizationType,
    personalComputeInstanceSettings: p.personalComputeInstanceSettings ?? null,
    setupScripts: p.setupScripts ?? null,
    lastOperation: { operationName: 'Create', operationTime: mlTime(rec.createdAt), operationStatus: running ? 'Succeeded' : display === 'Failed' ? 'CreateFailed' : 'InProgress', operationTrigger: 'User' },
    schedules: p.schedules ?? { computeStartStop: [] },
    enableNodePublicIp: p.enableNodePublicIp,
    containers: [],
    dataDisks: [],
    dataMounts: [],
    versions: { runtime: '20250710.v1' },
    idleTimeBeforeShutdown: p.idleTimeBeforeShutdown,
    osImageMetadata: { currentImageVersion: '25.07.10', latestImageVersion: '25.07.10', isLatestOsImageVersion: true },
    enableOSPatching: p.enableOSPatching,
    enableRootAccess: p.enableRootAccess,
    enableSSO: p.enableSSO,
    releaseQuotaOnStop: p.releaseQuotaOnStop,
  };
  return Object.fromEntries(CI_VERSION_MEMBERS[version].filter((m) => all[m] !== undefined).map((m) => [m, all[m]]));
}

function renderAks(state: CloudState, rec: ResourceRecord): Record<string, unknown> {
  const p = (rec.properties.properties ?? {}) as AksComputePropertiesBody;
  const cluster = getRecord(state, String(rec.properties.resourceId));
  const facts = cluster ? clusterFacts(state, cluster) : undefined;
  return {
    clusterFqdn: facts?.fqdn ?? p.clusterFqdn,
    systemServices: [],
    agentCount: facts?.agentCount ?? p.agentCount,
    agentVmSize: facts?.agentVmSize ?? p.agentVmSize,
    clusterPurpose: p.clusterPurpose ?? 'FastProd',
    ...(p.aksNetworkingConfiguration ? { aksNetworkingConfiguration: p.aksNetworkingConfiguration } : {}),
    loadBalancerType: p.loadBalancerType ?? 'PublicIp',
    ...(p.loadBalancerSubnet ? { loadBalancerSubnet: p.loadBalancerSubnet } : {}),
  };
}

export function renderCompute(state: CloudState, rec: ResourceRecord, version: MlApiVersion = '2025-06-01'): ArmResource {
  const p = rec.properties;
  const type = computeTypeOf(rec);
  const display = displayState(rec);
  const identity = renderIdentity(state, rec);
  const inner = type === 'AmlCompute' ? renderAmlCompute(rec, display) : type === 'ComputeInstance' ? renderComputeInstance(state, rec, display, version) : renderAks(state, rec);
  return {
    id: rec.id,
    name: rec.name,
    type: T_COMPUTE,
    location: rec.location,
    ...(rec.tags ? { tags: rec.tags } : {}),
    ...(identity ? { identity } : {}),
    properties: {
      computeType: type,
      computeLocation: p.computeLocation,
      provisioningState: display,
      ...(p.description !== undefined ? { description: p.description } : {}),
      createdOn: mlTime(rec.createdAt),
      modifiedOn: mlTime(rec.changedAt),
      ...(p.resourceId !== undefined ? { resourceId: p.resourceId } : {}),
      provisioningErrors: display === 'Failed' && p.failure ? [{ error: p.failure }] : null,
      isAttachedCompute: type === 'AKS',
      disableLocalAuth: p.disableLocalAuth ?? false,
      properties: inner,
    },
  };
}

// ---- rules ----

function resolveSubnet(ctx: Ctx, id: string, region: string, path: string): ResourceRecord {
  const parsed = parseArmId(id);
  if (!parsed || key([parsed.namespace, ...parsed.types].join('/')) !== key(SUBNET_TYPE)) {
    throw badRequest(
      'LinkedInvalidPropertyId',
      `Property id '${id}' at path '${path}' is invalid. Expect fully qualified resource Id that start with '/subscriptions/{subscriptionId}' and name a subnet (.../virtualNetworks/{vnet}/subnets/{subnet}).`,
    );
  }
  const subnet = getRecord(ctx.state, id);
  if (!subnet || subnet.provisioningState === 'Deleting') throw badRequest('SubnetNotFound', `The subnet '${id}' (${path}) was not found. Create the subnet before the compute.`);
  const vnet = subnet.parentId ? getRecord(ctx.state, subnet.parentId) : undefined;
  if (vnet && vnet.location !== region) {
    throw badRequest('SubnetInDifferentRegion', `The subnet '${id}' (${path}) is in region '${vnet.location ?? ''}', but the workspace is in '${region}'. Computes must use a subnet in the workspace's region.`);
  }
  return subnet;
}

function checkVmSize(region: string, vmSize: string | undefined, type: string): string {
  if (vmSize === undefined || vmSize === '') throw bad(`properties.properties.vmSize is required for ${type}.`);
  const s = findVmSize(region, vmSize);
  if (!s || !s.supportedComputeTypes.includes(type)) {
    throw badRequest(
      'VMSizeNotSupported',
      `Virtual Machine size: '${vmSize}' is not supported for ${type} in location '${region}'. List the sizes offered there with GET /subscriptions/{subscriptionId}/providers/${ML_NS}/locations/${region}/vmSizes.`,
    );
  }
  return s.name;
}

/** Without public IPs the nodes must sit in a customer subnet. */
function checkNodePublicIp(enableNodePublicIp: boolean | undefined, subnet: { id: string } | undefined, what: string): void {
  if (enableNodePublicIp === false && !subnet) {
    throw badRequest('SubnetRequiredForNoPublicIp', `A ${what} with enableNodePublicIp false (no public IP) must be placed in a virtual network: set properties.properties.subnet.`);
  }
}

function nicUse(rec: { id: string; name: string }, subnetId: string, kind: string): ExternalIpConfiguration {
  const tag = randomUUID();
  return {
    id: `/subscriptions/${SERVICE_SUBSCRIPTION}/resourceGroups/${tag}-azurebatch-cloudservicerg/providers/Microsoft.Network/networkInterfaces/${kind}-${rec.name.toLowerCase()}-${tag.slice(0, 8)}-nic/ipConfigurations/ipconfig`,
    subnet: { id: subnetId },
  };
}

function normalizeAml(ctx: Ctx, p: AmlComputePropertiesBody, region: string, prior: ResourceRecord | undefined): Record<string, unknown> {
  rejectNotSimulated(p, ['virtualMachineImage', 'propertyBag'], 'properties.properties.');
  const vmSize = checkVmSize(region, p.vmSize, 'AmlCompute');
  if (!p.scaleSettings) throw bad('properties.properties.scaleSettings (maxNodeCount, optionally minNodeCount and nodeIdleTimeBeforeScaleDown) is required for AmlCompute.');
  const min = p.scaleSettings.minNodeCount ?? 0;
  const max = p.scaleSettings.maxNodeCount;
  if (min < 0) throw bad(`scaleSettings.minNodeCount must not be negative (it is ${min}).`);
  if (max < 1) throw bad(`scaleSettings.maxNodeCount must be at least 1 (it is ${max}).`);
  if (min > max) throw bad(`scaleSettings.minNodeCount (${min}) must not be greater than maxNodeCount (${max}).`);
  const idle = p.scaleSettings.nodeIdleTimeBeforeScaleDown ?? 'PT120S';
  if (isoDurationSeconds(idle) === undefined) throw bad(`scaleSettings.nodeIdleTimeBeforeScaleDown '${idle}' is not an ISO 8601 duration (for example PT120S).`);
  if (p.subnet) resolveSubnet(ctx, p.subnet.id, region, 'properties.properties.subnet.id');
  checkNodePublicIp(p.enableNodePublicIp, p.subnet, 'compute cluster');
  const creds = p.userAccountCredentials;
  if (creds) {
    if (!/^[a-zA-Z][a-zA-Z0-9_-]{0,31}$/.test(creds.adminUserName) || ['root', 'admin', 'administrator'].includes(creds.adminUserName.toLowerCase())) {
      throw bad(`userAccountCredentials.adminUserName '${creds.adminUserName}' is not a valid admin user name.`);
    }
    if (!creds.adminUserPassword && !creds.adminUserSshPublicKey) throw bad('userAccountCredentials needs adminUserPassword or adminUserSshPublicKey.');
  }
  const access = p.remoteLoginPortPublicAccess ?? 'NotSpecified';
  const out: Record<string, unknown> = {
    osType: p.osType ?? 'Linux',
    vmSize,
    vmPriority: p.vmPriority ?? 'Dedicated',
    isolatedNetwork: p.isolatedNetwork ?? false,
    scaleSettings: { maxNodeCount: max, minNodeCount: min, nodeIdleTimeBeforeScaleDown: idle },
    ...(creds ? { userAccountCredentials: creds } : {}),
    ...(p.subnet ? { subnet: { id: p.subnet.id } } : {}),
    // NotSpecified is settled at creation: closed inside a VNet, open otherwise.
    remoteLoginPortPublicAccess: access === 'NotSpecified' ? (p.subnet ? 'Disabled' : 'Enabled') : access,
    enableNodePublicIp: p.enableNodePublicIp ?? true,
  };
  if (prior) {
    const before = prior.properties.properties as Record<string, unknown>;
    for (const m of ['vmSize', 'vmPriority', 'osType', 'isolatedNetwork', 'enableNodePublicIp']) {
      if (String(before[m]).toLowerCase() !== String(out[m]).toLowerCase()) throw bad(`properties.properties.${m} of compute cluster '${prior.name}' cannot be updated after creation.`);
    }
    if (!same((before.subnet as { id?: string } | undefined)?.id ?? '-', (out.subnet as { id?: string } | undefined)?.id ?? '-')) {
      throw bad(`properties.properties.subnet of compute cluster '${prior.name}' cannot be updated after creation.`);
    }
    // Credentials are write-only: an update without them keeps the stored ones.
    if (!creds && before.userAccountCredentials) out.userAccountCredentials = before.userAccountCredentials;
    if (p.remoteLoginPortPublicAccess === undefined || p.remoteLoginPortPublicAccess === 'NotSpecified') out.remoteLoginPortPublicAccess = before.remoteLoginPortPublicAccess;
  }
  return out;
}

function normalizeInstance(ctx: Ctx, version: MlApiVersion, p: ComputeInstancePropertiesBody, region: string): Record<string, unknown> {
  rejectNotSimulated(p, ['customServices', 'autologgerSettings'], 'properties.properties.');
  const vmSize = checkVmSize(region, p.vmSize, 'ComputeInstance');
  // Without a subnet the instance lives in an Azure ML managed network (10.0.0.0/24 there).
  let privateIp = '10.0.0.4';
  if (p.subnet) {
    const subnet = resolveSubnet(ctx, p.subnet.id, region, 'properties.properties.subnet.id');
    privateIp = dynamicAddress(subnet, addressesTaken(ctx.state, subnet.id));
  }
  checkNodePublicIp(p.enableNodePublicIp, p.subnet, 'compute instance');
  const ssh = p.sshSettings ?? {};
  const sshAccess = ssh.sshPublicAccess ?? 'Disabled';
  if (sshAccess === 'Enabled' && !ssh.adminPublicKey) throw bad('sshSettings.adminPublicKey is required when sshSettings.sshPublicAccess is Enabled.');
  const user = p.personalComputeInstanceSettings?.assignedUser;
  if (user) {
    if (!GUID.test(user.objectId)) throw bad(`personalComputeInstanceSettings.assignedUser.objectId '${user.objectId}' is not a GUID.`);
    if (!GUID.test(user.tenantId)) throw bad(`personalComputeInstanceSettings.assignedUser.tenantId '${user.tenantId}' is not a GUID.`);
    if (!same(user.tenantId, tenantIdOf(ctx.state))) {
      throw bad(`The assigned user's tenant '${user.tenantId}' is not the workspace's tenant '${tenantIdOf(ctx.state)}'; a compute instance can only be assigned to a user of the same directory.`);
    }
  }
  if (p.idleTimeBeforeShutdown !== undefined) {
    const s = isoDurationSeconds(p.idleTimeBeforeShutdown);
    if (s === undefined) throw bad(`idleTimeBeforeShutdown '${p.idleTimeBeforeShutdown}' is not an ISO 8601 duration (for example PT30M).`);
    if (s < IDLE_MIN_S || s > IDLE_MAX_S) throw bad(`idleTimeBeforeShutdown must be between 15 minutes (PT15M) and 3 days (P3D); '${p.idleTimeBeforeShutdown}' is not.`);
  }
  const schedules = (p.schedules?.computeStartStop ?? []).map((sch, i) => {
    const trigger = sch.triggerType as string | undefined;
    if (!sch.action) throw bad(`schedules.computeStartStop[${i}].action is required (Start or Stop).`);
    if (trigger === 'Cron' && !(sch.cron as { expression?: string } | undefined)?.expression) throw bad(`schedules.computeStartStop[${i}].cron.expression is required for triggerType Cron.`);
    if (trigger === 'Recurrence' && !(sch.recurrence as { schedule?: unknown } | undefined)?.schedule) throw bad(`schedules.computeStartStop[${i}].recurrence.schedule is required for triggerType Recurrence.`);
    return { id: randomUUID(), provisioningStatus: 'Completed', status: sch.status ?? 'Enabled', ...sch };
  });
  return {
    vmSize,
    ...(p.subnet ? { subnet: { id: p.subnet.id } } : {}),
    applicationSharingPolicy: p.applicationSharingPolicy ?? 'Shared',
    sshSettings: { sshPublicAccess: sshAccess, ...(ssh.adminPublicKey ? { adminPublicKey: ssh.adminPublicKey } : {}) },
    computeInstanceAuthorizationType: p.computeInstanceAuthorizationType ?? 'personal',
    ...(p.personalComputeInstanceSettings ? { personalComputeInstanceSettings: p.personalComputeInstanceSettings } : {}),
    ...(p.setupScripts ? { setupScripts: p.setupScripts } : {}),
    schedules: { computeStartStop: schedules },
    enableNodePublicIp: p.enableNodePublicIp ?? true,
    ...(p.idleTimeBeforeShutdown !== undefined ? { idleTimeBeforeShutdown: p.idleTimeBeforeShutdown } : {}),
    ...(version === '2025-06-01'
      ? { enableOSPatching: p.enableOSPatching ?? false, enableRootAccess: p.enableRootAccess ?? true, enableSSO: p.enableSSO ?? true, releaseQuotaOnStop: p.releaseQuotaOnStop ?? false }
      : {}),
    privateIp,
    ...(p.enableNodePublicIp !== false ? { publicIp: `20.${[...randomBytes(3)].map((b) => 1 + (b % 250)).join('.')}` } : {}),
    ...(user ? { createdBy: user.objectId } : {}),
  };
}

/** The cluster an AKS compute attaches: an existing managed cluster of the workspace's subscription and region. */
function resolveCluster(ctx: Ctx, resourceId: string | undefined, ws: ResourceRecord): ResourceRecord {
  if (resourceId === undefined || resourceId === '') throw bad('properties.resourceId (the managed cluster to attach) is required for computeType AKS.');
  const parsed = parseArmId(resourceId);
  if (!parsed || key([parsed.namespace, ...parsed.types].join('/')) !== key(T_AKS)) {
    throw badRequest('LinkedInvalidPropertyId', `Property id '${resourceId}' at path 'properties.resourceId' is invalid: expected the id of a ${T_AKS} resource.`);
  }
  if (!same(parsed.sub, ws.subscriptionId)) {
    throw badRequest('ComputeResourceInDifferentSubscription', `The managed cluster '${resourceId}' is not in the workspace's subscription '${ws.subscriptionId}'.`);
  }
  const cluster = getRecord(ctx.state, resourceId);
  if (!cluster || cluster.provisioningState === 'Deleting') {
    throw badRequest('ComputeResourceNotFound', `The managed cluster '${resourceId}' to attach was not found. Create the cluster first; attaching a cluster that does not exist is refused.`);
  }
  if (cluster.location !== ws.location) {
    throw badRequest('ComputeResourceInDifferentRegion', `The managed cluster '${resourceId}' is in region '${cluster.location ?? ''}', but the workspace is in '${ws.location ?? ''}'.`);
  }
  if (cluster.provisioningState !== 'Succeeded') {
    throw conflict('ComputeResourceNotReady', `The managed cluster '${resourceId}' is in provisioning state '${cluster.provisioningState === 'Updating' ? 'Creating' : cluster.provisioningState}'; attach it once it has succeeded.`);
  }
  return cluster;
}

function normalizeAks(ctx: Ctx, p: AksComputePropertiesBody, cluster: ResourceRecord): Record<string, unknown> {
  rejectNotSimulated(p, ['sslConfiguration'], 'properties.properties.');
  const facts = clusterFacts(ctx.state, cluster);
  if (!facts) throw bad(`'${cluster.id}' is not a managed cluster.`);
  const purpose = p.clusterPurpose ?? 'FastProd';
  if (purpose !== 'DevTest' && facts.totalVCPUs < 12) {
    throw badRequest(
      'InsufficientClusterCapacity',
      `Cluster purpose '${purpose}' needs an AKS cluster with at least 12 vCPUs across its nodes; '${cluster.name}' has ${facts.totalVCPUs}. Use clusterPurpose DevTest or add nodes.`,
    );
  }
  if (p.agentCount !== undefined && p.agentCount < 0) throw bad('properties.properties.agentCount must not be negative.');
  if (p.loadBalancerType === 'InternalLoadBalancer' && p.loadBalancerSubnet !== undefined) {
    const subnet = facts.vnetId ? getRecord(ctx.state, `${facts.vnetId}/subnets/${p.loadBalancerSubnet}`) : undefined;
    if (!subnet) {
      throw bad(`loadBalancerSubnet '${p.loadBalancerSubnet}' is not a subnet of the cluster's virtual network${facts.vnetId ? ` '${facts.vnetId}'` : ' (the cluster uses the AKS-managed network)'}.`);
    }
  }
  if (p.loadBalancerSubnet !== undefined && p.loadBalancerType !== 'InternalLoadBalancer') throw bad('loadBalancerSubnet can only be set with loadBalancerType InternalLoadBalancer.');
  return {
    ...(p.clusterFqdn ? { clusterFqdn: p.clusterFqdn } : {}),
    ...(p.agentCount !== undefined ? { agentCount: p.agentCount } : {}),
    ...(p.agentVmSize ? { agentVmSize: p.agentVmSize } : {}),
    clusterPurpose: purpose,
    ...(p.aksNetworkingConfiguration ? { aksNetworkingConfiguration: p.aksNetworkingConfiguration } : {}),
    loadBalancerType: p.loadBalancerType ?? 'PublicIp',
    ...(p.loadBalancerSubnet !== undefined ? { loadBalancerSubnet: p.loadBalancerSubnet } : p.loadBalancerType === 'InternalLoadBalancer' ? { loadBalancerSubnet: 'aks-subnet' } : {}),
  };
}

function rejectNotSimulated(value: Record<string, unknown> | undefined, members: readonly string[], path: string): void {
  if (!value) return;
  for (const m of members) {
    const v = value[m];
    if (v === undefined || (Array.isArray(v) && v.length === 0)) continue;
    throw badRequest('SimulatorUnsupportedProperty', `Property '${path}${m}' is valid in Azure but not implemented by the ARM simulator.`);
  }
}

// ---- handlers ----

const computeId = (ws: ResourceRecord, name: string): string => `${ws.id}/computes/${name}`;

function workspaceOf(ctx: Ctx, group: ResourceRecord, wsName: string): ResourceRecord | undefined {
  return getRecord(ctx.state, `${group.id}/providers/${T_ML.workspace}/${wsName}`);
}

/** /workspaces/{ws}/computes[/{name}] */
export function handleComputes(ctx: Ctx, group: ResourceRecord, wsName: string, name: string | undefined): SimResponse {
  const ws = workspaceOf(ctx, group, wsName);
  const version = ctx.apiVersion as MlApiVersion;
  if (name === undefined) {
    if (ctx.method !== 'GET') throw methodNotAllowed(ctx.method, 'compute collection');
    if (!ws) throw parentResourceNotFound(wsName);
    const value = recordsOfType(ctx.state, T_COMPUTE)
      .filter((r) => same(r.parentId, ws.id))
      .sort((a, b) => a.createdAt - b.createdAt)
      .map((r) => renderCompute(ctx.state, r, version));
    return json(200, { value });
  }
  if (!ws) throw parentResourceNotFound(wsName);
  const existing = getRecord(ctx.state, computeId(ws, name));
  switch (ctx.method) {
    case 'GET':
      if (!existing) {
        throw notFound('ResourceNotFound', `The Resource '${T_COMPUTE.split('/').slice(0, 2).join('/')}/${wsName}/computes/${name}' under resource group '${group.name}' was not found.`);
      }
      return json(200, renderCompute(ctx.state, existing, version));
    case 'PUT':
      return putCompute(ctx, ws, name, existing);
    case 'DELETE':
      return deleteCompute(ctx, name, existing);
    default:
      throw methodNotAllowed(ctx.method, 'compute');
  }
}

function start(ctx: Ctx, init: Omit<StartOperation, 'namespace'>): OperationRecord {
  return startOperation(ctx.state, ctx.now, ctx.latency, { namespace: ML_NS, ...init });
}

function putCompute(ctx: Ctx, ws: ResourceRecord, name: string, existing: ResourceRecord | undefined): SimResponse {
  const version = ctx.apiVersion as MlApiVersion;
  const body = parseBody(computeResourceSchema(version, peekComputeType(ctx.body)), ctx.body, 'resources') as unknown as ComputeBody;
  const type = body.properties.computeType;
  if (!SIMULATED_COMPUTE_TYPES.includes(type)) {
    throw badRequest('SimulatorUnsupportedProperty', `Compute type '${type}' is valid in Azure but not implemented by the ARM simulator (AmlCompute, ComputeInstance and AKS only).`);
  }
  checkName(name, NAME_RULES[type as 'AmlCompute' | 'ComputeInstance' | 'AKS']);
  if (ws.provisioningState !== 'Succeeded') {
    const shown = ws.provisioningState === 'Updating' ? (ws.properties.creating === true ? 'Creating' : 'Updating') : ws.provisioningState;
    throw conflict('Conflict', `Workspace '${ws.name}' is in provisioning state '${shown}'. Computes can be created once the workspace has succeeded.`);
  }
  const region = ws.location as string;
  if (body.location !== undefined && body.location !== '') {
    const loc = normalizeRegion(body.location);
    if (!loc) throw badRequest('LocationNotAvailableForResourceType', `The provided location '${body.location}' is not available for resource type '${T_COMPUTE}'.`);
    if (loc !== region) throw bad(`The compute location '${loc}' must be the workspace's location '${region}'.`);
  }
  validateTags(body.tags);
  if (body.sku !== undefined) throw badRequest('SimulatorUnsupportedProperty', "Property 'sku' of a compute is valid in Azure but not implemented by the ARM simulator.");
  const props = body.properties;
  if (props.computeLocation !== undefined && normalizeRegion(props.computeLocation) !== region && type !== 'AKS') {
    throw bad(`properties.computeLocation '${props.computeLocation}' must be the workspace's location '${region}'.`);
  }
  if (type !== 'AKS' && props.resourceId !== undefined) throw bad(`properties.resourceId can only be set for attached computes; ${type} is created by Azure Machine Learning.`);
  if (existing) {
    if (computeTypeOf(existing) !== type) {
      throw badRequest('ComputeTypeCannotBeChanged', `Compute '${name}' is of type '${computeTypeOf(existing)}'; its computeType cannot be changed to '${type}'. Delete it and create a new compute.`);
    }
    const op = inFlight(ctx.state, existing.id);
    if (op) throw conflict('Conflict', `Compute '${name}' is ${op.method === 'DELETE' ? 'being deleted' : 'being created or updated'}; retry when the current operation has finished.`);
    if (existing.properties.disableLocalAuth !== (props.disableLocalAuth ?? false)) throw bad(`properties.disableLocalAuth of compute '${name}' cannot be changed after creation.`);
  }
  const id = existing?.id ?? computeId(ws, name);
  const given = (props.properties ?? {}) as Record<string, unknown>;
  let inner: Record<string, unknown>;
  let computeLocation = region;
  let resourceId: string | undefined;
  let uses: ExternalIpConfiguration[] = [];
  if (type === 'AmlCompute') {
    inner = normalizeAml(ctx, given as AmlComputePropertiesBody, region, existing);
    const subnet = inner.subnet as { id: string } | undefined;
    uses = subnet ? ((existing?.properties[SUBNET_IP_CONFIGURATIONS] as ExternalIpConfiguration[] | undefined) ?? [nicUse({ id, name }, subnet.id, 'aml')]) : [];
  } else if (type === 'ComputeInstance') {
    // Compute instance names are unique within a region, across workspaces and subscriptions.
    const namesake = recordsOfType(ctx.state, T_COMPUTE).find(
      (r) => computeTypeOf(r) === 'ComputeInstance' && same(r.name, name) && r.location === region && !same(r.id, id),
    );
    if (namesake) {
      throw conflict('ComputeNameNotUnique', `A compute instance named '${name}' already exists in region '${region}'. Compute instance names must be unique across all workspaces in an Azure region.`);
    }
    inner = normalizeInstance(ctx, version, given as ComputeInstancePropertiesBody, region);
    if (existing) {
      // Compute instances cannot be updated in place; an identical PUT is a no-op.
      const strip = (o: Record<string, unknown>) => JSON.stringify({ ...o, privateIp: undefined, publicIp: undefined, createdBy: undefined, schedules: undefined });
      if (strip(inner) !== strip(existing.properties.properties as Record<string, unknown>) || (props.description ?? null) !== (existing.properties.description ?? null)) {
        throw bad(`Compute instance '${name}' already exists and cannot be updated in place. Delete it and create it again to change its properties.`);
      }
      return json(200, renderCompute(ctx.state, existing, version));
    }
    const subnet = inner.subnet as { id: string } | undefined;
    uses = subnet ? [nicUse({ id, name }, subnet.id, 'ci')] : [];
  } else {
    const cluster = resolveCluster(ctx, props.resourceId, ws);
    if (existing && !same(existing.properties.resourceId as string, props.resourceId)) throw bad(`properties.resourceId of attached compute '${name}' cannot be changed; detach it and attach the other cluster.`);
    inner = normalizeAks(ctx, given as AksComputePropertiesBody, cluster);
    computeLocation = cluster.location as string;
    resourceId = props.resourceId;
  }

  const identity = body.identity ? normalizeIdentity(ctx.state, body.identity) : undefined;
  const storedIdentity = identity
    ? applyIdentity(ctx, { type: identity.type, ...(identity.userAssigned.length > 0 ? { userAssignedIdentities: Object.fromEntries(identity.userAssigned.map((u) => [u.id, {}])) } : {}) }, existing?.identity, id)
    : existing?.identity;

  const creating = !existing;
  const op = start(ctx, {
    name: creating ? 'CreateCompute' : 'UpdateCompute',
    method: 'PUT',
    subscriptionId: ws.subscriptionId,
    location: region,
    targetId: id,
    lockKey: id,
    touched: [id],
    seconds: operationSeconds(ctx.state, ctx.latency, LATENCY[type], 'create'),
  });
  const rec: ResourceRecord = {
    id,
    type: T_COMPUTE,
    name: existing?.name ?? name,
    subscriptionId: ws.subscriptionId,
    resourceGroup: ws.resourceGroup,
    parentId: ws.id,
    location: region,
    ...(body.tags ? { tags: body.tags } : existing?.tags ? { tags: existing.tags } : {}),
    ...(storedIdentity && storedIdentity.type !== 'None' ? { identity: storedIdentity } : {}),
    provisioningState: 'Updating',
    operationId: op.id,
    properties: {
      computeType: type,
      computeLocation,
      ...(props.description !== undefined ? { description: props.description } : {}),
      ...(resourceId !== undefined ? { resourceId } : {}),
      disableLocalAuth: props.disableLocalAuth ?? false,
      properties: inner,
      ...(uses.length > 0 ? { [SUBNET_IP_CONFIGURATIONS]: uses } : {}),
      ...(creating ? { creating: true } : {}),
    },
    createdAt: existing?.createdAt ?? ctx.now,
    changedAt: ctx.now,
  };
  putRecord(ctx.state, rec);
  return json(creating ? 201 : 200, renderCompute(ctx.state, rec, version), opHeaders(ctx, op, false));
}

function deleteCompute(ctx: Ctx, name: string, existing: ResourceRecord | undefined): SimResponse {
  const param = [...ctx.url.query.entries()].find(([k]) => k.toLowerCase() === 'underlyingresourceaction');
  if (!param || param[1] === '') {
    throw badRequest(
      'MissingRequiredQueryParameter',
      "The query parameter 'underlyingResourceAction' is required: 'Delete' deletes the underlying compute, 'Detach' detaches an attached compute from the workspace.",
    );
  }
  const action = ['Delete', 'Detach'].find((a) => a.toLowerCase() === param[1].toLowerCase());
  if (!action) throw badRequest('InvalidQueryParameterValue', `The value '${param[1]}' of query parameter 'underlyingResourceAction' is invalid. Allowed values: Delete, Detach.`);
  if (!existing) return empty(204);
  const type = computeTypeOf(existing);
  if (action === 'Detach' && type !== 'AKS') throw bad(`Compute '${name}' of type ${type} was created by Azure Machine Learning and cannot be detached; delete it with underlyingResourceAction=Delete.`);
  const running = inFlight(ctx.state, existing.id);
  if (running?.method === 'DELETE') return empty(202, opHeaders(ctx, running, true));
  if (running) throw conflict('Conflict', `Compute '${name}' is being created or updated; retry the delete when the current operation has finished.`);
  const op = start(ctx, {
    name: action === 'Detach' ? 'DetachCompute' : 'DeleteCompute',
    method: 'DELETE',
    subscriptionId: existing.subscriptionId,
    location: existing.location as string,
    targetId: existing.id,
    lockKey: existing.id,
    removes: [existing.id],
    seconds: operationSeconds(ctx.state, ctx.latency, computeLatencyKey(existing), 'delete'),
  });
  existing.provisioningState = 'Deleting';
  existing.operationId = op.id;
  existing.changedAt = ctx.now;
  // Deleting an attached AKS compute deletes the cluster itself.
  if (type === 'AKS' && action === 'Delete') {
    const cluster = getRecord(ctx.state, String(existing.properties.resourceId));
    if (cluster && key(cluster.type) === key(T_AKS)) startClusterDelete(ctx, cluster);
  }
  return empty(202, opHeaders(ctx, op, true));
}

