// Azure Firewall policy evaluation for outbound flows. Sources:
// - Learn "Azure Firewall rule processing logic", https://learn.microsoft.com/azure/firewall/rule-processing:
//   "The system processes rule collection groups in priority order ... rule collections in priority order
//   ... DNAT rules, then network rules, then application rules"; "the parent policy always takes precedence";
//   rules are terminating; application rules only for HTTP, HTTPS or MSSQL; "If there is still no match,
//   then the packet is denied by default".
// - Learn "Azure Firewall FAQ", https://learn.microsoft.com/azure/firewall/firewall-faq: "If you configure
//   *.contoso.com, it allows anyvalue.contoso.com, but not contoso.com (the domain apex)".
// - Learn "Use FQDN filtering in network rules", https://learn.microsoft.com/azure/firewall/fqdn-filtering-network-rules:
//   "You must enable DNS Proxy to use FQDNs in your network rules"; "FQDN filtering in network rules
//   doesn't support wildcards".
// - Property names: REST spec network/.../firewallPolicy.json (FirewallPolicyRuleCollectionGroup,
//   FirewallPolicyFilterRuleCollection, NetworkRule, ApplicationRule).

import type { Cloud } from './cloud.js';
import type { ArmResource, Decider, Protocol } from './types.js';
import { bool, num, obj, objs, props, ref, str, strs, type Json } from './props.js';
import { cidrContainsCidr, cidrContainsIp, cidrWithinRange, isCidrOrIp, portInSpec } from './ip.js';
import { tagCovers } from './service-tags.js';
import { fqdnTagFqdns } from './fqdn-tags.js';

export interface FirewallFlow {
  /** The source subnet's prefixes: a source rule matches only if it holds all of them. */
  sourcePrefixes: string[];
  /** The name the client connected to (TLS SNI / HTTP Host), when it connected by name. */
  fqdn?: string;
  /** The destination address, when known. */
  ip?: string;
  /** Lowercased service tags the destination belongs to. */
  tags: ReadonlySet<string>;
  protocol: Protocol;
  port: number;
  /** The source's region, for FQDN tags naming a region. */
  region: string;
}

export interface FirewallResult {
  action: 'Allow' | 'Deny';
  decidedBy: Decider;
  trace: string[];
  assumptions: string[];
}

const GROUP_TYPE = 'Microsoft.Network/firewallPolicies/ruleCollectionGroups';

/** Base policies first: "If you inherit a Firewall Policy from a parent policy, rule collection groups in the parent policy always take precedence". */
function policyChain(cloud: Cloud, policy: ArmResource, depth = 0): ArmResource[] {
  const base = cloud.get(ref(props(policy), 'basePolicy'));
  return base && depth < 5 ? [...policyChain(cloud, base, depth + 1), policy] : [policy];
}

interface Collection {
  group: ArmResource;
  name: string;
  priority: number;
  action: 'Allow' | 'Deny';
  rules: Json[];
}

function collectionsOf(cloud: Cloud, policy: ArmResource): Collection[] {
  const groups = [...cloud.children(policy.id, GROUP_TYPE)];
  for (const r of objs(props(policy), 'ruleCollectionGroups')) {
    const g = cloud.get(str(r, 'id'));
    if (g && !groups.some((x) => x.id.toLowerCase() === g.id.toLowerCase())) groups.push(g);
  }
  groups.sort((a, b) => (num(props(a), 'priority') ?? 0) - (num(props(b), 'priority') ?? 0));
  return groups.flatMap((group) =>
    objs(props(group), 'ruleCollections')
      .filter((c) => str(c, 'ruleCollectionType') === 'FirewallPolicyFilterRuleCollection')
      .sort((a, b) => (num(a, 'priority') ?? 0) - (num(b, 'priority') ?? 0))
      .map((c) => ({
        group,
        name: str(c, 'name') ?? '',
        priority: num(c, 'priority') ?? 0,
        action: str(obj(c, 'action'), 'type') === 'Deny' ? ('Deny' as const) : ('Allow' as const),
        rules: objs(c, 'rules'),
      })),
  );
}

function sourceMatches(rule: Json, flow: FirewallFlow, notes: string[]): boolean {
  const addrs = strs(rule, 'sourceAddresses');
  if (addrs.length === 0) {
    if (strs(rule, 'sourceIpGroups').length > 0) notes.push(`unconfirmed: rule ${str(rule, 'name')} uses source IP groups, which are not modelled; counted as not matching`);
    return false;
  }
  return addrs.some((a) => {
    if (a.trim() === '*') return true;
    if (a.includes('-')) return flow.sourcePrefixes.length > 0 && flow.sourcePrefixes.every((p) => cidrWithinRange(a, p));
    return flow.sourcePrefixes.length > 0 && flow.sourcePrefixes.every((p) => cidrContainsCidr(a, p));
  });
}

function networkDestinationMatches(rule: Json, flow: FirewallFlow, dnsProxy: boolean, notes: string[]): boolean {
  const addrMatch = strs(rule, 'destinationAddresses').some((a) => {
    const t = a.trim();
    if (t === '*') return true;
    if (isCidrOrIp(t)) return flow.ip !== undefined && cidrContainsIp(t, flow.ip);
    return tagCovers(t, flow.tags);
  });
  if (addrMatch) return true;
  const fqdns = strs(rule, 'destinationFqdns');
  if (fqdns.length > 0) {
    if (!dnsProxy) {
      notes.push(`rule ${str(rule, 'name')} names FQDNs but the policy's DNS proxy is off, so they match nothing (fqdn-filtering-network-rules)`);
      return false;
    }
    // Matched on the resolved IPs, so "it can't discern between two FQDNs that are resolved to the same IP address".
    if (flow.fqdn && fqdns.some((f) => f.toLowerCase() === flow.fqdn?.toLowerCase())) return true;
  }
  if (strs(rule, 'destinationIpGroups').length > 0) notes.push(`unconfirmed: rule ${str(rule, 'name')} uses destination IP groups, which are not modelled`);
  return false;
}

