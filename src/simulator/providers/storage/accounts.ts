// Storage accounts. A new account's PUT answers 202 with Location (…/asyncoperations/{id}?monitor=true)
// and Retry-After, empty body; polling answers 202 until the operation ends, then 200 with the account
// (Location polling, as @azure/arm-storage's poller expects). PUT on an existing account and PATCH update
// it synchronously; DELETE is synchronous. Names are global (StorageAccountAlreadyTaken).
import { badRequest, conflict } from '../../errors.js';
import { empty, json } from '../../http.js';
import { inFlight } from '../../lro.js';
import { pairedRegion } from '../../regions.js';
import { parseBody } from '../../schemas/common.js';
import { StorageAccountCreateParameters, StorageAccountUpdateParameters, type StorageProperties } from '../../schemas/storage.js';
import { putRecord, removeSubtree, type CloudState, type ResourceRecord } from '../../state.js';
import { validateTags } from '../../tags.js';
import type { ArmResource, SimResponse } from '../../types.js';
import { applyIdentity } from '../kit/identity.js';
import { canonicalSubnetId, isIpRule, subnetRuleProblem } from '../network-rules.js';
import { privateEndpointConnectionsFor } from '../network/private-link.js';
import { assertNameMatches, envelope, globalNamesake, isoTime, newRecord, resolveLocation, trackedId } from '../kit/tracked.js';
import type { Ctx } from '../types.js';
import { ACCOUNT_TYPE, checkAccountName, endpoints, STORAGE, STORAGE_LRO } from './common.js';
import { normalizeEncryption } from './encryption.js';
import { acceptedHeaders, startIn } from '../kit/lro-style.js';
import { serveTracked } from '../kit/serve.js';
import { notImplemented } from '../kit/not-simulated.js';

export const accountId = (group: ResourceRecord, name: string): string => trackedId(group, STORAGE, 'storageAccounts', name);

const GEO = /GRS|GZRS/;
const READ_ACCESS = /^Standard_RA/;

/** Storage's PrivateLinkServiceConnectionState names the field `actionRequired` (singular), unlike Network/Key Vault. */
function storageConnections(state: CloudState, id: string): Record<string, unknown>[] {
  return privateEndpointConnectionsFor(state, id).map((c) => {
    const props = c.properties as Record<string, unknown>;
    const { actionsRequired, ...st } = props.privateLinkServiceConnectionState as Record<string, unknown>;
    return { ...c, properties: { ...props, privateLinkServiceConnectionState: { ...st, actionRequired: actionsRequired } } };
  });
}

export function renderAccount(state: CloudState, rec: ResourceRecord): ArmResource {
  const p = rec.properties;
  const skuName = String(rec.sku?.name);
  const secondary = GEO.test(skuName) ? pairedRegion(rec.location as string) : undefined;
  const created = isoTime(rec.createdAt);
  const { encryption, networkAcls, zones, ...rest } = p;
  return {
    ...envelope(rec),
    ...(zones ? { zones } : {}),
    properties: {
      keyCreationTime: { key1: created, key2: created },
      privateEndpointConnections: storageConnections(state, rec.id),
      ...rest,
      networkAcls,
      encryption,
      provisioningState: rec.provisioningState === 'Succeeded' ? 'Succeeded' : 'Creating',
      creationTime: created,
      primaryEndpoints: endpoints(rec.name, String(rec.kind), p.dnsEndpointType as string | undefined),
      primaryLocation: rec.location,
      statusOfPrimary: 'available',
      ...(secondary ? { secondaryLocation: secondary, statusOfSecondary: 'available' } : {}),
      ...(secondary && READ_ACCESS.test(skuName) ? { secondaryEndpoints: endpoints(rec.name, String(rec.kind), p.dnsEndpointType as string | undefined, '-secondary') } : {}),
    },
  };
}

export function handleAccount(ctx: Ctx, group: ResourceRecord, name: string, existing: ResourceRecord | undefined): SimResponse {
  return serveTracked(ctx, {
    type: ACCOUNT_TYPE,
    label: 'storage account',
    name,
    group,
    existing,
    render: renderAccount,
    put: () => putAccount(ctx, group, name, existing),
    patch: (account) => patchAccount(ctx, account),
    // Synchronous: the account is gone when DELETE answers 200.
    remove: (account) => {
      removeSubtree(ctx.state, account.id, ctx.now);
      return empty(200);
    },
  });
}

const skuTier = (name: string): string => (name.startsWith('Premium') ? 'Premium' : 'Standard');

