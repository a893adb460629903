// Virtual networks. A VNet PUT carries the whole subnet list and replaces it, as in Azure: subnets it
// omits are deleted unless something uses them. Subnets are stored as child records (see subnets.ts).
import { randomUUID } from 'node:crypto';
import { badRequest } from '../../errors.js';
import { NAME_RULES, checkName } from '../../names.js';
import { hasHostBits, networkAddress, overlaps, parseCidr, parseIp, type Cidr } from '../../cidr.js';
import { NOT_SIMULATED, VirtualNetwork } from '../../schemas/network.js';
import { parseBody } from '../../schemas/common.js';
import { childrenOf, newEtag, putRecord, removeSubtree, type CloudState, type ResourceRecord } from '../../state.js';
import { validateTags } from '../../tags.js';
import type { ArmResource, SimResponse } from '../../types.js';
import type { Ctx } from '../types.js';
import { assertNotBusy, checkPreconditions, deleteAccepted, handleTracked, NETWORK_LRO, putAccepted, resolveReference, T, topLevelId } from './common.js';
import { assertNameMatches, newRecord, resolveLocation } from '../kit/tracked.js';
import { rejectNotSimulated } from '../kit/not-simulated.js';
import { same } from '../kit/ids.js';
import { startIn } from '../kit/lro-style.js';
import { ipConfigurationsIn } from './network-interfaces.js';
import { assertNoOverlaps, inUseError, normalizeSubnet, renderSubnet, subnetPrefixes, writeSubnet, type NormalizedSubnet } from './subnets.js';
import { startDelete } from '../kit/delete.js';
import { disconnectRemoteSides, peeringsPointingAt, renderPeering } from './peerings.js';
import { getRecord } from '../../state.js';

export function renderVnet(state: CloudState, rec: ResourceRecord): ArmResource {
  const p = rec.properties;
  return {
    name: rec.name,
    id: rec.id,
    etag: rec.etag,
    type: T.vnet,
    location: rec.location,
    ...(rec.tags ? { tags: rec.tags } : {}),
    properties: {
      provisioningState: rec.provisioningState,
      resourceGuid: rec.resourceGuid,
      addressSpace: p.addressSpace,
      ...(p.dhcpOptions ? { dhcpOptions: p.dhcpOptions } : {}),
      ...(p.flowTimeoutInMinutes !== undefined ? { flowTimeoutInMinutes: p.flowTimeoutInMinutes } : {}),
      subnets: childrenOf(state, rec.id, T.subnet).map((s) => renderSubnet(state, s)),
      virtualNetworkPeerings: childrenOf(state, rec.id, T.peering).map((x) => renderPeering(state, x)),
      enableDdosProtection: p.enableDdosProtection ?? false,
      ...(p.enableVmProtection !== undefined ? { enableVmProtection: p.enableVmProtection } : {}),
      ...(p.ddosProtectionPlan ? { ddosProtectionPlan: p.ddosProtectionPlan } : {}),
      ...(p.bgpCommunities ? { bgpCommunities: p.bgpCommunities } : {}),
      ...(p.encryption ? { encryption: p.encryption } : {}),
      ...(p.ipAllocations ? { ipAllocations: p.ipAllocations } : {}),
      privateEndpointVNetPolicies: p.privateEndpointVNetPolicies ?? 'Disabled',
    },
  };
}

export function handleVnet(ctx: Ctx, group: ResourceRecord, name: string, existing: ResourceRecord | undefined): SimResponse {
  return handleTracked(ctx, {
    type: T.vnet,
    label: 'virtual network',
    name,
    group,
    existing,
    render: renderVnet,
    put: () => putVnet(ctx, group, name, existing),
    remove: (existing) => {
      const subnets = childrenOf(ctx.state, existing.id, T.subnet);
      for (const s of subnets) {
        const users = ipConfigurationsIn(ctx.state, s.id);
        if (users.length > 0) throw inUseError(s, users);
      }
      // Azure deletes a VNet's peerings with it; the remote VNets' peerings back become Disconnected
      // (https://learn.microsoft.com/azure/virtual-network/virtual-network-manage-peering).
      const peerings = childrenOf(ctx.state, existing.id, T.peering);
      const op = startDelete(ctx, NETWORK_LRO, { name: 'DeleteVirtualNetworkOperation', target: existing, also: [...subnets, ...peerings] });
      disconnectRemoteSides(ctx.state, peerings);
      for (const back of peeringsPointingAt(ctx.state, existing.id)) back.properties.disconnected = true;
      return deleteAccepted(ctx, op);
    },
  });
}