function networkRuleMatches(rule: Json, flow: FirewallFlow, dnsProxy: boolean, notes: string[]): boolean {
  const protocols = strs(rule, 'ipProtocols').map((p) => p.toUpperCase());
  if (!protocols.includes('ANY') && !protocols.includes(flow.protocol.toUpperCase())) return false;
  if (!strs(rule, 'destinationPorts').some((p) => portInSpec(p, flow.port))) return false;
  return sourceMatches(rule, flow, notes) && networkDestinationMatches(rule, flow, dnsProxy, notes);
}

/** Target FQDN semantics: exact, case-insensitive; '*.x' is any name under x but not x itself; '*' is anything. */
export function fqdnMatchesTarget(target: string, fqdn: string): boolean {
  const t = target.trim().toLowerCase().replace(/\.$/, '');
  const f = fqdn.trim().toLowerCase().replace(/\.$/, '');
  if (t === '*') return true;
  if (t.startsWith('*.')) return f.endsWith(t.slice(1)) && f.length > t.length - 1;
  return t === f;
}

function applicationRuleMatches(rule: Json, flow: FirewallFlow, notes: string[]): boolean {
  const protocol = objs(rule, 'protocols').find((p) => num(p, 'port') === flow.port);
  if (!protocol || !flow.fqdn) return false;
  if (!sourceMatches(rule, flow, notes)) return false;
  const fqdn = flow.fqdn;
  if (strs(rule, 'targetFqdns').some((t) => fqdnMatchesTarget(t, fqdn))) {
    notes.push(`the flow on port ${flow.port} is assumed to speak ${str(protocol, 'protocolType') ?? 'HTTP(S)'} with ${fqdn} as its SNI/Host`);
    return true;
  }
  for (const tag of strs(rule, 'fqdnTags')) {
    const known = fqdnTagFqdns(tag, flow.region);
    if (!known) {
      notes.push(`unconfirmed: FQDN tag ${tag} is not in the model's table; counted as not matching`);
      continue;
    }
    if (known.fqdns.some((t) => fqdnMatchesTarget(t, fqdn))) {
      notes.push(`unconfirmed: ${known.unconfirmed}`);
      return true;
    }
  }
  if (strs(rule, 'targetUrls').length > 0 || strs(rule, 'webCategories').length > 0) {
    notes.push(`unconfirmed: rule ${str(rule, 'name')} uses target URLs or web categories, which are not modelled`);
  }
  return false;
}

export function evaluateFirewallPolicy(cloud: Cloud, policyId: string, flow: FirewallFlow): FirewallResult {
  const trace: string[] = [];
  const notes: string[] = [];
  const policy = cloud.get(policyId);
  if (!policy) {
    return {
      action: 'Deny',
      decidedBy: { kind: 'firewall-default-deny', id: policyId, detail: 'firewall policy not in the cloud; no rule can allow the flow' },
      trace: [`firewall: policy ${policyId} not found`],
      assumptions: [`unconfirmed: firewall policy ${policyId} is missing from the input`],
    };
  }
  const dnsProxy = bool(obj(props(policy), 'dnsSettings'), 'enableProxy') ?? false;
  const collections = policyChain(cloud, policy).flatMap((p) => collectionsOf(cloud, p));
  const done = (action: 'Allow' | 'Deny', decidedBy: Decider): FirewallResult => ({ action, decidedBy, trace, assumptions: [...new Set(notes.filter((n) => n.startsWith('unconfirmed')))] });

  for (const phase of ['NetworkRule', 'ApplicationRule'] as const) {
    if (phase === 'ApplicationRule' && flow.protocol !== 'Tcp') break;
    for (const c of collections) {
      for (const rule of c.rules.filter((r) => str(r, 'ruleType') === phase)) {
        const before = notes.length;
        const hit = phase === 'NetworkRule' ? networkRuleMatches(rule, flow, dnsProxy, notes) : applicationRuleMatches(rule, flow, notes);
        for (const n of notes.slice(before)) trace.push(`firewall: ${n}`);
        if (!hit) continue;
        const where = `${c.group.name ?? c.group.id} › ${c.name} › ${str(rule, 'name') ?? '?'}`;
        trace.push(`firewall: ${phase} ${where} (group priority ${num(props(c.group), 'priority') ?? '?'}, collection priority ${c.priority}, ${c.action}) matches`);
        return done(c.action, { kind: 'firewall-rule', id: c.group.id, detail: `${c.name} › ${str(rule, 'name') ?? '?'} (${phase}, ${c.action})` });
      }
    }
    if (phase === 'NetworkRule') trace.push('firewall: no network rule matches; application rules next');
  }
  if (!flow.fqdn) trace.push('firewall: the destination has no FQDN, so no application rule can match it');
  trace.push('firewall: no rule matches; the built-in infrastructure collection allows only platform FQDNs (https://learn.microsoft.com/azure/firewall/infrastructure-fqdns), the rest is denied by default');
  return done('Deny', { kind: 'firewall-default-deny', id: policy.id, detail: 'no network or application rule matches; Azure Firewall denies by default' });
}
