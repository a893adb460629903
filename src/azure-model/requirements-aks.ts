// Outbound an AKS cluster needs in Azure public cloud ("Azure Global required network rules" and
// "Azure Global required FQDN / application rules").
import type { OutboundRequirement } from './requirements-types.js';

const AKS = 'https://learn.microsoft.com/en-us/azure/aks/outbound-rules-control-egress';
const NETWORK = `${AKS}#azure-global-required-network-rules`;
const FQDNS = `${AKS}#azure-global-required-fqdn--application-rules`;
const RETIREMENT = 'https://github.com/Azure/AKS/issues/4792';
const TUNNEL_WHEN = 'Public cluster without the konnectivity-agent ("This isn\'t required for private clusters, or for clusters with the konnectivity-agent enabled").';

const fqdn = (destination: string, why: string, source = FQDNS, when?: string): OutboundRequirement =>
  ({ destination, kind: 'fqdn', port: 443, protocol: 'Tcp', why, source, ...(when ? { when } : {}) });

export const AKS_OUTBOUND: readonly OutboundRequirement[] = [
  // The page allows `*`, AzureCloud.<Region>, the regional CIDRs or the API server's public IP as destination.
  { destination: 'AzureCloud.<region>', kind: 'serviceTag', port: 1194, protocol: 'Udp', why: 'Tunneled secure communication between the nodes and the control plane.', source: NETWORK, when: TUNNEL_WHEN },
  { destination: 'AzureCloud.<region>', kind: 'serviceTag', port: 9000, protocol: 'Tcp', why: 'Tunneled secure communication between the nodes and the control plane.', source: NETWORK, when: TUNNEL_WHEN },
  {
    destination: 'ntp.ubuntu.com', kind: 'fqdn', port: 123, protocol: 'Udp', why: 'NTP time synchronization on Linux nodes (as an Azure Firewall network rule).', source: NETWORK,
    when: 'Nodes provisioned before March 2021 ("This isn\'t required for nodes provisioned after March 2021").',
  },
  fqdn('*.hcp.<region>.azmk8s.io', 'Node <-> API server communication; also used by konnectivity (do not block or rewrite ALPN).', FQDNS, 'Not a private cluster.'),
  fqdn('mcr.microsoft.com', 'First-party images and charts (for example CoreDNS) needed to create, scale and upgrade the cluster.'),
  fqdn('*.data.mcr.microsoft.com', 'MCR storage backed by the Azure CDN.'),
  fqdn('mcr-0001.mcr-msedge.net', 'MCR storage backed by the Azure CDN (listed with *.data.mcr.microsoft.com).'),
  fqdn('management.azure.com', 'Kubernetes operations against the Azure API.'),
  fqdn('login.microsoftonline.com', 'Microsoft Entra authentication.'),
  fqdn('packages.microsoft.com', 'Microsoft packages repository for cached apt-get operations (Moby, PowerShell, Azure CLI).'),
  fqdn('acs-mirror.azureedge.net', 'Binaries such as kubenet and Azure CNI. Announced for retirement on 2025-05-31 in favour of packages.aks.azure.com (Azure/AKS#4792).'),
  // Not in the stored copy of the Learn page; announced by the AKS team: "new AKS VHD images will
  // require access to this hostname to successfully provision".
  fqdn('packages.aks.azure.com', 'Replacement for acs-mirror.azureedge.net; new node images need it to provision.', RETIREMENT),
  {
    destination: 'AzureKubernetesService', kind: 'fqdnTag', port: 443, protocol: 'Tcp',
    why: 'Azure Firewall FQDN tag that "Allows outbound access to AKS"; per Azure/AKS#4792 it is updated automatically (packages.aks.azure.com).',
    source: 'https://learn.microsoft.com/en-us/azure/firewall/fqdn-tags',
    when: 'Egress goes through Azure Firewall application rules; the tag then stands for the FQDN entries above.',
  },
];
