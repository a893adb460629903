// Private DNS (privatedns.json, 2020-06-01 / 2024-06-01): zones (location "global"), virtual network
// links and record sets. Zone and link writes are long-running and polled the way Azure DNS does it:
// 201/200 + Azure-AsyncOperation (.../privateDnsOperationStatuses/{id}) + Location
// (.../privateDnsOperationResults/{id}). Record sets are synchronous. The zone's SOA record is rendered.
import { randomUUID } from 'node:crypto';
import { ArmError, badRequest, conflict, methodNotAllowed, notFound, parentResourceNotFound, resourceNotFound } from '../../errors.js';
import { empty, json } from '../../http.js';
import { checkName } from '../../names.js';
import { parseIp } from '../../cidr.js';
import { PrivateZone, RecordSet, TagsObject, virtualNetworkLinkSchema } from '../../schemas/network.js';
import { parseBody } from '../../schemas/common.js';
import { childrenOf, getRecord, putRecord, recordsOfType, removeSubtree, type CloudState, type OperationRecord, type ResourceRecord } from '../../state.js';
import { validateTags } from '../../tags.js';
import type { ArmResource, SimResponse } from '../../types.js';
import type { Ctx } from '../types.js';
import { assertNotBusy, NETWORK, networkNameRule, T, topLevelId } from './common.js';
import { childId, serveChild, serveTracked } from '../kit/serve.js';
import { parseArmId, same } from '../kit/ids.js';
import { notImplemented, rejectNotSimulated } from '../kit/not-simulated.js';
import { acceptedHeaders, type LroStyle, type OperationUrl, startIn } from '../kit/lro-style.js';
import { startDelete } from '../kit/delete.js';
import { polledOperation, resultResponse, statusResponse } from '../kit/polling.js';
import { newRecord } from '../kit/tracked.js';

const RECORD_TYPES = ['A', 'AAAA', 'CNAME', 'MX', 'PTR', 'SOA', 'SRV', 'TXT'] as const;
const LINK_NAME = networkNameRule(1, 80);

/** Azure DNS etags are bare GUIDs; the LRO core issues W/"guid" when an operation settles. */
const plainEtag = (etag: string | undefined): string | undefined => etag?.replace(/^W\/"(.*)"$/, '$1');

/** Private DNS provisioningState: Creating while the creating operation runs. */
function dnsState(state: CloudState, rec: ResourceRecord): string {
  if (rec.provisioningState !== 'Updating') return rec.provisioningState;
  const op = rec.operationId ? state.operations[rec.operationId] : undefined;
  return op && op.startedAt === rec.createdAt ? 'Creating' : 'Updating';
}

function checkDnsPreconditions(ctx: Ctx, existing: ResourceRecord | undefined): void {
  const ifMatch = ctx.headers['if-match'];
  const ifNoneMatch = ctx.headers['if-none-match'];
  const fail = () => new ArmError(412, 'PreconditionFailed', 'The condition specified using HTTP conditional header(s) is not met.');
  const etag = plainEtag(existing?.etag);
  if (ifMatch !== undefined && ifMatch !== '*' && plainEtag(ifMatch) !== etag) throw fail();
  if (ifMatch === '*' && !existing) throw fail();
  if (ifNoneMatch === '*' && existing) throw fail();
}

/** A private DNS zone name: at least two labels of letters, digits, '-' and '_', 1-63 characters each, 253 in all. */
function checkZoneName(name: string): void {
  const labels = name.split('.');
  const ok =
    name.length <= 253 &&
    labels.length >= 2 &&
    labels.every((l) => l.length >= 1 && l.length <= 63 && /^[A-Za-z0-9_](?:[A-Za-z0-9_-]*[A-Za-z0-9_])?$/.test(l));
  if (!ok) {
    throw badRequest(
      'InvalidResourceName',
      `The zone name '${name}' is not a valid DNS name. A private DNS zone name needs at least two labels separated by '.', each 1-63 characters of letters, digits, '-' or '_', and at most 253 characters in all.`,
    );
  }
}

