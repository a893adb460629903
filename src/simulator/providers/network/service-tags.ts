// Service tags accepted in NSG rule address prefixes (learn.microsoft.com "Virtual network service
// tags"). Regional variants are written <Tag>.<region>. Matching is case-insensitive, as in Azure.
import { normalizeRegion } from '../../regions.js';

const TAGS = [
  'ActionGroup', 'ApiManagement', 'AppConfiguration', 'AppService', 'AppServiceManagement',
  'AzureActiveDirectory', 'AzureActiveDirectoryDomainServices', 'AzureAdvancedThreatProtection',
  'AzureArcInfrastructure', 'AzureAttestation', 'AzureBackup', 'AzureBotService', 'AzureCloud',
  'AzureCognitiveSearch', 'AzureConnectors', 'AzureContainerAppsService', 'AzureContainerRegistry',
  'AzureCosmosDB', 'AzureDatabricks', 'AzureDataExplorerManagement', 'AzureDataLake', 'AzureDevOps',
  'AzureDigitalTwins', 'AzureEventGrid', 'AzureFrontDoor.Frontend', 'AzureFrontDoor.Backend',
  'AzureFrontDoor.FirstParty', 'AzureHealthcareAPIs', 'AzureInformationProtection', 'AzureIoTHub',
  'AzureKeyVault', 'AzureLoadBalancer', 'AzureMachineLearning', 'AzureMachineLearningInference',
  'AzureManagedGrafana', 'AzureMonitor', 'AzureOpenDatasets', 'AzurePlatformDNS', 'AzurePlatformIMDS',
  'AzurePlatformLKM', 'AzureResourceManager', 'AzureSentinel', 'AzureSignalR', 'AzureSiteRecovery',
  'AzureSphere', 'AzureSpringCloud', 'AzureStack', 'AzureTrafficManager', 'AzureUpdateDelivery',
  'AzureWebPubSub', 'BatchNodeManagement', 'ChaosStudio', 'CognitiveServicesFrontend',
  'CognitiveServicesManagement', 'DataFactory', 'DataFactoryManagement', 'EventHub', 'GatewayManager',
  'GuestAndHybridManagement', 'HDInsight', 'Internet', 'LogicApps', 'LogicAppsManagement',
  'MicrosoftCloudAppSecurity', 'MicrosoftContainerRegistry', 'MicrosoftDefenderForEndpoint',
  'PowerBI', 'PowerPlatformInfra', 'PowerQueryOnline', 'ServiceBus', 'ServiceFabric', 'Sql',
  'SqlManagement', 'Storage', 'StorageSyncService', 'VirtualNetwork', 'WindowsAdminCenter',
  'WindowsVirtualDesktop',
];

const LOWER = new Set(TAGS.map((t) => t.toLowerCase()));

export function isServiceTag(value: string): boolean {
  const v = value.toLowerCase();
  if (LOWER.has(v)) return true;
  const dot = v.lastIndexOf('.');
  return dot > 0 && LOWER.has(v.slice(0, dot)) && normalizeRegion(v.slice(dot + 1)) !== undefined;
}
