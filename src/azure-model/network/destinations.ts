// What a public destination is: the service tags it belongs to and the PaaS resource behind it.
// A data table, first match wins. Every public endpoint is also in the Internet tag ("the IP address
// space that's outside the virtual network and reachable by the public internet. The address range
// includes the Azure-owned public IP address space", https://learn.microsoft.com/azure/virtual-network/service-tags-overview),
// so rows list only the Azure service tags; an FQDN no row matches is in Internet only.

export type PaasKind = 'storage' | 'keyVault' | 'containerRegistry' | 'mlWorkspace' | 'logAnalytics';

/** ARM type of each PaaS kind, to find the resource in the cloud. */
export const PAAS_TYPES: Record<PaasKind, string> = {
  storage: 'Microsoft.Storage/storageAccounts',
  keyVault: 'Microsoft.KeyVault/vaults',
  containerRegistry: 'Microsoft.ContainerRegistry/registries',
  mlWorkspace: 'Microsoft.MachineLearningServices/workspaces',
  logAnalytics: 'Microsoft.OperationalInsights/workspaces',
};

export interface DestinationClass {
  /** Matched against the lowercased FQDN. Named groups: `name` (resource name), `region`, `wsid` (workspaceId), `cid` (customerId). */
  pattern: RegExp;
  /** Tags it is directly classified under; `{region}` is the destination's region. */
  tags: string[];
  /** The PaaS resource behind the endpoint. */
  paas?: PaasKind;
  /** Service endpoint (subnet `serviceEndpoints[].service`) whose route carries it. */
  serviceEndpoint?: string;
  source: string;
  /** Present when the mapping is not stated by the source. */
  unconfirmed?: string;
}

const TAGS = 'https://learn.microsoft.com/azure/virtual-network/service-tags-overview';
const AML_FIREWALL = 'https://learn.microsoft.com/azure/machine-learning/how-to-access-azureml-behind-firewall';
const AML_EXFIL = 'https://learn.microsoft.com/azure/machine-learning/how-to-prevent-data-loss-exfiltration';

