// DNS private resolvers (dnsResolvers) and their inbound endpoints (dnsResolvers/inboundEndpoints), dnsresolver.json.
// A resolver references one VNet of its region (one resolver per VNet); an inbound endpoint takes one IP in a
// subnet of that VNet delegated to Microsoft.Network/dnsResolvers, /28 to /24, used by nothing else. The
// endpoint's address is the subnet's first usable one (x.x.x.4). Its ipConfiguration is a `subnetIpConfigurations`
// entry, so the subnet (and the VNet) cannot be deleted while it stands; the subnet renders the resolver's
// service association link. Name resolution itself is the tool's model, not this provider's.
// Sources: https://learn.microsoft.com/azure/dns/dns-private-resolver-overview (regions, "Virtual network
// restrictions": same region, one resolver per VNet; "Subnet restrictions": /28 to /24, delegated, one endpoint per
// subnet), .../private-resolver-endpoints-rulesets; Azure/azure-rest-api-specs#21744 (the RP's BadRequest wording for
// an unusable subnet), MicrosoftDocs/azure-docs#107008 (SubnetMissingRequiredDelegation and the
// serviceAssociationLinks/dnsResolverLink id).
import { randomUUID } from 'node:crypto';
import { badRequest } from '../../errors.js';
import { checkName } from '../../names.js';
import { fromBig, parseIp } from '../../cidr.js';
import { DnsResolver, InboundEndpoint } from '../../schemas/network-access.js';
import { parseBody } from '../../schemas/common.js';
import { childrenOf, getRecord, newEtag, putRecord, recordsOfType, type CloudState, type ResourceRecord } from '../../state.js';
import { validateTags } from '../../tags.js';
import type { ArmResource, SimResponse } from '../../types.js';
import type { Ctx } from '../types.js';
import { assertNotBusy, checkPreconditions, deleteAccepted, handleChild, handleTracked, NETWORK_LRO, networkNameRule, putAccepted, resolveReference, T, topLevelId } from './common.js';
import { newRecord, resolveLocation } from '../kit/tracked.js';
import { childId } from '../kit/serve.js';
import { same } from '../kit/ids.js';
import { startIn } from '../kit/lro-style.js';
import { startDelete } from '../kit/delete.js';
import { ipConfigurationsIn, SUBNET_IP_CONFIGURATIONS } from './network-interfaces.js';
import { subnetPrefixes } from './subnets.js';

const RESOLVER_NAME = networkNameRule(1, 80);
const ENDPOINT_NAME = networkNameRule(1, 80);
export const DNS_RESOLVER_DELEGATION = 'Microsoft.Network/dnsResolvers';
const PREFIX = { largest: 24, smallest: 28 };

interface StoredEndpointIpConfig {
  subnet: { id: string };
  privateIpAddress: string;
  privateIpAllocationMethod: 'Static' | 'Dynamic';
}

const vnetOf = (resolver: ResourceRecord): string => (resolver.properties.virtualNetwork as { id: string }).id;

/** Is the subnet delegated to the DNS resolver service? */
export const delegatedToDnsResolvers = (subnet: ResourceRecord): boolean =>
  ((subnet.properties.delegations as { serviceName: string }[] | undefined) ?? []).some((d) => d.serviceName.toLowerCase() === DNS_RESOLVER_DELEGATION.toLowerCase());

/** Inbound endpoints placed in a subnet (for the subnet's serviceAssociationLinks). */
export function dnsEndpointsIn(state: CloudState, subnetId: string): ResourceRecord[] {
  return recordsOfType(state, T.inboundEndpoint).filter((ep) => ((ep.properties.ipConfigurations as StoredEndpointIpConfig[] | undefined) ?? []).some((c) => same(c.subnet.id, subnetId)));
}

// ---- resolvers --------------------------------------------------------------------------------------------------

export function renderResolver(_state: CloudState, rec: ResourceRecord): ArmResource {
  return {
    name: rec.name,
    id: rec.id,
    etag: rec.etag,
    type: T.dnsResolver,
    location: rec.location,
    ...(rec.tags ? { tags: rec.tags } : {}),
    properties: {
      virtualNetwork: rec.properties.virtualNetwork,
      dnsResolverState: 'Connected',
      provisioningState: rec.provisioningState,
      resourceGuid: rec.resourceGuid,
    },
  };
}