function checkKindAndSku(kind: string, sku: string): void {
  const premiumOnly = kind === 'FileStorage' || kind === 'BlockBlobStorage';
  if (premiumOnly && !sku.startsWith('Premium')) {
    throw badRequest('InvalidValuesForRequestParameters', `Values for request parameters are invalid: kind ${kind} requires a Premium sku (was ${sku}).`);
  }
}

/** The account's stored properties after applying `p` over `prior` (PUT on an existing account and PATCH merge). */
function normalizeProperties(ctx: Ctx, p: Partial<StorageProperties>, prior: Record<string, unknown>, kind: string, id: string, creating: boolean): Record<string, unknown> {
  if (p.customDomain) throw notImplemented("Property 'properties.customDomain'");
  if (!creating && p.isHnsEnabled !== undefined && p.isHnsEnabled !== (prior.isHnsEnabled === true)) {
    throw badRequest('InvalidValuesForRequestParameters', 'isHnsEnabled cannot be changed on an existing account (use the hierarchical namespace migration).');
  }
  const hns = creating ? p.isHnsEnabled === true : prior.isHnsEnabled === true;
  if (hns && kind !== 'StorageV2' && kind !== 'BlockBlobStorage') {
    throw badRequest('InvalidValuesForRequestParameters', `Hierarchical namespace (isHnsEnabled) requires kind StorageV2 or BlockBlobStorage (was ${kind}).`);
  }
  if (p.isSftpEnabled === true && !hns) throw badRequest('InvalidValuesForRequestParameters', 'SFTP (isSftpEnabled) requires a hierarchical namespace (isHnsEnabled).');
  if (p.isNfsV3Enabled === true && !hns) throw badRequest('InvalidValuesForRequestParameters', 'NFS 3.0 (isNfsV3Enabled) requires a hierarchical namespace (isHnsEnabled).');
  if (p.accessTier !== undefined && (kind === 'Storage' || kind === 'FileStorage')) {
    throw badRequest('InvalidValuesForRequestParameters', `accessTier is not supported for accounts of kind ${kind}.`);
  }
  const out: Record<string, unknown> = { ...prior };
  for (const [k, v] of Object.entries(p)) {
    if (v === undefined || k === 'encryption' || k === 'networkAcls') continue;
    if (['provisioningState', 'primaryEndpoints', 'primaryLocation', 'statusOfPrimary', 'secondaryLocation', 'statusOfSecondary', 'secondaryEndpoints', 'creationTime', 'keyCreationTime', 'privateEndpointConnections'].includes(k)) continue;
    out[k] = v;
  }
  out.minimumTlsVersion ??= 'TLS1_2';
  out.allowBlobPublicAccess ??= false;
  out.allowCrossTenantReplication ??= false;
  out.supportsHttpsTrafficOnly ??= true;
  if (kind === 'StorageV2' || kind === 'BlobStorage') out.accessTier ??= 'Hot';
  if (p.networkAcls) {
    const acl = p.networkAcls;
    (acl.ipRules ?? []).forEach((r, i) => {
      if (!isIpRule(r.value)) throw badRequest('NetworkAclsValidationFailure', `Validation of network acls failure: InvalidIPRange:${r.value} at networkAcls.ipRules[${i}] is not a valid IPv4 address or CIDR range.`);
    });
    for (const r of acl.virtualNetworkRules ?? []) {
      const problem = subnetRuleProblem(ctx.state, r.id, STORAGE);
      if (problem === 'missing') throw badRequest('NetworkAclsValidationFailure', `Validation of network acls failure: SubnetNotFound:Subnet ${r.id} referenced by ${id} was not found.`);
      if (problem === 'noServiceEndpoint') {
        throw badRequest(
          'NetworkAclsValidationFailure',
          `Validation of network acls failure: SubnetsHaveNoServiceEndpointsConfigured:Subnets ${r.id.split('/').pop()} of virtual network ${r.id.split('/subnets/')[0]} ` +
            `do not have ServiceEndpoints for ${STORAGE} resources configured. Add ${STORAGE} to subnet's ServiceEndpoints collection before trying to ACL ${STORAGE} resources to these subnets..`,
        );
      }
    }
    out.networkAcls = {
      bypass: acl.bypass ?? 'AzureServices',
      virtualNetworkRules: (acl.virtualNetworkRules ?? []).map((r) => ({ id: canonicalSubnetId(ctx.state, r.id), action: 'Allow', state: 'Succeeded' })),
      ipRules: (acl.ipRules ?? []).map((r) => ({ value: r.value, action: 'Allow' })),
      ipv6Rules: (acl.ipv6Rules ?? []).map((r) => ({ value: r.value, action: 'Allow' })),
      resourceAccessRules: acl.resourceAccessRules ?? [],
      defaultAction: acl.defaultAction,
    };
  }
  out.networkAcls ??= { bypass: 'AzureServices', virtualNetworkRules: [], ipRules: [], ipv6Rules: [], defaultAction: 'Allow' };
  return out;
}

