// The persisted "cloud": every resource record (top-level and child, keyed by lower-cased id) and every
// long-running operation. Bodies are rendered from records by the owning provider, so derived fields
// (back-references, nested children) can never go stale.
import { randomUUID } from 'node:crypto';

type ProvisioningState = 'Succeeded' | 'Updating' | 'Deleting' | 'Failed';

export interface ResourceRecord {
  /** Canonical id (canonical segment casing; names as created). */
  id: string;
  /** Canonical type, e.g. Microsoft.Network/virtualNetworks/subnets. */
  type: string;
  name: string;
  subscriptionId: string;
  /** Canonical resource group name (as created); absent for subscription-level resources. */
  resourceGroup?: string;
  /** Canonical id of the parent resource, for child types. */
  parentId?: string;
  location?: string;
  tags?: Record<string, string>;
  managedBy?: string;
  etag?: string;
  resourceGuid?: string;
  provisioningState: ProvisioningState;
  /** The in-flight operation driving provisioningState, if any. */
  operationId?: string;
  /** Top-level ARM envelope members some types carry (storage/registry/vault/workspace). */
  sku?: Record<string, unknown>;
  kind?: string;
  /** As rendered: type, principalId/tenantId (system-assigned), userAssignedIdentities with principalId/clientId. */
  identity?: Record<string, unknown>;
  /** Soft-deleting types: removing the record (DELETE or resource-group cascade) moves it into `softDeleted`. */
  softDelete?: SoftDeletePolicy;
  /** Type-specific user-settable properties, normalised. */
  properties: Record<string, unknown>;
  createdAt: number;
  changedAt: number;
}

type OperationStatus = 'InProgress' | 'Succeeded' | 'Failed' | 'Canceled';

export interface OperationRecord {
  id: string;
  namespace: string;
  /** Network RP style name, e.g. PutVirtualNetworkOperation (shown in 429 messages). */
  name: string;
  method: 'PUT' | 'DELETE';
  subscriptionId: string;
  location: string;
  /** Canonical id of the resource the request addressed. */
  targetId: string;
  /** Lower-cased id of the resource whose writes this operation serialises (one change at a time). */
  lockKey?: string;
  /** Lower-cased ids whose provisioningState becomes Succeeded when the operation ends. */
  touched: string[];
  /** Lower-cased ids removed (with their subtrees) when the operation ends. */
  removes: string[];
  startedAt: number;
  endsAt: number;
  status: OperationStatus;
  error?: { code: string; message: string };
}

/** A soft-deleted resource (key vault, ML workspace): keeps its name reserved until purged. */
export interface SoftDeletedRecord {
  /** The deleted resource's canonical id. */
  id: string;
  type: string;
  name: string;
  location: string;
  deletedAt: number;
  scheduledPurgeAt: number;
  purgeProtection: boolean;
  /** The record as it was, for recovery. */
  record: ResourceRecord;
  /** Nested records kept with it (a vault's keys); role assignments are not kept, as in Azure. */
  children?: ResourceRecord[];
  /** Set while a purge operation runs: the entry disappears at this time. */
  purgeAt?: number;
}

/** How a soft-deleting type (key vault, ML workspace) is retained when deleted, set by its provider on the record. */
interface SoftDeletePolicy {
  retentionDays: number;
  purgeProtection: boolean;
}

/** A service principal known to the directory, with when it was created (replication delay). */
interface PrincipalRecord {
  objectId: string;
  type: 'ServicePrincipal' | 'User' | 'Group';
  createdAt: number;
  /** The managed identity resource (or system-assigned owner resource) it belongs to, if any. */
  ownerId?: string;
  /** Set when its owner was deleted: the directory no longer knows it. */
  deletedAt?: number;
}

