// Azure Firewall (AZFW_VNet, policy-based). It sits in a subnet named AzureFirewallSubnet of at least /26 with a
// Standard static public IP per ipConfiguration; Basic also needs a management ipConfiguration in
// AzureFirewallManagementSubnet with its own public IP. Its private IP is the subnet's first usable address
// (x.x.x.4). The firewall's NICs are `subnetIpConfigurations` of its subnets (so the subnets list them and
// cannot be deleted), its public IPs render it as their `ipConfiguration`, its policy as one of `firewalls`.
// Sources: https://learn.microsoft.com/azure/firewall/firewall-faq (/26, AzureFirewallSubnet),
// https://learn.microsoft.com/azure/firewall/tutorial-firewall-deploy-portal (Standard public IP),
// https://learn.microsoft.com/azure/firewall/management-nic (Basic needs the management NIC, /26),
// https://learn.microsoft.com/azure/firewall-manager/policy-overview (policy tiers; Azure/Enterprise-Scale#889:
// a Standard policy on a Premium firewall), Azure/azure-cli-extensions#1074 (one subnet reference).
import { badRequest } from '../../errors.js';
import { fromBig } from '../../cidr.js';
import { checkName } from '../../names.js';
import { AzureFirewall, NOT_SIMULATED_EGRESS } from '../../schemas/network-egress.js';
import { parseBody } from '../../schemas/common.js';
import { getRecord, newEtag, putRecord, type CloudState, type ResourceRecord } from '../../state.js';
import { validateTags } from '../../tags.js';
import type { ArmResource, SimResponse } from '../../types.js';
import type { Ctx } from '../types.js';
import { assertNotBusy, assertProvisioned, checkPreconditions, deleteAccepted, handleTracked, NETWORK_LRO, networkNameRule, putAccepted, resolveReference, T, topLevelId } from './common.js';
import { assertNameMatches, newRecord, resolveLocation } from '../kit/tracked.js';
import { notImplemented, rejectNotSimulated } from '../kit/not-simulated.js';
import { same, typeOfId } from '../kit/ids.js';
import { startIn } from '../kit/lro-style.js';
import { startDelete } from '../kit/delete.js';
import { SUBNET_IP_CONFIGURATIONS } from './network-interfaces.js';
import { subnetPrefixes } from './subnets.js';
import { firewallIpConfigId, type StoredFirewallIpConfig } from './egress-refs.js';
import { isStandardStatic, publicIpHolder } from './public-ip-addresses.js';
import { policyTier } from './firewall-policies.js';

/** azureFirewalls: 1-56 characters (ARM-names). */
const FIREWALL_NAME = networkNameRule(1, 56);
const FIREWALL_SUBNET = 'AzureFirewallSubnet';
const MANAGEMENT_SUBNET = 'AzureFirewallManagementSubnet';
const MIN_PREFIX = 26;
const IP_CONFIG_TYPE = 'Microsoft.Network/azureFirewalls/azureFirewallIpConfigurations';

type Tier = 'Basic' | 'Standard' | 'Premium';
type IpConfigBody = { name?: string; properties?: { subnet?: { id: string }; publicIPAddress?: { id: string } } };

function renderIpConfig(rec: ResourceRecord, c: StoredFirewallIpConfig): Record<string, unknown> {
  return {
    name: c.name,
    id: firewallIpConfigId(rec.id, c.name),
    etag: rec.etag,
    type: IP_CONFIG_TYPE,
    properties: {
      provisioningState: rec.provisioningState,
      ...(c.privateIPAddress ? { privateIPAddress: c.privateIPAddress } : {}),
      ...(c.subnet ? { subnet: c.subnet } : {}),
      publicIPAddress: c.publicIPAddress,
    },
  };
}

