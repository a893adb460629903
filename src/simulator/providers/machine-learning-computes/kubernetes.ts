// A `Kubernetes` compute: an AKS cluster with the Azure ML extension attached to the workspace (Learn
// how-to-attach-kubernetes-to-workspace / how-to-attach-kubernetes-anywhere). PUT 201/200 Creating +
// Azure-AsyncOperation as every compute (COMPUTE_LRO); DELETE detaches (202) and never deletes the cluster.
// Rules: the cluster is an existing, succeeded managed cluster of the workspace's subscription (Learn
// how-to-deploy-kubernetes-extension: no cross-subscription attach) and region; the Azure ML extension is
// installed on it and Succeeded; local accounts are enabled on it (Learn: disabling local accounts isn't
// supported; AML-Kubernetes#261 quotes the attach's error); the workspace has no managed network (Learn
// how-to-managed-network); one system-assigned or user-assigned identity, not both (Learn
// reference-yaml-compute-kubernetes); namespace, instance types and the default instance type.
import { badRequest, conflict } from '../../errors.js';
import { empty, json } from '../../http.js';
import { inFlight } from '../../lro.js';
import { checkName, type NameRule } from '../../names.js';
import { normalizeRegion } from '../../regions.js';
import { parseBody } from '../../schemas/common.js';
import type { MlApiVersion } from '../../schemas/machine-learning.js';
import { kubernetesComputeSchema, type KubernetesPropertiesBody } from '../../schemas/machine-learning-kubernetes-compute.js';
import { getRecord, key, putRecord, type ResourceRecord } from '../../state.js';
import { validateTags } from '../../tags.js';
import type { SimResponse } from '../../types.js';
import { T_AKS } from '../container-service/index.js';
import { startDelete } from '../kit/delete.js';
import { parseArmId, same } from '../kit/ids.js';
import { applyIdentity } from '../kit/identity.js';
import { acceptedHeaders, startIn } from '../kit/lro-style.js';
import { notImplemented, rejectNotSimulated } from '../kit/not-simulated.js';
import { childId } from '../kit/serve.js';
import { displayState, newRecord } from '../kit/tracked.js';
import { azureMlExtensionOf } from '../kubernetes-configuration/index.js';
import { normalizeIdentity } from '../machine-learning-rules.js';
import type { Ctx } from '../types.js';
import { COMPUTE_LRO, T_COMPUTE, bad, computeTypeOf } from './common.js';
import { renderCompute } from './render.js';

export const KUBERNETES_LATENCY = `${T_COMPUTE}#Kubernetes-attach`;

/** **Unconfirmed**: the attached-compute name rule (as AKS attach). */
const NAME: NameRule = {
  min: 2,
  max: 16,
  pattern: /^[a-zA-Z](?:[a-zA-Z0-9-]{0,14}[a-zA-Z0-9])?$/,
  describe: 'Attached compute names are 2-16 characters of letters, digits and hyphens, start with a letter and end with a letter or digit.',
};

/** DNS-1123 label (Kubernetes namespaces and instance type names). */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
/**
 * Namespaces that exist on a cluster the workspace cannot reach with kubectl: `default` and the extension's
 * `azureml`. Learn reference-yaml-compute-kubernetes: the namespace must exist before the attach. **Stricter**:
 * the simulator does not model namespaces created by hand, so it accepts only these.
 */
const EXISTING_NAMESPACES = ['default', 'azureml'];
/** Learn how-to-manage-kubernetes-instance-types: requests/limits of cpu, memory and nvidia.com/gpu, as Kubernetes quantities. */
const RESOURCE_KEYS = ['cpu', 'memory', 'nvidia.com/gpu'];
const QUANTITY = /^\d+(\.\d+)?(m|k|M|G|T|Ki|Mi|Gi|Ti)?$/;
/** The instance type the extension creates when the compute names none (how-to-manage-kubernetes-instance-types). */
const DEFAULT_INSTANCE_TYPE = 'defaultinstancetype';

