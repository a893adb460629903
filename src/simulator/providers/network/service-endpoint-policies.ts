// Service endpoint policies and their serviceEndpointPolicyDefinitions child resource (stored as child
// records, like NSG rules). Microsoft.Storage definitions list subscriptions, resource groups or storage
// accounts that exist; Global definitions list Azure service aliases. Subnets reference policies
// (subnets.ts checks region and the Microsoft.Storage service endpoint); the policy renders them back.
import { randomUUID } from 'node:crypto';
import { badRequest } from '../../errors.js';
import { checkName } from '../../names.js';
import { isGuid } from '../../router.js';
import { ServiceEndpointPolicy, ServiceEndpointPolicyDefinition, type ServiceEndpointPolicyDefinitionBody } from '../../schemas/network.js';
import { parseBody } from '../../schemas/common.js';
import { childrenOf, getRecord, newEtag, putRecord, recordsOfType, removeSubtree, type CloudState, type ResourceRecord } from '../../state.js';
import { validateTags } from '../../tags.js';
import type { ArmResource, SimResponse } from '../../types.js';
import type { Ctx } from '../types.js';
import { assertNotBusy, checkPreconditions, deleteAccepted, handleChild, handleTracked, NETWORK_LRO, networkNameRule, putAccepted, T, topLevelId } from './common.js';
import { assertNameMatches, newRecord, resolveLocation } from '../kit/tracked.js';
import { childId } from '../kit/serve.js';
import { same } from '../kit/ids.js';
import { startIn } from '../kit/lro-style.js';
import { startDelete } from '../kit/delete.js';

const SEP_NAME = networkNameRule(1, 80);
const DEF_NAME = networkNameRule(1, 80);
const SERVICES = ['Microsoft.Storage', 'Global'] as const;
/** Aliases a Global definition may list (Azure-managed storage used by these services). */
const SERVICE_ALIASES = [
  '/services/Azure',
  '/services/Azure/Batch',
  '/services/Azure/DataFactory',
  '/services/Azure/MachineLearning',
  '/services/Azure/ManagedInstance',
  '/services/Azure/WebPI',
] as const;
const STORAGE_ACCOUNT = 'Microsoft.Storage/storageAccounts';

interface NormalizedDefinition {
  name: string;
  description?: string;
  service: string;
  serviceResources: string[];
}

/** Subnets that reference a policy (its `subnets` back-reference and the delete guard). */
function subnetsUsingPolicy(state: CloudState, policyId: string): string[] {
  return recordsOfType(state, T.subnet)
    .filter((s) => ((s.properties.serviceEndpointPolicies as { id: string }[] | undefined) ?? []).some((r) => same(r.id, policyId)))
    .map((s) => s.id);
}

export function renderSepDef(_state: CloudState, rec: ResourceRecord): ArmResource {
  const p = rec.properties as unknown as NormalizedDefinition;
  return {
    name: rec.name,
    id: rec.id,
    etag: rec.etag,
    type: T.sepDef,
    properties: {
      ...(p.description !== undefined ? { description: p.description } : {}),
      service: p.service,
      serviceResources: p.serviceResources,
      provisioningState: rec.provisioningState,
    },
  };
}

export function renderSep(state: CloudState, rec: ResourceRecord): ArmResource {
  const p = rec.properties;
  return {
    name: rec.name,
    id: rec.id,
    etag: rec.etag,
    type: T.sep,
    location: rec.location,
    ...(rec.tags ? { tags: rec.tags } : {}),
    kind: '',
    properties: {
      serviceEndpointPolicyDefinitions: childrenOf(state, rec.id, T.sepDef).map((d) => renderSepDef(state, d)),
      subnets: subnetsUsingPolicy(state, rec.id).map((id) => ({ id })),
      resourceGuid: rec.resourceGuid,
      provisioningState: rec.provisioningState,
      ...(p.serviceAlias !== undefined ? { serviceAlias: p.serviceAlias } : {}),
      ...(p.contextualServiceEndpointPolicies !== undefined ? { contextualServiceEndpointPolicies: p.contextualServiceEndpointPolicies } : {}),
    },
  };
}