export function renderFirewall(_state: CloudState, rec: ResourceRecord): ArmResource {
  const p = rec.properties;
  const mgmt = p.managementIpConfiguration as StoredFirewallIpConfig | undefined;
  return {
    name: rec.name,
    id: rec.id,
    etag: rec.etag,
    type: T.firewall,
    location: rec.location,
    ...(rec.tags ? { tags: rec.tags } : {}),
    ...(p.zones ? { zones: p.zones } : {}),
    properties: {
      provisioningState: rec.provisioningState,
      sku: p.sku,
      threatIntelMode: p.threatIntelMode,
      additionalProperties: {},
      ipConfigurations: ((p.ipConfigurations as StoredFirewallIpConfig[]) ?? []).map((c) => renderIpConfig(rec, c)),
      ...(mgmt ? { managementIpConfiguration: renderIpConfig(rec, mgmt) } : {}),
      ...(p.firewallPolicy ? { firewallPolicy: p.firewallPolicy } : {}),
      networkRuleCollections: [],
      applicationRuleCollections: [],
      natRuleCollections: [],
    },
  };
}

export function handleFirewall(ctx: Ctx, group: ResourceRecord, name: string): SimResponse {
  const existing = getRecord(ctx.state, topLevelId(group, T.firewall, name));
  return handleTracked(ctx, {
    type: T.firewall,
    label: 'Azure firewall',
    name,
    group,
    existing,
    render: renderFirewall,
    put: () => putFirewall(ctx, group, name, existing),
    // Deleting releases the subnets, public IPs and policy when the operation ends (the record goes).
    remove: (existing) => deleteAccepted(ctx, startDelete(ctx, NETWORK_LRO, { name: 'DeleteAzureFirewallOperation', target: existing })),
  });
}

/** First usable address of the subnet: Azure reserves the first four (VNet-FAQ). */
function firstUsable(subnet: ResourceRecord): string | undefined {
  const c = subnetPrefixes(subnet).find((x) => x.version === 4);
  return c ? fromBig(c.start + 4n, 4) : undefined;
}

function checkSubnet(ctx: Ctx, firewallId: string, location: string, ref: { id: string }, wanted: string, what: string): { subnet: ResourceRecord; address: string } {
  const subnet = resolveReference(ctx, ref.id, T.subnet, firewallId, location);
  if (subnet.name !== wanted) {
    throw badRequest('AzureFirewallSubnetNameInvalid', `The ${what} of Azure Firewall ${firewallId} references subnet ${subnet.id}; it must be the subnet named '${wanted}'.`);
  }
  const v4 = subnetPrefixes(subnet).find((x) => x.version === 4);
  if (!v4 || v4.prefix > MIN_PREFIX) {
    throw badRequest(
      'AzureFirewallSubnetTooSmall',
      `Subnet ${subnet.id} used by Azure Firewall ${firewallId} must have an address prefix of /${MIN_PREFIX} or larger; it has ${v4 ? `/${v4.prefix}` : 'no IPv4 prefix'}. See https://aka.ms/azurefirewallfaq.`,
    );
  }
  return { subnet, address: firstUsable(subnet) as string };
}

function checkPublicIp(ctx: Ctx, firewallId: string, location: string, ref: { id: string } | undefined, configName: string): ResourceRecord {
  if (!ref) {
    throw badRequest('AzureFirewallIpConfigurationMissingPublicIp', `IpConfiguration ${configName} of Azure Firewall ${firewallId} must reference a public IP address (properties.publicIPAddress.id).`);
  }
  const pip = resolveReference(ctx, ref.id, T.pip, firewallId, location);
  if (!isStandardStatic(pip)) {
    throw badRequest('AzureFirewallPublicIpMustBeStandardSku', `Public IP address ${pip.id} used by Azure Firewall ${firewallId} must be Standard SKU with Static allocation.`);
  }
  const holder = publicIpHolder(ctx.state, pip.id);
  if (holder && !holder.toLowerCase().startsWith(`${firewallId.toLowerCase()}/`)) {
    throw badRequest('PublicIPAddressInUse', `Public IP address ${pip.id} is already in use by ${holder} and cannot be referenced by Azure Firewall ${firewallId}.`);
  }
  return pip;
}

/** Which policy tier a firewall tier may use: Basic with Basic, Standard with Standard, Premium with Standard or Premium. */
function policyFits(firewall: Tier, policy: Tier): boolean {
  if (firewall === 'Basic' || policy === 'Basic') return firewall === policy;
  return policy === 'Standard' || firewall === 'Premium';
}

