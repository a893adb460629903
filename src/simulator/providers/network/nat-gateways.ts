// NAT gateways (Standard SKU): outbound SNAT for the subnets that reference them (`natGateway` on the subnet;
// the gateway renders them back as `subnets`). Its public IPs must be Standard, static, in its region and free.
// Source: https://learn.microsoft.com/azure/nat-gateway/nat-gateway-resource (Standard public IPs, up to 16,
// idle timeout 4-120 minutes, one zone).
import { randomUUID } from 'node:crypto';
import { badRequest } from '../../errors.js';
import { checkName } from '../../names.js';
import { NatGateway, NOT_SIMULATED_EGRESS } from '../../schemas/network-egress.js';
import { parseBody } from '../../schemas/common.js';
import { newEtag, putRecord, type CloudState, type ResourceRecord } from '../../state.js';
import { validateTags } from '../../tags.js';
import type { ArmResource, SimResponse } from '../../types.js';
import type { Ctx } from '../types.js';
import { assertNotBusy, checkPreconditions, deleteAccepted, handleTracked, NETWORK_LRO, networkNameRule, putAccepted, resolveReference, T, topLevelId } from './common.js';
import { assertNameMatches, newRecord, resolveLocation } from '../kit/tracked.js';
import { notImplemented, rejectNotSimulated } from '../kit/not-simulated.js';
import { same } from '../kit/ids.js';
import { startIn } from '../kit/lro-style.js';
import { startDelete } from '../kit/delete.js';
import { subnetsReferencing } from './egress-refs.js';
import { isStandardStatic, publicIpHolder } from './public-ip-addresses.js';

const NAT_NAME = networkNameRule(1, 80);
const MAX_PUBLIC_IPS = 16;

export function renderNatGateway(state: CloudState, rec: ResourceRecord): ArmResource {
  const p = rec.properties;
  const subnets = subnetsReferencing(state, 'natGateway', rec.id);
  return {
    name: rec.name,
    id: rec.id,
    etag: rec.etag,
    type: T.natGateway,
    location: rec.location,
    ...(rec.tags ? { tags: rec.tags } : {}),
    sku: rec.sku,
    ...(p.zones ? { zones: p.zones } : {}),
    properties: {
      provisioningState: rec.provisioningState,
      resourceGuid: rec.resourceGuid,
      idleTimeoutInMinutes: p.idleTimeoutInMinutes,
      publicIpAddresses: p.publicIpAddresses,
      ...(subnets.length > 0 ? { subnets: subnets.map((id) => ({ id })) } : {}),
    },
  };
}

export function handleNatGateway(ctx: Ctx, group: ResourceRecord, name: string, existing: ResourceRecord | undefined): SimResponse {
  return handleTracked(ctx, {
    type: T.natGateway,
    label: 'NAT gateway',
    name,
    group,
    existing,
    render: renderNatGateway,
    put: () => putNatGateway(ctx, group, name, existing),
    remove: (existing) => {
      const subnets = subnetsReferencing(ctx.state, 'natGateway', existing.id);
      if (subnets.length > 0) {
        throw badRequest(
          'InUseNatGatewayCannotBeDeleted',
          `Nat Gateway ${existing.id} is in use by subnet(s) ${subnets.join(', ')} and cannot be deleted. Disassociate the NAT gateway from the subnets first.`,
        );
      }
      return deleteAccepted(ctx, startDelete(ctx, NETWORK_LRO, { name: 'DeleteNatGatewayOperation', target: existing }));
    },
  });
}

function putNatGateway(ctx: Ctx, group: ResourceRecord, name: string, existing: ResourceRecord | undefined): SimResponse {
  checkName(name, NAT_NAME);
  const body = parseBody(NatGateway, ctx.body, 'network');
  assertNameMatches(body.name, name);
  const location = resolveLocation(body.location, T.natGateway, existing, group);
  validateTags(body.tags);
  checkPreconditions(ctx, existing);
  const id = existing?.id ?? topLevelId(group, T.natGateway, name);
  assertNotBusy(ctx, id);
  const p = body.properties ?? {};
  rejectNotSimulated(p, NOT_SIMULATED_EGRESS.NatGatewayPropertiesFormat, 'properties.');
  const skuName = body.sku?.name ?? 'Standard';
  if (skuName === 'StandardV2') throw notImplemented("NAT gateway sku 'StandardV2'", 'Standard only');
  const idle = p.idleTimeoutInMinutes ?? 4;
  if (idle < 4 || idle > 120) {
    throw badRequest('NatGatewayIdleTimeoutOutOfRange', `IdleTimeoutInMinutes ${idle} of NAT gateway ${id} is out of range. It must be between 4 and 120 minutes.`);
  }
  if ((body.zones ?? []).length > 1) {
    throw badRequest('NatGatewayCannotHaveMultipleZones', `NAT gateway ${id} can be deployed in at most one availability zone; the request lists ${(body.zones ?? []).join(', ')}.`);
  }
  const pips = p.publicIpAddresses ?? [];
  if (pips.length > MAX_PUBLIC_IPS) {
    throw badRequest('NatGatewayTooManyPublicIps', `NAT gateway ${id} references ${pips.length} public IP addresses; at most ${MAX_PUBLIC_IPS} are allowed.`);
  }
  for (const [i, ref] of pips.entries()) {
    if (pips.findIndex((r) => same(r.id, ref.id)) !== i) throw badRequest('DuplicateResourceReference', `NAT gateway ${id} references public IP address ${ref.id} twice.`);
    const pip = resolveReference(ctx, ref.id, T.pip, id, location);
    if (!isStandardStatic(pip)) {
      throw badRequest('PublicIpWithBasicSkuNotAllowedOnNatGateway', `Public IP address ${pip.id} referenced by NAT gateway ${id} must be Standard SKU with Static allocation.`);
    }
    const holder = publicIpHolder(ctx.state, pip.id);
    if (holder && !same(holder, id)) {
      throw badRequest('PublicIPAddressInUse', `Public IP address ${pip.id} is already in use by ${holder} and cannot be referenced by NAT gateway ${id}.`);
    }
  }

  const op = startIn(ctx, NETWORK_LRO, {
    name: 'PutNatGatewayOperation',
    method: 'PUT',
    subscriptionId: group.subscriptionId,
    location,
    targetId: id,
    lockKey: id,
    touched: [id],
    latencyKey: T.natGateway,
  });
  const rec: ResourceRecord = {
    ...newRecord(ctx, { id, type: T.natGateway, group, name, location, tags: body.tags, etag: newEtag(), existing, op }),
    resourceGuid: existing?.resourceGuid ?? randomUUID(),
    sku: { name: skuName },
    properties: {
      idleTimeoutInMinutes: idle,
      publicIpAddresses: pips.map((r) => ({ id: r.id })),
      ...(body.zones && body.zones.length > 0 ? { zones: body.zones } : {}),
    },
  };
  putRecord(ctx.state, rec);
  return putAccepted(ctx, !existing, renderNatGateway(ctx.state, rec), op);
}
