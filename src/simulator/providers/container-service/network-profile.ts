// The cluster's network profile: plugin, mode, policy and dataplane combinations, pod and service CIDRs,
// the DNS service IP, outbound type, and the addressing rules once the node subnets are known
// (service CIDR vs the VNet, room in the subnet for every node and, with Azure CNI, every pod).
import { badRequest } from '../../errors.js';
import { overlaps, parseCidr, parseIp, type Cidr } from '../../cidr.js';
import type { AksApiVersion, NetworkProfileBody } from '../../schemas/containerservice.js';
import { childrenOf, getRecord, type ResourceRecord } from '../../state.js';
import { same } from '../kit/ids.js';
import { notImplemented, rejectNotSimulated } from '../kit/not-simulated.js';
import type { Ctx } from '../types.js';
import { EMPTY_OK, invalid, type StoredNetwork } from './common.js';
import type { NormalizedPools } from './agent-pools.js';

/** The AKS-managed VNet's address space when no custom subnet is given. */
const MANAGED_VNET_SPACE = '10.224.0.0/12';

function subnetCidrs(subnet: ResourceRecord): Cidr[] {
  const p = subnet.properties;
  const texts = typeof p.addressPrefix === 'string' ? [p.addressPrefix] : ((p.addressPrefixes as string[] | undefined) ?? []);
  return texts.map((t) => parseCidr(t)).filter((c): c is Cidr => c !== undefined && c.version === 4);
}

function vnetSpace(ctx: Ctx, subnet: ResourceRecord | undefined): Cidr[] {
  if (!subnet) return [parseCidr(MANAGED_VNET_SPACE) as Cidr];
  const vnet = subnet.parentId ? getRecord(ctx.state, subnet.parentId) : undefined;
  const texts = (vnet?.properties.addressSpace as { addressPrefixes?: string[] } | undefined)?.addressPrefixes ?? [];
  return texts.map((t) => parseCidr(t)).filter((c): c is Cidr => c !== undefined && c.version === 4);
}

function ipv4Cidr(text: string, member: string): Cidr {
  const c = parseCidr(text);
  if (!c || c.version !== 4) throw invalid(`The value '${text}' of networkProfile.${member} is not a valid IPv4 CIDR.`);
  if (c.given !== c.start) throw invalid(`The value '${text}' of networkProfile.${member} is not a network address (it has host bits set).`);
  return c;
}


