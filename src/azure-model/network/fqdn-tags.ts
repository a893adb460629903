// Azure Firewall FQDN tags used in application rules (`fqdnTags`). "You can't create your own FQDN
// tags, nor can you specify which FQDNs are included within a tag. Microsoft manages the FQDNs encompassed
// by the FQDN tag" (https://learn.microsoft.com/azure/firewall/fqdn-tags). Microsoft does not list a tag's
// FQDNs, so each entry holds the FQDNs the service's own egress page requires: unconfirmed that the tag
// is exactly that list. `{region}` is the source's region.

export interface FqdnTag {
  tag: string;
  fqdns: string[];
  source: string;
  unconfirmed: string;
}

export const FQDN_TAGS: FqdnTag[] = [
  {
    tag: 'AzureKubernetesService',
    fqdns: [
      '*.hcp.{region}.azmk8s.io',
      'mcr.microsoft.com',
      '*.data.mcr.microsoft.com',
      'mcr-0001.mcr-msedge.net',
      'management.azure.com',
      'login.microsoftonline.com',
      'packages.microsoft.com',
      'acs-mirror.azureedge.net',
      'packages.aks.azure.com',
    ],
    source: 'https://learn.microsoft.com/azure/aks/outbound-rules-control-egress ("Azure Global required FQDN / application rules")',
    unconfirmed: 'the AzureKubernetesService tag is assumed to hold exactly the AKS required-FQDN list',
  },
];

export function fqdnTagFqdns(tag: string, region: string): FqdnTag | undefined {
  const t = FQDN_TAGS.find((x) => x.tag.toLowerCase() === tag.toLowerCase());
  return t ? { ...t, fqdns: t.fqdns.map((f) => f.replace('{region}', region)) } : undefined;
}