/** Validates one definition: service, and resources that exist (Microsoft.Storage) or known aliases (Global). */
function normalizeDefinition(ctx: Ctx, policyId: string, d: ServiceEndpointPolicyDefinitionBody, fallbackName: string | undefined, path: string): NormalizedDefinition {
  const name = d.name ?? fallbackName ?? '';
  checkName(name, DEF_NAME);
  const defId = childId(policyId, T.sepDef, name);
  const p = d.properties ?? {};
  if (p.description !== undefined && p.description.length > 140) {
    throw badRequest('ServiceEndpointPolicyDefinitionDescriptionTooLong', `The description of ${defId} exceeds 140 characters.`);
  }
  const service = SERVICES.find((s) => s.toLowerCase() === (p.service ?? '').toLowerCase());
  if (!service) {
    throw badRequest(
      'InvalidServiceNameInServiceEndpointPolicyDefinition',
      `Service '${p.service ?? ''}' of service endpoint policy definition ${defId} is invalid. Supported services: ${SERVICES.join(', ')}.`,
    );
  }
  const resources = p.serviceResources ?? [];
  if (resources.length === 0) {
    throw badRequest('ServiceResourcesRequired', `Service endpoint policy definition ${defId} must list at least one service resource in ${path}properties.serviceResources.`);
  }
  const out = resources.map((r, i) => {
    const at = `${path}properties.serviceResources[${i}]`;
    if (service === 'Global') {
      const alias = SERVICE_ALIASES.find((a) => a.toLowerCase() === r.toLowerCase());
      if (!alias) {
        throw badRequest('InvalidServiceAlias', `Service resource '${r}' at ${at} of ${defId} is not a known service alias. Global definitions accept: ${SERVICE_ALIASES.join(', ')}.`);
      }
      return alias;
    }
    return checkStorageResource(ctx, r, at, defId);
  });
  if (new Set(out.map((r) => r.toLowerCase())).size !== out.length) {
    throw badRequest('DuplicateServiceResource', `Service endpoint policy definition ${defId} lists a service resource twice.`);
  }
  return { name, ...(p.description !== undefined ? { description: p.description } : {}), service, serviceResources: out };
}

/** A Microsoft.Storage service resource: a subscription, a resource group or a storage account, which must exist. */
function checkStorageResource(ctx: Ctx, r: string, at: string, defId: string): string {
  const invalid = () =>
    badRequest(
      'InvalidServiceResourceInServiceEndpointPolicyDefinition',
      `Service resource '${r}' at ${at} of ${defId} is invalid. Microsoft.Storage definitions accept a subscription (/subscriptions/{id}), a resource group (/subscriptions/{id}/resourceGroups/{name}) or a storage account id.`,
    );
  const missing = (what: string) =>
    badRequest('ServiceResourceNotFound', `The ${what} '${r}' listed at ${at} of service endpoint policy definition ${defId} was not found.`);
  const segs = r.split('/');
  if (segs[0] !== '' || segs[1]?.toLowerCase() !== 'subscriptions' || !isGuid(segs[2] ?? '')) throw invalid();
  if (segs.length === 3) return r;
  if (segs.length === 5 && segs[3].toLowerCase() === 'resourcegroups') {
    const rg = getRecord(ctx.state, r);
    if (!rg || rg.type !== 'Microsoft.Resources/resourceGroups') throw missing('resource group');
    return r;
  }
  if (segs.length === 9 && segs[3].toLowerCase() === 'resourcegroups' && segs[5].toLowerCase() === 'providers' && `${segs[6]}/${segs[7]}`.toLowerCase() === STORAGE_ACCOUNT.toLowerCase()) {
    const acct = getRecord(ctx.state, r);
    if (!acct || acct.type.toLowerCase() !== STORAGE_ACCOUNT.toLowerCase()) throw missing('storage account');
    return r;
  }
  throw invalid();
}

/** Azure allows one definition per service in a policy. */
function assertOnePerService(policyId: string, defs: NormalizedDefinition[]): void {
  const dupName = defs.find((d, i) => defs.findIndex((x) => x.name.toLowerCase() === d.name.toLowerCase()) !== i);
  if (dupName) throw badRequest('DuplicateResourceName', `Resource ${policyId} has two child resources with the same name (${dupName.name}).`);
  const dup = defs.find((d, i) => defs.findIndex((x) => x.service === d.service) !== i);
  if (dup) {
    throw badRequest(
      'ServiceEndpointPolicyDefinitionsWithSameService',
      `Service endpoint policy ${policyId} has more than one definition for service '${dup.service}'. Put all ${dup.service} resources in one definition.`,
    );
  }
}

/** /serviceEndpointPolicies/{name} */
export function handleSep(ctx: Ctx, group: ResourceRecord, name: string): SimResponse {
  const existing = getRecord(ctx.state, topLevelId(group, T.sep, name));
  return handleTracked(ctx, {
    type: T.sep,
    label: 'service endpoint policy',
    name,
    group,
    existing,
    render: renderSep,
    put: () => putSep(ctx, group, name, existing),
    remove: (existing) => {
      const subnets = subnetsUsingPolicy(ctx.state, existing.id);
      if (subnets.length > 0) {
        throw badRequest(
          'InUseServiceEndpointPolicyCannotBeDeleted',
          `Service endpoint policy ${existing.id} is in use by subnet(s) ${subnets.join(', ')} and cannot be deleted. Remove it from the subnets first.`,
        );
      }
      const defs = childrenOf(ctx.state, existing.id, T.sepDef);
      return deleteAccepted(ctx, startDelete(ctx, NETWORK_LRO, { name: 'DeleteServiceEndpointPolicyOperation', target: existing, also: defs }));
    },
  });
}

