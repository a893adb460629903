// Key vaults. PUT of a new vault answers 201 with provisioningState RegisteringDns and is body-polled
// (no async headers: @azure/arm-keyvault's poller then GETs the vault until Succeeded). Names are global;
// DELETE is synchronous and soft-deletes (the record carries its soft-delete policy, so a resource-group
// cascade soft-deletes too); createMode 'recover' brings a soft-deleted vault (and its keys) back.
import { ArmError, conflict, notFound } from '../../errors.js';
import { empty, json } from '../../http.js';
import { operationSeconds, startOperation } from '../../lro.js';
import { checkName } from '../../names.js';
import { isGuid } from '../../router.js';
import { parseBody } from '../../schemas/common.js';
import { VaultCreateOrUpdateParameters, type VaultPropertiesBody } from '../../schemas/keyvault.js';
import { dropSoftDeleted, findSoftDeleted, putRecord, removeSubtree, tenantIdOf, type CloudState, type ResourceRecord, type SoftDeletedRecord } from '../../state.js';
import { validateTags } from '../../tags.js';
import type { ArmResource, SimResponse } from '../../types.js';
import { canonicalSubnetId, isIpRule, subnetRuleProblem } from '../network-rules.js';
import { privateEndpointConnectionsFor } from '../network/private-link.js';
import { assertNameMatches, envelope, globalNamesake, isoTime, newRecord, resolveLocation, trackedId } from '../kit/tracked.js';
import type { Ctx } from '../types.js';
import { KEYVAULT, T, VAULT_NAME_RULE, vaultBadRequest, vaultUri } from './common.js';
import { serveTracked } from '../kit/serve.js';

export const vaultId = (group: ResourceRecord, name: string): string => trackedId(group, KEYVAULT, 'vaults', name);

export function renderVault(state: CloudState, rec: ResourceRecord): ArmResource {
  const p = rec.properties;
  return {
    ...envelope(rec),
    systemData: { createdAt: isoTime(rec.createdAt), lastModifiedAt: isoTime(rec.changedAt) },
    properties: {
      sku: p.sku,
      tenantId: p.tenantId,
      ...(p.networkAcls ? { networkAcls: p.networkAcls } : {}),
      accessPolicies: p.accessPolicies,
      enabledForDeployment: p.enabledForDeployment,
      enabledForDiskEncryption: p.enabledForDiskEncryption,
      enabledForTemplateDeployment: p.enabledForTemplateDeployment,
      enableSoftDelete: true,
      softDeleteRetentionInDays: p.softDeleteRetentionInDays,
      enableRbacAuthorization: p.enableRbacAuthorization,
      ...(p.enablePurgeProtection === true ? { enablePurgeProtection: true } : {}),
      vaultUri: vaultUri(rec.name),
      provisioningState: rec.provisioningState === 'Succeeded' || rec.provisioningState === 'Failed' ? rec.provisioningState : 'RegisteringDns',
      publicNetworkAccess: p.publicNetworkAccess,
      // Key Vault's PrivateEndpointConnectionItem (2026-02-01) allows id, etag and properties only.
      privateEndpointConnections: privateEndpointConnectionsFor(state, rec.id).map(({ id, properties }) => ({ id, properties })),
    },
  };
}

export function handleVault(ctx: Ctx, group: ResourceRecord, name: string, existing: ResourceRecord | undefined): SimResponse {
  return serveTracked(ctx, {
    type: T.vault,
    label: 'vault',
    name,
    group,
    existing,
    render: renderVault,
    put: () => putVault(ctx, group, name, existing),
    // Soft delete: removeSubtree moves the vault and its keys into softDeleted (role assignments on it go).
    remove: (vault) => {
      vault.changedAt = ctx.now;
      removeSubtree(ctx.state, vault.id, ctx.now);
      return empty(200);
    },
  });
}

const vaultAlreadyExists = (name: string): ArmError =>
  conflict(
    'VaultAlreadyExists',
    `The vault name '${name}' is already in use. Vault names are globally unique so it is possible that the name is already taken. ` +
      'If you are sure that the vault name was not taken then it is possible that a vault with the same name was recently deleted but not purged after being placed in a recoverable state. ' +
      'If the vault is in a recoverable state then the vault will need to be purged before reusing the name. ' +
      'For more information on VaultAlreadyExists, soft delete and purging a vault follow this link https://go.microsoft.com/fwlink/?linkid=2147740.',
  );

