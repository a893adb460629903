// Private-link DNS zones per service, as data. Source: Learn "Azure Private Endpoint private DNS zone
// values", https://learn.microsoft.com/azure/private-link/private-endpoint-dns ("Azure creates a canonical
// name DNS record (CNAME) on the public DNS. The CNAME record redirects the resolution to the private
// domain name"). `{region}` stands for a region name.

export interface PrivateLinkZone {
  /** Private link resource type / subresource (groupId). */
  resourceType: string;
  groupId: string;
  /** Public DNS zone whose names are CNAMEd into `privateZone`. */
  publicZone: string;
  privateZone: string;
}

export const PRIVATE_LINK_ZONES: PrivateLinkZone[] = [
  { resourceType: 'Microsoft.Storage/storageAccounts', groupId: 'blob', publicZone: 'blob.core.windows.net', privateZone: 'privatelink.blob.core.windows.net' },
  { resourceType: 'Microsoft.Storage/storageAccounts', groupId: 'table', publicZone: 'table.core.windows.net', privateZone: 'privatelink.table.core.windows.net' },
  { resourceType: 'Microsoft.Storage/storageAccounts', groupId: 'queue', publicZone: 'queue.core.windows.net', privateZone: 'privatelink.queue.core.windows.net' },
  { resourceType: 'Microsoft.Storage/storageAccounts', groupId: 'file', publicZone: 'file.core.windows.net', privateZone: 'privatelink.file.core.windows.net' },
  { resourceType: 'Microsoft.Storage/storageAccounts', groupId: 'web', publicZone: 'web.core.windows.net', privateZone: 'privatelink.web.core.windows.net' },
  { resourceType: 'Microsoft.Storage/storageAccounts', groupId: 'dfs', publicZone: 'dfs.core.windows.net', privateZone: 'privatelink.dfs.core.windows.net' },
  { resourceType: 'Microsoft.KeyVault/vaults', groupId: 'vault', publicZone: 'vault.azure.net', privateZone: 'privatelink.vaultcore.azure.net' },
  { resourceType: 'Microsoft.KeyVault/vaults', groupId: 'vault', publicZone: 'vaultcore.azure.net', privateZone: 'privatelink.vaultcore.azure.net' },
  { resourceType: 'Microsoft.ContainerRegistry/registries', groupId: 'registry', publicZone: 'azurecr.io', privateZone: 'privatelink.azurecr.io' },
  { resourceType: 'Microsoft.MachineLearningServices/workspaces', groupId: 'amlworkspace', publicZone: 'api.azureml.ms', privateZone: 'privatelink.api.azureml.ms' },
  { resourceType: 'Microsoft.MachineLearningServices/workspaces', groupId: 'amlworkspace', publicZone: 'notebooks.azure.net', privateZone: 'privatelink.notebooks.azure.net' },
  { resourceType: 'Microsoft.Batch/batchAccounts', groupId: 'batchAccount', publicZone: '{region}.batch.azure.com', privateZone: 'privatelink.{region}.batch.azure.com' },
  { resourceType: 'Microsoft.Insights/privateLinkScopes', groupId: 'azuremonitor', publicZone: 'ods.opinsights.azure.com', privateZone: 'privatelink.ods.opinsights.azure.com' },
  { resourceType: 'Microsoft.Insights/privateLinkScopes', groupId: 'azuremonitor', publicZone: 'oms.opinsights.azure.com', privateZone: 'privatelink.oms.opinsights.azure.com' },
  { resourceType: 'Microsoft.Insights/privateLinkScopes', groupId: 'azuremonitor', publicZone: 'monitor.azure.com', privateZone: 'privatelink.monitor.azure.com' },
];

export interface PrivateLinkName {
  zone: PrivateLinkZone;
  /** The labels before the public zone, e.g. 'stacct' or 'cr.westeurope.data'. */
  relative: string;
  /** Zone name with `{region}` filled in. */
  privateZone: string;
  /** The name the public CNAME points to, e.g. 'stacct.privatelink.blob.core.windows.net'. */
  privateName: string;
}

function zoneRegex(zone: string): RegExp {
  const body = zone.split('{region}').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('(?<region>[a-z0-9]+)');
  return new RegExp(`^(?<relative>.+)\\.${body}$`);
}

/** The privatelink name a public FQDN is CNAMEd to when its resource has a private endpoint. */
export function privateLinkNameOf(fqdn: string): PrivateLinkName | undefined {
  const name = fqdn.trim().toLowerCase().replace(/\.$/, '');
  for (const zone of PRIVATE_LINK_ZONES) {
    const m = zoneRegex(zone.publicZone).exec(name);
    const relative = m?.groups?.relative;
    if (!m || !relative || relative.includes('privatelink')) continue;
    const privateZone = zone.privateZone.replace('{region}', m.groups?.region ?? '');
    return { zone, relative, privateZone, privateName: `${relative}.${privateZone}` };
  }
  return undefined;
}
