// Dumps of two runs are compared on what a user configures, not on values Azure generates afresh
// each time (etags, GUIDs, timestamps, allocation-order IPs).
const VOLATILE = /^(etag|resourceGuid|principalId|clientId|tenantId|workspaceId|customerId|appId|instrumentationKey|connectionString|keyUriWithVersion|creationTime|createdTime|created|updated|createdAt|updatedAt|lastModified.*|time.*|.*Time|.*Date|privateIPAddress|ipAddresses|ipAddress|networkInterfaces|ipConfigurations|fqdn|recordSets|aRecords|customDnsConfigs|version|provisioningState|privateEndpointConnections|subnets|serviceEndpointPolicies|virtualNetworkLinkState|numberOf.*|mlFlowTrackingUri|notebookInfo|scheduledPurgeDate|deletionDate|vaultId)$/i;

export function normalise(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalise);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (!VOLATILE.test(k)) out[k] = normalise(v);
    return out;
  }
  return value;
}

export function normaliseDump(dump: { id: string }[]): unknown[] {
  return [...dump].sort((a, b) => a.id.toLowerCase().localeCompare(b.id.toLowerCase())).map((r) => normalise({ ...r, id: r.id.toLowerCase() }));
}
