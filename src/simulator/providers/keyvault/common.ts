// Shared Key Vault RP facts: types, the vault name rule, global vault lookup by name or URI, data-plane
// URIs and the soft-delete policy a vault record carries.
import { badRequest } from '../../errors.js';
import type { NameRule } from '../../names.js';
import { key, recordsOfType, type CloudState, type ResourceRecord } from '../../state.js';

export const KEYVAULT = 'Microsoft.KeyVault';
export const KEYVAULT_API_VERSIONS = ['2023-07-01', '2024-11-01', '2026-02-01'] as const;

export const T = {
  vault: 'Microsoft.KeyVault/vaults',
  key: 'Microsoft.KeyVault/vaults/keys',
  deletedVault: 'Microsoft.KeyVault/deletedVaults',
} as const;

export const VAULT_NAME_RULE: NameRule = {
  min: 3,
  max: 24,
  pattern: /^[A-Za-z](?!.*--)[A-Za-z0-9-]*[A-Za-z0-9]$/,
  describe: "A vault's name must be between 3-24 alphanumeric characters. The name must begin with a letter, end with a letter or digit, and not contain consecutive hyphens.",
};

export const KEY_NAME_RULE: NameRule = {
  min: 1,
  max: 127,
  pattern: /^[A-Za-z0-9-]+$/,
  describe: 'Key names must be 1-127 characters long and contain only alphanumeric characters and dashes.',
};

export const vaultUri = (name: string): string => `https://${name.toLowerCase()}.vault.azure.net/`;

/** The live vault with this (globally unique) name, in any subscription. */
export function vaultByName(state: CloudState, name: string): ResourceRecord | undefined {
  return recordsOfType(state, T.vault).find((v) => key(v.name) === key(name));
}

export function vaultNameFromUri(uri: string): string | undefined {
  try {
    const u = new URL(uri);
    const m = /^([a-z0-9-]+)\.vault\.azure\.net$/i.exec(u.hostname);
    return u.protocol === 'https:' ? m?.[1] : undefined;
  } catch {
    return undefined;
  }
}

export const vaultBadRequest = (message: string) => badRequest('BadRequest', message);

/** Recovery level of objects in a vault (soft delete is always on). */
export const recoveryLevel = (vault: ResourceRecord): string =>
  vault.properties.enablePurgeProtection === true ? 'Recoverable' : 'Recoverable+Purgeable';
