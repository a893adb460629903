// Network security groups and their securityRules child resource. Rules are records of their own, so
// the NSG body and GET .../securityRules/{name} can never disagree; the six Azure default rules are
// rendered, not stored.
import { badRequest, methodNotAllowed, notFound, parentResourceNotFound } from '../../errors.js';
import { json } from '../../http.js';
import { NAME_RULES, checkName } from '../../names.js';
import { parseCidr, parseIp } from '../../cidr.js';
import { NetworkSecurityGroup, SecurityRule, type SecurityRulePropertiesBody } from '../../schemas/network.js';
import { parseBody } from '../../schemas/common.js';
import { childrenOf, newEtag, putRecord, recordsOfType, removeSubtree, type CloudState, type ResourceRecord } from '../../state.js';
import { validateTags } from '../../tags.js';
import type { ArmResource, SimResponse } from '../../types.js';
import type { Ctx } from '../types.js';
import { assertNotBusy, checkPreconditions, deleteAccepted, handleChild, handleTracked, NETWORK_LRO, putAccepted, resolveReference, T, topLevelId } from './common.js';
import { assertNameMatches, newRecord, resolveLocation } from '../kit/tracked.js';
import { childId } from '../kit/serve.js';
import { same } from '../kit/ids.js';
import { startIn } from '../kit/lro-style.js';
import { nicsUsingNsg } from './network-interfaces.js';
import { isServiceTag } from './service-tags.js';
import { randomUUID } from 'node:crypto';
import { startDelete } from '../kit/delete.js';

type RuleProps = Omit<SecurityRulePropertiesBody, 'provisioningState'>;

const DEFAULT_RULES: { name: string; description: string; src: string; dst: string; access: 'Allow' | 'Deny'; priority: number; direction: 'Inbound' | 'Outbound' }[] = [
  { name: 'AllowVnetInBound', description: 'Allow inbound traffic from all VMs in VNET', src: 'VirtualNetwork', dst: 'VirtualNetwork', access: 'Allow', priority: 65000, direction: 'Inbound' },
  { name: 'AllowAzureLoadBalancerInBound', description: 'Allow inbound traffic from azure load balancer', src: 'AzureLoadBalancer', dst: '*', access: 'Allow', priority: 65001, direction: 'Inbound' },
  { name: 'DenyAllInBound', description: 'Deny all inbound traffic', src: '*', dst: '*', access: 'Deny', priority: 65500, direction: 'Inbound' },
  { name: 'AllowVnetOutBound', description: 'Allow outbound traffic from all VMs to all VMs in VNET', src: 'VirtualNetwork', dst: 'VirtualNetwork', access: 'Allow', priority: 65000, direction: 'Outbound' },
  { name: 'AllowInternetOutBound', description: 'Allow outbound traffic from all VMs to Internet', src: '*', dst: 'Internet', access: 'Allow', priority: 65001, direction: 'Outbound' },
  { name: 'DenyAllOutBound', description: 'Deny all outbound traffic', src: '*', dst: '*', access: 'Deny', priority: 65500, direction: 'Outbound' },
];

function renderDefaultRules(nsg: ResourceRecord) {
  return DEFAULT_RULES.map((r) => ({
    name: r.name,
    id: childId(nsg.id, T.defaultRule, r.name),
    etag: nsg.etag,
    type: T.defaultRule,
    properties: {
      provisioningState: 'Succeeded',
      description: r.description,
      protocol: '*',
      sourcePortRange: '*',
      destinationPortRange: '*',
      sourceAddressPrefix: r.src,
      destinationAddressPrefix: r.dst,
      access: r.access,
      priority: r.priority,
      direction: r.direction,
    },
  }));
}

export function renderRule(_state: CloudState, rec: ResourceRecord): ArmResource {
  return { name: rec.name, id: rec.id, etag: rec.etag, type: T.rule, properties: { provisioningState: rec.provisioningState, ...rec.properties } };
}

/** Subnets associated with an NSG (its `subnets` back-reference). */
function subnetsUsingNsg(state: CloudState, nsgId: string): string[] {
  return recordsOfType(state, T.subnet)
    .filter((s) => same((s.properties.networkSecurityGroup as { id?: string } | undefined)?.id, nsgId))
    .map((s) => s.id);
}

