// Virtual network peerings (child of a VNet). A peering is Initiated until the remote VNet has the reverse
// peering, then both read Connected; deleting one side (or its VNet) leaves the other Disconnected, and it
// stays so until it is deleted and created again. Address spaces of the two VNets must not overlap, nor may
// the local space overlap a VNet already peered with the remote one.
// Source: https://learn.microsoft.com/azure/virtual-network/virtual-network-manage-peering (states, sync,
// "address spaces can't overlap"); Azure/ResourceModules#731, microsoft/AzureTRE#1927 (overlap wording).
import { randomUUID } from 'node:crypto';
import { badRequest } from '../../errors.js';
import { overlaps, parseCidr, type Cidr } from '../../cidr.js';
import { NOT_SIMULATED_EGRESS, VirtualNetworkPeering } from '../../schemas/network-egress.js';
import { parseBody } from '../../schemas/common.js';
import { childrenOf, getRecord, newEtag, putRecord, recordsOfType, type CloudState, type ResourceRecord } from '../../state.js';
import type { ArmResource, SimResponse } from '../../types.js';
import type { Ctx } from '../types.js';
import { assertNotBusy, checkPreconditions, deleteAccepted, handleChild, NETWORK_LRO, networkNameRule, putAccepted, T } from './common.js';
import { assertNameMatches, newRecord } from '../kit/tracked.js';
import { checkName } from '../../names.js';
import { childId } from '../kit/serve.js';
import { same, typeOfId } from '../kit/ids.js';
import { notImplemented, rejectNotSimulated } from '../kit/not-simulated.js';
import { startIn } from '../kit/lro-style.js';
import { startDelete } from '../kit/delete.js';

const PEERING_NAME = networkNameRule(1, 80);

const remoteOf = (peering: ResourceRecord): string => (peering.properties.remoteVirtualNetwork as { id: string }).id;
const spaceOf = (vnet: ResourceRecord | undefined): string[] => ((vnet?.properties.addressSpace as { addressPrefixes?: string[] } | undefined)?.addressPrefixes ?? []);
const cidrs = (texts: string[]): Cidr[] => texts.map((t) => parseCidr(t)).filter((c): c is Cidr => c !== undefined);

/** The remote VNet's peering back to `vnetId`, if any. */
function reverseOf(state: CloudState, vnetId: string, remoteId: string): ResourceRecord | undefined {
  return childrenOf(state, remoteId, T.peering).find((p) => same(remoteOf(p), vnetId));
}

function peeringState(state: CloudState, rec: ResourceRecord): 'Initiated' | 'Connected' | 'Disconnected' {
  if (rec.properties.disconnected === true) return 'Disconnected';
  const remote = getRecord(state, remoteOf(rec));
  if (!remote) return 'Disconnected';
  const back = reverseOf(state, rec.parentId as string, remote.id);
  return back && back.properties.disconnected !== true ? 'Connected' : 'Initiated';
}

export function renderPeering(state: CloudState, rec: ResourceRecord): ArmResource {
  const p = rec.properties;
  const local = rec.parentId ? getRecord(state, rec.parentId) : undefined;
  const remote = getRecord(state, remoteOf(rec));
  const status = peeringState(state, rec);
  const localSpace = { addressPrefixes: spaceOf(local) };
  const remoteSpace = { addressPrefixes: remote ? spaceOf(remote) : ((p.remoteAddressPrefixes as string[] | undefined) ?? []) };
  return {
    name: rec.name,
    id: rec.id,
    etag: rec.etag,
    type: T.peering,
    properties: {
      provisioningState: rec.provisioningState,
      resourceGuid: rec.resourceGuid,
      peeringState: status,
      // Connected peerings whose spaces match read FullyInSync; until the remote side exists it is not in sync (unconfirmed).
      peeringSyncLevel: status === 'Connected' ? 'FullyInSync' : 'RemoteNotInSync',
      remoteVirtualNetwork: { id: remoteOf(rec) },
      allowVirtualNetworkAccess: p.allowVirtualNetworkAccess,
      allowForwardedTraffic: p.allowForwardedTraffic,
      allowGatewayTransit: p.allowGatewayTransit,
      useRemoteGateways: false,
      doNotVerifyRemoteGateways: p.doNotVerifyRemoteGateways,
      peerCompleteVnets: true,
      enableOnlyIPv6Peering: false,
      localAddressSpace: localSpace,
      localVirtualNetworkAddressSpace: localSpace,
      remoteAddressSpace: remoteSpace,
      remoteVirtualNetworkAddressSpace: remoteSpace,
    },
  };
}

