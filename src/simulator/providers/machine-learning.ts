// Microsoft.MachineLearningServices workspaces (2022-10-01, 2024-04-01, 2024-10-01, 2025-06-01); computes and
// regional VM sizes are routed to machine-learning-computes/, the managed network (properties.managedNetwork,
// workspaces/{ws}/outboundRules, provisionManagedNetwork) to machine-learning-managed-network.ts.
// PUT and DELETE are long-running: 202 + Azure-AsyncOperation (...workspaceOperationsStatus/{id}?type=async)
// + Location (...&type=location). Creating a CMK workspace takes the '#cmk' latency. DELETE soft-deletes:
// the name stays reserved (state.softDeleted) for the retention period unless ?forceToPurge=true; a PUT
// of that name fails (operation Failed, BadRequest) until it is purged. Bodies follow the requested version's model.
import { randomUUID } from 'node:crypto';
import { ArmError, badRequest, conflict, notFound } from '../errors.js';
import { empty } from '../http.js';
import { checkName, type NameRule } from '../names.js';
import { MANAGED_NETWORK_VERSIONS, ML_API_VERSIONS, ML_NOT_SIMULATED, ML_RENDERED_MEMBERS, workspaceSchema, type MlApiVersion, type WorkspacePropertiesBody } from '../schemas/machine-learning.js';
import { parseBody } from '../schemas/common.js';
import { dropSoftDeleted, getRecord, putRecord, tenantIdOf, type CloudState, type ResourceRecord, type SoftDeletedRecord } from '../state.js';
import { validateTags } from '../tags.js';
import type { ArmResource, SimResponse } from '../types.js';
import { checkDependencies, checkEncryption, checkImmutable, checkPrimaryIdentity, mlLro, mlOperationStatus, type NormalizedIdentity, normalizeIdentity, T_ML } from './machine-learning-rules.js';
import { T_COMPUTE, computeLatencyKey, handleComputeOperation, handleComputes, listVmSizes, renderCompute } from './machine-learning-computes/index.js';
import { withComputeWorkspace } from './machine-learning-computes/placement.js';
import {
  applyManagedNetworkPut,
  ensureProvisioning,
  handleOutboundRules,
  handleProvision,
  isolationModeOf,
  managedNetworkOf,
  provisionResult,
  renderManagedNetwork,
  ruleResult,
} from './machine-learning-managed-network.js';
import { privateEndpointConnectionsFor } from './network/private-link.js';
import { DIAGNOSE_OPERATION, diagnoseResult, handleDiagnose } from './machine-learning-diagnose.js';
import { applyIdentity, renderIdentity } from './kit/identity.js';
import type { Ctx, Provider, ProviderRoute } from './types.js';
import { startDelete } from './kit/delete.js';
import { same } from './kit/ids.js';
import { acceptedHeaders, startIn } from './kit/lro-style.js';
import { notImplemented, rejectNotSimulated } from './kit/not-simulated.js';
import { serveTracked } from './kit/serve.js';
import { displayState, listTracked, newRecord, resolveLocation, trackedId } from './kit/tracked.js';

export const ML = 'Microsoft.MachineLearningServices';
const T = T_ML.workspace;
const CMK_KEY = `${T}#cmk`;
const DEFAULT_RETENTION_DAYS = 14;
const LATEST: MlApiVersion = '2025-06-01';
const SYSTEM_DATASTORES_AUTH_MODES = ['AccessKey', 'Identity', 'UserDelegationSAS'] as const;

const WORKSPACE_NAME: NameRule = {
  min: 3,
  max: 33,
  pattern: /^[a-zA-Z0-9][a-zA-Z0-9_-]{2,32}$/,
  describe: 'Workspace names are 3-33 characters of letters, digits, hyphens and underscores, and start with a letter or digit.',
};

const isCmk = (rec: ResourceRecord): boolean => (rec.properties.encryption as { status?: string } | undefined)?.status === 'Enabled';

/** PUT and DELETE: 202 + Azure-AsyncOperation + Location (.../workspaceOperationsStatus/{id}?type=async|location). */
const WORKSPACE_LRO = mlLro('workspaceOperationsStatus');

