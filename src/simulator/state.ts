// The persisted "cloud": every resource record (top-level and child, keyed by lower-cased id) and every
// long-running operation. Bodies are rendered from records by the owning provider, so derived fields
// (back-references, nested children) can never go stale.
import { randomUUID } from 'node:crypto';

export type ProvisioningState = 'Succeeded' | 'Updating' | 'Deleting' | 'Failed';

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
  /** Type-specific user-settable properties, normalised. */
  properties: Record<string, unknown>;
  createdAt: number;
  changedAt: number;
}

export type OperationStatus = 'InProgress' | 'Succeeded' | 'Failed' | 'Canceled';

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
}

/** A service principal known to the directory, with when it was created (replication delay). */
export interface PrincipalRecord {
  objectId: string;
  type: 'ServicePrincipal' | 'User' | 'Group';
  createdAt: number;
  /** The managed identity resource that owns it, if any. */
  ownerId?: string;
}

export interface CloudState {
  version: 1;
  /** Soft-deleted resources keyed by lower-cased `<type>/<location>/<name>` (names are global per type). */
  softDeleted?: Record<string, SoftDeletedRecord>;
  /** Directory objects the simulated tenant knows (managed identities' principals, seeded users). */
  principals?: Record<string, PrincipalRecord>;
  /** Counter feeding the seeded latency sampler, so separate processes continue one sequence. */
  seq: number;
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

/** Removes a record and everything nested under it (children, or a resource group's contents). */
export function removeSubtree(state: CloudState, id: string): void {
  const k = key(id);
  for (const other of Object.keys(state.resources)) {
    if (other === k || other.startsWith(`${k}/`)) delete state.resources[other];
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
