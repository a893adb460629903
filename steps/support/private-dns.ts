// The private DNS zones of the baseline, in one table: which zone serves which private endpoint
// group. `privatelink.vaultcore.azure.net` (not vault.azure.net, a bug several templates ship) and
// `privatelink.notebooks.azure.net` (often forgotten) are exactly what this table guards.
export interface ZoneSpec {
  zone: string;
  /** Private endpoint group ids whose FQDNs resolve through this zone. */
  groups: string[];
}

export const PRIVATE_DNS_ZONES: readonly ZoneSpec[] = [
  { zone: 'privatelink.api.azureml.ms', groups: ['amlworkspace'] },
  { zone: 'privatelink.notebooks.azure.net', groups: ['amlworkspace'] },
  // Azure Monitor private link scope (https://learn.microsoft.com/azure/azure-monitor/logs/private-link-configure#review-your-endpoints-dns-settings):
  // global endpoints, workspace-specific ingestion, agents, and the agents' solution packs in blob.
  { zone: 'privatelink.monitor.azure.com', groups: ['azuremonitor'] },
  { zone: 'privatelink.oms.opinsights.azure.com', groups: ['azuremonitor'] },
  { zone: 'privatelink.ods.opinsights.azure.com', groups: ['azuremonitor'] },
  { zone: 'privatelink.agentsvc.azure-automation.net', groups: ['azuremonitor'] },
  { zone: 'privatelink.blob.core.windows.net', groups: ['blob', 'azuremonitor'] },
  { zone: 'privatelink.file.core.windows.net', groups: ['file'] },
  { zone: 'privatelink.vaultcore.azure.net', groups: ['vault'] },
  { zone: 'privatelink.azurecr.io', groups: ['registry'] },
];

export const zonesFor = (group: string): string[] => PRIVATE_DNS_ZONES.filter((z) => z.groups.includes(group)).map((z) => z.zone);

/** Step id of a zone (dots are fine in ids, but dashes read better in logs). */
export const zoneStepId = (zone: string) => `dns-${zone.replace(/^privatelink\./, '').replace(/\./g, '-')}`;
