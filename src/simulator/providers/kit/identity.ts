// Managed identities on any resource (storage, registry, ML workspace, ...): a system-assigned identity is
// a directory principal created with the resource (registered in `principals`, so role assignments see its
// replication delay); user-assigned identities must exist and are rendered with their principal/client ids.
import { randomUUID } from 'node:crypto';
import { badRequest } from '../../errors.js';
import { deletePrincipal, getRecord, key, registerPrincipal, tenantIdOf, type CloudState, type ResourceRecord } from '../../state.js';
import type { Ctx } from '../types.js';

export const USER_ASSIGNED_IDENTITY_TYPE = 'Microsoft.ManagedIdentity/userAssignedIdentities';

interface IdentityRequest {
  type: string;
  userAssignedIdentities?: Record<string, unknown>;
}

/** One identity attached to a resource, as the CMK checks need it. */
interface AttachedIdentity {
  kind: 'SystemAssigned' | 'UserAssigned';
  principalId: string;
  /** User-assigned only. */
  resourceId?: string;
  clientId?: string;
}

/**
 * Applies a requested `identity` to a resource and returns the stored (= rendered) identity, or undefined for
 * none. `request` undefined keeps `existing` (PATCH, or a PUT that leaves identity alone). A new system-assigned
 * identity registers a principal now (ownerId = the resource, so deleting the resource deletes it); dropping
 * it deletes the principal. Referenced user-assigned identities must exist: 400 FailedIdentityOperation.
 */
export function applyIdentity(
  ctx: Ctx,
  request: IdentityRequest | undefined,
  existing: Record<string, unknown> | undefined,
  ownerId: string,
): Record<string, unknown> | undefined {
  if (request === undefined) return existing;
  const parts = request.type.split(',').map((p) => p.trim().toLowerCase());
  const system = parts.includes('systemassigned');
  const user = parts.includes('userassigned');
  const previous = typeof existing?.principalId === 'string' ? existing.principalId : undefined;
  const requested = Object.keys(request.userAssignedIdentities ?? {});
  if (user && requested.length === 0) {
    throw badRequest('BadRequest', `The identity type '${request.type}' requires at least one entry in 'identity.userAssignedIdentities'.`);
  }
  if (!user && requested.length > 0) {
    throw badRequest('BadRequest', `'identity.userAssignedIdentities' can only be set when the identity type includes 'UserAssigned' (the type is '${request.type}').`);
  }
  const userAssignedIdentities: Record<string, { principalId: string; clientId: string }> = {};
  for (const id of requested) {
    const uai = getRecord(ctx.state, id);
    if (!uai || key(uai.type) !== key(USER_ASSIGNED_IDENTITY_TYPE)) {
      throw badRequest(
        'FailedIdentityOperation',
        `Identity operation for resource '${ownerId}' failed with error 'Failed to perform resource identity operation. Status: 'NotFound'. ` +
          `Response: '{"error":{"code":"NotFound","message":"Resource '${id}' was not found."}}''.`,
      );
    }
    userAssignedIdentities[uai.id] = { principalId: String(uai.properties.principalId), clientId: String(uai.properties.clientId) };
  }
  if (previous !== undefined && !system) deletePrincipal(ctx.state, previous, ctx.now);
  if (!system && !user) return undefined;
  let principalId = previous;
  if (system && principalId === undefined) {
    principalId = randomUUID();
    registerPrincipal(ctx.state, principalId, ctx.now, ownerId);
  }
  return {
    type: request.type,
    ...(system ? { principalId, tenantId: tenantIdOf(ctx.state) } : {}),
    ...(user ? { userAssignedIdentities } : {}),
  };
}

/** The identities a resource carries (system-assigned first). */
export function attachedIdentities(rec: ResourceRecord): AttachedIdentity[] {
  const identity = rec.identity;
  if (!identity) return [];
  const out: AttachedIdentity[] = [];
  if (typeof identity.principalId === 'string') out.push({ kind: 'SystemAssigned', principalId: identity.principalId });
  const users = (identity.userAssignedIdentities ?? {}) as Record<string, { principalId: string; clientId: string }>;
  for (const [resourceId, v] of Object.entries(users)) out.push({ kind: 'UserAssigned', principalId: v.principalId, clientId: v.clientId, resourceId });
  return out;
}

/**
 * The identity as AKS, Azure ML workspaces and computes render it: user-assigned entries show the live
 * identity's principal and client ids (falling back to those stored at attach time).
 */
export function renderIdentity(state: CloudState, stored: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!stored) return undefined;
  const uais = stored.userAssignedIdentities as Record<string, { principalId?: string; clientId?: string }> | undefined;
  return {
    type: stored.type,
    ...(stored.principalId ? { principalId: stored.principalId, tenantId: stored.tenantId } : {}),
    ...(uais
      ? {
          userAssignedIdentities: Object.fromEntries(
            Object.entries(uais).map(([id, v]) => {
              const live = getRecord(state, id);
              return [id, { principalId: live?.properties.principalId ?? v.principalId, clientId: live?.properties.clientId ?? v.clientId }];
            }),
          ),
        }
      : {}),
  };
}