/** .../locations/{loc}/workspaceOperationsStatus/{id}?type=async|location */
function handleOperationStatus(ctx: Ctx, opId: string): SimResponse {
  // Managed-network operations share the endpoint; their Location results are not the workspace.
  const op = ctx.state.operations[opId];
  const done = op?.name === 'ProvisionManagedNetwork' ? provisionResult(ctx.state, op) : op?.name === 'PutOutboundRule' ? ruleResult(ctx.state, op) : op?.name === DIAGNOSE_OPERATION ? diagnoseResult(ctx.state, op) : undefined;
  return mlOperationStatus(ctx, opId, 'workspaceOperationsStatus', (rec) => renderWorkspace(ctx.state, rec, ctx.apiVersion as MlApiVersion), done);
}

// ---- rendering ----

function renderWorkspace(state: CloudState, rec: ResourceRecord, version: MlApiVersion = LATEST): ArmResource {
  const p = rec.properties as WorkspacePropertiesBody & { workspaceId: string; notebookResourceId: string };
  const region = rec.location as string;
  const wsid = p.workspaceId;
  const storage = p.storageAccount ? getRecord(state, p.storageAccount) : undefined;
  const connections = privateEndpointConnectionsFor(state, rec.id);
  const all: Record<string, unknown> = {
    friendlyName: p.friendlyName ?? rec.name,
    description: p.description,
    storageAccount: p.storageAccount,
    keyVault: p.keyVault,
    applicationInsights: p.applicationInsights,
    containerRegistry: p.containerRegistry,
    discoveryUrl: `https://${region}.api.azureml.ms/discovery`,
    workspaceId: wsid,
    provisioningState: displayState(rec),
    hbiWorkspace: p.hbiWorkspace ?? false,
    allowPublicAccessWhenBehindVnet: p.allowPublicAccessWhenBehindVnet ?? false,
    publicNetworkAccess: p.publicNetworkAccess ?? 'Enabled',
    imageBuildCompute: p.imageBuildCompute,
    encryption: p.encryption,
    serviceProvisionedResourceGroup: isCmk(rec) ? `azureml-rg-${rec.name}_${wsid}` : undefined,
    privateLinkCount: connections.length,
    privateEndpointConnections: connections,
    notebookInfo: { fqdn: `ml-${rec.name.toLowerCase()}-${region}-${wsid}.${region}.notebooks.azure.net`, resourceId: p.notebookResourceId },
    primaryUserAssignedIdentity: p.primaryUserAssignedIdentity,
    tenantId: tenantIdOf(state),
    storageHnsEnabled: storage?.properties.isHnsEnabled === true,
    mlFlowTrackingUri: `azureml://${region}.api.azureml.ms/mlflow/v1.0/subscriptions/${rec.subscriptionId}/resourceGroups/${rec.resourceGroup}/providers/${T}/${rec.name}`,
    v1LegacyMode: p.v1LegacyMode ?? false,
    managedNetwork: renderManagedNetwork(state, rec, version),
    enableDataIsolation: p.enableDataIsolation ?? false,
    systemDatastoresAuthMode: p.systemDatastoresAuthMode ?? 'AccessKey',
    softDeleteRetentionInDays: p.softDeleteRetentionInDays,
    allowRoleAssignmentOnRG: p.allowRoleAssignmentOnRG,
    enableSoftwareBillOfMaterials: p.enableSoftwareBillOfMaterials,
    provisionNetworkNow: p.provisionNetworkNow,
  };
  const members = ML_RENDERED_MEMBERS[version] ?? ML_RENDERED_MEMBERS[LATEST];
  const properties = Object.fromEntries(members.filter((m) => all[m] !== undefined).map((m) => [m, all[m]]));
  return {
    id: rec.id,
    name: rec.name,
    type: T,
    location: region,
    ...(rec.tags ? { tags: rec.tags } : {}),
    sku: rec.sku ?? { name: 'Basic', tier: 'Basic' },
    ...(version !== '2022-10-01' ? { kind: rec.kind ?? 'Default' } : {}),
    identity: renderIdentity(state, rec.identity ?? { type: 'None' }),
    properties,
  };
}

// ---- soft delete ----

/**
 * The soft-deleted (not yet purged) workspace of that name in the subscription, if any. Entries are made
 * by removeSubtree from the record's softDelete policy (DELETE, or the resource group's cascade).
 */