const softDeletedConflict = (entry: SoftDeletedRecord): ArmError =>
  conflict(
    'ConflictError',
    `A vault with the same name already exists in deleted state. The soft-deleted vault '${entry.name}' (${entry.id}, location '${entry.location}', ` +
      `scheduled purge ${isoTime(entry.scheduledPurgeAt)}) must be recovered (createMode 'recover') or purged before the name can be reused. ` +
      'Follow this link https://go.microsoft.com/fwlink/?linkid=2149745 for more information on soft delete.',
  );

function validateProperties(ctx: Ctx, p: VaultPropertiesBody, existing: ResourceRecord | undefined, id: string): void {
  const tenant = tenantIdOf(ctx.state);
  if (!isGuid(p.tenantId)) throw vaultBadRequest(`Invalid value '${p.tenantId}' for property 'properties.tenantId': it must be a GUID.`);
  if (p.tenantId.toLowerCase() !== tenant) {
    throw vaultBadRequest(`The tenant '${p.tenantId}' in properties.tenantId does not match the tenant '${tenant}' of the subscription.`);
  }
  (p.accessPolicies ?? []).forEach((a, i) => {
    if (!isGuid(a.tenantId)) throw vaultBadRequest(`Invalid value '${a.tenantId}' for property 'properties.accessPolicies[${i}].tenantId': it must be a GUID.`);
    if (!isGuid(a.objectId)) throw vaultBadRequest(`Invalid value '${a.objectId}' for property 'properties.accessPolicies[${i}].objectId': it must be a GUID.`);
  });
  if (p.enableSoftDelete === false) {
    throw vaultBadRequest('The property "enableSoftDelete" cannot be set to false. Soft delete cannot be disabled: it is enabled for all key vaults.');
  }
  const retention = p.softDeleteRetentionInDays;
  if (retention !== undefined && (retention < 7 || retention > 90)) {
    throw vaultBadRequest(`The property "softDeleteRetentionInDays" must be between 7 and 90 (was ${retention}).`);
  }
  if (existing && retention !== undefined && retention !== existing.properties.softDeleteRetentionInDays) {
    throw vaultBadRequest('The property "softDeleteRetentionInDays" cannot be changed once the vault has been created.');
  }
  // An explicit false is refused on create and update alike; leave the member out instead
  // (Azure/azure-rest-api-specs#18106, Azure/azure-cli#13006, Azure/bicep#5223).
  if (p.enablePurgeProtection === false) {
    throw vaultBadRequest('The property "enablePurgeProtection" cannot be set to false. Enabling the purge protection for a vault is an irreversible action.');
  }
  for (const [i, r] of (p.networkAcls?.ipRules ?? []).entries()) {
    if (!isIpRule(r.value)) throw vaultBadRequest(`Invalid value '${r.value}' for property 'properties.networkAcls.ipRules[${i}].value': expected an IPv4 address or CIDR range.`);
  }
  for (const r of p.networkAcls?.virtualNetworkRules ?? []) {
    const problem = subnetRuleProblem(ctx.state, r.id, KEYVAULT);
    if (problem === 'missing') throw vaultBadRequest(`Subnet '${r.id}' referenced by vault '${id}' in properties.networkAcls.virtualNetworkRules was not found.`);
    if (problem === 'noServiceEndpoint' && r.ignoreMissingVnetServiceEndpoint !== true) {
      throw vaultBadRequest(`Subnet '${r.id}' does not have the '${KEYVAULT}' service endpoint enabled. Enable it, or set ignoreMissingVnetServiceEndpoint.`);
    }
  }
}

/** RBAC is the default permission model for vaults created with api-version 2026-02-01 and later. */
const rbacByDefault = (apiVersion: string): boolean => apiVersion >= '2026-02-01';

