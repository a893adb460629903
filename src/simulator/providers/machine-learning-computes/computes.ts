// /workspaces/{ws}/computes[/{name}]: PUT answers 201 (200 for an update) with provisioningState
// Creating/Updating and Azure-AsyncOperation; DELETE needs ?underlyingResourceAction=Delete|Detach and
// answers 202 with both headers (COMPUTE_LRO). Computes placed in a subnet make it "in use".
import { badRequest, conflict, notFound } from '../../errors.js';
import { empty, json } from '../../http.js';
import { inFlight } from '../../lro.js';
import { checkName } from '../../names.js';
import { normalizeRegion } from '../../regions.js';
import { parseBody } from '../../schemas/common.js';
import type { MlApiVersion } from '../../schemas/machine-learning.js';
import { SIMULATED_COMPUTE_TYPES, computeResourceSchema, peekComputeType, type AksComputePropertiesBody, type AmlComputePropertiesBody, type ComputeBody, type ComputeInstancePropertiesBody } from '../../schemas/machine-learning-computes.js';
import { getRecord, key, putRecord, recordsOfType, type ResourceRecord } from '../../state.js';
import { validateTags } from '../../tags.js';
import type { SimResponse } from '../../types.js';
import { T_AKS, startClusterDelete } from '../container-service/index.js';
import { startDelete } from '../kit/delete.js';
import { same } from '../kit/ids.js';
import { applyIdentity } from '../kit/identity.js';
import { acceptedHeaders, startIn } from '../kit/lro-style.js';
import { notImplemented } from '../kit/not-simulated.js';
import { childId, serveChild } from '../kit/serve.js';
import { displayState, newRecord } from '../kit/tracked.js';
import { T_ML, mlOperationStatus, normalizeIdentity } from '../machine-learning-rules.js';
import { SUBNET_IP_CONFIGURATIONS, type ExternalIpConfiguration } from '../network/network-interfaces.js';
import type { Ctx } from '../types.js';
import { LATENCY, NAME_RULES, T_COMPUTE, COMPUTE_LRO, bad, computeLatencyKey, computeTypeOf } from './common.js';
import { attachCapacityFailure, normalizeAks, resolveCluster } from './aks-attach.js';
import { normalizeAml } from './aml-compute.js';
import { normalizeInstance } from './compute-instance.js';
import { deleteKubernetesCompute, putKubernetesCompute } from './kubernetes.js';
import { nicUse } from './placement.js';
import { renderCompute } from './render.js';
import { applyComputeConsults } from '../../runtime/ml-compute-consults.js';

/** .../locations/{loc}/computeOperationsStatus/{id}?type=async|location */
export function handleComputeOperation(ctx: Ctx, opId: string): SimResponse {
  return mlOperationStatus(ctx, opId, 'computeOperationsStatus', (rec) => renderCompute(ctx.state, rec, ctx.apiVersion as MlApiVersion));
}

/** /workspaces/{ws}/computes[/{name}] */
export function handleComputes(ctx: Ctx, group: ResourceRecord, wsName: string, name: string | undefined): SimResponse {
  const version = ctx.apiVersion as MlApiVersion;
  return serveChild(ctx, {
    type: T_COMPUTE,
    label: 'compute',
    parent: getRecord(ctx.state, `${group.id}/providers/${T_ML.workspace}/${wsName}`),
    parentName: wsName,
    name,
    render: (state, rec) => renderCompute(state, rec, version),
    missing: (_id, n) => notFound('ResourceNotFound', `The Resource '${T_COMPUTE.split('/').slice(0, 2).join('/')}/${wsName}/computes/${n}' under resource group '${group.name}' was not found.`),
    deleteNeedsParent: true,
    put: (ws, n, existing) => putCompute(ctx, ws, n, existing),
    remove: (_ws, existing) => (computeTypeOf(existing) === 'Kubernetes' ? deleteKubernetesCompute(ctx, existing) : deleteCompute(ctx, existing)),
    removeMissing: () => {
      underlyingAction(ctx);
      return empty(204);
    },
  });
}

