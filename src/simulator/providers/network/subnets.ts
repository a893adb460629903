// Subnets: validation shared by the VNet PUT (inline list) and the subnet child resource, rendering,
// and the child resource's GET/PUT/DELETE/list with its own LRO.
import { badRequest } from '../../errors.js';
import { NAME_RULES, checkName } from '../../names.js';
import { contains, hasHostBits, networkAddress, overlaps, parseCidr, type Cidr } from '../../cidr.js';
import { NOT_SIMULATED, Subnet, type SubnetPropertiesBody } from '../../schemas/network.js';
import { parseBody } from '../../schemas/common.js';
import { childrenOf, newEtag, putRecord, recordsOfType, type CloudState, type ResourceRecord } from '../../state.js';
import type { ArmResource, SimResponse } from '../../types.js';
import type { Ctx } from '../types.js';
import { assertNotBusy, checkPreconditions, deleteAccepted, handleChild, NETWORK_LRO, putAccepted, resolveReference, T } from './common.js';
import { assertNameMatches, newRecord } from '../kit/tracked.js';
import { childId } from '../kit/serve.js';
import { rejectNotSimulated } from '../kit/not-simulated.js';
import { same } from '../kit/ids.js';
import { startIn } from '../kit/lro-style.js';
import { normalizeServiceEndpoint } from './service-endpoints.js';
import { ipConfigurationsIn } from './network-interfaces.js';
import { startDelete } from '../kit/delete.js';
import { assertBastionNsgCompliant, BASTION_SUBNET } from './bastion-hosts.js';
import { dnsEndpointsIn } from './dns-resolvers.js';

interface VnetShape {
  id: string;
  name: string;
  location: string;
  prefixes: Cidr[];
}

export interface NormalizedSubnet {
  name: string;
  id: string;
  prefixes: Cidr[];
  properties: Record<string, unknown>;
}

/** Association-only members: changing only these is the faster '#association' operation. */
const ASSOCIATIONS = ['networkSecurityGroup', 'routeTable', 'natGateway', 'serviceEndpointPolicies'];

function checkPrefix(text: string, subnetId: string, subnetName: string, vnet: VnetShape): Cidr {
  const c = parseCidr(text);
  if (!c) {
    throw badRequest(
      'InvalidAddressPrefixFormat',
      `Address prefix ${text} of resource ${subnetId} is not formatted correctly. It should follow CIDR notation, for example 10.0.0.0/24.`,
    );
  }
  if (hasHostBits(c)) {
    throw badRequest(
      'InvalidCIDRNotation',
      `The address prefix ${text} in resource ${subnetId} has an invalid CIDR notation. For the given prefix length, the address prefix should be ${networkAddress(c)}.`,
    );
  }
  // Azure's smallest subnets: /29 for IPv4; IPv6 subnets must be exactly /64.
  if ((c.version === 4 && c.prefix > 29) || (c.version === 6 && c.prefix !== 64)) {
    throw badRequest('NetcfgInvalidSubnet', `Subnet '${subnetName}' is not valid in virtual network '${vnet.name}'.`);
  }
  if (!vnet.prefixes.some((space) => contains(space, c))) {
    throw badRequest(
      'NetcfgSubnetRangeOutsideVnet',
      `Subnet '${subnetName}' is not valid because its IP address range is outside the IP address range of virtual network '${vnet.name}'.`,
    );
  }
  return c;
}