export function handleResolver(ctx: Ctx, group: ResourceRecord, name: string): SimResponse {
  const existing = getRecord(ctx.state, topLevelId(group, T.dnsResolver, name));
  return handleTracked(ctx, {
    type: T.dnsResolver,
    label: 'DNS resolver',
    name,
    group,
    existing,
    render: renderResolver,
    put: () => putResolver(ctx, group, name, existing),
    remove: (existing) => {
      // Unconfirmed: the resolver is refused while it has endpoints (they hold subnets of its VNet).
      const endpoints = childrenOf(ctx.state, existing.id, T.inboundEndpoint);
      if (endpoints.length > 0) {
        throw badRequest(
          'DnsResolverHasEndpoints',
          `DNS resolver ${existing.id} cannot be deleted while it has endpoints: ${endpoints.map((e) => e.id).join(', ')}. Delete the endpoints first.`,
        );
      }
      return deleteAccepted(ctx, startDelete(ctx, NETWORK_LRO, { name: 'DeleteDnsResolverOperation', target: existing }));
    },
  });
}

function putResolver(ctx: Ctx, group: ResourceRecord, name: string, existing: ResourceRecord | undefined): SimResponse {
  checkName(name, RESOLVER_NAME);
  const body = parseBody(DnsResolver, ctx.body, 'network');
  const location = resolveLocation(body.location, T.dnsResolver, existing, group);
  validateTags(body.tags);
  checkPreconditions(ctx, existing);
  const id = existing?.id ?? topLevelId(group, T.dnsResolver, name);
  assertNotBusy(ctx, id);
  const ref = body.properties?.virtualNetwork;
  if (!ref) throw badRequest('BadRequest', `DNS resolver ${id} must reference a virtual network (properties.virtualNetwork.id).`);
  // "A DNS resolver can only reference a virtual network in the same region as the DNS resolver."
  const vnet = resolveReference(ctx, ref.id, T.vnet, id, location);
  if (existing && !same(vnetOf(existing), vnet.id)) {
    throw badRequest('BadRequest', `The virtual network of DNS resolver ${id} cannot be changed after creation (from ${vnetOf(existing)} to ${vnet.id}).`);
  }
  // "A virtual network can't be shared between multiple DNS resolvers."
  const other = recordsOfType(ctx.state, T.dnsResolver).find((r) => !same(r.id, id) && same(vnetOf(r), vnet.id));
  if (other) throw badRequest('BadRequest', `Virtual network ${vnet.id} is already referenced by DNS resolver ${other.id}; a virtual network can be referenced by a single DNS resolver.`);

  const op = startIn(ctx, NETWORK_LRO, {
    name: 'PutDnsResolverOperation',
    method: 'PUT',
    subscriptionId: group.subscriptionId,
    location,
    targetId: id,
    lockKey: id,
    touched: [id],
    latencyKey: T.dnsResolver,
  });
  const rec: ResourceRecord = {
    ...newRecord(ctx, { id, type: T.dnsResolver, group, name, location, tags: body.tags, etag: newEtag(), existing, op }),
    resourceGuid: existing?.resourceGuid ?? randomUUID(),
    properties: { virtualNetwork: { id: vnet.id } },
  };
  putRecord(ctx.state, rec);
  return putAccepted(ctx, !existing, renderResolver(ctx.state, rec), op);
}

// ---- inbound endpoints ------------------------------------------------------------------------------------------

export function renderInboundEndpoint(_state: CloudState, rec: ResourceRecord): ArmResource {
  return {
    name: rec.name,
    id: rec.id,
    etag: rec.etag,
    type: T.inboundEndpoint,
    location: rec.location,
    ...(rec.tags ? { tags: rec.tags } : {}),
    properties: {
      ipConfigurations: rec.properties.ipConfigurations,
      provisioningState: rec.provisioningState,
      resourceGuid: rec.resourceGuid,
    },
  };
}

/** /dnsResolvers/{resolver}/inboundEndpoints[/{name}] */
export function handleInboundEndpoints(ctx: Ctx, resolver: ResourceRecord | undefined, resolverName: string, name: string | undefined): SimResponse {
  return handleChild(ctx, {
    type: T.inboundEndpoint,
    label: 'inbound endpoint',
    parent: resolver,
    parentName: resolverName,
    name,
    render: renderInboundEndpoint,
    put: (parent, n, existing) => putInboundEndpoint(ctx, parent, n, existing),
    remove: (parent, existing) => deleteAccepted(ctx, startDelete(ctx, NETWORK_LRO, { name: 'DeleteInboundEndpointOperation', target: existing, parent })),
  });
}

/** The RP's refusal of an unusable subnet (Azure/azure-rest-api-specs#21744), without its reserved-range clause. */
function unusableSubnet(subnetId: string, why: string) {
  return badRequest(
    'BadRequest',
    `The specified subnet ${subnetId} could not be used to provision the inbound endpoint. Please make sure you use a subnet of at least /${PREFIX.smallest} and at most /${PREFIX.largest} size, ` +
      `which is not currently in use by any other DNS resolver endpoint or any other Azure service workloads. (${why})`,
  );
}

