// Azure Bastion (bastionHosts): one ipConfiguration in the VNet's subnet named AzureBastionSubnet (/26 or larger)
// with a Standard static public IP of its region; Standard-only features refused on Basic. Its ipConfiguration is a
// `subnetIpConfigurations` entry (the subnet lists it and cannot be deleted) and its public IP renders it back.
// Sources: https://learn.microsoft.com/azure/bastion/configuration-settings (SKUs and their features, subnet
// AzureBastionSubnet /26 or larger, Standard static public IP in the bastion's region), .../bastion-faq (/26 since
// 2021-11-02; MicrosoftDocs/azure-docs#106102), .../configure-host-scaling (2 to 50 instances, Standard),
// .../bastion-nsg (the NSG rules AzureBastionSubnet needs; NetworkSecurityGroupNotCompliantForAzureBastionSubnet:
// Azure/azure-quickstart-templates#8655, Azure/GPT-RAG#223).
import { randomUUID } from 'node:crypto';
import { badRequest } from '../../errors.js';
import { checkName } from '../../names.js';
import { parseCidr, parseIp } from '../../cidr.js';
import { BastionHost, NOT_SIMULATED_ACCESS } from '../../schemas/network-access.js';
import { parseBody } from '../../schemas/common.js';
import { childrenOf, getRecord, newEtag, putRecord, recordsOfType, type CloudState, type ResourceRecord } from '../../state.js';
import { validateTags } from '../../tags.js';
import type { ArmResource, SimResponse } from '../../types.js';
import type { Ctx } from '../types.js';
import { assertNotBusy, checkPreconditions, deleteAccepted, handleTracked, NETWORK_LRO, networkNameRule, putAccepted, resolveReference, T, topLevelId } from './common.js';
import { assertNameMatches, newRecord, resolveLocation } from '../kit/tracked.js';
import { notImplemented, rejectNotSimulated } from '../kit/not-simulated.js';
import { same } from '../kit/ids.js';
import { startIn } from '../kit/lro-style.js';
import { startDelete } from '../kit/delete.js';
import { SUBNET_IP_CONFIGURATIONS } from './network-interfaces.js';
import { subnetPrefixes } from './subnets.js';
import { accessIpConfigId, type StoredAccessIpConfig } from './egress-refs.js';
import { isStandardStatic, publicIpHolder } from './public-ip-addresses.js';

const BASTION_NAME = networkNameRule(1, 80);
export const BASTION_SUBNET = 'AzureBastionSubnet';
const MIN_PREFIX = 26;
const SCALE_UNITS = { min: 2, max: 50, basic: 2 };
const IP_CONFIG_TYPE = 'Microsoft.Network/bastionHosts/bastionHostIpConfigurations';

// ---- NSG rules AzureBastionSubnet needs (Learn bastion-nsg, "AzureBastionSubnet") ----------------------------

interface Flow {
  rule: string;
  direction: 'Inbound' | 'Outbound';
  src: string;
  dst: string;
  ports: number[];
  protocol: 'Tcp' | '*';
}

/** Learn's required rules, named as its table names them. */
const REQUIRED_FLOWS: Flow[] = [
  { rule: 'AllowHttpsInbound', direction: 'Inbound', src: 'Internet', dst: '*', ports: [443], protocol: 'Tcp' },
  { rule: 'AllowGatewayManagerInbound', direction: 'Inbound', src: 'GatewayManager', dst: '*', ports: [443], protocol: 'Tcp' },
  { rule: 'AllowBastionHostCommunication', direction: 'Inbound', src: 'VirtualNetwork', dst: 'VirtualNetwork', ports: [8080, 5701], protocol: '*' },
  { rule: 'AllowAzureLoadBalancerInbound', direction: 'Inbound', src: 'AzureLoadBalancer', dst: '*', ports: [443], protocol: 'Tcp' },
  { rule: 'AllowSshRdpOutbound', direction: 'Outbound', src: '*', dst: 'VirtualNetwork', ports: [22, 3389], protocol: '*' },
  { rule: 'AllowAzureCloudOutbound', direction: 'Outbound', src: '*', dst: 'AzureCloud', ports: [443], protocol: 'Tcp' },
  { rule: 'AllowBastionCommunication', direction: 'Outbound', src: 'VirtualNetwork', dst: 'VirtualNetwork', ports: [8080, 5701], protocol: '*' },
  { rule: 'AllowHttpOutbound', direction: 'Outbound', src: '*', dst: 'Internet', ports: [80], protocol: '*' },
];

