// Azure ML workspace rules, read from other providers' records in CloudState: dependent resources
// (exist, right type, same region), identities (exist, primary is attached), customer-managed keys
// (vault with soft delete and purge protection, the key in that vault, an attached identity) and the
// members that cannot change after creation.
import { badRequest } from '../errors.js';
import type { ArmResource, SimResponse } from '../types.js';
import type { Ctx } from './types.js';
import { getRecord, type CloudState, type ResourceRecord } from '../state.js';
import { canWrapWithKey, cosmosDbCannotWrap, parseKeyIdentifier, resolveKey, vaultProtectedForCmk } from './keyvault/cmk.js';
import type { WorkspacePropertiesBody } from '../schemas/machine-learning.js';
import { parseArmId, same } from './kit/ids.js';
import { locationOperationUrl, type LroStyle } from './kit/lro-style.js';
import { polledOperation, resultResponse, statusResponse, timedStatusOf } from './kit/polling.js';

export const T_ML = {
  workspace: 'Microsoft.MachineLearningServices/workspaces',
  storage: 'Microsoft.Storage/storageAccounts',
  vault: 'Microsoft.KeyVault/vaults',
  registry: 'Microsoft.ContainerRegistry/registries',
  insights: 'Microsoft.Insights/components',
  identity: 'Microsoft.ManagedIdentity/userAssignedIdentities',
} as const;


interface Dependency {
  property: 'storageAccount' | 'keyVault' | 'applicationInsights' | 'containerRegistry';
  type: string;
  label: string;
  required: boolean;
}

const DEPENDENCIES: readonly Dependency[] = [
  { property: 'storageAccount', type: T_ML.storage, label: 'storage account', required: true },
  { property: 'keyVault', type: T_ML.vault, label: 'key vault', required: true },
  { property: 'applicationInsights', type: T_ML.insights, label: 'Application Insights component', required: false },
  { property: 'containerRegistry', type: T_ML.registry, label: 'container registry', required: false },
];

const invalidId = (id: string, path: string) =>
  badRequest(
    'LinkedInvalidPropertyId',
    `Property id '${id}' at path '${path}' is invalid. Expect fully qualified resource Id that start with '/subscriptions/{subscriptionId}' or '/providers/{resourceProviderNamespace}/'.`,
  );

/** The workspace's dependent resources: they must exist, be of the right type and live in its region. */
export function checkDependencies(state: CloudState, workspaceId: string, location: string, p: WorkspacePropertiesBody): Record<string, ResourceRecord | undefined> {
  const found: Record<string, ResourceRecord | undefined> = {};
  for (const d of DEPENDENCIES) {
    const id = p[d.property];
    if (id === undefined || id === '') {
      if (d.required) {
        throw badRequest('LinkedResourceRequired', `Workspace ${workspaceId} needs a ${d.label}: properties.${d.property} is required.`);
      }
      continue;
    }
    if (!parseArmId(id)) throw invalidId(id, `properties.${d.property}`);
    const rec = getRecord(state, id);
    if (!rec || rec.provisioningState === 'Deleting') {
      throw badRequest('LinkedResourceNotFound', `The ${d.label} '${id}' (properties.${d.property}) of workspace ${workspaceId} was not found.`);
    }
    if (rec.type.toLowerCase() !== d.type.toLowerCase()) throw wrongType(d, id, rec.type);
    const region = (rec.location ?? '').replace(/\s+/g, '').toLowerCase();
    if (region !== location) {
      throw badRequest(
        'LinkedResourceInDifferentRegion',
        `The ${d.label} '${id}' is in region '${rec.location ?? 'unknown'}' but workspace ${workspaceId} is in '${location}'. A workspace's ${d.label} must be in the same region.`,
      );
    }
    found[d.property] = rec;
  }
  return found;
}

const wrongType = (d: Dependency, id: string, actual: string) =>
  badRequest('InvalidLinkedResourceType', `properties.${d.property} must reference a resource of type '${d.type}', but '${id}' is of type '${actual}'.`);

export type IdentityType = 'None' | 'SystemAssigned' | 'UserAssigned' | 'SystemAssigned,UserAssigned';
const IDENTITY_TYPES: readonly IdentityType[] = ['None', 'SystemAssigned', 'UserAssigned', 'SystemAssigned,UserAssigned'];

export interface NormalizedIdentity {
  type: IdentityType;
  /** Canonical ids of the attached user-assigned identities. */
  userAssigned: ResourceRecord[];
}