function putVault(ctx: Ctx, group: ResourceRecord, name: string, existing: ResourceRecord | undefined): SimResponse {
  checkName(name, VAULT_NAME_RULE);
  const body = parseBody(VaultCreateOrUpdateParameters, ctx.body, 'resources');
  assertNameMatches(body.name, name);
  const location = resolveLocation(body.location, T.vault, existing, group);
  validateTags(body.tags);
  const id = existing?.id ?? vaultId(group, name);
  const p = body.properties;
  if (!existing) {
    if (globalNamesake(ctx.state, T.vault, name, id)) throw vaultAlreadyExists(name);
    const deleted = findSoftDeleted(ctx.state, T.vault, name);
    if (p.createMode === 'recover') return recoverVault(ctx, id, name, location, deleted);
    if (deleted) throw softDeletedConflict(deleted);
  }
  validateProperties(ctx, p, existing, id);

  const prior = existing?.properties ?? {};
  const networkAcls = p.networkAcls
    ? {
        bypass: p.networkAcls.bypass ?? 'AzureServices',
        defaultAction: p.networkAcls.defaultAction ?? 'Allow',
        ipRules: p.networkAcls.ipRules ?? [],
        virtualNetworkRules: (p.networkAcls.virtualNetworkRules ?? []).map((r) => ({
          id: canonicalSubnetId(ctx.state, r.id),
          ignoreMissingVnetServiceEndpoint: r.ignoreMissingVnetServiceEndpoint ?? false,
        })),
      }
    : undefined;
  const purgeProtection = p.enablePurgeProtection === true || prior.enablePurgeProtection === true;
  const retention = (prior.softDeleteRetentionInDays as number | undefined) ?? p.softDeleteRetentionInDays ?? 90;
  const rec = newRecord(ctx, { id, type: T.vault, name, group, location, tags: body.tags, existing });
  rec.properties = {
    tenantId: p.tenantId.toLowerCase(),
    sku: p.sku,
    accessPolicies: (p.accessPolicies ?? []).map((a) => ({ ...a, permissions: { keys: [], secrets: [], certificates: [], ...a.permissions } })),
    enabledForDeployment: p.enabledForDeployment ?? false,
    enabledForDiskEncryption: p.enabledForDiskEncryption ?? false,
    enabledForTemplateDeployment: p.enabledForTemplateDeployment ?? false,
    softDeleteRetentionInDays: retention,
    enableRbacAuthorization: p.enableRbacAuthorization ?? (existing ? prior.enableRbacAuthorization : rbacByDefault(ctx.apiVersion)),
    ...(purgeProtection ? { enablePurgeProtection: true } : {}),
    ...(networkAcls ? { networkAcls } : {}),
    publicNetworkAccess: p.publicNetworkAccess ?? 'Enabled',
  };
  rec.softDelete = { retentionDays: retention, purgeProtection };
  if (existing && existing.provisioningState !== 'Failed') {
    // An update while DNS registration still runs keeps that operation; otherwise it is synchronous.
    rec.provisioningState = existing.provisioningState;
    if (existing.operationId) rec.operationId = existing.operationId;
    putRecord(ctx.state, rec);
    return json(200, renderVault(ctx.state, rec));
  }
  // New, or a PUT repairing a vault whose creation failed: DNS registration runs (again).
  registerDns(ctx, rec);
  putRecord(ctx.state, rec);
  return json(existing ? 200 : 201, renderVault(ctx.state, rec));
}

/** New (or recovered) vaults spend the model's create time in RegisteringDns. */
function registerDns(ctx: Ctx, rec: ResourceRecord): void {
  const op = startOperation(ctx.state, ctx.now, ctx.latency, {
    namespace: KEYVAULT,
    name: 'RegisterVaultDns',
    method: 'PUT',
    subscriptionId: rec.subscriptionId,
    location: rec.location as string,
    targetId: rec.id,
    touched: [rec.id],
    seconds: operationSeconds(ctx.state, ctx.latency, T.vault, 'create'),
  });
  rec.provisioningState = 'Updating';
  rec.operationId = op.id;
}

function recoverVault(ctx: Ctx, id: string, name: string, location: string, deleted: SoftDeletedRecord | undefined): SimResponse {
  if (!deleted) throw notFound('DeletedVaultNotFound', `A deleted vault with the name '${name}' was not found, so it cannot be recovered (createMode 'recover').`);
  if (deleted.id.toLowerCase() !== id.toLowerCase() || deleted.location !== location) {
    throw vaultBadRequest(
      `The deleted vault '${name}' can only be recovered to its original resource group and location (${deleted.id}, '${deleted.location}').`,
    );
  }
  const rec: ResourceRecord = { ...deleted.record, changedAt: ctx.now, provisioningState: 'Succeeded' };
  delete rec.operationId;
  registerDns(ctx, rec);
  putRecord(ctx.state, rec);
  for (const child of deleted.children ?? []) {
    const restored: ResourceRecord = { ...child, provisioningState: 'Succeeded' };
    delete restored.operationId;
    putRecord(ctx.state, restored);
  }
  dropSoftDeleted(ctx.state, deleted);
  return json(201, renderVault(ctx.state, rec));
}
