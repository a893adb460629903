// Every simulated resource provider. A new resource type family is one new Provider file plus one line here.
import { authorizationProvider } from './authorization/index.js';
import { computeProvider } from './compute/index.js';
import { devTestLabProvider } from './dev-test-lab.js';
import { featuresProvider } from './features.js';
import { containerRegistryProvider } from './container-registry.js';
import { containerServiceProvider } from './container-service/index.js';
import { keyVaultProvider } from './keyvault/index.js';
import { kubernetesConfigurationProvider } from './kubernetes-configuration/index.js';
import { machineLearningProvider } from './machine-learning.js';
import { managedIdentityProvider } from './managed-identity.js';
import { insightsProvider } from './monitor/insights.js';
import { operationalInsightsProvider } from './monitor/operational-insights.js';
import { networkProvider } from './network/index.js';
import { policyInsightsProvider } from './policy-insights.js';
import { securityProvider } from './security.js';
import { resourcesProvider } from './resources.js';
import { storageProvider } from './storage/index.js';
import type { Provider } from './types.js';

export const PROVIDERS: readonly Provider[] = [resourcesProvider, networkProvider, keyVaultProvider, managedIdentityProvider, authorizationProvider, storageProvider, containerRegistryProvider, operationalInsightsProvider, insightsProvider, machineLearningProvider, containerServiceProvider, kubernetesConfigurationProvider, computeProvider, devTestLabProvider, featuresProvider, policyInsightsProvider, securityProvider];

export function providerForNamespace(namespace: string): Provider | undefined {
  return PROVIDERS.find((p) => p.namespace.toLowerCase() === namespace.toLowerCase());
}

export function providerForType(type: string): Provider | undefined {
  return providerForNamespace(type.split('/')[0]);
}
