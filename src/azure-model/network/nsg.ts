// Network security group evaluation. Source unless noted: Learn "Azure network security groups
// overview", https://learn.microsoft.com/azure/virtual-network/network-security-groups-overview:
// "Rules are processed in priority order, with lower numbers processed before higher numbers ... Once
// traffic matches a rule, processing stops"; rules match on the five-tuple; sources and destinations are
// Any, an IP, a CIDR, a service tag or an application security group; "Any encompasses TCP, UDP, and ICMP".

import type { Cloud } from './cloud.js';
import type { ArmResource, Protocol } from './types.js';
import { num, objs, props, str, strs, type Json } from './props.js';
import { cidrContainsCidr, cidrContainsIp, isCidrOrIp, portInSpec } from './ip.js';
import { tagCovers } from './service-tags.js';

export interface NsgEndpoint {
  /** The exact address, when known. */
  ip?: string;
  /** A whole range the flow may come from (the source subnet): a CIDR rule matches only if it holds all of it. */
  prefixes?: string[];
  /** Lowercased tags the endpoint belongs to ('virtualnetwork', 'internet', 'storage.westeurope', ...). */
  tags: ReadonlySet<string>;
}

export interface NsgFlow {
  direction: 'Inbound' | 'Outbound';
  protocol: Protocol;
  source: NsgEndpoint;
  destination: NsgEndpoint;
  destinationPort: number;
}

export interface NsgRuleView {
  id: string;
  name: string;
  priority: number;
  access: 'Allow' | 'Deny';
  isDefault: boolean;
  /** e.g. 'priority 4096 denies * to *:*'. */
  summary: string;
}

export interface NsgResult {
  access: 'Allow' | 'Deny';
  rule?: NsgRuleView;
  trace: string[];
  assumptions: string[];
}

/** Azure's default rules, used when a GET body lacks `defaultSecurityRules` ("Default security rules" tables; 0.0.0.0/0 written as '*'). */
export const DEFAULT_SECURITY_RULES: { name: string; properties: Json }[] = [
  { name: 'AllowVnetInBound', properties: { priority: 65000, direction: 'Inbound', access: 'Allow', protocol: '*', sourceAddressPrefix: 'VirtualNetwork', sourcePortRange: '*', destinationAddressPrefix: 'VirtualNetwork', destinationPortRange: '*' } },
  { name: 'AllowAzureLoadBalancerInBound', properties: { priority: 65001, direction: 'Inbound', access: 'Allow', protocol: '*', sourceAddressPrefix: 'AzureLoadBalancer', sourcePortRange: '*', destinationAddressPrefix: '*', destinationPortRange: '*' } },
  { name: 'DenyAllInBound', properties: { priority: 65500, direction: 'Inbound', access: 'Deny', protocol: '*', sourceAddressPrefix: '*', sourcePortRange: '*', destinationAddressPrefix: '*', destinationPortRange: '*' } },
  { name: 'AllowVnetOutBound', properties: { priority: 65000, direction: 'Outbound', access: 'Allow', protocol: '*', sourceAddressPrefix: 'VirtualNetwork', sourcePortRange: '*', destinationAddressPrefix: 'VirtualNetwork', destinationPortRange: '*' } },
  { name: 'AllowInternetOutBound', properties: { priority: 65001, direction: 'Outbound', access: 'Allow', protocol: '*', sourceAddressPrefix: '*', sourcePortRange: '*', destinationAddressPrefix: 'Internet', destinationPortRange: '*' } },
  { name: 'DenyAllOutBound', properties: { priority: 65500, direction: 'Outbound', access: 'Deny', protocol: '*', sourceAddressPrefix: '*', sourcePortRange: '*', destinationAddressPrefix: '*', destinationPortRange: '*' } },
];

interface Rule {
  id: string;
  name: string;
  p: Json;
  isDefault: boolean;
}

function rulesOf(cloud: Cloud, nsg: ArmResource): Rule[] {
  const custom = cloud.children(nsg.id, `${nsg.type}/securityRules`);
  const defaults = cloud.children(nsg.id, `${nsg.type}/defaultSecurityRules`);
  const fromBody = (rs: ArmResource[], isDefault: boolean): Rule[] => rs.map((r) => ({ id: r.id, name: r.name ?? r.id.split('/').pop() ?? '', p: props(r), isDefault }));
  const effectiveDefaults =
    defaults.length > 0
      ? fromBody(defaults, true)
      : DEFAULT_SECURITY_RULES.map((d) => ({ id: `${nsg.id}/defaultSecurityRules/${d.name}`, name: d.name, p: d.properties, isDefault: true }));
  return [...fromBody(custom, false), ...effectiveDefaults].sort((a, b) => (num(a.p, 'priority') ?? 0) - (num(b.p, 'priority') ?? 0));
}

