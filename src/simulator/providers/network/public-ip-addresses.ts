// Public IP addresses: Standard (static, regional IPv4) addresses for firewalls and NAT gateways. The address
// comes from the documentation ranges (RFC 5737), first free one, so runs are deterministic and nothing
// real is ever named. The public IP renders who holds it (`ipConfiguration` of a firewall, `natGateway`)
// and refuses deletion while held (PublicIPAddressCannotBeDeleted).
import { randomUUID } from 'node:crypto';
import { badRequest } from '../../errors.js';
import { checkName } from '../../names.js';
import { PublicIPAddress, NOT_SIMULATED_EGRESS } from '../../schemas/network-egress.js';
import { parseBody } from '../../schemas/common.js';
import { newEtag, putRecord, recordsOfType, type CloudState, type ResourceRecord } from '../../state.js';
import { validateTags } from '../../tags.js';
import type { ArmResource, SimResponse } from '../../types.js';
import type { Ctx } from '../types.js';
import { assertNotBusy, checkPreconditions, deleteAccepted, handleTracked, NETWORK_LRO, networkNameRule, putAccepted, T, topLevelId } from './common.js';
import { assertNameMatches, newRecord, resolveLocation } from '../kit/tracked.js';
import { notImplemented, rejectNotSimulated } from '../kit/not-simulated.js';
import { startIn } from '../kit/lro-style.js';
import { startDelete } from '../kit/delete.js';
import { accessIpConfigUsing, firewallIpConfigUsing, natGatewayUsing, nicIpConfigUsing } from './egress-refs.js';

const PIP_NAME = networkNameRule(1, 80);
/** RFC 5737 documentation ranges: TEST-NET-3, TEST-NET-2, TEST-NET-1. */
const RANGES = ['203.0.113', '198.51.100', '192.0.2'];

function nextAddress(state: CloudState): string {
  const taken = new Set(recordsOfType(state, T.pip).map((r) => r.properties.ipAddress as string | undefined));
  for (const r of RANGES) for (let i = 1; i < 255; i++) if (!taken.has(`${r}.${i}`)) return `${r}.${i}`;
  throw badRequest('PublicIPAddressPoolExhausted', 'The simulator has no documentation-range public IP address left (762 in use).');
}

/** Who holds a public IP (firewall, bastion or gateway ipConfiguration, or NAT gateway); undefined when free. */
export function publicIpHolder(state: CloudState, pipId: string): string | undefined {
  return firewallIpConfigUsing(state, pipId) ?? accessIpConfigUsing(state, pipId) ?? nicIpConfigUsing(state, pipId) ?? natGatewayUsing(state, pipId);
}

export function renderPip(state: CloudState, rec: ResourceRecord): ArmResource {
  const p = rec.properties;
  const ipConfig = firewallIpConfigUsing(state, rec.id) ?? accessIpConfigUsing(state, rec.id) ?? nicIpConfigUsing(state, rec.id);
  const nat = natGatewayUsing(state, rec.id);
  const dns = p.dnsSettings as { domainNameLabel: string } | undefined;
  return {
    name: rec.name,
    id: rec.id,
    etag: rec.etag,
    type: T.pip,
    location: rec.location,
    ...(rec.tags ? { tags: rec.tags } : {}),
    sku: rec.sku,
    ...(p.zones ? { zones: p.zones } : {}),
    properties: {
      provisioningState: rec.provisioningState,
      resourceGuid: rec.resourceGuid,
      ...(p.ipAddress ? { ipAddress: p.ipAddress } : {}),
      publicIPAddressVersion: 'IPv4',
      publicIPAllocationMethod: p.publicIPAllocationMethod,
      idleTimeoutInMinutes: p.idleTimeoutInMinutes,
      ...(dns ? { dnsSettings: { domainNameLabel: dns.domainNameLabel, fqdn: `${dns.domainNameLabel}.${rec.location as string}.cloudapp.azure.com` } } : {}),
      ipTags: p.ipTags ?? [],
      ddosSettings: { protectionMode: 'VirtualNetworkInherited' },
      ...(ipConfig ? { ipConfiguration: { id: ipConfig } } : {}),
      ...(nat ? { natGateway: { id: nat } } : {}),
    },
  };
}

export function handlePip(ctx: Ctx, group: ResourceRecord, name: string, existing: ResourceRecord | undefined): SimResponse {
  return handleTracked(ctx, {
    type: T.pip,
    label: 'public IP address',
    name,
    group,
    existing,
    render: renderPip,
    put: () => putPip(ctx, group, name, existing),
    remove: (existing) => {
      const holder = publicIpHolder(ctx.state, existing.id);
      if (holder) {
        // Azure's wording (hashicorp/terraform-provider-azurerm#2566, microsoft/AzureTRE#4355).
        throw badRequest(
          'PublicIPAddressCannotBeDeleted',
          `Public IP address ${existing.id} can not be deleted since it is still allocated to resource ${holder}. ` +
            'In order to delete the public IP, disassociate/detach the Public IP address from the resource.  To learn how to do this, see aka.ms/deletepublicip.',
        );
      }
      return deleteAccepted(ctx, startDelete(ctx, NETWORK_LRO, { name: 'DeletePublicIpAddressOperation', target: existing }));
    },
  });
}

