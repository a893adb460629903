// Network interfaces, minimal: enough for a subnet to be "in use" (ipConfigurations back-references,
// InUseSubnetCannotBeDeleted) and for an NSG to be associated with a NIC. Private IPs are allocated
// the way Azure does: first free address after the 4 reserved at the start of the subnet.
import { badRequest } from '../../errors.js';
import { NAME_RULES, checkName } from '../../names.js';
import { fromBig, parseIp } from '../../cidr.js';
import { NOT_SIMULATED, NetworkInterface } from '../../schemas/network.js';
import { parseBody } from '../../schemas/common.js';
import { newEtag, putRecord, recordsOfType, type CloudState, type ResourceRecord } from '../../state.js';
import { validateTags } from '../../tags.js';
import type { ArmResource, SimResponse } from '../../types.js';
import type { Ctx } from '../types.js';
import { assertNotBusy, checkPreconditions, deleteAccepted, handleTracked, NETWORK_LRO, putAccepted, resolveReference, T, topLevelId } from './common.js';
import { assertNameMatches, newRecord, resolveLocation } from '../kit/tracked.js';
import { rejectNotSimulated } from '../kit/not-simulated.js';
import { same } from '../kit/ids.js';
import { startIn } from '../kit/lro-style.js';
import { subnetPrefixes } from './subnets.js';
import { publicIpHolder } from './public-ip-addresses.js';
import { randomUUID } from 'node:crypto';
import { startDelete } from '../kit/delete.js';

export interface StoredIpConfig {
  name: string;
  subnet: { id: string };
  privateIPAddress: string;
  privateIPAllocationMethod: 'Static' | 'Dynamic';
  privateIPAddressVersion: 'IPv4' | 'IPv6';
  primary: boolean;
  /** An instance-level public IP (Standard, static, same region, held by nothing else). */
  publicIPAddress?: { id: string };
  /** Private endpoint NICs: the target's group, member and FQDNs this address serves. */
  privateLinkConnectionProperties?: { groupId: string; requiredMemberName: string; fqdns: string[] };
}

const ipConfigsOf = (nic: ResourceRecord): StoredIpConfig[] => (nic.properties.ipConfigurations as StoredIpConfig[] | undefined) ?? [];

/** The private endpoint that owns a NIC (its NIC is managed by Network RP, not by the user). */
const ownerPrivateEndpoint = (nic: ResourceRecord): string | undefined => (nic.properties.privateEndpoint as { id?: string } | undefined)?.id;

/** Addresses already allocated in a subnet (address -> ip configuration id), excluding one NIC. */
export function addressesTaken(state: CloudState, subnetId: string, excludeNicId?: string): Map<string, string> {
  const taken = new Map<string, string>();
  for (const other of recordsOfType(state, T.nic)) {
    if (excludeNicId !== undefined && same(other.id, excludeNicId)) continue;
    for (const oc of ipConfigsOf(other)) if (same(oc.subnet.id, subnetId)) taken.set(oc.privateIPAddress, `${other.id}/ipConfigurations/${oc.name}`);
  }
  return taken;
}

/**
 * NICs other providers place in a subnet without a networkInterfaces record of their own (AKS node scale sets
 * and a private cluster's API server endpoint, Azure ML compute nodes): the owning record lists them under
 * this properties member, and the subnet counts them among its ipConfigurations (so it is in use).
 */
export const SUBNET_IP_CONFIGURATIONS = 'subnetIpConfigurations';

export interface ExternalIpConfiguration {
  /** The NIC IP configuration's id (in the owner's managed resource group or a service subscription). */
  id: string;
  subnet: { id: string };
}

/** Ids of the NIC IP configurations placed in a subnet (the subnet's ipConfigurations back-reference). */
export function ipConfigurationsIn(state: CloudState, subnetId: string): string[] {
  const own = recordsOfType(state, T.nic).flatMap((nic) =>
    ipConfigsOf(nic)
      .filter((c) => same(c.subnet.id, subnetId))
      .map((c) => `${nic.id}/ipConfigurations/${c.name}`),
  );
  const external = Object.values(state.resources)
    .sort((a, b) => a.createdAt - b.createdAt)
    .flatMap((r) => ((r.properties[SUBNET_IP_CONFIGURATIONS] as ExternalIpConfiguration[] | undefined) ?? []).filter((c) => same(c.subnet.id, subnetId)).map((c) => c.id));
  return [...own, ...external];
}

