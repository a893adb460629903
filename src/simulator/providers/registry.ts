// Every simulated resource provider. A new resource type family is one new Provider file plus one line here.
import { networkProvider } from './network/index.js';
import { resourcesProvider } from './resources.js';
import type { Provider } from './types.js';

export const PROVIDERS: readonly Provider[] = [resourcesProvider, networkProvider];

export function providerForNamespace(namespace: string): Provider | undefined {
  return PROVIDERS.find((p) => p.namespace.toLowerCase() === namespace.toLowerCase());
}

export function providerForType(type: string): Provider | undefined {
  return providerForNamespace(type.split('/')[0]);
}
