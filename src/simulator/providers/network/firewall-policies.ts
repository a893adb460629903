// Firewall policies and their ruleCollectionGroups child resource. Rule validation is in firewall-rules.ts.
// Writes to a policy's groups are serialised on the policy (one change at a time: Azure refuses parallel
// rule collection group writes, Azure/ResourceModules#1325), with the NSG-style 429 RetryableErrorDueToAnotherOperation.
// A policy used by a firewall cannot be deleted. Sources: https://learn.microsoft.com/azure/firewall-manager/policy-overview,
// https://learn.microsoft.com/azure/firewall/policy-rule-sets (group priorities, 100 groups per policy:
// MicrosoftDocs/azure-docs#98291), https://learn.microsoft.com/azure/firewall/choose-firewall-sku (Basic: threat
// intelligence in alert mode only, no DNS proxy).
import { randomUUID } from 'node:crypto';
import { badRequest } from '../../errors.js';
import { parseIp } from '../../cidr.js';
import { checkName } from '../../names.js';
import { FirewallPolicy, FirewallPolicyRuleCollectionGroup, NOT_SIMULATED_EGRESS } from '../../schemas/network-egress.js';
import { parseBody } from '../../schemas/common.js';
import { childrenOf, getRecord, newEtag, putRecord, type CloudState, type ResourceRecord } from '../../state.js';
import { validateTags } from '../../tags.js';
import type { ArmResource, SimResponse } from '../../types.js';
import type { Ctx } from '../types.js';
import { assertNotBusy, checkPreconditions, deleteAccepted, handleChild, handleTracked, NETWORK_LRO, networkNameRule, putAccepted, T, topLevelId } from './common.js';
import { assertNameMatches, newRecord, resolveLocation } from '../kit/tracked.js';
import { childId } from '../kit/serve.js';
import { same } from '../kit/ids.js';
import { rejectNotSimulated } from '../kit/not-simulated.js';
import { startIn } from '../kit/lro-style.js';
import { startDelete } from '../kit/delete.js';
import { firewallsUsingPolicy } from './egress-refs.js';
import { checkPriority, normalizeRuleCollections, type PolicyContext, type PolicyTier } from './firewall-rules.js';

const POLICY_NAME = networkNameRule(1, 80);
const GROUP_NAME = networkNameRule(1, 80);
const MAX_GROUPS = 100;

interface DnsSettings {
  servers: string[];
  enableProxy: boolean;
  requireProxyForNetworkRules: boolean;
}

export const policyTier = (rec: ResourceRecord): PolicyTier => ((rec.properties.sku as { tier: PolicyTier } | undefined)?.tier ?? 'Standard');

function policyContext(rec: ResourceRecord): PolicyContext {
  const dns = rec.properties.dnsSettings as DnsSettings | undefined;
  return { id: rec.id, tier: policyTier(rec), dnsProxy: dns?.enableProxy === true, requireProxyForNetworkRules: dns?.requireProxyForNetworkRules ?? true };
}

export function renderRuleCollectionGroup(_state: CloudState, rec: ResourceRecord): ArmResource {
  return {
    name: rec.name,
    id: rec.id,
    etag: rec.etag,
    type: T.ruleCollectionGroup,
    properties: {
      provisioningState: rec.provisioningState,
      priority: rec.properties.priority,
      ruleCollections: rec.properties.ruleCollections,
    },
  };
}

export function renderFirewallPolicy(state: CloudState, rec: ResourceRecord): ArmResource {
  const p = rec.properties;
  const dns = p.dnsSettings as DnsSettings | undefined;
  return {
    name: rec.name,
    id: rec.id,
    etag: rec.etag,
    type: T.firewallPolicy,
    location: rec.location,
    ...(rec.tags ? { tags: rec.tags } : {}),
    properties: {
      provisioningState: rec.provisioningState,
      sku: { tier: policyTier(rec) },
      threatIntelMode: p.threatIntelMode,
      ...(p.threatIntelWhitelist ? { threatIntelWhitelist: p.threatIntelWhitelist } : {}),
      ...(dns ? { dnsSettings: dns } : {}),
      childPolicies: [],
      firewalls: firewallsUsingPolicy(state, rec.id).map((id) => ({ id })),
      ruleCollectionGroups: childrenOf(state, rec.id, T.ruleCollectionGroup).map((g) => ({ id: g.id })),
    },
  };
}

