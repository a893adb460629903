// Microsoft.ContainerRegistry registries. A new registry's PUT answers 201 with provisioningState Creating
// and Azure-AsyncOperation (…/registries/{name}/operationStatuses/registries-{id}); DELETE answers 202 the
// same way; PUT on an existing registry and PATCH are synchronous. Names are global (AlreadyInUse).
// Premium-only features (firewall rules, private access, data endpoints, policies, CMK, zone redundancy)
// are refused on Basic/Standard.
import { ArmError, badRequest, conflict, methodNotAllowed } from '../errors.js';
import { empty, json } from '../http.js';
import { inFlight } from '../lro.js';
import { checkName, nameError, type NameRule } from '../names.js';
import { parseBody } from '../schemas/common.js';
import { Registry, RegistryNameCheckRequest, RegistryUpdateParameters, type RegistryProperties } from '../schemas/containerregistry.js';
import { getRecord, key, putRecord, type CloudState, type ResourceRecord } from '../state.js';
import { validateTags } from '../tags.js';
import type { ArmResource, SimResponse } from '../types.js';
import { applyIdentity, attachedIdentities } from './kit/identity.js';
import { canWrapWithKey, parseKeyIdentifier, resolveKey, vaultProtectedForCmk } from './keyvault/cmk.js';
import { keyUri } from './keyvault/keys.js';
import { isIpRule } from './network-rules.js';
import { privateEndpointConnectionsFor } from './network/private-link.js';
import { assertNameMatches, envelope, globalNamesake, isoTime, listTracked, newRecord, resolveLocation, trackedId } from './kit/tracked.js';
import type { Ctx, Provider, ProviderRoute } from './types.js';
import { startDelete } from './kit/delete.js';
import { acceptedHeaders, startIn, type LroStyle } from './kit/lro-style.js';
import { polledOperation, statusResponse } from './kit/polling.js';
import { serveTracked } from './kit/serve.js';

const CONTAINER_REGISTRY = 'Microsoft.ContainerRegistry';
const T = 'Microsoft.ContainerRegistry/registries';

const NAME_RULE: NameRule = {
  min: 5,
  max: 50,
  pattern: /^[A-Za-z0-9]+$/,
  describe: 'Registry names may contain only alpha numeric characters and must be between 5 and 50 characters.',
};

const registryId = (group: ResourceRecord, name: string): string => trackedId(group, CONTAINER_REGISTRY, 'registries', name);

/** New registries and deletes: 201/202 + Azure-AsyncOperation at the registry (…/operationStatuses/registries-{id}); no Retry-After. */
const REGISTRY_LRO: LroStyle = {
  namespace: CONTAINER_REGISTRY,
  statusUrl: (origin, op, apiVersion) => `${origin}${op.targetId}/operationStatuses/registries-${op.id}?api-version=${encodeURIComponent(apiVersion)}`,
};

const STATE_NAMES: Record<string, string> = { Succeeded: 'Succeeded', Updating: 'Creating', Deleting: 'Deleting', Failed: 'Failed' };

function render(state: CloudState, rec: ResourceRecord): ArmResource {
  const p = rec.properties;
  return {
    ...envelope(rec),
    systemData: { createdAt: isoTime(rec.createdAt), lastModifiedAt: isoTime(rec.changedAt) },
    properties: {
      loginServer: `${rec.name.toLowerCase()}.azurecr.io`,
      creationDate: isoTime(rec.createdAt),
      provisioningState: STATE_NAMES[rec.provisioningState],
      adminUserEnabled: p.adminUserEnabled,
      networkRuleSet: p.networkRuleSet,
      policies: p.policies,
      encryption: p.encryption,
      dataEndpointEnabled: p.dataEndpointEnabled,
      dataEndpointHostNames: p.dataEndpointEnabled === true ? [`${rec.name.toLowerCase()}.${rec.location}.data.azurecr.io`] : [],
      privateEndpointConnections: privateEndpointConnectionsFor(state, rec.id),
      publicNetworkAccess: p.publicNetworkAccess,
      networkRuleBypassOptions: p.networkRuleBypassOptions,
      networkRuleBypassAllowedForTasks: p.networkRuleBypassAllowedForTasks,
      zoneRedundancy: p.zoneRedundancy,
      anonymousPullEnabled: p.anonymousPullEnabled,
      roleAssignmentMode: p.roleAssignmentMode,
    },
  };
}

const skuNotSupported = (sku: string, feature: string): ArmError =>
  badRequest('SkuNotSupported', `The SKU ${sku} is not supported for ${feature}. It requires the Premium SKU.`);

type Props = Partial<Omit<RegistryProperties, 'zoneRedundancy'>> & { zoneRedundancy?: string };

