// Shared behaviour of tracked (resource-group scoped, top-level) resources: ids, location, body/URL name
// agreement, globally unique names, the ARM envelope (sku, kind, identity), listings, the Creating /
// Updating display of a write in flight, and timestamps.
import { badRequest, methodNotAllowed } from '../../errors.js';
import { json } from '../../http.js';
import { REGIONS, normalizeRegion } from '../../regions.js';
import { key, recordsOfType, type CloudState, type ResourceRecord } from '../../state.js';
import type { ArmResource, SimResponse } from '../../types.js';
import type { Ctx } from '../types.js';

export const trackedId = (group: ResourceRecord, namespace: string, type: string, name: string): string =>
  `${group.id}/providers/${namespace}/${type}/${name}`;

/** Location of a tracked resource: required, a known region, unchangeable. */
export function resolveLocation(given: string | undefined, type: string, existing?: ResourceRecord, group?: ResourceRecord): string {
  if (given === undefined || given === '') throw badRequest('LocationRequired', 'The location property is required for this definition.');
  const location = normalizeRegion(given);
  if (!location) {
    throw badRequest(
      'LocationNotAvailableForResourceType',
      `The provided location '${given}' is not available for resource type '${type}'. List of available regions for the resource type is '${REGIONS.join(',')}'.`,
    );
  }
  if (existing && existing.location !== location) {
    throw badRequest(
      'InvalidResourceLocation',
      `The resource '${existing.name}' already exists in location '${existing.location}' in resource group '${group?.name ?? existing.resourceGroup}'. ` +
        `A resource with the same name cannot be created in location '${location}'. Please select a new resource name.`,
    );
  }
  return location;
}

export function assertNameMatches(bodyName: string | undefined, urlName: string): void {
  if (bodyName !== undefined && bodyName.toLowerCase() !== urlName.toLowerCase()) {
    throw badRequest('ResourceNameMismatch', `The resource name '${bodyName}' in the request body does not match the name '${urlName}' in the request URL.`);
  }
}

/** Another resource of a globally named type (storage, vault, registry) with this name, anywhere in the cloud. */
export function globalNamesake(state: CloudState, type: string, name: string, exceptId?: string): ResourceRecord | undefined {
  return recordsOfType(state, type).find((r) => key(r.name) === key(name) && (exceptId === undefined || key(r.id) !== key(exceptId)));
}

/** The ARM envelope every tracked resource renders: id, name, type, location, tags, and sku/kind/identity when set. */
export function envelope(rec: ResourceRecord): ArmResource {
  return {
    id: rec.id,
    name: rec.name,
    type: rec.type,
    location: rec.location,
    tags: rec.tags ?? {},
    ...(rec.sku ? { sku: rec.sku } : {}),
    ...(rec.kind !== undefined ? { kind: rec.kind } : {}),
    ...(rec.identity ? { identity: rec.identity } : {}),
  };
}

/** GET on a collection of a tracked type, in a resource group or the whole subscription. */
export function listTracked(
  ctx: Ctx,
  type: string,
  sub: string,
  group: ResourceRecord | undefined,
  render: (state: CloudState, rec: ResourceRecord) => ArmResource,
): SimResponse {
  if (ctx.method !== 'GET') throw methodNotAllowed(ctx.method, `${type} collection`);
  const value = recordsOfType(ctx.state, type)
    .filter((r) => r.subscriptionId === sub && (!group || key(r.resourceGroup ?? '') === key(group.name)))
    .sort((a, b) => a.createdAt - b.createdAt)
    .map((r) => render(ctx.state, r));
  return json(200, { value });
}

/** ISO 8601 with 7 fractional digits, as .NET resource providers print times. */
export const isoTime = (ms: number): string => new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$10000Z');

/** Unix seconds (Key Vault attributes). */
export const unixSeconds = (ms: number): number => Math.floor(ms / 1000);

/** Where a record lives: a tracked resource in its resource group, or a child under its parent. */
type RecordHome = { group: ResourceRecord; parent?: undefined } | { parent: ResourceRecord; group?: undefined };

/**
 * The record a write stores: the envelope filled in (the name as first created, creation time kept), and
 * `op` the operation writing it (provisioningState Updating until it settles) or none for a synchronous
 * write (Succeeded). Providers add or override the rest (properties, sku, identity, resourceGuid, ...).
 */
export function newRecord(
  ctx: Ctx,
  init: RecordHome & { id: string; type: string; name: string; existing?: ResourceRecord; location?: string; tags?: Record<string, string>; etag?: string; op?: { id: string }; createdAt?: number },
): ResourceRecord {
  const home = init.parent ?? init.group;
  return {
    id: init.id,
    type: init.type,
    name: init.existing?.name ?? init.name,
    subscriptionId: home.subscriptionId,
    resourceGroup: init.parent ? init.parent.resourceGroup : init.group.name,
    ...(init.parent ? { parentId: init.parent.id } : {}),
    ...(init.location !== undefined ? { location: init.location } : {}),
    ...(init.tags ? { tags: init.tags } : {}),
    ...(init.etag !== undefined ? { etag: init.etag } : {}),
    provisioningState: init.op ? 'Updating' : 'Succeeded',
    ...(init.op ? { operationId: init.op.id } : {}),
    properties: {},
    createdAt: init.createdAt ?? init.existing?.createdAt ?? ctx.now,
    changedAt: ctx.now,
  };
}

/**
 * provisioningState as AKS, Azure ML and their computes print a write in flight: Creating for the first
 * PUT (the record carries `properties.creating` until it settles), Updating for later ones.
 */
export function displayState(rec: ResourceRecord): string {
  if (rec.provisioningState !== 'Updating') return rec.provisioningState;
  return rec.properties.creating === true ? 'Creating' : 'Updating';
}