export function nicsUsingNsg(state: CloudState, nsgId: string): string[] {
  return recordsOfType(state, T.nic)
    .filter((nic) => same((nic.properties.networkSecurityGroup as { id?: string } | undefined)?.id, nsgId))
    .map((nic) => nic.id);
}

const VM_TYPE = 'Microsoft.Compute/virtualMachines';

/** The VM whose networkProfile lists the NIC (records of the Compute provider, read by type). */
export function vmUsingNic(state: CloudState, nicId: string): string | undefined {
  return recordsOfType(state, VM_TYPE).find((vm) =>
    (((vm.properties.networkProfile as { networkInterfaces?: { id?: string }[] } | undefined)?.networkInterfaces) ?? []).some((n) => same(n.id, nicId)),
  )?.id;
}

/**
 * Subnets kept for one service, where a NIC is refused: GatewaySubnet and AzureBastionSubnet (Learn: "don't
 * deploy anything else" there; the refusal itself is unconfirmed) and subnets delegated to the DNS resolver
 * (Learn dns-private-resolver-overview "Subnet restrictions": the subnet can't be used for other services).
 */
function reservedSubnetReason(subnet: ResourceRecord): string | undefined {
  if (subnet.name === 'GatewaySubnet' || subnet.name === 'AzureBastionSubnet') return `subnet ${subnet.name} is reserved for its service`;
  const delegated = ((subnet.properties.delegations as { serviceName: string }[] | undefined) ?? []).find((d) => d.serviceName.toLowerCase() === 'microsoft.network/dnsresolvers');
  return delegated ? 'the subnet is delegated to Microsoft.Network/dnsResolvers' : undefined;
}

export function renderNic(state: CloudState, rec: ResourceRecord): ArmResource {
  const p = rec.properties;
  const vm = vmUsingNic(state, rec.id);
  return {
    name: rec.name,
    id: rec.id,
    etag: rec.etag,
    type: T.nic,
    location: rec.location,
    ...(rec.tags ? { tags: rec.tags } : {}),
    properties: {
      provisioningState: rec.provisioningState,
      resourceGuid: rec.resourceGuid,
      ipConfigurations: ipConfigsOf(rec).map((c) => ({
        name: c.name,
        id: `${rec.id}/ipConfigurations/${c.name}`,
        etag: rec.etag,
        type: T.ipConfig,
        properties: {
          provisioningState: rec.provisioningState,
          privateIPAddress: c.privateIPAddress,
          privateIPAllocationMethod: c.privateIPAllocationMethod,
          subnet: c.subnet,
          primary: c.primary,
          privateIPAddressVersion: c.privateIPAddressVersion,
          ...(c.publicIPAddress ? { publicIPAddress: c.publicIPAddress } : {}),
          ...(c.privateLinkConnectionProperties ? { privateLinkConnectionProperties: c.privateLinkConnectionProperties } : {}),
        },
      })),
      dnsSettings: { dnsServers: [], appliedDnsServers: [], ...((p.dnsSettings as object | undefined) ?? {}) },
      enableAcceleratedNetworking: p.enableAcceleratedNetworking ?? false,
      vnetEncryptionSupported: false,
      enableIPForwarding: p.enableIPForwarding ?? false,
      disableTcpStateTracking: p.disableTcpStateTracking ?? false,
      ...(p.networkSecurityGroup ? { networkSecurityGroup: p.networkSecurityGroup } : {}),
      ...(p.privateEndpoint ? { privateEndpoint: p.privateEndpoint } : {}),
      ...(vm ? { virtualMachine: { id: vm } } : {}),
      hostedWorkloads: [],
      tapConfigurations: [],
      nicType: p.nicType ?? 'Standard',
      ...(p.workloadType !== undefined ? { workloadType: p.workloadType } : {}),
    },
  };
}

/** /networkInterfaces/{name} */
export function handleNic(ctx: Ctx, group: ResourceRecord, name: string, existing: ResourceRecord | undefined): SimResponse {
  return handleTracked(ctx, {
    type: T.nic,
    label: 'network interface',
    name,
    group,
    existing,
    render: renderNic,
    put: () => putNic(ctx, group, name, existing),
    remove: (existing) => {
      const pe = ownerPrivateEndpoint(existing);
      if (pe) {
        throw badRequest(
          'InUseNetworkInterfaceCannotBeDeleted',
          `Network interface ${existing.id} is used by existing resource ${pe}. In order to delete the network interface, it must be dissociated from the resource. To learn more, see aka.ms/deletenic.`,
        );
      }
      const vm = vmUsingNic(ctx.state, existing.id);
      if (vm) {
        // Azure's wording (hashicorp/packer Azure builder logs; Azure/azure-cli-extensions and bosh-azure-cpi issues).
        throw badRequest(
          'NicInUse',
          `Network Interface ${existing.id} is used by existing resource ${vm}. In order to delete the network interface, it must be dissociated from the resource. To learn more, see aka.ms/deletenic.`,
        );
      }
      return deleteAccepted(ctx, startDelete(ctx, NETWORK_LRO, { name: 'DeleteNicOperation', target: existing }));
    },
  });
}