/** Validates one subnet definition against its VNet and resolves its references. */
export function normalizeSubnet(ctx: Ctx, vnet: VnetShape, name: string | undefined, props: SubnetPropertiesBody | undefined, path: string): NormalizedSubnet {
  checkName(name ?? '', NAME_RULES.subnet);
  const subnetName = name as string;
  const id = childId(vnet.id, T.subnet, subnetName);
  const p = props ?? {};
  rejectNotSimulated(p, NOT_SIMULATED.SubnetPropertiesFormat, `${path}properties.`);

  let texts: string[];
  if (p.addressPrefix !== undefined && p.addressPrefixes !== undefined) {
    const same = p.addressPrefixes.length === 1 && p.addressPrefixes[0] === p.addressPrefix;
    if (!same) {
      throw badRequest('InvalidRequestFormat', `Subnet ${id} specifies both addressPrefix and addressPrefixes with different values.`);
    }
    texts = [p.addressPrefix];
  } else {
    texts = p.addressPrefix !== undefined ? [p.addressPrefix] : (p.addressPrefixes ?? []);
  }
  if (texts.length === 0) {
    throw badRequest('NoAddressPrefixOrPoolProvided', `No address prefix or IPAM pool is provided for subnet ${id}.`);
  }
  const prefixes = texts.map((t) => checkPrefix(t, id, subnetName, vnet));
  for (let i = 0; i < prefixes.length; i++) {
    for (let j = i + 1; j < prefixes.length; j++) {
      if (overlaps(prefixes[i], prefixes[j])) {
        throw badRequest('NetcfgSubnetRangesOverlap', `Subnet '${subnetName}' has overlapping address prefixes ${texts[i]} and ${texts[j]}.`);
      }
    }
  }

  const out: Record<string, unknown> = {};
  if (p.addressPrefix !== undefined) out.addressPrefix = p.addressPrefix;
  else out.addressPrefixes = p.addressPrefixes;
  const refer = (refId: string, type: string) => resolveReference(ctx, refId, type, id, vnet.location);
  if (p.networkSecurityGroup) {
    const nsg = refer(p.networkSecurityGroup.id, T.nsg);
    // An NSG on AzureBastionSubnet must carry Learn's bastion-nsg rules, bastion or not (Azure/bicep-ptn-aiml-landing-zone#168).
    if (subnetName === BASTION_SUBNET) assertBastionNsgCompliant(ctx.state, nsg.id);
    out.networkSecurityGroup = { id: p.networkSecurityGroup.id };
  }
  if (p.routeTable) {
    const table = refer(p.routeTable.id, 'Microsoft.Network/routeTables');
    // Azure refuses any route table on the Bastion subnet (MicrosoftDocs/azure-docs#40561,
    // Azure/terraform-azurerm-avm-ptn-hubnetworking#80; Learn bastion-faq: UDR not supported there).
    if (subnetName === BASTION_SUBNET) {
      throw badRequest('RouteTableCannotBeAttachedForAzureBastionSubnet', `Route Table ${table.name} cannot be attached to Azure Bastion Subnet ${BASTION_SUBNET}.`);
    }
    out.routeTable = { id: p.routeTable.id };
  }
  if (p.natGateway) {
    refer(p.natGateway.id, 'Microsoft.Network/natGateways');
    out.natGateway = { id: p.natGateway.id };
  }
  if (p.ipAllocations && p.ipAllocations.length > 0) {
    for (const a of p.ipAllocations) refer(a.id, 'Microsoft.Network/IpAllocations');
    out.ipAllocations = p.ipAllocations.map((a) => ({ id: a.id }));
  }
  if (p.serviceEndpoints && p.serviceEndpoints.length > 0) {
    const endpoints = p.serviceEndpoints.map((e) => normalizeServiceEndpoint(e.service, e.locations, vnet.location));
    const dup = endpoints.find((e, i) => endpoints.findIndex((x) => x.service === e.service) !== i);
    if (dup) throw badRequest('DuplicateServiceEndpointsOnSubnet', `Subnet ${id} has duplicate service endpoint ${dup.service}.`);
    out.serviceEndpoints = endpoints;
  }
  if (p.serviceEndpointPolicies && p.serviceEndpointPolicies.length > 0) {
    // A policy must exist in the VNet's region and only applies to traffic of the storage service endpoint.
    for (const sep of p.serviceEndpointPolicies) refer(sep.id, T.sep);
    const dup = p.serviceEndpointPolicies.find((x, i) => p.serviceEndpointPolicies?.findIndex((y) => same(x.id, y.id)) !== i);
    if (dup) throw badRequest('DuplicateServiceEndpointPolicyOnSubnet', `Subnet ${id} references service endpoint policy ${dup.id} twice.`);
    const endpoints = (out.serviceEndpoints as { service: string }[] | undefined) ?? [];
    if (!endpoints.some((e) => e.service === 'Microsoft.Storage' || e.service === 'Microsoft.Storage.Global')) {
      throw badRequest(
        'ServiceEndpointPolicyCannotBeAppliedWithoutServiceEndpoint',
        `Service endpoint policy ${p.serviceEndpointPolicies[0].id} cannot be applied to subnet ${id} because the subnet has no Microsoft.Storage service endpoint. Add the Microsoft.Storage service endpoint to the subnet.`,
      );
    }
    out.serviceEndpointPolicies = p.serviceEndpointPolicies.map((s) => ({ id: s.id }));
  }
  out.delegations = (p.delegations ?? []).map((d, i) => {
    checkName(d.name ?? '', NAME_RULES.subnet);
    const serviceName = d.properties?.serviceName;
    if (!serviceName || !/^[A-Za-z0-9.]+\/[A-Za-z0-9./]+$/.test(serviceName)) {
      throw badRequest('InvalidServiceNameOnDelegation', `Delegation ${d.name ?? i} on subnet ${id} has an invalid service name '${serviceName ?? ''}'.`);
    }
    return { name: d.name, serviceName };
  });
  if (p.privateEndpointNetworkPolicies !== undefined) out.privateEndpointNetworkPolicies = p.privateEndpointNetworkPolicies;
  if (p.privateLinkServiceNetworkPolicies !== undefined) out.privateLinkServiceNetworkPolicies = p.privateLinkServiceNetworkPolicies;
  if (p.defaultOutboundAccess !== undefined) out.defaultOutboundAccess = p.defaultOutboundAccess;
  if (p.sharingScope !== undefined) out.sharingScope = p.sharingScope;
  return { name: subnetName, id, prefixes, properties: out };
}

