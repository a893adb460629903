// privateEndpoints/{pe}/privateDnsZoneGroups: ties an endpoint to private DNS zones. Writing it puts one
// A record per endpoint FQDN into each zone that is the private link zone for that FQDN's public
// suffix (privatelink.blob.core.windows.net <-> blob.core.windows.net, privatelink.vaultcore.azure.net
// <-> vault.azure.net, ...). A zone that is not the right one (privatelink.vault.azure.net for a vault)
// receives nothing and its config renders no recordSets: the misconfiguration is visible.
import { badRequest, methodNotAllowed, notFound, parentResourceNotFound } from '../../errors.js';
import { json } from '../../http.js';
import { operationSeconds } from '../../lro.js';
import { checkName } from '../../names.js';
import { PrivateDnsZoneGroup } from '../../schemas/network.js';
import { parseBody } from '../../schemas/common.js';
import { childrenOf, getRecord, newEtag, putRecord, removeSubtree, type CloudState, type ResourceRecord } from '../../state.js';
import type { ArmResource, SimResponse } from '../../types.js';
import type { Ctx } from '../types.js';
import { T, assertNameMatches, assertNotBusy, checkPreconditions, childId, deleteAccepted, networkNameRule, parseArmId, putAccepted, sameId, startNetworkOperation } from './common.js';
import { recordsOwnedBy, writeOwnedARecord } from './private-dns.js';
import { membersOf } from './private-endpoints.js';
import { recordNameInZone } from './private-link.js';

const GROUP_NAME = networkNameRule(1, 80);
const MAX_ZONES = 5;

interface StoredZoneConfig {
  name: string;
  privateDnsZoneId: string;
}

const configsOf = (g: ResourceRecord): StoredZoneConfig[] => (g.properties.privateDnsZoneConfigs as StoredZoneConfig[] | undefined) ?? [];

/** A zone group's ARM body: the spec's PrivateDnsZoneGroup is name, etag, properties + id, with no `type`. */
export type ZoneGroupBody = Pick<ArmResource, 'id' | 'name'> & Record<string, unknown>;

export function renderZoneGroup(state: CloudState, rec: ResourceRecord): ZoneGroupBody {
  const owned = recordsOwnedBy(state, rec.id);
  return {
    name: rec.name,
    id: rec.id,
    etag: rec.etag,
    properties: {
      provisioningState: rec.provisioningState,
      privateDnsZoneConfigs: configsOf(rec).map((c) => {
        const zone = getRecord(state, c.privateDnsZoneId);
        const records = zone ? owned.filter((r) => sameId(r.parentId, zone.id)) : [];
        return {
          name: c.name,
          properties: {
            privateDnsZoneId: c.privateDnsZoneId,
            recordSets: records.map((r) => ({
              recordType: 'A',
              recordSetName: r.name,
              fqdn: `${r.name}.${zone?.name ?? ''}`,
              ttl: r.properties.ttl,
              ipAddresses: ((r.properties.aRecords as { ipv4Address: string }[] | undefined) ?? []).map((a) => a.ipv4Address),
              provisioningState: rec.provisioningState,
            })),
          },
        };
      }),
    },
  };
}

/** /privateEndpoints/{pe}/privateDnsZoneGroups[/{name}] */
export function handleZoneGroups(ctx: Ctx, pe: ResourceRecord | undefined, peName: string, name: string | undefined): SimResponse {
  if (name === undefined) {
    if (ctx.method !== 'GET') throw methodNotAllowed(ctx.method, 'private DNS zone group collection');
    if (!pe) throw parentResourceNotFound(peName);
    return json(200, { value: childrenOf(ctx.state, pe.id, T.zoneGroup).map((g) => renderZoneGroup(ctx.state, g)) });
  }
  const existing = pe ? getRecord(ctx.state, childId(pe.id, T.zoneGroup, name)) : undefined;
  switch (ctx.method) {
    case 'GET':
      if (!pe) throw parentResourceNotFound(peName);
      if (!existing) throw notFound('NotFound', `Resource ${childId(pe.id, T.zoneGroup, name)} not found.`);
      return json(200, renderZoneGroup(ctx.state, existing));
    case 'PUT':
      if (!pe) throw parentResourceNotFound(peName);
      return putZoneGroup(ctx, pe, name, existing);
    case 'DELETE': {
      if (!pe || !existing) return { status: 204, headers: {} };
      checkPreconditions(ctx, existing);
      assertNotBusy(ctx, pe.id);
      const op = startNetworkOperation(ctx, {
        name: 'DeletePrivateDnsZoneGroupOperation',
        method: 'DELETE',
        subscriptionId: pe.subscriptionId,
        location: pe.location as string,
        targetId: existing.id,
        lockKey: pe.id,
        removes: [existing.id, ...recordsOwnedBy(ctx.state, existing.id).map((r) => r.id)],
        seconds: operationSeconds(ctx.state, ctx.latency, T.zoneGroup, 'delete'),
      });
      existing.provisioningState = 'Deleting';
      existing.operationId = op.id;
      return deleteAccepted(ctx, op);
    }
    default:
      throw methodNotAllowed(ctx.method, 'private DNS zone group');
  }
}

