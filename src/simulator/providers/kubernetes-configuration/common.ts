// Microsoft.KubernetesConfiguration facts shared by the extension handler, its render and the Azure ML
// `Kubernetes` compute: the type, the LRO style, the extension types the simulator knows, and the
// "is the Azure ML extension installed on this cluster" question.
import { childrenOf, key, type CloudState, type ResourceRecord } from '../../state.js';
import type { LroStyle } from '../kit/lro-style.js';

export const KUBERNETES_CONFIGURATION = 'Microsoft.KubernetesConfiguration';
export const T_EXTENSION = 'Microsoft.KubernetesConfiguration/extensions';
export const AZUREML_EXTENSION_TYPE = 'microsoft.azureml.kubernetes';
export const EXTENSION_LATENCY_KEY = `${T_EXTENSION}#${AZUREML_EXTENSION_TYPE}`;

/**
 * Standard cluster extensions offered for AKS (https://learn.microsoft.com/azure/aks/cluster-extensions,
 * "Currently available extensions"), lower case as the RP prints extensionType. Only the Azure ML extension
 * is simulated; the others are refused as not simulated, any other type as unsupported.
 */
export const KNOWN_EXTENSION_TYPES: readonly string[] = [
  AZUREML_EXTENSION_TYPE,
  'microsoft.flux',
  'microsoft.dapr',
  'microsoft.azure.appconfiguration',
  'microsoft.azurecontainerstorage',
  'microsoft.dataprotection.kubernetes',
];

/** Release trains the Azure ML extension publishes (the CLI defaults to 'stable'). */
export const RELEASE_TRAINS: readonly string[] = ['stable', 'preview'];

/**
 * The version each train installs when not pinned (currentVersion). **Unconfirmed**: the Azure ML extension's
 * current version is not documented; 1.1.x is the line field reports show (Azure/AML-Kubernetes#275: 1.1.26).
 */
export const TRAIN_VERSION: Readonly<Record<string, string>> = { stable: '1.1.95', preview: '1.1.96' };

/**
 * PUT 201/200 and PATCH 202 with Azure-AsyncOperation `{extension id}/operations/{id}` (the spec's
 * OperationStatus_Get path, final-state-via azure-async-operation); DELETE 202 with the same header.
 * **Unconfirmed**: no Retry-After (the spec defines no headers).
 */
export const EXTENSION_LRO: LroStyle = {
  namespace: KUBERNETES_CONFIGURATION,
  statusUrl: (origin, op, apiVersion) => `${origin}${op.targetId}/operations/${op.id}?api-version=${encodeURIComponent(apiVersion)}`,
};

/** Stored shape of an extension's settings (protected settings are kept for the install, never rendered). */
export interface StoredExtension {
  extensionType: string;
  autoUpgradeMinorVersion: boolean;
  releaseTrain: string;
  version?: string;
  scope: { cluster?: { releaseNamespace: string }; namespace?: { targetNamespace: string } };
  configurationSettings: Record<string, string>;
  configurationProtectedSettings: Record<string, string>;
  /** Set when the install failed (errorInfo). */
  failure?: { code: string; message: string };
  creating?: boolean;
}

export const storedOf = (rec: ResourceRecord): StoredExtension => rec.properties as unknown as StoredExtension;

/** The cluster's Azure ML extension (any state), if one is installed. */
export function azureMlExtensionOf(state: CloudState, clusterId: string): ResourceRecord | undefined {
  return childrenOf(state, clusterId, T_EXTENSION).find((r) => key(storedOf(r).extensionType) === AZUREML_EXTENSION_TYPE);
}
