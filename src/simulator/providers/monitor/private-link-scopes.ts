// Azure Monitor private link scopes (AMPLS, Microsoft.Insights/privateLinkScopes) and their children:
// scopedResources (the Log Analytics workspaces and Application Insights components the scope's private
// endpoints reach), privateEndpointConnections (read from the endpoints, network/private-link.ts),
// privateLinkResources (the `azuremonitor` group) and privateLinkScopeOperationStatuses (the scoped
// resources' Azure-AsyncOperation). Spec: monitor/…/2021-07-01-preview and 2023-06-01-preview
// privateLinkScopes_API.json; rules and sources in SPEC.md ("Microsoft.Insights — private link scopes").
import { randomUUID } from 'node:crypto';
import { ArmError, badRequest, methodNotAllowed, notFound } from '../../errors.js';
import { empty, json } from '../../http.js';
import { inFlight } from '../../lro.js';
import { checkName, type NameRule } from '../../names.js';
import { parseBody } from '../../schemas/common.js';
import { AzureMonitorPrivateLinkScope, ScopedResource, TagsResource } from '../../schemas/monitor.js';
import { getRecord, key, putRecord, removeSubtree, type CloudState, type OperationRecord, type ResourceRecord } from '../../state.js';
import { validateTags } from '../../tags.js';
import type { ArmResource, SimResponse } from '../../types.js';
import type { Ctx, ProviderRoute } from '../types.js';
import { startDelete } from '../kit/delete.js';
import { parseArmId } from '../kit/ids.js';
import { acceptedHeaders, startIn, type LroStyle } from '../kit/lro-style.js';
import { notImplemented, rejectNotSimulated } from '../kit/not-simulated.js';
import { polledOperation, statusResponse, timedStatusOf } from '../kit/polling.js';
import { childId, serveChild, serveTracked } from '../kit/serve.js';
import { assertNameMatches, envelope, listTracked, newRecord, trackedId } from '../kit/tracked.js';
import { privateEndpointConnectionsFor } from '../network/private-link.js';
import { AZURE_MONITOR_GLOBAL_MEMBERS, AZURE_MONITOR_ZONES } from './ampls-endpoints.js';
import { AI_COMPONENT, LA_WORKSPACE, PRIVATE_LINK_SCOPE_TYPE, SCOPED_RESOURCE_TYPE, scopedLinksTo } from './scoped-links.js';

const INSIGHTS = 'Microsoft.Insights';
export const PRIVATE_LINK_SCOPE_API_VERSIONS = ['2021-07-01-preview', '2023-06-01-preview'] as const;
/** Path (lower case, types joined by '/') → served here. */
export const PRIVATE_LINK_SCOPE_PATHS = ['privatelinkscopes', 'privatelinkscopes/scopedresources', 'privatelinkscopes/privateendpointconnections', 'privatelinkscopes/privatelinkresources', 'privatelinkscopeoperationstatuses'];
export const PRIVATE_LINK_SCOPE_RESOURCE_TYPES = [
  'privateLinkScopes',
  'privateLinkScopes/scopedResources',
  'privateLinkScopes/privateEndpointConnections',
  'privateLinkScopes/privateLinkResources',
  'privateLinkScopeOperationStatuses',
];
const DCE_TYPE = 'Microsoft.Insights/dataCollectionEndpoints';

/** Learn "Design Azure Monitor private link configuration", AMPLS limits. */
const MAX_WORKSPACES_PER_SCOPE = 300;
const MAX_COMPONENTS_PER_SCOPE = 1000;
const MAX_SCOPES_PER_RESOURCE = 5;

/** **unconfirmed**: no published rule; the generic ARM one (1–255, no `%&\?/`, no trailing period/space). */
const NAME_RULE: NameRule = {
  min: 1,
  max: 255,
  pattern: /^[^%&\\?/]*[^%&\\?/. ]$/,
  describe: "The name can be up to 255 characters, cannot contain '%&\\?/' and cannot end with a space or period.",
};