/** Subnets of one VNet must not overlap each other. */
export function assertNoOverlaps(vnetName: string, subnets: Pick<NormalizedSubnet, 'name' | 'prefixes'>[]): void {
  for (let i = 0; i < subnets.length; i++) {
    for (let j = 0; j < i; j++) {
      if (subnets[i].prefixes.some((a) => subnets[j].prefixes.some((b) => overlaps(a, b)))) {
        throw badRequest(
          'NetcfgSubnetRangesOverlap',
          `Subnet '${subnets[i].name}' is not valid because its IP address range overlaps with that of an existing subnet '${subnets[j].name}' in virtual network '${vnetName}'.`,
        );
      }
    }
  }
}

export function subnetPrefixes(rec: ResourceRecord): Cidr[] {
  const p = rec.properties;
  const texts = typeof p.addressPrefix === 'string' ? [p.addressPrefix] : ((p.addressPrefixes as string[] | undefined) ?? []);
  return texts.map((t) => parseCidr(t)).filter((c): c is Cidr => c !== undefined);
}

export function inUseError(subnet: ResourceRecord, users: string[]): Error {
  return badRequest(
    'InUseSubnetCannotBeDeleted',
    `Subnet ${subnet.name} is in use by ${users.join(', ')} and cannot be deleted. In order to delete the subnet, delete all the resources within the subnet. See aka.ms/deletesubnet.`,
  );
}