function putAccount(ctx: Ctx, group: ResourceRecord, name: string, existing: ResourceRecord | undefined): SimResponse {
  checkAccountName(name);
  const body = parseBody(StorageAccountCreateParameters, ctx.body, 'resources');
  assertNameMatches(body.name, name);
  const location = resolveLocation(body.location, ACCOUNT_TYPE, existing, group);
  validateTags(body.tags);
  if (body.extendedLocation) throw notImplemented("Property 'extendedLocation' (edge zones)");
  const id = existing?.id ?? accountId(group, name);
  const namesake = existing ? undefined : globalNamesake(ctx.state, ACCOUNT_TYPE, name, id);
  if (namesake) {
    // Learn error-storage-account-name: the same subscription in another resource group has its own code.
    if (namesake.subscriptionId === group.subscriptionId) {
      throw conflict('StorageAccountInAnotherResourceGroup', `The account ${name} is already in another resource group in this subscription.`);
    }
    throw conflict('StorageAccountAlreadyTaken', `The storage account named ${name} is already taken.`);
  }
  const running = existing ? inFlight(ctx.state, existing.id) : undefined;
  if (running) {
    // A repeated create while the first one runs: the same operation answers.
    return empty(202, acceptedHeaders(ctx, STORAGE_LRO, running, { result: true }));
  }
  checkKindAndSku(body.kind, body.sku.name);
  const rec = newRecord(ctx, { id, type: ACCOUNT_TYPE, name, group, location, tags: body.tags ?? existing?.tags, existing });
  rec.sku = { name: body.sku.name, tier: skuTier(body.sku.name) };
  rec.kind = body.kind;
  rec.identity = applyIdentity(ctx, body.identity, existing?.identity, id);
  if (!rec.identity) delete rec.identity;
  const p = body.properties ?? {};
  rec.properties = normalizeProperties(ctx, p, existing?.properties ?? {}, body.kind, id, !existing);
  if (body.zones) rec.properties.zones = body.zones;
  rec.properties.encryption = normalizeEncryption(ctx, p.encryption, rec, existing);
  if (existing) {
    putRecord(ctx.state, rec);
    return json(200, renderAccount(ctx.state, rec));
  }
  const op = startIn(ctx, STORAGE_LRO, {
    name: 'CreateStorageAccount',
    method: 'PUT',
    subscriptionId: group.subscriptionId,
    location,
    targetId: id,
    lockKey: id,
    touched: [id],
    latencyKey: ACCOUNT_TYPE,
  });
  rec.provisioningState = 'Updating';
  rec.operationId = op.id;
  putRecord(ctx.state, rec);
  return empty(202, acceptedHeaders(ctx, STORAGE_LRO, op, { result: true }));
}

function patchAccount(ctx: Ctx, existing: ResourceRecord): SimResponse {
  const body = parseBody(StorageAccountUpdateParameters, ctx.body, 'resources');
  validateTags(body.tags);
  const kind = body.kind ?? String(existing.kind);
  const skuName = body.sku?.name ?? String(existing.sku?.name);
  checkKindAndSku(kind, skuName);
  const rec: ResourceRecord = { ...existing, changedAt: ctx.now };
  if (body.tags !== undefined) rec.tags = body.tags;
  if (body.zones !== undefined) rec.properties = { ...rec.properties, zones: body.zones };
  rec.sku = { name: skuName, tier: skuTier(skuName) };
  rec.kind = kind;
  rec.identity = applyIdentity(ctx, body.identity, existing.identity, existing.id);
  if (!rec.identity) delete rec.identity;
  const p = body.properties ?? {};
  rec.properties = normalizeProperties(ctx, p, existing.properties, kind, existing.id, false);
  rec.properties.encryption = normalizeEncryption(ctx, p.encryption, rec, existing);
  putRecord(ctx.state, rec);
  return json(200, renderAccount(ctx.state, rec));
}
