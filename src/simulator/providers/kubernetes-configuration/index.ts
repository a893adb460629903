// Microsoft.KubernetesConfiguration (2024-11-01): cluster extensions on AKS managed clusters (extensions.ts),
// an extension namespace in router.ts EXTENSIONS, so `{cluster id}/providers/Microsoft.KubernetesConfiguration/
// extensions/...` reaches this provider with the cluster as its scope. Other providers read
// azureMlExtensionOf (the Azure ML `Kubernetes` compute); installFailure (install.ts) is the install's
// completion point.
import { EXTENSION_API_VERSIONS } from '../../schemas/kubernetes-configuration.js';
import type { Provider } from '../types.js';
import { EXTENSION_LATENCY_KEY, KUBERNETES_CONFIGURATION } from './common.js';
import { handleExtensions } from './extensions.js';
import { renderExtension } from './render.js';

export { AZUREML_EXTENSION_TYPE, T_EXTENSION, azureMlExtensionOf, storedOf } from './common.js';
export { installFailure } from './install.js';

export const kubernetesConfigurationProvider: Provider = {
  namespace: KUBERNETES_CONFIGURATION,
  apiVersions: EXTENSION_API_VERSIONS,
  resourceTypes: ['extensions', 'extensions/operations'],
  handle: handleExtensions,
  render: renderExtension,
  deleteLatencyKey: () => EXTENSION_LATENCY_KEY,
};