export function renderSubnet(state: CloudState, rec: ResourceRecord): ArmResource {
  const p = rec.properties;
  const ipConfigurations = ipConfigurationsIn(state, rec.id);
  const privateEndpoints = recordsOfType(state, T.pe)
    .filter((pe) => same((pe.properties.subnet as { id: string }).id, rec.id))
    .sort((a, b) => a.createdAt - b.createdAt)
    .map((pe) => pe.id);
  const endpoints = p.serviceEndpoints as { service: string; locations: string[] }[] | undefined;
  const delegations = (p.delegations as { name: string; serviceName: string }[] | undefined) ?? [];
  // The DNS resolver's service association link (its id as MicrosoftDocs/azure-docs#107008 quotes it).
  const dnsLinks = dnsEndpointsIn(state, rec.id).length > 0 ? [{ name: 'dnsResolverLink', id: `${rec.id}/serviceAssociationLinks/dnsResolverLink`, type: 'Microsoft.Network/virtualNetworks/subnets/serviceAssociationLinks', properties: { provisioningState: 'Succeeded', linkedResourceType: 'Microsoft.Network/dnsResolvers', allowDelete: false } }] : [];
  return {
    name: rec.name,
    id: rec.id,
    etag: rec.etag,
    type: T.subnet,
    properties: {
      provisioningState: rec.provisioningState,
      ...(p.addressPrefix !== undefined ? { addressPrefix: p.addressPrefix } : { addressPrefixes: p.addressPrefixes }),
      ...(p.networkSecurityGroup ? { networkSecurityGroup: p.networkSecurityGroup } : {}),
      ...(p.routeTable ? { routeTable: p.routeTable } : {}),
      ...(p.natGateway ? { natGateway: p.natGateway } : {}),
      ...(endpoints ? { serviceEndpoints: endpoints.map((e) => ({ provisioningState: rec.provisioningState, service: e.service, locations: e.locations })) } : {}),
      ...(p.serviceEndpointPolicies ? { serviceEndpointPolicies: p.serviceEndpointPolicies } : {}),
      ...(p.ipAllocations ? { ipAllocations: p.ipAllocations } : {}),
      ...(ipConfigurations.length > 0 ? { ipConfigurations: ipConfigurations.map((id) => ({ id })) } : {}),
      ...(privateEndpoints.length > 0 ? { privateEndpoints: privateEndpoints.map((id) => ({ id })) } : {}),
      ...(dnsLinks.length > 0 ? { serviceAssociationLinks: dnsLinks } : {}),
      delegations: delegations.map((d) => ({
        name: d.name,
        id: `${rec.id}/delegations/${d.name}`,
        etag: rec.etag,
        type: 'Microsoft.Network/virtualNetworks/subnets/delegations',
        properties: { provisioningState: rec.provisioningState, serviceName: d.serviceName, actions: ['Microsoft.Network/virtualNetworks/subnets/action'] },
      })),
      privateEndpointNetworkPolicies: p.privateEndpointNetworkPolicies ?? 'Disabled',
      privateLinkServiceNetworkPolicies: p.privateLinkServiceNetworkPolicies ?? 'Enabled',
      ...(p.defaultOutboundAccess !== undefined ? { defaultOutboundAccess: p.defaultOutboundAccess } : {}),
      ...(p.sharingScope !== undefined ? { sharingScope: p.sharingScope } : {}),
    },
  };
}

/** True when only association members (NSG, route table, NAT gateway, service endpoint policies) differ. */
function associationOnly(before: Record<string, unknown>, after: Record<string, unknown>): boolean {
  const strip = (o: Record<string, unknown>) => JSON.stringify(Object.fromEntries(Object.entries(o).filter(([k]) => !ASSOCIATIONS.includes(k)).sort()));
  const pick = (o: Record<string, unknown>) => JSON.stringify(ASSOCIATIONS.map((k) => o[k] ?? null));
  return strip(before) === strip(after) && pick(before) !== pick(after);
}

function vnetShape(vnet: ResourceRecord): VnetShape {
  const texts = ((vnet.properties.addressSpace as { addressPrefixes?: string[] } | undefined)?.addressPrefixes ?? []);
  return { id: vnet.id, name: vnet.name, location: vnet.location as string, prefixes: texts.map((t) => parseCidr(t)).filter((c): c is Cidr => !!c) };
}

