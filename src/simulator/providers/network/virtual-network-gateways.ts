// Virtual network gateways (gatewayType Vpn, route-based): a point-to-site VPN in the VNet's GatewaySubnet with a
// Standard static public IP per ipConfiguration, and the VPN client profile actions (generatevpnclientpackage,
// which `az network vnet-gateway vpn-client generate` calls, and generatevpnprofile). ExpressRoute and site-to-site
// are not simulated. Sources: https://learn.microsoft.com/azure/vpn-gateway/vpn-gateway-about-vpn-gateway-settings
// (GatewaySubnet, one gateway per type per VNet, NSGs on it not supported), .../about-gateway-skus (Basic: no
// OpenVPN, IKEv2, Entra ID or BGP; Generation2 from VpnGw2), .../point-to-site-entra-gateway (OpenVPN only,
// tenant/audience/issuer forms, audience values), .../point-to-site-entra-register-custom-app (custom audience
// app ids allowed), .../vpn-gateway-howto-point-to-site-resource-manager-portal (client pool must not overlap the VNet),
// Azure/aaz Commands/network/vnet-gateway/vpn-client/_generate.md (the CLI's POST).
import { randomUUID } from 'node:crypto';
import { badRequest, methodNotAllowed, notFound } from '../../errors.js';
import { empty, json } from '../../http.js';
import { checkName } from '../../names.js';
import { fromBig, overlaps, parseCidr, type Cidr } from '../../cidr.js';
import { NOT_SIMULATED_ACCESS, VirtualNetworkGateway, VpnClientParameters, type VpnClientConfigurationBody } from '../../schemas/network-access.js';
import { parseBody } from '../../schemas/common.js';
import { getRecord, newEtag, putRecord, recordsOfType, type CloudState, type ResourceRecord } from '../../state.js';
import { validateTags } from '../../tags.js';
import type { ArmResource, SimResponse } from '../../types.js';
import type { Ctx } from '../types.js';
import { assertNotBusy, assertProvisioned, checkPreconditions, deleteAccepted, handleTracked, NETWORK, NETWORK_LRO, networkNameRule, putAccepted, resolveReference, T, topLevelId } from './common.js';
import { assertNameMatches, newRecord, resolveLocation } from '../kit/tracked.js';
import { notImplemented, rejectNotSimulated } from '../kit/not-simulated.js';
import { same } from '../kit/ids.js';
import { acceptedHeaders, startIn } from '../kit/lro-style.js';
import { startDelete } from '../kit/delete.js';
import { SUBNET_IP_CONFIGURATIONS } from './network-interfaces.js';
import { subnetPrefixes } from './subnets.js';
import { accessIpConfigId, type StoredAccessIpConfig } from './egress-refs.js';
import { isStandardStatic, publicIpHolder } from './public-ip-addresses.js';

const GATEWAY_NAME = networkNameRule(1, 80);
export const GATEWAY_SUBNET = 'GatewaySubnet';
/** The Azure VPN Client app ids Learn lists for Azure Public (Microsoft-registered, then the older manually registered one). */
export const AZURE_VPN_CLIENT_AUDIENCES = ['c632b3df-fb67-4d84-bdcf-b95ad541b5c8', '41b23e61-6c1e-4545-b367-cd054e0ed4b4'];
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TENANT_URL = /^https:\/\/login\.microsoftonline\.com\/([0-9a-f-]{36})\/?$/i;
const ISSUER_URL = /^https:\/\/sts\.windows\.net\/([0-9a-f-]{36})\/$/i;
/** Legacy SKUs Learn retired for new gateways, and the ExpressRoute ones. */
const VPN_SKUS = ['Basic', 'VpnGw1', 'VpnGw2', 'VpnGw3', 'VpnGw4', 'VpnGw5', 'VpnGw1AZ', 'VpnGw2AZ', 'VpnGw3AZ', 'VpnGw4AZ', 'VpnGw5AZ'];
/** Private BGP ASN Azure VPN gateways use by default. */
const DEFAULT_ASN = 65515;
export const GENERATE_OPERATIONS = ['GenerateVpnClientPackageOperation', 'GenerateVpnProfileOperation'];

interface StoredGateway {
  gatewayType: 'Vpn';
  vpnType: 'RouteBased' | 'PolicyBased';
  vpnGatewayGeneration: string;
  sku: { name: string; tier: string };
  enableBgp: boolean;
  activeActive: boolean;
  ipConfigurations: StoredAccessIpConfig[];
  vpnClientConfiguration?: Record<string, unknown>;
}