const rgOfId = (id: string): string => parseArmId(id)?.rg ?? '';

/**
 * Scoped-resource writes: 201/202 + Azure-AsyncOperation at the spec's resource-group scoped
 * `privateLinkScopeOperationStatuses/{id}` (PrivateLinkScopeOperationStatus_Get). Retry-After **unconfirmed**: none.
 */
const SCOPE_LRO: LroStyle = {
  namespace: INSIGHTS,
  statusUrl: (origin, op, apiVersion) =>
    `${origin}/subscriptions/${op.subscriptionId}/resourceGroups/${rgOfId(op.targetId)}/providers/${INSIGHTS}/privateLinkScopeOperationStatuses/${op.id}?api-version=${encodeURIComponent(apiVersion)}`,
};

const scopeId = (group: ResourceRecord, name: string): string => trackedId(group, INSIGHTS, 'privateLinkScopes', name);

type AccessModes = { queryAccessMode: string; ingestionAccessMode: string; exclusions: Record<string, string>[] };

export function renderScope(state: CloudState, rec: ResourceRecord): ArmResource {
  const modes = rec.properties.accessModeSettings as AccessModes;
  return {
    ...envelope(rec),
    properties: {
      provisioningState: rec.provisioningState === 'Deleting' ? 'Deleting' : 'Succeeded',
      privateEndpointConnections: privateEndpointConnectionsFor(state, rec.id),
      accessModeSettings: { queryAccessMode: modes.queryAccessMode, ingestionAccessMode: modes.ingestionAccessMode, exclusions: modes.exclusions ?? [] },
    },
  };
}

/** provisioningState of a scoped resource: Provisioning while its PUT runs (hashicorp/terraform-provider-azurerm#22236). */
const scopedState = (rec: ResourceRecord): string => (rec.provisioningState === 'Updating' ? 'Provisioning' : rec.provisioningState);

export function renderScopedResource(_state: CloudState, rec: ResourceRecord): ArmResource {
  return {
    id: rec.id,
    name: rec.name,
    type: SCOPED_RESOURCE_TYPE,
    properties: { linkedResourceId: rec.properties.linkedResourceId, provisioningState: scopedState(rec) },
  };
}

/** terraform-provider-azurerm#22236: a second write while one is provisioning in the scope is refused. */
function assertScopeIdle(ctx: Ctx, scope: ResourceRecord): void {
  const running = inFlight(ctx.state, scope.id);
  if (running) throw new ArmError(409, 'Conflict', "Cannot modify resource while in provisioning state: 'Provisioning'");
}

function putScope(ctx: Ctx, group: ResourceRecord, name: string, existing: ResourceRecord | undefined): SimResponse {
  checkName(name, NAME_RULE);
  const body = parseBody(AzureMonitorPrivateLinkScope, ctx.body, 'resources');
  assertNameMatches(body.name, name);
  if (body.location === undefined || body.location === '') throw badRequest('LocationRequired', 'The location property is required for this definition.');
  // MicrosoftDocs/azure-docs#122031: the only region of the type is 'global'.
  if (body.location.toLowerCase() !== 'global') {
    throw badRequest(
      'LocationNotAvailableForResourceType',
      `The provided location '${body.location}' is not available for resource type 'microsoft.insights/privateLinkScopes'. List of available regions for the resource type is 'global'.`,
    );
  }
  validateTags(body.tags);
  if (existing) assertScopeIdle(ctx, existing);
  const id = existing?.id ?? scopeId(group, name);
  const modes = body.properties.accessModeSettings;
  const connections = privateEndpointConnectionsFor(ctx.state, id).map((c) => String(c.name).toLowerCase());
  for (const [i, ex] of (modes.exclusions ?? []).entries()) {
    // **unconfirmed**: an exclusion names an existing connection of the scope (AVM: "can only be applied post initial provisioning").
    if (!ex.privateEndpointConnectionName || !connections.includes(ex.privateEndpointConnectionName.toLowerCase())) {
      throw badRequest(
        'BadRequest',
        `accessModeSettings.exclusions[${i}].privateEndpointConnectionName '${ex.privateEndpointConnectionName ?? ''}' is not a private endpoint connection of private link scope '${name}'.`,
      );
    }
  }
  const rec = newRecord(ctx, { id, type: PRIVATE_LINK_SCOPE_TYPE, name, group, location: 'global', tags: body.tags ?? {}, existing });
  rec.resourceGuid = existing?.resourceGuid ?? randomUUID();
  rec.properties = {
    accessModeSettings: {
      queryAccessMode: modes.queryAccessMode,
      ingestionAccessMode: modes.ingestionAccessMode,
      exclusions: (modes.exclusions ?? []).map((e) => ({ ...e })),
    },
  };
  putRecord(ctx.state, rec);
  // Synchronous: the spec's PUT has no x-ms-long-running-operation (PrivateLinkScopesCreate example: 201/200 Succeeded).
  return json(existing ? 200 : 201, renderScope(ctx.state, rec));
}

