// Shared Network RP behaviour: versions, types, names, the one-change-at-a-time lock (429), reference
// resolution, conditional requests and the Azure-AsyncOperation response style (on the kit).
import { ArmError, badRequest } from '../../errors.js';
import { empty, json } from '../../http.js';
import { inFlight, remainingSeconds } from '../../lro.js';
import type { NameRule } from '../../names.js';
import { parseBody } from '../../schemas/common.js';
import { TagsObject } from '../../schemas/network.js';
import { getRecord, newEtag, type OperationRecord, type ResourceRecord } from '../../state.js';
import { validateTags } from '../../tags.js';
import type { ArmResource, SimResponse } from '../../types.js';
import { acceptedHeaders, locationOperationUrl, type LroStyle } from '../kit/lro-style.js';
import { serveChild, serveTracked, type ChildRoute, type TrackedRoute } from '../kit/serve.js';
import type { Ctx } from '../types.js';

export const NETWORK = 'Microsoft.Network';
/** Versions whose shape the Network types model; the published ones (api-versions.ts) answer as one of these. */
const NETWORK_API_VERSIONS = ['2024-05-01', '2024-07-01', '2025-01-01', '2025-05-01'] as const;
/** Private DNS (privatedns.json) is versioned separately from the rest of Microsoft.Network. */
const PRIVATE_DNS_API_VERSIONS = ['2020-06-01', '2024-06-01'] as const;
/** DNS private resolver (dnsresolver.json) is versioned separately too: its stable versions. */
const DNS_RESOLVER_API_VERSIONS = ['2022-07-01', '2025-05-01'] as const;
/** Every version the namespace models. */
export const ALL_NETWORK_API_VERSIONS = [...new Set([...NETWORK_API_VERSIONS, ...PRIVATE_DNS_API_VERSIONS, ...DNS_RESOLVER_API_VERSIONS])].sort();

/** The modelled api-versions of a resource type path (first segment decides). */
export function apiVersionsFor(firstType: string): readonly string[] {
  const t = firstType.toLowerCase();
  if (t === 'dnsresolvers') return DNS_RESOLVER_API_VERSIONS;
  return t === 'privatednszones' || t === 'privatednsoperationstatuses' || t === 'privatednsoperationresults'
    ? PRIVATE_DNS_API_VERSIONS
    : NETWORK_API_VERSIONS;
}

export const T = {
  vnet: 'Microsoft.Network/virtualNetworks',
  subnet: 'Microsoft.Network/virtualNetworks/subnets',
  nsg: 'Microsoft.Network/networkSecurityGroups',
  rule: 'Microsoft.Network/networkSecurityGroups/securityRules',
  defaultRule: 'Microsoft.Network/networkSecurityGroups/defaultSecurityRules',
  nic: 'Microsoft.Network/networkInterfaces',
  ipConfig: 'Microsoft.Network/networkInterfaces/ipConfigurations',
  zone: 'Microsoft.Network/privateDnsZones',
  vnetLink: 'Microsoft.Network/privateDnsZones/virtualNetworkLinks',
  aRecord: 'Microsoft.Network/privateDnsZones/A',
  soaRecord: 'Microsoft.Network/privateDnsZones/SOA',
  pe: 'Microsoft.Network/privateEndpoints',
  zoneGroup: 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups',
  sep: 'Microsoft.Network/serviceEndpointPolicies',
  sepDef: 'Microsoft.Network/serviceEndpointPolicies/serviceEndpointPolicyDefinitions',
  pip: 'Microsoft.Network/publicIPAddresses',
  natGateway: 'Microsoft.Network/natGateways',
  routeTable: 'Microsoft.Network/routeTables',
  route: 'Microsoft.Network/routeTables/routes',
  peering: 'Microsoft.Network/virtualNetworks/virtualNetworkPeerings',
  firewallPolicy: 'Microsoft.Network/firewallPolicies',
  ruleCollectionGroup: 'Microsoft.Network/firewallPolicies/ruleCollectionGroups',
  firewall: 'Microsoft.Network/azureFirewalls',
  bastion: 'Microsoft.Network/bastionHosts',
  vnetGateway: 'Microsoft.Network/virtualNetworkGateways',
  dnsResolver: 'Microsoft.Network/dnsResolvers',
  inboundEndpoint: 'Microsoft.Network/dnsResolvers/inboundEndpoints',
} as const;