export function normalizeNetwork(version: AksApiVersion, given: NetworkProfileBody | undefined, prior: StoredNetwork | undefined): StoredNetwork {
  const g = given ?? {};
  rejectNotSimulated(g as Record<string, unknown>, ['advancedNetworking', 'loadBalancerProfile', 'natGatewayProfile', 'staticEgressGatewayProfile'], 'properties.networkProfile.', EMPTY_OK);
  const defaultPlugin = version === '2024-09-01' ? 'kubenet' : 'azure';
  const plugin = g.networkPlugin ?? prior?.networkPlugin ?? defaultPlugin;
  const pluginMode = g.networkPluginMode ?? (g.networkPlugin === undefined && plugin === 'azure' && !prior ? 'overlay' : prior?.networkPluginMode);
  if (pluginMode === 'overlay' && plugin !== 'azure') throw invalid(`networkPluginMode 'overlay' requires networkPlugin 'azure' (it is '${plugin}').`);
  if (g.networkMode !== undefined && plugin !== 'azure') throw invalid(`networkMode can only be set with networkPlugin 'azure'.`);
  const dataplane = g.networkDataplane;
  if (dataplane === 'cilium' && plugin !== 'azure') throw invalid(`networkDataplane 'cilium' requires networkPlugin 'azure'.`);
  const policy = g.networkPolicy;
  if (policy === 'azure' && plugin !== 'azure') throw invalid(`networkPolicy 'azure' requires networkPlugin 'azure'.`);
  if (policy === 'cilium' && dataplane !== 'cilium') throw invalid(`networkPolicy 'cilium' requires networkDataplane 'cilium'.`);
  if (dataplane === 'cilium' && policy !== undefined && policy !== 'cilium' && policy !== 'none') throw invalid(`networkDataplane 'cilium' only supports networkPolicy 'cilium'.`);
  if (g.loadBalancerSku === 'basic') throw invalid("The Basic load balancer SKU is retired: new clusters must use loadBalancerSku 'standard'.");
  if (g.podCidrs !== undefined || g.serviceCidrs !== undefined || (g.ipFamilies !== undefined && g.ipFamilies.some((f) => f !== 'IPv4'))) {
    const single = (list: string[] | undefined, one: string | undefined) => list === undefined || (list.length === 1 && (one === undefined || list[0] === one));
    if (!single(g.podCidrs, g.podCidr) || !single(g.serviceCidrs, g.serviceCidr) || (g.ipFamilies ?? ['IPv4']).length !== 1) {
      throw notImplemented('Dual-stack networking (several podCidrs/serviceCidrs/ipFamilies)');
    }
  }
  const podCidrText = g.podCidr ?? g.podCidrs?.[0];
  const usesPodCidr = plugin === 'kubenet' || pluginMode === 'overlay';
  if (podCidrText !== undefined && !usesPodCidr) throw invalid(`podCidr can only be set with networkPlugin 'kubenet' or Azure CNI overlay; pods of networkPlugin '${plugin}' take their IPs from the node subnet.`);
  const serviceCidr = g.serviceCidr ?? g.serviceCidrs?.[0];
  if ((serviceCidr === undefined) !== (g.dnsServiceIP === undefined)) {
    throw invalid('serviceCidr and dnsServiceIP must be specified together (or neither, for the defaults 10.0.0.0/16 and 10.0.0.10).');
  }
  return {
    networkPlugin: plugin,
    ...(pluginMode ? { networkPluginMode: pluginMode } : {}),
    ...(policy ? { networkPolicy: policy } : {}),
    ...(dataplane ? { networkDataplane: dataplane } : plugin === 'azure' ? { networkDataplane: 'azure' } : {}),
    ...(g.networkMode ? { networkMode: g.networkMode } : {}),
    ...(usesPodCidr ? { podCidr: podCidrText ?? prior?.podCidr ?? '10.244.0.0/16' } : {}),
    serviceCidr: serviceCidr ?? prior?.serviceCidr ?? '10.0.0.0/16',
    dnsServiceIP: g.dnsServiceIP ?? prior?.dnsServiceIP ?? '10.0.0.10',
    outboundType: g.outboundType ?? prior?.outboundType ?? 'loadBalancer',
    loadBalancerSku: 'standard',
  };
}

/** A route table's routes as stored: inline (`properties.routes`) and/or as routeTables/routes child records. */
function routesOf(ctx: Ctx, routeTableId: string): { addressPrefix?: string; nextHopType?: string }[] {
  const read = (r: Record<string, unknown>) => {
    const p = (r.properties ?? r) as { addressPrefix?: string; nextHopType?: string };
    return { addressPrefix: p.addressPrefix, nextHopType: p.nextHopType };
  };
  const table = getRecord(ctx.state, routeTableId);
  const inline = ((table?.properties.routes as Record<string, unknown>[] | undefined) ?? []).map(read);
  const children = childrenOf(ctx.state, routeTableId, 'Microsoft.Network/routeTables/routes').map((c) => read(c.properties));
  return [...inline, ...children];
}

/**
 * outboundType userDefinedRouting: "requires a route for 0.0.0.0/0 and a next hop destination of NVA in the
 * route table ... AKS validates that you don't create a 0.0.0.0/0 route pointing to the Internet but instead to
 * a gateway, NVA, etc." (https://learn.microsoft.com/azure/aks/egress-udr). Code InvalidParameter and refusing a
 * missing default route synchronously are unconfirmed (stricter).
 */
function checkDefaultRoute(ctx: Ctx, subnet: ResourceRecord): void {
  const tableId = (subnet.properties.routeTable as { id?: string } | undefined)?.id;
  if (!tableId) return;
  const defaults = routesOf(ctx, tableId).filter((r) => r.addressPrefix === '0.0.0.0/0');
  if (defaults.length === 0) {
    throw invalid(`outboundType 'userDefinedRouting' requires a 0.0.0.0/0 route to a virtual appliance or gateway in route table '${tableId}' of subnet ${subnet.id}; it has none.`);
  }
  if (defaults.some((r) => (r.nextHopType ?? '').toLowerCase() === 'internet')) {
    throw invalid(`outboundType 'userDefinedRouting' needs the 0.0.0.0/0 route of route table '${tableId}' to point to a virtual appliance or gateway, not to the Internet.`);
  }
}