function findSoftDeleted(state: CloudState, sub: string, name: string, now: number): SoftDeletedRecord | undefined {
  return Object.values(state.softDeleted ?? {}).find(
    (sd) => same(sd.type, T) && same(sd.name, name) && same(sd.record.subscriptionId, sub) && sd.scheduledPurgeAt > now && (sd.purgeAt === undefined || sd.purgeAt > now),
  );
}

// ---- handlers ----

function handle(ctx: Ctx, route: ProviderRoute): SimResponse {
  const { types, names, collection } = route.typed;
  const path = types.map((t) => t.toLowerCase()).join('/');
  if (path === 'locations/workspaceoperationsstatus') {
    if (collection) throw notFound('InvalidResourceType', `The resource type '${types.join('/')}' cannot be listed.`);
    return handleOperationStatus(ctx, names[1]);
  }
  if (path === 'locations/computeoperationsstatus') {
    if (collection) throw notFound('InvalidResourceType', `The resource type '${types.join('/')}' cannot be listed.`);
    return handleComputeOperation(ctx, names[1]);
  }
  if (path === 'locations/vmsizes') {
    if (!collection) throw notFound('InvalidResourceType', `The resource type '${types.join('/')}' has no named members.`);
    return listVmSizes(ctx, names[0]);
  }
  if (path === 'workspaces/computes') {
    if (!route.group) throw notFound('InvalidResourceType', `The resource type '${types.join('/')}' is resource-group scoped; the request path has no resource group.`);
    const group = route.group;
    const ws = getRecord(ctx.state, trackedId(group, ML, 'workspaces', names[0]));
    const res = withComputeWorkspace(ws, () => handleComputes(ctx, group, names[0], collection ? undefined : names[1]));
    if (ws && ctx.method === 'PUT' && res.status === 201) computeInManagedNetwork(ctx, ws, names[1]);
    return res;
  }
  if (path === 'workspaces/outboundrules' || path === 'workspaces/provisionmanagednetwork') {
    if (!route.group) throw notFound('InvalidResourceType', `The resource type '${types.join('/')}' is resource-group scoped; the request path has no resource group.`);
    if (path === 'workspaces/provisionmanagednetwork') {
      if (!collection) throw notFound('InvalidResourceType', `The resource type '${types.join('/')}' has no named members.`);
      return handleProvision(ctx, route.group, names[0]);
    }
    return handleOutboundRules(ctx, route.group, names[0], collection ? undefined : names[1]);
  }
  if (path === 'workspaces/diagnose' && route.group && collection) return handleDiagnose(ctx, route.group, names[0]);
  if (path !== 'workspaces') throw notFound('InvalidResourceType', `The resource type '${types.join('/')}' could not be found in the namespace '${ML}'.`);
  const version = ctx.apiVersion as MlApiVersion;
  const render = (state: CloudState, rec: ResourceRecord) => renderWorkspace(state, rec, version);
  if (collection) return listTracked(ctx, T, route.sub, route.group, render);
  const group = route.group;
  if (!group) throw notFound('InvalidResourceType', `The resource type '${types.join('/')}' is resource-group scoped; the request path has no resource group.`);
  const name = names[0];
  const existing = getRecord(ctx.state, trackedId(group, ML, 'workspaces', name));
  return serveTracked(ctx, {
    type: T,
    label: 'workspace',
    name,
    group,
    existing,
    render,
    put: () => putWorkspace(ctx, group, name, existing),
    remove: (ws) => deleteWorkspace(ctx, ws),
    removeMissing: () => purgeSoftDeleted(ctx, group, name),
  });
}

/**
 * A new compute instance or cluster in a workspace with a managed network provisions the network if it is not
 * yet (Learn how-to-managed-network: "The managed virtual network is automatically provisioned when you create
 * a compute instance ... it can take around 30 minutes to create the first compute instance"): the compute's
 * operation ends no earlier than the network's, and fails with it.
 */
