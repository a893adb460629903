// What compute may reach, as data with its source, and the Azure Firewall rule collections built
// from it. The required lists are the ones `verify` checks (src/azure-model/requirements*.ts), so the
// firewall allows exactly what Microsoft documents as required, and nothing that opens a write path:
// - Storage is left out: the training subnet reaches Storage.<region> over its service endpoint,
//   filtered by the service endpoint policy; an application rule for *.blob.core.windows.net would
//   let compute write to any account in any region (seed 004: "There is no need to open outbound to
//   storage on the firewall").
// - AzureMonitor is left out: monitoring goes through the Azure Monitor private link scope.
import type { ApplicationRule, FirewallPolicyFilterRuleCollection, FirewallPolicyRuleApplicationProtocol, FirewallPolicyRuleNetworkProtocol, NetworkRule } from '@azure/arm-network';
import { AML_MANAGED_COMPUTE_FQDNS, AML_MANAGED_COMPUTE_OUTBOUND, type OutboundRequirement } from '../../src/azure-model/requirements.js';

export const EGRESS_MODES = ['firewall', 'nat', 'managed'] as const;
export type EgressMode = (typeof EGRESS_MODES)[number];

const AML_FIREWALL = 'https://learn.microsoft.com/azure/machine-learning/how-to-access-azureml-behind-firewall';
const MANAGED_PACKAGES = 'https://learn.microsoft.com/azure/machine-learning/how-to-managed-network#scenario-access-public-machine-learning-packages';

export interface OutboundGroup {
  key: string;
  label: string;
  fqdns: string[];
  source: string;
}

/** Groups the user may switch on (network.outboundGroups). */
export const OUTBOUND_GROUPS = [
  { key: 'python', label: 'Python package index (pip)', fqdns: ['pypi.org', '*.pythonhosted.org'], source: `${MANAGED_PACKAGES}; ${AML_FIREWALL}#python-hosts` },
  { key: 'conda', label: 'Anaconda package channels (conda)', fqdns: ['anaconda.com', '*.anaconda.com', '*.anaconda.org'], source: `${MANAGED_PACKAGES}; ${AML_FIREWALL}#python-hosts` },
  // Seed 002's firewall table ("Access to github").
  { key: 'github', label: 'GitHub', fqdns: ['github.com', '*.github.com', '*.githubassets.com', '*.githubusercontent.com'], source: 'Azure/azureml-network-isolation (seed 002) firewall rules: *github.com, *githubassets.com, *githubusercontent.com' },
] as const satisfies readonly OutboundGroup[];

export const OUTBOUND_GROUP_KEYS = OUTBOUND_GROUPS.map((g) => g.key) as unknown as readonly [(typeof OUTBOUND_GROUPS)[number]['key'], ...(typeof OUTBOUND_GROUPS)[number]['key'][]];
export type OutboundGroupKey = (typeof OUTBOUND_GROUPS)[number]['key'];

/** Hosts the studio and AutoML need besides the compute lists (seed 004; AML firewall page "Microsoft hosts"). */
export const AML_EXTRA_FQDNS: readonly { fqdn: string; why: string; source: string }[] = [
  { fqdn: 'ml.azure.com', why: 'Azure Machine Learning studio', source: `${AML_FIREWALL}#microsoft-hosts; seed 004` },
  { fqdn: 'automlresources-prod.azureedge.net', why: 'AutoML models and resources', source: `${AML_FIREWALL}#microsoft-hosts; seed 004` },
];

/** Requirements that never go through the firewall (see the header). */
function throughFirewall(r: OutboundRequirement): boolean {
  const d = r.destination.toLowerCase();
  if (d === 'virtualnetwork' || d.startsWith('storage') || d === 'azuremonitor') return false;
  if (/\.(blob|queue|table|file|dfs)\.core\.windows\.net$/.test(d)) return false;
  return true;
}

const https = (port = 443): FirewallPolicyRuleApplicationProtocol => ({ protocolType: 'Https', port });

