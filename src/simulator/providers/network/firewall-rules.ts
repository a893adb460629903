// Validation of a firewall policy's rule collections and rules (FirewallPolicyFilterRuleCollection with
// ApplicationRule / NetworkRule). Sources: https://learn.microsoft.com/azure/firewall/rule-processing and
// .../policy-rule-sets (priorities 100-65000, unique), .../fqdn-tags (tag names), .../fqdn-filtering-network-rules
// and Azure/azure-sdk-for-go#11094 (FQDNs in network rules need DNS proxy), Azure/azure-cli#18932 (a network
// rule needs a destination), .../choose-firewall-sku (Premium-only TLS inspection and URL filtering, Basic
// without DNS proxy), Azure/missionlz#736 (FirewallPolicyHigherTierOnlyProperties).
import { badRequest } from '../../errors.js';
import { parseCidr, parseIp } from '../../cidr.js';
import { FQDN_TAGS } from '../../../azure-model/network/fqdn-tags.js';
import type { ApplicationRuleBody, NetworkRuleBody, RuleCollectionGroupBody } from '../../schemas/network-egress.js';
import { notImplemented } from '../kit/not-simulated.js';
import { isServiceTag } from './service-tags.js';

export type PolicyTier = 'Basic' | 'Standard' | 'Premium';

/** What a rule needs to know of its policy. */
export interface PolicyContext {
  id: string;
  tier: PolicyTier;
  dnsProxy: boolean;
  requireProxyForNetworkRules: boolean;
}

/**
 * FQDN tags Azure Firewall offers (https://learn.microsoft.com/azure/firewall/fqdn-tags, "Current FQDN tags"),
 * plus the ones the model describes (src/azure-model/network/fqdn-tags.ts).
 */
const FQDN_TAG_NAMES = [
  'WindowsUpdate',
  'WindowsDiagnostics',
  'MicrosoftActiveProtectionService',
  'AppServiceEnvironment',
  'AzureBackup',
  'AzureHDInsight',
  'WindowsVirtualDesktop',
  'Windows365',
  'MicrosoftIntune',
  'citrixHdxPlusForWindows365',
  'AzureKubernetesService',
  'Office365.Exchange.Optimize',
  'Office365.Exchange.Allow.Required',
  'Office365.Exchange.Allow.NotRequired',
  'Office365.Skype.Allow.Required',
  'Office365.Skype.Allow.NotRequired',
  'Office365.SharePoint.Optimize',
  'Office365.SharePoint.Allow.Required',
  'Office365.Common.Default.Required',
  'Office365.Common.Allow.Required',
  'Office365.Common.Default.NotRequired',
  'Office365.Common.Allow.NotRequired',
  ...FQDN_TAGS.map((t) => t.tag),
];

const PRIORITY_MIN = 100;
const PRIORITY_MAX = 65000;

export function checkPriority(value: number | undefined, what: string): number {
  if (value === undefined || !Number.isInteger(value) || value < PRIORITY_MIN || value > PRIORITY_MAX) {
    throw badRequest('FirewallPolicyRuleCollectionInvalidPriority', `${what} has invalid priority ${value ?? '(none)'}. Allowed range is ${PRIORITY_MIN}-${PRIORITY_MAX}.`);
  }
  return value;
}

const higherTier = (policyId: string, feature: string) =>
  badRequest('FirewallPolicyHigherTierOnlyProperties', `Firewall Policy ${policyId} contains higher tier only properties - ${feature}`);

/** An IP, CIDR, range `a-b` or `*` (and, for destinations, a service tag). */
function checkAddress(value: string, rule: string, allowServiceTag: boolean): void {
  if (value === '*') return;
  if (parseIp(value) || parseCidr(value)) return;
  const range = /^([^-]+)-([^-]+)$/.exec(value);
  if (range && parseIp(range[1]) && parseIp(range[2])) return;
  if (allowServiceTag && isServiceTag(value)) return;
  throw badRequest(
    'AzureFirewallRuleInvalidIpAddressOrRangeFormat',
    `AzureFirewallRule ${rule}: Invalid IP address value or range or Service Tag ${value}.`,
  );
}