export interface CloudState {
  version: 1;
  /** The simulated tenant's id: a random GUID fixed at the directory's first request (see tenantIdOf). */
  tenantId?: string;
  /** Resource provider registration per subscription: lower-cased sub -> lower-cased namespace -> state (absent = Registered). */
  registrations?: Record<string, Record<string, 'Registered' | 'NotRegistered'>>;
  /** Soft-deleted resources keyed by lower-cased `<type>/<location>/<name>` (names are global per type). */
  softDeleted?: Record<string, SoftDeletedRecord>;
  /** Directory objects the simulated tenant knows (managed identities' principals, seeded users). */
  principals?: Record<string, PrincipalRecord>;
  /** Users and groups by object id (directory.ts), seeded on first use. */
  directory?: import('./directory.js').Directory;
  /** Counter feeding the seeded latency sampler, so separate processes continue one sequence. */
  seq: number;
  /** ARM token buckets (throttle.ts), keyed `<lower-cased sub>/<reads|writes|deletes>`: tokens left at `at` (clock ms). */
  throttle?: Record<string, { tokens: number; at: number }>;
  /** Requests drawn so far by fault injection (faults.ts), so separate processes continue one sequence. */
  faultSeq?: number;
  resources: Record<string, ResourceRecord>;
  operations: Record<string, OperationRecord>;
}

export const emptyState = (): CloudState => ({ version: 1, seq: 0, resources: {}, operations: {} });

export const key = (id: string): string => id.toLowerCase();

export const newEtag = (): string => `W/"${randomUUID()}"`;

export function getRecord(state: CloudState, id: string): ResourceRecord | undefined {
  return state.resources[key(id)];
}

export function putRecord(state: CloudState, rec: ResourceRecord): void {
  state.resources[key(rec.id)] = rec;
}

/**
 * Removes a record and everything nested under it (children, or a resource group's contents). Records with a
 * soft-delete policy are moved into `softDeleted` (with their nested records, minus role assignments), and
 * the directory principals owned by removed records (system-assigned identities, user-assigned identities)
 * are marked deleted. `at` is when the removal happened (an operation's end time); default: the record's changedAt.
 */
export function removeSubtree(state: CloudState, id: string, at?: number): void {
  const k = key(id);
  const removed = Object.keys(state.resources).filter((other) => other === k || other.startsWith(`${k}/`));
  for (const rk of removed) {
    const rec = state.resources[rk];
    if (rec?.softDelete) {
      const nested = removed.filter((o) => o.startsWith(`${rk}/`)).map((o) => state.resources[o]);
      softDeleteRecord(state, rec, at ?? rec.changedAt, nested);
    }
  }
  const owners = new Set(removed);
  const when = at ?? state.resources[k]?.changedAt ?? 0;
  for (const p of Object.values(state.principals ?? {})) {
    if (p.ownerId !== undefined && p.deletedAt === undefined && owners.has(key(p.ownerId))) p.deletedAt = when;
  }
  for (const rk of removed) delete state.resources[rk];
}

// --- tenant and resource provider registration -------------------------------------------------

/** The simulated tenant id: stable for the simulator directory (created once, persisted in cloud.json). */
export function tenantIdOf(state: CloudState): string {
  state.tenantId ??= randomUUID();
  return state.tenantId;
}

export function registrationState(state: CloudState, sub: string, namespace: string): 'Registered' | 'NotRegistered' {
  return state.registrations?.[key(sub)]?.[key(namespace)] ?? 'Registered';
}

export function setRegistration(state: CloudState, sub: string, namespace: string, value: 'Registered' | 'NotRegistered'): void {
  state.registrations ??= {};
  const forSub = (state.registrations[key(sub)] ??= {});
  if (value === 'Registered') delete forSub[key(namespace)];
  else forSub[key(namespace)] = value;
}

// --- directory principals ----------------------------------------------------------------------

/**
 * Registers a directory object created at `at` (a user-assigned identity, or a resource's system-assigned
 * identity: ownerId = the resource id). Role assignments without principalType fail with PrincipalNotFound
 * until the replication delay has passed (providers/authorization). Returns the record.
 */