/** /firewallPolicies/{name} */
export function handleFirewallPolicy(ctx: Ctx, group: ResourceRecord, name: string): SimResponse {
  const existing = getRecord(ctx.state, topLevelId(group, T.firewallPolicy, name));
  return handleTracked(ctx, {
    type: T.firewallPolicy,
    label: 'firewall policy',
    name,
    group,
    existing,
    render: renderFirewallPolicy,
    put: () => putFirewallPolicy(ctx, group, name, existing),
    remove: (existing) => {
      const firewalls = firewallsUsingPolicy(ctx.state, existing.id);
      if (firewalls.length > 0) {
        throw badRequest(
          'InUseFirewallPolicyCannotBeDeleted',
          `Firewall Policy ${existing.id} is in use by Azure Firewall(s) ${firewalls.join(', ')} and cannot be deleted. Remove the policy from the firewalls or delete them first.`,
        );
      }
      const groups = childrenOf(ctx.state, existing.id, T.ruleCollectionGroup);
      return deleteAccepted(ctx, startDelete(ctx, NETWORK_LRO, { name: 'DeleteFirewallPolicyOperation', target: existing, also: groups }));
    },
  });
}

function putFirewallPolicy(ctx: Ctx, group: ResourceRecord, name: string, existing: ResourceRecord | undefined): SimResponse {
  checkName(name, POLICY_NAME);
  const body = parseBody(FirewallPolicy, ctx.body, 'network');
  assertNameMatches(body.name, name);
  const location = resolveLocation(body.location, T.firewallPolicy, existing, group);
  validateTags(body.tags);
  checkPreconditions(ctx, existing);
  const id = existing?.id ?? topLevelId(group, T.firewallPolicy, name);
  assertNotBusy(ctx, id);
  rejectNotSimulated(body as Record<string, unknown>, NOT_SIMULATED_EGRESS.FirewallPolicy, '');
  const p = body.properties ?? {};
  rejectNotSimulated(p, NOT_SIMULATED_EGRESS.FirewallPolicyPropertiesFormat, 'properties.');
  const tier: PolicyTier = p.sku?.tier ?? 'Standard';
  const threatIntelMode = p.threatIntelMode ?? 'Alert';
  const higher = (feature: string) => badRequest('FirewallPolicyHigherTierOnlyProperties', `Firewall Policy ${id} contains higher tier only properties - ${feature}`);
  if (tier === 'Basic' && threatIntelMode === 'Deny') throw higher('Threat Intelligence Deny mode');
  if (tier === 'Basic' && p.dnsSettings && (p.dnsSettings.enableProxy === true || (p.dnsSettings.servers ?? []).length > 0)) throw higher('DNS Proxy');
  for (const s of p.dnsSettings?.servers ?? []) {
    if (!parseIp(s)) throw badRequest('FirewallPolicyInvalidDnsServer', `DNS server ${s} of firewall policy ${id} is not a valid IP address.`);
  }
  const dns: DnsSettings | undefined = p.dnsSettings
    ? { servers: p.dnsSettings.servers ?? [], enableProxy: p.dnsSettings.enableProxy ?? false, requireProxyForNetworkRules: p.dnsSettings.requireProxyForNetworkRules ?? true }
    : undefined;
  // Existing groups must stay valid under the new settings (tier, DNS proxy).
  if (existing) {
    const next = { id, tier, dnsProxy: dns?.enableProxy === true, requireProxyForNetworkRules: dns?.requireProxyForNetworkRules ?? true };
    for (const g of childrenOf(ctx.state, id, T.ruleCollectionGroup)) {
      normalizeRuleCollections({ ruleCollections: g.properties.ruleCollections as never }, g.id, next);
    }
  }

  const op = startIn(ctx, NETWORK_LRO, {
    name: 'PutFirewallPolicyOperation',
    method: 'PUT',
    subscriptionId: group.subscriptionId,
    location,
    targetId: id,
    lockKey: id,
    touched: [id],
    latencyKey: T.firewallPolicy,
  });
  const rec: ResourceRecord = {
    ...newRecord(ctx, { id, type: T.firewallPolicy, group, name, location, tags: body.tags, etag: newEtag(), existing, op }),
    resourceGuid: existing?.resourceGuid ?? randomUUID(),
    properties: {
      sku: { tier },
      threatIntelMode,
      ...(p.threatIntelWhitelist ? { threatIntelWhitelist: { ipAddresses: p.threatIntelWhitelist.ipAddresses ?? [], fqdns: p.threatIntelWhitelist.fqdns ?? [] } } : {}),
      ...(dns ? { dnsSettings: dns } : {}),
    },
  };
  putRecord(ctx.state, rec);
  return putAccepted(ctx, !existing, renderFirewallPolicy(ctx.state, rec), op);
}