/** A relative record set name: '@' (apex) or labels, the first of which may be '*'. */
function checkRecordName(name: string, zone: string): void {
  if (name === '@') return;
  const labels = name.split('.');
  const ok =
    `${name}.${zone}`.length <= 253 &&
    labels.every((l, i) => (i === 0 && l === '*') || (l.length >= 1 && l.length <= 63 && /^[A-Za-z0-9_](?:[A-Za-z0-9_-]*[A-Za-z0-9_])?$/.test(l)));
  if (!ok) throw badRequest('InvalidResourceName', `The record set name '${name}' is not a valid relative DNS name in zone '${zone}'.`);
}

function requireGlobal(given: string | undefined, type: string): void {
  if (given === undefined || given === '') throw badRequest('LocationRequired', 'The location property is required for this definition.');
  if (given.toLowerCase() !== 'global') {
    throw badRequest(
      'LocationNotAvailableForResourceType',
      `The provided location '${given}' is not available for resource type '${type}'. List of available regions for the resource type is 'global'.`,
    );
  }
}

/** Azure DNS's operation URLs sit in the resource group of the zone or link they track. */
const dnsOperationUrl =
  (kind: 'Statuses' | 'Results'): OperationUrl =>
  (origin, op, apiVersion) =>
    `${origin}${op.targetId.replace(/\/providers\/.*$/i, '')}/providers/${NETWORK}/privateDnsOperation${kind}/${op.id}?api-version=${encodeURIComponent(apiVersion)}`;

/** Azure DNS answers zone and link writes with both headers and asks pollers to come back after 60 s (PrivateZonePut example). */
const DNS_LRO: LroStyle = { namespace: NETWORK, retryAfter: 60, statusUrl: dnsOperationUrl('Statuses'), resultUrl: dnsOperationUrl('Results') };

const dnsAccepted = (ctx: Ctx, op: OperationRecord) => acceptedHeaders(ctx, DNS_LRO, op, { status: true, result: true });

/** DELETE of a zone or link accepted: a global operation locked on the resource itself, answered 202 with the DNS operation URLs. */
function startDnsDelete(ctx: Ctx, existing: ResourceRecord, name: string): SimResponse {
  return empty(202, dnsAccepted(ctx, startDelete(ctx, DNS_LRO, { name, target: existing, location: 'global' })));
}

// ---- rendering ----

const aRecordsOf = (state: CloudState, zone: ResourceRecord): ResourceRecord[] => childrenOf(state, zone.id, T.aRecord);
const linksOf = (state: CloudState, zone: ResourceRecord): ResourceRecord[] => childrenOf(state, zone.id, T.vnetLink);

export function renderZone(state: CloudState, rec: ResourceRecord): ArmResource {
  const links = linksOf(state, rec);
  return {
    id: rec.id,
    name: rec.name,
    type: T.zone,
    etag: plainEtag(rec.etag),
    location: 'global',
    ...(rec.tags ? { tags: rec.tags } : {}),
    properties: {
      maxNumberOfRecordSets: 25000,
      numberOfRecordSets: 1 + aRecordsOf(state, rec).length,
      maxNumberOfVirtualNetworkLinks: 1000,
      numberOfVirtualNetworkLinks: links.length,
      maxNumberOfVirtualNetworkLinksWithRegistration: 100,
      numberOfVirtualNetworkLinksWithRegistration: links.filter((l) => l.properties.registrationEnabled === true).length,
      provisioningState: dnsState(state, rec),
      internalId: rec.resourceGuid,
    },
  };
}

export function renderLink(state: CloudState, rec: ResourceRecord): ArmResource {
  const p = rec.properties;
  return {
    id: rec.id,
    name: rec.name,
    type: T.vnetLink,
    etag: plainEtag(rec.etag),
    location: 'global',
    ...(rec.tags ? { tags: rec.tags } : {}),
    properties: {
      virtualNetwork: p.virtualNetwork,
      registrationEnabled: p.registrationEnabled ?? false,
      ...(p.resolutionPolicy !== undefined ? { resolutionPolicy: p.resolutionPolicy } : {}),
      virtualNetworkLinkState: rec.provisioningState === 'Succeeded' ? 'Completed' : 'InProgress',
      provisioningState: dnsState(state, rec),
    },
  };
}

