// Microsoft.Resources: the subscription, resource groups (synchronous PUT, Location-polled DELETE that
// cascades to the contents), resource listings and provider registration info.
import { providerTypeApiVersions, servedApiVersions } from '../api-versions.js';
import { ArmError, badRequest, conflict, methodNotAllowed, notFound, resourceGroupNotFound } from '../errors.js';
import { empty, json } from '../http.js';
import { latencyEntry } from '../latency.js';
import { operationSeconds, scaledRetryAfter, startOperation } from '../lro.js';
import { resourceGroupNameError } from '../names.js';
import { matchesFilter, parseFilter } from '../odata-filter.js';
import { REGIONS, normalizeRegion } from '../regions.js';
import type { Route } from '../router.js';
import { ResourceGroup, ResourceGroupPatchable } from '../schemas/resources.js';
import { parseBody } from '../schemas/common.js';
import {
  getRecord,
  key,
  putRecord,
  recordsInGroup,
  recordsOfType,
  registrationState,
  setRegistration,
  tenantIdOf,
  type CloudState,
  type ResourceRecord,
} from '../state.js';
import { validateTags } from '../tags.js';
import type { ArmResource, SimResponse } from '../types.js';
import type { Ctx, Provider } from './types.js';

const RESOURCES_NAMESPACE = 'Microsoft.Resources';
const RESOURCE_GROUP_TYPE = 'Microsoft.Resources/resourceGroups';
const RESOURCES_API_VERSIONS = ['2024-03-01', '2024-11-01', '2025-04-01'] as const;
// Each route answers every version published for it (api-versions.ts) plus the ones it answered before the
// table: no shape here differs by version.
/** Resource groups, resource listings and group-deletion results (resources.json). */
const RESOURCE_GROUP_API_VERSIONS = servedApiVersions(RESOURCES_NAMESPACE, ['resourceGroups'], RESOURCES_API_VERSIONS);
/** Subscription, tenant and location reads (subscriptions.json) from @azure/arm-resources-subscriptions, az and older clients. */
export const SUBSCRIPTION_API_VERSIONS = servedApiVersions(RESOURCES_NAMESPACE, ['subscriptions'], ['2016-06-01', '2020-01-01', '2021-01-01', '2022-12-01', ...RESOURCES_API_VERSIONS]);
/** Provider registration reads/actions: also the versions older tooling (az, Terraform) sends. */
export const PROVIDER_API_VERSIONS = servedApiVersions(RESOURCES_NAMESPACE, ['providers'], ['2019-10-01', '2021-04-01', '2022-09-01', ...RESOURCES_API_VERSIONS]);
/** Real ARM asks resource-group deletion pollers to come back after 15 s. */
const RG_DELETE_RETRY_AFTER = 15;

export const groupId = (sub: string, name: string): string => `/subscriptions/${sub}/resourceGroups/${name}`;

export function findGroup(state: CloudState, sub: string, name: string): ResourceRecord | undefined {
  return getRecord(state, groupId(sub, name));
}

function renderGroup(rec: ResourceRecord): ArmResource {
  return {
    id: rec.id,
    name: rec.name,
    type: RESOURCE_GROUP_TYPE,
    location: rec.location,
    ...(rec.managedBy ? { managedBy: rec.managedBy } : {}),
    ...(rec.tags ? { tags: rec.tags } : {}),
    properties: { provisioningState: rec.provisioningState },
  };
}

export const resourcesProvider: Provider = {
  namespace: RESOURCES_NAMESPACE,
  apiVersions: RESOURCES_API_VERSIONS,
  resourceTypes: ['resourceGroups'],
  handle: () => {
    throw notFound('InvalidResourceType', `The simulator implements no nested resource types in '${RESOURCES_NAMESPACE}'.`);
  },
  render: (_state, rec) => renderGroup(rec),
  deleteLatencyKey: () => RESOURCE_GROUP_TYPE,
};

export function checkApiVersion(ctx: Ctx, supported: readonly string[]): void {
  if (!supported.includes(ctx.apiVersion)) {
    throw badRequest(
      'InvalidApiVersionParameter',
      `The api-version '${ctx.apiVersion}' is invalid. The supported versions are '${[...supported].reverse().join(',')}'. ` +
        `The supported locations are '${REGIONS.join(',')}'.`,
    );
  }
}