export const DESTINATION_CLASSES: DestinationClass[] = [
  {
    pattern: /^(?<name>[a-z0-9]{3,24})\.(blob|file|queue|table|dfs|web)\.core\.windows\.net$/,
    tags: ['Storage.{region}'],
    paas: 'storage',
    serviceEndpoint: 'Microsoft.Storage',
    source: `${TAGS} (Storage: Azure Storage; regional); https://learn.microsoft.com/azure/storage/common/storage-network-security`,
  },
  {
    pattern: /^(?<name>[a-z0-9-]{3,24})\.vault\.azure\.net$/,
    tags: ['AzureKeyVault.{region}'],
    paas: 'keyVault',
    serviceEndpoint: 'Microsoft.KeyVault',
    source: `${TAGS} (AzureKeyVault; regional)`,
  },
  {
    pattern: /^(?<name>[a-z0-9]{5,50})\.(?<region>[a-z0-9]+)\.data\.azurecr\.io$/,
    tags: ['AzureContainerRegistry.{region}'],
    paas: 'containerRegistry',
    serviceEndpoint: 'Microsoft.ContainerRegistry',
    source: TAGS,
    unconfirmed: 'that a registry data endpoint is in the AzureContainerRegistry tag',
  },
  {
    pattern: /^(?<name>[a-z0-9]{5,50})\.azurecr\.io$/,
    tags: ['AzureContainerRegistry.{region}'],
    paas: 'containerRegistry',
    serviceEndpoint: 'Microsoft.ContainerRegistry',
    source: `${TAGS} (AzureContainerRegistry; regional)`,
  },
  {
    pattern: /^(?<wsid>[0-9a-f-]{36})\.workspace\.(?<region>[a-z0-9]+)(\.cert)?\.api\.azureml\.ms$/,
    tags: ['AzureMachineLearning'],
    paas: 'mlWorkspace',
    source: `${AML_FIREWALL} (API *.azureml.ms; outbound service tag AzureMachineLearning)`,
  },
  {
    pattern: /^ml-.*-(?<wsid>[0-9a-f-]{36})\.(?<region>[a-z0-9]+)\.notebooks\.azure\.net$/,
    tags: ['AzureMachineLearning'],
    paas: 'mlWorkspace',
    source: `${AML_FIREWALL} (Integrated notebook *.notebooks.azure.net)`,
    unconfirmed: 'that *.notebooks.azure.net is in the AzureMachineLearning tag',
  },
  {
    pattern: /^(?<region>[a-z0-9]+)\.tundra\.azureml\.ms$/,
    tags: ['AzureMachineLearning'],
    source: `${AML_FIREWALL} (compute instance <region>.tundra.azureml.ms UDP 5831; service tag AzureMachineLearning UDP 5831)`,
  },
  {
    pattern: /(^|\.)azureml\.(ms|net)$/,
    tags: ['AzureMachineLearning'],
    source: `${AML_FIREWALL} (API *.azureml.ms, *.azureml.net; outbound service tag AzureMachineLearning)`,
  },
  {
    pattern: /^ml\.azure\.com$/,
    tags: ['AzureFrontDoor.Frontend'],
    source: `${AML_FIREWALL} (AzureFrontDoor.FrontEnd: global entry point for the studio, ml.azure.com)`,
  },
  {
    pattern: /^login\.microsoftonline\.com$/,
    tags: ['AzureActiveDirectory'],
    source: `${AML_FIREWALL} (Azure Active Directory: login.microsoftonline.com; service tag AzureActiveDirectory)`,
  },
  {
    pattern: /^management\.azure\.com$/,
    tags: ['AzureResourceManager'],
    source: `${AML_FIREWALL} (Azure Resource Manager: management.azure.com; service tag AzureResourceManager)`,
  },
  {
    pattern: /^[a-z0-9-]+\.(?<region>[a-z0-9]+)\.(service\.)?batch\.azure\.com$/,
    tags: ['BatchNodeManagement.{region}'],
    source: `${AML_EXFIL} (BatchNodeManagement.<region> on the NSG tab = *.<region>.batch.azure.com, *.<region>.service.batch.azure.com on the firewall tab)`,
  },
  {
    pattern: /^mcr\.microsoft\.com$/,
    tags: ['MicrosoftContainerRegistry.{region}'],
    source: `${AML_EXFIL} (MicrosoftContainerRegistry.<region> + AzureFrontDoor.FirstParty = mcr.microsoft.com + *.data.mcr.microsoft.com)`,
    unconfirmed: 'which region of MicrosoftContainerRegistry serves mcr.microsoft.com (assumed the source region)',
  },
  {
    pattern: /\.data\.mcr\.microsoft\.com$/,
    tags: ['AzureFrontDoor.FirstParty'],
    source: `${AML_EXFIL}; ${TAGS} (MicrosoftContainerRegistry "has a dependency on the AzureFrontDoor.FirstParty tag")`,
  },
  {
    pattern: /^(?<cid>[0-9a-f-]{36})\.(ods|oms)\.opinsights\.azure\.com$/,
    tags: ['AzureMonitor'],
    paas: 'logAnalytics',
    source: `${TAGS} (AzureMonitor: Log Analytics, Application Insights, ...); https://learn.microsoft.com/azure/aks/outbound-rules-control-egress (*.ods/oms.opinsights.azure.com = Log Analytics ingestion)`,
  },
  {
    pattern: /(\.in\.applicationinsights\.azure\.com|^dc\.applicationinsights\.azure\.com|^dc\.applicationinsights\.microsoft\.com|^dc\.services\.visualstudio\.com)$/,
    tags: ['AzureMonitor'],
    source: `${AML_FIREWALL} (monitoring hosts); ${TAGS} (AzureMonitor)`,
  },
  // Public package and image registries: not Microsoft services, so Internet only.
  { pattern: /^(pypi\.org|files\.pythonhosted\.org)$/, tags: [], source: `${AML_FIREWALL} (public package repositories such as pypi.org); ${TAGS} (Internet)` },
  { pattern: /^(registry-1\.docker\.io|auth\.docker\.io|production\.cloudflare\.docker\.com)$/, tags: [], source: `${TAGS} (Internet)` },
  { pattern: /^(github\.com|.*\.github\.com|.*\.githubusercontent\.com)$/, tags: [], source: `${TAGS} (Internet)` },
];

export interface FqdnClass {
  row?: DestinationClass;
  groups: Record<string, string>;
}

export function classifyFqdn(fqdn: string): FqdnClass {
  const name = fqdn.trim().toLowerCase().replace(/\.$/, '');
  for (const row of DESTINATION_CLASSES) {
    const m = row.pattern.exec(name);
    if (m) return { row, groups: { ...(m.groups ?? {}) } };
  }
  return { groups: {} };
}
