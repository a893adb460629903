// A subnet's effective routes and the route a destination takes. Source unless noted: Learn
// "Virtual network traffic routing", https://learn.microsoft.com/azure/virtual-network/virtual-networks-udr-overview
// (system routes, optional default routes, user-defined routes, "How Azure selects a route").

import type { Cloud } from './cloud.js';
import type { ArmResource } from './types.js';
import { props, ref, str } from './props.js';
import { cidrContainsCidr, cidrContainsIp, isCidrOrIp, isPublicIp, parseCidr, prefixLength } from './ip.js';
import { tagCovers, tagRouteRank } from './service-tags.js';
import { serviceEndpointRoutes } from './service-endpoints.js';
import { peeringsOf, subnetContext, vnetPrefixes } from './topology.js';
import { PRIVATE_ENDPOINT_TYPE, privateEndpointAddresses, privateEndpointVnetId } from './private-endpoints.js';

export type NextHopType =
  | 'VnetLocal'
  | 'VNetPeering'
  | 'Internet'
  | 'None'
  | 'VirtualAppliance'
  | 'VirtualNetworkGateway'
  | 'VirtualNetworkServiceEndpoint'
  | 'InterfaceEndpoint';

export interface EffectiveRoute {
  source: 'Default' | 'User';
  state: 'Active' | 'Invalid';
  /** A CIDR or, for service endpoint routes and service-tag UDRs, a service tag. */
  addressPrefix: string;
  nextHopType: NextHopType;
  nextHopIpAddress?: string;
  /** The UDR, peering or private endpoint behind the route. */
  id?: string;
  name?: string;
  /** Why the route exists or is Invalid. */
  note?: string;
}

/** RFC 1918 and RFC 6598 prefixes Azure routes to None unless a VNet claims them ("Default" system routes). */
const RESERVED_NONE = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10'];

const ROUTE_TABLE_ROUTES = 'Microsoft.Network/routeTables/routes';

function userRoutes(cloud: Cloud, subnet: ArmResource): EffectiveRoute[] {
  const tableId = ref(props(subnet), 'routeTable');
  const table = cloud.get(tableId);
  if (!table) return [];
  return cloud.children(table.id, ROUTE_TABLE_ROUTES).flatMap((r) => {
    const p = props(r);
    const addressPrefix = str(p, 'addressPrefix');
    const nextHopType = str(p, 'nextHopType');
    if (!addressPrefix || !nextHopType) return [];
    return [
      {
        source: 'User' as const,
        state: 'Active' as const,
        addressPrefix,
        nextHopType: nextHopType as NextHopType,
        nextHopIpAddress: str(p, 'nextHopIpAddress'),
        id: r.id,
        name: r.name,
        note: `route table ${table.name ?? table.id}`,
      },
    ];
  });
}

/**
 * Private endpoint /32 routes, in the endpoint's own VNet and directly peered VNets (Learn "Manage
 * network policies for private endpoints", https://learn.microsoft.com/azure/private-link/disable-private-endpoint-network-policy,
 * quoted in MicrosoftDocs/azure-docs#105920). The next hop is shown as InterfaceEndpoint in effective
 * routes (unconfirmed: not a value of the REST enum RouteNextHopType).
 */
function privateEndpointRoutes(cloud: Cloud, vnetIds: Set<string>): EffectiveRoute[] {
  return cloud.ofType(PRIVATE_ENDPOINT_TYPE).flatMap((pe) => {
    const vnetId = privateEndpointVnetId(pe)?.toLowerCase();
    if (!vnetId || !vnetIds.has(vnetId)) return [];
    return privateEndpointAddresses(cloud, pe).map((a) => ({
      source: 'Default' as const,
      state: 'Active' as const,
      addressPrefix: `${a.ip}/32`,
      nextHopType: 'InterfaceEndpoint' as const,
      id: pe.id,
      name: pe.name,
      note: `private endpoint ${pe.name ?? pe.id}`,
    }));
  });
}