/** Workspace managed network isolation mode, read defensively (absent = Disabled). */
function isolationModeOf(ws: ResourceRecord): string {
  const mode = (ws.properties.managedNetwork as { isolationMode?: unknown } | undefined)?.isolationMode;
  return typeof mode === 'string' && mode !== '' ? mode : 'Disabled';
}

/** The cluster a Kubernetes compute attaches, with its Azure ML extension; every refusal of the attach. */
function resolveKubernetesCluster(ctx: Ctx, resourceId: string | undefined, ws: ResourceRecord): ResourceRecord {
  if (resourceId === undefined || resourceId === '') throw bad('properties.resourceId (the AKS cluster with the Azure Machine Learning extension) is required for computeType Kubernetes.');
  const parsed = parseArmId(resourceId);
  const type = parsed ? [parsed.namespace, ...parsed.types].join('/') : '';
  if (key(type) === 'microsoft.kubernetes/connectedclusters') throw notImplemented('Kubernetes compute on an Azure Arc-enabled cluster', 'AKS managedClusters only');
  if (!parsed || key(type) !== key(T_AKS)) {
    throw badRequest('LinkedInvalidPropertyId', `Property id '${resourceId}' at path 'properties.resourceId' is invalid: expected the id of a ${T_AKS} or Microsoft.Kubernetes/connectedClusters resource.`);
  }
  if (!same(parsed.sub, ws.subscriptionId)) {
    throw badRequest(
      'ComputeResourceInDifferentSubscription',
      `The cluster '${resourceId}' is not in the workspace's subscription '${ws.subscriptionId}'. Azure Machine Learning doesn't support attaching an AKS cluster cross subscription; connect it to Azure Arc in the workspace's subscription.`,
    );
  }
  const cluster = getRecord(ctx.state, resourceId);
  if (!cluster || cluster.provisioningState === 'Deleting') throw badRequest('ComputeResourceNotFound', `The cluster '${resourceId}' to attach was not found.`);
  if (cluster.location !== ws.location) {
    throw badRequest('ComputeResourceInDifferentRegion', `The cluster '${resourceId}' is in region '${cluster.location ?? ''}', but the workspace is in '${ws.location ?? ''}'.`);
  }
  if (cluster.provisioningState !== 'Succeeded') throw conflict('ComputeResourceNotReady', `The cluster '${resourceId}' is in provisioning state '${displayState(cluster)}'; attach it once it has succeeded.`);
  const ext = azureMlExtensionOf(ctx.state, cluster.id);
  if (!ext || ext.provisioningState !== 'Succeeded') {
    throw badRequest(
      'AzureMLExtensionNotInstalled',
      ext
        ? `The Azure Machine Learning extension '${ext.name}' on cluster '${cluster.name}' is in provisioning state '${displayState(ext)}'; attach the cluster once the extension has Succeeded.`
        : `The Azure Machine Learning extension (Microsoft.AzureML.Kubernetes) is not installed on cluster '${cluster.name}'. Deploy the extension before attaching the cluster.`,
    );
  }
  if (cluster.properties.disableLocalAccounts === true) {
    // Verbatim from Azure/AML-Kubernetes#261 (the AKS static-credential refusal the attach surfaces).
    throw badRequest('BadRequest', 'Failed to get static credential: Getting static credential is not allowed because this cluster is set to disable local accounts.');
  }
  return cluster;
}

