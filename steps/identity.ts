// The workspace's user-assigned identity: primary identity of the workspace (policy
// Workspace_UAIEnabled) and the identity that unwraps the customer-managed key for the workspace,
// storage and registry. Created first, so its principal replicates while the rest is built.
import { tagsFor } from './env.js';
import { armResourceStep, props } from './support/arm-resource.js';
import { API, ids } from './support/ids.js';

export const identityStep = armResourceStep({
  id: 'identity',
  title: 'Workspace identity (user-assigned)',
  dependsOn: ['resource-group'],
  apiVersion: API.identity,
  typicalSeconds: 3,
  resourceId: ids.identity,
  body: (ctx) => ({ location: ctx.env.config.location, tags: tagsFor(ctx.env) }),
  outputs: (o) => ({ principalId: String(props(o).principalId ?? ''), clientId: String(props(o).clientId ?? '') }),
});
