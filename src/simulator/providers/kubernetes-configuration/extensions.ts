// {cluster id}/providers/Microsoft.KubernetesConfiguration/extensions[/{name}[/operations/{id}]] on an AKS
// managed cluster (router.ts EXTENSIONS; the scope is the cluster). PUT 201/200 Creating/Updating and PATCH 202
// answer Azure-AsyncOperation (EXTENSION_LRO); DELETE 202; GET one, list, and the operation status document.
// Rules: the cluster exists (ARM's 404) and has Succeeded; a known extension type (case-insensitive; only the
// Azure ML extension simulated), one extension of a type per cluster, fixed type and scope, version pinning
// only without auto-upgrade, the Azure ML extension at cluster scope in `azureml` with valid settings
// (azureml-settings.ts). The install ends in installFailure (install.ts). An extension's id lies below its
// cluster's, so deleting the cluster (or its group) removes it.
import { createHash } from 'node:crypto';
import { badRequest, conflict, methodNotAllowed, notFound } from '../../errors.js';
import { empty, json } from '../../http.js';
import { inFlight } from '../../lro.js';
import { checkName, type NameRule } from '../../names.js';
import { parseBody } from '../../schemas/common.js';
import { ExtensionResource, PatchExtension, type ExtensionBody } from '../../schemas/kubernetes-configuration.js';
import { childrenOf, getRecord, key, putRecord, type ResourceRecord } from '../../state.js';
import type { SimResponse } from '../../types.js';
import { resolveScope } from '../authorization/scope.js';
import { T_AKS } from '../container-service/index.js';
import { startDelete } from '../kit/delete.js';
import { applyIdentity } from '../kit/identity.js';
import { acceptedHeaders, startIn } from '../kit/lro-style.js';
import { notImplemented } from '../kit/not-simulated.js';
import { polledOperation, statusResponse, timedStatusOf } from '../kit/polling.js';
import { displayState, newRecord } from '../kit/tracked.js';
import { assertGroupWritable } from '../resources.js';
import type { Ctx, ProviderRoute } from '../types.js';
import { checkAzureMlSettings } from './azureml-settings.js';
import { AZUREML_EXTENSION_TYPE, EXTENSION_LATENCY_KEY, EXTENSION_LRO, KNOWN_EXTENSION_TYPES, KUBERNETES_CONFIGURATION, RELEASE_TRAINS, T_EXTENSION, storedOf, type StoredExtension } from './common.js';
import { installFailure } from './install.js';
import { renderExtension } from './render.js';

/** **Unconfirmed**: Helm release names are DNS-1123 labels of at most 53 characters; the RP's own rule is not documented. */
const EXTENSION_NAME: NameRule = {
  min: 1,
  max: 53,
  pattern: /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/,
  describe: 'Extension names are 1-53 lowercase letters, digits and hyphens, starting and ending with a letter or digit.',
};

const bad = (message: string) => badRequest('BadRequest', message);

/** The managed cluster the route's scope names (404 from ARM when it is missing). */
function clusterOf(ctx: Ctx, route: ProviderRoute): ResourceRecord {
  const scope = resolveScope(ctx.state, route.scope ?? []);
  const target = scope.resource;
  if (scope.level !== 'resource' || !target) throw bad(`Cluster extensions are installed on a Kubernetes cluster; '${scope.id || '/'}' is a ${scope.level} scope.`);
  if (key(target.type) !== key(T_AKS)) {
    if (/^microsoft\.(kubernetes\/connectedclusters|hybridcontainerservice\/)/i.test(target.type)) throw notImplemented(`Extensions on ${target.type}`, 'AKS managedClusters only');
    throw bad(`The resource type '${target.type}' does not support cluster extensions: the cluster must be Microsoft.ContainerService/managedClusters, Microsoft.Kubernetes/connectedClusters or a provisioned cluster.`);
  }
  if (scope.group && ctx.method !== 'GET') assertGroupWritable(scope.group);
  return target;
}