function normalizeKubernetes(p: KubernetesPropertiesBody, ext: ResourceRecord | undefined): Record<string, unknown> {
  // relay/service bus connection strings are what Azure ML sets up for Arc clusters; AKS uses neither.
  rejectNotSimulated(p as Record<string, unknown>, ['relayConnectionString', 'serviceBusConnectionString', 'vcName'], 'properties.properties.');
  const namespace = p.namespace ?? 'default';
  if (!DNS_LABEL.test(namespace)) throw bad(`properties.properties.namespace '${namespace}' is not a valid Kubernetes namespace name (lowercase letters, digits and '-', at most 63).`);
  if (!EXISTING_NAMESPACES.includes(namespace)) {
    throw bad(`The namespace '${namespace}' does not exist in the cluster. Create it before attaching the cluster (the simulator knows only ${EXISTING_NAMESPACES.join(', ')}).`);
  }
  const instanceTypes = p.instanceTypes;
  for (const [itName, it] of Object.entries(instanceTypes ?? {})) {
    if (!DNS_LABEL.test(itName)) throw bad(`Instance type name '${itName}' must be a lowercase DNS label (letters, digits and '-', at most 63).`);
    for (const [kind, res] of Object.entries(it.resources ?? {})) {
      for (const [k, v] of Object.entries(res ?? {})) {
        if (!RESOURCE_KEYS.includes(k)) throw bad(`Instance type '${itName}' resources.${kind} '${k}' is not supported; use ${RESOURCE_KEYS.join(', ')}.`);
        if (!QUANTITY.test(v)) throw bad(`Instance type '${itName}' resources.${kind}.${k} '${v}' is not a Kubernetes quantity.`);
      }
    }
  }
  const defaultInstanceType = p.defaultInstanceType ?? (instanceTypes && Object.keys(instanceTypes).length > 0 ? Object.keys(instanceTypes)[0] : DEFAULT_INSTANCE_TYPE);
  if (instanceTypes && !(defaultInstanceType in instanceTypes)) {
    throw bad(`defaultInstanceType '${defaultInstanceType}' is not one of the compute's instanceTypes (${Object.keys(instanceTypes).join(', ')}).`);
  }
  const extIdentity = ext?.identity as { principalId?: string } | undefined;
  return {
    namespace,
    defaultInstanceType,
    ...(instanceTypes ? { instanceTypes } : {}),
    extensionPrincipalId: extIdentity?.principalId ?? null,
    extensionInstanceReleaseTrain: String(ext?.properties.releaseTrain ?? 'Stable'),
  };
}