export function renderNsg(state: CloudState, rec: ResourceRecord): ArmResource {
  const subnets = subnetsUsingNsg(state, rec.id);
  const nics = nicsUsingNsg(state, rec.id);
  return {
    name: rec.name,
    id: rec.id,
    etag: rec.etag,
    type: T.nsg,
    location: rec.location,
    ...(rec.tags ? { tags: rec.tags } : {}),
    properties: {
      provisioningState: rec.provisioningState,
      resourceGuid: rec.resourceGuid,
      ...(rec.properties.flushConnection !== undefined ? { flushConnection: rec.properties.flushConnection } : {}),
      securityRules: childrenOf(state, rec.id, T.rule).map((r) => renderRule(state, r)),
      defaultSecurityRules: renderDefaultRules(rec),
      ...(subnets.length > 0 ? { subnets: subnets.map((id) => ({ id })) } : {}),
      ...(nics.length > 0 ? { networkInterfaces: nics.map((id) => ({ id })) } : {}),
    },
  };
}

// --- rule validation -------------------------------------------------------------------------------

const PORT = /^(\d{1,5})(?:-(\d{1,5}))?$/;

function checkPort(value: string): void {
  if (value === '*') return;
  const m = PORT.exec(value.trim());
  const ok = m !== null && Number(m[1]) <= 65535 && (m[2] === undefined || (Number(m[2]) <= 65535 && Number(m[1]) <= Number(m[2])));
  if (!ok) {
    throw badRequest(
      'SecurityRuleInvalidPortRange',
      `Security rule has invalid Port range. Value provided: ${value}. Value should be an integer OR integer range with '-' delimiter. Valid range 0-65535.`,
    );
  }
}

const isIpOrCidr = (v: string): boolean => parseIp(v) !== undefined || parseCidr(v) !== undefined;

function invalidPrefix(value: string) {
  return badRequest('SecurityRuleInvalidAddressPrefix', `Security rule has invalid Address prefix. Value provided: ${value}.`);
}

function unsupported(ruleId: string, message: string) {
  return badRequest('SecurityRuleParameterContainsUnsupportedValue', `Security rule parameter ${message} for rule with Id ${ruleId} is not supported.`);
}

/** One of the singular/plural pair (or application security groups for addresses), never both. */
function exactlyOne(ruleId: string, label: string, singular: unknown, plural: unknown[] | undefined, asgs?: unknown[]): void {
  const given = [singular !== undefined, (plural?.length ?? 0) > 0, (asgs?.length ?? 0) > 0].filter(Boolean).length;
  if (given > 1) throw unsupported(ruleId, `${label}: only one of ${label}, ${label}s${asgs ? ' or application security groups' : ''} may be specified`);
}

function normalizeRule(ctx: Ctx, nsgId: string, location: string, name: string | undefined, props: RuleProps): Record<string, unknown> {
  checkName(name ?? '', NAME_RULES.securityRule);
  const ruleId = childId(nsgId, T.rule, name as string);
  const p = props;
  if (p.priority < 100 || p.priority > 4096) {
    throw badRequest('SecurityRuleInvalidPriority', `Security rule has invalid Priority. Value provided: ${p.priority} Allowed range 100-4096.`);
  }
  if (p.description !== undefined && p.description.length > 140) {
    throw badRequest('SecurityRuleDescriptionTooLong', `Security rule ${ruleId} description exceeds 140 characters.`);
  }
  exactlyOne(ruleId, 'SourcePortRange', p.sourcePortRange, p.sourcePortRanges);
  exactlyOne(ruleId, 'DestinationPortRange', p.destinationPortRange, p.destinationPortRanges);
  exactlyOne(ruleId, 'SourceAddressPrefix', p.sourceAddressPrefix, p.sourceAddressPrefixes, p.sourceApplicationSecurityGroups);
  exactlyOne(ruleId, 'DestinationAddressPrefix', p.destinationAddressPrefix, p.destinationAddressPrefixes, p.destinationApplicationSecurityGroups);
  const srcPorts = p.sourcePortRange !== undefined ? [p.sourcePortRange] : (p.sourcePortRanges ?? []);
  const dstPorts = p.destinationPortRange !== undefined ? [p.destinationPortRange] : (p.destinationPortRanges ?? []);
  if (srcPorts.length === 0) checkPort('');
  if (dstPorts.length === 0) checkPort('');
  [...srcPorts, ...dstPorts].forEach(checkPort);
  for (const [single, list, asgs] of [
    [p.sourceAddressPrefix, p.sourceAddressPrefixes, p.sourceApplicationSecurityGroups],
    [p.destinationAddressPrefix, p.destinationAddressPrefixes, p.destinationApplicationSecurityGroups],
  ] as const) {
    if (single === undefined && (list?.length ?? 0) === 0 && (asgs?.length ?? 0) === 0) throw invalidPrefix('');
    if (single !== undefined && single !== '*' && !isIpOrCidr(single) && !isServiceTag(single)) throw invalidPrefix(single);
    for (const v of list ?? []) {
      // Augmented rules take explicit IP ranges only: no service tags or '*' in the lists.
      if (isServiceTag(v) || v === '*') throw unsupported(ruleId, `address prefixes: '${v}' (service tags are not allowed in address prefix lists)`);
      if (!isIpOrCidr(v)) throw invalidPrefix(v);
    }
    for (const asg of asgs ?? []) resolveReference(ctx, asg.id, 'Microsoft.Network/applicationSecurityGroups', ruleId, location);
  }
  const out: Record<string, unknown> = {};
  for (const k of [
    'description', 'protocol', 'sourcePortRange', 'sourcePortRanges', 'destinationPortRange', 'destinationPortRanges',
    'sourceAddressPrefix', 'sourceAddressPrefixes', 'sourceApplicationSecurityGroups', 'destinationAddressPrefix',
    'destinationAddressPrefixes', 'destinationApplicationSecurityGroups', 'access', 'priority', 'direction',
  ] as const) {
    const v = p[k];
    if (v === undefined || (Array.isArray(v) && v.length === 0)) continue;
    out[k] = v;
  }
  return out;
}