export function registerPrincipal(
  state: CloudState,
  objectId: string,
  at: number,
  ownerId?: string,
  type: PrincipalRecord['type'] = 'ServicePrincipal',
): PrincipalRecord {
  state.principals ??= {};
  const rec: PrincipalRecord = { objectId, type, createdAt: at, ...(ownerId ? { ownerId } : {}) };
  state.principals[key(objectId)] = rec;
  return rec;
}

/** Marks a principal deleted (its owner lost the identity); role assignments to it then fail without principalType. */
export function deletePrincipal(state: CloudState, objectId: string, at: number): void {
  const p = state.principals?.[key(objectId)];
  if (p && p.deletedAt === undefined) p.deletedAt = at;
}

export function findPrincipal(state: CloudState, objectId: string): PrincipalRecord | undefined {
  return state.principals?.[key(objectId)];
}

// --- soft delete -------------------------------------------------------------------------------

const DAY_MS = 24 * 3600 * 1000;

const softDeletedKey = (type: string, location: string, name: string): string => `${type}/${location}/${name}`.toLowerCase();

/** A soft-deleted namesake of any location (names of soft-deleting types are global per type). */
export function findSoftDeleted(state: CloudState, type: string, name: string, location?: string): SoftDeletedRecord | undefined {
  return Object.values(state.softDeleted ?? {}).find(
    (e) => key(e.type) === key(type) && key(e.name) === key(name) && (location === undefined || key(e.location) === key(location)),
  );
}

/**
 * Moves a record (and the given nested records, minus role assignments) into `softDeleted` for its
 * policy's retention. Does not remove anything from `resources`: removeSubtree does (and calls this).
 */
function softDeleteRecord(state: CloudState, rec: ResourceRecord, at: number, nested: ResourceRecord[] = []): SoftDeletedRecord {
  const policy = rec.softDelete ?? { retentionDays: 90, purgeProtection: false };
  const children = nested.filter((c) => !c.type.toLowerCase().startsWith('microsoft.authorization/'));
  const entry: SoftDeletedRecord = {
    id: rec.id,
    type: rec.type,
    name: rec.name,
    location: rec.location ?? 'global',
    deletedAt: at,
    scheduledPurgeAt: at + policy.retentionDays * DAY_MS,
    purgeProtection: policy.purgeProtection,
    record: JSON.parse(JSON.stringify(rec)) as ResourceRecord,
    ...(children.length > 0 ? { children: JSON.parse(JSON.stringify(children)) as ResourceRecord[] } : {}),
  };
  state.softDeleted ??= {};
  state.softDeleted[softDeletedKey(rec.type, entry.location, rec.name)] = entry;
  return entry;
}

/** Removes a soft-deleted entry (purged, or recovered). */
export function dropSoftDeleted(state: CloudState, entry: SoftDeletedRecord): void {
  if (state.softDeleted) delete state.softDeleted[softDeletedKey(entry.type, entry.location, entry.name)];
}

/** Entries whose retention ended, or whose purge finished, by `now` disappear (Azure purges them). */
export function purgeExpiredSoftDeleted(state: CloudState, now: number): void {
  for (const [k, e] of Object.entries(state.softDeleted ?? {})) {
    if (e.scheduledPurgeAt <= now || (e.purgeAt !== undefined && e.purgeAt <= now)) delete state.softDeleted?.[k];
  }
}

/** Direct children of a parent of the given child type, in creation order. */
export function childrenOf(state: CloudState, parentId: string, type: string): ResourceRecord[] {
  const p = key(parentId);
  const t = type.toLowerCase();
  return Object.values(state.resources)
    .filter((r) => r.parentId !== undefined && key(r.parentId) === p && r.type.toLowerCase() === t)
    .sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
}

export function recordsOfType(state: CloudState, type: string): ResourceRecord[] {
  const t = type.toLowerCase();
  return Object.values(state.resources).filter((r) => r.type.toLowerCase() === t);
}

/** Everything inside a resource group (excluding the group itself). */
export function recordsInGroup(state: CloudState, groupId: string): ResourceRecord[] {
  const prefix = `${key(groupId)}/`;
  return Object.values(state.resources).filter((r) => key(r.id).startsWith(prefix));
}