function putSep(ctx: Ctx, group: ResourceRecord, name: string, existing: ResourceRecord | undefined): SimResponse {
  checkName(name, SEP_NAME);
  const body = parseBody(ServiceEndpointPolicy, ctx.body, 'network');
  assertNameMatches(body.name, name);
  const location = resolveLocation(body.location, T.sep, existing, group);
  validateTags(body.tags);
  checkPreconditions(ctx, existing);
  const id = existing?.id ?? topLevelId(group, T.sep, name);
  assertNotBusy(ctx, id);
  const p = body.properties ?? {};
  const previous = existing ? childrenOf(ctx.state, id, T.sepDef) : [];
  const defs = (p.serviceEndpointPolicyDefinitions ?? []).map((d, i) => {
    const prior = previous.find((x) => x.name.toLowerCase() === (d.name ?? '').toLowerCase());
    return normalizeDefinition(ctx, id, { ...d, name: prior?.name ?? d.name }, undefined, `properties.serviceEndpointPolicyDefinitions[${i}].`);
  });
  assertOnePerService(id, defs);

  const defIds = defs.map((d) => childId(id, T.sepDef, d.name));
  const op = startIn(ctx, NETWORK_LRO, {
    name: 'PutServiceEndpointPolicyOperation',
    method: 'PUT',
    subscriptionId: group.subscriptionId,
    location,
    targetId: id,
    lockKey: id,
    touched: [id, ...defIds],
    latencyKey: T.sep,
  });
  // The inline list replaces the policy's definitions.
  for (const old of previous) if (!defIds.some((d) => same(d, old.id))) removeSubtree(ctx.state, old.id);
  const etag = newEtag();
  const rec: ResourceRecord = {
    ...newRecord(ctx, { id, type: T.sep, group, name, location, tags: body.tags, etag, existing, op }),
    resourceGuid: existing?.resourceGuid ?? randomUUID(),
    properties: {
      ...(p.serviceAlias !== undefined ? { serviceAlias: p.serviceAlias } : {}),
      ...(p.contextualServiceEndpointPolicies !== undefined ? { contextualServiceEndpointPolicies: p.contextualServiceEndpointPolicies } : {}),
    },
  };
  putRecord(ctx.state, rec);
  defs.forEach((d, i) => writeDefinition(ctx, rec, d, previous.find((x) => same(x.id, defIds[i])), op.id, etag, i));
  return putAccepted(ctx, !existing, renderSep(ctx.state, rec), op);
}

function writeDefinition(ctx: Ctx, policy: ResourceRecord, d: NormalizedDefinition, prior: ResourceRecord | undefined, opId: string, etag: string, order: number): ResourceRecord {
  const rec: ResourceRecord = {
    ...newRecord(ctx, { id: prior?.id ?? childId(policy.id, T.sepDef, d.name), type: T.sepDef, parent: policy, name: d.name, etag, createdAt: prior?.createdAt ?? ctx.now + order / 1000, existing: prior, op: { id: opId } }),
    properties: { ...d } as unknown as Record<string, unknown>,
  };
  putRecord(ctx.state, rec);
  return rec;
}

/** /serviceEndpointPolicies/{policy}/serviceEndpointPolicyDefinitions[/{name}] */
export function handleSepDefs(ctx: Ctx, policy: ResourceRecord | undefined, policyName: string, name: string | undefined): SimResponse {
  return handleChild(ctx, {
    type: T.sepDef,
    label: 'service endpoint policy definition',
    parent: policy,
    parentName: policyName,
    name,
    render: renderSepDef,
    put: (parent, n, existing) => putSepDef(ctx, parent, n, existing),
    remove: (parent, existing) => deleteAccepted(ctx, startDelete(ctx, NETWORK_LRO, { name: 'DeleteServiceEndpointPolicyDefinitionOperation', target: existing, parent })),
  });
}

function putSepDef(ctx: Ctx, policy: ResourceRecord, name: string, existing: ResourceRecord | undefined): SimResponse {
  const body = parseBody(ServiceEndpointPolicyDefinition, ctx.body, 'network');
  assertNameMatches(body.name, name);
  checkPreconditions(ctx, existing);
  assertNotBusy(ctx, policy.id);
  const d = normalizeDefinition(ctx, policy.id, { ...body, name: existing?.name ?? name }, name, '');
  const siblings = childrenOf(ctx.state, policy.id, T.sepDef)
    .filter((x) => !same(x.id, childId(policy.id, T.sepDef, d.name)))
    .map((x) => x.properties as unknown as NormalizedDefinition);
  assertOnePerService(policy.id, [...siblings, d]);
  const op = startIn(ctx, NETWORK_LRO, {
    name: 'PutServiceEndpointPolicyDefinitionOperation',
    method: 'PUT',
    subscriptionId: policy.subscriptionId,
    location: policy.location as string,
    targetId: childId(policy.id, T.sepDef, d.name),
    lockKey: policy.id,
    touched: [childId(policy.id, T.sepDef, d.name)],
    latencyKey: T.sepDef,
  });
  const rec = writeDefinition(ctx, policy, d, existing, op.id, newEtag(), 0);
  policy.etag = newEtag();
  return putAccepted(ctx, !existing, renderSepDef(ctx.state, rec), op);
}
