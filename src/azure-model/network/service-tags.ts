// Service tags as named sets with containment. A destination is classified under its most specific
// tags (destinations.ts); the sets it then belongs to follow from the tag hierarchy below.
// Source for all of it unless noted: https://learn.microsoft.com/azure/virtual-network/service-tags-overview
// ("the service tag Storage represents Azure Storage for the entire cloud, but Storage.WestUS narrows
// the range to only the storage IP address ranges from the WestUS region").

export interface TagName {
  /** As written, e.g. 'Storage.WestEurope'. */
  name: string;
  /** Lowercased service part, e.g. 'storage'. */
  service: string;
  /** Lowercased region, e.g. 'westeurope', when the tag is regional. */
  region?: string;
}

/** Tags with a dot that is not a region (service-tags-overview lists AzureFrontDoor.Frontend/.Backend/.FirstParty). */
const DOTTED_TAGS = new Set(['azurefrontdoor.frontend', 'azurefrontdoor.backend', 'azurefrontdoor.firstparty']);

/**
 * Tags that name address spaces rather than an Azure service's public IPs: they are not part of
 * AzureCloud. VirtualNetwork/Internet/AzureLoadBalancer: service-tags-overview; the AzurePlatform*
 * tags: https://learn.microsoft.com/azure/virtual-network/network-security-groups-overview
 * ("Azure platform considerations").
 */
const ADDRESS_SPACE_TAGS = new Set([
  'virtualnetwork',
  'internet',
  'azureloadbalancer',
  'azureplatformdns',
  'azureplatformimds',
  'azureplatformlkm',
]);

export function normRegion(region: string): string {
  return region.replace(/\s+/g, '').toLowerCase();
}

export function parseTag(name: string): TagName {
  const lower = name.trim().toLowerCase();
  if (DOTTED_TAGS.has(lower) || !lower.includes('.')) return { name, service: lower };
  const dot = lower.indexOf('.');
  return { name, service: lower.slice(0, dot), region: normRegion(lower.slice(dot + 1)) };
}

export function isAddressSpaceTag(name: string): boolean {
  return ADDRESS_SPACE_TAGS.has(parseTag(name).service);
}

/**
 * Every tag (lowercased) a destination classified under `leaves` belongs to:
 * - a regional tag's addresses are in its service's global tag (Storage.westeurope ⊂ Storage);
 * - an Azure service's public IPs are in AzureCloud (and AzureCloud.<region> for a regional tag):
 *   AzureCloud is "all datacenter public IP addresses". Documented for the tag as a whole;
 *   unconfirmed for each service tag individually (Microsoft does not publish the containment).
 */
export function expandTags(leaves: Iterable<string>): Set<string> {
  const out = new Set<string>();
  for (const leaf of leaves) {
    const t = parseTag(leaf);
    const full = t.region ? `${t.service}.${t.region}` : t.service;
    out.add(full);
    if (t.region) out.add(t.service);
    if (ADDRESS_SPACE_TAGS.has(t.service)) continue;
    out.add('azurecloud');
    if (t.region) out.add(`azurecloud.${t.region}`);
  }
  return out;
}

/** Whether a rule or route naming `tag` covers a destination whose tag set is `members`. */
export function tagCovers(tag: string, members: ReadonlySet<string>): boolean {
  const t = parseTag(tag);
  return members.has(t.region ? `${t.service}.${t.region}` : t.service);
}

/**
 * Order among service-tag routes with matching prefixes: "1. Regional tags 2. Top level tags
 * 3. AzureCloud regional tags 4. The AzureCloud tag" (Learn "Virtual network traffic routing",
 * https://learn.microsoft.com/azure/virtual-network/virtual-networks-udr-overview#exact-match). Higher wins.
 */
export function tagRouteRank(tag: string): number {
  const t = parseTag(tag);
  if (t.service === 'azurecloud') return t.region ? 1 : 0;
  return t.region ? 3 : 2;
}