function putZoneGroup(ctx: Ctx, pe: ResourceRecord, name: string, existing: ResourceRecord | undefined): SimResponse {
  checkName(name, GROUP_NAME);
  const body = parseBody(PrivateDnsZoneGroup, ctx.body, 'network');
  assertNameMatches(body.name, name);
  checkPreconditions(ctx, existing);
  assertNotBusy(ctx, pe.id);
  const id = existing?.id ?? childId(pe.id, T.zoneGroup, name);
  const other = childrenOf(ctx.state, pe.id, T.zoneGroup).find((g) => !sameId(g.id, id));
  if (other) {
    throw badRequest('OnlyOnePrivateDnsZoneGroupPermitted', `Private endpoint ${pe.id} already has private DNS zone group '${other.name}'. A private endpoint can have only one private DNS zone group.`);
  }
  const given = body.properties?.privateDnsZoneConfigs ?? [];
  if (given.length === 0) throw badRequest('PrivateDnsZoneConfigsRequired', `Private DNS zone group ${id} must have at least one entry in properties.privateDnsZoneConfigs.`);
  if (given.length > MAX_ZONES) throw badRequest('TooManyPrivateDnsZoneConfigs', `Private DNS zone group ${id} has ${given.length} zone configs; at most ${MAX_ZONES} are allowed.`);
  const zones: ResourceRecord[] = [];
  const configs: StoredZoneConfig[] = given.map((c, i) => {
    const zoneId = c.properties?.privateDnsZoneId;
    if (!zoneId) throw badRequest('MissingPrivateDnsZoneId', `properties.privateDnsZoneConfigs[${i}] of ${id} has no privateDnsZoneId.`);
    if (!parseArmId(zoneId)) throw badRequest('LinkedInvalidPropertyId', `Property id '${zoneId}' at path 'properties.privateDnsZoneConfigs[${i}].properties.privateDnsZoneId' is invalid.`);
    const zone = getRecord(ctx.state, zoneId);
    if (!zone || zone.type !== T.zone || zone.provisioningState === 'Deleting') {
      throw badRequest('PrivateDnsZoneNotFound', `Private DNS zone ${zoneId} referenced by private DNS zone group ${id} was not found.`);
    }
    if (zones.some((z) => z.name.toLowerCase() === zone.name.toLowerCase())) {
      throw badRequest('DuplicatePrivateDnsZoneName', `Private DNS zone group ${id} references two zones named '${zone.name}'.`);
    }
    zones.push(zone);
    const configName = c.name ?? zone.name.replace(/\./g, '-');
    checkName(configName, GROUP_NAME);
    return { name: configName, privateDnsZoneId: zoneId };
  });
  const dupName = configs.find((c, i) => configs.findIndex((x) => x.name.toLowerCase() === c.name.toLowerCase()) !== i);
  if (dupName) throw badRequest('DuplicateResourceName', `Private DNS zone group ${id} has two zone configs named '${dupName.name}'.`);

  const op = startNetworkOperation(ctx, {
    name: 'PutPrivateDnsZoneGroupOperation',
    method: 'PUT',
    subscriptionId: pe.subscriptionId,
    location: pe.location as string,
    targetId: id,
    lockKey: pe.id,
    touched: [id],
    seconds: operationSeconds(ctx.state, ctx.latency, T.zoneGroup, 'create'),
  });
  // Records follow the configs: previous ones this group owns are replaced.
  for (const r of recordsOwnedBy(ctx.state, id)) removeSubtree(ctx.state, r.id);
  for (const zone of zones) {
    const byName = new Map<string, string[]>();
    for (const m of membersOf(pe)) {
      const recordName = recordNameInZone(zone.name, m.fqdn);
      if (recordName !== undefined) byName.set(recordName, [...(byName.get(recordName) ?? []), m.privateIPAddress]);
    }
    for (const [recordName, ips] of byName) writeOwnedARecord(ctx.state, zone, recordName, ips, id, ctx.now);
  }
  const rec: ResourceRecord = {
    id,
    type: T.zoneGroup,
    name: existing?.name ?? name,
    subscriptionId: pe.subscriptionId,
    resourceGroup: pe.resourceGroup,
    parentId: pe.id,
    etag: newEtag(),
    provisioningState: 'Updating',
    operationId: op.id,
    properties: { privateDnsZoneConfigs: configs },
    createdAt: existing?.createdAt ?? ctx.now,
    changedAt: ctx.now,
  };
  putRecord(ctx.state, rec);
  pe.etag = newEtag();
  return putAccepted(ctx, !existing, renderZoneGroup(ctx.state, rec), op);
}
