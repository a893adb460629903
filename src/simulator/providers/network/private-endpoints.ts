// Private endpoints: one connection to a private link target (storage, key vault, Premium registry, ML
// workspace, Azure Monitor private link scope), a Network RP managed NIC ({pe}.nic.{guid}) holding one
// private IP per member (an AMPLS member may carry several FQDNs on its IP) in the endpoint's subnet (so the subnet is in use), customDnsConfigs, and the target-side
// privateEndpointConnections back-reference (private-link.ts). Azure-AsyncOperation LROs.
import { randomUUID } from 'node:crypto';
import { badRequest } from '../../errors.js';
import { checkName } from '../../names.js';
import { PrivateEndpoint } from '../../schemas/network.js';
import { parseBody } from '../../schemas/common.js';
import { childrenOf, getRecord, newEtag, putRecord, type CloudState, type ResourceRecord } from '../../state.js';
import { validateTags } from '../../tags.js';
import type { ArmResource, SimResponse } from '../../types.js';
import type { Ctx } from '../types.js';
import { assertNotBusy, assertProvisioned, checkPreconditions, deleteAccepted, handleTracked, NETWORK_LRO, networkNameRule, putAccepted, resolveReference, T, topLevelId } from './common.js';
import { assertNameMatches, newRecord, resolveLocation } from '../kit/tracked.js';
import { parseArmId, same } from '../kit/ids.js';
import { notImplemented, rejectNotSimulated } from '../kit/not-simulated.js';
import { startIn } from '../kit/lro-style.js';
import { addressesTaken, dynamicAddress, staticAddress, type StoredIpConfig } from './network-interfaces.js';
import { connectionState, connectionsOf, privateLinkMembers, type StoredConnection } from './private-link.js';
import { recordsOwnedBy } from './private-dns.js';
import { startDelete } from '../kit/delete.js';

const PE_NAME = networkNameRule(2, 64);
const CONNECTION_NAME = networkNameRule(1, 80);

/** One member of the endpoint: an FQDN of the target and the private IP that answers for it. */
interface StoredMember {
  groupId: string;
  memberName: string;
  fqdn: string;
  privateIPAddress: string;
  static: boolean;
  ipConfigName: string;
}

export const membersOf = (pe: ResourceRecord): StoredMember[] => (pe.properties.members as StoredMember[] | undefined) ?? [];

/** One member per IP configuration (the first FQDN's entry). */
const uniqueByIpConfig = (members: StoredMember[]): StoredMember[] => members.filter((m, i) => members.findIndex((x) => x.ipConfigName === m.ipConfigName) === i);

function renderConnection(state: CloudState, pe: ResourceRecord, c: StoredConnection) {
  return {
    name: c.name,
    id: `${pe.id}/${c.manual ? 'manualPrivateLinkServiceConnections' : 'privateLinkServiceConnections'}/${c.name}`,
    etag: pe.etag,
    type: 'Microsoft.Network/privateEndpoints/privateLinkServiceConnections',
    properties: {
      provisioningState: pe.provisioningState,
      privateLinkServiceId: c.privateLinkServiceId,
      groupIds: c.groupIds,
      ...(c.requestMessage !== undefined ? { requestMessage: c.requestMessage } : {}),
      privateLinkServiceConnectionState: connectionState(state, c),
    },
  };
}

export function renderPe(state: CloudState, rec: ResourceRecord): ArmResource {
  const p = rec.properties;
  const connections = connectionsOf(rec);
  return {
    name: rec.name,
    id: rec.id,
    etag: rec.etag,
    type: T.pe,
    location: rec.location,
    ...(rec.tags ? { tags: rec.tags } : {}),
    properties: {
      provisioningState: rec.provisioningState,
      privateLinkServiceConnections: connections.filter((c) => !c.manual).map((c) => renderConnection(state, rec, c)),
      manualPrivateLinkServiceConnections: connections.filter((c) => c.manual).map((c) => renderConnection(state, rec, c)),
      subnet: p.subnet,
      networkInterfaces: [{ id: p.nicId }],
      customDnsConfigs: membersOf(rec).map((m) => ({ fqdn: m.fqdn, ipAddresses: [m.privateIPAddress] })),
      applicationSecurityGroups: (p.applicationSecurityGroups as { id: string }[] | undefined) ?? [],
      ipConfigurations: uniqueByIpConfig(membersOf(rec))
        .filter((m) => m.static)
        .map((m) => ({ name: m.ipConfigName, type: 'Microsoft.Network/privateEndpoints/ipConfigurations', properties: { groupId: m.groupId, memberName: m.memberName, privateIPAddress: m.privateIPAddress } })),
      ...(p.customNetworkInterfaceName !== undefined ? { customNetworkInterfaceName: p.customNetworkInterfaceName } : {}),
      ipVersionType: 'IPv4',
    },
  };
}