/** Deleting a peering (or its VNet) leaves the remote side's peering back Disconnected. */
export function disconnectRemoteSides(state: CloudState, peerings: ResourceRecord[]): void {
  for (const p of peerings) {
    const back = reverseOf(state, p.parentId as string, remoteOf(p));
    if (back) {
      back.properties.disconnected = true;
      back.properties.remoteAddressPrefixes = spaceOf(p.parentId ? getRecord(state, p.parentId) : undefined);
      back.etag = newEtag();
    }
  }
}

/** Peerings of other VNets that point at `vnetId` (the VNet delete disconnects them). */
export function peeringsPointingAt(state: CloudState, vnetId: string): ResourceRecord[] {
  return recordsOfType(state, T.peering).filter((p) => same(remoteOf(p), vnetId));
}

/** /virtualNetworks/{vnet}/virtualNetworkPeerings[/{name}] */
export function handlePeerings(ctx: Ctx, vnet: ResourceRecord | undefined, vnetName: string, name: string | undefined): SimResponse {
  return handleChild(ctx, {
    type: T.peering,
    label: 'virtual network peering',
    parent: vnet,
    parentName: vnetName,
    name,
    render: renderPeering,
    put: (parent, n, existing) => putPeering(ctx, parent, n, existing),
    remove: (parent, existing) => {
      const op = startDelete(ctx, NETWORK_LRO, { name: 'DeleteVirtualNetworkPeeringOperation', target: existing, parent, latencyKey: T.peering });
      disconnectRemoteSides(ctx.state, [existing]);
      parent.etag = newEtag();
      return deleteAccepted(ctx, op);
    },
  });
}

function overlapping(a: string[], b: string[]): string[] {
  const bs = cidrs(b);
  return cidrs(a)
    .filter((x) => bs.some((y) => overlaps(x, y)))
    .map((x) => x.text);
}

