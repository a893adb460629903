// Microsoft.OperationalInsights workspaces (Log Analytics). PUT answers 201 (new) / 200 with
// provisioningState Creating and no async headers: clients body-poll the workspace until Succeeded
// (both @azure/arm-resources' generic poller and the workspace SDKs do). DELETE answers 202 + Location
// (…/locations/{l}/operationResults/{id}); `?force=true` is accepted (soft delete of workspaces is not modelled).
import { randomUUID } from 'node:crypto';
import { ArmError, badRequest, methodNotAllowed } from '../../errors.js';
import { empty, json } from '../../http.js';
import { inFlight } from '../../lro.js';
import { checkName, type NameRule } from '../../names.js';
import { parseBody } from '../../schemas/common.js';
import { Workspace } from '../../schemas/monitor.js';
import { getRecord, newEtag, putRecord, type CloudState, type ResourceRecord } from '../../state.js';
import { validateTags } from '../../tags.js';
import type { ArmResource, SimResponse } from '../../types.js';
import { applyIdentity } from '../kit/identity.js';
import { assertNameMatches, envelope, isoTime, listTracked, newRecord, resolveLocation, trackedId } from '../kit/tracked.js';
import type { Ctx, Provider, ProviderRoute } from '../types.js';
import { acceptedHeaders, locationOperationUrl, startIn, type LroStyle } from '../kit/lro-style.js';
import { startDelete } from '../kit/delete.js';
import { polledOperation, resultResponse } from '../kit/polling.js';
import { serveTracked } from '../kit/serve.js';
import { assertNotLinkedToScope, privateLinkScopedResourcesOf } from './scoped-links.js';

const OPERATIONAL_INSIGHTS = 'Microsoft.OperationalInsights';
export const LA_WORKSPACE_TYPE = 'Microsoft.OperationalInsights/workspaces';
/** DELETE: 202 + Location (…/locations/{l}/operationResults/{id}) + Retry-After 10 s. */
const WORKSPACE_LRO: LroStyle = { namespace: OPERATIONAL_INSIGHTS, retryAfter: 10, resultUrl: locationOperationUrl('operationResults') };

const NAME_RULE: NameRule = {
  min: 4,
  max: 63,
  pattern: /^[A-Za-z0-9][A-Za-z0-9-]*[A-Za-z0-9]$/,
  describe: "The workspace name must be 4-63 characters long, contain only alphanumerics and '-', and start and end with an alphanumeric.",
};

const workspaceId = (group: ResourceRecord, name: string): string => trackedId(group, OPERATIONAL_INSIGHTS, 'workspaces', name);

function render(state: CloudState, rec: ResourceRecord): ArmResource {
  const p = rec.properties;
  const scoped = privateLinkScopedResourcesOf(state, rec.id);
  const stateName = rec.provisioningState === 'Succeeded' || rec.provisioningState === 'Failed' || rec.provisioningState === 'Deleting' ? rec.provisioningState : 'Creating';
  return {
    ...envelope(rec),
    etag: rec.etag,
    properties: {
      provisioningState: stateName,
      customerId: p.customerId,
      sku: p.sku,
      retentionInDays: p.retentionInDays,
      features: p.features,
      workspaceCapping: p.workspaceCapping,
      publicNetworkAccessForIngestion: p.publicNetworkAccessForIngestion,
      publicNetworkAccessForQuery: p.publicNetworkAccessForQuery,
      ...(scoped.length > 0 ? { privateLinkScopedResources: scoped } : {}),
      ...(p.forceCmkForQuery !== undefined ? { forceCmkForQuery: p.forceCmkForQuery } : {}),
      ...(p.defaultDataCollectionRuleResourceId !== undefined ? { defaultDataCollectionRuleResourceId: p.defaultDataCollectionRuleResourceId } : {}),
      createdDate: isoTime(rec.createdAt),
      modifiedDate: isoTime(rec.changedAt),
    },
  };
}

