// The workspace's user-assigned identity: primary identity of the workspace (policy
// Workspace_UAIEnabled) and the identity that unwraps the customer-managed key for the workspace,
// storage and registry. Created first, so its principal replicates while the rest is built.
import type { Identity, ManagedServiceIdentityClient } from '@azure/arm-msi';
import { type StepEnv, tagsFor } from './env.js';
import type { ResourceModule } from './module.js';
import { ids } from './support/ids.js';
import { rgName, type SdkStep, sdkStep } from './support/sdk-step.js';

export interface IdentitySpec {
  id: string;
  title: string;
  dependsOn: string[];
  enabled?: (env: StepEnv) => boolean;
  resourceId: (env: StepEnv) => string;
}

/** A user-assigned identity through the MSI client (2024-11-30; ARM answers the PUT at once). */
export function userAssignedIdentityStep(spec: IdentitySpec): SdkStep<Identity, Identity> {
  const name = (env: StepEnv) => spec.resourceId(env).split('/').pop()!;
  return sdkStep<ManagedServiceIdentityClient, Identity, Identity>({
    ...spec,
    typicalSeconds: 3,
    client: (c) => c.msi(),
    body: (ctx): Identity => ({ location: ctx.env.config.location, tags: tagsFor(ctx.env) }),
    read: (c, env) => c.userAssignedIdentities.get(rgName(env), name(env)),
    send: (c, env, body) => c.userAssignedIdentities.createOrUpdate(rgName(env), name(env), body),
    del: (c, env, o) => c.userAssignedIdentities.delete(rgName(env), name(env), o),
    outputs: (o) => ({ principalId: o.principalId ?? '', clientId: o.clientId ?? '' }),
  });
}

const identityStep = userAssignedIdentityStep({
  id: 'identity',
  title: 'Workspace identity (user-assigned)',
  dependsOn: ['resource-group'],
  resourceId: ids.identity,
});

// ---- module ----
export const definition: ResourceModule = {
  id: 'managed identity',
  names: [{ key: 'workspaceIdentity', kind: 'networkResource', label: 'managed identity', derive: (_c, b) => `id-${b.name}-${b.environment}` }],
  steps: [identityStep],
};
