// What a destination is, as seen from a subnet: its address after DNS, the tags it belongs to, the
// private endpoint or PaaS resource behind it.

import type { Cloud } from './cloud.js';
import type { ArmResource, Decider, Destination, ReachOptions } from './types.js';
import { resolve } from './dns.js';
import { findPaasEndpoint } from './paas.js';
import { privateEndpointForIp } from './private-endpoints.js';
import { cidrContainsIp, isIpv4, isPublicIp, parseCidr } from './ip.js';
import { expandTags, isAddressSpaceTag, normRegion } from './service-tags.js';
import { peeringsOf, vnetPrefixes, type SubnetContext } from './topology.js';
import { props, ref, str } from './props.js';
import type { PaasKind } from './destinations.js';

export interface Target {
  /** The address the flow goes to, when known. */
  ip?: string;
  /** The name the client connected to (firewall application rules match it). */
  fqdn?: string;
  /** Lowercased tags the destination belongs to, Internet and VirtualNetwork included when they apply. */
  tags: Set<string>;
  /** Outside every VNet address space: needs an outbound method unless a service endpoint carries it. */
  isPublic: boolean;
  privateEndpoint?: ArmResource;
  paas?: { kind: PaasKind; resource?: ArmResource; name?: string; serviceEndpoint?: string };
  describe: string;
}

export type TargetResult = { ok: true; target: Target } | { ok: false; decidedBy: Decider };

/**
 * VirtualNetwork is "the virtual network address space ..., peered virtual networks, ... and address
 * prefixes used on user-defined routes. This tag might also contain default routes"
 * (https://learn.microsoft.com/azure/virtual-network/service-tags-overview); the UDRs are those of the
 * route table on the NSG's subnet, and a 0.0.0.0/0 UDR puts every address in the tag
 * (MicrosoftDocs/azure-docs#22178, #124192).
 */
function inVirtualNetworkTag(cloud: Cloud, ctx: SubnetContext, ip: string | undefined, trace: string[]): boolean {
  const peers = peeringsOf(cloud, ctx.vnet).filter((p) => p.connected && p.allowVirtualNetworkAccess);
  const udrPrefixes = cloud
    .children(ref(props(ctx.subnet), 'routeTable') ?? '-', 'Microsoft.Network/routeTables/routes')
    .map((r) => str(props(r), 'addressPrefix'))
    .filter((p): p is string => !!p && parseCidr(p) !== undefined);
  if (ip) {
    const spaces = [...vnetPrefixes(ctx.vnet), ...peers.flatMap((p) => p.remotePrefixes)];
    if (spaces.some((c) => cidrContainsIp(c, ip))) return true;
    const udr = udrPrefixes.find((c) => cidrContainsIp(c, ip));
    if (udr) trace.push(`tags: ${ip} is in VirtualNetwork through UDR prefix ${udr} on the subnet's route table`);
    return !!udr;
  }
  if (udrPrefixes.includes('0.0.0.0/0')) {
    trace.push('tags: a UDR for 0.0.0.0/0 on the subnet puts every destination in the VirtualNetwork tag');
    return true;
  }
  return false;
}

function regionFor(groups: Record<string, string>, resource: ArmResource | undefined, fallback: string, options: ReachOptions, what: string, assumptions: string[]): string {
  if (groups.region) return normRegion(groups.region);
  if (resource?.location) return normRegion(resource.location);
  const region = normRegion(options.assumeRegion ?? fallback);
  assumptions.push(`unconfirmed: the region of ${what} is unknown; assumed ${region}`);
  return region;
}

export function buildTarget(cloud: Cloud, ctx: SubnetContext, to: Destination, options: ReachOptions, trace: string[], assumptions: string[]): TargetResult {
  const finish = (t: Omit<Target, 'tags' | 'isPublic'> & { leaves: string[] }): TargetResult => {
    const ip = t.ip;
    const isPublic = ip
      ? isPublicIp(ip) && !vnetPrefixes(ctx.vnet).some((c) => cidrContainsIp(c, ip))
      : !t.leaves.some((l) => isAddressSpaceTag(l) && l.toLowerCase() !== 'internet');
    const tags = expandTags(t.leaves);
    if (isPublic) tags.add('internet');
    if (inVirtualNetworkTag(cloud, ctx, t.ip, trace)) tags.add('virtualnetwork');
    const { leaves: _leaves, ...rest } = t;
    trace.push(`destination: ${t.describe}; tags ${[...tags].sort().join(', ') || '(none)'}`);
    return { ok: true, target: { ...rest, tags, isPublic } };
  };

  if (to.kind === 'ip') {
    if (!isIpv4(to.address)) throw new Error(`azure-model/network: '${to.address}' is not an IPv4 address`);
    const pe = privateEndpointForIp(cloud, to.address);
    if (isPublicIp(to.address)) assumptions.push(`unconfirmed: which Azure service tags hold ${to.address} is not known to the model; only Internet is counted`);
    return finish({ ip: to.address, privateEndpoint: pe, leaves: [], describe: pe ? `${to.address} (private endpoint ${pe.name ?? pe.id})` : to.address });
  }

  if (to.kind === 'serviceTag') {
    return finish({ leaves: [to.address], describe: `service tag ${to.address}` });
  }

  const res = resolve(cloud, ctx.vnet.id, to.address);
  trace.push(...res.trace);
  assumptions.push(...res.assumptions);
  if (res.answer.kind === 'nxdomain') {
    return { ok: false, decidedBy: { kind: 'dns', id: res.answer.zoneId || undefined, detail: `${res.fqdn} does not resolve from the VNet (${res.chain.join(' → ')}: NXDOMAIN)` } };
  }
  if (res.answer.kind === 'private') {
    const ip = res.answer.ip;
    const pe = privateEndpointForIp(cloud, ip);
    return finish({ ip, fqdn: res.fqdn, privateEndpoint: pe, leaves: [], describe: `${res.fqdn} = ${ip}${pe ? ` (private endpoint ${pe.name ?? pe.id})` : ''}` });
  }
  const paas = findPaasEndpoint(cloud, res.fqdn);
  const row = paas.row;
  if (row?.unconfirmed) assumptions.push(`unconfirmed: ${row.unconfirmed}`);
  const needsRegion = row?.tags.some((t) => t.includes('{region}')) ?? false;
  const region = needsRegion ? regionFor(paas.groups, paas.resource, ctx.region, options, res.fqdn, assumptions) : ctx.region;
  const leaves = (row?.tags ?? []).map((t) => t.replace('{region}', region));
  const name = paas.groups.name ?? paas.resource?.name;
  return finish({
    fqdn: res.fqdn,
    leaves,
    paas: row?.paas ? { kind: row.paas, resource: paas.resource, name, serviceEndpoint: row.serviceEndpoint } : undefined,
    describe: `${res.fqdn} (public endpoint${paas.resource ? ` of ${paas.resource.name ?? paas.resource.id}` : ''})`,
  });
}
