// Shared behaviour of tracked (resource-group scoped, top-level) resources outside Microsoft.Network:
// ids, location, body/URL name agreement, globally unique names, the ARM envelope (sku, kind, identity),
// listings, checkNameAvailability bodies and timestamps.
import { badRequest, methodNotAllowed } from '../errors.js';
import { json } from '../http.js';
import { REGIONS, normalizeRegion } from '../regions.js';
import { key, recordsOfType, type CloudState, type ResourceRecord } from '../state.js';
import type { ArmResource, SimResponse } from '../types.js';
import type { Ctx } from './types.js';

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

/** A tracked record with the envelope fields filled in; providers add properties. */
export function newTrackedRecord(
  ctx: Ctx,
  init: { id: string; type: string; name: string; group: ResourceRecord; location: string; tags?: Record<string, string>; existing?: ResourceRecord },
): ResourceRecord {
  return {
    id: init.id,
    type: init.type,
    name: init.existing?.name ?? init.name,
    subscriptionId: init.group.subscriptionId,
    resourceGroup: init.group.name,
    location: init.location,
    ...(init.tags ? { tags: init.tags } : {}),
    provisioningState: 'Succeeded',
    properties: {},
    createdAt: init.existing?.createdAt ?? ctx.now,
    changedAt: ctx.now,
  };
}
