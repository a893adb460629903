// How the environment's policy assignments would be set for the chosen baseline: built-in definitions
// it deliberately does not satisfy (each with why), and parameters that depend on the config.
import type { Config } from '../config/schema.js';

const ALWAYS: Record<string, string> = {
  'Workspace_EnableV1LegacyMode_Audit.json': 'requires v1 legacy mode, which blocks the Azure ML v2 API the studio and SDK v2 use',
};

/** Definitions (by file name) exempted for this config, with the reason recorded. */
export function policyExemptions(config: Config): Record<string, string> {
  const out = { ...ALWAYS };
  if (config.aks.enabled) {
    out['AKS_DisableLocalAccounts_Deny.json'] =
      'the Azure ML extension, through which the workspace deploys to AKS, "doesn\'t support disabling local accounts for AKS" (Learn how-to-deploy-kubernetes-extension, Limitations; Azure/AML-Kubernetes#261); the API server stays private with Entra ID and Azure RBAC';
  }
  if (config.network.egress === 'managed') {
    out['Vnet_Audit.json'] =
      'egress managed: compute runs in the workspace\'s managed virtual network, which Azure creates and isolates (https://learn.microsoft.com/azure/machine-learning/how-to-managed-network); it has no subnet of a customer VNet by design';
  }
  return out;
}

/** Assignment parameters that follow the config (the definition's defaults otherwise). */
export function policyParameters(config: Config): Record<string, Record<string, unknown>> {
  return {
    // "Azure Machine Learning ... should use Allow Only Approved Outbound Managed Vnet mode": assigned
    // with the isolation mode the environment uses (Disabled for a customer-managed VNet).
    'ManagedNetworkIsolationMode_Audit.json': { isolationMode: config.network.egress === 'managed' ? 'AllowOnlyApprovedOutbound' : 'Disabled' },
  };
}