export function handleExtensions(ctx: Ctx, route: ProviderRoute): SimResponse {
  const { types, names, collection } = route.typed;
  const cluster = clusterOf(ctx, route);
  const extId = (name: string) => `${cluster.id}/providers/${KUBERNETES_CONFIGURATION}/extensions/${name}`;
  if (types.length === 2) {
    // .../extensions/{name}/operations/{id}: the operation must be one of this extension's.
    if (collection) throw methodNotAllowed(ctx.method, 'extension operations collection');
    const op = polledOperation(ctx, KUBERNETES_CONFIGURATION, names[1], 'extension operation status');
    if (key(op.targetId) !== key(extId(names[0]))) throw notFound('OperationNotFound', `The operation '${names[1]}' could not be found.`);
    return statusResponse(ctx, EXTENSION_LRO, op, { id: `${extId(names[0])}/operations/${op.id}`, ...timedStatusOf(op) });
  }
  if (collection) {
    if (ctx.method !== 'GET') throw methodNotAllowed(ctx.method, 'extensions collection');
    return json(200, { value: childrenOf(ctx.state, cluster.id, T_EXTENSION).map((r) => renderExtension(ctx.state, r)) });
  }
  const name = names[0];
  const existing = getRecord(ctx.state, extId(name));
  switch (ctx.method) {
    case 'GET':
      if (!existing) throw notFound('ResourceNotFound', `The Resource '${T_EXTENSION}/${name}' under resource '${cluster.id}' was not found.`);
      return json(200, renderExtension(ctx.state, existing));
    case 'PUT':
      return put(ctx, cluster, name, extId(name), existing);
    case 'PATCH':
      if (!existing) throw notFound('ResourceNotFound', `The Resource '${T_EXTENSION}/${name}' under resource '${cluster.id}' was not found.`);
      return patch(ctx, cluster, existing);
    case 'DELETE':
      return existing ? remove(ctx, existing) : empty(204);
    default:
      throw methodNotAllowed(ctx.method, 'extension');
  }
}

function assertClusterReady(cluster: ResourceRecord): void {
  if (cluster.provisioningState !== 'Succeeded') {
    throw conflict('Conflict', `The managed cluster '${cluster.name}' is in provisioning state '${displayState(cluster)}'; extensions can be installed once it has succeeded.`);
  }
}

function assertIdle(ctx: Ctx, existing: ResourceRecord): void {
  const op = inFlight(ctx.state, existing.id);
  if (op) throw conflict('Conflict', `The extension '${existing.name}' has a ${op.method === 'DELETE' ? 'delete' : 'create or update'} operation in progress (${op.id}); retry when it has finished.`);
}

/** autoUpgradeMinorVersion (default true), releaseTrain (default Stable, only with auto-upgrade), version (only without). */
function normalizeVersioning(auto: boolean, train: string | undefined, version: string | undefined): { releaseTrain: string; version?: string } {
  if (version !== undefined && auto) throw bad("To use 'version', autoUpgradeMinorVersion must be 'false'.");
  if (version === undefined && !auto) throw bad("autoUpgradeMinorVersion 'false' needs a pinned 'version'.");
  if (version !== undefined && !/^\d+\.\d+\.\d+$/.test(version)) throw bad(`Version '${version}' of the extension was not found.`);
  const releaseTrain = train ?? 'Stable';
  if (!RELEASE_TRAINS.includes(releaseTrain.toLowerCase())) throw bad(`Release train '${releaseTrain}' is not available for this extension type; available: ${RELEASE_TRAINS.join(', ')}.`);
  return { releaseTrain, ...(version !== undefined ? { version } : {}) };
}

function put(ctx: Ctx, cluster: ResourceRecord, name: string, id: string, existing: ResourceRecord | undefined): SimResponse {
  checkName(name, EXTENSION_NAME);
  const body = parseBody(ExtensionResource, ctx.body, 'resources') as ExtensionBody;
  if (body.plan !== undefined) throw notImplemented("Property 'plan' (marketplace extensions)");
  const p = body.properties ?? {};
  if (p.aksAssignedIdentity !== undefined) throw notImplemented("Property 'properties.aksAssignedIdentity'");
  assertClusterReady(cluster);
  if (existing) assertIdle(ctx, existing);
  const prior = existing ? storedOf(existing) : undefined;

  const given = p.extensionType;
  if (given === undefined || given === '') throw bad("properties.extensionType is required: the type of extension to install (for example 'Microsoft.AzureML.Kubernetes').");
  const extensionType = given.toLowerCase();
  if (!KNOWN_EXTENSION_TYPES.includes(extensionType)) {
    throw bad(`Extension type '${given}' is not supported in region '${cluster.location ?? ''}' for cluster type: ManagedClusters. Please refer to https://aka.ms/k8s-extensions-list-cluster for a list of supported extension types for this cluster.`);
  }
  if (extensionType !== AZUREML_EXTENSION_TYPE) throw notImplemented(`Extension type '${given}'`, `${AZUREML_EXTENSION_TYPE} only`);
  if (prior && prior.extensionType !== extensionType) throw bad(`The extensionType of extension '${name}' cannot be changed from '${prior.extensionType}' to '${given}'.`);
  const other = childrenOf(ctx.state, cluster.id, T_EXTENSION).find((r) => storedOf(r).extensionType === extensionType && key(r.id) !== key(id));
  if (other) throw conflict('Conflict', `An extension of type '${extensionType}' ('${other.name}') is already installed on cluster '${cluster.name}'; only one instance of an extension type is allowed per cluster.`);

  // The Azure ML extension installs at cluster scope in the azureml namespace (AzureMLKubernetes.py; AML-Kubernetes#283).
  if (p.scope?.namespace !== undefined) throw bad(`Invalid scope 'namespace'. This extension can be installed only at 'cluster' scope. Check https://aka.ms/arcmltsg for more information.`);
  const releaseNamespace = p.scope?.cluster?.releaseNamespace ?? 'azureml';
  if (releaseNamespace !== 'azureml') throw bad(`The Azure Machine Learning extension is released in namespace 'azureml'; releaseNamespace '${releaseNamespace}' is not supported.`);
  const scope: StoredExtension['scope'] = { cluster: { releaseNamespace } };
  if (prior && JSON.stringify(prior.scope) !== JSON.stringify(scope)) throw bad(`The scope of extension '${name}' cannot be changed.`);

  const auto = p.autoUpgradeMinorVersion ?? true;
  const versioning = normalizeVersioning(auto, p.releaseTrain, p.version);
  const configurationSettings = p.configurationSettings ?? {};
  const configurationProtectedSettings = p.configurationProtectedSettings ?? {};
  const view = checkAzureMlSettings(configurationSettings, configurationProtectedSettings);
  const identity = applyIdentity(ctx, body.identity?.type ? { type: body.identity.type } : undefined, existing?.identity, id);

  const stored: StoredExtension = {
    extensionType,
    autoUpgradeMinorVersion: auto,
    ...versioning,
    scope,
    configurationSettings,
    configurationProtectedSettings: digests(configurationProtectedSettings),
    ...(existing ? {} : { creating: true }),
  };
  return write(ctx, cluster, id, name, existing, stored, identity, installFailure(ctx.state, cluster, view), existing ? 200 : 201);
}