function renderIpConfig(rec: ResourceRecord, c: StoredAccessIpConfig): Record<string, unknown> {
  return {
    name: c.name,
    id: accessIpConfigId(rec.id, T.vnetGateway, c.name),
    etag: rec.etag,
    properties: {
      provisioningState: rec.provisioningState,
      privateIPAllocationMethod: 'Dynamic',
      ...(c.privateIPAddress ? { privateIPAddress: c.privateIPAddress } : {}),
      subnet: c.subnet,
      publicIPAddress: c.publicIPAddress,
    },
  };
}

export function renderGateway(_state: CloudState, rec: ResourceRecord): ArmResource {
  const p = rec.properties as unknown as StoredGateway;
  const vpn = p.vpnClientConfiguration;
  return {
    name: rec.name,
    id: rec.id,
    etag: rec.etag,
    type: T.vnetGateway,
    location: rec.location,
    ...(rec.tags ? { tags: rec.tags } : {}),
    properties: {
      provisioningState: rec.provisioningState,
      resourceGuid: rec.resourceGuid,
      packetCaptureDiagnosticState: 'None',
      enablePrivateIpAddress: false,
      ipConfigurations: p.ipConfigurations.map((c) => renderIpConfig(rec, c)),
      natRules: [],
      enableBgpRouteTranslationForNat: false,
      disableIPSecReplayProtection: false,
      sku: { ...p.sku, capacity: 2 },
      gatewayType: p.gatewayType,
      vpnType: p.vpnType,
      enableBgp: p.enableBgp,
      activeActive: p.activeActive,
      vpnGatewayGeneration: p.vpnGatewayGeneration,
      ...(vpn
        ? { vpnClientConfiguration: { ...vpn, vpnClientRootCertificates: [], vpnClientRevokedCertificates: [], vpnClientIpsecPolicies: [], radiusServers: [] } }
        : {}),
      ...(p.enableBgp
        ? {
            bgpSettings: {
              asn: DEFAULT_ASN,
              bgpPeeringAddress: p.ipConfigurations.map((c) => c.privateIPAddress).join(','),
              peerWeight: 0,
              bgpPeeringAddresses: p.ipConfigurations.map((c) => ({
                ipconfigurationId: accessIpConfigId(rec.id, T.vnetGateway, c.name),
                defaultBgpIpAddresses: [c.privateIPAddress],
                customBgpIpAddresses: [],
                tunnelIpAddresses: [],
              })),
            },
          }
        : {}),
    },
  };
}

/** /virtualNetworkGateways/{name} */
export function handleGateway(ctx: Ctx, group: ResourceRecord, name: string): SimResponse {
  const existing = getRecord(ctx.state, topLevelId(group, T.vnetGateway, name));
  return handleTracked(ctx, {
    type: T.vnetGateway,
    label: 'virtual network gateway',
    name,
    group,
    existing,
    render: renderGateway,
    put: () => putGateway(ctx, group, name, existing),
    remove: (existing) => deleteAccepted(ctx, startDelete(ctx, NETWORK_LRO, { name: 'DeleteVirtualNetworkGatewayOperation', target: existing })),
  });
}

// ---- PUT --------------------------------------------------------------------------------------------------------

const refuse = (code: string, message: string) => badRequest(code, message);