const fqdnOf = (name: string, zone: string): string => (name === '@' ? `${zone}.` : `${name}.${zone}.`);

export function renderARecord(state: CloudState, rec: ResourceRecord): ArmResource {
  const zone = rec.parentId ? getRecord(state, rec.parentId) : undefined;
  const p = rec.properties;
  return {
    id: rec.id,
    name: rec.name,
    type: T.aRecord,
    etag: plainEtag(rec.etag),
    properties: {
      ...(p.metadata ? { metadata: p.metadata } : {}),
      ttl: p.ttl,
      fqdn: fqdnOf(rec.name, zone?.name ?? ''),
      isAutoRegistered: false,
      aRecords: p.aRecords,
    },
  };
}

function renderSoa(zone: ResourceRecord): ArmResource {
  return {
    id: `${zone.id}/SOA/@`,
    name: '@',
    type: T.soaRecord,
    etag: plainEtag(zone.etag),
    properties: {
      ttl: 3600,
      fqdn: `${zone.name}.`,
      isAutoRegistered: false,
      soaRecord: {
        host: 'azureprivatedns.net',
        email: 'azureprivatedns-host.microsoft.com',
        serialNumber: 1,
        refreshTime: 3600,
        retryTime: 300,
        expireTime: 2419200,
        minimumTtl: 10,
      },
    },
  };
}

// ---- zones ----

/** /privateDnsZones/{zone} */
export function handleZone(ctx: Ctx, group: ResourceRecord, name: string): SimResponse {
  const existing = getRecord(ctx.state, topLevelId(group, T.zone, name));
  return serveTracked(ctx, {
    type: T.zone,
    label: 'private DNS zone',
    name,
    group,
    existing,
    render: renderZone,
    put: () => putZone(ctx, group, name, existing),
    patch: (zone) => patchTags(ctx, zone, renderZone),
    remove: (zone) => {
      checkDnsPreconditions(ctx, zone);
      assertNotBusy(ctx, zone.id);
      const links = linksOf(ctx.state, zone);
      if (links.length > 0) {
        throw conflict(
          'CannotDeletePrivateDnsZoneWithVirtualNetworkLinks',
          `The private DNS zone '${zone.name}' cannot be deleted because it has ${links.length} virtual network link(s): ${links.map((l) => l.name).join(', ')}. Delete the virtual network links first.`,
        );
      }
      return startDnsDelete(ctx, zone, 'DeletePrivateDnsZoneOperation');
    },
  });
}

/** PATCH of a zone or link: tags only (Azure DNS issues a new etag). */
function patchTags(ctx: Ctx, existing: ResourceRecord, render: (state: CloudState, rec: ResourceRecord) => ArmResource): SimResponse {
  checkDnsPreconditions(ctx, existing);
  const body = parseBody(TagsObject, ctx.body, 'resources');
  validateTags(body.tags);
  assertNotBusy(ctx, existing.id);
  if (body.tags !== undefined) existing.tags = body.tags;
  existing.etag = randomUUID();
  existing.changedAt = ctx.now;
  return json(200, render(ctx.state, existing));
}

function putZone(ctx: Ctx, group: ResourceRecord, name: string, existing: ResourceRecord | undefined): SimResponse {
  checkZoneName(name);
  const body = parseBody(PrivateZone, ctx.body, 'resources');
  requireGlobal(body.location, T.zone);
  validateTags(body.tags);
  checkDnsPreconditions(ctx, existing);
  const id = existing?.id ?? topLevelId(group, T.zone, name);
  assertNotBusy(ctx, id);
  const op = startIn(ctx, DNS_LRO, {
    name: 'PutPrivateDnsZoneOperation',
    method: 'PUT',
    subscriptionId: group.subscriptionId,
    location: 'global',
    targetId: id,
    lockKey: id,
    touched: [id],
    latencyKey: T.zone,
  });
  const rec: ResourceRecord = {
    ...newRecord(ctx, { id, type: T.zone, group, name, location: 'global', tags: body.tags, etag: randomUUID(), existing, op }),
    resourceGuid: existing?.resourceGuid ?? randomUUID(),
    properties: {},
  };
  putRecord(ctx.state, rec);
  return json(existing ? 200 : 201, renderZone(ctx.state, rec), dnsAccepted(ctx, op));
}

