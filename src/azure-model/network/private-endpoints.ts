// Private endpoints: their private IPs, the FQDNs they serve and the resource they connect to.
// "The network interface associated with the private endpoint contains the information to configure
// your DNS. The network interface information includes FQDN and private IP addresses for your private
// link resource" (https://learn.microsoft.com/azure/private-link/private-endpoint-dns).

import type { Cloud } from './cloud.js';
import type { ArmResource } from './types.js';
import { objs, props, ref, sameId, str, strs } from './props.js';

export const PRIVATE_ENDPOINT_TYPE = 'Microsoft.Network/privateEndpoints';

export interface PrivateEndpointAddress {
  ip: string;
  fqdns: string[];
}

export interface PrivateEndpointConnection {
  targetId: string;
  groupIds: string[];
  /** privateLinkServiceConnectionState.status: Approved, Pending, Rejected, Disconnected. */
  status: string;
}

/** IPs and FQDNs from the endpoint's NICs, falling back to customDnsConfigs and static ipConfigurations. */
export function privateEndpointAddresses(cloud: Cloud, pe: ArmResource): PrivateEndpointAddress[] {
  const out: PrivateEndpointAddress[] = [];
  const add = (ip: string | undefined, fqdns: string[]): void => {
    if (!ip) return;
    const have = out.find((a) => a.ip === ip);
    if (have) have.fqdns.push(...fqdns.filter((f) => !have.fqdns.includes(f)));
    else out.push({ ip, fqdns: [...fqdns] });
  };
  for (const nicRef of objs(pe.properties, 'networkInterfaces')) {
    const nic = cloud.get(str(nicRef, 'id'));
    for (const ipc of objs(nic?.properties, 'ipConfigurations')) {
      const p = props(ipc);
      add(str(p, 'privateIPAddress'), strs(p.privateLinkConnectionProperties, 'fqdns'));
    }
  }
  for (const c of objs(pe.properties, 'customDnsConfigs')) {
    for (const ip of strs(c, 'ipAddresses')) add(ip, [str(c, 'fqdn')].filter((f): f is string => !!f));
  }
  for (const ipc of objs(pe.properties, 'ipConfigurations')) add(str(props(ipc), 'privateIPAddress'), []);
  return out;
}

export function privateEndpointConnections(pe: ArmResource): PrivateEndpointConnection[] {
  return [...objs(pe.properties, 'privateLinkServiceConnections'), ...objs(pe.properties, 'manualPrivateLinkServiceConnections')].flatMap((c) => {
    const p = props(c);
    const targetId = str(p, 'privateLinkServiceId');
    if (!targetId) return [];
    return [{ targetId, groupIds: strs(p, 'groupIds'), status: str(p.privateLinkServiceConnectionState, 'status') ?? 'Approved' }];
  });
}

/** The VNet a private endpoint's subnet belongs to. */
export function privateEndpointVnetId(pe: ArmResource): string | undefined {
  const subnetId = ref(pe.properties, 'subnet');
  return subnetId?.split('/subnets/')[0];
}

export function privateEndpointForIp(cloud: Cloud, ip: string): ArmResource | undefined {
  return cloud.ofType(PRIVATE_ENDPOINT_TYPE).find((pe) => privateEndpointAddresses(cloud, pe).some((a) => a.ip === ip));
}

function fqdnMatches(pattern: string, fqdn: string): boolean {
  const p = pattern.toLowerCase().replace(/\.$/, '');
  const f = fqdn.toLowerCase().replace(/\.$/, '');
  return p === f || (p.startsWith('*.') && f.endsWith(p.slice(1)));
}

/** Endpoints whose NIC or customDnsConfigs list `fqdn`. */
export function privateEndpointsServing(cloud: Cloud, fqdn: string): ArmResource[] {
  return cloud
    .ofType(PRIVATE_ENDPOINT_TYPE)
    .filter((pe) => privateEndpointAddresses(cloud, pe).some((a) => a.fqdns.some((f) => fqdnMatches(f, fqdn))));
}

/** Endpoints connected to `resourceId` (any group unless `groupId` is given). */
export function privateEndpointsTo(cloud: Cloud, resourceId: string, groupId?: string): ArmResource[] {
  return cloud
    .ofType(PRIVATE_ENDPOINT_TYPE)
    .filter((pe) =>
      privateEndpointConnections(pe).some(
        (c) => sameId(c.targetId, resourceId) && (!groupId || c.groupIds.some((g) => g.toLowerCase() === groupId.toLowerCase())),
      ),
    );
}
