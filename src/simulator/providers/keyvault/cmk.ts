// What a customer-managed-key consumer (storage account, registry, ML workspace) needs to know about a key:
// the vault and key behind a data-plane URI, whether the vault is protected enough for CMK (soft delete +
// purge protection), and whether a principal may wrap/unwrap with the key (RBAC data actions or an access
// policy, following the vault's permission model).
import { COSMOS_DB_APP_ID, firstPartyServicePrincipal } from '../../graph.js';
import { getRecord, key, type CloudState, type ResourceRecord } from '../../state.js';
import { principalHasDataAction } from '../authorization/roles.js';
import { vaultByName } from './common.js';
import { keyId } from './keys.js';

interface KeyIdentifier {
  vaultName: string;
  keyName: string;
  version?: string;
}

/** `https://{vault}.vault.azure.net/keys/{key}[/{version}]`. */
export function parseKeyIdentifier(uri: string): KeyIdentifier | undefined {
  try {
    const u = new URL(uri);
    const host = /^([a-z0-9-]+)\.vault\.azure\.net$/i.exec(u.hostname);
    const path = /^\/keys\/([A-Za-z0-9-]+)(?:\/([0-9a-f]{32}))?\/?$/i.exec(u.pathname);
    if (u.protocol !== 'https:' || !host || !path) return undefined;
    return { vaultName: host[1], keyName: path[1], ...(path[2] ? { version: path[2].toLowerCase() } : {}) };
  } catch {
    return undefined;
  }
}

function findVaultKey(state: CloudState, vault: ResourceRecord, keyName: string): ResourceRecord | undefined {
  return getRecord(state, keyId(vault, keyName));
}

const keyVersionOf = (keyRec: ResourceRecord): string => String(keyRec.properties.version);

/** CMK requires soft delete (always on) and purge protection. */
export const vaultProtectedForCmk = (vault: ResourceRecord): boolean => vault.properties.enablePurgeProtection === true;

interface ResolvedKey {
  vault?: ResourceRecord;
  key?: ResourceRecord;
  /** The version asked for does not exist (the key does). */
  versionMismatch?: boolean;
}

/** Looks a key up by vault name and key name (and optional version); anything missing stays undefined. */
export function resolveKey(state: CloudState, vaultName: string, keyName: string, version?: string): ResolvedKey {
  const vault = vaultByName(state, vaultName);
  if (!vault) return {};
  const keyRec = findVaultKey(state, vault, keyName);
  if (!keyRec) return { vault };
  return { vault, key: keyRec, versionMismatch: version !== undefined && version !== '' && key(version) !== keyVersionOf(keyRec) };
}

const WRAP_ACTIONS = ['Microsoft.KeyVault/vaults/keys/read', 'Microsoft.KeyVault/vaults/keys/wrap/action', 'Microsoft.KeyVault/vaults/keys/unwrap/action'];

/** May `principalId` get, wrap and unwrap with this key under the vault's permission model? */
export function canWrapWithKey(state: CloudState, vault: ResourceRecord, keyRec: ResourceRecord, principalId: string): boolean {
  if (vault.properties.enableRbacAuthorization === true) {
    return WRAP_ACTIONS.every((a) => principalHasDataAction(state, principalId, keyRec.id, a));
  }
  const policies = (vault.properties.accessPolicies ?? []) as { objectId: string; permissions: { keys?: string[] } }[];
  const perms = new Set(policies.filter((p) => key(p.objectId) === key(principalId)).flatMap((p) => (p.permissions.keys ?? []).map((k) => k.toLowerCase())));
  return perms.has('all') || ['get', 'wrapkey', 'unwrapkey'].every((k) => perms.has(k));
}

/**
 * May Azure Cosmos DB's service principal in this tenant — by its object id, as Graph resolves it; an
 * assignment or access policy naming the application id does not count — get, wrap and unwrap with this key?
 * Learn "Configure customer-managed keys for your Azure Cosmos DB account" (the "Azure Cosmos DB" principal
 * needs Get, Wrap Key and Unwrap Key, or Key Vault Crypto Service Encryption User with RBAC).
 * Returns the principal's object id when it may not (undefined: it may).
 */
export function cosmosDbCannotWrap(state: CloudState, vault: ResourceRecord, keyRec: ResourceRecord): { objectId?: string } | undefined {
  const sp = firstPartyServicePrincipal(state, COSMOS_DB_APP_ID);
  if (!sp) return {};
  return canWrapWithKey(state, vault, keyRec, sp.id) ? undefined : { objectId: sp.id };
}