function putInboundEndpoint(ctx: Ctx, resolver: ResourceRecord, name: string, existing: ResourceRecord | undefined): SimResponse {
  checkName(name, ENDPOINT_NAME);
  const body = parseBody(InboundEndpoint, ctx.body, 'network');
  const id = existing?.id ?? childId(resolver.id, T.inboundEndpoint, name);
  const location = resolveLocation(body.location, T.inboundEndpoint, existing);
  if (location !== resolver.location) {
    throw badRequest('BadRequest', `Inbound endpoint ${id} must be in the region of its DNS resolver (${resolver.location as string}); the request says ${location}.`);
  }
  validateTags(body.tags);
  checkPreconditions(ctx, existing);
  assertNotBusy(ctx, resolver.id);
  const configs = body.properties?.ipConfigurations ?? [];
  if (configs.length !== 1) throw badRequest('BadRequest', `Inbound endpoint ${id} must have exactly one IP configuration; the request has ${configs.length}.`);
  const c = configs[0];
  if (!c.subnet) throw badRequest('BadRequest', `The IP configuration of inbound endpoint ${id} must reference a subnet.`);
  const subnet = resolveReference(ctx, c.subnet.id, T.subnet, id, location);
  if (!same(subnet.parentId, vnetOf(resolver))) {
    throw badRequest('BadRequest', `Subnet ${subnet.id} is not in virtual network ${vnetOf(resolver)} of DNS resolver ${resolver.id}.`);
  }
  if (existing) {
    const was = (existing.properties.ipConfigurations as StoredEndpointIpConfig[])[0].subnet.id;
    if (!same(was, subnet.id)) throw badRequest('BadRequest', `The subnet of inbound endpoint ${id} cannot be changed from ${was} to ${subnet.id}.`);
  }
  if (!delegatedToDnsResolvers(subnet)) {
    throw badRequest(
      'SubnetMissingRequiredDelegation',
      `Subnet ${subnet.id} requires any of the following delegation(s) [${DNS_RESOLVER_DELEGATION}] to reference service association link ${subnet.id}/serviceAssociationLinks/dnsResolverLink.`,
    );
  }
  const v4 = subnetPrefixes(subnet).find((x) => x.version === 4);
  if (!v4 || v4.prefix > PREFIX.smallest || v4.prefix < PREFIX.largest) throw unusableSubnet(subnet.id, `its prefix is ${v4 ? `/${v4.prefix}` : 'not IPv4'}`);
  const users = ipConfigurationsIn(ctx.state, subnet.id).filter((u) => !u.toLowerCase().startsWith(id.toLowerCase()));
  const endpoints = recordsOfType(ctx.state, T.pe).filter((pe) => same((pe.properties.subnet as { id?: string } | undefined)?.id, subnet.id));
  if (users.length > 0 || endpoints.length > 0) throw unusableSubnet(subnet.id, `in use by ${[...users, ...endpoints.map((e) => e.id)].join(', ')}`);

  let address = `${fromBig(v4.start + 4n, 4)}`;
  const method = c.privateIpAllocationMethod ?? 'Dynamic';
  if (method === 'Static') {
    const ip = c.privateIpAddress !== undefined ? parseIp(c.privateIpAddress) : undefined;
    if (!ip || ip.version !== 4 || ip.value < v4.start + 4n || ip.value >= v4.end) {
      throw badRequest('BadRequest', `Private IP address '${c.privateIpAddress ?? ''}' of inbound endpoint ${id} is not a usable address of subnet ${subnet.id} (${v4.text}).`);
    }
    address = c.privateIpAddress as string;
  } else if (c.privateIpAddress !== undefined && c.privateIpAddress !== address && !existing) {
    throw badRequest('BadRequest', `Inbound endpoint ${id} uses Dynamic allocation; privateIpAddress cannot be set (it would be ${address}).`);
  }

  const op = startIn(ctx, NETWORK_LRO, {
    name: 'PutInboundEndpointOperation',
    method: 'PUT',
    subscriptionId: resolver.subscriptionId,
    location,
    targetId: id,
    lockKey: resolver.id,
    touched: [id],
    latencyKey: T.inboundEndpoint,
  });
  const stored: StoredEndpointIpConfig = { subnet: { id: subnet.id }, privateIpAddress: address, privateIpAllocationMethod: method };
  const rec: ResourceRecord = {
    ...newRecord(ctx, { id, type: T.inboundEndpoint, parent: resolver, name, location, tags: body.tags, etag: newEtag(), existing, op }),
    resourceGuid: existing?.resourceGuid ?? randomUUID(),
    properties: {
      ipConfigurations: [stored],
      [SUBNET_IP_CONFIGURATIONS]: [{ id, subnet: { id: subnet.id } }],
    },
  };
  putRecord(ctx.state, rec);
  return putAccepted(ctx, !existing, renderInboundEndpoint(ctx.state, rec), op);
}
