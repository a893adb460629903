// Who uses an egress resource: the back-references Network RP renders (a route table's and NAT gateway's
// `subnets`, a public IP's `ipConfiguration`/`natGateway`, a policy's `firewalls`) and the in-use checks of
// their deletes. Computed from the referencing records, so they never go stale.
import { recordsOfType, type CloudState, type ResourceRecord } from '../../state.js';
import { same } from '../kit/ids.js';
import { T } from './common.js';

/** A firewall's stored ipConfiguration (ipConfigurations[] and managementIpConfiguration). */
export interface StoredFirewallIpConfig {
  name: string;
  /** Only on the configuration that places the firewall in its subnet (and on the management one). */
  subnet?: { id: string };
  publicIPAddress: { id: string };
  privateIPAddress?: string;
}

export const firewallIpConfigId = (firewallId: string, name: string): string => `${firewallId}/azureFirewallIpConfigurations/${name}`;

export function firewallIpConfigs(fw: ResourceRecord): StoredFirewallIpConfig[] {
  const p = fw.properties;
  const mgmt = p.managementIpConfiguration as StoredFirewallIpConfig | undefined;
  return [...((p.ipConfigurations as StoredFirewallIpConfig[] | undefined) ?? []), ...(mgmt ? [mgmt] : [])];
}

/** Subnets whose `routeTable` / `natGateway` is `id`, in creation order. */
export function subnetsReferencing(state: CloudState, member: 'routeTable' | 'natGateway', id: string): string[] {
  return recordsOfType(state, T.subnet)
    .filter((s) => same((s.properties[member] as { id?: string } | undefined)?.id, id))
    .sort((a, b) => a.createdAt - b.createdAt)
    .map((s) => s.id);
}

/** The firewall ipConfiguration holding a public IP, if any. */
export function firewallIpConfigUsing(state: CloudState, pipId: string): string | undefined {
  for (const fw of recordsOfType(state, T.firewall)) {
    const c = firewallIpConfigs(fw).find((x) => same(x.publicIPAddress.id, pipId));
    if (c) return firewallIpConfigId(fw.id, c.name);
  }
  return undefined;
}

/** The NAT gateway holding a public IP, if any. */
export function natGatewayUsing(state: CloudState, pipId: string): string | undefined {
  return recordsOfType(state, T.natGateway).find((n) => ((n.properties.publicIpAddresses as { id: string }[] | undefined) ?? []).some((r) => same(r.id, pipId)))?.id;
}

/** Firewalls whose `firewallPolicy` is the policy. */
export function firewallsUsingPolicy(state: CloudState, policyId: string): string[] {
  return recordsOfType(state, T.firewall)
    .filter((fw) => same((fw.properties.firewallPolicy as { id?: string } | undefined)?.id, policyId))
    .map((fw) => fw.id);
}

/**
 * An access-route gateway's stored ipConfiguration (Azure Bastion, virtual network gateway): its public IP renders
 * it back as `ipConfiguration` and cannot be deleted meanwhile. The id segment is the type's child name.
 */
export interface StoredAccessIpConfig {
  name: string;
  subnet: { id: string };
  publicIPAddress: { id: string };
  privateIPAddress?: string;
}

const ACCESS_IP_CONFIG_SEGMENT: Record<string, string> = {
  [T.bastion]: 'bastionHostIpConfigurations',
  [T.vnetGateway]: 'ipConfigurations',
};

export const accessIpConfigId = (ownerId: string, ownerType: string, name: string): string => `${ownerId}/${ACCESS_IP_CONFIG_SEGMENT[ownerType]}/${name}`;

/**
 * The NIC ipConfiguration holding a public IP, if any: an instance-level public IP
 * (https://learn.microsoft.com/azure/virtual-network/ip-services/associate-public-ip-address-vm).
 */
export function nicIpConfigUsing(state: CloudState, pipId: string): string | undefined {
  for (const nic of recordsOfType(state, T.nic)) {
    const c = ((nic.properties.ipConfigurations as { name: string; publicIPAddress?: { id: string } }[] | undefined) ?? []).find((x) => x.publicIPAddress && same(x.publicIPAddress.id, pipId));
    if (c) return `${nic.id}/ipConfigurations/${c.name}`;
  }
  return undefined;
}

/** The bastion or gateway ipConfiguration holding a public IP, if any. */
export function accessIpConfigUsing(state: CloudState, pipId: string): string | undefined {
  for (const type of Object.keys(ACCESS_IP_CONFIG_SEGMENT)) {
    for (const rec of recordsOfType(state, type)) {
      const c = ((rec.properties.ipConfigurations as StoredAccessIpConfig[] | undefined) ?? []).find((x) => same(x.publicIPAddress.id, pipId));
      if (c) return accessIpConfigId(rec.id, type, c.name);
    }
  }
  return undefined;
}