/** identity.type and userAssignedIdentities: known type, identities that exist, both or neither. */
export function normalizeIdentity(state: CloudState, given: { type: string; userAssignedIdentities?: Record<string, unknown> } | undefined): NormalizedIdentity {
  if (!given) return { type: 'None', userAssigned: [] };
  const type = IDENTITY_TYPES.find((t) => t.toLowerCase() === given.type.replace(/\s+/g, '').toLowerCase());
  if (!type) {
    throw badRequest('InvalidIdentityType', `Identity type '${given.type}' is invalid. Allowed values: ${IDENTITY_TYPES.join(', ')}.`);
  }
  const ids = Object.keys(given.userAssignedIdentities ?? {});
  const wantsUser = type === 'UserAssigned' || type === 'SystemAssigned,UserAssigned';
  if (wantsUser && ids.length === 0) {
    throw badRequest('BadRequestFormat', `Identity type '${type}' requires at least one entry in identity.userAssignedIdentities.`);
  }
  if (!wantsUser && ids.length > 0) {
    throw badRequest('BadRequestFormat', `identity.userAssignedIdentities can only be set when identity.type includes 'UserAssigned' (it is '${type}').`);
  }
  const userAssigned = ids.map((id) => {
    if (!parseArmId(id)) throw invalidId(id, 'identity.userAssignedIdentities');
    const rec = getRecord(state, id);
    if (!rec || rec.type.toLowerCase() !== T_ML.identity.toLowerCase() || rec.provisioningState === 'Deleting') {
      throw badRequest(
        'FailedIdentityOperation',
        `Identity operation for resource failed: the user assigned identity '${id}' was not found. Create it first, or remove it from identity.userAssignedIdentities.`,
      );
    }
    return rec;
  });
  return { type, userAssigned };
}

/** primaryUserAssignedIdentity must be one of the attached identities (and is required with UserAssigned only). */
export function checkPrimaryIdentity(workspaceId: string, identity: NormalizedIdentity, primary: string | undefined): void {
  if (primary === undefined || primary === '') {
    if (identity.type === 'UserAssigned') {
      throw badRequest('PrimaryUserAssignedIdentityRequired', `Workspace ${workspaceId} uses only user-assigned identities: properties.primaryUserAssignedIdentity must name one of them.`);
    }
    return;
  }
  if (!identity.userAssigned.some((u) => same(u.id, primary))) {
    throw badRequest(
      'InvalidPrimaryUserAssignedIdentity',
      `properties.primaryUserAssignedIdentity '${primary}' of workspace ${workspaceId} is not one of the identities in identity.userAssignedIdentities.`,
    );
  }
}

const trimSlash = (s: string): string => s.replace(/\/+$/, '').toLowerCase();

/**
 * Customer-managed key: the vault exists with soft delete and purge protection, the key identifier is a
 * key (current version, or versionless) of that vault, and the identity that reads it is attached to the
 * workspace and may get/wrap/unwrap with the key (access policy or RBAC, per the vault's model).
 */
export function checkEncryption(state: CloudState, workspaceId: string, identity: NormalizedIdentity, enc: WorkspacePropertiesBody['encryption']): void {
  if (!enc || enc.status !== 'Enabled') return;
  const kv = enc.keyVaultProperties;
  if (!parseArmId(kv.keyVaultArmId)) throw invalidId(kv.keyVaultArmId, 'properties.encryption.keyVaultProperties.keyVaultArmId');
  const vault = getRecord(state, kv.keyVaultArmId);
  if (!vault || vault.type.toLowerCase() !== T_ML.vault.toLowerCase() || vault.provisioningState === 'Deleting') {
    throw badRequest('LinkedResourceNotFound', `The customer-managed key vault '${kv.keyVaultArmId}' of workspace ${workspaceId} was not found.`);
  }
  if (vault.properties.enableSoftDelete === false) {
    throw badRequest('BadRequest', `CMK workspaces should have soft delete and purge protection enabled on their CMK keyvault. Key vault '${vault.name}' has soft delete disabled.`);
  }
  if (!vaultProtectedForCmk(vault)) {
    throw badRequest('BadRequest', `CMK workspaces should have purge protection enabled on their CMK keyvault. Key vault '${vault.name}' does not have purge protection enabled.`);
  }
  const badKey = (why: string) =>
    badRequest('InvalidKeyIdentifier', `properties.encryption.keyVaultProperties.keyIdentifier '${kv.keyIdentifier}' ${why}`);
  const kid = parseKeyIdentifier(kv.keyIdentifier);
  if (!kid) throw badKey("is not a key URI of the form 'https://{vault}.vault.azure.net/keys/{name}[/{version}]'.");
  if (!same(kid.vaultName, vault.name)) throw badKey(`points at vault '${kid.vaultName}', but keyVaultArmId is vault '${vault.name}'.`);
  const resolved = resolveKey(state, kid.vaultName, kid.keyName, kid.version);
  if (!resolved.key || !same(resolved.key.parentId, vault.id)) throw badKey(`is not a key of key vault '${vault.name}'.`);
  if (resolved.versionMismatch) throw badKey(`names version '${kid.version ?? ''}', which is not the current version of key '${kid.keyName}'.`);

  const uai = enc.identity?.userAssignedIdentity;
  if (uai !== undefined && uai !== '') {
    const attached = identity.userAssigned.find((u) => same(u.id, uai));
    if (!attached) {
      throw badRequest(
        'InvalidEncryptionIdentity',
        `properties.encryption.identity.userAssignedIdentity '${uai}' is not attached to workspace ${workspaceId}; add it to identity.userAssignedIdentities.`,
      );
    }
    const clientId = kv.identityClientId;
    if (clientId !== undefined && clientId !== '' && !same(String(attached.properties.clientId ?? ''), clientId)) {
      throw badRequest('InvalidEncryptionIdentity', `keyVaultProperties.identityClientId '${clientId}' is not the client id of identity '${uai}'.`);
    }
    if (!canWrapWithKey(state, vault, resolved.key, String(attached.properties.principalId ?? ''))) {
      throw badRequest(
        'KeyVaultKeyAccessDenied',
        `Identity '${uai}' (principal ${String(attached.properties.principalId ?? '')}) cannot get, wrap and unwrap key '${kid.keyName}' of key vault '${vault.name}'. ` +
          `Grant it ${vault.properties.enableRbacAuthorization === true ? "a role such as 'Key Vault Crypto Service Encryption User' on the key or vault" : 'an access policy with get, wrapKey and unwrapKey key permissions'} first.`,
      );
    }
  } else if (identity.type !== 'SystemAssigned' && identity.type !== 'SystemAssigned,UserAssigned') {
    throw badRequest(
      'InvalidEncryptionIdentity',
      `Workspace ${workspaceId} has no identity to access its customer-managed key: set properties.encryption.identity.userAssignedIdentity or enable the system-assigned identity.`,
    );
  }
  // The workspace's metadata lives in an Azure Cosmos DB account encrypted with the same key: Azure Cosmos DB's
  // first-party service principal (its object id in this tenant) must be able to wrap with it (SPEC.md ML-cmk).
  const cosmos = cosmosDbCannotWrap(state, vault, resolved.key);
  if (cosmos) {
    throw badRequest(
      'KeyVaultKeyAccessDenied',
      `Azure Cosmos DB's service principal${cosmos.objectId ? ` (object id ${cosmos.objectId})` : ' (not in this tenant)'} cannot get, wrap and unwrap key '${kid.keyName}' of key vault '${vault.name}'. ` +
        `Grant it ${vault.properties.enableRbacAuthorization === true ? "'Key Vault Crypto Service Encryption User' on the key or vault" : 'an access policy with get, wrapKey and unwrapKey key permissions'} by its object id (not the application id a232010e-820c-4083-83bb-3ace5fc29d0b).`,
    );
  }
}

