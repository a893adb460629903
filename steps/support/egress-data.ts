// What compute may reach, as data with its source, and the Azure Firewall rule collections built
// from it. The required lists are the ones `verify` checks (src/azure-model/requirements*.ts), so the
// firewall allows exactly what Microsoft documents as required, and nothing that opens a write path:
// - Storage is left out: the training subnet reaches Storage.<region> over its service endpoint,
//   filtered by the service endpoint policy; an application rule for *.blob.core.windows.net would
//   let compute write to any account in any region (seed 004: "There is no need to open outbound to
//   storage on the firewall").
// - AzureMonitor is left out: monitoring goes through the Azure Monitor private link scope.
// - What WITHHELD_OUTBOUND names is left out (see there).
import type { ApplicationRule, FirewallPolicyFilterRuleCollection, FirewallPolicyRuleApplicationProtocol, FirewallPolicyRuleNetworkProtocol, NetworkRule } from '@azure/arm-network';
import { fqdnTagFqdns } from '../../src/azure-model/network/fqdn-tags.js';
import { AML_MANAGED_COMPUTE_FQDNS, AML_MANAGED_COMPUTE_OUTBOUND, EXTENSION_TRAINING_ONLY, requirementsFor, type ComputeKind, type OutboundRequirement } from '../../src/azure-model/requirements.js';

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

export interface WithheldOutbound {
  /** As the documented list writes it. */
  destination: string;
  /** Why secure-aml does not open it, and what the user loses. */
  reason: string;
  source: string;
}

const KUSTO_UPLOAD =
  'a wildcard over a namespace any Azure customer can create names in (storage accounts, Data Explorer clusters) is a write path to any tenant; ' +
  'the Azure ML extension uses it only to upload its system logs to Microsoft\'s Kusto, which Microsoft already stopped for the scoring front end in 2024. ' +
  'Effect: Microsoft support sees fewer of the extension\'s logs; keep them with Container insights through the private link scope instead';

/**
 * Documented requirements secure-aml deliberately does not open: the firewall has no rule for them, and
 * verify lists them as withheld (skipped, with the reason) and probes them as exfiltration paths.
 */
export const WITHHELD_OUTBOUND: readonly WithheldOutbound[] = ['*.kusto.windows.net', '*.table.core.windows.net', '*.queue.core.windows.net'].map((destination) => ({
  destination,
  reason: KUSTO_UPLOAD,
  // https://learn.microsoft.com/azure/machine-learning/how-to-access-azureml-behind-firewall#scenario-use-kubernetes-compute
  source: 'Learn how-to-access-azureml-behind-firewall, "Use Kubernetes compute": "Required to upload system logs to Kusto"; MicrosoftDocs/azure-docs#122839: azureml-fe logs no longer uploaded to the system-managed Kusto',
}));

export function withheldOutbound(r: OutboundRequirement): WithheldOutbound | undefined {
  return WITHHELD_OUTBOUND.find((w) => w.destination.toLowerCase() === r.destination.toLowerCase());
}

/** Requirements that never go through the firewall (see the header). */
function throughFirewall(r: OutboundRequirement): boolean {
  const d = r.destination.toLowerCase();
  if (d === 'virtualnetwork' || d.startsWith('storage') || d === 'azuremonitor') return false;
  if (/\.(blob|queue|table|file|dfs)\.core\.windows\.net$/.test(d)) return false;
  return !withheldOutbound(r);
}

/**
 * The Azure ML extension's own host names (what it needs besides AKS's list), for the scoring subnet:
 * its data plane, the regional ML endpoints (the same service the AzureMachineLearning tag opens for
 * training) and the metrics hosts `*.ingestion.msftcloudes.com` and `*.microsoftmetrics.com` (Microsoft's
 * own telemetry ingestion, in which customers create no endpoints: unconfirmed, but no public source
 * shows a customer-named host there). Not those the AKS FQDN tag already carries, not the
 * environment's own registry, storage and workspace (placeholders: reached over their private
 * endpoints), not the training-only ones when training is off.
 */
export function extensionFirewallFqdns(region: string, training: boolean): string[] {
  const tagged = new Set((fqdnTagFqdns('AzureKubernetesService', region)?.fqdns ?? []).map((f) => f.toLowerCase()));
  return requirementsFor('azuremlExtension', region)
    .filter((r) => r.kind === 'fqdn' && r.port === 443 && throughFirewall(r) && !tagged.has(r.destination.toLowerCase()))
    .filter((r) => !/<(acr|storage|workspaceId)>/.test(r.destination) && (training || r.when !== EXTENSION_TRAINING_ONLY))
    .map((r) => r.destination);
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
  /** The jumpbox subnet (access.mode bastion) and its image family. */
  jumpbox?: { sources: string[]; os: 'linux' | 'windows' | 'dsvm' };
  groups: readonly string[];
}

