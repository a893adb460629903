// Shared Network RP behaviour: ids, locations, the one-change-at-a-time lock (429), reference
// resolution, conditional requests and the Azure-AsyncOperation response style.
import { ArmError, badRequest, methodNotAllowed, resourceNotFound } from '../../errors.js';
import { empty, json } from '../../http.js';
import { inFlight, providerOperationUrls, remainingSeconds, scaledRetryAfter, startOperation, type StartOperation } from '../../lro.js';
import type { NameRule } from '../../names.js';
import { REGIONS, normalizeRegion } from '../../regions.js';
import { parseBody } from '../../schemas/common.js';
import { TagsObject } from '../../schemas/network.js';
import { getRecord, key, newEtag, type CloudState, type OperationRecord, type ResourceRecord } from '../../state.js';
import { validateTags } from '../../tags.js';
import type { ArmResource, SimResponse } from '../../types.js';
import type { Ctx } from '../types.js';

export const NETWORK = 'Microsoft.Network';
export const NETWORK_API_VERSIONS = ['2024-05-01', '2024-07-01', '2025-01-01', '2025-05-01'] as const;
/** Private DNS (privatedns.json) is versioned separately from the rest of Microsoft.Network. */
export const PRIVATE_DNS_API_VERSIONS = ['2020-06-01', '2024-06-01'] as const;
/** Every version the namespace answers to; each resource type then checks its own set (apiVersionsFor). */
export const ALL_NETWORK_API_VERSIONS = [...new Set([...NETWORK_API_VERSIONS, ...PRIVATE_DNS_API_VERSIONS])].sort();