function checkVpnClient(id: string, sku: string, vnetSpace: Cidr[], c: VpnClientConfigurationBody): Record<string, unknown> {
  rejectNotSimulated(c, NOT_SIMULATED_ACCESS.VpnClientConfiguration, 'properties.vpnClientConfiguration.');
  rejectNotSimulated(c.vpnClientAddressPool, NOT_SIMULATED_ACCESS.AddressSpace, 'properties.vpnClientConfiguration.vpnClientAddressPool.');
  const protocols = c.vpnClientProtocols ?? [];
  const auth = c.vpnAuthenticationTypes ?? [];
  if (auth.includes('Radius')) throw notImplemented("vpnAuthenticationTypes 'Radius'", 'AAD and Certificate only');
  if (sku === 'Basic') {
    const bad = [...protocols.filter((x) => x !== 'SSTP'), ...auth.filter((x) => x === 'AAD')];
    if (bad.length > 0) {
      throw refuse('VpnClientProtocolNotSupportedOnBasicSku', `Virtual network gateway ${id} of sku Basic supports only SSTP with certificate authentication; ${bad.join(', ')} needs VpnGw1 or larger (https://learn.microsoft.com/azure/vpn-gateway/about-gateway-skus).`);
    }
  }
  const pool = c.vpnClientAddressPool?.addressPrefixes ?? [];
  if (pool.length === 0) {
    throw refuse('VpnClientAddressPoolRequired', `Point-to-site configuration of virtual network gateway ${id} needs properties.vpnClientConfiguration.vpnClientAddressPool.addressPrefixes.`);
  }
  for (const text of pool) {
    const cidr = parseCidr(text);
    if (!cidr || cidr.version !== 4) throw refuse('InvalidVpnClientAddressPool', `Address prefix ${text} of the VPN client address pool of virtual network gateway ${id} is not an IPv4 CIDR.`);
    const clash = vnetSpace.find((s) => overlaps(s, cidr));
    if (clash) {
      throw refuse('VpnClientAddressPoolOverlapsVirtualNetwork', `VPN client address pool ${text} of virtual network gateway ${id} overlaps the virtual network's address space ${clash.text}. The pool must not overlap the VNet.`);
    }
  }
  if (auth.includes('AAD')) {
    if (!protocols.includes('OpenVPN')) {
      throw refuse('AadAuthenticationRequiresOpenVpn', `Microsoft Entra ID (AAD) authentication of virtual network gateway ${id} is supported only for OpenVPN; add 'OpenVPN' to vpnClientProtocols.`);
    }
    const missing = (['aadTenant', 'aadAudience', 'aadIssuer'] as const).filter((k) => !c[k]);
    if (missing.length > 0) throw refuse('AadAuthenticationParametersMissing', `AAD authentication of virtual network gateway ${id} needs ${missing.join(', ')}.`);
    const tenant = TENANT_URL.exec(c.aadTenant as string)?.[1];
    const issuer = ISSUER_URL.exec(c.aadIssuer as string)?.[1];
    if (!tenant || !GUID.test(tenant)) throw refuse('InvalidAadTenant', `aadTenant '${c.aadTenant}' of virtual network gateway ${id} must be https://login.microsoftonline.com/{tenant id}/.`);
    if (!issuer || !GUID.test(issuer)) throw refuse('InvalidAadIssuer', `aadIssuer '${c.aadIssuer}' of virtual network gateway ${id} must be https://sts.windows.net/{tenant id}/ (with the trailing slash).`);
    if (tenant.toLowerCase() !== issuer.toLowerCase()) throw refuse('InvalidAadIssuer', `aadIssuer of virtual network gateway ${id} names tenant ${issuer} but aadTenant names ${tenant}.`);
    // Learn lists the Azure VPN Client's app ids and allows a custom audience (an app registration's id): any GUID.
    if (!GUID.test(c.aadAudience as string)) {
      throw refuse('InvalidAadAudience', `aadAudience '${c.aadAudience}' of virtual network gateway ${id} must be an application id (GUID), e.g. the Azure VPN Client's ${AZURE_VPN_CLIENT_AUDIENCES[0]}.`);
    }
  } else if (c.aadTenant || c.aadAudience || c.aadIssuer) {
    throw refuse('AadParametersWithoutAadAuthentication', `Virtual network gateway ${id} sets aadTenant/aadAudience/aadIssuer but vpnAuthenticationTypes does not include 'AAD'.`);
  }
  return {
    vpnClientAddressPool: { addressPrefixes: pool },
    vpnClientProtocols: protocols,
    vpnAuthenticationTypes: auth,
    ...(c.aadTenant ? { aadTenant: c.aadTenant, aadAudience: c.aadAudience, aadIssuer: c.aadIssuer } : {}),
  };
}