function putPeering(ctx: Ctx, vnet: ResourceRecord, name: string, existing: ResourceRecord | undefined): SimResponse {
  checkName(name, PEERING_NAME);
  const body = parseBody(VirtualNetworkPeering, ctx.body, 'network');
  assertNameMatches(body.name, name);
  checkPreconditions(ctx, existing);
  assertNotBusy(ctx, vnet.id);
  const id = existing?.id ?? childId(vnet.id, T.peering, name);
  const p = body.properties ?? {};
  rejectNotSimulated(p, NOT_SIMULATED_EGRESS.VirtualNetworkPeeringPropertiesFormat, 'properties.');
  if (p.useRemoteGateways === true) throw notImplemented('Property \'properties.useRemoteGateways\' = true', 'no virtual network gateways are simulated');

  const remoteId = p.remoteVirtualNetwork?.id;
  if (!remoteId) throw badRequest('RemoteVirtualNetworkRequired', `Virtual network peering ${id} must specify properties.remoteVirtualNetwork.id.`);
  const remote = getRecord(ctx.state, remoteId);
  if (!remote || typeOfId(remoteId)?.toLowerCase() !== T.vnet.toLowerCase() || remote.provisioningState === 'Deleting') {
    throw badRequest(
      'InvalidResourceReference',
      `Resource ${remoteId} referenced by resource ${id} was not found. Please make sure that the referenced resource exists, and that both resources are in the same region.`,
    );
  }
  if (same(remote.id, vnet.id)) throw badRequest('CannotPeerVirtualNetworkWithItself', `Virtual network ${vnet.id} cannot be peered with itself (peering ${id}).`);
  if (existing && !same(remoteOf(existing), remote.id)) {
    throw badRequest('CannotChangeRemoteVirtualNetworkOfPeering', `The remote virtual network of peering ${id} cannot be changed from ${remoteOf(existing)} to ${remote.id}.`);
  }
  const twin = childrenOf(ctx.state, vnet.id, T.peering).find((x) => !same(x.id, id) && same(remoteOf(x), remote.id));
  if (twin) throw badRequest('VirtualNetworkAlreadyPeered', `Virtual network ${vnet.id} is already peered with virtual network ${remote.id} through peering ${twin.id}.`);
  const shared = overlapping(spaceOf(vnet), spaceOf(remote));
  if (shared.length > 0) {
    throw badRequest(
      'VnetAddressSpacesOverlap',
      `Cannot create or update peering ${id}. Virtual networks ${vnet.id} and ${remote.id} cannot be peered because their address spaces overlap. ` +
        `Overlapping address prefixes: ${shared.join(', ')}. For more information please refer to https://aka.ms/VnetPeeringInfo`,
    );
  }
  // The remote VNet's other peers must not overlap the local space (Azure/ResourceModules#731).
  // Peered either way: the remote's own peerings and other VNets' peerings to it (stricter; unconfirmed for the latter).
  const peers = [...childrenOf(ctx.state, remote.id, T.peering).map(remoteOf), ...peeringsPointingAt(ctx.state, remote.id).map((x) => x.parentId as string)];
  for (const thirdId of peers) {
    const third = getRecord(ctx.state, thirdId);
    if (!third || same(third.id, vnet.id)) continue;
    const clash = overlapping(spaceOf(vnet), spaceOf(third));
    if (clash.length > 0) {
      throw badRequest(
        'VnetAddressSpaceOverlapsWithAlreadyPeeredVnet',
        `Cannot create or update peering ${id}. Virtual networks ${vnet.id} and ${remote.id} cannot be peered because address space of the first virtual network overlaps with ` +
          `address space of virtual network ${third.id} already peered with the second virtual network. Overlapping address prefixes: ${clash.join(', ')}. ` +
          'For more information please refer to https://aka.ms/VnetPeeringInfo',
      );
    }
  }

  const op = startIn(ctx, NETWORK_LRO, {
    name: 'PutVirtualNetworkPeeringOperation',
    method: 'PUT',
    subscriptionId: vnet.subscriptionId,
    location: vnet.location as string,
    targetId: id,
    lockKey: vnet.id,
    touched: [id],
    latencyKey: T.peering,
  });
  const rec: ResourceRecord = {
    ...newRecord(ctx, { id, type: T.peering, parent: vnet, name, etag: newEtag(), existing, op }),
    resourceGuid: existing?.resourceGuid ?? randomUUID(),
    properties: {
      remoteVirtualNetwork: { id: remote.id },
      allowVirtualNetworkAccess: p.allowVirtualNetworkAccess ?? true,
      allowForwardedTraffic: p.allowForwardedTraffic ?? false,
      allowGatewayTransit: p.allowGatewayTransit ?? false,
      doNotVerifyRemoteGateways: p.doNotVerifyRemoteGateways ?? false,
      // A Disconnected peering stays so until deleted and created again.
      ...(existing?.properties.disconnected === true ? { disconnected: true, remoteAddressPrefixes: existing.properties.remoteAddressPrefixes } : {}),
    },
  };
  putRecord(ctx.state, rec);
  vnet.etag = newEtag();
  return putAccepted(ctx, !existing, renderPeering(ctx.state, rec), op);
}
