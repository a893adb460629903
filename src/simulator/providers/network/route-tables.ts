// Route tables and their routes child resource (stored as child records, like NSG rules; the table PUT's
// inline `routes` replaces them). Subnets reference a table (`routeTable` on the subnet, subnets.ts); the
// table renders them back as `subnets` and refuses deletion while any remains (InUseRouteTableCannotBeDeleted).
// Sources: https://learn.microsoft.com/azure/virtual-network/virtual-networks-udr-overview (next hop types,
// service tags as address prefixes, one route per prefix) and .../manage-route-table.
import { randomUUID } from 'node:crypto';
import { badRequest } from '../../errors.js';
import { checkName } from '../../names.js';
import { hasHostBits, networkAddress, parseCidr, parseIp } from '../../cidr.js';
import { Route, RouteTable, type RouteBody } from '../../schemas/network-egress.js';
import { parseBody } from '../../schemas/common.js';
import { childrenOf, getRecord, newEtag, putRecord, removeSubtree, type CloudState, type ResourceRecord } from '../../state.js';
import { validateTags } from '../../tags.js';
import type { ArmResource, SimResponse } from '../../types.js';
import type { Ctx } from '../types.js';
import { assertNotBusy, checkPreconditions, deleteAccepted, handleChild, handleTracked, NETWORK_LRO, networkNameRule, putAccepted, T, topLevelId } from './common.js';
import { assertNameMatches, newRecord, resolveLocation } from '../kit/tracked.js';
import { childId } from '../kit/serve.js';
import { same } from '../kit/ids.js';
import { startIn } from '../kit/lro-style.js';
import { startDelete } from '../kit/delete.js';
import { subnetsReferencing } from './egress-refs.js';
import { isServiceTag } from './service-tags.js';

const TABLE_NAME = networkNameRule(1, 80);
const ROUTE_NAME = networkNameRule(1, 80);
/** Routes per route table (https://learn.microsoft.com/azure/azure-resource-manager/management/azure-subscription-service-limits#networking-limits). */
const MAX_ROUTES = 400;

interface NormalizedRoute {
  name: string;
  addressPrefix: string;
  nextHopType: string;
  nextHopIpAddress?: string;
}

export function renderRoute(_state: CloudState, rec: ResourceRecord): ArmResource {
  const p = rec.properties as unknown as NormalizedRoute;
  return {
    name: rec.name,
    id: rec.id,
    etag: rec.etag,
    type: T.route,
    properties: {
      provisioningState: rec.provisioningState,
      addressPrefix: p.addressPrefix,
      nextHopType: p.nextHopType,
      ...(p.nextHopIpAddress !== undefined ? { nextHopIpAddress: p.nextHopIpAddress } : {}),
      hasBgpOverride: false,
    },
  };
}

export function renderRouteTable(state: CloudState, rec: ResourceRecord): ArmResource {
  const subnets = subnetsReferencing(state, 'routeTable', rec.id);
  return {
    name: rec.name,
    id: rec.id,
    etag: rec.etag,
    type: T.routeTable,
    location: rec.location,
    ...(rec.tags ? { tags: rec.tags } : {}),
    properties: {
      provisioningState: rec.provisioningState,
      resourceGuid: rec.resourceGuid,
      disableBgpRoutePropagation: rec.properties.disableBgpRoutePropagation ?? false,
      routes: childrenOf(state, rec.id, T.route).map((r) => renderRoute(state, r)),
      ...(subnets.length > 0 ? { subnets: subnets.map((id) => ({ id })) } : {}),
    },
  };
}