function putNic(ctx: Ctx, group: ResourceRecord, name: string, existing: ResourceRecord | undefined): SimResponse {
  checkName(name, NAME_RULES.networkInterface);
  const body = parseBody(NetworkInterface, ctx.body, 'network');
  assertNameMatches(body.name, name);
  const location = resolveLocation(body.location, T.nic, existing, group);
  validateTags(body.tags);
  checkPreconditions(ctx, existing);
  const id = existing?.id ?? topLevelId(group, T.nic, name);
  if (existing) assertNotBusy(ctx, id);
  const pe = existing ? ownerPrivateEndpoint(existing) : undefined;
  if (pe) {
    throw badRequest('CannotModifyNicAttachedToPrivateEndpoint', `Network interface ${id} is managed by private endpoint ${pe} and cannot be modified.`);
  }
  rejectNotSimulated(body as Record<string, unknown>, NOT_SIMULATED.NetworkInterface, '');
  const p = body.properties ?? {};
  rejectNotSimulated(p, NOT_SIMULATED.NetworkInterfacePropertiesFormat, 'properties.');

  const configs = p.ipConfigurations ?? [];
  if (configs.length === 0) {
    throw badRequest('NetworkInterfaceMustHaveIpConfiguration', `Network interface ${id} must have at least one IP configuration.`);
  }
  const stored: StoredIpConfig[] = [];
  configs.forEach((c, i) => {
    checkName(c.name ?? '', NAME_RULES.ipConfiguration);
    const cfgName = c.name as string;
    const cfgId = `${id}/ipConfigurations/${cfgName}`;
    if (stored.some((s) => s.name.toLowerCase() === cfgName.toLowerCase())) {
      throw badRequest('DuplicateResourceName', `Resource ${id} has two child resources with the same name (${cfgName}).`);
    }
    const cp = c.properties ?? {};
    rejectNotSimulated(cp, NOT_SIMULATED.NetworkInterfaceIPConfigurationPropertiesFormat, `properties.ipConfigurations[${i}].properties.`);
    if (!cp.subnet) throw badRequest('SubnetRequiredForIpConfiguration', `IP configuration ${cfgId} must reference a subnet.`);
    const subnet = resolveReference(ctx, cp.subnet.id, T.subnet, id, location);
    const reserved = reservedSubnetReason(subnet);
    if (reserved) throw badRequest('SubnetNotAllowedForNetworkInterface', `IP configuration ${cfgId} cannot be placed in subnet ${subnet.id}: ${reserved}.`);
    for (const asg of cp.applicationSecurityGroups ?? []) resolveReference(ctx, asg.id, 'Microsoft.Network/applicationSecurityGroups', id, location);
    const method = cp.privateIPAllocationMethod ?? (cp.privateIPAddress ? 'Static' : 'Dynamic');
    const previous = existing ? ipConfigsOf(existing).find((x) => x.name.toLowerCase() === cfgName.toLowerCase() && same(x.subnet.id, subnet.id)) : undefined;
    const taken = addressesTaken(ctx.state, subnet.id, id);
    for (const s of stored) if (same(s.subnet.id, subnet.id)) taken.set(s.privateIPAddress, `${id}/ipConfigurations/${s.name}`);
    const address =
      method === 'Static'
        ? staticAddress(cp.privateIPAddress, subnet, cfgId, taken)
        : previous?.privateIPAddress ?? dynamicAddress(subnet, taken);
    if (cp.publicIPAddress) {
      const pip = resolveReference(ctx, cp.publicIPAddress.id, T.pip, id, location);
      const holder = publicIpHolder(ctx.state, pip.id);
      if (holder && !same(holder, cfgId)) {
        throw badRequest('PublicIPAddressInUse', `Public IP address ${pip.id} is already in use by ${holder} and cannot be referenced by ${cfgId}.`);
      }
    }
    stored.push({
      name: cfgName,
      subnet: { id: cp.subnet.id },
      ...(cp.publicIPAddress ? { publicIPAddress: { id: cp.publicIPAddress.id } } : {}),
      privateIPAddress: address,
      privateIPAllocationMethod: method,
      privateIPAddressVersion: cp.privateIPAddressVersion ?? 'IPv4',
      primary: cp.primary ?? false,
    });
  });
  const primaries = stored.filter((s) => s.primary).length;
  if (primaries > 1) throw badRequest('MultiplePrimaryIpConfigurations', `Network interface ${id} has more than one primary IP configuration.`);
  if (primaries === 0) stored[0].primary = true;
  if (p.networkSecurityGroup) resolveReference(ctx, p.networkSecurityGroup.id, T.nsg, id, location);

  const op = startIn(ctx, NETWORK_LRO, {
    name: 'PutNicOperation',
    method: 'PUT',
    subscriptionId: group.subscriptionId,
    location,
    targetId: id,
    lockKey: id,
    touched: [id],
    latencyKey: T.nic,
  });
  const rec: ResourceRecord = {
    ...newRecord(ctx, { id, type: T.nic, group, name, location, tags: body.tags, etag: newEtag(), existing, op }),
    resourceGuid: existing?.resourceGuid ?? randomUUID(),
    properties: {
      ipConfigurations: stored,
      ...(p.networkSecurityGroup ? { networkSecurityGroup: { id: p.networkSecurityGroup.id } } : {}),
      ...(p.dnsSettings ? { dnsSettings: { dnsServers: p.dnsSettings.dnsServers ?? [], ...(p.dnsSettings.internalDnsNameLabel ? { internalDnsNameLabel: p.dnsSettings.internalDnsNameLabel } : {}) } } : {}),
      ...(p.enableAcceleratedNetworking !== undefined ? { enableAcceleratedNetworking: p.enableAcceleratedNetworking } : {}),
      ...(p.enableIPForwarding !== undefined ? { enableIPForwarding: p.enableIPForwarding } : {}),
      ...(p.disableTcpStateTracking !== undefined ? { disableTcpStateTracking: p.disableTcpStateTracking } : {}),
      ...(p.nicType !== undefined ? { nicType: p.nicType } : {}),
      ...(p.workloadType !== undefined ? { workloadType: p.workloadType } : {}),
    },
  };
  putRecord(ctx.state, rec);
  return putAccepted(ctx, !existing, renderNic(ctx.state, rec), op);
}