function patchScope(ctx: Ctx, existing: ResourceRecord): SimResponse {
  const body = parseBody(TagsResource, ctx.body, 'resources');
  validateTags(body.tags);
  assertScopeIdle(ctx, existing);
  if (body.tags !== undefined) existing.tags = body.tags;
  existing.changedAt = ctx.now;
  return json(200, renderScope(ctx.state, existing));
}

function removeScope(ctx: Ctx, existing: ResourceRecord): SimResponse {
  assertScopeIdle(ctx, existing);
  // Synchronous 200 (the spec allows 200/202/204); scoped resources go with the scope, endpoints show Disconnected.
  removeSubtree(ctx.state, existing.id, ctx.now);
  return empty(200);
}

function linkedTarget(ctx: Ctx, linkedResourceId: string | undefined, id: string): ResourceRecord {
  if (!linkedResourceId) throw badRequest('BadRequest', `Scoped resource '${id}' needs properties.linkedResourceId.`);
  const parsed = parseArmId(linkedResourceId);
  if (!parsed) throw badRequest('LinkedInvalidPropertyId', `Property id '${linkedResourceId}' at path 'properties.linkedResourceId' is invalid. Expect fully qualified resource Id that start with '/subscriptions/{subscriptionId}' or '/providers/{resourceProviderNamespace}/'.`);
  const typeName = `${parsed.namespace}/${parsed.types.join('/')}`;
  if (key(typeName) === key(DCE_TYPE)) throw notImplemented(`Scoping a data collection endpoint ('${linkedResourceId}')`, 'Log Analytics workspaces and Application Insights components only');
  if (key(typeName) !== key(LA_WORKSPACE) && key(typeName) !== key(AI_COMPONENT)) {
    throw badRequest(
      'BadRequest',
      `'${linkedResourceId}' cannot be added to an Azure Monitor private link scope: only Log Analytics workspaces, Application Insights components and data collection endpoints can.`,
    );
  }
  const target = getRecord(ctx.state, linkedResourceId);
  if (!target || target.provisioningState === 'Deleting') throw badRequest('BadRequest', `The linked resource '${linkedResourceId}' of scoped resource '${id}' was not found.`);
  return target;
}