/** CIDR rules once the node subnets are known: service/pod ranges vs the VNet, DNS IP, outbound type, subnet size. */
export function checkAddressing(ctx: Ctx, net: StoredNetwork, pools: NormalizedPools): void {
  const subnet = [...pools.subnets.values()][0];
  const space = vnetSpace(ctx, subnet);
  const service = ipv4Cidr(net.serviceCidr, 'serviceCidr');
  for (const s of space) {
    if (overlaps(service, s)) {
      throw badRequest(
        'ServiceCidrOverlapExistingSubnetsCidr',
        `The specified service CIDR ${net.serviceCidr} is conflicted with an existing subnet CIDR ${s.text}${subnet ? ` of virtual network '${subnet.parentId?.split('/').pop() ?? ''}'` : ' (the AKS-managed virtual network)'}. Choose a serviceCidr outside the virtual network's address space.`,
      );
    }
  }
  const dns = parseIp(net.dnsServiceIP);
  if (!dns || dns.version !== 4) throw invalid(`dnsServiceIP '${net.dnsServiceIP}' is not a valid IPv4 address.`);
  if (dns.value < service.start || dns.value > service.end) {
    throw badRequest('DnsServiceIPOutOfServiceCidr', `The DNS service IP ${net.dnsServiceIP} is not within the service CIDR ${net.serviceCidr}.`);
  }
  if (dns.value === service.start || dns.value === service.start + 1n || dns.value === service.end) {
    throw invalid(`dnsServiceIP ${net.dnsServiceIP} cannot be the network address, the first address (reserved for the kubernetes service) or the broadcast address of ${net.serviceCidr}.`);
  }
  if (net.podCidr) {
    const pod = ipv4Cidr(net.podCidr, 'podCidr');
    if (overlaps(pod, service)) throw invalid(`podCidr ${net.podCidr} overlaps serviceCidr ${net.serviceCidr}.`);
    const clash = space.find((s) => overlaps(pod, s));
    if (clash) throw invalid(`podCidr ${net.podCidr} overlaps the virtual network address space ${clash.text}.`);
  }
  if (net.outboundType === 'userDefinedRouting' || net.outboundType === 'userAssignedNATGateway') {
    if (!subnet) throw invalid(`outboundType '${net.outboundType}' requires agent pools in a custom subnet (vnetSubnetID).`);
    for (const s of pools.subnets.values()) {
      if (net.outboundType === 'userDefinedRouting' && !s.properties.routeTable) {
        throw badRequest('ExistingRouteTableNotAssociatedWithSubnet', `An existing route table has not been associated with subnet ${s.id}. Please update the route table association; outboundType 'userDefinedRouting' needs one.`);
      }
      if (net.outboundType === 'userDefinedRouting') checkDefaultRoute(ctx, s);
      if (net.outboundType === 'userAssignedNATGateway' && !s.properties.natGateway) {
        throw invalid(`outboundType 'userAssignedNATGateway' requires a NAT gateway associated with subnet ${s.id}.`);
      }
    }
  }
  if (net.outboundType === 'managedNATGateway' && subnet) throw invalid("outboundType 'managedNATGateway' cannot be used with a custom VNet; use 'userAssignedNATGateway'.");
  // Every node (plus one for surge upgrades) takes an IP from its subnet; with Azure CNI (no overlay) every pod does too.
  const podsInSubnet = net.networkPlugin === 'azure' && net.networkPluginMode !== 'overlay';
  for (const s of pools.subnets.values()) {
    const using = pools.pools.filter((pl) => same(pl.vnetSubnetID, s.id));
    const needed = using.reduce((n, pl) => n + ((pl.enableAutoScaling ? (pl.maxCount ?? pl.count) : pl.count) + 1) * (podsInSubnet ? pl.maxPods + 1 : 1), 0);
    const cidr = subnetCidrs(s)[0];
    if (!cidr) continue;
    const available = Number(cidr.end - cidr.start + 1n) - 5;
    if (needed > available) {
      throw badRequest(
        'InsufficientSubnetSize',
        `Pre-allocated IPs ${needed} exceeds IPs available ${available} in Subnet Cidr ${cidr.text}, Subnet Name ${s.name}. http://aka.ms/aks-required-ip-per-node for more details.`,
      );
    }
  }
}