const encryptionShape = (enc: WorkspacePropertiesBody['encryption'] | undefined): string =>
  enc
    ? JSON.stringify([enc.status, enc.keyVaultProperties.keyVaultArmId.toLowerCase(), trimSlash(enc.keyVaultProperties.keyIdentifier), (enc.identity?.userAssignedIdentity ?? '').toLowerCase()])
    : 'none';

/** hbiWorkspace, encryption, storageAccount and keyVault are fixed at creation. */
export function checkImmutable(existing: ResourceRecord, p: WorkspacePropertiesBody): void {
  const before = existing.properties as WorkspacePropertiesBody;
  if ((p.hbiWorkspace ?? false) !== (before.hbiWorkspace ?? false)) {
    throw badRequest('HbiWorkspaceCannotBeChanged', `hbiWorkspace of workspace ${existing.id} cannot be changed after creation (it is ${before.hbiWorkspace ?? false}).`);
  }
  if (encryptionShape(p.encryption) !== encryptionShape(before.encryption)) {
    throw badRequest('EncryptionCannotBeChanged', `The encryption settings of workspace ${existing.id} cannot be changed after creation.`);
  }
  for (const property of ['storageAccount', 'keyVault'] as const) {
    if (!same(p[property], before[property])) {
      throw badRequest('LinkedResourceCannotBeChanged', `properties.${property} of workspace ${existing.id} cannot be changed after creation.`);
    }
  }
}

/**
 * Azure ML's LRO style for one status endpoint (workspaceOperationsStatus, computeOperationsStatus): the same
 * URL answers the status document (`&type=async`, Azure-AsyncOperation) and the result (`&type=location`,
 * Location); Retry-After 10 s, the spec's minimum.
 */
export function mlLro(endpoint: string): LroStyle {
  return {
    namespace: ML_NAMESPACE,
    retryAfter: 10,
    statusUrl: locationOperationUrl(endpoint, { after: '&type=async' }),
    resultUrl: locationOperationUrl(endpoint, { after: '&type=location' }),
  };
}

/**
 * `type=async` answers the status document (with its id), `type=location` 202 until done, then the resource
 * (or `done`, for operations whose result is not the addressed resource: managed-network provisioning, rules).
 */
export function mlOperationStatus(ctx: Ctx, opId: string, endpoint: string, render: (rec: ResourceRecord) => ArmResource, done?: SimResponse): SimResponse {
  const style = mlLro(endpoint);
  const op = polledOperation(ctx, ML_NAMESPACE, opId, 'operation status');
  if ((ctx.url.query.get('type') ?? 'async').toLowerCase() === 'location') return resultResponse(ctx, style, op, { render, ...(done ? { done } : {}) });
  return statusResponse(ctx, style, op, { id: `/subscriptions/${op.subscriptionId}/providers/${ML_NAMESPACE}/locations/${op.location}/${endpoint}/${op.id}`, ...timedStatusOf(op) });
}

const ML_NAMESPACE = 'Microsoft.MachineLearningServices';