function putScopedResource(ctx: Ctx, scope: ResourceRecord, name: string, existing: ResourceRecord | undefined): SimResponse {
  checkName(name, NAME_RULE);
  const body = parseBody(ScopedResource, ctx.body, 'resources');
  assertNameMatches(body.name, name);
  const p = body.properties ?? {};
  const id = existing?.id ?? childId(scope.id, SCOPED_RESOURCE_TYPE, name);
  assertScopeIdle(ctx, scope);
  if (p.kind !== undefined && p.kind.toLowerCase() !== 'resource') throw notImplemented(`Property 'properties.kind' = '${p.kind}'`, "only 'resource'");
  rejectNotSimulated(p as Record<string, unknown>, ['location', 'subscriptionLocation'], 'properties.');
  const target = linkedTarget(ctx, p.linkedResourceId, id);
  const sameLink = scopedLinksTo(ctx.state, target.id).find((l) => key(l.parentId ?? '') === key(scope.id));
  if (sameLink) {
    // Azure/azure-rest-api-specs#28176: also a repeated PUT of the same scoped resource is refused.
    throw new ArmError(409, 'Conflict', 'Scoped resource with same linked resource id already exists in this private link scope');
  }
  if (existing) {
    throw badRequest('BadRequest', `Scoped resource '${id}' links '${String(existing.properties.linkedResourceId)}'; its linkedResourceId cannot be changed. Delete it and add a new one.`);
  }
  const inScope = scopedChildren(ctx.state, scope.id).map((r) => String(r.properties.linkedResourceId ?? '').toLowerCase());
  const isWorkspace = key(target.type) === key(LA_WORKSPACE);
  const sameKind = inScope.filter((l) => l.includes(isWorkspace ? '/microsoft.operationalinsights/workspaces/' : '/microsoft.insights/components/')).length;
  const max = isWorkspace ? MAX_WORKSPACES_PER_SCOPE : MAX_COMPONENTS_PER_SCOPE;
  if (sameKind >= max) {
    throw badRequest('BadRequest', `Private link scope '${scope.name}' already connects ${sameKind} ${isWorkspace ? 'Log Analytics workspaces' : 'Application Insights components'}; an AMPLS can connect up to ${max}.`);
  }
  const scopes = scopedLinksTo(ctx.state, target.id).length;
  if (scopes >= MAX_SCOPES_PER_RESOURCE) {
    throw badRequest('BadRequest', `Resource '${target.id}' is already connected to ${scopes} Azure Monitor private link scopes; a resource can connect to up to ${MAX_SCOPES_PER_RESOURCE}.`);
  }
  const op = startIn(ctx, SCOPE_LRO, {
    name: 'PutScopedResource',
    method: 'PUT',
    subscriptionId: scope.subscriptionId,
    location: 'global',
    targetId: id,
    lockKey: scope.id,
    touched: [id],
    latencyKey: SCOPED_RESOURCE_TYPE,
  });
  const rec = newRecord(ctx, { id, type: SCOPED_RESOURCE_TYPE, name, parent: scope, op });
  rec.properties = { linkedResourceId: target.id };
  putRecord(ctx.state, rec);
  return json(201, renderScopedResource(ctx.state, rec), acceptedHeaders(ctx, SCOPE_LRO, op, { status: true }));
}

function removeScopedResource(ctx: Ctx, scope: ResourceRecord, existing: ResourceRecord): SimResponse {
  const running = inFlight(ctx.state, scope.id);
  const rejoin = running && running.method === 'DELETE' && key(running.targetId) === key(existing.id) ? running : undefined;
  if (!rejoin) assertScopeIdle(ctx, scope);
  const op = startDelete(ctx, SCOPE_LRO, { name: 'DeleteScopedResource', target: existing, parent: scope, location: 'global', rejoin });
  return empty(202, acceptedHeaders(ctx, SCOPE_LRO, op, { status: true }));
}

const scopedChildren = (state: CloudState, id: string): ResourceRecord[] =>
  Object.values(state.resources).filter((r) => key(r.type) === key(SCOPED_RESOURCE_TYPE) && key(r.parentId ?? '') === key(id));

/** The `azuremonitor` private link resource (PrivateLinkScopePrivateLinkResourceGet example). */
function privateLinkResource(scope: ResourceRecord): Record<string, unknown> {
  return {
    id: `${scope.id}/privateLinkResources/azuremonitor`,
    name: 'azuremonitor',
    type: `${PRIVATE_LINK_SCOPE_TYPE}/privateLinkResources`,
    properties: { groupId: 'azuremonitor', requiredMembers: AZURE_MONITOR_GLOBAL_MEMBERS.map((m) => m.memberName), requiredZoneNames: [...AZURE_MONITOR_ZONES] },
  };
}