/** Routes outside any provider namespace: /subscriptions/{sub}[/resourcegroups/{rg}[/resources]], etc. */
export function handleResourceManager(ctx: Ctx, route: Exclude<Route, { kind: 'provider' } | { kind: 'unknown' } | { kind: 'extension' }>, providers: readonly Provider[]): SimResponse {
  const sub = route.sub.toLowerCase();
  switch (route.kind) {
    case 'subscription':
      checkApiVersion(ctx, SUBSCRIPTION_API_VERSIONS);
      if (ctx.method !== 'GET') throw methodNotAllowed(ctx.method, 'subscription');
      return json(200, subscriptionBody(ctx.state, sub));
    case 'resourceGroups':
      checkApiVersion(ctx, RESOURCE_GROUP_API_VERSIONS);
      if (ctx.method !== 'GET') throw methodNotAllowed(ctx.method, 'resource group collection');
      return listGroups(ctx, sub);
    case 'resourceGroup':
      checkApiVersion(ctx, RESOURCE_GROUP_API_VERSIONS);
      return handleGroup(ctx, sub, route.rg, providers);
    case 'resources':
      checkApiVersion(ctx, RESOURCE_GROUP_API_VERSIONS);
      if (ctx.method !== 'GET') throw methodNotAllowed(ctx.method, 'resource collection');
      return listResources(ctx, sub, route.rg, providers);
    case 'subscriptionOperationResult':
      checkApiVersion(ctx, RESOURCE_GROUP_API_VERSIONS);
      if (ctx.method !== 'GET') throw methodNotAllowed(ctx.method, 'operation result');
      return groupDeletionResult(ctx, sub, route.opaque);
    case 'providers':
      checkApiVersion(ctx, PROVIDER_API_VERSIONS);
      if (ctx.method !== 'GET') throw methodNotAllowed(ctx.method, 'provider collection');
      return json(200, { value: providers.map((p) => providerInfo(ctx.state, sub, p)) });
    case 'providerInfo':
    case 'providerAction': {
      checkApiVersion(ctx, PROVIDER_API_VERSIONS);
      const expected = route.kind === 'providerInfo' ? 'GET' : 'POST';
      if (ctx.method !== expected) throw methodNotAllowed(ctx.method, 'resource provider');
      const p = providers.find((x) => x.namespace.toLowerCase() === route.namespace.toLowerCase());
      if (!p) throw notFound('InvalidResourceNamespace', `The resource namespace '${route.namespace}' is invalid (not simulated).`);
      // register / unregister take effect at once (Azure passes through Registering / Unregistering).
      if (route.kind === 'providerAction') setRegistration(ctx.state, sub, p.namespace, route.action === 'register' ? 'Registered' : 'NotRegistered');
      return json(200, providerInfo(ctx.state, sub, p));
    }
  }
}

/** A subscription's GET body (also each entry of the tenant-level subscription list). */
export function subscriptionBody(state: CloudState, sub: string): Record<string, unknown> {
  return {
    id: `/subscriptions/${sub}`,
    authorizationSource: 'RoleBased',
    managedByTenants: [],
    subscriptionId: sub,
    tenantId: tenantIdOf(state),
    displayName: 'Simulated subscription',
    state: 'Enabled',
    subscriptionPolicies: { locationPlacementId: 'Public_2014-09-01', quotaId: 'PayAsYouGo_2014-09-01', spendingLimit: 'Off' },
  };
}

export function providerInfo(state: CloudState, sub: string, p: Provider): Record<string, unknown> {
  return {
    id: `/subscriptions/${sub}/providers/${p.namespace}`,
    namespace: p.namespace,
    registrationState: registrationState(state, sub, p.namespace),
    registrationPolicy: 'RegistrationRequired',
    // Newest first, as ARM lists them: each type's published versions plus the ones the provider models.
    resourceTypes: p.resourceTypes.map((t) => ({ resourceType: t, locations: REGIONS, apiVersions: [...providerTypeApiVersions(p, t.split('/'))].reverse() })),
  };
}