const FQDN = /^(\*|(\*\.)?([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)$/;

function checkFqdn(value: string, rule: string): void {
  if (value.length > 253 || !FQDN.test(value)) {
    throw badRequest('FirewallPolicyRuleInvalidTargetFqdn', `Firewall Policy rule ${rule} has an invalid FQDN '${value}'.`);
  }
}

function checkPort(value: string, rule: string): void {
  if (value === '*') return;
  const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(value);
  const lo = m ? Number(m[1]) : NaN;
  const hi = m?.[2] !== undefined ? Number(m[2]) : lo;
  if (!m || lo < 1 || hi > 65535 || lo > hi) {
    throw badRequest('FirewallPolicyRuleInvalidPort', `Firewall Policy Network Rule ${rule} has an invalid destination port '${value}'. Ports are 1-65535, a range a-b, or *.`);
  }
}

function sources(rule: { sourceAddresses?: string[]; sourceIpGroups?: string[] }, name: string, policy: PolicyContext): string[] {
  if ((rule.sourceIpGroups ?? []).length > 0) throw notImplemented(`sourceIpGroups of Firewall Policy rule ${name}`, 'IP groups are not simulated');
  const addrs = rule.sourceAddresses ?? [];
  if (addrs.length === 0) {
    throw badRequest('FirewallPolicyRuleMissingSource', `Firewall Policy rule ${name} in policy ${policy.id} must have one of sourceAddresses or sourceIpGroups specified.`);
  }
  for (const a of addrs) checkAddress(a, name, false);
  return addrs;
}

function normalizeApplicationRule(r: ApplicationRuleBody, name: string, policy: PolicyContext): Record<string, unknown> {
  const src = sources(r, name, policy);
  if ((r.webCategories ?? []).length > 0) throw notImplemented(`webCategories of Firewall Policy rule ${name}`);
  if ((r.targetUrls ?? []).length > 0) {
    if (policy.tier !== 'Premium') throw higherTier(policy.id, 'URL Filtering');
    throw notImplemented(`targetUrls of Firewall Policy rule ${name}`, 'TLS inspection is not simulated');
  }
  if (r.terminateTLS === true) {
    if (policy.tier !== 'Premium') throw higherTier(policy.id, 'TLS Inspection');
    throw notImplemented(`terminateTLS of Firewall Policy rule ${name}`, 'transportSecurity is not simulated');
  }
  if ((r.destinationAddresses ?? []).length > 0) throw notImplemented(`destinationAddresses of Firewall Policy application rule ${name}`);
  const fqdns = r.targetFqdns ?? [];
  const tags = r.fqdnTags ?? [];
  if (fqdns.length === 0 && tags.length === 0) {
    throw badRequest('FirewallPolicyApplicationRuleMissingTarget', `Firewall Policy Application Rule ${name} must have one of targetFqdns, fqdnTags, targetUrls or webCategories specified.`);
  }
  if (fqdns.length > 0 && tags.length > 0) {
    throw badRequest('FirewallPolicyApplicationRuleInvalidTargets', `Firewall Policy Application Rule ${name} cannot have both targetFqdns and fqdnTags.`);
  }
  for (const f of fqdns) checkFqdn(f, name);
  const canonicalTags = tags.map((t) => {
    const known = FQDN_TAG_NAMES.find((k) => k.toLowerCase() === t.toLowerCase());
    if (!known) throw badRequest('FirewallPolicyRuleInvalidFqdnTag', `Firewall Policy Application Rule ${name} has an unknown FQDN tag '${t}'. Known tags: ${FQDN_TAG_NAMES.join(', ')}.`);
    return known;
  });
  const protocols = r.protocols ?? [];
  if (protocols.length === 0) throw badRequest('FirewallPolicyApplicationRuleMissingProtocols', `Firewall Policy Application Rule ${name} must specify at least one protocol.`);
  const outProtocols = protocols.map((p) => {
    if (!p.protocolType) throw badRequest('FirewallPolicyApplicationRuleMissingProtocols', `A protocol of Firewall Policy Application Rule ${name} has no protocolType.`);
    const port = p.port ?? (p.protocolType === 'Http' ? 80 : 443);
    // Spec FirewallPolicyRuleApplicationProtocol.port: minimum 0, maximum 64000.
    if (port < 0 || port > 64000) throw badRequest('FirewallPolicyRuleInvalidPort', `Firewall Policy Application Rule ${name} has an invalid port ${port}. Ports are 0-64000.`);
    return { protocolType: p.protocolType, port };
  });
  return {
    ruleType: 'ApplicationRule',
    name,
    ...(r.description !== undefined ? { description: r.description } : {}),
    protocols: outProtocols,
    sourceAddresses: src,
    targetFqdns: fqdns,
    targetUrls: [],
    fqdnTags: canonicalTags,
    sourceIpGroups: [],
    destinationAddresses: [],
    terminateTLS: false,
    webCategories: [],
    httpHeadersToInsert: [],
  };
}

function normalizeNetworkRule(r: NetworkRuleBody, name: string, policy: PolicyContext): Record<string, unknown> {
  const src = sources(r, name, policy);
  if ((r.destinationIpGroups ?? []).length > 0) throw notImplemented(`destinationIpGroups of Firewall Policy rule ${name}`, 'IP groups are not simulated');
  const dests = r.destinationAddresses ?? [];
  const fqdns = r.destinationFqdns ?? [];
  if (dests.length === 0 && fqdns.length === 0) {
    throw badRequest(
      'FirewallPolicyNetworkRuleMissingDestination',
      `Firewall Policy Network Rule ${name} must have one of destinationAddresses, destinationIpGroups or destinationFqdns specified`,
    );
  }
  for (const d of dests) checkAddress(d, name, true);
  if (fqdns.length > 0) {
    if (policy.tier === 'Basic') throw higherTier(policy.id, 'FQDN in network rules (DNS Proxy)');
    if (!policy.dnsProxy && policy.requireProxyForNetworkRules) {
      throw badRequest(
        'FirewallPolicyNetworkRuleFqdnRequiresDnsProxy',
        `In order to use DestinationFqdns in Network Rules, DNS Proxy must be enabled, or RequireProxyForNetworkRules must be set to 'false'. See rule ${name} in policy ${policy.id}.`,
      );
    }
    for (const f of fqdns) checkFqdn(f, name);
  }
  const protocols = r.ipProtocols ?? [];
  if (protocols.length === 0) throw badRequest('FirewallPolicyNetworkRuleMissingProtocols', `Firewall Policy Network Rule ${name} must specify at least one of ipProtocols TCP, UDP, ICMP or Any.`);
  const ports = r.destinationPorts ?? [];
  if (ports.length === 0) throw badRequest('FirewallPolicyRuleInvalidPort', `Firewall Policy Network Rule ${name} must specify destinationPorts.`);
  for (const p of ports) checkPort(p, name);
  return {
    ruleType: 'NetworkRule',
    name,
    ...(r.description !== undefined ? { description: r.description } : {}),
    ipProtocols: protocols,
    sourceAddresses: src,
    sourceIpGroups: [],
    destinationAddresses: dests,
    destinationIpGroups: [],
    destinationFqdns: fqdns,
    destinationPorts: ports,
  };
}

type Props = NonNullable<RuleCollectionGroupBody['properties']>;

/** The group's rule collections, validated and normalised for storage and rendering. */
export function normalizeRuleCollections(props: Props, groupId: string, policy: PolicyContext): Record<string, unknown>[] {
  const collections = props.ruleCollections ?? [];
  const out = collections.map((c) => {
    const cname = c.name ?? '';
    if (cname === '') throw badRequest('FirewallPolicyRuleCollectionNameMissing', `A rule collection of rule collection group ${groupId} has no name.`);
    const priority = checkPriority(c.priority, `Rule collection ${cname} of rule collection group ${groupId}`);
    if (c.ruleCollectionType === 'FirewallPolicyNatRuleCollection') throw notImplemented(`FirewallPolicyNatRuleCollection ${cname}`, 'DNAT rules are not simulated');
    const action = c.action?.type;
    if (!action) throw badRequest('FirewallPolicyRuleCollectionActionMissing', `Filter rule collection ${cname} of rule collection group ${groupId} must specify action.type Allow or Deny.`);
    const rules = c.rules ?? [];
    const names = new Set<string>();
    const kinds = new Set<string>();
    const outRules = rules.map((r) => {
      const name = r.name ?? '';
      if (name === '') throw badRequest('FirewallPolicyRuleNameMissing', `A rule of rule collection ${cname} has no name.`);
      if (names.has(name.toLowerCase())) throw badRequest('FirewallPolicyRuleNameDuplicate', `Rule collection ${cname} of rule collection group ${groupId} has two rules named ${name}.`);
      names.add(name.toLowerCase());
      kinds.add(r.ruleType);
      if (r.ruleType === 'NatRule') throw badRequest('FirewallPolicyRuleCollectionInvalidRuleType', `Filter rule collection ${cname} cannot hold NAT rule ${name}.`);
      return r.ruleType === 'ApplicationRule' ? normalizeApplicationRule(r, name, policy) : normalizeNetworkRule(r, name, policy);
    });
    // A rule collection holds rules of one type (Azure/azure-cli-extensions#1226).
    if (kinds.size > 1) throw badRequest('FirewallPolicyRuleCollectionMixedRuleTypes', `Rule collection ${cname} of rule collection group ${groupId} mixes application and network rules; a collection holds rules of one type.`);
    return { ruleCollectionType: 'FirewallPolicyFilterRuleCollection', name: cname, priority, action: { type: action }, rules: outRules };
  });
  out.forEach((c, i) => {
    const clash = out.findIndex((x) => (x.name as string).toLowerCase() === (c.name as string).toLowerCase());
    if (clash !== i) throw badRequest('FirewallPolicyRuleCollectionNameDuplicate', `Rule collection group ${groupId} has two rule collections named ${c.name as string}.`);
    const same = out.findIndex((x) => x.priority === c.priority);
    if (same !== i) {
      throw badRequest(
        'FirewallPolicyRuleCollectionDuplicatePriority',
        `Rule collections ${out[same].name as string} and ${c.name as string} of rule collection group ${groupId} have the same priority ${c.priority as number}. Priorities must be unique within a group.`,
      );
    }
  });
  return out;
}