function putPip(ctx: Ctx, group: ResourceRecord, name: string, existing: ResourceRecord | undefined): SimResponse {
  checkName(name, PIP_NAME);
  const body = parseBody(PublicIPAddress, ctx.body, 'network');
  assertNameMatches(body.name, name);
  const location = resolveLocation(body.location, T.pip, existing, group);
  validateTags(body.tags);
  checkPreconditions(ctx, existing);
  const id = existing?.id ?? topLevelId(group, T.pip, name);
  assertNotBusy(ctx, id);
  rejectNotSimulated(body as Record<string, unknown>, NOT_SIMULATED_EGRESS.PublicIPAddress, '');
  const p = body.properties ?? {};
  rejectNotSimulated(p, NOT_SIMULATED_EGRESS.PublicIPAddressPropertiesFormat, 'properties.');
  rejectNotSimulated(p.dnsSettings, NOT_SIMULATED_EGRESS.PublicIPAddressDnsSettings, 'properties.dnsSettings.');

  const skuName = body.sku?.name ?? 'Basic';
  const tier = body.sku?.tier ?? 'Regional';
  if (skuName === 'StandardV2') throw notImplemented("Public IP sku 'StandardV2'", 'Standard only');
  if (tier === 'Global') throw notImplemented("Public IP sku tier 'Global'", 'Regional only');
  if (p.publicIPAddressVersion === 'IPv6') throw notImplemented("publicIPAddressVersion 'IPv6'", 'IPv4 only');
  const before = existing?.sku?.name as string | undefined;
  if (before !== undefined && before !== skuName) {
    throw badRequest(
      'PublicIPAddressSkuCannotBeChanged',
      `Sku property is set at creation time and cannot be changed from ${before} to ${skuName} on resource update for resource ${id}.`,
    );
  }
  if (!existing && skuName === 'Basic') {
    // Basic SKU public IPs are retired (Learn public-ip-basic-upgrade-guidance); new ones are refused.
    throw badRequest('PublicIPCountLimitReached', 'Cannot create more than 0 IPv4 Basic SKU public IP addresses for this subscription in this region.');
  }
  const method = p.publicIPAllocationMethod ?? (skuName === 'Standard' ? 'Static' : 'Dynamic');
  if (skuName === 'Standard' && method !== 'Static') {
    throw badRequest('StandardAndStandardV2SkuPublicIPAddressesMustBeStatic', `Standard sku publicIp ${id} must have AllocationMethod set to Static.`);
  }
  const idle = p.idleTimeoutInMinutes ?? 4;
  if (idle < 4 || idle > 30) {
    throw badRequest('PublicIPIdleTimeoutIsOutOfRange', `IdleTimeoutInMinutes ${idle} of public IP address ${id} is out of range. It must be between 4 and 30 minutes.`);
  }
  const label = p.dnsSettings?.domainNameLabel;
  if (label !== undefined && !/^[a-z][a-z0-9-]{1,61}[a-z0-9]$/.test(label)) {
    throw badRequest(
      'InvalidDomainNameLabel',
      `The domain name label ${label} is invalid. It must conform to the following regular expression: ^[a-z][a-z0-9-]{1,61}[a-z0-9]$.`,
    );
  }
  for (const z of body.zones ?? []) {
    if (!['1', '2', '3'].includes(z)) throw badRequest('InvalidAvailabilityZone', `The zone(s) '${z}' for resource '${id}' is not supported. The supported zones for location '${location}' are '1,2,3'.`);
  }
  if (existing && JSON.stringify(body.zones ?? []) !== JSON.stringify(existing.properties.zones ?? [])) {
    throw badRequest('ResourceAvailabilityZonesCannotBeModified', `Resource ${id} has an existing availability zone constraint ${JSON.stringify(existing.properties.zones ?? [])} and the request has availability zone constraint ${JSON.stringify(body.zones ?? [])}, which do not match. Zones cannot be added/updated/removed once the resource is created.`);
  }
  const ipAddress = (existing?.properties.ipAddress as string | undefined) ?? (method === 'Static' ? nextAddress(ctx.state) : undefined);
  if (p.ipAddress !== undefined && p.ipAddress !== ipAddress) {
    throw badRequest('PublicIPAddressCannotSpecifyIpAddress', `The IP address of public IP address ${id} is assigned by Azure and cannot be set to ${p.ipAddress}.`);
  }

  const op = startIn(ctx, NETWORK_LRO, {
    name: 'PutPublicIpAddressOperation',
    method: 'PUT',
    subscriptionId: group.subscriptionId,
    location,
    targetId: id,
    lockKey: id,
    touched: [id],
    latencyKey: T.pip,
  });
  const rec: ResourceRecord = {
    ...newRecord(ctx, { id, type: T.pip, group, name, location, tags: body.tags, etag: newEtag(), existing, op }),
    resourceGuid: existing?.resourceGuid ?? randomUUID(),
    sku: { name: skuName, tier },
    properties: {
      publicIPAllocationMethod: method,
      idleTimeoutInMinutes: idle,
      ...(ipAddress ? { ipAddress } : {}),
      ...(label !== undefined ? { dnsSettings: { domainNameLabel: label } } : {}),
      ...(p.ipTags && p.ipTags.length > 0 ? { ipTags: p.ipTags } : {}),
      ...(body.zones && body.zones.length > 0 ? { zones: body.zones } : {}),
    },
  };
  putRecord(ctx.state, rec);
  return putAccepted(ctx, !existing, renderPip(ctx.state, rec), op);
}

/** A public IP a firewall or NAT gateway may use: Standard and Static (Azure Firewall FAQ; NAT gateway resource doc). */
export const isStandardStatic = (pip: ResourceRecord): boolean => pip.sku?.name === 'Standard' && pip.properties.publicIPAllocationMethod === 'Static';