function putCompute(ctx: Ctx, ws: ResourceRecord, name: string, existing: ResourceRecord | undefined): SimResponse {
  if (peekComputeType(ctx.body) === 'Kubernetes') return putKubernetesCompute(ctx, ws, name, existing); // kubernetes.ts
  const version = ctx.apiVersion as MlApiVersion;
  const body = parseBody(computeResourceSchema(version, peekComputeType(ctx.body)), ctx.body, 'resources') as unknown as ComputeBody;
  const type = body.properties.computeType;
  if (!SIMULATED_COMPUTE_TYPES.includes(type)) throw notImplemented(`Compute type '${type}'`, 'AmlCompute, ComputeInstance and AKS only');
  checkName(name, NAME_RULES[type as 'AmlCompute' | 'ComputeInstance' | 'AKS']);
  if (ws.provisioningState !== 'Succeeded') {
    throw conflict('Conflict', `Workspace '${ws.name}' is in provisioning state '${displayState(ws)}'. Computes can be created once the workspace has succeeded.`);
  }
  const region = ws.location as string;
  if (body.location !== undefined && body.location !== '') {
    const loc = normalizeRegion(body.location);
    if (!loc) throw badRequest('LocationNotAvailableForResourceType', `The provided location '${body.location}' is not available for resource type '${T_COMPUTE}'.`);
    if (loc !== region) throw bad(`The compute location '${loc}' must be the workspace's location '${region}'.`);
  }
  validateTags(body.tags);
  if (body.sku !== undefined) throw notImplemented("Property 'sku' of a compute");
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
  const id = existing?.id ?? childId(ws.id, T_COMPUTE, name);
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
  const op = startIn(ctx, COMPUTE_LRO, {
    name: creating ? 'CreateCompute' : 'UpdateCompute',
    method: 'PUT',
    subscriptionId: ws.subscriptionId,
    location: region,
    targetId: id,
    lockKey: id,
    touched: [id],
    latencyKey: LATENCY[type],
  });
  const rec: ResourceRecord = {
    ...newRecord(ctx, { id, type: T_COMPUTE, parent: ws, name, location: region, existing, op }),
    ...(body.tags ? { tags: body.tags } : existing?.tags ? { tags: existing.tags } : {}),
    ...(storedIdentity && storedIdentity.type !== 'None' ? { identity: storedIdentity } : {}),
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
  };
  applyComputeConsults(ctx.state, ws, rec, op); // what Azure does with it in this environment (runtime/)
  if (type === 'AKS' && !op.error) {
    const cluster = getRecord(ctx.state, String(resourceId));
    const capacity = cluster ? attachCapacityFailure(ctx.state, cluster, String(inner.clusterPurpose)) : undefined;
    if (capacity) {
      op.error = capacity;
      rec.properties.failure = capacity;
    }
  }
  putRecord(ctx.state, rec);
  return json(creating ? 201 : 200, renderCompute(ctx.state, rec, version), acceptedHeaders(ctx, COMPUTE_LRO, op, { status: true }));
}

/** ?underlyingResourceAction=Delete|Detach is required (even for a compute that does not exist). */
function underlyingAction(ctx: Ctx): 'Delete' | 'Detach' {
  const param = [...ctx.url.query.entries()].find(([k]) => k.toLowerCase() === 'underlyingresourceaction');
  if (!param || param[1] === '') {
    throw badRequest(
      'MissingRequiredQueryParameter',
      "The query parameter 'underlyingResourceAction' is required: 'Delete' deletes the underlying compute, 'Detach' detaches an attached compute from the workspace.",
    );
  }
  const action = (['Delete', 'Detach'] as const).find((a) => a.toLowerCase() === param[1].toLowerCase());
  if (!action) throw badRequest('InvalidQueryParameterValue', `The value '${param[1]}' of query parameter 'underlyingResourceAction' is invalid. Allowed values: Delete, Detach.`);
  return action;
}

function deleteCompute(ctx: Ctx, existing: ResourceRecord): SimResponse {
  const action = underlyingAction(ctx);
  const type = computeTypeOf(existing);
  if (action === 'Detach' && type !== 'AKS') throw bad(`Compute '${existing.name}' of type ${type} was created by Azure Machine Learning and cannot be detached; delete it with underlyingResourceAction=Delete.`);
  const running = inFlight(ctx.state, existing.id);
  if (running && running.method !== 'DELETE') throw conflict('Conflict', `Compute '${existing.name}' is being created or updated; retry the delete when the current operation has finished.`);
  const op = startDelete(ctx, COMPUTE_LRO, { name: action === 'Detach' ? 'DetachCompute' : 'DeleteCompute', target: existing, latencyKey: computeLatencyKey(existing), rejoin: running });
  // Deleting an attached AKS compute deletes the cluster itself.
  if (!running && type === 'AKS' && action === 'Delete') {
    const cluster = getRecord(ctx.state, String(existing.properties.resourceId));
    if (cluster && key(cluster.type) === key(T_AKS)) startClusterDelete(ctx, cluster);
  }
  return empty(202, acceptedHeaders(ctx, COMPUTE_LRO, op, { status: true, result: true }));
}