/** The api-versions a resource type path (first segment decides) is served at. */
export function apiVersionsFor(firstType: string): readonly string[] {
  const t = firstType.toLowerCase();
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

/** ARM resource id shape check: /subscriptions/{sub}/resourceGroups/{rg}/providers/{ns}/{type}/{name}[/{type}/{name}]... */
export function parseArmId(id: string): { sub: string; rg: string; namespace: string; types: string[]; names: string[] } | undefined {
  const m = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/([^/]+)\/(.+)$/i.exec(id);
  if (!m) return undefined;
  const rest = m[4].split('/');
  if (rest.length % 2 !== 0 || rest.some((s) => s === '')) return undefined;
  return { sub: m[1], rg: m[2], namespace: m[3], types: rest.filter((_, i) => i % 2 === 0), names: rest.filter((_, i) => i % 2 === 1) };
}

/** The canonical type of an ARM id (namespace/type[/child]), e.g. Microsoft.Storage/storageAccounts. */
export const typeOfId = (id: string): string | undefined => {
  const p = parseArmId(id);
  return p ? [p.namespace, ...p.types].join('/') : undefined;
};

/** Network RP tells pollers to come back after 10 s. */
const NETWORK_RETRY_AFTER = 10;

export const topLevelId = (group: ResourceRecord, type: string, name: string): string =>
  `${group.id}/providers/${NETWORK}/${type.split('/')[1]}/${name}`;

export const childId = (parentId: string, type: string, name: string): string => `${parentId}/${type.split('/').pop()}/${name}`;

/** Location of a tracked network resource: required, a known region, unchangeable. */
export function resolveLocation(given: string | undefined, type: string, existing?: ResourceRecord, group?: ResourceRecord): string {
  if (given === undefined || given === '') throw badRequest('LocationRequired', 'The location property is required for this definition.');
  const location = normalizeRegion(given);
  if (!location) {
    throw badRequest(
      'LocationNotAvailableForResourceType',
      `The provided location '${given}' is not available for resource type '${type}'. List of available regions for the resource type is '${REGIONS.join(',')}'.`,
    );
  }
  if (existing && existing.location !== location) {
    throw badRequest(
      'InvalidResourceLocation',
      `The resource '${existing.name}' already exists in location '${existing.location}' in resource group '${group?.name ?? existing.resourceGroup}'. ` +
        `A resource with the same name cannot be created in location '${location}'. Please select a new resource name.`,
    );
  }
  return location;
}

export function assertNameMatches(bodyName: string | undefined, urlName: string): void {
  if (bodyName !== undefined && bodyName.toLowerCase() !== urlName.toLowerCase()) {
    throw badRequest('ResourceNameMismatch', `The resource name '${bodyName}' in the request body does not match the name '${urlName}' in the request URL.`);
  }
}

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

/** Model members the simulator does not implement are refused, never silently dropped. */
export function rejectNotSimulated(value: Record<string, unknown> | undefined, members: readonly string[], path: string): void {
  if (!value) return;
  for (const m of members) {
    if (value[m] === undefined) continue;
    if (Array.isArray(value[m]) && (value[m] as unknown[]).length === 0) continue;
    throw badRequest('SimulatorUnsupportedProperty', `Property '${path}${m}' is valid in Azure but not implemented by the ARM simulator.`);
  }
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
  if (rec.provisioningState !== 'Succeeded') {
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
  return rec;
}

export function startNetworkOperation(ctx: Ctx, init: Omit<StartOperation, 'namespace'>): OperationRecord {
  return startOperation(ctx.state, ctx.now, ctx.latency, { namespace: NETWORK, ...init });
}

/** PUT accepted: 201/200 with the in-progress body, polled through Azure-AsyncOperation. */
export function putAccepted(ctx: Ctx, created: boolean, body: Pick<ArmResource, 'id' | 'name'>, op: OperationRecord): SimResponse {
  const urls = providerOperationUrls(ctx.url.origin, op, ctx.apiVersion);
  return json(created ? 201 : 200, body, {
    'Azure-AsyncOperation': urls.asyncOperation,
    'Retry-After': scaledRetryAfter(ctx.latency, NETWORK_RETRY_AFTER),
  });
}

/** DELETE accepted: 202 with both Azure-AsyncOperation and Location. */
export function deleteAccepted(ctx: Ctx, op: OperationRecord): SimResponse {
  const urls = providerOperationUrls(ctx.url.origin, op, ctx.apiVersion);
  return empty(202, {
    'Azure-AsyncOperation': urls.asyncOperation,
    Location: urls.location,
    'Retry-After': scaledRetryAfter(ctx.latency, NETWORK_RETRY_AFTER),
  });
}

export const retryAfterHeader = (ctx: Ctx): Record<string, string> => ({ 'Retry-After': scaledRetryAfter(ctx.latency, NETWORK_RETRY_AFTER) });

export const sameId = (a: string | undefined, b: string | undefined): boolean => a !== undefined && b !== undefined && key(a) === key(b);

/** {id} reference as stored (as the client gave it). */
export const refOf = (v: unknown): { id: string } | undefined =>
  v && typeof v === 'object' && typeof (v as { id?: unknown }).id === 'string' ? { id: (v as { id: string }).id } : undefined;

/** One top-level tracked Network resource type, as handleTracked serves it. */
export interface TrackedHandlers {
  type: string;
  /** The resource kind named in the 405 message, e.g. 'network interface'. */
  label: string;
  name: string;
  group: ResourceRecord;
  existing: ResourceRecord | undefined;
  render: (state: CloudState, rec: ResourceRecord) => ArmResource;
  put: () => SimResponse;
  /** The type's own in-use checks and delete operation, after the shared preconditions and lock check. */
  remove: (existing: ResourceRecord) => SimResponse;
}

/** GET / PUT / PATCH (UpdateTags) / DELETE of a top-level tracked Network resource. */
export function handleTracked(ctx: Ctx, h: TrackedHandlers): SimResponse {
  const { existing } = h;
  switch (ctx.method) {
    case 'GET':
      if (!existing) throw resourceNotFound(h.type, h.name, h.group.name);
      return json(200, h.render(ctx.state, existing));
    case 'PUT':
      return h.put();
    case 'PATCH': {
      if (!existing) throw resourceNotFound(h.type, h.name, h.group.name);
      const body = parseBody(TagsObject, ctx.body, 'network');
      validateTags(body.tags);
      assertNotBusy(ctx, existing.id);
      existing.tags = body.tags ?? {};
      existing.etag = newEtag();
      existing.changedAt = ctx.now;
      return json(200, h.render(ctx.state, existing));
    }
    case 'DELETE':
      if (!existing) return { status: 204, headers: {} };
      checkPreconditions(ctx, existing);
      assertNotBusy(ctx, existing.id);
      return h.remove(existing);
    default:
      throw methodNotAllowed(ctx.method, h.label);
  }
}