/** /privateEndpoints/{name} */
export function handlePe(ctx: Ctx, group: ResourceRecord, name: string): SimResponse {
  const existing = getRecord(ctx.state, topLevelId(group, T.pe, name));
  return handleTracked(ctx, {
    type: T.pe,
    label: 'private endpoint',
    name,
    group,
    existing,
    render: renderPe,
    put: () => putPe(ctx, group, name, existing),
    remove: (existing) => {
      const groups = childrenOf(ctx.state, existing.id, T.zoneGroup);
      const records = groups.flatMap((g) => recordsOwnedBy(ctx.state, g.id));
      const nic = getRecord(ctx.state, existing.properties.nicId as string);
      const op = startDelete(ctx, NETWORK_LRO, {
        name: 'DeletePrivateEndpointOperation',
        target: existing,
        removes: [existing.id, ...(nic ? [nic.id] : []), ...records.map((r) => r.id)],
        also: [...(nic ? [nic] : []), ...groups],
      });
      return deleteAccepted(ctx, op);
    },
  });
}

function putPe(ctx: Ctx, group: ResourceRecord, name: string, existing: ResourceRecord | undefined): SimResponse {
  checkName(name, PE_NAME);
  const body = parseBody(PrivateEndpoint, ctx.body, 'network');
  assertNameMatches(body.name, name);
  const location = resolveLocation(body.location, T.pe, existing, group);
  validateTags(body.tags);
  checkPreconditions(ctx, existing);
  const id = existing?.id ?? topLevelId(group, T.pe, name);
  assertNotBusy(ctx, id);
  rejectNotSimulated(body as Record<string, unknown>, ['extendedLocation'], '');
  const p = body.properties ?? {};
  if (p.ipVersionType !== undefined && p.ipVersionType !== 'IPv4') {
    throw notImplemented(`Property 'properties.ipVersionType' = '${p.ipVersionType}'`, 'IPv4 only');
  }

  // Subnet: must exist in the endpoint's region and must not be delegated.
  if (!p.subnet) throw badRequest('SubnetRequiredForPrivateEndpoint', `Private endpoint ${id} must reference a subnet in properties.subnet.id.`);
  const subnet = resolveReference(ctx, p.subnet.id, T.subnet, id, location);
  const delegations = (subnet.properties.delegations as unknown[] | undefined) ?? [];
  if (delegations.length > 0) {
    throw badRequest('PrivateEndpointCreationNotAllowedAsSubnetIsDelegated', `Private endpoint ${id} cannot be created in subnet ${subnet.id} because the subnet is delegated.`);
  }
  if (existing && !same((existing.properties.subnet as { id: string }).id, subnet.id)) {
    throw badRequest('CannotChangeSubnetOfPrivateEndpoint', `The subnet of private endpoint ${id} cannot be changed. Delete the private endpoint and create it again in the new subnet.`);
  }
  for (const asg of p.applicationSecurityGroups ?? []) resolveReference(ctx, asg.id, 'Microsoft.Network/applicationSecurityGroups', id, location);

  // Exactly one connection, automatic or manual.
  const auto = p.privateLinkServiceConnections ?? [];
  const manual = p.manualPrivateLinkServiceConnections ?? [];
  if (auto.length + manual.length === 0) {
    throw badRequest('PrivateEndpointMustHaveConnection', `Private endpoint ${id} must have one entry in privateLinkServiceConnections or manualPrivateLinkServiceConnections.`);
  }
  if (auto.length + manual.length > 1) {
    throw badRequest('OnlyOnePrivateLinkServiceConnectionPermitted', `Private endpoint ${id} has ${auto.length + manual.length} private link service connections; only one is permitted.`);
  }
  const isManual = manual.length === 1;
  const given = isManual ? manual[0] : auto[0];
  const connName = given.name ?? name;
  checkName(connName, CONNECTION_NAME);
  const connId = `${id}/${isManual ? 'manualPrivateLinkServiceConnections' : 'privateLinkServiceConnections'}/${connName}`;
  const cp = given.properties ?? {};
  const targetId = cp.privateLinkServiceId;
  if (!targetId) {
    throw badRequest('MissingParameterOnPrivateLinkServiceConnection', `Private link service connection ${connId} is missing required parameter 'private link service id'.`);
  }
  if (!parseArmId(targetId)) {
    throw badRequest('InvalidPrivateLinkServiceId', `Private link service id '${targetId}' of connection ${connId} is not a valid resource id.`);
  }
  const target = getRecord(ctx.state, targetId);
  if (!target || target.provisioningState === 'Deleting') {
    throw badRequest('PrivateLinkServiceNotFound', `The private link resource ${targetId} referenced by private endpoint ${id} was not found. Make sure the resource exists and the id is correct.`);
  }
  const groupIds = cp.groupIds ?? [];
  if (groupIds.length === 0) {
    throw badRequest('MissingParameterOnPrivateLinkServiceConnection', `Private link service connection ${connId} is missing required parameter 'group Id'.`);
  }
  if (groupIds.length > 1) {
    throw badRequest(
      'OnlyOneGroupIdPermitted',
      `Private link service connection ${connId} has the following group Ids: ${groupIds.join(', ')}. Only one group Id is permitted when connecting to a first-party resource (${target.id}).`,
    );
  }
  if (cp.requestMessage !== undefined && cp.requestMessage.length > 140) {
    throw badRequest('RequestMessageTooLong', `The request message of connection ${connId} exceeds 140 characters.`);
  }
  const members = privateLinkMembers(ctx.state, target, groupIds[0], id);
  assertProvisioned(ctx, target, id);
  const previous = existing ? connectionsOf(existing)[0] : undefined;
  if (previous && (!same(previous.privateLinkServiceId, target.id) || previous.groupIds[0].toLowerCase() !== members[0].groupId.toLowerCase() || previous.manual !== isManual)) {
    throw badRequest('CannotChangePrivateLinkServiceConnection', `The private link service connection of private endpoint ${id} cannot be changed (target, group id or approval mode). Delete the private endpoint and create a new one.`);
  }
  const connection: StoredConnection = {
    name: previous?.name ?? connName,
    manual: isManual,
    privateLinkServiceId: targetId,
    groupIds: [members[0].groupId],
    ...(cp.requestMessage !== undefined ? { requestMessage: cp.requestMessage } : {}),
    targetConnectionName: previous?.targetConnectionName ?? `${name}.${randomUUID()}`,
  };

  // The managed NIC: custom name, else {pe}.nic.{guid}; fixed once created.
  const prevNicId = existing?.properties.nicId as string | undefined;
  if (existing && p.customNetworkInterfaceName !== existing.properties.customNetworkInterfaceName && p.customNetworkInterfaceName !== undefined) {
    throw badRequest('CannotChangeCustomNetworkInterfaceName', `The custom network interface name of private endpoint ${id} cannot be changed.`);
  }
  if (p.customNetworkInterfaceName !== undefined) checkName(p.customNetworkInterfaceName, networkNameRule(1, 80));
  const nicId = prevNicId ?? topLevelId(group, T.nic, p.customNetworkInterfaceName ?? `${name}.nic.${randomUUID()}`);
  const clash = getRecord(ctx.state, nicId);
  if (!existing && clash) throw badRequest('NetworkInterfaceNameAlreadyInUse', `Network interface ${clash.id} already exists; choose another customNetworkInterfaceName for private endpoint ${id}.`);

  // Addresses: static per ipConfigurations entry (matched by member), else kept, else first free.
  const statics = p.ipConfigurations ?? [];
  for (const [i, c] of statics.entries()) {
    const ok = members.some((m) => m.groupId.toLowerCase() === (c.properties?.groupId ?? '').toLowerCase() && m.memberName.toLowerCase() === (c.properties?.memberName ?? '').toLowerCase());
    if (!ok) {
      throw badRequest(
        'InvalidPrivateEndpointIpConfiguration',
        `properties.ipConfigurations[${i}] of private endpoint ${id} names group '${c.properties?.groupId ?? ''}' member '${c.properties?.memberName ?? ''}', which the target does not expose. Members: ${members.map((m) => `${m.groupId}/${m.memberName}`).join(', ')}.`,
      );
    }
  }
  const taken = addressesTaken(ctx.state, subnet.id, nicId);
  const prevMembers = existing ? membersOf(existing) : [];
  const stored: StoredMember[] = [];
  for (const m of members) {
    // A member listed again (another FQDN behind the same IP, AMPLS endpoint compression) shares its address.
    const sibling = stored.find((x) => x.memberName.toLowerCase() === m.memberName.toLowerCase());
    if (sibling) {
      stored.push({ ...m, privateIPAddress: sibling.privateIPAddress, static: sibling.static, ipConfigName: sibling.ipConfigName });
      continue;
    }
    const st = statics.find((c) => (c.properties?.memberName ?? '').toLowerCase() === m.memberName.toLowerCase());
    const prev = prevMembers.find((x) => x.memberName === m.memberName);
    const ipConfigName = st?.name ?? prev?.ipConfigName ?? `privateEndpointIpConfig.${randomUUID()}`;
    const address = st
      ? staticAddress(st.properties?.privateIPAddress, subnet, `${nicId}/ipConfigurations/${ipConfigName}`, taken)
      : prev && !prev.static
        ? prev.privateIPAddress
        : dynamicAddress(subnet, taken);
    taken.set(address, `${nicId}/ipConfigurations/${ipConfigName}`);
    stored.push({ ...m, privateIPAddress: address, static: st !== undefined, ipConfigName });
  }
  const byIp = uniqueByIpConfig(stored);

  const op = startIn(ctx, NETWORK_LRO, {
    name: 'PutPrivateEndpointOperation',
    method: 'PUT',
    subscriptionId: group.subscriptionId,
    location,
    targetId: id,
    lockKey: id,
    touched: [id, nicId],
    latencyKey: T.pe,
  });
  const nicName = nicId.split('/').pop() as string;
  const prevNic = getRecord(ctx.state, nicId);
  const ipConfigurations: StoredIpConfig[] = byIp.map((m, i) => ({
    name: m.ipConfigName,
    subnet: { id: subnet.id },
    privateIPAddress: m.privateIPAddress,
    privateIPAllocationMethod: m.static ? 'Static' : 'Dynamic',
    privateIPAddressVersion: 'IPv4',
    primary: i === 0,
    privateLinkConnectionProperties: { groupId: m.groupId, requiredMemberName: m.memberName, fqdns: stored.filter((x) => x.ipConfigName === m.ipConfigName).map((x) => x.fqdn) },
  }));
  putRecord(ctx.state, {
    ...newRecord(ctx, { id: nicId, type: T.nic, group, name: nicName, location, etag: newEtag(), existing: prevNic, op }),
    resourceGuid: prevNic?.resourceGuid ?? randomUUID(),
    properties: { ipConfigurations, privateEndpoint: { id } },
  });
  const rec: ResourceRecord = {
    ...newRecord(ctx, { id, type: T.pe, group, name, location, tags: body.tags, etag: newEtag(), existing, op }),
    resourceGuid: existing?.resourceGuid ?? randomUUID(),
    properties: {
      subnet: { id: p.subnet.id },
      connections: [connection],
      nicId,
      members: stored,
      ...(p.customNetworkInterfaceName !== undefined ? { customNetworkInterfaceName: p.customNetworkInterfaceName } : {}),
      ...(p.applicationSecurityGroups?.length ? { applicationSecurityGroups: p.applicationSecurityGroups.map((a) => ({ id: a.id })) } : {}),
    },
  };
  putRecord(ctx.state, rec);
  return putAccepted(ctx, !existing, renderPe(ctx.state, rec), op);
}
