// IPv4 prefixes, address ranges and port ranges as Azure writes them in routes, NSG rules and
// firewall rules. IPv6 is not modelled: every resource this tool creates is IPv4-only.

import ipaddr from 'ipaddr.js';

export type Cidr = [ipaddr.IPv4, number];

export function isIpv4(s: string): boolean {
  return ipaddr.IPv4.isValidFourPartDecimal(s);
}

/** 'a.b.c.d/n' or a bare address (a /32); undefined for anything else (service tags, '*', IPv6). */
export function parseCidr(s: string): Cidr | undefined {
  const t = s.trim();
  if (isIpv4(t)) return [ipaddr.IPv4.parse(t), 32];
  if (!t.includes('/') || !ipaddr.IPv4.isValidCIDRFourPartDecimal(t)) return undefined;
  return ipaddr.IPv4.parseCIDR(t);
}

export function isCidrOrIp(s: string): boolean {
  return parseCidr(s) !== undefined;
}

export function prefixLength(s: string): number | undefined {
  return parseCidr(s)?.[1];
}

export function cidrContainsIp(cidr: string, ip: string): boolean {
  const c = parseCidr(cidr);
  if (!c || !isIpv4(ip)) return false;
  return ipaddr.IPv4.parse(ip).match(c);
}

/** Whether every address of `inner` lies in `outer`. */
export function cidrContainsCidr(outer: string, inner: string): boolean {
  const o = parseCidr(outer);
  const i = parseCidr(inner);
  if (!o || !i) return false;
  return i[1] >= o[1] && i[0].match(o);
}

/** Firewall rules also accept 'a.b.c.d-e.f.g.h' ranges (firewallPolicy.json NetworkRule.sourceAddresses). */
export function ipRangeContains(range: string, ip: string): boolean {
  const [from, to] = range.split('-').map((x) => x.trim());
  if (!from || !to || !isIpv4(from) || !isIpv4(to) || !isIpv4(ip)) return false;
  const n = (a: string): number => ipaddr.IPv4.parse(a).octets.reduce((acc, o) => acc * 256 + o, 0);
  return n(from) <= n(ip) && n(ip) <= n(to);
}

/** Whether a whole CIDR lies inside an 'a.b.c.d-e.f.g.h' range. */
export function cidrWithinRange(range: string, cidr: string): boolean {
  const c = parseCidr(cidr);
  if (!c) return false;
  const first = ipaddr.IPv4.networkAddressFromCIDR(`${c[0].toString()}/${c[1]}`).toString();
  const last = ipaddr.IPv4.broadcastAddressFromCIDR(`${c[0].toString()}/${c[1]}`).toString();
  return ipRangeContains(range, first) && ipRangeContains(range, last);
}

/**
 * Public means routable on the internet: not RFC 1918, not the RFC 6598 shared space, not loopback,
 * link-local or reserved (ipaddr.js ranges). The Internet service tag is "the IP address space that's
 * outside the virtual network and reachable by the public internet"
 * (https://learn.microsoft.com/azure/virtual-network/service-tags-overview).
 */
export function isPublicIp(ip: string): boolean {
  return isIpv4(ip) && ipaddr.IPv4.parse(ip).range() === 'unicast';
}

/** Port specs: '*', '443', '8000-8999' (NSG destinationPortRange, firewall destinationPorts). */
export function portInSpec(spec: string, port: number): boolean {
  const s = spec.trim();
  if (s === '*' || s.toLowerCase() === 'any') return true;
  const m = /^(\d+)\s*-\s*(\d+)$/.exec(s);
  if (m) return Number(m[1]) <= port && port <= Number(m[2]);
  return /^\d+$/.test(s) && Number(s) === port;
}