/** Whose documented sign-in list applies to a jumpbox image (src/azure-model/requirements-vm-entra-login.ts). */
export const jumpboxComputeKind = (os: 'linux' | 'windows' | 'dsvm'): ComputeKind => (os === 'windows' ? 'vmEntraLoginWindows' : 'vmEntraLoginLinux');

/**
 * Where the jumpbox gets its OS updates (patchMode AutomaticByPlatform): Windows Update through the
 * firewall's FQDN tag (https://learn.microsoft.com/azure/firewall/fqdn-tags), Ubuntu from Azure's own
 * mirror, which Ubuntu images on Azure point apt at (unconfirmed on Learn; Canonical's cloud images).
 * Package mirrors serve reads: no customer can create a name under them.
 */
export const JUMPBOX_UPDATES = {
  windows: { fqdnTags: ['WindowsUpdate'], fqdns: [] as string[] },
  linux: { fqdnTags: [] as string[], fqdns: ['azure.archive.ubuntu.com'] },
} as const;

/**
 * Windows activation: Azure's KMS, azkms.core.windows.net on TCP 1688, whose addresses Learn lists for
 * networks that force traffic through an appliance
 * (https://learn.microsoft.com/troubleshoot/azure/virtual-machines/windows/custom-routes-enable-kms-activation).
 */
export const AZURE_KMS = { addresses: ['20.118.99.224', '40.83.235.53'], port: '1688' } as const;

/**
 * The jumpbox's rules: the Entra ID sign-in extension's documented hosts and service tags, the studio
 * (ml.azure.com: the browser on the jumpbox loads the studio from there and calls the workspace over its
 * private endpoint), and OS updates. Nothing else: a person on the jumpbox can reach the environment,
 * not the internet.
 */
function jumpboxRules(region: string, j: NonNullable<FirewallRuleInputs['jumpbox']>): ApplicationRule[] {
  // The sign-in lists are host names only (requirements-vm-entra-login.ts): application rules suffice.
  const reqs = requirementsFor(jumpboxComputeKind(j.os), region).filter(throughFirewall);
  const fqdns = [...new Set([...reqs.filter((r) => r.kind === 'fqdn' && (r.port === 443 || r.port === 80)).map((r) => r.destination), 'ml.azure.com'])];
  const updates = j.os === 'windows' ? JUMPBOX_UPDATES.windows : JUMPBOX_UPDATES.linux;
  const rules: ApplicationRule[] = [
    { ruleType: 'ApplicationRule', name: 'jumpbox-sign-in-and-studio', sourceAddresses: j.sources, protocols: [{ protocolType: 'Http', port: 80 }, https()], targetFqdns: fqdns },
  ];
  if (updates.fqdns.length) rules.push({ ruleType: 'ApplicationRule', name: 'jumpbox-os-updates', sourceAddresses: j.sources, protocols: [{ protocolType: 'Http', port: 80 }, https()], targetFqdns: [...updates.fqdns] });
  if (updates.fqdnTags.length) rules.push({ ruleType: 'ApplicationRule', name: 'jumpbox-os-updates', sourceAddresses: j.sources, protocols: [{ protocolType: 'Http', port: 80 }, https()], fqdnTags: [...updates.fqdnTags] });
  return rules;
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
    // The Azure ML extension (inference only: enableTraining False).
    collections.push({
      ruleCollectionType: 'FirewallPolicyFilterRuleCollection', name: 'azureml-extension', priority: 310, action: { type: 'Allow' },
      rules: [{ ruleType: 'ApplicationRule', name: 'azureml-extension', sourceAddresses: i.scoring, protocols: [https()], targetFqdns: extensionFirewallFqdns(i.region, false) }],
    });
  }
  if (i.jumpbox?.sources.length) {
    collections.push({ ruleCollectionType: 'FirewallPolicyFilterRuleCollection', name: 'jumpbox', priority: 320, action: { type: 'Allow' }, rules: jumpboxRules(i.region, i.jumpbox) });
    if (i.jumpbox.os === 'windows') {
      // One collection holds one rule type: activation is a network rule of its own.
      collections.push({
        ruleCollectionType: 'FirewallPolicyFilterRuleCollection', name: 'jumpbox-activation', priority: 330, action: { type: 'Allow' },
        rules: [{ ruleType: 'NetworkRule', name: 'azure-kms', ipProtocols: ['TCP'], sourceAddresses: i.jumpbox.sources, destinationAddresses: [...AZURE_KMS.addresses], destinationPorts: [AZURE_KMS.port] }],
      });
    }
  }
  OUTBOUND_GROUPS.filter((g) => i.groups.includes(g.key)).forEach((g, n) => {
    collections.push({
      ruleCollectionType: 'FirewallPolicyFilterRuleCollection', name: `optional-${g.key}`, priority: 400 + n * 10, action: { type: 'Allow' },
      rules: [{ ruleType: 'ApplicationRule', name: g.key, description: g.label, sourceAddresses: computeSources, protocols: [https()], targetFqdns: [...g.fqdns] }],
    });
  });
  return collections;
}