/** Two rules of one NSG may not share priority and direction. */
function assertNoConflicts(rules: { name: string; properties: Record<string, unknown> }[]): void {
  for (let i = 0; i < rules.length; i++) {
    for (let j = 0; j < i; j++) {
      const a = rules[j].properties;
      const b = rules[i].properties;
      if (a.priority === b.priority && a.direction === b.direction) {
        throw badRequest(
          'SecurityRuleConflict',
          `Security rule ${rules[j].name} conflicts with rule ${rules[i].name}. Rules cannot have the same Priority and Direction. To learn more, see aka.ms/nsgrules.`,
        );
      }
    }
  }
}

// --- handlers --------------------------------------------------------------------------------------

export function handleNsg(ctx: Ctx, group: ResourceRecord, name: string, existing: ResourceRecord | undefined): SimResponse {
  return handleTracked(ctx, {
    type: T.nsg,
    label: 'network security group',
    name,
    group,
    existing,
    render: renderNsg,
    put: () => putNsg(ctx, group, name, existing),
    remove: (existing) => {
      const users = [...subnetsUsingNsg(ctx.state, existing.id), ...nicsUsingNsg(ctx.state, existing.id)];
      if (users.length > 0) {
        throw badRequest(
          'InUseNetworkSecurityGroupCannotBeDeleted',
          `Network security group ${existing.id} cannot be deleted because it is in use by the following resources: ${users.join(', ')}. ` +
            'In order to delete the Network security group, remove the association with the resource(s). To learn how to do this, see aka.ms/deletensg.',
        );
      }
      const rules = childrenOf(ctx.state, existing.id, T.rule);
      return deleteAccepted(ctx, startDelete(ctx, NETWORK_LRO, { name: 'DeleteNetworkSecurityGroupOperation', target: existing, also: rules }));
    },
  });
}