/** One route: a CIDR or service-tag prefix, a next hop type, and an IP exactly when the hop is a virtual appliance. */
function normalizeRoute(tableId: string, r: RouteBody, name: string): NormalizedRoute {
  checkName(name, ROUTE_NAME);
  const routeId = childId(tableId, T.route, name);
  const p = r.properties;
  if (!p) throw badRequest('MissingRouteProperties', `Route ${routeId} has no properties; nextHopType is required.`);
  const prefix = p.addressPrefix;
  if (prefix === undefined || prefix === '') throw badRequest('MissingAddressPrefixInRoute', `Route ${name} of route table ${tableId} has no addressPrefix.`);
  if (!isServiceTag(prefix)) {
    const c = parseCidr(prefix);
    if (!c) {
      throw badRequest(
        'InvalidAddressPrefixFormat',
        `Address prefix ${prefix} of resource ${routeId} is not formatted correctly. It should follow CIDR notation, for example 10.0.0.0/24, or be a service tag.`,
      );
    }
    if (hasHostBits(c)) {
      throw badRequest(
        'InvalidCIDRNotation',
        `The address prefix ${prefix} in resource ${routeId} has an invalid CIDR notation. For the given prefix length, the address prefix should be ${networkAddress(c)}.`,
      );
    }
  }
  const ip = p.nextHopIpAddress === '' ? undefined : p.nextHopIpAddress;
  if (p.nextHopType === 'VirtualAppliance') {
    // Azure's wording (hashicorp/terraform-provider-azurerm#20365).
    if (ip === undefined) throw badRequest('MissingNextHopIpAddress', `NextHopIpAddress cannot be Null or Empty in route ${name} when NextHopType is VirtualAppliance.`);
    if (!parseIp(ip)) throw badRequest('InvalidNextHopIpAddress', `NextHopIpAddress ${ip} in route ${name} is not a valid IP address.`);
  } else if (ip !== undefined) {
    throw badRequest(
      'NextHopIpAddressNotAllowedForNextHopType',
      `NextHopIpAddress ${ip} is specified in route ${name} with NextHopType ${p.nextHopType}. A next hop IP address is only allowed when NextHopType is VirtualAppliance.`,
    );
  }
  return { name, addressPrefix: prefix, nextHopType: p.nextHopType, ...(ip !== undefined ? { nextHopIpAddress: ip } : {}) };
}

/** Names unique; one route per address prefix; at most 400. */
function assertRouteSet(tableId: string, routes: NormalizedRoute[]): void {
  const dupName = routes.find((r, i) => routes.findIndex((x) => x.name.toLowerCase() === r.name.toLowerCase()) !== i);
  if (dupName) throw badRequest('DuplicateResourceName', `Resource ${tableId} has two child resources with the same name (${dupName.name}).`);
  const dup = routes.find((r, i) => routes.findIndex((x) => x.addressPrefix.toLowerCase() === r.addressPrefix.toLowerCase()) !== i);
  if (dup) {
    throw badRequest('RouteConflict', `Route table ${tableId} has more than one route with address prefix ${dup.addressPrefix}. A route table can't contain two routes with the same address prefix.`);
  }
  if (routes.length > MAX_ROUTES) throw badRequest('RouteTableRouteCountLimitReached', `Route table ${tableId} has ${routes.length} routes; at most ${MAX_ROUTES} are allowed.`);
}

/** /routeTables/{name} */
export function handleRouteTable(ctx: Ctx, group: ResourceRecord, name: string): SimResponse {
  const existing = getRecord(ctx.state, topLevelId(group, T.routeTable, name));
  return handleTracked(ctx, {
    type: T.routeTable,
    label: 'route table',
    name,
    group,
    existing,
    render: renderRouteTable,
    put: () => putRouteTable(ctx, group, name, existing),
    remove: (existing) => {
      const subnets = subnetsReferencing(ctx.state, 'routeTable', existing.id);
      // Azure's wording (Azure/azure-xplat-cli#2867); the subnets are named for the reader.
      if (subnets.length > 0) throw badRequest('InUseRouteTableCannotBeDeleted', `Route table ${existing.name} is in use and cannot be deleted. It is associated with subnet(s) ${subnets.join(', ')}.`);
      const routes = childrenOf(ctx.state, existing.id, T.route);
      return deleteAccepted(ctx, startDelete(ctx, NETWORK_LRO, { name: 'DeleteRouteTableOperation', target: existing, also: routes }));
    },
  });
}