function addressMatches(prefix: string, ep: NsgEndpoint): boolean {
  const p = prefix.trim();
  if (p === '*' || p.toLowerCase() === 'any' || p === '0.0.0.0/0') return true;
  if (isCidrOrIp(p)) {
    if (ep.ip) return cidrContainsIp(p, ep.ip);
    if (ep.prefixes && ep.prefixes.length > 0) return ep.prefixes.every((inner) => cidrContainsCidr(p, inner));
    return false;
  }
  return tagCovers(p, ep.tags);
}

function sideMatches(p: Json, side: 'source' | 'destination', ep: NsgEndpoint, notes: string[], ruleName: string): boolean {
  if (objs(p, `${side}ApplicationSecurityGroups`).length > 0) {
    notes.push(`unconfirmed: rule ${ruleName} uses application security groups, whose membership is not modelled; counted as not matching`);
    return false;
  }
  const list = strs(p, `${side}AddressPrefixes`);
  const prefixes = list.length > 0 ? list : [str(p, `${side}AddressPrefix`) ?? '*'];
  return prefixes.some((x) => addressMatches(x, ep));
}

function portsMatch(p: Json, side: 'source' | 'destination', port: number | undefined): boolean {
  const list = strs(p, `${side}PortRanges`);
  const specs = list.length > 0 ? list : [str(p, `${side}PortRange`) ?? '*'];
  // The client's source port is ephemeral and unknown: only '*' (or 0-65535) is sure to match.
  if (port === undefined) return specs.some((s) => portInSpec(s, 0) && portInSpec(s, 65535));
  return specs.some((s) => portInSpec(s, port));
}

function describe(r: Rule): string {
  const p = r.p;
  const dst = strs(p, 'destinationAddressPrefixes').join(',') || str(p, 'destinationAddressPrefix') || '*';
  const ports = strs(p, 'destinationPortRanges').join(',') || str(p, 'destinationPortRange') || '*';
  return `priority ${num(p, 'priority') ?? '?'} ${str(p, 'access') === 'Deny' ? 'denies' : 'allows'} ${str(p, 'protocol') ?? '*'} to ${dst}:${ports}`;
}

/**
 * First matching rule of `flow.direction`, in priority order. No NSG means no filtering: "All network
 * traffic is allowed through a subnet and network interface if they don't have a network security group
 * associated to them" (https://learn.microsoft.com/azure/virtual-network/network-security-group-how-it-works).
 */
export function evaluateNsg(cloud: Cloud, nsgId: string | undefined, flow: NsgFlow): NsgResult {
  const dir = flow.direction.toLowerCase();
  if (!nsgId) return { access: 'Allow', trace: [`nsg ${dir}: no network security group on the subnet; nothing filtered`], assumptions: [] };
  const nsg = cloud.get(nsgId);
  if (!nsg) {
    return {
      access: 'Allow',
      trace: [`nsg ${dir}: ${nsgId} is not in the cloud`],
      assumptions: [`unconfirmed: network security group ${nsgId} is missing from the input; treated as allowing`],
    };
  }
  const notes: string[] = [];
  for (const rule of rulesOf(cloud, nsg)) {
    const p = rule.p;
    if ((str(p, 'direction') ?? '').toLowerCase() !== dir) continue;
    const protocol = (str(p, 'protocol') ?? '*').toLowerCase();
    if (protocol !== '*' && protocol !== flow.protocol.toLowerCase()) continue;
    if (!sideMatches(p, 'source', flow.source, notes, rule.name) || !sideMatches(p, 'destination', flow.destination, notes, rule.name)) continue;
    if (!portsMatch(p, 'source', undefined) || !portsMatch(p, 'destination', flow.destinationPort)) continue;
    const access = str(p, 'access') === 'Deny' ? 'Deny' : 'Allow';
    const view: NsgRuleView = { id: rule.id, name: rule.name, priority: num(p, 'priority') ?? 0, access, isDefault: rule.isDefault, summary: describe(rule) };
    return {
      access,
      rule: view,
      trace: [`nsg ${nsg.name ?? nsg.id} ${dir}: ${rule.name}${rule.isDefault ? ' (default rule)' : ''} ${view.summary} — ${access === 'Allow' ? 'allowed' : 'denied'}`],
      assumptions: [...new Set(notes)],
    };
  }
  // Unreachable with Azure's defaults (DenyAll*), reachable with a hand-written defaultSecurityRules list.
  return { access: 'Deny', trace: [`nsg ${nsg.name ?? nsg.id} ${dir}: no rule matches`], assumptions: [...new Set(notes)] };
}
