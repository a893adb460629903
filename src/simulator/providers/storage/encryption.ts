// Storage account encryption: service defaults, immutable infrastructure encryption, and the customer-
// managed-key rules (keySource Microsoft.Keyvault): the vault (found by keyvaulturi host) and key must
// exist, the vault needs soft delete + purge protection, the encryption identity must be one of the
// account's identities, and that identity must be allowed to wrap/unwrap with the key.
import { badRequest, type ArmError } from '../../errors.js';
import type { EncryptionBody } from '../../schemas/storage.js';
import { key, type ResourceRecord } from '../../state.js';
import { attachedIdentities } from '../kit/identity.js';
import { canWrapWithKey, resolveKey, vaultProtectedForCmk } from '../keyvault/cmk.js';
import { vaultNameFromUri } from '../keyvault/common.js';
import { keyUri } from '../keyvault/keys.js';
import { isoTime } from '../kit/tracked.js';
import type { Ctx } from '../types.js';

const invalid = (code: string, message: string): ArmError => badRequest(code, message);

interface ServiceState {
  enabled: boolean;
  keyType: string;
  lastEnabledTime: string;
}

/**
 * The stored encryption block for a PUT/PATCH: `given` merged over the account's current encryption.
 * `account` carries the identity the request leaves the account with; `existing` is the record before.
 */
export function normalizeEncryption(ctx: Ctx, given: EncryptionBody | undefined, account: ResourceRecord, existing: ResourceRecord | undefined): Record<string, unknown> {
  const prior = (existing?.properties.encryption ?? {}) as Record<string, unknown>;
  // A write that leaves encryption alone keeps it as it is (the key is not re-validated).
  if (given === undefined && existing?.properties.encryption) return prior;
  const priorServices = (prior.services ?? {}) as Record<string, ServiceState>;
  const now = isoTime(ctx.now);
  const services: Record<string, ServiceState> = { ...priorServices };
  for (const svc of ['blob', 'file'] as const) services[svc] ??= { enabled: true, keyType: 'Account', lastEnabledTime: now };
  for (const [svc, s] of Object.entries(given?.services ?? {})) {
    if (!s) continue;
    if (s.enabled === false) throw invalid('InvalidValuesForRequestParameters', `Encryption of the ${svc} service cannot be disabled.`);
    const before = priorServices[svc];
    if (existing && before && s.keyType !== undefined && s.keyType !== before.keyType) {
      throw invalid('InvalidValuesForRequestParameters', `The keyType of the ${svc} encryption service cannot be changed after the account is created.`);
    }
    if (existing && !before && (svc === 'table' || svc === 'queue') && s.keyType === 'Account') {
      throw invalid('InvalidValuesForRequestParameters', `Account-scoped keys for the ${svc} service can only be chosen when the account is created.`);
    }
    services[svc] = { enabled: true, keyType: s.keyType ?? before?.keyType ?? ((svc === 'blob' || svc === 'file') ? 'Account' : 'Service'), lastEnabledTime: before?.lastEnabledTime ?? now };
  }
  const priorInfra = prior.requireInfrastructureEncryption === true;
  if (existing && given?.requireInfrastructureEncryption !== undefined && given.requireInfrastructureEncryption !== priorInfra) {
    throw invalid('InvalidValuesForRequestParameters', 'The property requireInfrastructureEncryption cannot be changed after the account is created.');
  }
  const requireInfrastructureEncryption = existing ? priorInfra : given?.requireInfrastructureEncryption === true;
  const keySource = given?.keySource ?? (prior.keySource as string | undefined) ?? 'Microsoft.Storage';
  const out: Record<string, unknown> = { services, keySource, ...(requireInfrastructureEncryption ? { requireInfrastructureEncryption } : {}) };
  if (keySource === 'Microsoft.Keyvault') {
    const kvp = given?.keyvaultproperties ?? (prior.keyvaultproperties as EncryptionBody['keyvaultproperties']);
    const identity = given?.identity ?? (prior.identity as EncryptionBody['identity']);
    Object.assign(out, customerManagedKey(ctx, kvp, identity, account, existing));
  } else if (given?.keyvaultproperties !== undefined) {
    throw invalid('InvalidValuesForRequestParameters', "encryption.keyvaultproperties can only be set when encryption.keySource is 'Microsoft.Keyvault'.");
  }
  return out;
}

