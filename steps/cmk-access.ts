// The access the customer-managed key needs, granted by the tool (vault in RBAC mode): the
// workspace identity and Azure Cosmos DB's first-party service principal may wrap/unwrap with the key.
// Role assignments name a principal's object id: Azure Cosmos DB's is looked up by its application id
// through Microsoft Graph (https://learn.microsoft.com/graph/api/serviceprincipal-get?view=graph-rest-1.0).
import type { ServicePrincipal } from '../src/azure/graph.js';
import { SecureAmlError } from '../src/errors.js';
import type { AzureStep, Ctx } from './env.js';
import type { ResourceModule } from './module.js';
import { ids } from './support/ids.js';
import { COSMOS_DB_APP_ID, roleAssignmentsStep, ROLES } from './support/role-assignment.js';

const cmkAccessIdentityStep = roleAssignmentsStep({
  id: 'cmk-access-identity',
  title: 'Key access for the workspace identity',
  dependsOn: ['key-vault', 'identity'],
  enabled: (env) => env.config.cmk.enabled,
  scopeId: (ctx) => ids.keyVault(ctx.env),
  assignments: (ctx) => [{ scope: ids.keyVault(ctx.env), role: ROLES.keyVaultCryptoServiceEncryptionUser, principalId: ctx.outputs('identity').principalId, principalType: 'ServicePrincipal' }],
});

/**
 * What to do when the tenant has no Azure Cosmos DB service principal. It is Microsoft's first-party app;
 * Learn (Cosmos DB CMK): "If the Azure Cosmos DB principal isn't in the list, you might need to re-register
 * the Microsoft.DocumentDB resource provider"; `az ad sp create --id <appId>` creates a first-party app's
 * service principal directly (Azure/azure-cli PR #17051).
 */
const missingCosmosPrincipal = (ctx: Ctx): string =>
  `the tenant has no service principal for Azure Cosmos DB (application ${COSMOS_DB_APP_ID}), which needs access to the customer-managed key; ` +
  `register the Microsoft.DocumentDB resource provider (\`az provider register --namespace Microsoft.DocumentDB --subscription ${ctx.env.subscriptionId}\`) ` +
  `or create the service principal (\`az ad sp create --id ${COSMOS_DB_APP_ID}\`), then run the command again`;

/** Azure Cosmos DB's service principal in this tenant, read only (Microsoft Graph): its object id for the role assignment. */
const cosmosPrincipalStep: AzureStep<Record<string, never>, ServicePrincipal> = {
  id: 'cosmos-principal',
  title: 'Azure Cosmos DB service principal (read only, Microsoft Graph)',
  dependsOn: [],
  enabled: (env) => env.config.cmk.enabled,
  typicalSeconds: 1,
  resourceId: () => `https://graph.microsoft.com/v1.0/servicePrincipals(appId='${COSMOS_DB_APP_ID}')`,
  desired: () => ({}),
  read: async (ctx) => (await ctx.env.clients.graph()).servicePrincipalByAppId(COSMOS_DB_APP_ID, ctx.signal),
  diff: (_d, observed) => (observed ? [] : [{ path: '(resource)', kind: 'add', after: {} }]),
  preflight: async (ctx) => [{ path: `tenant ${ctx.env.tenantId}`, message: missingCosmosPrincipal(ctx) }],
  apply: async (ctx) => { throw new SecureAmlError(`Azure Cosmos DB's service principal was not found: ${missingCosmosPrincipal(ctx)}.`); },
  remove: async () => {},
  outputs: (o) => ({ objectId: o.id }),
};

const cmkAccessCosmosStep = roleAssignmentsStep({
  id: 'cmk-access-cosmos',
  title: 'Key access for Azure Cosmos DB (workspace metadata)',
  dependsOn: ['key-vault', 'cosmos-principal'],
  enabled: (env) => env.config.cmk.enabled,
  scopeId: (ctx) => ids.keyVault(ctx.env),
  assignments: (ctx) => [{ scope: ids.keyVault(ctx.env), role: ROLES.keyVaultCryptoServiceEncryptionUser, principalId: ctx.outputs('cosmos-principal').objectId, principalType: 'ServicePrincipal' }],
});

// ---- module ----
export const definition: ResourceModule = { id: 'customer-managed key access', steps: [cosmosPrincipalStep, cmkAccessIdentityStep, cmkAccessCosmosStep] };