/** PUT of a compute whose body says computeType Kubernetes (computes.ts dispatches here). */
export function putKubernetesCompute(ctx: Ctx, ws: ResourceRecord, name: string, existing: ResourceRecord | undefined): SimResponse {
  const version = ctx.apiVersion as MlApiVersion;
  const body = parseBody(kubernetesComputeSchema, ctx.body, 'resources');
  checkName(name, NAME);
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
  const mode = isolationModeOf(ws);
  if (mode.toLowerCase() !== 'disabled') {
    throw bad(`Workspace '${ws.name}' uses a managed virtual network (isolationMode '${mode}'); Kubernetes compute is not supported with a workspace managed network.`);
  }
  const props = body.properties;
  if (existing) {
    if (computeTypeOf(existing) !== 'Kubernetes') {
      throw badRequest('ComputeTypeCannotBeChanged', `Compute '${name}' is of type '${computeTypeOf(existing)}'; its computeType cannot be changed to 'Kubernetes'. Delete it and create a new compute.`);
    }
    const op = inFlight(ctx.state, existing.id);
    if (op) throw conflict('Conflict', `Compute '${name}' is ${op.method === 'DELETE' ? 'being deleted' : 'being created or updated'}; retry when the current operation has finished.`);
    if (!same(existing.properties.resourceId as string, props.resourceId)) throw bad(`properties.resourceId of attached compute '${name}' cannot be changed; detach it and attach the other cluster.`);
    if (existing.properties.disableLocalAuth !== (props.disableLocalAuth ?? false)) throw bad(`properties.disableLocalAuth of compute '${name}' cannot be changed after creation.`);
    const before = (existing.properties.properties as { namespace?: string }).namespace;
    if ((props.properties?.namespace ?? 'default') !== before) throw bad(`properties.properties.namespace of compute '${name}' cannot be changed; detach and attach again.`);
  }
  const cluster = resolveKubernetesCluster(ctx, props.resourceId, ws);
  if (props.computeLocation !== undefined && normalizeRegion(props.computeLocation) !== cluster.location) {
    throw bad(`properties.computeLocation '${props.computeLocation}' must be the cluster's location '${cluster.location ?? ''}'.`);
  }
  const inner = normalizeKubernetes(props.properties ?? {}, azureMlExtensionOf(ctx.state, cluster.id));

  const id = existing?.id ?? childId(ws.id, T_COMPUTE, name);
  const identity = body.identity ? normalizeIdentity(ctx.state, body.identity) : undefined;
  if (identity?.type === 'SystemAssigned,UserAssigned') {
    throw bad('KubernetesCompute supports either one system-assigned identity or user-assigned identities, not both at the same time.');
  }
  const storedIdentity = identity
    ? applyIdentity(ctx, { type: identity.type, ...(identity.userAssigned.length > 0 ? { userAssignedIdentities: Object.fromEntries(identity.userAssigned.map((u) => [u.id, {}])) } : {}) }, existing?.identity, id)
    : existing?.identity;

  const op = startIn(ctx, COMPUTE_LRO, {
    name: existing ? 'UpdateCompute' : 'CreateCompute',
    method: 'PUT',
    subscriptionId: ws.subscriptionId,
    location: region,
    targetId: id,
    lockKey: id,
    touched: [id],
    latencyKey: KUBERNETES_LATENCY,
  });
  const rec: ResourceRecord = {
    ...newRecord(ctx, { id, type: T_COMPUTE, parent: ws, name, location: region, existing, op }),
    ...(body.tags ? { tags: body.tags } : existing?.tags ? { tags: existing.tags } : {}),
    ...(storedIdentity && storedIdentity.type !== 'None' ? { identity: storedIdentity } : {}),
    properties: {
      computeType: 'Kubernetes',
      computeLocation: cluster.location,
      ...(props.description !== undefined ? { description: props.description } : {}),
      resourceId: cluster.id,
      disableLocalAuth: props.disableLocalAuth ?? false,
      properties: inner,
      ...(existing ? {} : { creating: true }),
    },
  };
  putRecord(ctx.state, rec);
  return json(existing ? 200 : 201, renderCompute(ctx.state, rec, version), acceptedHeaders(ctx, COMPUTE_LRO, op, { status: true }));
}

/**
 * DELETE of a Kubernetes compute: `underlyingResourceAction=Detach` detaches it (the cluster and its extension
 * stay). **Stricter**: `Delete` is refused, since Azure ML did not create the cluster (the v1 AKS attach's
 * Delete deletes it; for Kubernetes compute the documented path is `az ml compute detach`).
 */
export function deleteKubernetesCompute(ctx: Ctx, existing: ResourceRecord): SimResponse {
  const param = [...ctx.url.query.entries()].find(([k]) => k.toLowerCase() === 'underlyingresourceaction')?.[1];
  if (param === undefined || param === '') {
    throw badRequest(
      'MissingRequiredQueryParameter',
      "The query parameter 'underlyingResourceAction' is required: 'Delete' deletes the underlying compute, 'Detach' detaches an attached compute from the workspace.",
    );
  }
  if (!['delete', 'detach'].includes(param.toLowerCase())) throw badRequest('InvalidQueryParameterValue', `The value '${param}' of query parameter 'underlyingResourceAction' is invalid. Allowed values: Delete, Detach.`);
  if (param.toLowerCase() === 'delete') {
    throw bad(`Compute '${existing.name}' is an attached Kubernetes cluster; detach it with underlyingResourceAction=Detach (Azure Machine Learning does not delete the cluster).`);
  }
  const running = inFlight(ctx.state, existing.id);
  if (running && running.method !== 'DELETE') throw conflict('Conflict', `Compute '${existing.name}' is being created or updated; retry the delete when the current operation has finished.`);
  const op = startDelete(ctx, COMPUTE_LRO, { name: 'DetachCompute', target: existing, latencyKey: KUBERNETES_LATENCY, rejoin: running });
  return empty(202, acceptedHeaders(ctx, COMPUTE_LRO, op, { status: true, result: true }));
}
