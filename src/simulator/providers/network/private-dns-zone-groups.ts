// privateEndpoints/{pe}/privateDnsZoneGroups: ties an endpoint to private DNS zones. Writing it puts one
// A record per endpoint FQDN into each zone that is the private link zone for that FQDN's public
// suffix (privatelink.blob.core.windows.net <-> blob.core.windows.net, privatelink.vaultcore.azure.net
// <-> vault.azure.net, ...). A zone that is not the right one (privatelink.vault.azure.net for a vault)
// receives nothing and its config renders no recordSets: the misconfiguration is visible.
import { badRequest } from '../../errors.js';
import { checkName } from '../../names.js';
import { PrivateDnsZoneGroup } from '../../schemas/network.js';
import { parseBody } from '../../schemas/common.js';
import { childrenOf, getRecord, newEtag, putRecord, removeSubtree, type CloudState, type ResourceRecord } from '../../state.js';
import type { ArmResource, SimResponse } from '../../types.js';
import type { Ctx } from '../types.js';
import { assertNotBusy, checkPreconditions, deleteAccepted, handleChild, NETWORK_LRO, networkNameRule, putAccepted, T } from './common.js';
import { assertNameMatches, newRecord } from '../kit/tracked.js';
import { childId } from '../kit/serve.js';
import { parseArmId, same } from '../kit/ids.js';
import { startIn } from '../kit/lro-style.js';
import { recordsOwnedBy, writeOwnedARecord } from './private-dns.js';
import { membersOf } from './private-endpoints.js';
import { recordNameInZone } from './private-link.js';
import { startDelete } from '../kit/delete.js';

const GROUP_NAME = networkNameRule(1, 80);
const MAX_ZONES = 5;

interface StoredZoneConfig {
  name: string;
  privateDnsZoneId: string;
}

const configsOf = (g: ResourceRecord): StoredZoneConfig[] => (g.properties.privateDnsZoneConfigs as StoredZoneConfig[] | undefined) ?? [];

/** A zone group's ARM body: the spec's PrivateDnsZoneGroup is name, etag, properties + id, with no `type`. */
type ZoneGroupBody = Pick<ArmResource, 'id' | 'name'> & Record<string, unknown>;

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
        const records = zone ? owned.filter((r) => same(r.parentId, zone.id)) : [];
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
  return handleChild(ctx, {
    type: T.zoneGroup,
    label: 'private DNS zone group',
    parent: pe,
    parentName: peName,
    name,
    render: renderZoneGroup,
    put: (parent, n, existing) => putZoneGroup(ctx, parent, n, existing),
    remove: (parent, existing) => {
      const removes = [existing.id, ...recordsOwnedBy(ctx.state, existing.id).map((r) => r.id)];
      return deleteAccepted(ctx, startDelete(ctx, NETWORK_LRO, { name: 'DeletePrivateDnsZoneGroupOperation', target: existing, parent, removes }));
    },
  });
}

function putZoneGroup(ctx: Ctx, pe: ResourceRecord, name: string, existing: ResourceRecord | undefined): SimResponse {
  checkName(name, GROUP_NAME);
  const body = parseBody(PrivateDnsZoneGroup, ctx.body, 'network');
  assertNameMatches(body.name, name);
  checkPreconditions(ctx, existing);
  assertNotBusy(ctx, pe.id);
  const id = existing?.id ?? childId(pe.id, T.zoneGroup, name);
  const other = childrenOf(ctx.state, pe.id, T.zoneGroup).find((g) => !same(g.id, id));
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

  const op = startIn(ctx, NETWORK_LRO, {
    name: 'PutPrivateDnsZoneGroupOperation',
    method: 'PUT',
    subscriptionId: pe.subscriptionId,
    location: pe.location as string,
    targetId: id,
    lockKey: pe.id,
    touched: [id],
    latencyKey: T.zoneGroup,
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
    ...newRecord(ctx, { id, type: T.zoneGroup, parent: pe, name, etag: newEtag(), existing, op }),
    properties: { privateDnsZoneConfigs: configs },
  };
  putRecord(ctx.state, rec);
  pe.etag = newEtag();
  return putAccepted(ctx, !existing, renderZoneGroup(ctx.state, rec), op);
}