function putGateway(ctx: Ctx, group: ResourceRecord, name: string, existing: ResourceRecord | undefined): SimResponse {
  checkName(name, GATEWAY_NAME);
  const body = parseBody(VirtualNetworkGateway, ctx.body, 'network');
  assertNameMatches(body.name, name);
  const location = resolveLocation(body.location, T.vnetGateway, existing, group);
  validateTags(body.tags);
  checkPreconditions(ctx, existing);
  const id = existing?.id ?? topLevelId(group, T.vnetGateway, name);
  assertNotBusy(ctx, id);
  rejectNotSimulated(body as Record<string, unknown>, NOT_SIMULATED_ACCESS.VirtualNetworkGateway, '');
  const p = body.properties ?? {};
  rejectNotSimulated(p, NOT_SIMULATED_ACCESS.VirtualNetworkGatewayPropertiesFormat, 'properties.');
  if (p.enablePrivateIpAddress) throw notImplemented("Property 'properties.enablePrivateIpAddress'");

  const gatewayType = p.gatewayType ?? 'Vpn';
  if (gatewayType !== 'Vpn') throw notImplemented(`gatewayType '${gatewayType}'`, 'Vpn only');
  const vpnType = p.vpnType ?? 'RouteBased';
  const skuName = p.sku?.name;
  if (!skuName) throw refuse('VirtualNetworkGatewaySkuRequired', `Virtual network gateway ${id} must specify properties.sku.name.`);
  if (p.sku?.tier !== undefined && p.sku.tier !== skuName) {
    throw refuse('VirtualNetworkGatewaySkuTierMismatch', `Sku tier ${p.sku.tier} of virtual network gateway ${id} does not match sku name ${skuName}.`);
  }
  if (!VPN_SKUS.includes(skuName)) {
    throw refuse(
      'VirtualNetworkGatewaySkuNotSupported',
      `Sku ${skuName} cannot be used for a new virtual network gateway of type Vpn ${id}. Use Basic or VpnGw1-5(AZ) (https://learn.microsoft.com/azure/vpn-gateway/about-gateway-skus).`,
    );
  }
  const generation = p.vpnGatewayGeneration ?? (skuName === 'Basic' ? 'None' : 'Generation1');
  if (generation === 'Generation2' && ['Basic', 'VpnGw1', 'VpnGw1AZ'].includes(skuName)) {
    throw refuse('VpnGatewayGenerationNotSupportedForSku', `Sku ${skuName} of virtual network gateway ${id} is not available in Generation2; Generation2 starts at VpnGw2.`);
  }
  const enableBgp = p.enableBgp ?? false;
  const activeActive = p.activeActive ?? false;
  if (skuName === 'Basic' && (enableBgp || activeActive)) {
    throw refuse('FeatureNotSupportedOnBasicSku', `Virtual network gateway ${id} of sku Basic supports neither BGP nor active-active.`);
  }
  if (vpnType === 'PolicyBased' && p.vpnClientConfiguration) {
    throw refuse('PointToSiteNotSupportedOnPolicyBasedGateway', `Point-to-site configuration needs a route-based gateway; virtual network gateway ${id} is PolicyBased.`);
  }
  if (existing) {
    const before = existing.properties as unknown as StoredGateway;
    if (before.vpnType !== vpnType) throw refuse('VpnTypeCannotBeChanged', `The vpnType of virtual network gateway ${id} cannot be changed from ${before.vpnType} to ${vpnType}.`);
  }

  const configs = p.ipConfigurations ?? [];
  const wanted = activeActive ? 2 : 1;
  if (configs.length !== wanted) {
    throw refuse('InvalidNumberOfIpConfigurations', `Virtual network gateway ${id} with activeActive ${activeActive} must have ${wanted} ipConfiguration(s); the request has ${configs.length}.`);
  }
  let subnet: ResourceRecord | undefined;
  const stored: StoredAccessIpConfig[] = [];
  const pips = new Set<string>();
  configs.forEach((c, i) => {
    const cname = c.name ?? `ipconfig${i}`;
    if (stored.some((s) => s.name.toLowerCase() === cname.toLowerCase())) throw refuse('DuplicateResourceName', `Resource ${id} has two child resources with the same name (${cname}).`);
    if (c.properties?.privateIPAllocationMethod === 'Static') {
      throw refuse('InvalidPrivateIPAllocationMethod', `IpConfiguration ${cname} of virtual network gateway ${id} must use Dynamic private IP allocation.`);
    }
    const ref = c.properties?.subnet;
    if (!ref) throw refuse('GatewayIpConfigurationMissingSubnet', `IpConfiguration ${cname} of virtual network gateway ${id} must reference the subnet '${GATEWAY_SUBNET}'.`);
    const s = resolveReference(ctx, ref.id, T.subnet, id, location);
    if (s.name !== GATEWAY_SUBNET) {
      throw refuse('GatewaySubnetNameInvalid', `Virtual network gateway ${id} references subnet ${s.id}; a gateway must be in the subnet named '${GATEWAY_SUBNET}'.`);
    }
    if (subnet && !same(subnet.id, s.id)) throw refuse('GatewayIpConfigurationsInDifferentSubnets', `All ipConfigurations of virtual network gateway ${id} must reference the same GatewaySubnet.`);
    subnet = s;
    const pipRef = c.properties?.publicIPAddress;
    if (!pipRef) throw refuse('GatewayIpConfigurationMissingPublicIp', `IpConfiguration ${cname} of virtual network gateway ${id} must reference a public IP address.`);
    const pip = resolveReference(ctx, pipRef.id, T.pip, id, location);
    if (!isStandardStatic(pip)) {
      throw refuse('VirtualNetworkGatewayPublicIpMustBeStandardStatic', `Public IP address ${pip.id} used by virtual network gateway ${id} must be Standard SKU with Static allocation.`);
    }
    if (skuName.endsWith('AZ') && ((pip.properties.zones as string[] | undefined) ?? []).length === 0) {
      throw refuse(
        'VirtualNetworkGatewayAzSkuRequiresZonalPublicIp',
        `Virtual network gateway ${id} of sku ${skuName} needs a zone-redundant or zonal public IP address; ${pip.id} has no zones (https://learn.microsoft.com/azure/vpn-gateway/about-zone-redundant-vnet-gateway).`,
      );
    }
    if (pips.has(pip.id.toLowerCase())) throw refuse('DuplicateResourceReference', `Virtual network gateway ${id} references public IP address ${pip.id} twice.`);
    pips.add(pip.id.toLowerCase());
    const holder = publicIpHolder(ctx.state, pip.id);
    if (holder && !holder.toLowerCase().startsWith(`${id.toLowerCase()}/`)) {
      throw refuse('PublicIPAddressInUse', `Public IP address ${pip.id} is already in use by ${holder} and cannot be referenced by virtual network gateway ${id}.`);
    }
    stored.push({ name: cname, subnet: { id: s.id }, publicIPAddress: { id: pip.id } });
  });
  const gwSubnet = subnet as ResourceRecord;
  // GatewaySubnet is at least /29 (Learn's minimum; it recommends /27): subnets.ts refuses anything smaller anyway.
  const v4 = subnetPrefixes(gwSubnet).find((x) => x.version === 4) as Cidr;
  if ((gwSubnet.properties.networkSecurityGroup as { id?: string } | undefined)?.id) {
    throw refuse(
      'NetworkSecurityGroupNotSupportedOnGatewaySubnet',
      `Subnet ${gwSubnet.id} has a network security group; network security groups on the gateway subnet aren't supported (https://learn.microsoft.com/azure/vpn-gateway/vpn-gateway-about-vpn-gateway-settings#gwsub).`,
    );
  }
  if (existing) {
    const was = (existing.properties as unknown as StoredGateway).ipConfigurations[0]?.subnet.id;
    if (was && !same(was, gwSubnet.id)) throw refuse('GatewaySubnetCannotBeChanged', `The subnet of virtual network gateway ${id} cannot be changed from ${was} to ${gwSubnet.id}.`);
  }
  const other = recordsOfType(ctx.state, T.vnetGateway).find(
    (g) => !same(g.id, id) && (g.properties as unknown as StoredGateway).gatewayType === gatewayType && (g.properties as unknown as StoredGateway).ipConfigurations.some((c) => same(c.subnet.id, gwSubnet.id)),
  );
  if (other) {
    throw refuse('VirtualNetworkGatewayOfTypeAlreadyExists', `Virtual network ${gwSubnet.parentId} already has a virtual network gateway of type ${gatewayType} (${other.id}); a virtual network has one gateway of each type.`);
  }
  // Private addresses: the gateway instances take the first usable addresses of GatewaySubnet (x.x.x.4, .5).
  stored.forEach((s, i) => (s.privateIPAddress = fromBig(v4.start + 4n + BigInt(i), 4)));

  const vnet = gwSubnet.parentId ? getRecord(ctx.state, gwSubnet.parentId) : undefined;
  const vnetSpace = (((vnet?.properties.addressSpace as { addressPrefixes?: string[] } | undefined)?.addressPrefixes ?? []).map((t) => parseCidr(t)).filter((c): c is Cidr => !!c));
  const vpnClientConfiguration = p.vpnClientConfiguration ? checkVpnClient(id, skuName, vnetSpace, p.vpnClientConfiguration) : undefined;

  const op = startIn(ctx, NETWORK_LRO, {
    name: 'PutVirtualNetworkGatewayOperation',
    method: 'PUT',
    subscriptionId: group.subscriptionId,
    location,
    targetId: id,
    lockKey: id,
    touched: [id],
    latencyKey: T.vnetGateway,
  });
  const props: StoredGateway = {
    gatewayType: 'Vpn',
    vpnType,
    vpnGatewayGeneration: generation,
    sku: { name: skuName, tier: skuName },
    enableBgp,
    activeActive,
    ipConfigurations: stored,
    ...(vpnClientConfiguration ? { vpnClientConfiguration } : {}),
  };
  const rec: ResourceRecord = {
    ...newRecord(ctx, { id, type: T.vnetGateway, group, name, location, tags: body.tags, etag: newEtag(), existing, op }),
    resourceGuid: existing?.resourceGuid ?? randomUUID(),
    properties: {
      ...(props as unknown as Record<string, unknown>),
      [SUBNET_IP_CONFIGURATIONS]: stored.map((s) => ({ id: accessIpConfigId(id, T.vnetGateway, s.name), subnet: s.subnet })),
    },
  };
  putRecord(ctx.state, rec);
  return putAccepted(ctx, !existing, renderGateway(ctx.state, rec), op);
}