function putFirewall(ctx: Ctx, group: ResourceRecord, name: string, existing: ResourceRecord | undefined): SimResponse {
  checkName(name, FIREWALL_NAME);
  const body = parseBody(AzureFirewall, ctx.body, 'network');
  assertNameMatches(body.name, name);
  const location = resolveLocation(body.location, T.firewall, existing, group);
  validateTags(body.tags);
  checkPreconditions(ctx, existing);
  const id = existing?.id ?? topLevelId(group, T.firewall, name);
  assertNotBusy(ctx, id);
  rejectNotSimulated(body as Record<string, unknown>, NOT_SIMULATED_EGRESS.AzureFirewall, '');
  const p = body.properties ?? {};
  rejectNotSimulated(p, NOT_SIMULATED_EGRESS.AzureFirewallPropertiesFormat, 'properties.');
  const skuName = p.sku?.name ?? 'AZFW_VNet';
  if (skuName === 'AZFW_Hub') throw notImplemented("Azure Firewall sku 'AZFW_Hub'", 'virtual hubs are not simulated');
  const tier: Tier = p.sku?.tier ?? 'Standard';
  const before = existing?.properties.sku as { tier: Tier } | undefined;
  if (before && before.tier !== tier) {
    throw badRequest('AzureFirewallSkuTierCannotBeChanged', `The SKU tier of Azure Firewall ${id} cannot be changed from ${before.tier} to ${tier} by an update. See https://learn.microsoft.com/azure/firewall/premium-migrate.`);
  }
  for (const z of body.zones ?? []) {
    if (!['1', '2', '3'].includes(z)) throw badRequest('InvalidAvailabilityZone', `The zone(s) '${z}' for resource '${id}' is not supported. The supported zones for location '${location}' are '1,2,3'.`);
  }

  const configs: IpConfigBody[] = p.ipConfigurations ?? [];
  if (configs.length === 0) throw badRequest('AzureFirewallIpConfigurationRequired', `Azure Firewall ${id} of sku AZFW_VNet must have at least one ipConfiguration.`);
  const withSubnet = configs.filter((c) => c.properties?.subnet);
  if (withSubnet.length > 1) {
    throw badRequest('AzureFirewallMultipleSubnetReferences', `Azure Firewall ${id} cannot have more than one subnet reference, please ensure only one IpConfiguration contains a subnet reference`);
  }
  if (withSubnet.length === 0) throw badRequest('AzureFirewallIpConfigurationMissingSubnet', `One ipConfiguration of Azure Firewall ${id} must reference the subnet '${FIREWALL_SUBNET}'.`);
  const names = configs.map((c, i) => c.name ?? `ipconfig${i}`);
  const dupName = names.find((n, i) => names.findIndex((x) => x.toLowerCase() === n.toLowerCase()) !== i);
  if (dupName) throw badRequest('DuplicateResourceName', `Resource ${id} has two child resources with the same name (${dupName}).`);

  const main = checkSubnet(ctx, id, location, withSubnet[0].properties?.subnet as { id: string }, FIREWALL_SUBNET, 'ipConfiguration');
  const pipIds = new Set<string>();
  // Only the configuration with the subnet carries it (and the private IP); the others are public IPs only.
  const stored = configs.map((c, i) => {
    const pip = checkPublicIp(ctx, id, location, c.properties?.publicIPAddress, names[i]);
    if (pipIds.has(pip.id.toLowerCase())) throw badRequest('DuplicateResourceReference', `Azure Firewall ${id} references public IP address ${pip.id} twice.`);
    pipIds.add(pip.id.toLowerCase());
    return {
      name: names[i],
      publicIPAddress: { id: pip.id },
      ...(c.properties?.subnet ? { subnet: { id: main.subnet.id }, privateIPAddress: main.address } : {}),
    } as StoredFirewallIpConfig;
  });
  const mainConfig = stored.find((c) => c.subnet) as StoredFirewallIpConfig;

  let management: StoredFirewallIpConfig | undefined;
  const m = p.managementIpConfiguration as IpConfigBody | undefined;
  if (m) {
    if (!m.properties?.subnet) throw badRequest('AzureFirewallIpConfigurationMissingSubnet', `The managementIpConfiguration of Azure Firewall ${id} must reference the subnet '${MANAGEMENT_SUBNET}'.`);
    const ms = checkSubnet(ctx, id, location, m.properties.subnet, MANAGEMENT_SUBNET, 'managementIpConfiguration');
    if (!same(ms.subnet.parentId, main.subnet.parentId)) {
      throw badRequest('AzureFirewallManagementSubnetInOtherVirtualNetwork', `Subnet ${ms.subnet.id} of the managementIpConfiguration must be in the same virtual network as ${main.subnet.id}.`);
    }
    const mname = m.name ?? 'managementIpConfig';
    const pip = checkPublicIp(ctx, id, location, m.properties.publicIPAddress, mname);
    if (pipIds.has(pip.id.toLowerCase())) throw badRequest('DuplicateResourceReference', `Azure Firewall ${id} references public IP address ${pip.id} twice.`);
    management = { name: mname, subnet: { id: ms.subnet.id }, publicIPAddress: { id: pip.id }, privateIPAddress: ms.address };
  } else if (tier === 'Basic') {
    throw badRequest(
      'AzureFirewallBasicSkuRequiresManagementIpConfiguration',
      `Azure Firewall ${id} of tier Basic requires a managementIpConfiguration in subnet '${MANAGEMENT_SUBNET}' with its own public IP address. See https://learn.microsoft.com/azure/firewall/management-nic.`,
    );
  }
  if (existing) {
    const was = (existing.properties.ipConfigurations as StoredFirewallIpConfig[]).find((c) => c.subnet)?.subnet?.id;
    if (was && !same(was, main.subnet.id)) {
      throw badRequest('AzureFirewallCannotChangeSubnet', `The subnet of Azure Firewall ${id} cannot be changed from ${was} to ${main.subnet.id}.`);
    }
  }

  let firewallPolicy: { id: string } | undefined;
  if (p.firewallPolicy) {
    // Policies may serve firewalls in other regions (policy-overview), so no region check.
    const policy = getRecord(ctx.state, p.firewallPolicy.id);
    if (!policy || typeOfId(p.firewallPolicy.id)?.toLowerCase() !== T.firewallPolicy.toLowerCase()) {
      throw badRequest('InvalidResourceReference', `Resource ${p.firewallPolicy.id} referenced by resource ${id} was not found. Please make sure that the referenced resource exists.`);
    }
    assertProvisioned(ctx, policy, id);
    const ptier = policyTier(policy);
    if (!policyFits(tier, ptier)) {
      throw badRequest(
        'AzureFirewallAndPolicyTierMismatch',
        `Azure Firewall ${id} of tier ${tier} cannot be associated with Firewall Policy ${policy.id} of tier ${ptier}. Use a policy of the firewall's tier.`,
      );
    }
    firewallPolicy = { id: policy.id };
  }

  const op = startIn(ctx, NETWORK_LRO, {
    name: 'PutAzureFirewallOperation',
    method: 'PUT',
    subscriptionId: group.subscriptionId,
    location,
    targetId: id,
    lockKey: id,
    touched: [id],
    latencyKey: T.firewall,
  });
  const subnetUses = [
    { id: firewallIpConfigId(id, mainConfig.name), subnet: { id: main.subnet.id } },
    ...(management ? [{ id: firewallIpConfigId(id, management.name), subnet: management.subnet as { id: string } }] : []),
  ];
  const rec: ResourceRecord = {
    ...newRecord(ctx, { id, type: T.firewall, group, name, location, tags: body.tags, etag: newEtag(), existing, op }),
    properties: {
      sku: { name: skuName, tier },
      threatIntelMode: p.threatIntelMode ?? 'Alert',
      ipConfigurations: stored,
      ...(management ? { managementIpConfiguration: management } : {}),
      ...(firewallPolicy ? { firewallPolicy } : {}),
      ...(body.zones && body.zones.length > 0 ? { zones: body.zones } : {}),
      [SUBNET_IP_CONFIGURATIONS]: subnetUses,
    },
  };
  putRecord(ctx.state, rec);
  return putAccepted(ctx, !existing, renderFirewall(ctx.state, rec), op);
}