function patch(ctx: Ctx, cluster: ResourceRecord, existing: ResourceRecord): SimResponse {
  const body = parseBody(PatchExtension, ctx.body, 'resources');
  const p = body.properties ?? {};
  assertClusterReady(cluster);
  assertIdle(ctx, existing);
  const prior = storedOf(existing);
  const auto = p.autoUpgradeMinorVersion ?? prior.autoUpgradeMinorVersion;
  const versioning = normalizeVersioning(auto, p.releaseTrain ?? prior.releaseTrain, p.version ?? (auto ? undefined : prior.version));
  // PATCH merges settings: a key with an empty value is dropped (the k8s-extension update semantics).
  const merge = (a: Record<string, string>, b: Record<string, string> | undefined) =>
    Object.fromEntries(Object.entries({ ...a, ...(b ?? {}) }).filter(([, v]) => v !== ''));
  const configurationSettings = merge(prior.configurationSettings, p.configurationSettings);
  const configurationProtectedSettings = merge(prior.configurationProtectedSettings, p.configurationProtectedSettings);
  const view = checkAzureMlSettings(configurationSettings, configurationProtectedSettings);
  const stored: StoredExtension = { ...prior, autoUpgradeMinorVersion: auto, ...versioning, configurationSettings, configurationProtectedSettings: digests(configurationProtectedSettings), creating: false };
  delete stored.failure;
  if (versioning.version === undefined) delete stored.version;
  return write(ctx, cluster, existing.id, existing.name, existing, stored, existing.identity, installFailure(ctx.state, cluster, view), 202);
}

function write(
  ctx: Ctx,
  cluster: ResourceRecord,
  id: string,
  name: string,
  existing: ResourceRecord | undefined,
  stored: StoredExtension,
  identity: Record<string, unknown> | undefined,
  failure: { code: string; message: string } | undefined,
  status: 200 | 201 | 202,
): SimResponse {
  const op = startIn(ctx, EXTENSION_LRO, {
    name: existing ? 'UpdateExtension' : 'CreateExtension',
    method: 'PUT',
    subscriptionId: cluster.subscriptionId,
    location: cluster.location as string,
    targetId: id,
    lockKey: id,
    touched: [id],
    latencyKey: EXTENSION_LATENCY_KEY,
  });
  if (failure) op.error = failure;
  const rec: ResourceRecord = {
    ...newRecord(ctx, { id, type: T_EXTENSION, parent: cluster, name, existing, op }),
    ...(identity ? { identity } : {}),
    properties: { ...(stored as unknown as Record<string, unknown>), ...(failure ? { failure } : {}) },
  };
  putRecord(ctx.state, rec);
  return json(status, renderExtension(ctx.state, rec), acceptedHeaders(ctx, EXTENSION_LRO, op, { status: true }));
}

function remove(ctx: Ctx, existing: ResourceRecord): SimResponse {
  const running = inFlight(ctx.state, existing.id);
  if (running && running.method !== 'DELETE') assertIdle(ctx, existing);
  const op = startDelete(ctx, EXTENSION_LRO, { name: 'DeleteExtension', target: existing, latencyKey: EXTENSION_LATENCY_KEY, rejoin: running });
  return empty(202, acceptedHeaders(ctx, EXTENSION_LRO, op, { status: true }));
}

/** Protected settings are kept as SHA-256 digests: the cloud file must not hold the secrets themselves. */
function digests(settings: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(settings).map(([k, v]) => [k, /^sha256:[0-9a-f]{64}$/.test(v) ? v : `sha256:${createHash('sha256').update(v).digest('hex')}`]));
}
