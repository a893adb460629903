// Resource ids and names as every resource provider reads them: ARM id anatomy, case-insensitive
// comparison (ARM names and ids are case-insensitive), and subnet references from other providers.
import { getRecord, key, type CloudState, type ResourceRecord } from '../../state.js';

/** Case-insensitive equality of two names or ids; false when either is missing. */
export const same = (a: string | undefined, b: string | undefined): boolean => a !== undefined && b !== undefined && key(a) === key(b);

/** ARM resource id shape check: /subscriptions/{sub}/resourceGroups/{rg}/providers/{ns}/{type}/{name}[/{type}/{name}]... */
export function parseArmId(id: string): { sub: string; rg: string; namespace: string; types: string[]; names: string[] } | undefined {
  const m = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/([^/]+)\/(.+)$/i.exec(id);
  if (!m) return undefined;
  const rest = m[4].split('/');
  if (rest.length % 2 !== 0 || rest.some((s) => s === '')) return undefined;
  return { sub: m[1], rg: m[2], namespace: m[3], types: rest.filter((_, i) => i % 2 === 0), names: rest.filter((_, i) => i % 2 === 1) };
}

/** The canonical type of an ARM id (namespace/type[/child]), e.g. Microsoft.Storage/storageAccounts. */
export const typeOfId = (id: string): string | undefined => {
  const p = parseArmId(id);
  return p ? [p.namespace, ...p.types].join('/') : undefined;
};

export const SUBNET_TYPE = 'Microsoft.Network/virtualNetworks/subnets';

/** Why a subnet reference from another provider (AKS node pools, ML computes) cannot be used. */
type SubnetProblem = 'malformed' | 'missing' | 'otherRegion';

/**
 * A subnet another provider places resources in: a well-formed subnet id, an existing subnet that is not
 * being deleted, in a VNet of `region`. Each provider words the refusal its own way.
 */
export function findSubnet(state: CloudState, id: string, region: string): { subnet: ResourceRecord; vnet?: ResourceRecord } | { problem: SubnetProblem; vnet?: ResourceRecord } {
  const t = typeOfId(id);
  if (!t || key(t) !== key(SUBNET_TYPE)) return { problem: 'malformed' };
  const subnet = getRecord(state, id);
  if (!subnet || subnet.provisioningState === 'Deleting') return { problem: 'missing' };
  const vnet = subnet.parentId ? getRecord(state, subnet.parentId) : undefined;
  if (vnet && vnet.location !== region) return { problem: 'otherRegion', vnet };
  return { subnet, vnet };
}