// ---- virtual network links ----

/** /privateDnsZones/{zone}/virtualNetworkLinks[/{name}] */
export function handleLinks(ctx: Ctx, group: ResourceRecord, zoneName: string, name: string | undefined): SimResponse {
  return serveChild(ctx, {
    type: T.vnetLink,
    label: 'virtual network link',
    parent: getRecord(ctx.state, topLevelId(group, T.zone, zoneName)),
    parentName: zoneName,
    name,
    render: renderLink,
    missing: (_id, n) => resourceNotFound(T.vnetLink, `${zoneName}/${n}`, group.name),
    put: (zone, n, existing) => putLink(ctx, zone, n, existing),
    patch: (_zone, existing) => patchTags(ctx, existing, renderLink),
    remove: (_zone, existing) => {
      checkDnsPreconditions(ctx, existing);
      assertNotBusy(ctx, existing.id);
      return startDnsDelete(ctx, existing, 'DeleteVirtualNetworkLinkOperation');
    },
  });
}

/** Zone names overlap when equal or one is a parent domain of the other. */
const overlapping = (a: string, b: string): boolean => {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x === y || x.endsWith(`.${y}`) || y.endsWith(`.${x}`);
};

function putLink(ctx: Ctx, zone: ResourceRecord, name: string, existing: ResourceRecord | undefined): SimResponse {
  checkName(name, LINK_NAME);
  const body = parseBody(virtualNetworkLinkSchema(ctx.apiVersion), ctx.body, 'resources');
  requireGlobal(body.location, T.vnetLink);
  validateTags(body.tags);
  checkDnsPreconditions(ctx, existing);
  const id = existing?.id ?? childId(zone.id, T.vnetLink, name);
  assertNotBusy(ctx, zone.id);
  assertNotBusy(ctx, id);
  const p = (body.properties ?? {}) as { virtualNetwork?: { id: string }; registrationEnabled?: boolean; resolutionPolicy?: string };
  const vnetId = p.virtualNetwork?.id;
  if (!vnetId) throw badRequest('MissingVirtualNetwork', `Virtual network link ${id} must reference a virtual network in properties.virtualNetwork.id.`);
  if (!parseArmId(vnetId)) {
    throw badRequest('LinkedInvalidPropertyId', `Property id '${vnetId}' at path 'properties.virtualNetwork.id' is invalid. Expect fully qualified resource Id that start with '/subscriptions/{subscriptionId}' or '/providers/{resourceProviderNamespace}/'.`);
  }
  const vnet = getRecord(ctx.state, vnetId);
  if (!vnet || vnet.type !== T.vnet || vnet.provisioningState === 'Deleting') {
    throw badRequest('VirtualNetworkNotFound', `The virtual network '${vnetId}' referenced by virtual network link ${id} was not found.`);
  }
  if (existing && !same((existing.properties.virtualNetwork as { id: string }).id, vnetId)) {
    throw badRequest('CannotChangeVirtualNetworkOfLink', `The virtual network of link ${existing.id} cannot be changed. Delete the link and create a new one.`);
  }
  const links = recordsOfType(ctx.state, T.vnetLink).filter((l) => !same(l.id, id) && same((l.properties.virtualNetwork as { id: string }).id, vnetId));
  const twin = links.find((l) => same(l.parentId, zone.id));
  if (twin) {
    throw conflict('VirtualNetworkAlreadyLinked', `Virtual network ${vnet.id} is already linked to private DNS zone '${zone.name}' through link '${twin.name}'. A virtual network can be linked to a zone only once.`);
  }
  for (const l of links) {
    const other = l.parentId ? getRecord(ctx.state, l.parentId) : undefined;
    if (other && overlapping(other.name, zone.name)) {
      throw conflict(
        'Conflict',
        `A virtual network cannot be linked to multiple zones with overlapping namespaces. You tried to link virtual network with '${other.name}' (${other.id}) and '${zone.name}' zones.`,
      );
    }
  }
  if (p.registrationEnabled === true) {
    const reg = links.find((l) => l.properties.registrationEnabled === true);
    if (reg) {
      throw conflict(
        'VirtualNetworkAlreadyHasRegistrationZone',
        `Virtual network ${vnet.id} already has auto-registration enabled through link ${reg.id}. A virtual network can have auto-registration enabled on only one private DNS zone.`,
      );
    }
  }
  const op = startIn(ctx, DNS_LRO, {
    name: 'PutVirtualNetworkLinkOperation',
    method: 'PUT',
    subscriptionId: zone.subscriptionId,
    location: 'global',
    targetId: id,
    lockKey: id,
    touched: [id],
    latencyKey: T.vnetLink,
  });
  const rec: ResourceRecord = {
    ...newRecord(ctx, { id, type: T.vnetLink, parent: zone, name, location: 'global', tags: body.tags, etag: randomUUID(), existing, op }),
    properties: {
      virtualNetwork: { id: vnetId },
      registrationEnabled: p.registrationEnabled ?? false,
      ...(p.resolutionPolicy !== undefined ? { resolutionPolicy: p.resolutionPolicy } : {}),
    },
  };
  putRecord(ctx.state, rec);
  return json(existing ? 200 : 201, renderLink(ctx.state, rec), dnsAccepted(ctx, op));
}