/**
 * With route-table network policies on the endpoint's subnet, a UDR covering the endpoint's IP whose
 * prefix is no broader than the endpoint VNet's address space invalidates the /32 ("user-defined routes
 * must have a prefix length equal to or larger than the virtual network address space prefix length
 * ... a user-defined routes default route (0.0.0.0/0) doesn't invalidate private endpoint routes",
 * disable-private-endpoint-network-policy; MicrosoftDocs/azure-docs#112283, #107366).
 */
function invalidatesPrivateEndpointRoute(cloud: Cloud, peRoute: EffectiveRoute, udrs: EffectiveRoute[]): EffectiveRoute | undefined {
  const pe = cloud.get(peRoute.id);
  const peSubnet = cloud.get(ref(props(pe), 'subnet'));
  const policies = str(props(peSubnet), 'privateEndpointNetworkPolicies') ?? 'Disabled';
  if (policies !== 'Enabled' && policies !== 'RouteTableEnabled') return undefined;
  const ip = peRoute.addressPrefix.split('/')[0] ?? '';
  const peVnet = cloud.get(privateEndpointVnetId(pe ?? { id: '', type: '' }));
  const space = vnetPrefixes(peVnet).find((c) => cidrContainsIp(c, ip));
  const spaceLen = space ? prefixLength(space) : undefined;
  if (spaceLen === undefined) return undefined;
  return udrs.find((u) => cidrContainsIp(u.addressPrefix, ip) && (prefixLength(u.addressPrefix) ?? -1) >= spaceLen);
}

export function effectiveRoutes(cloud: Cloud, subnetId: string): EffectiveRoute[] {
  const { subnet, vnet, region } = subnetContext(cloud, subnetId);
  const own = vnetPrefixes(vnet);
  const routes: EffectiveRoute[] = own.map((p) => ({ source: 'Default', state: 'Active', addressPrefix: p, nextHopType: 'VnetLocal', note: 'VNet address space' }));
  // "If you assign any of the previous address ranges within the address space ... Azure automatically changes the next hop type for the route from None to Virtual network."
  for (const reserved of RESERVED_NONE) {
    if (!own.some((p) => cidrContainsCidr(p, reserved))) {
      routes.push({ source: 'Default', state: 'Active', addressPrefix: reserved, nextHopType: 'None', note: 'reserved range (RFC 1918 / RFC 6598)' });
    }
  }
  routes.push({ source: 'Default', state: 'Active', addressPrefix: '0.0.0.0/0', nextHopType: 'Internet', note: 'default route' });
  const peered = new Set([vnet.id.toLowerCase()]);
  for (const p of peeringsOf(cloud, vnet).filter((x) => x.connected)) {
    peered.add(p.remoteVnetId.toLowerCase());
    for (const prefix of p.remotePrefixes) {
      routes.push({ source: 'Default', state: 'Active', addressPrefix: prefix, nextHopType: 'VNetPeering', id: p.peering.id, name: p.peering.name, note: `peering to ${p.remoteVnetId.split('/').pop()}` });
    }
  }
  for (const se of serviceEndpointRoutes(subnet, region)) {
    routes.push({ source: 'Default', state: 'Active', addressPrefix: se.tag, nextHopType: 'VirtualNetworkServiceEndpoint', note: `service endpoint ${se.service}` });
  }
  routes.push(...privateEndpointRoutes(cloud, peered));
  const udrs = userRoutes(cloud, subnet);
  // "If there are conflicting route assignments, user-defined routes override the default routes."
  for (const r of routes) {
    const same = udrs.find((u) => u.addressPrefix.toLowerCase() === r.addressPrefix.toLowerCase());
    if (same) Object.assign(r, { state: 'Invalid', note: `${r.note ?? ''}; overridden by UDR ${same.name ?? same.id}` });
    if (r.nextHopType === 'InterfaceEndpoint') {
      const by = invalidatesPrivateEndpointRoute(cloud, r, udrs.filter((u) => isCidrOrIp(u.addressPrefix)));
      if (by) Object.assign(r, { state: 'Invalid', note: `${r.note ?? ''}; invalidated by UDR ${by.name ?? by.id} (route-table network policies enabled)` });
    }
  }
  return [...routes, ...udrs];
}