/** /virtualNetworks/{vnet}/subnets[/{name}] */
export function handleSubnets(ctx: Ctx, vnet: ResourceRecord | undefined, vnetName: string, name: string | undefined): SimResponse {
  return handleChild(ctx, {
    type: T.subnet,
    label: 'subnet',
    collectionLabel: 'subnet',
    parent: vnet,
    parentName: vnetName,
    name,
    render: renderSubnet,
    put: (parent, n, existing) => putSubnet(ctx, parent, n, existing),
    remove: (parent, existing) => {
      const users = ipConfigurationsIn(ctx.state, existing.id);
      if (users.length > 0) throw inUseError(existing, users);
      const op = startDelete(ctx, NETWORK_LRO, { name: 'DeleteSubnetOperation', target: existing, parent });
      parent.etag = newEtag();
      return deleteAccepted(ctx, op);
    },
  });
}

function putSubnet(ctx: Ctx, vnet: ResourceRecord, name: string, existing: ResourceRecord | undefined): SimResponse {
  checkName(name, NAME_RULES.subnet);
  const body = parseBody(Subnet, ctx.body, 'network');
  assertNameMatches(body.name, name);
  checkPreconditions(ctx, existing);
  assertNotBusy(ctx, vnet.id);
  const canonicalName = existing?.name ?? name;
  const normalized = normalizeSubnet(ctx, vnetShape(vnet), canonicalName, body.properties, '');
  const siblings = childrenOf(ctx.state, vnet.id, T.subnet)
    .filter((s) => !same(s.id, normalized.id))
    .map((s) => ({ name: s.name, prefixes: subnetPrefixes(s) }));
  assertNoOverlaps(vnet.name, [...siblings, normalized]);
  if (existing && ipConfigurationsIn(ctx.state, existing.id).length > 0 && prefixesChanged(existing, normalized)) {
    throw badRequest('InUseSubnetCannotBeUpdated', `Subnet ${existing.name} is in use and its address prefix cannot be updated.`);
  }
  const users = existing ? ipConfigurationsIn(ctx.state, existing.id) : [];
  const services = (props: Record<string, unknown>) => ((props.delegations as { serviceName: string }[] | undefined) ?? []).map((d) => d.serviceName).sort();
  if (existing && users.length > 0 && JSON.stringify(services(existing.properties)) !== JSON.stringify(services(normalized.properties))) {
    // Azure's wording (MicrosoftDocs/azure-docs#39112).
    throw badRequest(
      'SubnetDelegationsCannotChangeWhenSubnetUsedByResource',
      `Delegations of subnet ${existing.id} cannot be changed from [${services(existing.properties).join(',')}] to [${services(normalized.properties).join(',')}] because it is being used by the resource ${users[0]}.`,
    );
  }

  const latencyKey = existing && associationOnly(existing.properties, normalized.properties) ? `${T.subnet}#association` : T.subnet;
  const op = startIn(ctx, NETWORK_LRO, {
    name: 'PutSubnetOperation',
    method: 'PUT',
    subscriptionId: vnet.subscriptionId,
    location: vnet.location as string,
    targetId: normalized.id,
    lockKey: vnet.id,
    touched: [normalized.id],
    latencyKey: latencyKey,
  });
  const rec = writeSubnet(ctx, vnet, normalized, existing, op.id, newEtag());
  vnet.etag = newEtag();
  return putAccepted(ctx, !existing, renderSubnet(ctx.state, rec), op);
}

function prefixesChanged(existing: ResourceRecord, next: NormalizedSubnet): boolean {
  const a = subnetPrefixes(existing).map((c) => c.text).sort().join(',');
  const b = next.prefixes.map((c) => c.text).sort().join(',');
  return a !== b;
}

export function writeSubnet(ctx: Ctx, vnet: ResourceRecord, s: NormalizedSubnet, existing: ResourceRecord | undefined, opId: string, etag: string): ResourceRecord {
  const rec: ResourceRecord = {
    ...newRecord(ctx, { id: existing?.id ?? s.id, type: T.subnet, parent: vnet, name: s.name, etag, existing, op: { id: opId } }),
    properties: s.properties,
  };
  putRecord(ctx.state, rec);
  return rec;
}