function computeInManagedNetwork(ctx: Ctx, ws: ResourceRecord, name: string): void {
  if (isolationModeOf(ws) === 'Disabled') return;
  const compute = getRecord(ctx.state, `${ws.id}/computes/${name}`);
  const type = compute?.properties.computeType;
  if (!compute || (type !== 'AmlCompute' && type !== 'ComputeInstance')) return;
  const op = compute.operationId ? ctx.state.operations[compute.operationId] : undefined;
  if (!op || op.status !== 'InProgress') return;
  const network = ensureProvisioning(ctx, ws);
  if (!network) return;
  op.endsAt = Math.max(op.endsAt, network.endsAt);
  if (network.error) {
    op.error = { code: network.error.code, message: `Compute '${name}' could not be created because its workspace's managed network could not be provisioned. ${network.error.message}` };
    compute.properties.failure = op.error;
  }
}

function busy(existing: ResourceRecord): ArmError {
  return conflict('Conflict', `Workspace ${existing.id} is ${existing.provisioningState === 'Deleting' ? 'being deleted' : 'being updated'}; retry when the current operation has finished.`);
}

const forceToPurge = (ctx: Ctx): boolean => (ctx.url.query.get('forceToPurge') ?? '').toLowerCase() === 'true';

/** A soft-deleted workspace is purged (200) by a forced delete in its resource group; otherwise 204. */
function purgeSoftDeleted(ctx: Ctx, group: ResourceRecord, name: string): SimResponse {
  const sd = findSoftDeleted(ctx.state, group.subscriptionId, name, ctx.now);
  if (sd && forceToPurge(ctx) && same(sd.record.resourceGroup, group.name)) {
    dropSoftDeleted(ctx.state, sd);
    return empty(200);
  }
  return empty(204);
}

function deleteWorkspace(ctx: Ctx, existing: ResourceRecord): SimResponse {
  const running = existing.operationId ? ctx.state.operations[existing.operationId] : undefined;
  if (existing.operationId && !(existing.provisioningState === 'Deleting' && running)) throw busy(existing);
  // Without forceToPurge the removal soft-deletes (the record's policy); a forced delete purges at once.
  if (!running && forceToPurge(ctx)) delete existing.softDelete;
  const op = startDelete(ctx, WORKSPACE_LRO, { name: 'DeleteWorkspace', target: existing, latencyKey: isCmk(existing) ? CMK_KEY : T, rejoin: running });
  return empty(202, acceptedHeaders(ctx, WORKSPACE_LRO, op, { status: true, result: true }));
}