function put(ctx: Ctx, group: ResourceRecord, name: string, existing: ResourceRecord | undefined): SimResponse {
  checkName(name, NAME_RULE);
  const body = parseBody(Workspace, ctx.body, 'resources');
  assertNameMatches(body.name, name);
  const location = resolveLocation(body.location, LA_WORKSPACE_TYPE, existing, group);
  validateTags(body.tags);
  if (existing?.provisioningState === 'Deleting') throw new ArmError(409, 'Conflict', `Workspace '${existing.name}' is being deleted.`);
  const p = body.properties ?? {};
  const skuName = p.sku?.name ?? 'PerGB2018';
  const retention = p.retentionInDays ?? (existing?.properties.retentionInDays as number | undefined) ?? (skuName === 'Free' ? 7 : 30);
  if (skuName === 'Free' ? retention !== 7 : retention < 30 || retention > 730) {
    throw badRequest('InvalidParameter', `'retentionInDays' must be between 30 and 730 days for the ${skuName} pricing tier (7 for Free); was ${retention}.`);
  }
  if (skuName === 'CapacityReservation' && p.sku?.capacityReservationLevel === undefined) {
    throw badRequest('InvalidParameter', "The CapacityReservation pricing tier requires 'sku.capacityReservationLevel'.");
  }
  const quota = p.workspaceCapping?.dailyQuotaGb ?? -1;
  if (quota !== -1 && quota < 0.023) throw badRequest('InvalidParameter', "'workspaceCapping.dailyQuotaGb' must be -1 (no cap) or at least 0.023.");
  const id = existing?.id ?? workspaceId(group, name);
  const rec = newRecord(ctx, { id, type: LA_WORKSPACE_TYPE, name, group, location, tags: body.tags, existing });
  rec.etag = newEtag();
  rec.identity = applyIdentity(ctx, body.identity, existing?.identity, id);
  if (!rec.identity) delete rec.identity;
  rec.properties = {
    customerId: existing?.properties.customerId ?? randomUUID(),
    sku: { name: skuName, ...(p.sku?.capacityReservationLevel !== undefined ? { capacityReservationLevel: p.sku.capacityReservationLevel } : {}), lastSkuUpdate: isoTime(ctx.now) },
    retentionInDays: retention,
    features: { legacy: 0, searchVersion: 1, enableLogAccessUsingOnlyResourcePermissions: true, ...p.features },
    workspaceCapping: { dailyQuotaGb: quota, quotaNextResetTime: isoTime(ctx.now + 24 * 3600 * 1000), dataIngestionStatus: 'RespectQuota' },
    publicNetworkAccessForIngestion: p.publicNetworkAccessForIngestion ?? 'Enabled',
    publicNetworkAccessForQuery: p.publicNetworkAccessForQuery ?? 'Enabled',
    ...(p.forceCmkForQuery !== undefined ? { forceCmkForQuery: p.forceCmkForQuery } : {}),
    ...(p.defaultDataCollectionRuleResourceId !== undefined ? { defaultDataCollectionRuleResourceId: p.defaultDataCollectionRuleResourceId } : {}),
  };
  if (existing && existing.provisioningState !== 'Failed') {
    rec.provisioningState = existing.provisioningState;
    if (existing.operationId) rec.operationId = existing.operationId;
    putRecord(ctx.state, rec);
    return json(200, render(ctx.state, rec));
  }
  // New, or a PUT repairing a workspace whose creation failed: provisioning runs (again).
  const op = startIn(ctx, WORKSPACE_LRO, {
    name: 'CreateWorkspace',
    method: 'PUT',
    subscriptionId: group.subscriptionId,
    location,
    targetId: id,
    touched: [id],
    latencyKey: LA_WORKSPACE_TYPE,
  });
  rec.provisioningState = 'Updating';
  rec.operationId = op.id;
  putRecord(ctx.state, rec);
  return json(existing ? 200 : 201, render(ctx.state, rec));
}

function remove(ctx: Ctx, existing: ResourceRecord): SimResponse {
  const force = ctx.url.query.get('force');
  if (force !== null && force !== 'true' && force !== 'false') throw badRequest('InvalidParameter', `The value '${force}' of query parameter 'force' is not a boolean.`);
  if (existing.provisioningState !== 'Deleting') assertNotLinkedToScope(ctx.state, existing);
  const op = startDelete(ctx, WORKSPACE_LRO, { name: 'DeleteWorkspace', target: existing, rejoin: inFlight(ctx.state, existing.id) });
  return empty(202, acceptedHeaders(ctx, WORKSPACE_LRO, op, { result: true }));
}

/** The delete's Location: 202 while it runs, then 200 (empty). */
function operationResult(ctx: Ctx, opId: string): SimResponse {
  const op = polledOperation(ctx, OPERATIONAL_INSIGHTS, opId, 'operation result');
  return resultResponse(ctx, WORKSPACE_LRO, op, { done: empty(200) });
}

function handle(ctx: Ctx, route: ProviderRoute): SimResponse {
  const { types, names, collection } = route.typed;
  const path = types.map((t) => t.toLowerCase()).join('/');
  const { group, sub } = route;
  if (path === 'workspaces' && collection) return listTracked(ctx, LA_WORKSPACE_TYPE, sub, group, render);
  if (!group) {
    if (path === 'locations/operationresults' && !collection) return operationResult(ctx, names[1]);
    throw new ArmError(404, 'InvalidResourceType', `The resource type '${types.join('/')}' is not available at subscription scope in '${OPERATIONAL_INSIGHTS}'.`);
  }
  if (path !== 'workspaces') throw methodNotAllowed(ctx.method, `${types.join('/')} in a resource group`);
  const existing = getRecord(ctx.state, workspaceId(group, names[0]));
  return serveTracked(ctx, {
    type: LA_WORKSPACE_TYPE,
    label: 'workspace',
    name: names[0],
    group,
    existing,
    render,
    put: () => put(ctx, group, names[0], existing),
    remove: (ws) => remove(ctx, ws),
  });
}

export const operationalInsightsProvider: Provider = {
  namespace: OPERATIONAL_INSIGHTS,
  apiVersions: ['2022-10-01', '2023-09-01', '2025-02-01'],
  resourceTypes: ['workspaces', 'locations/operationResults'],
  handle,
  render,
  deleteLatencyKey: () => LA_WORKSPACE_TYPE,
};
