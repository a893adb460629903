// Premium container registry (private endpoints need Premium): admin user off, no anonymous pull,
// public network access disabled, export disabled, ARM-audience tokens off, CMK.
import type { ContainerRegistryManagementClient, Registry } from '@azure/arm-containerregistry';
import { z } from 'zod';
import { resourceName } from '../src/config/fields.js';
import { tagsFor } from './env.js';
import type { ResourceModule } from './module.js';
import { ids } from './support/ids.js';
import { globalNamePreflight } from './support/preflight.js';
import { modular, rgName, sdkStep } from './support/sdk-step.js';

const registryStep = sdkStep<ContainerRegistryManagementClient, Registry, Registry>({
  id: 'registry',
  title: 'Container registry (Premium, private, CMK)',
  dependsOn: ['resource-group', 'identity', 'cmk-key', 'cmk-access-identity'],
  typicalSeconds: 25,
  resourceId: ids.registry,
  client: (c) => c.registry(),
  body: (ctx): Registry => {
    const identityId = ids.identity(ctx.env);
    return {
      location: ctx.env.config.location,
      tags: tagsFor(ctx.env),
      sku: { name: 'Premium' },
      identity: { type: 'UserAssigned', userAssignedIdentities: { [identityId]: {} } },
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
      // Written out (no conditional spread) so the compiler checks every name; undefined is not sent.
      encryption: ctx.env.config.cmk.enabled
        ? { status: 'enabled', keyVaultProperties: { keyIdentifier: ctx.outputs('cmk-key').keyUri, identity: ctx.outputs('identity').clientId } }
        : undefined,
    };
  },
  read: (c, env) => c.registries.get(rgName(env), env.names.registry),
  put: async (c, env, body, o) => modular(o.resumeFrom
    ? (await import('@azure/arm-containerregistry')).restorePoller(c, o.resumeFrom, c.registries.create, o)
    : c.registries.create(rgName(env), env.names.registry, body, o)),
  del: (c, env, o) => c.registries.delete(rgName(env), env.names.registry, o),
  outputs: (o) => ({ loginServer: o.loginServer ?? '' }),
  preflight: async (ctx) => {
    const c = await ctx.env.clients.registry();
    const name = ctx.env.names.registry;
    return globalNamePreflight('registry.name', name, () => c.registries.checkNameAvailability({ name, type: 'Microsoft.ContainerRegistry/registries' }));
  },
});

// ---- module ----
export const config = {
  registry: z
    .strictObject({ name: resourceName('registry', 'Container registry name (default cr<name><suffix>; globally unique, 5-50 letters and digits).').optional() })
    .prefault({})
    .describe('Premium container registry (needed for private endpoints), admin user disabled, no public access.'),
};

export const definition: ResourceModule = {
  id: 'container registry',
  config,
  names: [{ key: 'registry', kind: 'registry', path: 'registry.name', explicit: (c) => c.registry.name, derive: (c, b) => c.registry.name ?? `cr${b.name}${b.suffix}` }],
  steps: [registryStep],
};