function putWorkspace(ctx: Ctx, group: ResourceRecord, name: string, existing: ResourceRecord | undefined): SimResponse {
  checkName(name, WORKSPACE_NAME);
  const version = ctx.apiVersion as MlApiVersion;
  const body = parseBody(workspaceSchema(version), ctx.body, 'resources');
  const location = resolveLocation(body.location, T, existing, group);
  validateTags(body.tags);
  const id = existing?.id ?? trackedId(group, ML, 'workspaces', name);
  if (existing?.operationId) throw busy(existing);
  const p = (body.properties ?? {}) as WorkspacePropertiesBody;
  rejectNotSimulated(p, ML_NOT_SIMULATED, 'properties.');
  const kind = (body as { kind?: string }).kind;
  if (kind !== undefined && kind.toLowerCase() !== 'default') {
    throw notImplemented(`Workspace kind '${kind}'`, 'Default only');
  }
  if (body.sku && body.sku.name.toLowerCase() !== 'basic') {
    throw badRequest('InvalidSku', `SKU '${body.sku.name}' is not available for workspaces. Use 'Basic'.`);
  }
  let authMode: string | undefined;
  if (p.systemDatastoresAuthMode !== undefined) {
    authMode = SYSTEM_DATASTORES_AUTH_MODES.find((m) => m.toLowerCase() === (p.systemDatastoresAuthMode as string).toLowerCase());
    if (!authMode) {
      throw badRequest('InvalidSystemDatastoresAuthMode', `systemDatastoresAuthMode '${p.systemDatastoresAuthMode}' is invalid. Allowed values: ${SYSTEM_DATASTORES_AUTH_MODES.join(', ')}.`);
    }
  }
  if (p.softDeleteRetentionInDays !== undefined && (p.softDeleteRetentionInDays < 1 || p.softDeleteRetentionInDays > 14)) {
    throw badRequest('InvalidSoftDeleteRetentionInDays', `softDeleteRetentionInDays must be between 1 and 14 (got ${p.softDeleteRetentionInDays}).`);
  }

  const identity = normalizeIdentity(ctx.state, body.identity);
  checkPrimaryIdentity(id, identity, p.primaryUserAssignedIdentity);
  checkDependencies(ctx.state, id, location, p);
  checkEncryption(ctx.state, id, identity, p.encryption);
  if (existing) checkImmutable(existing, p);

  // Azure accepts the PUT and fails its operation (code BadRequest) when the name is reserved by a
  // soft-deleted workspace or the storage account has a hierarchical namespace; no workspace is created.
  if (!existing) {
    const refusal = createRefusal(ctx, group, name, p);
    if (refusal) return failedCreate(ctx, group, id, location, refusal);
  }
  const prior = existing;
  const creating = !existing;
  const op = startIn(ctx, WORKSPACE_LRO, {
    name: 'PutWorkspace',
    method: 'PUT',
    subscriptionId: group.subscriptionId,
    location,
    targetId: id,
    lockKey: id,
    touched: [id],
    latencyKey: creating && p.encryption?.status === 'Enabled' ? CMK_KEY : T,
  });
  const rec: ResourceRecord = {
    ...newRecord(ctx, { id, type: T, group, name, location, tags: body.tags, existing: prior, op }),
    sku: { name: 'Basic', tier: 'Basic' },
    ...(version !== '2022-10-01' ? { kind: 'Default' } : prior?.kind ? { kind: prior.kind } : {}),
    identity: identityRecord(ctx, id, identity, prior),
    properties: workspaceProperties(version, p, prior, authMode, creating),
    // "Soft-deletion and recovery is not supported when a workspace uses only user-assigned managed identity"
    // (learn.microsoft.com/azure/machine-learning/concept-soft-delete): such a workspace is deleted for good.
    ...(identity.type === 'UserAssigned'
      ? {}
      : { softDelete: { retentionDays: p.softDeleteRetentionInDays ?? (prior?.properties.softDeleteRetentionInDays as number | undefined) ?? DEFAULT_RETENTION_DAYS, purgeProtection: false } }),
  };
  // The managed network: the one-way isolation mode, firewall SKU and user-defined rules (omitted: kept).
  const managedNetwork = applyManagedNetworkPut(ctx, { ws: rec, creating, version }, p.managedNetwork, prior ? managedNetworkOf(prior) : undefined, op);
  if (managedNetwork) rec.properties.managedNetwork = managedNetwork;
  else delete rec.properties.managedNetwork;
  putRecord(ctx.state, rec);
  // provisionNetworkNow: "trigger the provisioning of the managed VNet ... when creating a Workspace with the managed VNet enabled, or else it does nothing" (workspaceRP.json).
  if (creating && p.provisionNetworkNow === true && managedNetwork) ensureProvisioning(ctx, rec);
  return empty(202, acceptedHeaders(ctx, WORKSPACE_LRO, op, { status: true, result: true }));
}

/** The stored identity (shared helper: system principal registered with the workspace as owner). */
function identityRecord(ctx: Ctx, workspaceId: string, identity: NormalizedIdentity, prior: ResourceRecord | undefined): Record<string, unknown> {
  const request = {
    type: identity.type,
    ...(identity.userAssigned.length > 0 ? { userAssignedIdentities: Object.fromEntries(identity.userAssigned.map((u) => [u.id, {}])) } : {}),
  };
  return applyIdentity(ctx, request, prior?.identity, workspaceId) ?? { type: 'None' };
}

/**
 * Why Azure fails the creation of this workspace during its operation, if it does:
 * - a soft-deleted workspace of that name in the subscription (any resource group): "Soft-deleted workspace
 *   exists. Please purge or recover it. https://aka.ms/wsoftdelete" (Code BadRequest, terminal state Failed:
 *   Azure/ResourceModules#3596, Azure/CanadaPubSecALZ#380). Recovery is a portal action (Learn concept-soft-delete,
 *   "Recently deleted"); the simulator offers only the purge (DELETE ...?forceToPurge=true) and expiry.
 * - a storage account with a hierarchical namespace: "Cannot use storage with HNS enabled." (Code BadRequest,
 *   while waiting for the creation: microsoft/AzureTRE#1920).
 */