function customerManagedKey(
  ctx: Ctx,
  kvp: EncryptionBody['keyvaultproperties'],
  identity: EncryptionBody['identity'],
  account: ResourceRecord,
  existing: ResourceRecord | undefined,
): Record<string, unknown> {
  const missing = ['keyname', 'keyvaulturi'].filter((m) => !kvp?.[m as 'keyname' | 'keyvaulturi']);
  if (missing.length > 0) {
    throw invalid('InvalidValuesForRequestParameters', `Values for request parameters are invalid: encryption.keyvaultproperties.${missing.join(', encryption.keyvaultproperties.')} (required when keySource is Microsoft.Keyvault).`);
  }
  const uri = kvp?.keyvaulturi as string;
  const keyName = kvp?.keyname as string;
  const vaultName = vaultNameFromUri(uri);
  if (!vaultName) throw invalid('InvalidValuesForRequestParameters', `Values for request parameters are invalid: keyvaulturi '${uri}' is not a key vault URI (https://{vault}.vault.azure.net/).`);
  const resolved = resolveKey(ctx.state, vaultName, keyName, kvp?.keyversion);
  if (!resolved.vault) {
    throw invalid('KeyVaultNotFound', `The operation failed because the key vault '${uri}' (keyvaulturi) could not be found.`);
  }
  if (!resolved.key || resolved.versionMismatch) {
    throw invalid('KeyVaultKeyNotFound', `The operation failed because the key '${keyName}'${kvp?.keyversion ? ` version '${kvp.keyversion}'` : ''} was not found in key vault '${resolved.vault.name}'.`);
  }
  if (!vaultProtectedForCmk(resolved.vault)) {
    throw invalid(
      'KeyVaultSoftDeleteAndPurgeProtectionNotEnabled',
      `The operation failed because key vault '${resolved.vault.name}' does not have both soft delete and purge protection enabled. ` +
        'Customer-managed keys require a key vault with soft delete and purge protection.',
    );
  }
  const attached = attachedIdentities(account);
  let principalId: string;
  if (identity?.userAssignedIdentity) {
    const uai = attached.find((a) => a.kind === 'UserAssigned' && key(a.resourceId ?? '') === key(identity.userAssignedIdentity as string));
    if (!uai) {
      throw invalid(
        'InvalidEncryptionIdentity',
        `The encryption identity '${identity.userAssignedIdentity}' (encryption.identity.userAssignedIdentity) is not one of the user-assigned identities of storage account '${account.name}'.`,
      );
    }
    principalId = uai.principalId;
  } else {
    const system = attached.find((a) => a.kind === 'SystemAssigned');
    if (!system || !existing || typeof existing.identity?.principalId !== 'string') {
      throw invalid(
        'InvalidEncryptionIdentity',
        `Storage account '${account.name}' has no identity to access the key: set encryption.identity.userAssignedIdentity to one of its user-assigned identities ` +
          '(a system-assigned identity can only be used on an account that already exists with it).',
      );
    }
    principalId = system.principalId;
  }
  if (!canWrapWithKey(ctx.state, resolved.vault, resolved.key, principalId)) {
    throw invalid(
      'KeyVaultAuthenticationFailure',
      `The operation failed because the key vault '${resolved.vault.name}' could not be accessed with the encryption identity (principal ${principalId}): ` +
        `it needs get, wrapKey and unwrapKey on the key (${resolved.vault.properties.enableRbacAuthorization === true ? "e.g. the 'Key Vault Crypto Service Encryption User' role" : 'an access policy'}).`,
    );
  }
  return {
    keyvaultproperties: {
      keyname: keyName,
      keyversion: kvp?.keyversion ?? '',
      keyvaulturi: uri,
      currentVersionedKeyIdentifier: keyUri(resolved.vault.name, keyName, String(resolved.key.properties.version)),
      lastKeyRotationTimestamp: isoTime(ctx.now),
    },
    ...(identity ? { identity } : {}),
  };
}