// ---- POST generatevpnclientpackage / generatevpnprofile ----------------------------------------------------------

/**
 * POST .../virtualNetworkGateways/{name}/generatevpnclientpackage | generatevpnprofile: 202 + Location; the result
 * is a JSON string, the URL of the profile zip. Azure's is a storage blob URL carrying a SAS token; the
 * simulator's points at itself, with no query string, so nothing secret-looking is ever returned.
 */
export function handleGenerateProfile(ctx: Ctx, group: ResourceRecord, name: string, action: 'generatevpnclientpackage' | 'generatevpnprofile'): SimResponse {
  if (ctx.method !== 'POST') throw methodNotAllowed(ctx.method, action);
  const gw = getRecord(ctx.state, topLevelId(group, T.vnetGateway, name));
  if (!gw) {
    throw notFound('ResourceNotFound', `The Resource '${T.vnetGateway}/${name}' under resource group '${group.name}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`);
  }
  const body = parseBody(VpnClientParameters, ctx.body === undefined || ctx.body === '' ? '{}' : ctx.body, 'network');
  rejectNotSimulated(body as Record<string, unknown>, NOT_SIMULATED_ACCESS.VpnClientParameters, '');
  assertProvisioned(ctx, gw, `${gw.id}/${action}`);
  if (!(gw.properties as unknown as StoredGateway).vpnClientConfiguration) {
    throw badRequest('VpnClientConfigurationNotSet', `Virtual network gateway ${gw.id} has no point-to-site configuration (properties.vpnClientConfiguration); there is no VPN client package to generate.`);
  }
  // One profile is generated at a time per gateway (the gateway's lock).
  assertNotBusy(ctx, gw.id);
  const op = startIn(ctx, NETWORK_LRO, {
    name: action === 'generatevpnclientpackage' ? GENERATE_OPERATIONS[0] : GENERATE_OPERATIONS[1],
    method: 'PUT',
    subscriptionId: gw.subscriptionId,
    location: gw.location as string,
    targetId: gw.id,
    lockKey: gw.id,
    touched: [],
    // Estimate (latency model, unconfirmed).
    latencyKey: `${T.vnetGateway}#vpnprofile`,
  });
  return empty(202, acceptedHeaders(ctx, NETWORK_LRO, op, { status: true, result: true }));
}

/** The Location result of a finished profile generation: 200 with the zip's URL as a JSON string; undefined otherwise. */
export function generatedProfileResult(ctx: Ctx, opId: string): SimResponse | undefined {
  const op = ctx.state.operations[opId];
  if (!op || op.namespace !== NETWORK || !GENERATE_OPERATIONS.includes(op.name) || op.status !== 'Succeeded' || ctx.method !== 'GET') return undefined;
  return json(200, `${ctx.url.origin}/vpnprofiles/${op.id}/vpnprofile.zip`);
}