function firstPrefix(subnet: ResourceRecord) {
  const prefix = subnetPrefixes(subnet).find((c) => c.version === 4);
  if (!prefix) throw badRequest('SubnetHasNoIPv4Prefix', `Subnet ${subnet.id} has no IPv4 address prefix.`);
  return prefix;
}

/** Azure reserves the first four addresses and the last one of every subnet. */
export function dynamicAddress(subnet: ResourceRecord, taken: Map<string, string>): string {
  const prefix = firstPrefix(subnet);
  for (let a = prefix.start + 4n; a < prefix.end; a++) {
    const text = fromBig(a, 4);
    if (!taken.has(text)) return text;
  }
  throw badRequest('SubnetIsFull', `Subnet ${subnet.name} with address prefix ${prefix.text} does not have enough capacity for 1 IP addresses.`);
}

export function staticAddress(given: string | undefined, subnet: ResourceRecord, cfgId: string, taken: Map<string, string>): string {
  const ip = given !== undefined ? parseIp(given) : undefined;
  if (!ip || ip.version !== 4) throw badRequest('InvalidPrivateIPAddress', `IP configuration ${cfgId} has an invalid private IP address '${given ?? ''}'.`);
  const prefix = subnetPrefixes(subnet).find((c) => c.version === 4 && c.start <= ip.value && ip.value <= c.end);
  if (!prefix) {
    throw badRequest('PrivateIPAddressNotInSubnet', `IP configuration ${cfgId} is referencing a private IP address ${given} which is not within subnet ${subnet.id}.`);
  }
  if (ip.value < prefix.start + 4n || ip.value === prefix.end) {
    throw badRequest('PrivateIPAddressInReservedRange', `Private static IP address ${given} falls within reserved IP range of subnet prefix ${prefix.text}.`);
  }
  const holder = taken.get(given as string);
  if (holder) {
    throw badRequest('PrivateIPAddressInUse', `IP configuration ${cfgId} is using the private IP address ${given} which is already allocated to resource ${holder}.`);
  }
  return given as string;
}