export interface RouteTarget {
  /** The destination address when known (a private answer, an IP destination). */
  ip?: string;
  /** Lowercased tag names the destination belongs to (service-tags.ts expandTags). */
  tags: ReadonlySet<string>;
}

export interface RouteChoice {
  route?: EffectiveRoute;
  trace: string[];
  assumptions: string[];
}

const SOURCE_RANK: Record<EffectiveRoute['source'], number> = { User: 2, Default: 0 };

interface Scored {
  route: EffectiveRoute;
  /** Prefix length; a service tag's prefixes are longer than 0.0.0.0/0 (whose length is unknown here), so tag routes score 0.5. */
  len: number;
  explicit: number;
  tagRank: number;
}

function score(route: EffectiveRoute, target: RouteTarget, unknown: string[]): Scored | undefined {
  const cidr = parseCidr(route.addressPrefix);
  if (cidr) {
    if (target.ip) return cidrContainsIp(route.addressPrefix, target.ip) ? { route, len: cidr[1], explicit: 1, tagRank: 0 } : undefined;
    if (cidr[1] === 0) return { route, len: 0, explicit: 1, tagRank: 0 };
    if (isPublicIp(cidr[0].toString())) unknown.push(route.addressPrefix);
    return undefined;
  }
  if (!tagCovers(route.addressPrefix, target.tags)) return undefined;
  return { route, len: 0.5, explicit: 0, tagRank: tagRouteRank(route.addressPrefix) };
}

/**
 * Longest prefix match; at equal prefixes "1. User-defined route 2. BGP route 3. System route", and
 * among service-tag routes regional > top-level > AzureCloud regional > AzureCloud, an explicit prefix
 * beating a tag ("Exact Match"). "When a matching route can't be found, the packet is dropped"
 * (https://learn.microsoft.com/training/modules/configure-network-routing-endpoints/2-review-system-routes).
 */
export function selectRoute(routes: EffectiveRoute[], target: RouteTarget): RouteChoice {
  const trace: string[] = [];
  const assumptions: string[] = [];
  const unknown: string[] = [];
  const scored = routes
    .filter((r) => r.state === 'Active')
    .map((r) => score(r, target, unknown))
    .filter((s): s is Scored => !!s)
    .sort((a, b) => b.len - a.len || SOURCE_RANK[b.route.source] - SOURCE_RANK[a.route.source] || b.explicit - a.explicit || b.tagRank - a.tagRank);
  if (unknown.length > 0) {
    assumptions.push(`unconfirmed: the destination's public IP is unknown, so routes to ${unknown.join(', ')} were not counted as covering it`);
  }
  const [best, next] = scored;
  if (!best) {
    trace.push('route: no route covers the destination; the packet is dropped');
    return { trace, assumptions };
  }
  if (next && best.len === next.len && best.explicit === 0 && next.explicit === 0 && best.route.addressPrefix.toLowerCase() !== next.route.addressPrefix.toLowerCase()) {
    assumptions.push(
      `unconfirmed: service-tag routes ${best.route.addressPrefix} and ${next.route.addressPrefix} were compared as equal prefixes (a service endpoint route uses its tag's prefixes; the overlap between different tags is not published)`,
    );
  }
  const r = best.route;
  const hop = r.nextHopIpAddress ? `${r.nextHopType} ${r.nextHopIpAddress}` : r.nextHopType;
  trace.push(`route: ${r.addressPrefix} → ${hop} [${r.source}${r.name ? ` ${r.name}` : ''}${r.note ? `; ${r.note}` : ''}] (of ${scored.length} matching)`);
  return { route: r, trace, assumptions };
}
