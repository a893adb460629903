// Microsoft.ManagedIdentity: user-assigned identities, synchronous PUT (201/200) and DELETE. Creating one
// creates its service principal in the directory (registerPrincipal: role assignments without
// principalType see the replication delay); deleting it deletes the principal.
import { randomUUID } from 'node:crypto';
import { ArmError } from '../errors.js';
import { empty, json } from '../http.js';
import { checkName, type NameRule } from '../names.js';
import { Identity } from '../schemas/managedidentity.js';
import { parseBody } from '../schemas/common.js';
import { getRecord, putRecord, registerPrincipal, removeSubtree, tenantIdOf, type CloudState, type ResourceRecord } from '../state.js';
import { validateTags } from '../tags.js';
import type { ArmResource, SimResponse } from '../types.js';
import { USER_ASSIGNED_IDENTITY_TYPE } from './kit/identity.js';
import { envelope, listTracked, newRecord, resolveLocation, trackedId } from './kit/tracked.js';
import type { Ctx, Provider, ProviderRoute } from './types.js';
import { serveTracked } from './kit/serve.js';

const MANAGED_IDENTITY = 'Microsoft.ManagedIdentity';
const T = USER_ASSIGNED_IDENTITY_TYPE;

const NAME_RULE: NameRule = {
  min: 3,
  max: 128,
  pattern: /^[A-Za-z0-9][A-Za-z0-9_-]*$/,
  describe: 'The name must be 3-128 characters long, begin with a letter or number, and contain only letters, numbers, hyphens and underscores.',
};

function render(state: CloudState, rec: ResourceRecord): ArmResource {
  const p = rec.properties;
  return {
    ...envelope(rec),
    properties: { tenantId: p.tenantId ?? tenantIdOf(state), principalId: p.principalId, clientId: p.clientId, isolationScope: p.isolationScope ?? 'None' },
  };
}

function put(ctx: Ctx, group: ResourceRecord, name: string, existing: ResourceRecord | undefined): SimResponse {
  checkName(name, NAME_RULE);
  const body = parseBody(Identity, ctx.body, 'resources');
  const location = resolveLocation(body.location, T, existing, group);
  validateTags(body.tags);
  const rec = newRecord(ctx, { id: existing?.id ?? trackedId(group, MANAGED_IDENTITY, 'userAssignedIdentities', name), type: T, name, group, location, tags: body.tags, existing });
  // The principal and client ids live as long as the resource.
  const principalId = existing ? String(existing.properties.principalId) : randomUUID();
  rec.properties = {
    tenantId: tenantIdOf(ctx.state),
    principalId,
    clientId: existing ? existing.properties.clientId : randomUUID(),
    ...(body.properties?.isolationScope ? { isolationScope: body.properties.isolationScope } : {}),
  };
  if (!existing) registerPrincipal(ctx.state, principalId, ctx.now, rec.id);
  putRecord(ctx.state, rec);
  return json(existing ? 200 : 201, render(ctx.state, rec));
}

function handle(ctx: Ctx, route: ProviderRoute): SimResponse {
  const { types, names, collection } = route.typed;
  const path = types.map((t) => t.toLowerCase()).join('/');
  if (path !== 'userassignedidentities') {
    throw new ArmError(404, 'InvalidResourceType', `The resource type '${types.join('/')}' could not be found in the namespace '${MANAGED_IDENTITY}'.`);
  }
  if (collection) return listTracked(ctx, T, route.sub, route.group, render);
  const group = route.group;
  if (!group) throw new ArmError(404, 'InvalidResourceType', 'userAssignedIdentities are resource-group scoped; the request path has no resource group.');
  const existing = getRecord(ctx.state, trackedId(group, MANAGED_IDENTITY, 'userAssignedIdentities', names[0]));
  return serveTracked(ctx, {
    type: T,
    label: 'user-assigned identity',
    name: names[0],
    group,
    existing,
    render: render,
    put: () => put(ctx, group, names[0], existing),
    // Synchronous: gone when DELETE answers 200.
    remove: (rec) => {
      removeSubtree(ctx.state, rec.id, ctx.now);
      return empty(200);
    },
  });
}

export const managedIdentityProvider: Provider = {
  namespace: MANAGED_IDENTITY,
  apiVersions: ['2023-01-31', '2024-11-30'],
  resourceTypes: ['userAssignedIdentities'],
  handle,
  render,
  deleteLatencyKey: () => T,
};