/** /firewallPolicies/{policy}/ruleCollectionGroups[/{name}] */
export function handleRuleCollectionGroups(ctx: Ctx, policy: ResourceRecord | undefined, policyName: string, name: string | undefined): SimResponse {
  return handleChild(ctx, {
    type: T.ruleCollectionGroup,
    label: 'rule collection group',
    parent: policy,
    parentName: policyName,
    name,
    render: renderRuleCollectionGroup,
    put: (parent, n, existing) => putRuleCollectionGroup(ctx, parent, n, existing),
    remove: (parent, existing) => {
      const op = startDelete(ctx, NETWORK_LRO, { name: 'DeleteFirewallPolicyRuleCollectionGroupOperation', target: existing, parent, latencyKey: T.ruleCollectionGroup });
      parent.etag = newEtag();
      return deleteAccepted(ctx, op);
    },
  });
}

function putRuleCollectionGroup(ctx: Ctx, policy: ResourceRecord, name: string, existing: ResourceRecord | undefined): SimResponse {
  checkName(name, GROUP_NAME);
  const body = parseBody(FirewallPolicyRuleCollectionGroup, ctx.body, 'network');
  assertNameMatches(body.name, name);
  checkPreconditions(ctx, existing);
  // One write at a time per policy (the policy itself or any of its groups).
  assertNotBusy(ctx, policy.id);
  const id = existing?.id ?? childId(policy.id, T.ruleCollectionGroup, name);
  const p = body.properties ?? {};
  const priority = checkPriority(p.priority, `Rule collection group ${id}`);
  const siblings = childrenOf(ctx.state, policy.id, T.ruleCollectionGroup).filter((g) => !same(g.id, id));
  const clash = siblings.find((g) => g.properties.priority === priority);
  if (clash) {
    throw badRequest(
      'FirewallPolicyRuleCollectionGroupDuplicatePriority',
      `Rule collection group ${id} has priority ${priority}, already used by rule collection group ${clash.id}. Priorities must be unique within a firewall policy.`,
    );
  }
  if (!existing && siblings.length >= MAX_GROUPS) {
    throw badRequest('FirewallPolicyRuleCollectionGroupLimitReached', `Firewall policy ${policy.id} already has ${MAX_GROUPS} rule collection groups, the maximum.`);
  }
  const ruleCollections = normalizeRuleCollections(p, id, policyContext(policy));

  const op = startIn(ctx, NETWORK_LRO, {
    name: 'PutFirewallPolicyRuleCollectionGroupOperation',
    method: 'PUT',
    subscriptionId: policy.subscriptionId,
    location: policy.location as string,
    targetId: id,
    lockKey: policy.id,
    touched: [id],
    latencyKey: T.ruleCollectionGroup,
  });
  const rec: ResourceRecord = {
    ...newRecord(ctx, { id, type: T.ruleCollectionGroup, parent: policy, name, etag: newEtag(), existing, op }),
    properties: { priority, ruleCollections },
  };
  putRecord(ctx.state, rec);
  policy.etag = newEtag();
  return putAccepted(ctx, !existing, renderRuleCollectionGroup(ctx.state, rec), op);
}