// ---- record sets ----

/** /privateDnsZones/{zone}/{type}[/{name}], /ALL, /recordsets */
export function handleRecordSets(ctx: Ctx, group: ResourceRecord, zoneName: string, typeSegment: string, name: string | undefined): SimResponse {
  const zone = getRecord(ctx.state, topLevelId(group, T.zone, zoneName));
  const seg = typeSegment.toLowerCase();
  if (seg === 'all' || seg === 'recordsets') {
    if (name !== undefined) throw notFound('InvalidResourceType', `The resource type 'privateDnsZones/${typeSegment}' has no named resources.`);
    if (ctx.method !== 'GET') throw methodNotAllowed(ctx.method, 'record set collection');
    if (!zone) throw parentResourceNotFound(zoneName);
    return json(200, { value: [renderSoa(zone), ...aRecordsOf(ctx.state, zone).map((r) => renderARecord(ctx.state, r))] });
  }
  const recordType = RECORD_TYPES.find((t) => t.toLowerCase() === seg) as string;
  if (name === undefined) {
    if (ctx.method !== 'GET') throw methodNotAllowed(ctx.method, 'record set collection');
    if (!zone) throw parentResourceNotFound(zoneName);
    const value = recordType === 'A' ? aRecordsOf(ctx.state, zone).map((r) => renderARecord(ctx.state, r)) : recordType === 'SOA' ? [renderSoa(zone)] : [];
    return json(200, { value });
  }
  if (!zone) throw parentResourceNotFound(zoneName);
  const missing = () => notFound('NotFound', `The resource record '${name}' of type '${recordType}' does not exist in private DNS zone '${zone.name}' in resource group '${group.name}'.`);
  if (recordType === 'SOA') {
    if (ctx.method !== 'GET') throw notImplemented('Writing the SOA record set');
    if (name !== '@') throw missing();
    return json(200, renderSoa(zone));
  }
  if (recordType !== 'A') {
    if (ctx.method === 'GET') throw missing();
    if (ctx.method === 'DELETE') return empty(204);
    throw badRequest('SimulatorUnsupportedProperty', `Record sets of type ${recordType} are valid in Azure but not implemented by the ARM simulator (A and SOA are).`);
  }
  const existing = getRecord(ctx.state, childId(zone.id, T.aRecord, name));
  switch (ctx.method) {
    case 'GET':
      if (!existing) throw missing();
      return json(200, renderARecord(ctx.state, existing));
    case 'PUT':
      return putARecord(ctx, zone, name, existing);
    case 'DELETE':
      if (!existing) return empty(204);
      checkDnsPreconditions(ctx, existing);
      if (zone.provisioningState === 'Deleting') assertNotBusy(ctx, zone.id);
      removeSubtree(ctx.state, existing.id);
      return empty(200);
    default:
      throw methodNotAllowed(ctx.method, 'record set');
  }
}