/** Stored properties after applying `p` over `prior` (defaults for a new registry), checked against the SKU. */
function normalize(ctx: Ctx, p: Props, prior: Record<string, unknown>, sku: string, rec: ResourceRecord, creating: boolean): Record<string, unknown> {
  const premium = sku === 'Premium';
  const priorPolicies = (prior.policies ?? {}) as Record<string, Record<string, unknown>>;
  const now = isoTime(ctx.now);
  const policies = {
    quarantinePolicy: { status: p.policies?.quarantinePolicy?.status ?? priorPolicies.quarantinePolicy?.status ?? 'disabled' },
    trustPolicy: { type: 'Notary', status: p.policies?.trustPolicy?.status ?? priorPolicies.trustPolicy?.status ?? 'disabled' },
    retentionPolicy: {
      days: p.policies?.retentionPolicy?.days ?? priorPolicies.retentionPolicy?.days ?? 7,
      lastUpdatedTime: p.policies?.retentionPolicy ? now : (priorPolicies.retentionPolicy?.lastUpdatedTime ?? now),
      status: p.policies?.retentionPolicy?.status ?? priorPolicies.retentionPolicy?.status ?? 'disabled',
    },
    exportPolicy: { status: p.policies?.exportPolicy?.status ?? priorPolicies.exportPolicy?.status ?? 'enabled' },
    azureADAuthenticationAsArmPolicy: { status: p.policies?.azureADAuthenticationAsArmPolicy?.status ?? priorPolicies.azureADAuthenticationAsArmPolicy?.status ?? 'enabled' },
  };
  const out: Record<string, unknown> = {
    adminUserEnabled: p.adminUserEnabled ?? prior.adminUserEnabled ?? false,
    networkRuleSet: p.networkRuleSet ? { defaultAction: p.networkRuleSet.defaultAction, ipRules: (p.networkRuleSet.ipRules ?? []).map((r) => ({ action: 'Allow', value: r.value })) } : (prior.networkRuleSet ?? { defaultAction: 'Allow', ipRules: [] }),
    policies,
    dataEndpointEnabled: p.dataEndpointEnabled ?? prior.dataEndpointEnabled ?? false,
    publicNetworkAccess: p.publicNetworkAccess ?? prior.publicNetworkAccess ?? 'Enabled',
    networkRuleBypassOptions: p.networkRuleBypassOptions ?? prior.networkRuleBypassOptions ?? 'AzureServices',
    networkRuleBypassAllowedForTasks: p.networkRuleBypassAllowedForTasks ?? prior.networkRuleBypassAllowedForTasks ?? false,
    zoneRedundancy: prior.zoneRedundancy ?? p.zoneRedundancy ?? 'Disabled',
    anonymousPullEnabled: p.anonymousPullEnabled ?? prior.anonymousPullEnabled ?? false,
    roleAssignmentMode: p.roleAssignmentMode ?? prior.roleAssignmentMode ?? 'LegacyRegistryPermissions',
  };
  if (!creating && p.zoneRedundancy !== undefined && p.zoneRedundancy !== prior.zoneRedundancy) {
    throw badRequest('ZoneRedundancyCannotBeUpdated', 'Zone redundancy can only be set when the registry is created.');
  }
  const rules = out.networkRuleSet as { defaultAction: string; ipRules: { value: string }[] };
  rules.ipRules.forEach((r, i) => {
    if (!isIpRule(r.value)) throw badRequest('InvalidIpRule', `The IP rule '${r.value}' at networkRuleSet.ipRules[${i}] is not a valid IPv4 address or CIDR range.`);
  });
  if (!premium) {
    if (out.publicNetworkAccess === 'Disabled') {
      throw badRequest('DisablingPublicNetworkAccessNotSupported', `Disabling public network access is not supported for the SKU ${sku}. For more information, please visit https://aka.ms/acr/private-link.`);
    }
    if (rules.defaultAction === 'Deny' || rules.ipRules.length > 0) throw skuNotSupported(sku, 'network rules (networkRuleSet)');
    if (out.dataEndpointEnabled === true) throw skuNotSupported(sku, 'dedicated data endpoints (dataEndpointEnabled)');
    if (out.zoneRedundancy === 'Enabled') throw skuNotSupported(sku, 'zone redundancy');
    for (const name of ['quarantinePolicy', 'trustPolicy', 'retentionPolicy'] as const) {
      if (policies[name].status === 'enabled') throw skuNotSupported(sku, `policies.${name}`);
    }
    if (policies.exportPolicy.status === 'disabled') throw skuNotSupported(sku, 'policies.exportPolicy');
  }
  if (sku === 'Basic' && out.anonymousPullEnabled === true) throw badRequest('SkuNotSupported', 'The SKU Basic is not supported for anonymous pull (anonymousPullEnabled). It requires the Standard or Premium SKU.');
  if (policies.exportPolicy.status === 'disabled' && out.publicNetworkAccess !== 'Disabled') {
    throw badRequest('ExportPolicyRequiresPublicNetworkAccessDisabled', 'The export policy can only be disabled when public network access is disabled (publicNetworkAccess: Disabled).');
  }
  out.encryption = encryption(ctx, p.encryption, prior.encryption as Record<string, unknown> | undefined, sku, rec, creating);
  return out;
}

