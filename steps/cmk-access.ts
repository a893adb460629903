// The access the customer-managed key needs, granted by the tool (vault in RBAC mode): the
// workspace identity and Azure Cosmos DB's first-party principal may wrap/unwrap with the key.
import type { ResourceModule } from './module.js';
import { ids } from './support/ids.js';
import { COSMOS_DB_PRINCIPAL, roleAssignmentsStep, ROLES } from './support/role-assignment.js';

const cmkAccessIdentityStep = roleAssignmentsStep({
  id: 'cmk-access-identity',
  title: 'Key access for the workspace identity',
  dependsOn: ['key-vault', 'identity'],
  enabled: (env) => env.config.cmk.enabled,
  scopeId: (ctx) => ids.keyVault(ctx.env),
  assignments: (ctx) => [{ scope: ids.keyVault(ctx.env), role: ROLES.keyVaultCryptoServiceEncryptionUser, principalId: ctx.outputs('identity').principalId, principalType: 'ServicePrincipal' }],
});

const cmkAccessCosmosStep = roleAssignmentsStep({
  id: 'cmk-access-cosmos',
  title: 'Key access for Azure Cosmos DB (workspace metadata)',
  dependsOn: ['key-vault'],
  enabled: (env) => env.config.cmk.enabled,
  scopeId: (ctx) => ids.keyVault(ctx.env),
  assignments: (ctx) => [{ scope: ids.keyVault(ctx.env), role: ROLES.keyVaultCryptoServiceEncryptionUser, principalId: COSMOS_DB_PRINCIPAL, principalType: 'ServicePrincipal' }],
});

// ---- module ----
export const definition: ResourceModule = { id: 'customer-managed key access', steps: [cmkAccessIdentityStep, cmkAccessCosmosStep] };
