// Subnet service endpoints: the services Azure offers and the locations it reports for each (storage:
// the VNet's region and its pair; regional SQL: the region; global services: '*').
import { badRequest } from '../../errors.js';
import { pairedRegion } from '../../regions.js';

const SERVICES = [
  'Microsoft.AzureActiveDirectory',
  'Microsoft.AzureCosmosDB',
  'Microsoft.CognitiveServices',
  'Microsoft.ContainerRegistry',
  'Microsoft.EventHub',
  'Microsoft.KeyVault',
  'Microsoft.ServiceBus',
  'Microsoft.Sql',
  'Microsoft.Storage',
  'Microsoft.Storage.Global',
  'Microsoft.Web',
];

export interface ServiceEndpoint {
  service: string;
  locations: string[];
}

export function normalizeServiceEndpoint(service: string, given: string[] | undefined, vnetLocation: string): ServiceEndpoint {
  const canonical = SERVICES.find((s) => s.toLowerCase() === service.toLowerCase());
  if (!canonical) {
    throw badRequest(
      'InvalidServiceNameOnServiceEndpoint',
      `Service name ${service} on service endpoint is invalid. Valid service names are: ${SERVICES.join(', ')}.`,
    );
  }
  if (given && given.length > 0) return { service: canonical, locations: given };
  const pair = pairedRegion(vnetLocation);
  switch (canonical) {
    case 'Microsoft.Storage':
      return { service: canonical, locations: pair ? [vnetLocation, pair] : [vnetLocation] };
    case 'Microsoft.Sql':
      return { service: canonical, locations: [vnetLocation] };
    default:
      return { service: canonical, locations: ['*'] };
  }
}