function encryption(ctx: Ctx, given: Props['encryption'], prior: Record<string, unknown> | undefined, sku: string, rec: ResourceRecord, creating: boolean): Record<string, unknown> {
  if (given === undefined) return prior ?? { status: 'disabled' };
  const status = given.status ?? 'disabled';
  if (!creating && status !== (prior?.status ?? 'disabled')) {
    throw badRequest('EncryptionCannotBeChanged', 'Customer-managed key encryption can only be enabled or disabled when the registry is created.');
  }
  if (status === 'disabled') {
    if (given.keyVaultProperties) throw badRequest('InvalidEncryptionSettings', "encryption.keyVaultProperties requires encryption.status 'enabled'.");
    return { status: 'disabled' };
  }
  if (sku !== 'Premium') throw skuNotSupported(sku, 'customer-managed key encryption');
  const kvp = given.keyVaultProperties;
  const ref = kvp?.keyIdentifier ? parseKeyIdentifier(kvp.keyIdentifier) : undefined;
  if (!kvp?.keyIdentifier || !ref) {
    throw badRequest('InvalidKeyVaultKeyIdentifier', `encryption.keyVaultProperties.keyIdentifier must be a key URI (https://{vault}.vault.azure.net/keys/{key}[/{version}]), was '${kvp?.keyIdentifier ?? ''}'.`);
  }
  const resolved = resolveKey(ctx.state, ref.vaultName, ref.keyName, ref.version);
  if (!resolved.vault || !resolved.key || resolved.versionMismatch) {
    throw badRequest('KeyVaultKeyNotFound', `The key '${kvp.keyIdentifier}' (encryption.keyVaultProperties.keyIdentifier) was not found.`);
  }
  if (!vaultProtectedForCmk(resolved.vault)) {
    throw badRequest('KeyVaultSoftDeleteAndPurgeProtectionNotEnabled', `Key vault '${resolved.vault.name}' must have soft delete and purge protection enabled to hold a registry's encryption key.`);
  }
  const uai = attachedIdentities(rec).find((a) => a.kind === 'UserAssigned' && kvp.identity !== undefined && key(a.clientId ?? '') === key(kvp.identity));
  if (!uai) {
    throw badRequest(
      'InvalidEncryptionIdentity',
      `encryption.keyVaultProperties.identity '${kvp.identity ?? ''}' must be the client id of a user-assigned identity attached to registry '${rec.name}'.`,
    );
  }
  if (!canWrapWithKey(ctx.state, resolved.vault, resolved.key, uai.principalId)) {
    throw badRequest('KeyVaultAuthenticationFailure', `The identity '${kvp.identity}' cannot get, wrap and unwrap with key '${kvp.keyIdentifier}' in key vault '${resolved.vault.name}'.`);
  }
  return {
    status: 'enabled',
    keyVaultProperties: {
      keyIdentifier: kvp.keyIdentifier,
      versionedKeyIdentifier: keyUri(resolved.vault.name, ref.keyName, String(resolved.key.properties.version)),
      identity: kvp.identity,
      keyRotationEnabled: ref.version === undefined,
      lastKeyRotationTimestamp: isoTime(ctx.now),
    },
  };
}

