// The ordered registry: plan, apply, resume, teardown and audit all walk this list.
// Adding a resource is one file in steps/ and one line here.
import { aksAttachStep, aksIdentityStep, aksNetworkRoleStep, aksStep } from './aks.js';
import { cmkAccessCosmosStep, cmkAccessIdentityStep } from './cmk-access.js';
import { computeClusterStep, computeInstancesStep } from './compute.js';
import { vaultDiagnosticsStep, workspaceDiagnosticsStep } from './diagnostics.js';
import type { AzureStep } from './env.js';
import { repairFailedState } from './support/failed-state.js';
import { identityStep } from './identity.js';
import { cmkKeyStep, keyVaultStep } from './key-vault.js';
import { appInsightsStep, logAnalyticsStep } from './monitoring.js';
import { nsgStep } from './nsg.js';
import { privateDnsSteps } from './private-dns.js';
import { privateEndpointSteps } from './private-endpoints.js';
import { registryStep } from './registry.js';
import { resourceGroupStep } from './resource-group.js';
import { customRolesStep, peopleRolesStep, workspaceIdentityRolesStep } from './roles.js';
import { serviceEndpointPolicyAssociationStep, serviceEndpointPolicyStep } from './service-endpoint-policy.js';
import { storageStep } from './storage.js';
import { vnetStep } from './vnet.js';
import { workspaceStep } from './workspace.js';

const registry: readonly AzureStep[] = [
  resourceGroupStep,
  nsgStep('training'),
  nsgStep('scoring'),
  nsgStep('private-endpoints'),
  vnetStep,
  identityStep,
  logAnalyticsStep,
  appInsightsStep,
  keyVaultStep,
  cmkKeyStep,
  cmkAccessIdentityStep,
  cmkAccessCosmosStep,
  storageStep,
  registryStep,
  workspaceIdentityRolesStep,
  workspaceStep,
  vaultDiagnosticsStep,
  workspaceDiagnosticsStep,
  ...privateDnsSteps,
  ...privateEndpointSteps,
  serviceEndpointPolicyStep,
  serviceEndpointPolicyAssociationStep,
  computeClusterStep,
  computeInstancesStep,
  aksIdentityStep,
  aksNetworkRoleStep,
  aksStep,
  aksAttachStep,
  customRolesStep,
  peopleRolesStep,
];

export const steps: readonly AzureStep[] = registry.map(repairFailedState);
