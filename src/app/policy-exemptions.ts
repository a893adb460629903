// Built-in policy definitions the environment deliberately does not satisfy, each with why.
export const POLICY_EXEMPTIONS: Record<string, string> = {
  'Workspace_EnableV1LegacyMode_Audit.json': 'requires v1 legacy mode, which blocks the Azure ML v2 API the studio and SDK v2 use',
  'AKS_DisableLocalAccounts_Deny.json':
    'the Azure ML extension, through which the workspace deploys to AKS, "doesn\'t support disabling local accounts for AKS" (Learn how-to-deploy-kubernetes-extension, Limitations; Azure/AML-Kubernetes#261); the API server stays private with Entra ID and Azure RBAC',
};
