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

const CUSTOM_DNS = 'https://learn.microsoft.com/azure/machine-learning/how-to-custom-dns';
const FORWARDER = 'https://learn.microsoft.com/azure/private-link/private-endpoint-dns-integration#on-premises-workloads-using-a-dns-forwarder';

/**
 * The zones a user with their own DNS servers (over VPN or ExpressRoute) forwards to a DNS server in the
 * VNet, which asks Azure DNS (168.63.129.16): the public zone names, never the privatelink ones (FORWARDER).
 * Azure ML's own list first (CUSTOM_DNS, "conditional forwarders"), then the public zone of every private
 * DNS zone the environment links (Key Vault answers under vault.azure.net and vaultcore.azure.net).
 */
export function conditionalForwarders(): { zone: string; source: string }[] {
  const ml = ['api.azureml.ms', 'notebooks.azure.net', 'instances.azureml.ms', 'aznbcontent.net', 'inference.ml.azure.com'];
  const out = ml.map((zone) => ({ zone, source: CUSTOM_DNS }));
  for (const z of PRIVATE_DNS_ZONES) {
    const pub = z.zone.replace(/^privatelink\./, '');
    for (const zone of pub === 'vaultcore.azure.net' ? ['vault.azure.net', 'vaultcore.azure.net'] : [pub]) {
      if (!out.some((o) => o.zone === zone)) out.push({ zone, source: FORWARDER });
    }
  }
  return out;
}