function putARecord(ctx: Ctx, zone: ResourceRecord, name: string, existing: ResourceRecord | undefined): SimResponse {
  checkRecordName(name, zone.name);
  const body = parseBody(RecordSet, ctx.body, 'resources');
  checkDnsPreconditions(ctx, existing);
  if (zone.provisioningState === 'Deleting') assertNotBusy(ctx, zone.id);
  const p = body.properties ?? {};
  rejectNotSimulated(p as Record<string, unknown>, ['aaaaRecords', 'cnameRecord', 'mxRecords', 'ptrRecords', 'soaRecord', 'srvRecords', 'txtRecords'], 'properties.');
  validateTags(p.metadata);
  const ttl = p.ttl ?? 3600;
  if (ttl < 0) throw badRequest('InvalidTtl', `The TTL ${ttl} of record set '${name}' must be between 0 and 2147483647.`);
  const aRecords = (p.aRecords ?? []).map((r, i) => {
    const ip = r.ipv4Address !== undefined ? parseIp(r.ipv4Address) : undefined;
    if (!ip || ip.version !== 4) {
      throw badRequest('InvalidIPv4Address', `The value '${r.ipv4Address ?? ''}' at properties.aRecords[${i}].ipv4Address is not a valid IPv4 address.`);
    }
    return { ipv4Address: r.ipv4Address as string };
  });
  const rec: ResourceRecord = {
    id: existing?.id ?? childId(zone.id, T.aRecord, name),
    type: T.aRecord,
    name: existing?.name ?? name,
    subscriptionId: zone.subscriptionId,
    resourceGroup: zone.resourceGroup,
    parentId: zone.id,
    etag: randomUUID(),
    provisioningState: 'Succeeded',
    properties: {
      ttl,
      aRecords,
      ...(p.metadata ? { metadata: p.metadata } : {}),
      // A record a private endpoint's zone group wrote stays owned by it (removed with the group).
      ...(existing?.properties.ownerId ? { ownerId: existing.properties.ownerId } : {}),
    },
    createdAt: existing?.createdAt ?? ctx.now,
    changedAt: ctx.now,
  };
  putRecord(ctx.state, rec);
  return json(existing ? 200 : 201, renderARecord(ctx.state, rec));
}

/** Writes (or replaces) an A record on behalf of a private endpoint zone group. */
export function writeOwnedARecord(state: CloudState, zone: ResourceRecord, name: string, ips: string[], ownerId: string, now: number): ResourceRecord {
  const id = childId(zone.id, T.aRecord, name);
  const existing = getRecord(state, id);
  const rec: ResourceRecord = {
    id: existing?.id ?? id,
    type: T.aRecord,
    name: existing?.name ?? name,
    subscriptionId: zone.subscriptionId,
    resourceGroup: zone.resourceGroup,
    parentId: zone.id,
    etag: randomUUID(),
    provisioningState: 'Succeeded',
    properties: { ttl: 10, aRecords: ips.map((ipv4Address) => ({ ipv4Address })), ownerId },
    createdAt: existing?.createdAt ?? now,
    changedAt: now,
  };
  putRecord(state, rec);
  return rec;
}

export const recordsOwnedBy = (state: CloudState, ownerId: string): ResourceRecord[] =>
  recordsOfType(state, T.aRecord)
    .filter((r) => same(r.properties.ownerId as string | undefined, ownerId))
    .sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));

// ---- operation polling ----

/** .../privateDnsOperationStatuses/{id} and .../privateDnsOperationResults/{id} */
export function handleDnsOperation(ctx: Ctx, kind: 'statuses' | 'results', opId: string, render: (rec: ResourceRecord) => ArmResource): SimResponse {
  const op = polledOperation(ctx, NETWORK, opId);
  return kind === 'statuses' ? statusResponse(ctx, DNS_LRO, op) : resultResponse(ctx, DNS_LRO, op, { render });
}