/** Network RP's naming rule (word chars, '.', '-', '_'; starts with a word char, ends with one or '_'). */
export function networkNameRule(min: number, max: number): NameRule {
  return {
    min,
    max,
    pattern: /^[A-Za-z0-9](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?$/,
    describe:
      `The name can be ${min === 1 ? 'up to' : `between ${min} and`} ${max} characters long. It must begin with a word character, ` +
      "and it must end with a word character or with '_'. The name may contain word characters or '.', '-', '_'.",
  };
}

/** Network RP's LRO style: PUT 201/200 + Azure-AsyncOperation, DELETE 202 + both headers, Retry-After 10 s. */
export const NETWORK_LRO: LroStyle = {
  namespace: NETWORK,
  retryAfter: 10,
  statusUrl: locationOperationUrl('operations'),
  resultUrl: locationOperationUrl('operationResults'),
};

export const topLevelId = (group: ResourceRecord, type: string, name: string): string =>
  `${group.id}/providers/${NETWORK}/${type.split('/')[1]}/${name}`;

/** One change at a time: a write to a resource (or its children) while another is in flight is refused. */
export function assertNotBusy(ctx: Ctx, lockKey: string): void {
  const op = inFlight(ctx.state, lockKey);
  if (!op) return;
  const seconds = remainingSeconds(op, ctx.now);
  throw new ArmError(
    429,
    'RetryableErrorDueToAnotherOperation',
    `Operation ${op.name} (${op.id}) is updating resource ${op.targetId}. The call can be retried in ${seconds} seconds.`,
    undefined,
    { 'Retry-After': String(seconds) },
  );
}

/** If-Match / If-None-Match on the resource's etag. */
export function checkPreconditions(ctx: Ctx, existing: ResourceRecord | undefined): void {
  const ifMatch = ctx.headers['if-match'];
  const ifNoneMatch = ctx.headers['if-none-match'];
  const fail = () => new ArmError(412, 'PreconditionFailed', 'The condition specified using HTTP conditional header(s) is not met.');
  if (ifMatch !== undefined && ifMatch !== '*' && ifMatch !== existing?.etag) throw fail();
  if (ifMatch === '*' && !existing) throw fail();
  if (ifNoneMatch === '*' && existing) throw fail();
}

/**
 * A resource another one uses must have settled: while it is still being written or deleted, Network RP
 * answers 429 RetryableError / ReferencedResourceNotProvisioned (hashicorp/terraform#7986) with the seconds left.
 */
export function assertProvisioned(ctx: Ctx, rec: ResourceRecord, referencingId: string): void {
  if (rec.provisioningState === 'Succeeded') return;
  const op = rec.operationId ? ctx.state.operations[rec.operationId] : undefined;
  const seconds = op ? remainingSeconds(op, ctx.now) : 1;
  throw new ArmError(
    429,
    'RetryableError',
    'A retryable error occurred.',
    [
      {
        code: 'ReferencedResourceNotProvisioned',
        message:
          `Cannot proceed with operation because resource ${rec.id} used by resource ${referencingId} is not in Succeeded state. ` +
          `Resource is in ${rec.provisioningState} state and the last operation that updated/is updating the resource is ${op?.name ?? 'unknown'}.`,
      },
    ],
    { 'Retry-After': String(seconds) },
  );
}

/**
 * Resolves a reference ({id}) from one resource to another. Missing, wrong type or another region:
 * InvalidResourceReference. Not yet provisioned (still Updating/Deleting): 429, as Network RP does.
 */
export function resolveReference(ctx: Ctx, refId: string, expectedType: string, referencingId: string, location: string): ResourceRecord {
  const notFound = () =>
    badRequest(
      'InvalidResourceReference',
      `Resource ${refId} referenced by resource ${referencingId} was not found. Please make sure that the referenced resource exists, and that both resources are in the same region.`,
    );
  const rec = getRecord(ctx.state, refId);
  if (!rec || rec.type.toLowerCase() !== expectedType.toLowerCase()) throw notFound();
  // Child resources (subnets) live in their parent's region.
  const recLocation = rec.location ?? (rec.parentId ? getRecord(ctx.state, rec.parentId)?.location : undefined);
  if (recLocation !== undefined && recLocation !== location) {
    throw badRequest(
      'InvalidResourceReference',
      `Resource ${refId} referenced by resource ${referencingId} is in region '${recLocation}' but the referencing resource is in region '${location}'. ` +
        'Please make sure that the referenced resource exists, and that both resources are in the same region.',
    );
  }
  assertProvisioned(ctx, rec, referencingId);
  return rec;
}

/** PUT accepted: 201/200 with the in-progress body, polled through Azure-AsyncOperation. */
export function putAccepted(ctx: Ctx, created: boolean, body: Pick<ArmResource, 'id' | 'name'>, op: OperationRecord): SimResponse {
  return json(created ? 201 : 200, body, acceptedHeaders(ctx, NETWORK_LRO, op, { status: true }));
}

/** DELETE accepted: 202 with both Azure-AsyncOperation and Location. */
export function deleteAccepted(ctx: Ctx, op: OperationRecord): SimResponse {
  return empty(202, acceptedHeaders(ctx, NETWORK_LRO, op, { status: true, result: true }));
}

/**
 * GET / PUT / PATCH (UpdateTags) / DELETE of a top-level tracked Network resource. DELETE checks the
 * preconditions and the resource's lock before the type's own in-use checks (`remove`).
 */
export function handleTracked(ctx: Ctx, r: Omit<TrackedRoute, 'patch' | 'removeMissing'>): SimResponse {
  return serveTracked(ctx, {
    ...r,
    patch: (existing) => {
      const body = parseBody(TagsObject, ctx.body, 'network');
      validateTags(body.tags);
      assertNotBusy(ctx, existing.id);
      existing.tags = body.tags ?? {};
      existing.etag = newEtag();
      existing.changedAt = ctx.now;
      return json(200, r.render(ctx.state, existing));
    },
    remove: (existing) => {
      checkPreconditions(ctx, existing);
      assertNotBusy(ctx, existing.id);
      return r.remove(existing);
    },
  });
}

/** A Network child resource (subnet, security rule, zone group, policy definition): DELETE checks preconditions and the parent's lock. */
export function handleChild(ctx: Ctx, c: Omit<ChildRoute, 'patch' | 'deleteNeedsParent'>): SimResponse {
  return serveChild(ctx, {
    ...c,
    remove: (parent, existing) => {
      checkPreconditions(ctx, existing);
      assertNotBusy(ctx, parent.id);
      return c.remove(parent, existing);
    },
  });
}