/** One network rule per service tag and protocol, ports merged (the documented service tag table). */
function amlNetworkRules(region: string, sources: string[]): NetworkRule[] {
  const byKey = new Map<string, { tag: string; protocol: string; ports: Set<number> }>();
  for (const r of AML_MANAGED_COMPUTE_OUTBOUND) {
    if (r.kind !== 'serviceTag' || !throughFirewall(r)) continue;
    const tag = r.destination.replace('<region>', region);
    const protocol = r.protocol === 'Any' ? 'Any' : r.protocol.toUpperCase();
    const key = `${tag}|${protocol}`;
    const entry = byKey.get(key) ?? { tag, protocol, ports: new Set<number>() };
    entry.ports.add(r.port);
    byKey.set(key, entry);
  }
  return [...byKey.values()].map((e) => ({
    ruleType: 'NetworkRule',
    name: `${e.tag.replace(/\./g, '-')}-${e.protocol.toLowerCase()}`,
    ipProtocols: [e.protocol as FirewallPolicyRuleNetworkProtocol],
    sourceAddresses: sources,
    destinationAddresses: [e.tag],
    destinationPorts: [...e.ports].sort((a, b) => a - b).map(String),
  }));
}

/** Application rules for the documented host names (TCP only: UDP 5831 is the AzureMachineLearning network rule). */
function amlApplicationRules(region: string, sources: string[]): ApplicationRule[] {
  const ports = new Map<string, Set<number>>();
  const add = (fqdn: string, port: number) => ports.set(fqdn, (ports.get(fqdn) ?? new Set()).add(port));
  for (const r of AML_MANAGED_COMPUTE_FQDNS) {
    if (r.kind !== 'fqdn' || r.protocol === 'Udp' || !throughFirewall(r)) continue;
    add(r.destination.replace('<region>', region), r.port);
  }
  for (const e of AML_EXTRA_FQDNS) add(e.fqdn, 443);
  return [...ports.entries()].map(([fqdn, set], i) => ({
    ruleType: 'ApplicationRule',
    name: `aml-${String(i + 1).padStart(2, '0')}`,
    description: fqdn,
    sourceAddresses: sources,
    protocols: [...set].sort((a, b) => a - b).map((p) => (p === 80 ? { protocolType: 'Http', port: 80 } : https(p))),
    targetFqdns: [fqdn],
  }));
}

export interface FirewallRuleInputs {
  region: string;
  /** Address prefixes of the compute subnets whose traffic the firewall sees. */
  training: string[];
  /** The scoring subnet, when AKS is enabled. */
  scoring?: string[];
  groups: readonly string[];
}

/** The rule collections of secure-aml's rule collection group, in priority order. */
export function firewallRuleCollections(i: FirewallRuleInputs): FirewallPolicyFilterRuleCollection[] {
  const computeSources = [...i.training, ...(i.scoring ?? [])];
  const collections: FirewallPolicyFilterRuleCollection[] = [
    { ruleCollectionType: 'FirewallPolicyFilterRuleCollection', name: 'aml-service-tags', priority: 100, action: { type: 'Allow' }, rules: amlNetworkRules(i.region, i.training) },
    { ruleCollectionType: 'FirewallPolicyFilterRuleCollection', name: 'aml-hosts', priority: 200, action: { type: 'Allow' }, rules: amlApplicationRules(i.region, i.training) },
  ];
  if (i.scoring?.length) {
    // "AzureKubernetesService" FQDN tag: AKS's required FQDNs, kept current by Microsoft
    // (https://learn.microsoft.com/azure/aks/limit-egress-traffic, firewall example with http=80 https=443).
    collections.push({
      ruleCollectionType: 'FirewallPolicyFilterRuleCollection', name: 'aks', priority: 300, action: { type: 'Allow' },
      rules: [{ ruleType: 'ApplicationRule', name: 'aks-fqdn-tag', sourceAddresses: i.scoring, protocols: [{ protocolType: 'Http', port: 80 }, https()], fqdnTags: ['AzureKubernetesService'] }],
    });
  }
  OUTBOUND_GROUPS.filter((g) => i.groups.includes(g.key)).forEach((g, n) => {
    collections.push({
      ruleCollectionType: 'FirewallPolicyFilterRuleCollection', name: `optional-${g.key}`, priority: 400 + n * 10, action: { type: 'Allow' },
      rules: [{ ruleType: 'ApplicationRule', name: g.key, description: g.label, sourceAddresses: computeSources, protocols: [https()], targetFqdns: [...g.fqdns] }],
    });
  });
  return collections;
}
