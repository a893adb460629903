// Premium container registry (private endpoints need Premium): admin user off, no anonymous pull,
// public network access disabled, export disabled, ARM-audience tokens off, CMK.
import { tagsFor } from './env.js';
import { armResourceStep, props } from './support/arm-resource.js';
import { API, ids } from './support/ids.js';
import { globalNamePreflight } from './support/preflight.js';

export const registryStep = armResourceStep({
  id: 'registry',
  title: 'Container registry (Premium, private, CMK)',
  dependsOn: ['resource-group', 'identity', 'cmk-key', 'cmk-access-identity'],
  apiVersion: API.registry,
  typicalSeconds: 25,
  resourceId: ids.registry,
  body: (ctx) => {
    const identityId = ids.identity(ctx.env);
    return {
      location: ctx.env.config.location,
      tags: tagsFor(ctx.env),
      sku: { name: 'Premium' },
      identity: { type: 'UserAssigned', userAssignedIdentities: { [identityId]: {} } },
      properties: {
        adminUserEnabled: false,
        anonymousPullEnabled: false,
        dataEndpointEnabled: false,
        publicNetworkAccess: 'Disabled',
        networkRuleBypassOptions: 'AzureServices',
        networkRuleSet: { defaultAction: 'Deny' },
        policies: {
          exportPolicy: { status: 'disabled' },
          azureADAuthenticationAsArmPolicy: { status: 'disabled' },
          retentionPolicy: { status: 'enabled', days: 7 },
        },
        ...(ctx.env.config.cmk.enabled
          ? { encryption: { status: 'enabled', keyVaultProperties: { keyIdentifier: ctx.outputs('cmk-key').keyUri, identity: ctx.outputs('identity').clientId } } }
          : {}),
      },
    };
  },
  outputs: (o) => ({ loginServer: String(props(o).loginServer ?? '') }),
  preflight: (ctx) => globalNamePreflight(ctx, 'registry.name', 'Microsoft.ContainerRegistry', 'Microsoft.ContainerRegistry/registries', ctx.env.names.registry, API.registry),
});