const list = (one: unknown, many: unknown): string[] => (typeof one === 'string' ? [one] : ((many as string[] | undefined) ?? []));

function portCovered(ranges: string[], port: number): boolean {
  return ranges.some((r) => {
    if (r === '*') return true;
    const [a, b] = r.split('-').map((x) => Number(x.trim()));
    return b === undefined ? a === port : a <= port && port <= b;
  });
}

/** Does a rule's prefix list cover the required tag? '*' does; the tag itself does; Internet also takes public addresses. */
function addressCovered(prefixes: string[], wanted: string): boolean {
  if (wanted === '*') return prefixes.length > 0;
  return prefixes.some((p) => p === '*' || p.toLowerCase() === wanted.toLowerCase() || (wanted === 'Internet' && (parseCidr(p) !== undefined || parseIp(p) !== undefined)));
}

/**
 * The required rules an NSG lacks: for each required flow and port, the NSG's own rules (priority order) must allow
 * it before anything denies it. Default rules do not count: Learn asks for every rule to be created, and Azure
 * refuses NSGs whose own rules omit one (MicrosoftDocs/azure-docs#40561: 22/3389 outbound became mandatory).
 */
export function missingBastionNsgRules(state: CloudState, nsgId: string): string[] {
  const rules = childrenOf(state, nsgId, T.rule)
    .map((r) => r.properties)
    .sort((a, b) => (a.priority as number) - (b.priority as number));
  const missing: string[] = [];
  for (const f of REQUIRED_FLOWS) {
    const ok = f.ports.every((port) => {
      const first = rules.find(
        (r) =>
          r.direction === f.direction &&
          (r.protocol === '*' || (f.protocol !== '*' && String(r.protocol).toLowerCase() === f.protocol.toLowerCase())) &&
          portCovered(list(r.destinationPortRange, r.destinationPortRanges), port) &&
          addressCovered(list(r.sourceAddressPrefix, r.sourceAddressPrefixes), f.src) &&
          addressCovered(list(r.destinationAddressPrefix, r.destinationAddressPrefixes), f.dst),
      );
      return first?.access === 'Allow';
    });
    if (!ok) missing.push(f.rule);
  }
  return missing;
}

/** NetworkSecurityGroupNotCompliantForAzureBastionSubnet, Azure's wording (Azure/azure-quickstart-templates#8655). */
export function assertBastionNsgCompliant(state: CloudState, nsgId: string): void {
  const missing = missingBastionNsgRules(state, nsgId);
  if (missing.length === 0) return;
  const nsgName = getRecord(state, nsgId)?.name ?? nsgId.split('/').pop();
  throw badRequest(
    'NetworkSecurityGroupNotCompliantForAzureBastionSubnet',
    `Network security group ${nsgName} does not have necessary rules for Azure Bastion Subnet ${BASTION_SUBNET}. Missing: ${missing.join(', ')} (https://learn.microsoft.com/azure/bastion/bastion-nsg).`,
  );
}

// ---- render ---------------------------------------------------------------------------------------------------

export function renderBastion(_state: CloudState, rec: ResourceRecord): ArmResource {
  const p = rec.properties;
  return {
    name: rec.name,
    id: rec.id,
    etag: rec.etag,
    type: T.bastion,
    location: rec.location,
    ...(rec.tags ? { tags: rec.tags } : {}),
    sku: rec.sku,
    ...(p.zones ? { zones: p.zones } : {}),
    properties: {
      provisioningState: rec.provisioningState,
      dnsName: p.dnsName,
      scaleUnits: p.scaleUnits,
      disableCopyPaste: p.disableCopyPaste,
      enableFileCopy: p.enableFileCopy,
      enableIpConnect: p.enableIpConnect,
      enableShareableLink: p.enableShareableLink,
      enableTunneling: p.enableTunneling,
      enableKerberos: p.enableKerberos,
      enableSessionRecording: false,
      enablePrivateOnlyBastion: false,
      ipConfigurations: ((p.ipConfigurations as StoredAccessIpConfig[] | undefined) ?? []).map((c) => ({
        name: c.name,
        id: accessIpConfigId(rec.id, T.bastion, c.name),
        etag: rec.etag,
        type: IP_CONFIG_TYPE,
        properties: {
          provisioningState: rec.provisioningState,
          privateIPAllocationMethod: 'Dynamic',
          publicIPAddress: c.publicIPAddress,
          subnet: c.subnet,
        },
      })),
    },
  };
}

