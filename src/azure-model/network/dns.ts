// Name resolution from a VNet through Azure-provided DNS (168.63.129.16), which answers from the
// private DNS zones linked to the VNet before public DNS. Sources:
// - https://learn.microsoft.com/azure/private-link/private-endpoint-dns ("Virtual network workloads
//   without custom DNS server ... Azure DNS will be responsible for DNS resolution of the private DNS zones";
//   the public CNAME into privatelink.<zone>);
// - https://learn.microsoft.com/azure/dns/private-dns-fallback (a zone linked to the VNet answers
//   authoritatively: a missing record is NXDOMAIN and "the query fails", unless the link's
//   resolutionPolicy is NxDomainRedirect, which falls back to public resolution).

import type { Cloud } from './cloud.js';
import type { ArmResource } from './types.js';
import { findPaasEndpoint } from './paas.js';
import { privateLinkNameOf, type PrivateLinkName } from './private-dns-zones.js';
import { privateEndpointsServing, privateEndpointsTo } from './private-endpoints.js';
import { obj, objs, props, ref, sameId, str, strs } from './props.js';

export type DnsAnswer =
  | { kind: 'private'; ip: string; zoneId: string; recordId: string }
  | { kind: 'public' }
  | { kind: 'nxdomain'; zoneId: string };

export interface Resolution {
  fqdn: string;
  answer: DnsAnswer;
  /** Names followed, first the one asked. */
  chain: string[];
  trace: string[];
  assumptions: string[];
}

const ZONE_TYPE = 'Microsoft.Network/privateDnsZones';
const LINK_TYPE = 'Microsoft.Network/privateDnsZones/virtualNetworkLinks';

interface LinkedZone {
  zone: ArmResource;
  name: string;
  link: ArmResource;
}

function norm(name: string): string {
  return name.trim().toLowerCase().replace(/\.$/, '');
}

export function linkedZones(cloud: Cloud, vnetId: string): LinkedZone[] {
  return cloud.ofType(ZONE_TYPE).flatMap((zone) => {
    const link = cloud.children(zone.id, LINK_TYPE).find((l) => sameId(ref(props(l), 'virtualNetwork'), vnetId));
    return link ? [{ zone, name: norm(zone.name ?? zone.id.split('/').pop() ?? ''), link }] : [];
  });
}

type RecordHit = { kind: 'A'; ip: string; record: ArmResource } | { kind: 'CNAME'; target: string; record: ArmResource };

/** Exact name first, then the closest wildcard (`*.rest` answers any name ending in `.rest`, RFC 4592). */
function lookupRecord(cloud: Cloud, zone: ArmResource, relative: string): RecordHit | undefined {
  const records = cloud.children(zone.id).filter((r) => /\/(A|CNAME)$/i.test(r.type));
  const candidates = [relative];
  const labels = relative.split('.');
  for (let i = 1; i < labels.length; i++) candidates.push(`*.${labels.slice(i).join('.')}`);
  if (relative !== '@') candidates.push('*');
  for (const name of candidates) {
    for (const record of records.filter((r) => norm(r.name ?? '') === name)) {
      const p = props(record);
      if (/\/A$/i.test(record.type)) {
        const ip = objs(p, 'aRecords').map((a) => str(a, 'ipv4Address')).find((x): x is string => !!x);
        if (ip) return { kind: 'A', ip, record };
      } else {
        const target = str(obj(p, 'cnameRecord'), 'cname');
        if (target) return { kind: 'CNAME', target: norm(target), record };
      }
    }
  }
  return undefined;
}

/**
 * Whether the public CNAME chain of `fqdn` passes through privatelink: only for a resource with a
 * private endpoint connection. "Private networks already using the private DNS zone for a given type,
 * can only connect to public resources if they don't have any private endpoint connections, otherwise
 * a corresponding DNS configuration is required on the private DNS zone" (private-endpoint-dns).
 */
