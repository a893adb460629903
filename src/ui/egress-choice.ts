// The egress question of `init` (issue 11): one paragraph per mode — what it protects, what it costs
// per month, and that it is one-way where Azure makes it so — and the comment lines written above
// `network.egress` in the config file. Costs are approximate list prices (pay-as-you-go, USD, 730 h):
// Azure Firewall Standard USD 1.25/h, Basic 0.395/h, Premium 1.75/h, plus USD 0.016/GB processed
// (https://azure.microsoft.com/pricing/details/azure-firewall/); NAT gateway USD 0.045/h + 0.045/GB and
// a static public IP (https://azure.microsoft.com/pricing/details/azure-nat-gateway/).
import { EGRESS_MODES, type EgressMode, OUTBOUND_GROUPS, type OutboundGroupKey } from '../../steps/support/egress-data.js';
import { wrap } from './layout.js';

export { EGRESS_MODES, OUTBOUND_GROUPS };
export type { EgressMode, OutboundGroupKey };

interface EgressChoice {
  /** The choice as listed in the select. */
  name: string;
  /** The paragraph shown before the question. */
  paragraph: string;
  /** One comment line in the written config. */
  comment: string;
  /** Whether an AKS cluster can go with it. */
  aks: boolean;
  /** Whether optional FQDN groups (network.outboundGroups) can go with it. */
  groups: boolean;
}

export const EGRESS_CHOICES: Record<EgressMode, EgressChoice> = {
  firewall: {
    name: 'firewall — hub VNet + Azure Firewall (strongest; about USD 900/month)',
    paragraph:
      'A hub VNet with Azure Firewall. It allows only the FQDNs and service tags Microsoft documents for Azure ML and AKS, ' +
      'denies everything else and logs every flow to Log Analytics. About USD 900/month for the Standard tier plus data processed ' +
      '(Basic about USD 300, Premium about USD 1,300; firewall.sku). The strongest mode; works with AKS.',
    comment: 'firewall: hub VNet + Azure Firewall, only documented FQDNs/service tags, every flow logged; about USD 900/month (Standard) + data; works with AKS',
    aks: true,
    groups: true,
  },
  nat: {
    name: 'nat — NAT gateway + NSGs (about USD 35/month; no package indexes, no AKS)',
    paragraph:
      'A NAT gateway with a static public IP; the NSGs and the storage service endpoint policy filter what leaves. ' +
      'About USD 35/month plus data. Weaker: NSGs cannot filter by host name, so no package indexes (PyPI, conda, GitHub) and no AKS.',
    comment: 'nat: NAT gateway + NSGs + storage endpoint policy; about USD 35/month + data; weaker (no FQDN filtering): no package indexes, no AKS',
    aks: false,
    groups: false,
  },
  managed: {
    name: 'managed — the workspace managed network (one-way; no AKS)',
    paragraph:
      "The workspace's managed network in AllowOnlyApprovedOutbound: Azure runs compute in a Microsoft-managed VNet. " +
      'FQDN rules (the optional groups) go through a managed Azure Firewall billed to you: about USD 900/month (Standard) once FQDN rules exist. ' +
      'One-way: once enabled on a workspace it cannot be turned off. No AKS (Kubernetes compute is not supported with it). ' +
      "Azure's required rules include the AzureMonitor service tag, which reaches any tenant's Log Analytics: verify reports it, and only the firewall mode closes it.",
    comment: 'managed: workspace managed network (AllowOnlyApprovedOutbound); FQDN rules add a managed firewall, about USD 900/month; ONE-WAY: cannot be turned off; no AKS',
    aks: false,
    groups: true,
  },
};

export function isEgressMode(v: unknown): v is EgressMode {
  return typeof v === 'string' && (EGRESS_MODES as readonly string[]).includes(v);
}

/** The three paragraphs, each wrapped to `width` under its mode's name. */
export function egressParagraphs(width: number): string {
  const blocks = EGRESS_MODES.map((m) => [`${m}:`, ...wrap(EGRESS_CHOICES[m].paragraph, width, '  ')].join('\n'));
  return `How compute reaches the internet and Azure services (network.egress):\n\n${blocks.join('\n\n')}\n\n`;
}

/** The comment written above `network.egress`: one line per mode. */
export function egressComment(): string {
  return [' How compute reaches the internet and Azure services; one of:', ...EGRESS_MODES.map((m) => `   ${EGRESS_CHOICES[m].comment}`)].join('\n');
}