function listGroups(ctx: Ctx, sub: string): SimResponse {
  const filter = parseFilter(ctx.url.query.get('$filter'));
  const value = recordsOfType(ctx.state, RESOURCE_GROUP_TYPE)
    .filter((g) => g.subscriptionId === sub && matchesFilter(filter, RESOURCE_GROUP_TYPE, g.tags))
    .sort((a, b) => a.createdAt - b.createdAt)
    .map(renderGroup);
  return json(200, { value });
}

function listResources(ctx: Ctx, sub: string, rg: string | undefined, providers: readonly Provider[]): SimResponse {
  const filter = parseFilter(ctx.url.query.get('$filter'));
  let scope: ResourceRecord[];
  if (rg !== undefined) {
    const group = findGroup(ctx.state, sub, rg);
    if (!group) throw resourceGroupNotFound(rg);
    scope = recordsInGroup(ctx.state, group.id);
  } else {
    scope = Object.values(ctx.state.resources).filter((r) => r.subscriptionId === sub && r.type !== RESOURCE_GROUP_TYPE);
  }
  const value = scope
    .filter((r) => r.parentId === undefined && matchesFilter(filter, r.type, r.tags))
    .filter((r) => providers.some((p) => r.type.toLowerCase().startsWith(`${p.namespace.toLowerCase()}/`)))
    .sort((a, b) => a.createdAt - b.createdAt)
    .map((r) => ({ id: r.id, name: r.name, type: r.type, location: r.location, ...(r.tags ? { tags: r.tags } : {}) }));
  return json(200, { value });
}

function handleGroup(ctx: Ctx, sub: string, rg: string, providers: readonly Provider[]): SimResponse {
  const invalidName = resourceGroupNameError(rg);
  if (invalidName) throw invalidName;
  const existing = findGroup(ctx.state, sub, rg);
  switch (ctx.method) {
    case 'GET':
      if (!existing) throw resourceGroupNotFound(rg);
      return json(200, renderGroup(existing));
    case 'HEAD':
      return empty(existing ? 204 : 404);
    case 'PUT':
      return putGroup(ctx, sub, rg, existing);
    case 'PATCH': {
      if (!existing) throw resourceGroupNotFound(rg);
      const body = parseBody(ResourceGroupPatchable, ctx.body, 'resources');
      if (existing.provisioningState === 'Deleting') throw beingDeleted(existing.name);
      validateTags(body.tags);
      if (body.name !== undefined && body.name.toLowerCase() !== existing.name.toLowerCase()) throw nameMismatch(body.name, rg);
      if (body.tags !== undefined) existing.tags = body.tags;
      if (body.managedBy !== undefined) existing.managedBy = body.managedBy;
      existing.changedAt = ctx.now;
      return json(200, renderGroup(existing));
    }
    case 'DELETE':
      if (!existing) throw resourceGroupNotFound(rg);
      return deleteGroup(ctx, existing, providers);
    default:
      throw methodNotAllowed(ctx.method, 'resource group');
  }
}

const beingDeleted = (name: string): ArmError =>
  conflict('ResourceGroupBeingDeleted', `The resource group '${name}' is in deprovisioning state and cannot perform this operation.`);

const nameMismatch = (bodyName: string, urlName: string): ArmError =>
  badRequest('ResourceNameMismatch', `The resource name '${bodyName}' in the request body does not match the name '${urlName}' in the request URL.`);

export function assertGroupWritable(group: ResourceRecord): void {
  if (group.provisioningState === 'Deleting') throw beingDeleted(group.name);
}