function putRouteTable(ctx: Ctx, group: ResourceRecord, name: string, existing: ResourceRecord | undefined): SimResponse {
  checkName(name, TABLE_NAME);
  const body = parseBody(RouteTable, ctx.body, 'network');
  assertNameMatches(body.name, name);
  const location = resolveLocation(body.location, T.routeTable, existing, group);
  validateTags(body.tags);
  checkPreconditions(ctx, existing);
  const id = existing?.id ?? topLevelId(group, T.routeTable, name);
  assertNotBusy(ctx, id);
  const p = body.properties ?? {};
  const previous = existing ? childrenOf(ctx.state, id, T.route) : [];
  const routes = (p.routes ?? []).map((r) => {
    const prior = previous.find((x) => x.name.toLowerCase() === (r.name ?? '').toLowerCase());
    return normalizeRoute(id, r, prior?.name ?? r.name ?? '');
  });
  assertRouteSet(id, routes);

  const routeIds = routes.map((r) => childId(id, T.route, r.name));
  const op = startIn(ctx, NETWORK_LRO, {
    name: 'PutRouteTableOperation',
    method: 'PUT',
    subscriptionId: group.subscriptionId,
    location,
    targetId: id,
    lockKey: id,
    touched: [id, ...routeIds],
    latencyKey: T.routeTable,
  });
  for (const old of previous) if (!routeIds.some((r) => same(r, old.id))) removeSubtree(ctx.state, old.id);
  const etag = newEtag();
  const rec: ResourceRecord = {
    ...newRecord(ctx, { id, type: T.routeTable, group, name, location, tags: body.tags, etag, existing, op }),
    resourceGuid: existing?.resourceGuid ?? randomUUID(),
    properties: { disableBgpRoutePropagation: p.disableBgpRoutePropagation ?? false },
  };
  putRecord(ctx.state, rec);
  routes.forEach((r, i) => writeRoute(ctx, rec, r, previous.find((x) => same(x.id, routeIds[i])), op.id, etag, i));
  return putAccepted(ctx, !existing, renderRouteTable(ctx.state, rec), op);
}

function writeRoute(ctx: Ctx, table: ResourceRecord, r: NormalizedRoute, prior: ResourceRecord | undefined, opId: string, etag: string, order: number): ResourceRecord {
  const rec: ResourceRecord = {
    ...newRecord(ctx, { id: prior?.id ?? childId(table.id, T.route, r.name), type: T.route, parent: table, name: r.name, etag, createdAt: prior?.createdAt ?? ctx.now + order / 1000, existing: prior, op: { id: opId } }),
    properties: { ...r } as unknown as Record<string, unknown>,
  };
  putRecord(ctx.state, rec);
  return rec;
}

/** /routeTables/{table}/routes[/{name}] */
export function handleRoutes(ctx: Ctx, table: ResourceRecord | undefined, tableName: string, name: string | undefined): SimResponse {
  return handleChild(ctx, {
    type: T.route,
    label: 'route',
    parent: table,
    parentName: tableName,
    name,
    render: renderRoute,
    put: (parent, n, existing) => putRoute(ctx, parent, n, existing),
    remove: (parent, existing) => {
      const op = startDelete(ctx, NETWORK_LRO, { name: 'DeleteRouteOperation', target: existing, parent, latencyKey: T.route });
      parent.etag = newEtag();
      return deleteAccepted(ctx, op);
    },
  });
}

function putRoute(ctx: Ctx, table: ResourceRecord, name: string, existing: ResourceRecord | undefined): SimResponse {
  const body = parseBody(Route, ctx.body, 'network');
  assertNameMatches(body.name, name);
  checkPreconditions(ctx, existing);
  assertNotBusy(ctx, table.id);
  const r = normalizeRoute(table.id, body, existing?.name ?? name);
  const routeId = childId(table.id, T.route, r.name);
  const siblings = childrenOf(ctx.state, table.id, T.route)
    .filter((x) => !same(x.id, routeId))
    .map((x) => x.properties as unknown as NormalizedRoute);
  assertRouteSet(table.id, [...siblings, r]);
  const op = startIn(ctx, NETWORK_LRO, {
    name: 'PutRouteOperation',
    method: 'PUT',
    subscriptionId: table.subscriptionId,
    location: table.location as string,
    targetId: routeId,
    lockKey: table.id,
    touched: [routeId],
    latencyKey: T.route,
  });
  const rec = writeRoute(ctx, table, r, existing, op.id, newEtag(), 0);
  table.etag = newEtag();
  return putAccepted(ctx, !existing, renderRoute(ctx.state, rec), op);
}