export function handleBastion(ctx: Ctx, group: ResourceRecord, name: string): SimResponse {
  const existing = getRecord(ctx.state, topLevelId(group, T.bastion, name));
  return handleTracked(ctx, {
    type: T.bastion,
    label: 'bastion host',
    name,
    group,
    existing,
    render: renderBastion,
    put: () => putBastion(ctx, group, name, existing),
    // Deleting releases the subnet and the public IP when the operation ends (the record goes).
    remove: (existing) => deleteAccepted(ctx, startDelete(ctx, NETWORK_LRO, { name: 'DeleteBastionHostOperation', target: existing })),
  });
}

// ---- PUT --------------------------------------------------------------------------------------------------------

type Flags = { enableTunneling: boolean; enableIpConnect: boolean; enableShareableLink: boolean; enableFileCopy: boolean; disableCopyPaste: boolean; enableKerberos: boolean };

function putBastion(ctx: Ctx, group: ResourceRecord, name: string, existing: ResourceRecord | undefined): SimResponse {
  checkName(name, BASTION_NAME);
  const body = parseBody(BastionHost, ctx.body, 'network');
  assertNameMatches(body.name, name);
  const location = resolveLocation(body.location, T.bastion, existing, group);
  validateTags(body.tags);
  checkPreconditions(ctx, existing);
  const id = existing?.id ?? topLevelId(group, T.bastion, name);
  assertNotBusy(ctx, id);
  const p = body.properties ?? {};
  rejectNotSimulated(p, NOT_SIMULATED_ACCESS.BastionHostPropertiesFormat, 'properties.');
  // The REST model's default SKU is Standard (bastionHost.json Sku.name default).
  const sku = body.sku?.name ?? 'Standard';
  if (sku === 'Developer') throw notImplemented("Bastion sku 'Developer'", 'Basic, Standard and Premium only');
  const before = existing?.sku?.name as string | undefined;
  if (before === 'Standard' && sku === 'Basic') {
    // "You can't downgrade from Standard to Basic" (Learn upgrade-sku).
    throw badRequest('BastionSkuDowngradeNotSupported', `Bastion host ${id} cannot be downgraded from sku Standard to Basic. Delete it and create a Basic one.`);
  }

  const flags: Flags = {
    enableTunneling: p.enableTunneling ?? false,
    enableIpConnect: p.enableIpConnect ?? false,
    enableShareableLink: p.enableShareableLink ?? false,
    enableFileCopy: p.enableFileCopy ?? false,
    disableCopyPaste: p.disableCopyPaste ?? false,
    enableKerberos: p.enableKerberos ?? false,
  };
  const scaleUnits = p.scaleUnits ?? SCALE_UNITS.basic;
  if (sku === 'Basic') {
    const standardOnly: string[] = (Object.keys(flags) as (keyof Flags)[]).filter((k) => k !== 'enableKerberos' && flags[k]);
    if (scaleUnits !== SCALE_UNITS.basic) standardOnly.push('scaleUnits');
    if (standardOnly.length > 0) {
      throw badRequest(
        'FeatureNotSupportedForBasicBastionSku',
        `Bastion host ${id} of sku Basic does not support ${standardOnly.join(', ')}; these need the Standard or Premium sku (https://learn.microsoft.com/azure/bastion/configuration-settings#skus).`,
      );
    }
  }
  if (scaleUnits < SCALE_UNITS.min || scaleUnits > SCALE_UNITS.max) {
    throw badRequest('InvalidBastionScaleUnits', `ScaleUnits ${scaleUnits} of bastion host ${id} is out of range. It must be between ${SCALE_UNITS.min} and ${SCALE_UNITS.max}.`);
  }

  const configs = p.ipConfigurations ?? [];
  if (configs.length !== 1) {
    throw badRequest('BastionHostMustHaveOneIpConfiguration', `Bastion host ${id} must have exactly one ipConfiguration; the request has ${configs.length}.`);
  }
  const c = configs[0];
  const configName = c.name ?? 'IpConf';
  const subnetRef = c.properties?.subnet;
  if (!subnetRef) throw badRequest('BastionHostIpConfigurationMissingSubnet', `IpConfiguration ${configName} of bastion host ${id} must reference the subnet '${BASTION_SUBNET}'.`);
  const subnet = resolveReference(ctx, subnetRef.id, T.subnet, id, location);
  if (subnet.name !== BASTION_SUBNET) {
    throw badRequest('BastionHostSubnetNameInvalid', `Bastion host ${id} references subnet ${subnet.id}; a bastion host must be in the subnet named '${BASTION_SUBNET}'.`);
  }
  const v4 = subnetPrefixes(subnet).find((x) => x.version === 4);
  if (!v4 || v4.prefix > MIN_PREFIX) {
    throw badRequest(
      'AzureBastionSubnetTooSmall',
      `Subnet ${subnet.id} used by bastion host ${id} must have an address prefix of /${MIN_PREFIX} or larger; it has ${v4 ? `/${v4.prefix}` : 'no IPv4 prefix'} (https://learn.microsoft.com/azure/bastion/bastion-faq#subnet).`,
    );
  }
  const other = recordsOfType(ctx.state, T.bastion).find(
    (b) => !same(b.id, id) && ((b.properties.ipConfigurations as StoredAccessIpConfig[] | undefined) ?? []).some((x) => same(x.subnet.id, subnet.id)),
  );
  if (other) {
    throw badRequest('AzureBastionSubnetInUse', `Subnet ${subnet.id} already hosts bastion host ${other.id}; a virtual network has one bastion host.`);
  }
  const nsg = (subnet.properties.networkSecurityGroup as { id?: string } | undefined)?.id;
  if (nsg) assertBastionNsgCompliant(ctx.state, nsg);

  const pipRef = c.properties?.publicIPAddress;
  if (!pipRef) throw badRequest('BastionHostIpConfigurationMissingPublicIp', `IpConfiguration ${configName} of bastion host ${id} must reference a public IP address (properties.publicIPAddress.id).`);
  const pip = resolveReference(ctx, pipRef.id, T.pip, id, location);
  if (!isStandardStatic(pip)) {
    throw badRequest('BastionHostPublicIpMustBeStandardStatic', `Public IP address ${pip.id} used by bastion host ${id} must be Standard SKU with Static allocation.`);
  }
  const holder = publicIpHolder(ctx.state, pip.id);
  if (holder && !holder.toLowerCase().startsWith(`${id.toLowerCase()}/`)) {
    throw badRequest('PublicIPAddressInUse', `Public IP address ${pip.id} is already in use by ${holder} and cannot be referenced by bastion host ${id}.`);
  }

  const op = startIn(ctx, NETWORK_LRO, {
    name: 'PutBastionHostOperation',
    method: 'PUT',
    subscriptionId: group.subscriptionId,
    location,
    targetId: id,
    lockKey: id,
    touched: [id],
    latencyKey: T.bastion,
  });
  const stored: StoredAccessIpConfig = { name: configName, subnet: { id: subnet.id }, publicIPAddress: { id: pip.id } };
  const rec: ResourceRecord = {
    ...newRecord(ctx, { id, type: T.bastion, group, name, location, tags: body.tags, etag: newEtag(), existing, op }),
    sku: { name: sku },
    properties: {
      // Azure's form bst-<guid>.bastion.azure.com (as az network bastion show prints it; SPEC.md: unconfirmed).
      dnsName: (existing?.properties.dnsName as string | undefined) ?? `bst-${randomUUID()}.bastion.azure.com`,
      scaleUnits,
      ...flags,
      ipConfigurations: [stored],
      ...(body.zones && body.zones.length > 0 ? { zones: body.zones } : {}),
      [SUBNET_IP_CONFIGURATIONS]: [{ id: accessIpConfigId(id, T.bastion, configName), subnet: { id: subnet.id } }],
    },
  };
  putRecord(ctx.state, rec);
  return putAccepted(ctx, !existing, renderBastion(ctx.state, rec), op);
}
