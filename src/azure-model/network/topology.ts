// VNets, subnets and peerings as the model reads them (REST spec virtualNetwork.json).

import type { Cloud } from './cloud.js';
import type { ArmResource } from './types.js';
import { bool, obj, objs, props, ref, str, strs } from './props.js';
import { cidrContainsIp } from './ip.js';
import { normRegion } from './service-tags.js';

export const VNET_TYPE = 'Microsoft.Network/virtualNetworks';
export const SUBNET_TYPE = 'Microsoft.Network/virtualNetworks/subnets';
const PEERING_TYPE = 'Microsoft.Network/virtualNetworks/virtualNetworkPeerings';

export interface SubnetContext {
  subnet: ArmResource;
  vnet: ArmResource;
  region: string;
  prefixes: string[];
}

export function subnetPrefixes(subnet: ArmResource): string[] {
  const p = props(subnet);
  return [str(p, 'addressPrefix'), ...strs(p, 'addressPrefixes')].filter((x): x is string => !!x);
}

export function vnetPrefixes(vnet: ArmResource | undefined): string[] {
  return strs(obj(props(vnet), 'addressSpace'), 'addressPrefixes');
}

export function subnetContext(cloud: Cloud, subnetId: string): SubnetContext {
  const subnet = cloud.get(subnetId);
  const vnet = cloud.get(subnetId.split('/subnets/')[0]);
  if (!subnet || !vnet) throw new Error(`azure-model/network: no subnet ${subnetId} (or its VNet) in the cloud`);
  return { subnet, vnet, region: normRegion(vnet.location ?? ''), prefixes: subnetPrefixes(subnet) };
}

export interface Peering {
  peering: ArmResource;
  remoteVnetId: string;
  remotePrefixes: string[];
  connected: boolean;
  allowVirtualNetworkAccess: boolean;
}

/** The VNet's peerings; remote prefixes from the peering body, else from the remote VNet if the cloud holds it. */
export function peeringsOf(cloud: Cloud, vnet: ArmResource): Peering[] {
  const seen = new Set<string>();
  const all = [...cloud.children(vnet.id, PEERING_TYPE), ...objs(props(vnet), 'virtualNetworkPeerings').map((p) => cloud.get(str(p, 'id')))].filter(
    (p): p is ArmResource => !!p && !seen.has(p.id.toLowerCase()) && !!seen.add(p.id.toLowerCase()),
  );
  return all.flatMap((peering) => {
    const p = props(peering);
    const remoteVnetId = ref(p, 'remoteVirtualNetwork');
    if (!remoteVnetId) return [];
    const fromBody = [...strs(obj(p, 'remoteVirtualNetworkAddressSpace'), 'addressPrefixes'), ...strs(obj(p, 'remoteAddressSpace'), 'addressPrefixes')];
    const remotePrefixes = fromBody.length > 0 ? [...new Set(fromBody)] : vnetPrefixes(cloud.get(remoteVnetId));
    return [
      {
        peering,
        remoteVnetId,
        remotePrefixes,
        connected: (str(p, 'peeringState') ?? 'Connected') === 'Connected',
        allowVirtualNetworkAccess: bool(p, 'allowVirtualNetworkAccess') ?? true,
      },
    ];
  });
}

/** The subnet (in any VNet of the cloud) whose prefix holds `ip`. */
export function subnetOfIp(cloud: Cloud, ip: string): SubnetContext | undefined {
  for (const subnet of cloud.ofType(SUBNET_TYPE)) {
    if (subnetPrefixes(subnet).some((c) => cidrContainsIp(c, ip))) {
      const vnet = cloud.get(subnet.id.split('/subnets/')[0]);
      if (vnet) return { subnet, vnet, region: normRegion(vnet.location ?? ''), prefixes: subnetPrefixes(subnet) };
    }
  }
  return undefined;
}
