// Dumps of two runs are compared on what a user configures, not on values Azure generates afresh
// each time: etags, timestamps, allocation-order IPs, and every GUID or key version (principal and
// client ids, and the role assignment names derived from them).
const VOLATILE = /^(etag|resourceGuid|creationTime|createdTime|createdOn|updatedOn|created|updated|createdAt|updatedAt|lastModified.*|lastKeyRotationTimestamp|time.*|.*Time|.*Date|privateIPAddress|ipAddresses|ipAddress|networkInterfaces|ipConfigurations|subnetIpConfigurations|fqdn|privateFQDN|azurePortalFQDN|recordSets|aRecords|customDnsConfigs|provisioningState|privateEndpointConnections|subnets|serviceEndpointPolicies|virtualNetworkLinkState|numberOf.*|effectiveOutboundIPs|scheduledPurgeDate|deletionDate|instrumentationKey|connectionString|appId|customerId|resourceUID|modifiedOn|clusterFqdn|privateEndpoints)$/i;
const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const HEX = /\b[0-9a-f]{32}\b/gi;

export function normalise(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(GUID, '<guid>').replace(HEX, '<hex>');
  if (Array.isArray(value)) return value.map(normalise);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (!VOLATILE.test(k)) out[normalise(k) as string] = normalise(v);
    return out;
  }
  return value;
}

/** Sorted, normalised resources: equal for two runs that built the same environment. */
export function normaliseDump(dump: { id: string }[]): string[] {
  return dump.map((r) => JSON.stringify(normalise({ ...r, id: r.id.toLowerCase() }))).sort();
}