function addressSpace(id: string, texts: string[]): Cidr[] {
  if (texts.length === 0) {
    throw badRequest('InvalidAddressSpace', `Virtual network ${id} must have at least one address prefix in properties.addressSpace.addressPrefixes.`);
  }
  const prefixes = texts.map((t) => {
    const c = parseCidr(t);
    if (!c) {
      throw badRequest('InvalidAddressPrefixFormat', `Address prefix ${t} of resource ${id} is not formatted correctly. It should follow CIDR notation, for example 10.0.0.0/24.`);
    }
    if (hasHostBits(c)) {
      throw badRequest(
        'InvalidCIDRNotation',
        `The address prefix ${t} in resource ${id} has an invalid CIDR notation. For the given prefix length, the address prefix should be ${networkAddress(c)}.`,
      );
    }
    return c;
  });
  prefixes.forEach((a, i) =>
    prefixes.slice(0, i).forEach((b) => {
      if (overlaps(a, b)) throw badRequest('VnetAddressSpacesOverlap', `Address prefixes ${b.text} and ${a.text} of virtual network ${id} overlap.`);
    }),
  );
  return prefixes;
}

function putVnet(ctx: Ctx, group: ResourceRecord, name: string, existing: ResourceRecord | undefined): SimResponse {
  checkName(name, NAME_RULES.virtualNetwork);
  const body = parseBody(VirtualNetwork, ctx.body, 'network');
  assertNameMatches(body.name, name);
  const location = resolveLocation(body.location, T.vnet, existing, group);
  validateTags(body.tags);
  checkPreconditions(ctx, existing);
  const id = existing?.id ?? topLevelId(group, T.vnet, name);
  assertNotBusy(ctx, id);
  rejectNotSimulated(body as Record<string, unknown>, NOT_SIMULATED.VirtualNetwork, '');
  const p = body.properties ?? {};
  // Peerings are their own child resource: a VNet PUT may echo the existing ones (kept as they are) but not add any.
  const knownPeerings = existing ? childrenOf(ctx.state, existing.id, T.peering) : [];
  for (const echoed of (p.virtualNetworkPeerings ?? []) as { name?: string }[]) {
    if (!knownPeerings.some((k) => k.name.toLowerCase() === (echoed?.name ?? '').toLowerCase())) {
      rejectNotSimulated({ virtualNetworkPeerings: [echoed] }, ['virtualNetworkPeerings'], 'properties.');
    }
  }
  rejectNotSimulated(p.addressSpace, NOT_SIMULATED.AddressSpace, 'properties.addressSpace.');

  const texts = p.addressSpace?.addressPrefixes ?? [];
  const prefixes = addressSpace(id, texts);
  for (const dns of p.dhcpOptions?.dnsServers ?? []) {
    if (!parseIp(dns)) throw badRequest('InvalidDnsServerAddress', `DNS server address ${dns} of virtual network ${id} is not a valid IP address.`);
  }
  if (p.flowTimeoutInMinutes !== undefined && (p.flowTimeoutInMinutes < 4 || p.flowTimeoutInMinutes > 30)) {
    throw badRequest('InvalidFlowTimeoutInMinutes', `FlowTimeoutInMinutes ${p.flowTimeoutInMinutes} of virtual network ${id} must be between 4 and 30.`);
  }
  // The address space must stay clear of every peered VNet's (virtual-network-manage-peering).
  for (const peering of knownPeerings) {
    const remoteId = (peering.properties.remoteVirtualNetwork as { id: string }).id;
    const remote = getRecord(ctx.state, remoteId);
    const theirs = ((remote?.properties.addressSpace as { addressPrefixes?: string[] } | undefined)?.addressPrefixes ?? []).map((t) => parseCidr(t)).filter((c): c is Cidr => !!c);
    const clash = prefixes.filter((a) => theirs.some((b) => overlaps(a, b)));
    if (clash.length > 0) {
      throw badRequest(
        'VnetAddressSpacesOverlap',
        `Cannot update virtual network ${id}: its address prefixes ${clash.map((c) => c.text).join(', ')} overlap the address space of peered virtual network ${remoteId}.`,
      );
    }
  }
  if (p.ddosProtectionPlan) resolveReference(ctx, p.ddosProtectionPlan.id, 'Microsoft.Network/ddosProtectionPlans', id, location);
  for (const a of p.ipAllocations ?? []) resolveReference(ctx, a.id, 'Microsoft.Network/IpAllocations', id, location);

  const shape = { id, name: existing?.name ?? name, location, prefixes };
  const previous = existing ? childrenOf(ctx.state, id, T.subnet) : [];
  const subnets: NormalizedSubnet[] = (p.subnets ?? []).map((s, i) => {
    const prior = previous.find((x) => x.name.toLowerCase() === (s.name ?? '').toLowerCase());
    return normalizeSubnet(ctx, shape, prior?.name ?? s.name, s.properties, `properties.subnets[${i}].`);
  });
  const dup = subnets.find((s, i) => subnets.findIndex((x) => x.name.toLowerCase() === s.name.toLowerCase()) !== i);
  if (dup) throw badRequest('DuplicateResourceName', `Resource ${id} has two child resources with the same name (${dup.name}).`);
  assertNoOverlaps(shape.name, subnets);

  // The list replaces the VNet's subnets: omitted ones are deleted, unless in use.
  const removed = previous.filter((old) => !subnets.some((s) => same(s.id, old.id)));
  for (const old of removed) {
    const users = ipConfigurationsIn(ctx.state, old.id);
    if (users.length > 0) throw inUseError(old, users);
  }
  for (const old of previous) {
    const next = subnets.find((s) => same(s.id, old.id));
    if (!next || ipConfigurationsIn(ctx.state, old.id).length === 0) continue;
    const before = subnetPrefixes(old).map((c) => c.text).sort().join(',');
    if (before !== next.prefixes.map((c) => c.text).sort().join(',')) {
      throw badRequest('InUseSubnetCannotBeUpdated', `Subnet ${old.name} is in use and its address prefix cannot be updated.`);
    }
  }

  const op = startIn(ctx, NETWORK_LRO, {
    name: 'PutVirtualNetworkOperation',
    method: 'PUT',
    subscriptionId: group.subscriptionId,
    location,
    targetId: id,
    lockKey: id,
    touched: [id, ...subnets.map((s) => s.id)],
    latencyKey: T.vnet,
  });
  for (const old of removed) removeSubtree(ctx.state, old.id);
  const etag = newEtag();
  const props: Record<string, unknown> = { addressSpace: { addressPrefixes: texts } };
  for (const k of ['dhcpOptions', 'flowTimeoutInMinutes', 'enableDdosProtection', 'enableVmProtection', 'ddosProtectionPlan', 'bgpCommunities', 'encryption', 'ipAllocations', 'privateEndpointVNetPolicies'] as const) {
    if (p[k] !== undefined) props[k] = p[k];
  }
  const rec: ResourceRecord = {
    ...newRecord(ctx, { id, type: T.vnet, group, name: shape.name, location, tags: body.tags, etag, existing, op }),
    resourceGuid: existing?.resourceGuid ?? randomUUID(),
    properties: props,
  };
  putRecord(ctx.state, rec);
  subnets.forEach((s, i) => {
    const prior = previous.find((x) => same(x.id, s.id));
    const written = writeSubnet(ctx, rec, s, prior, op.id, etag);
    // Keep the request's order: creation order is the render order.
    if (!prior) written.createdAt = ctx.now + i / 1000;
  });
  return putAccepted(ctx, !existing, renderVnet(ctx.state, rec), op);
}