function putNsg(ctx: Ctx, group: ResourceRecord, name: string, existing: ResourceRecord | undefined): SimResponse {
  checkName(name, NAME_RULES.networkSecurityGroup);
  const body = parseBody(NetworkSecurityGroup, ctx.body, 'network');
  assertNameMatches(body.name, name);
  const location = resolveLocation(body.location, T.nsg, existing, group);
  validateTags(body.tags);
  checkPreconditions(ctx, existing);
  const id = existing?.id ?? topLevelId(group, T.nsg, name);
  assertNotBusy(ctx, id);
  const rules = (body.properties?.securityRules ?? []).map((r) => {
    const props = normalizeRule(ctx, id, location, r.name, r.properties);
    return { name: r.name as string, properties: props };
  });
  const dup = rules.find((r, i) => rules.findIndex((x) => x.name.toLowerCase() === r.name.toLowerCase()) !== i);
  if (dup) throw badRequest('DuplicateResourceName', `Resource ${id} has two child resources with the same name (${dup.name}).`);
  assertNoConflicts(rules);

  const etag = newEtag();
  const ruleIds = rules.map((r) => childId(id, T.rule, r.name));
  const op = startIn(ctx, NETWORK_LRO, {
    name: 'PutNetworkSecurityGroupOperation',
    method: 'PUT',
    subscriptionId: group.subscriptionId,
    location,
    targetId: id,
    lockKey: id,
    touched: [id, ...ruleIds],
    latencyKey: T.nsg,
  });
  const previous = existing ? childrenOf(ctx.state, id, T.rule) : [];
  // Like Azure, the PUT's rule list replaces the NSG's rules.
  for (const old of previous) if (!ruleIds.some((rid) => same(rid, old.id))) removeSubtree(ctx.state, old.id);
  const rec: ResourceRecord = {
    ...newRecord(ctx, { id, type: T.nsg, group, name, location, tags: body.tags, etag, existing, op }),
    resourceGuid: existing?.resourceGuid ?? randomUUID(),
    properties: body.properties?.flushConnection !== undefined ? { flushConnection: body.properties.flushConnection } : {},
  };
  putRecord(ctx.state, rec);
  rules.forEach((r, i) => {
    const old = previous.find((o) => same(o.id, ruleIds[i]));
    putRecord(ctx.state, {
      // Keep list order: creation order is the render order.
      ...newRecord(ctx, { id: old?.id ?? ruleIds[i], type: T.rule, parent: rec, name: r.name, etag, createdAt: ctx.now + i / 1000, existing: old, op }),
      properties: r.properties,
    });
  });
  return putAccepted(ctx, !existing, renderNsg(ctx.state, rec), op);
}

/** /networkSecurityGroups/{nsg}/securityRules[/{name}] and defaultSecurityRules (read-only). */
export function handleRules(ctx: Ctx, nsg: ResourceRecord | undefined, nsgName: string, name: string | undefined, defaults: boolean): SimResponse {
  if (defaults) {
    if (ctx.method !== 'GET') throw methodNotAllowed(ctx.method, 'default security rule');
    if (!nsg) throw parentResourceNotFound(nsgName);
    const all = renderDefaultRules(nsg);
    if (name === undefined) return json(200, { value: all });
    const rule = all.find((r) => r.name.toLowerCase() === name.toLowerCase());
    if (!rule) throw notFound('NotFound', `Resource ${childId(nsg.id, T.defaultRule, name)} not found.`);
    return json(200, rule);
  }
  return handleChild(ctx, {
    type: T.rule,
    label: 'security rule',
    parent: nsg,
    parentName: nsgName,
    name,
    render: renderRule,
    put: (parent, n, existing) => putRule(ctx, parent, n, existing),
    remove: (parent, existing) => {
      const op = startDelete(ctx, NETWORK_LRO, { name: 'DeleteSecurityRuleOperation', target: existing, parent });
      parent.etag = newEtag();
      return deleteAccepted(ctx, op);
    },
  });
}

function putRule(ctx: Ctx, nsg: ResourceRecord, name: string, existing: ResourceRecord | undefined): SimResponse {
  checkName(name, NAME_RULES.securityRule);
  const body = parseBody(SecurityRule, ctx.body, 'network');
  assertNameMatches(body.name, name);
  checkPreconditions(ctx, existing);
  assertNotBusy(ctx, nsg.id);
  const ruleName = existing?.name ?? name;
  const props = normalizeRule(ctx, nsg.id, nsg.location as string, ruleName, body.properties);
  const others = childrenOf(ctx.state, nsg.id, T.rule).filter((r) => !same(r.id, childId(nsg.id, T.rule, ruleName)));
  assertNoConflicts([...others.map((o) => ({ name: o.name, properties: o.properties })), { name: ruleName, properties: props }]);
  const id = existing?.id ?? childId(nsg.id, T.rule, ruleName);
  const op = startIn(ctx, NETWORK_LRO, {
    name: 'PutSecurityRuleOperation',
    method: 'PUT',
    subscriptionId: nsg.subscriptionId,
    location: nsg.location as string,
    targetId: id,
    lockKey: nsg.id,
    touched: [id],
    latencyKey: T.rule,
  });
  const rec: ResourceRecord = {
    ...newRecord(ctx, { id, type: T.rule, parent: nsg, name: ruleName, etag: newEtag(), existing, op }),
    properties: props,
  };
  putRecord(ctx.state, rec);
  nsg.etag = newEtag();
  return putAccepted(ctx, !existing, renderRule(ctx.state, rec), op);
}