function operationStatus(ctx: Ctx, opId: string): SimResponse {
  const op: OperationRecord = polledOperation(ctx, INSIGHTS, opId, 'private link scope operation status');
  return statusResponse(ctx, SCOPE_LRO, op, { id: `${ctx.url.path}`, ...timedStatusOf(op) });
}

/** Every private link scope route under a resource group or subscription. */
export function handlePrivateLinkScopes(ctx: Ctx, route: ProviderRoute): SimResponse {
  const { types, names, collection } = route.typed;
  const path = types.map((t) => t.toLowerCase()).join('/');
  const { group, sub } = route;
  if (path === 'privatelinkscopes' && collection) return listTracked(ctx, PRIVATE_LINK_SCOPE_TYPE, sub, group, renderScope);
  if (!group) throw new ArmError(404, 'InvalidResourceType', `${types.join('/')} are resource-group scoped; the request path has no resource group.`);
  if (path === 'privatelinkscopeoperationstatuses') {
    if (collection) throw methodNotAllowed(ctx.method, 'private link scope operation status collection');
    return operationStatus(ctx, names[0]);
  }
  const scope = getRecord(ctx.state, scopeId(group, names[0]));
  if (path === 'privatelinkscopes') {
    return serveTracked(ctx, {
      type: PRIVATE_LINK_SCOPE_TYPE,
      label: 'private link scope',
      name: names[0],
      group,
      existing: scope,
      render: renderScope,
      put: () => putScope(ctx, group, names[0], scope),
      patch: (rec) => patchScope(ctx, rec),
      remove: (rec) => removeScope(ctx, rec),
    });
  }
  if (path === 'privatelinkscopes/scopedresources') {
    return serveChild(ctx, {
      type: SCOPED_RESOURCE_TYPE,
      label: 'scoped resource',
      parent: scope,
      parentName: names[0],
      name: collection ? undefined : names[1],
      render: renderScopedResource,
      put: (parent, n, existing) => putScopedResource(ctx, parent, n, existing),
      remove: (parent, existing) => removeScopedResource(ctx, parent, existing),
      missing: (id) => notFound('ResourceNotFound', `The scoped resource '${id}' was not found.`),
    });
  }
  if (!scope) throw notFound('ResourceNotFound', `The private link scope '${names[0]}' under resource group '${group.name}' was not found.`);
  if (path === 'privatelinkscopes/privatelinkresources') {
    if (ctx.method !== 'GET') throw methodNotAllowed(ctx.method, 'private link resource');
    if (collection) return json(200, { value: [privateLinkResource(scope)] });
    if (names[1].toLowerCase() !== 'azuremonitor') throw notFound('ResourceNotFound', `The private link resource '${names[1]}' of private link scope '${scope.name}' was not found.`);
    return json(200, privateLinkResource(scope));
  }
  // privateLinkScopes/privateEndpointConnections: read from the endpoints; approval is automatic.
  const connections = privateEndpointConnectionsFor(ctx.state, scope.id);
  if (ctx.method === 'PUT' || ctx.method === 'DELETE') {
    throw notImplemented(`${ctx.method} of a private endpoint connection on a private link scope`, 'connections are approved automatically and removed with their private endpoint');
  }
  if (ctx.method !== 'GET') throw methodNotAllowed(ctx.method, 'private endpoint connection');
  if (collection) return json(200, { value: connections });
  const one = connections.find((c) => String(c.name).toLowerCase() === names[1].toLowerCase());
  if (!one) throw notFound('ResourceNotFound', `The private endpoint connection '${names[1]}' of private link scope '${scope.name}' was not found.`);
  return json(200, one);
}

/** Render by record type (the insights provider's `render` dispatches here). */
export function renderPrivateLinkScopeRecord(state: CloudState, rec: ResourceRecord): ArmResource {
  return key(rec.type) === key(SCOPED_RESOURCE_TYPE) ? renderScopedResource(state, rec) : renderScope(state, rec);
}
