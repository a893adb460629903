// Outbound for Azure ML compute clusters and compute instances in a customer VNet without public IP.
// The no-public-IP table applies to both kinds alike ("compute instances/clusters"), so one list serves both.
import type { OutboundRequirement } from './requirements-types.js';

const ML = 'https://learn.microsoft.com/en-us/azure/machine-learning';
const NO_PUBLIC_IP = `${ML}/how-to-secure-training-vnet#compute-instancecluster-or-serverless-compute-with-no-public-ip`;
const BASIC = `${ML}/how-to-access-azureml-behind-firewall#basic-configuration`;
const RECOMMENDED = `${ML}/how-to-access-azureml-behind-firewall#recommended-configuration-for-training-and-deploying-models`;
const STORAGE_445 = `${ML}/how-to-access-azureml-behind-firewall#scenario-firewall-between-azure-machine-learning-and-azure-storage-endpoints`;
const MS_HOSTS = `${ML}/how-to-access-azureml-behind-firewall#microsoft-hosts`;

const tag = (destination: string, port: number, protocol: OutboundRequirement['protocol'], why: string, source: string, when?: string): OutboundRequirement =>
  ({ destination, kind: 'serviceTag', port, protocol, why, source, ...(when ? { when } : {}) });

export const AML_MANAGED_COMPUTE_OUTBOUND: readonly OutboundRequirement[] = [
  tag('AzureMachineLearning', 443, 'Tcp', 'Communication with the Azure Machine Learning service.', NO_PUBLIC_IP),
  tag('AzureMachineLearning', 8787, 'Tcp', 'Connecting to RStudio on a compute instance (the no-public-IP table lists 443/8787/18881 for both kinds).', NO_PUBLIC_IP),
  tag('AzureMachineLearning', 18881, 'Tcp', 'Language server for notebook IntelliSense on a compute instance.', NO_PUBLIC_IP),
  tag('AzureMachineLearning', 5831, 'Udp', 'Management of compute instances and clusters, added at no-public-IP general availability.', NO_PUBLIC_IP),
  tag('BatchNodeManagement.<region>', 443, 'Any', 'Communication with Azure Batch, on which compute instance and cluster are implemented (table protocol: ANY).', NO_PUBLIC_IP),
  tag('Storage.<region>', 443, 'Tcp', 'The Azure Storage account used by Azure Batch. Microsoft warns this outbound can be used to exfiltrate data; mitigate with a service endpoint policy.', NO_PUBLIC_IP),
  tag('Storage.<region>', 445, 'Tcp', 'SMB to Azure Files for the default storage account; "Port 445 must be open for private network communications between your compute instances and the default storage account".', STORAGE_445,
    'A firewall or NSG sits between the compute and the storage endpoints.'),
  tag('AzureActiveDirectory', 443, 'Tcp', 'Authentication using Microsoft Entra ID.', BASIC),
  tag('AzureActiveDirectory', 80, 'Tcp', 'Authentication using Microsoft Entra ID (the basic-configuration table lists ports 80 and 443).', BASIC),
  tag('AzureResourceManager', 443, 'Tcp', 'Creation of Azure resources with Azure Machine Learning.', BASIC),
  tag('AzureFrontDoor.FrontEnd', 443, 'Tcp', 'Global entry point for Azure Machine Learning studio; stores images and environments for AutoML.', BASIC),
  // The basic table spells it "Frontdoor.FirstParty"; the recommended table and the service tag list say AzureFrontDoor.FirstParty.
  tag('AzureFrontDoor.FirstParty', 443, 'Tcp', 'Docker images that Microsoft provides for training and inference (MCR content is served through it).', RECOMMENDED),
  tag('MicrosoftContainerRegistry', 443, 'Tcp', 'Docker images provided by Microsoft; "Microsoft Container Registry is always needed regardless of the scenario".', RECOMMENDED),
  { destination: '*.data.mcr.microsoft.com', kind: 'fqdn', port: 443, protocol: 'Tcp', why: 'Data endpoints of Microsoft Container Registry for Azure ML maintained images.', source: MS_HOSTS },
  tag('AzureMonitor', 443, 'Tcp', 'Monitoring, metrics and support-incident logging to Azure Monitor.', BASIC,
    'Azure Monitor / Application Insights for the workspace is not secured behind a private link.'),
  tag('VirtualNetwork', 443, 'Tcp', 'Reaching private endpoints in the VNet or peered VNets.', BASIC,
    'Private endpoints are present in the virtual network or peered virtual networks.'),
];

/** The same traffic by host name, for firewalls without service tags ("Microsoft hosts" tables). */
export const AML_MANAGED_COMPUTE_FQDNS: readonly OutboundRequirement[] = [
  { destination: '<region>.tundra.azureml.ms', kind: 'fqdn', port: 5831, protocol: 'Udp', why: 'Compute instance/cluster management (FQDN for AzureMachineLearning UDP 5831).', source: NO_PUBLIC_IP },
  { destination: '*.tundra.<region>.api.azureml.ms', kind: 'fqdn', port: 5831, protocol: 'Udp', why: 'Compute instance management.', source: MS_HOSTS },
  { destination: 'graph.windows.net', kind: 'fqdn', port: 443, protocol: 'Tcp', why: 'Communication with the Microsoft Graph API.', source: NO_PUBLIC_IP },
  ...[443, 8787, 18881].map((port): OutboundRequirement => ({ destination: '*.instances.azureml.ms', kind: 'fqdn', port, protocol: 'Tcp', why: 'Communication with Azure Machine Learning (compute instance).', source: NO_PUBLIC_IP })),
  { destination: '*.instances.azureml.net', kind: 'fqdn', port: 443, protocol: 'Tcp', why: 'Compute instance.', source: MS_HOSTS },
  { destination: '*.<region>.batch.azure.com', kind: 'fqdn', port: 443, protocol: 'Any', why: 'Communication with Azure Batch.', source: NO_PUBLIC_IP },
  { destination: '*.<region>.service.batch.azure.com', kind: 'fqdn', port: 443, protocol: 'Any', why: 'Communication with Azure Batch.', source: NO_PUBLIC_IP },
  ...['blob', 'queue', 'table'].map((s): OutboundRequirement => ({ destination: `*.${s}.core.windows.net`, kind: 'fqdn', port: 443, protocol: 'Tcp', why: `Microsoft storage access (Azure ${s} storage used by Batch).`, source: NO_PUBLIC_IP })),
  ...[80, 443].map((port): OutboundRequirement => ({ destination: 'login.microsoftonline.com', kind: 'fqdn', port, protocol: 'Tcp', why: 'Microsoft Entra ID.', source: MS_HOSTS })),
  { destination: 'management.azure.com', kind: 'fqdn', port: 443, protocol: 'Tcp', why: 'Azure Resource Manager.', source: MS_HOSTS },
  { destination: 'mcr.microsoft.com', kind: 'fqdn', port: 443, protocol: 'Tcp', why: 'Microsoft Container Registry.', source: MS_HOSTS },
  { destination: '*.data.mcr.microsoft.com', kind: 'fqdn', port: 443, protocol: 'Tcp', why: 'Microsoft Container Registry data endpoints.', source: MS_HOSTS },
];
