// Subscription-level Key Vault routes: deleted vaults (GET one / list, purge as a Location-polled
// operation refused under purge protection), checkNameAvailability (global names; a soft-deleted
// namesake blocks the name) and the operation results purge polls.
import { conflict, methodNotAllowed, notFound } from '../../errors.js';
import { empty, json } from '../../http.js';
import { latencyModel } from '../../latency-model.js';
import { nameError } from '../../names.js';
import { parseBody } from '../../schemas/common.js';
import { VaultCheckNameAvailabilityParameters } from '../../schemas/keyvault.js';
import { findSoftDeleted, key, type SoftDeletedRecord } from '../../state.js';
import type { ArmResource, SimResponse } from '../../types.js';
import { isoTime } from '../kit/tracked.js';
import type { Ctx } from '../types.js';
import { KEYVAULT, T, VAULT_NAME_RULE, vaultByName } from './common.js';
import { acceptedHeaders, locationOperationUrl, startIn, type LroStyle } from '../kit/lro-style.js';
import { polledOperation, resultResponse } from '../kit/polling.js';

/** Purge: 202 + Location (purgeDeletedVault example; the …/locations/{l}/operationResults/{id} path and Retry-After 10 s are unconfirmed). */
const PURGE_LRO: LroStyle = { namespace: KEYVAULT, retryAfter: 10, resultUrl: locationOperationUrl('operationResults') };

function renderDeleted(entry: SoftDeletedRecord): ArmResource {
  const sub = entry.record.subscriptionId;
  return {
    id: `/subscriptions/${sub}/providers/${KEYVAULT}/locations/${entry.location}/deletedVaults/${entry.name}`,
    name: entry.name,
    type: T.deletedVault,
    properties: {
      vaultId: entry.id,
      location: entry.location,
      deletionDate: isoTime(entry.deletedAt),
      scheduledPurgeDate: isoTime(entry.scheduledPurgeAt),
      tags: entry.record.tags ?? {},
      purgeProtectionEnabled: entry.purgeProtection,
    },
  };
}

function deletedIn(ctx: Ctx, sub: string, location: string, name: string): SoftDeletedRecord | undefined {
  const entry = findSoftDeleted(ctx.state, T.vault, name, location.replace(/\s+/g, '').toLowerCase());
  return entry && key(entry.record.subscriptionId) === key(sub) ? entry : undefined;
}

const deletedNotFound = (name: string) =>
  notFound('ResourceNotFound', `The Resource '${T.deletedVault}/${name}' under resource group '<null>' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`);

export function handleDeletedVault(ctx: Ctx, sub: string, location: string, name: string): SimResponse {
  if (ctx.method !== 'GET') throw methodNotAllowed(ctx.method, 'deleted vault');
  const entry = deletedIn(ctx, sub, location, name);
  if (!entry) throw deletedNotFound(name);
  return json(200, renderDeleted(entry));
}

export function listDeletedVaults(ctx: Ctx, sub: string): SimResponse {
  if (ctx.method !== 'GET') throw methodNotAllowed(ctx.method, 'deleted vault collection');
  const value = Object.values(ctx.state.softDeleted ?? {})
    .filter((e) => key(e.type) === key(T.vault) && key(e.record.subscriptionId) === key(sub))
    .sort((a, b) => a.deletedAt - b.deletedAt)
    .map(renderDeleted);
  return json(200, { value });
}

export function purgeDeletedVault(ctx: Ctx, sub: string, location: string, name: string): SimResponse {
  if (ctx.method !== 'POST') throw methodNotAllowed(ctx.method, 'purge');
  const entry = deletedIn(ctx, sub, location, name);
  if (!entry) throw deletedNotFound(name);
  if (entry.purgeProtection) {
    throw conflict(
      'ConflictError',
      `Operation 'DeletedVaultPurge' is not allowed. The vault '${entry.name}' has purge protection enabled: it cannot be purged before its ` +
        `scheduled purge date ${isoTime(entry.scheduledPurgeAt)}, when it is purged automatically.`,
    );
  }
  const running = Object.values(ctx.state.operations).find((op) => op.status === 'InProgress' && op.namespace === KEYVAULT && key(op.targetId) === key(entry.id) && op.name === 'PurgeDeletedVault');
  const op =
    running ??
    startIn(ctx, PURGE_LRO, {
      name: 'PurgeDeletedVault',
      method: 'DELETE',
      subscriptionId: sub,
      location: entry.location,
      targetId: entry.id,
      latencyKey: T.vault,
      seconds: latencyModel.types['Microsoft.KeyVault/vaults'].purgeSeconds,
    });
  // The entry (and so the name reservation) disappears when the purge operation ends.
  entry.purgeAt = op.endsAt;
  return empty(202, acceptedHeaders(ctx, PURGE_LRO, op, { result: true }));
}

/** GET .../locations/{l}/operationResults/{id}: 202 while the purge runs, then 200. */
export function operationResult(ctx: Ctx, opId: string): SimResponse {
  return resultResponse(ctx, PURGE_LRO, polledOperation(ctx, KEYVAULT, opId, 'operation result'), { done: empty(200) });
}

export function checkVaultName(ctx: Ctx): SimResponse {
  if (ctx.method !== 'POST') throw methodNotAllowed(ctx.method, 'checkNameAvailability');
  const body = parseBody(VaultCheckNameAvailabilityParameters, ctx.body, 'resources');
  const name = body.name;
  if (nameError(name, VAULT_NAME_RULE)) {
    return json(200, { nameAvailable: false, reason: 'AccountNameInvalid', message: `The vault name '${name}' is invalid. ${VAULT_NAME_RULE.describe}` });
  }
  if (vaultByName(ctx.state, name)) {
    return json(200, { nameAvailable: false, reason: 'AlreadyExists', message: `The vault name '${name}' is already in use.` });
  }
  const deleted = findSoftDeleted(ctx.state, T.vault, name);
  if (deleted) {
    return json(200, {
      nameAvailable: false,
      reason: 'AlreadyExists',
      message:
        `The vault name '${name}' is in use by a soft-deleted vault (deleted ${isoTime(deleted.deletedAt)}, location '${deleted.location}', ` +
        `scheduled purge ${isoTime(deleted.scheduledPurgeAt)}${deleted.purgeProtection ? ', purge protection enabled' : ''}). Recover or purge it to reuse the name.`,
    });
  }
  return json(200, { nameAvailable: true });
}