function putGroup(ctx: Ctx, sub: string, rg: string, existing: ResourceRecord | undefined): SimResponse {
  const body = parseBody(ResourceGroup, ctx.body, 'resources');
  if (body.name !== undefined && body.name.toLowerCase() !== rg.toLowerCase()) throw nameMismatch(body.name, rg);
  if (body.location === undefined || body.location === '') {
    throw badRequest('LocationRequired', 'The location property is required for this definition.');
  }
  const location = normalizeRegion(body.location);
  if (!location) {
    throw badRequest(
      'LocationNotAvailableForResourceGroup',
      `The provided location '${body.location}' is not available for resource group. List of available regions is '${REGIONS.join(',')}'.`,
    );
  }
  validateTags(body.tags);
  if (existing) {
    assertGroupWritable(existing);
    if (existing.location !== location) {
      throw conflict('InvalidResourceGroupLocation', `Invalid resource group location '${body.location}'. The Resource group already exists in location '${existing.location}'.`);
    }
    existing.tags = body.tags;
    if (body.tags === undefined) delete existing.tags;
    existing.managedBy = body.managedBy;
    if (body.managedBy === undefined) delete existing.managedBy;
    existing.changedAt = ctx.now;
    return json(200, renderGroup(existing));
  }
  const rec: ResourceRecord = {
    id: groupId(sub, rg),
    type: RESOURCE_GROUP_TYPE,
    name: rg,
    subscriptionId: sub,
    resourceGroup: rg,
    location,
    ...(body.tags ? { tags: body.tags } : {}),
    ...(body.managedBy ? { managedBy: body.managedBy } : {}),
    provisioningState: 'Succeeded',
    properties: {},
    createdAt: ctx.now,
    changedAt: ctx.now,
  };
  putRecord(ctx.state, rec);
  return json(201, renderGroup(rec));
}

function encodeJob(opId: string, group: ResourceRecord): string {
  const job = { jobId: `RESOURCEGROUPDELETIONJOB-${group.name.toUpperCase()}-${(group.location ?? '').toUpperCase()}`, jobLocation: group.location, opId };
  return Buffer.from(JSON.stringify(job)).toString('base64url');
}

function decodeJob(opaque: string): string | undefined {
  try {
    const job = JSON.parse(Buffer.from(opaque, 'base64url').toString('utf8')) as { opId?: unknown };
    return typeof job.opId === 'string' ? job.opId : undefined;
  } catch {
    return undefined;
  }
}

function deletionHeaders(ctx: Ctx, sub: string, opId: string, group: ResourceRecord): Record<string, string> {
  return {
    Location: `${ctx.url.origin}/subscriptions/${sub}/operationresults/${encodeJob(opId, group)}?api-version=${ctx.apiVersion}`,
    'Retry-After': scaledRetryAfter(ctx.latency, RG_DELETE_RETRY_AFTER),
  };
}

function deleteGroup(ctx: Ctx, group: ResourceRecord, providers: readonly Provider[]): SimResponse {
  if (group.provisioningState === 'Deleting' && group.operationId) {
    return empty(202, deletionHeaders(ctx, group.subscriptionId, group.operationId, group));
  }
  const contents = recordsInGroup(ctx.state, group.id);
  // A populated group takes as long as its slowest member's delete (AKS, gateways dominate).
  let seconds = operationSeconds(ctx.state, ctx.latency, RESOURCE_GROUP_TYPE, 'delete');
  for (const rec of contents) {
    const p = providers.find((x) => rec.type.toLowerCase().startsWith(`${x.namespace.toLowerCase()}/`));
    const latencyKey = p ? p.deleteLatencyKey(rec) : rec.type;
    if (latencyEntry(latencyKey).deleteSeconds <= seconds && ctx.latency.mode === 'median') continue;
    seconds = Math.max(seconds, operationSeconds(ctx.state, ctx.latency, latencyKey, 'delete'));
  }
  const op = startOperation(ctx.state, ctx.now, ctx.latency, {
    namespace: RESOURCES_NAMESPACE,
    name: 'DeleteResourceGroupOperation',
    method: 'DELETE',
    subscriptionId: group.subscriptionId,
    location: group.location ?? 'global',
    targetId: group.id,
    removes: [group.id],
    seconds,
  });
  for (const rec of [group, ...contents]) {
    rec.provisioningState = 'Deleting';
    rec.operationId = op.id;
    rec.changedAt = ctx.now;
  }
  return empty(202, deletionHeaders(ctx, group.subscriptionId, op.id, group));
}

function groupDeletionResult(ctx: Ctx, sub: string, opaque: string): SimResponse {
  const opId = decodeJob(opaque);
  const op = opId ? ctx.state.operations[opId] : undefined;
  if (!op || key(op.subscriptionId) !== key(sub)) {
    throw notFound('OperationNotFound', `The operation result '${opaque}' could not be found.`);
  }
  if (op.status === 'InProgress') {
    const group = getRecord(ctx.state, op.targetId);
    if (group) return empty(202, deletionHeaders(ctx, sub, op.id, group));
  }
  if (op.status === 'Failed' && op.error) return json(409, { error: op.error });
  return empty(200);
}