function publicChainUsesPrivateLink(cloud: Cloud, fqdn: string, pl: PrivateLinkName, assumptions: string[]): boolean {
  if (privateEndpointsServing(cloud, fqdn).length > 0) return true;
  const paas = findPaasEndpoint(cloud, fqdn);
  if (paas.resource) {
    return (
      privateEndpointsTo(cloud, paas.resource.id, pl.zone.groupId).length > 0 ||
      objs(paas.resource.properties, 'privateEndpointConnections').length > 0
    );
  }
  assumptions.push(`unconfirmed: ${fqdn} is not in this cloud; assumed to have no private endpoint, so its public CNAME chain skips ${pl.privateZone}`);
  return false;
}

export function resolve(cloud: Cloud, vnetId: string, fqdn: string): Resolution {
  const trace: string[] = [];
  const assumptions: string[] = [];
  const chain = [norm(fqdn)];
  const vnet = cloud.get(vnetId);
  const dnsServers = strs(obj(props(vnet), 'dhcpOptions'), 'dnsServers');
  if (dnsServers.length > 0) {
    assumptions.push(`unconfirmed: the VNet's custom DNS servers (${dnsServers.join(', ')}) are assumed to forward to Azure DNS 168.63.129.16`);
  }
  const zones = linkedZones(cloud, vnetId);
  const done = (answer: DnsAnswer): Resolution => ({ fqdn: norm(fqdn), answer, chain, trace, assumptions });

  let name = norm(fqdn);
  let viaPrivateLink: PrivateLinkName | undefined;
  for (let hop = 0; hop < 8; hop++) {
    const zone = zones
      .filter((z) => name === z.name || name.endsWith(`.${z.name}`))
      .sort((a, b) => b.name.length - a.name.length)[0];
    if (zone) {
      const relative = name === zone.name ? '@' : name.slice(0, -(zone.name.length + 1));
      const hit = lookupRecord(cloud, zone.zone, relative);
      if (hit?.kind === 'A') {
        trace.push(`dns: ${name} → A ${hit.ip} (private DNS zone ${zone.name}, linked by ${zone.link.name ?? zone.link.id})`);
        return done({ kind: 'private', ip: hit.ip, zoneId: zone.zone.id, recordId: hit.record.id });
      }
      if (hit?.kind === 'CNAME') {
        trace.push(`dns: ${name} → CNAME ${hit.target} (private DNS zone ${zone.name})`);
        name = hit.target;
        chain.push(name);
        continue;
      }
      if (str(props(zone.link), 'resolutionPolicy') === 'NxDomainRedirect') {
        trace.push(`dns: ${name} has no record in linked zone ${zone.name}; link resolutionPolicy NxDomainRedirect falls back to public DNS`);
        return done({ kind: 'public' });
      }
      trace.push(`dns: ${name} → NXDOMAIN (zone ${zone.name} is linked to the VNet and has no record for '${relative}')`);
      return done({ kind: 'nxdomain', zoneId: zone.zone.id });
    }
    const pl = privateLinkNameOf(name);
    if (pl && publicChainUsesPrivateLink(cloud, name, pl, assumptions)) {
      trace.push(`dns: ${name} → CNAME ${pl.privateName} (public DNS; the resource has a private endpoint)`);
      viaPrivateLink = pl;
      name = pl.privateName;
      chain.push(name);
      continue;
    }
    const why = viaPrivateLink
      ? `no private DNS zone ${viaPrivateLink.privateZone} is linked to the VNet`
      : pl
        ? 'the resource has no private endpoint'
        : 'no linked private DNS zone covers it';
    trace.push(`dns: ${chain.join(' → ')} resolves to its public address (${why})`);
    return done({ kind: 'public' });
  }
  trace.push(`dns: CNAME chain from ${norm(fqdn)} longer than 8 hops; treated as a failed lookup`);
  return done({ kind: 'nxdomain', zoneId: '' });
}
