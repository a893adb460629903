// How a subnet reaches the internet and Microsoft's public endpoints, and which appliance a UDR hands
// traffic to. Sources:
// - Learn "Default outbound access in Azure", https://learn.microsoft.com/azure/virtual-network/ip-services/default-outbound-access:
//   without an explicit method Azure gives VMs an implicit outbound IP "to the internet and to other public
//   endpoints within Microsoft"; explicit methods are a NAT gateway on the subnet, a standard load balancer
//   with outbound rules, an instance-level public IP; a private subnet (`defaultOutboundAccess: false`) gets none.
// - Learn "Configure inbound and outbound network traffic" (Azure ML), https://learn.microsoft.com/azure/machine-learning/how-to-access-azureml-behind-firewall:
//   "If a compute instance or compute cluster is configured for no public IP, by default it can't access the
//   internet" — the options are a NAT gateway or "User-defined route and firewall".
// - Learn "What is Azure NAT Gateway?", https://learn.microsoft.com/azure/nat-gateway/nat-overview: precedence
//   "Virtual appliance UDR / ExpressRoute >> NAT gateway >> Instance-level public IP >> Load balancer outbound
//   rules >> default system"; "NAT gateway supports TCP and UDP protocols only".

import type { Cloud } from './cloud.js';
import type { ArmResource } from './types.js';
import { bool, obj, objs, props, ref, str } from './props.js';

export type Egress = { kind: 'nat-gateway'; id: string; publicIps: string[] } | { kind: 'default-outbound' } | { kind: 'none' };

export interface EgressResult {
  egress: Egress;
  trace: string[];
  assumptions: string[];
}

function publicIpsOf(cloud: Cloud, refs: Record<string, unknown>[]): string[] {
  return refs.map((r) => str(props(cloud.get(str(r, 'id'))), 'ipAddress')).filter((x): x is string => !!x);
}

/** The outbound method a flow routed to next hop Internet uses (a UDR to an appliance is handled by the route). */
export function internetEgress(cloud: Cloud, subnet: ArmResource): EgressResult {
  const p = props(subnet);
  const natId = ref(p, 'natGateway');
  const assumptions = [
    'unconfirmed: the source has no instance-level public IP and sits in no load balancer backend pool with outbound rules (neither is visible from the subnet)',
  ];
  if (natId) {
    const nat = cloud.get(natId);
    const publicIps = publicIpsOf(cloud, objs(props(nat), 'publicIpAddresses'));
    return { egress: { kind: 'nat-gateway', id: natId, publicIps }, trace: [`egress: NAT gateway ${natId.split('/').pop()} SNATs the flow to the internet${publicIps.length ? ` (${publicIps.join(', ')})` : ''}`], assumptions: [] };
  }
  const defaultOutbound = bool(p, 'defaultOutboundAccess');
  if (defaultOutbound === false) {
    return {
      egress: { kind: 'none' },
      trace: [`egress: subnet ${subnet.name ?? subnet.id} is private (defaultOutboundAccess false) with no NAT gateway and no route to an appliance: no way out`],
      assumptions,
    };
  }
  return {
    egress: { kind: 'default-outbound' },
    trace: [`egress: default outbound access (defaultOutboundAccess ${defaultOutbound === undefined ? 'absent, i.e. not a private subnet' : 'true'}) — an implicit Microsoft-owned public IP`],
    assumptions,
  };
}

export interface AzureFirewallAt {
  firewall: ArmResource;
  policyId?: string;
  publicIps: string[];
}

/** The Azure Firewall whose private IP is `ip` (ipConfigurations, or hubIPAddresses for a secured hub; REST spec azureFirewall.json). */
export function azureFirewallAt(cloud: Cloud, ip: string): AzureFirewallAt | undefined {
  for (const fw of cloud.ofType('Microsoft.Network/azureFirewalls')) {
    const p = props(fw);
    const configs = objs(p, 'ipConfigurations');
    const hubIp = str(obj(p, 'hubIPAddresses'), 'privateIPAddress');
    if (!configs.some((c) => str(props(c), 'privateIPAddress') === ip) && hubIp !== ip) continue;
    const publicIps = publicIpsOf(
      cloud,
      configs.map((c) => obj(props(c), 'publicIPAddress')).filter((x): x is Record<string, unknown> => !!x),
    );
    return { firewall: fw, policyId: ref(p, 'firewallPolicy'), publicIps };
  }
  return undefined;
}