function createRefusal(ctx: Ctx, group: ResourceRecord, name: string, p: WorkspacePropertiesBody): { code: string; message: string } | undefined {
  if (findSoftDeleted(ctx.state, group.subscriptionId, name, ctx.now)) {
    return { code: 'BadRequest', message: 'Soft-deleted workspace exists. Please purge or recover it. https://aka.ms/wsoftdelete' };
  }
  const storage = p.storageAccount ? getRecord(ctx.state, p.storageAccount) : undefined;
  if (storage?.properties.isHnsEnabled === true) return { code: 'BadRequest', message: 'Cannot use storage with HNS enabled.' };
  return undefined;
}

/** Seconds until such a create fails: **unconfirmed** (the service answers before provisioning anything). */
const REFUSED_CREATE_SECONDS = 5;

/** The accepted PUT whose operation ends Failed with `error`; no workspace record is written (GET stays 404). */
function failedCreate(ctx: Ctx, group: ResourceRecord, id: string, location: string, error: { code: string; message: string }): SimResponse {
  const op = startIn(ctx, WORKSPACE_LRO, {
    name: 'PutWorkspace',
    method: 'PUT',
    subscriptionId: group.subscriptionId,
    location,
    targetId: id,
    lockKey: id,
    touched: [id],
    latencyKey: T,
    seconds: REFUSED_CREATE_SECONDS,
  });
  op.error = error;
  return empty(202, acceptedHeaders(ctx, WORKSPACE_LRO, op, { status: true, result: true }));
}

/** Stored properties: the request's members; members this version's model lacks are kept from before. */
function workspaceProperties(version: MlApiVersion, p: WorkspacePropertiesBody, prior: ResourceRecord | undefined, authMode: string | undefined, creating: boolean): Record<string, unknown> {
  const known = new Set(ML_RENDERED_MEMBERS[version]);
  const carried = prior ? Object.fromEntries(Object.entries(prior.properties).filter(([k]) => !known.has(k) && k !== 'creating')) : {};
  const pick = (k: keyof WorkspacePropertiesBody) => (p[k] !== undefined ? { [k]: p[k] } : {});
  return {
    ...carried,
    workspaceId: (prior?.properties.workspaceId as string | undefined) ?? randomUUID(),
    notebookResourceId: (prior?.properties.notebookResourceId as string | undefined) ?? randomUUID().replace(/-/g, ''),
    ...pick('friendlyName'),
    ...pick('description'),
    ...pick('storageAccount'),
    ...pick('keyVault'),
    ...pick('applicationInsights'),
    ...pick('containerRegistry'),
    ...pick('encryption'),
    ...pick('hbiWorkspace'),
    ...pick('imageBuildCompute'),
    ...pick('allowPublicAccessWhenBehindVnet'),
    ...pick('publicNetworkAccess'),
    ...pick('primaryUserAssignedIdentity'),
    ...pick('v1LegacyMode'),
    ...pick('enableDataIsolation'),
    ...pick('allowRoleAssignmentOnRG'),
    ...pick('enableSoftwareBillOfMaterials'),
    ...pick('provisionNetworkNow'),
    ...pick('softDeleteRetentionInDays'),
    ...(authMode ? { systemDatastoresAuthMode: authMode } : {}),
    ...(creating ? { creating: true } : {}),
  };
}

export const machineLearningProvider: Provider = {
  namespace: ML,
  apiVersions: ML_API_VERSIONS,
  // The managed network's routes are modelled only from 2024-04-01 (machine-learning-managed-network.ts).
  apiVersionsFor: (types) => (/^workspaces\/(outboundrules|provisionmanagednetwork)$/i.test(types.join('/')) ? MANAGED_NETWORK_VERSIONS : ML_API_VERSIONS),
  resourceTypes: ['workspaces', 'locations/workspaceOperationsStatus', 'workspaces/computes', 'locations/computeOperationsStatus', 'locations/vmSizes', 'workspaces/outboundRules', 'workspaces/provisionManagedNetwork', 'workspaces/diagnose'],
  handle,
  render: (state, rec) => (rec.type === T_COMPUTE ? renderCompute(state, rec) : renderWorkspace(state, rec)),
  deleteLatencyKey: (rec) => (rec.type === T_COMPUTE ? computeLatencyKey(rec) : isCmk(rec) ? CMK_KEY : rec.type),
};