function put(ctx: Ctx, group: ResourceRecord, name: string, existing: ResourceRecord | undefined): SimResponse {
  checkName(name, NAME_RULE);
  const body = parseBody(Registry, ctx.body, 'resources');
  assertNameMatches(body.name, name);
  const location = resolveLocation(body.location, T, existing, group);
  validateTags(body.tags);
  const id = existing?.id ?? registryId(group, name);
  if (!existing && globalNamesake(ctx.state, T, name, id)) {
    throw conflict(
      'AlreadyInUse',
      `The registry DNS name ${name.toLowerCase()}.azurecr.io is already in use. You can check if the name is already claimed using following API: https://docs.microsoft.com/en-us/rest/api/containerregistry/registries/checknameavailability`,
    );
  }
  if (existing && inFlight(ctx.state, existing.id)) {
    throw conflict('OperationNotAllowed', `Registry '${existing.name}' is ${STATE_NAMES[existing.provisioningState]?.toLowerCase() ?? 'busy'}; retry when the current operation has finished.`);
  }
  if (body.sku.name === 'Classic') throw badRequest('SkuNotSupported', 'The SKU Classic is not supported. Create Basic, Standard or Premium registries.');
  const rec = newRecord(ctx, { id, type: T, name, group, location, tags: body.tags, existing });
  rec.sku = { name: body.sku.name, tier: body.sku.name };
  rec.identity = applyIdentity(ctx, body.identity, existing?.identity, id);
  if (!rec.identity) delete rec.identity;
  rec.properties = normalize(ctx, body.properties ?? {}, existing?.properties ?? {}, body.sku.name, rec, !existing);
  if (existing) {
    putRecord(ctx.state, rec);
    return json(200, render(ctx.state, rec));
  }
  const op = startIn(ctx, REGISTRY_LRO, { name: 'CreateRegistry', method: 'PUT', subscriptionId: rec.subscriptionId, location, targetId: id, lockKey: id, touched: [id], latencyKey: T });
  rec.provisioningState = 'Updating';
  rec.operationId = op.id;
  putRecord(ctx.state, rec);
  return json(201, render(ctx.state, rec), acceptedHeaders(ctx, REGISTRY_LRO, op, { status: true }));
}

function patch(ctx: Ctx, existing: ResourceRecord): SimResponse {
  const body = parseBody(RegistryUpdateParameters, ctx.body, 'resources');
  validateTags(body.tags);
  if (inFlight(ctx.state, existing.id)) throw conflict('OperationNotAllowed', `Registry '${existing.name}' is busy; retry when the current operation has finished.`);
  const sku = body.sku?.name ?? String(existing.sku?.name);
  if (sku === 'Classic') throw badRequest('SkuNotSupported', 'The SKU Classic is not supported.');
  const rec: ResourceRecord = { ...existing, changedAt: ctx.now, sku: { name: sku, tier: sku } };
  if (body.tags !== undefined) rec.tags = body.tags;
  rec.identity = applyIdentity(ctx, body.identity, existing.identity, existing.id);
  if (!rec.identity) delete rec.identity;
  rec.properties = normalize(ctx, body.properties ?? {}, existing.properties, sku, rec, false);
  putRecord(ctx.state, rec);
  return json(200, render(ctx.state, rec));
}

function operationStatus(ctx: Ctx, opName: string): SimResponse {
  return statusResponse(ctx, REGISTRY_LRO, polledOperation(ctx, CONTAINER_REGISTRY, opName.replace(/^registries-/i, ''), 'operation status'));
}

function checkNameAvailability(ctx: Ctx): SimResponse {
  if (ctx.method !== 'POST') throw methodNotAllowed(ctx.method, 'checkNameAvailability');
  const { name } = parseBody(RegistryNameCheckRequest, ctx.body, 'resources');
  if (nameError(name, NAME_RULE)) return json(200, { nameAvailable: false, reason: 'Invalid', message: NAME_RULE.describe });
  if (globalNamesake(ctx.state, T, name)) return json(200, { nameAvailable: false, reason: 'AlreadyExists', message: `The registry ${name} is already in use.` });
  return json(200, { nameAvailable: true });
}

function handle(ctx: Ctx, route: ProviderRoute): SimResponse {
  const { types, names, collection } = route.typed;
  const path = types.map((t) => t.toLowerCase()).join('/');
  const { group, sub } = route;
  if (path === 'registries' && collection) return listTracked(ctx, T, sub, group, render);
  if (!group) {
    if (path === 'checknameavailability') return checkNameAvailability(ctx);
    throw new ArmError(404, 'InvalidResourceType', `The resource type '${types.join('/')}' is not available at subscription scope in '${CONTAINER_REGISTRY}'.`);
  }
  if (path === 'registries/operationstatuses' && !collection) return operationStatus(ctx, names[1]);
  if (path !== 'registries') throw methodNotAllowed(ctx.method, `${types.join('/')} in a resource group`);
  const name = names[0];
  const existing = getRecord(ctx.state, registryId(group, name));
  return serveTracked(ctx, {
    type: T,
    label: 'registry',
    name,
    group,
    existing,
    render,
    put: () => put(ctx, group, name, existing),
    patch: (registry) => patch(ctx, registry),
    remove: (registry) => {
      const op = startDelete(ctx, REGISTRY_LRO, { name: 'DeleteRegistry', target: registry, rejoin: inFlight(ctx.state, registry.id) });
      return empty(202, acceptedHeaders(ctx, REGISTRY_LRO, op, { status: true }));
    },
  });
}

export const containerRegistryProvider: Provider = {
  namespace: CONTAINER_REGISTRY,
  apiVersions: ['2023-07-01', '2025-11-01'],
  resourceTypes: ['registries', 'registries/operationStatuses', 'checkNameAvailability'],
  handle,
  render,
  deleteLatencyKey: () => T,
};
