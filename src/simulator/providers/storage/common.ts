// Shared Storage RP facts: the account type, its name rule (AccountNameInvalid), endpoints and the
// asynchronous-operation style (…/locations/{l}/asyncoperations/{id}?monitor=true).
import { badRequest } from '../../errors.js';
import { locationOperationUrl, type LroStyle } from '../kit/lro-style.js';

export const STORAGE = 'Microsoft.Storage';
export const STORAGE_API_VERSIONS = ['2023-05-01', '2024-01-01', '2025-08-01'] as const;
export const ACCOUNT_TYPE = 'Microsoft.Storage/storageAccounts';

export const isValidAccountName = (name: string): boolean => /^[a-z0-9]{3,24}$/.test(name);

export const accountNameInvalidMessage = (name: string): string =>
  `${name} is not a valid storage account name. Storage account name must be between 3 and 24 characters in length and use numbers and lower-case letters only.`;

export function checkAccountName(name: string): void {
  if (!isValidAccountName(name)) throw badRequest('AccountNameInvalid', accountNameInvalidMessage(name));
}

/** New accounts: 202 + Location (…/locations/{l}/asyncoperations/{id}?monitor=true) + Retry-After 17 s, empty body. */
export const STORAGE_LRO: LroStyle = { namespace: STORAGE, retryAfter: 17, resultUrl: locationOperationUrl('asyncoperations', { before: 'monitor=true&' }) };

const SERVICES_BY_KIND: Record<string, string[]> = {
  Storage: ['blob', 'queue', 'table', 'file'],
  StorageV2: ['dfs', 'web', 'blob', 'queue', 'table', 'file'],
  BlobStorage: ['dfs', 'blob', 'table'],
  BlockBlobStorage: ['dfs', 'web', 'blob'],
  FileStorage: ['file'],
};

/** primaryEndpoints (Standard DNS, or an Azure DNS zone partition for dnsEndpointType AzureDnsZone). */
export function endpoints(name: string, kind: string, dnsEndpointType: string | undefined, suffix = ''): Record<string, string> {
  const zone = dnsEndpointType === 'AzureDnsZone' ? `.z${(name.charCodeAt(0) % 50) + 1}` : '';
  const domain = dnsEndpointType === 'AzureDnsZone' ? 'storage.azure.net' : 'core.windows.net';
  return Object.fromEntries((SERVICES_BY_KIND[kind] ?? []).map((s) => [s, `https://${name}${suffix}${zone}.${s}.${domain}/`]));
}
