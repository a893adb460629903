// Azure Policy aliases → paths in the ARM resource JSON (the body a GET returns).
//
// Every alias the shipped built-in definitions use is listed in ALIAS_TABLE; the alias-coverage test
// fails when a definition in templates/policies uses one that is not. An alias that is neither in the
// table nor an envelope alias (sku.*, identity.*, kind, …) raises UnknownAliasError: it is never
// silently evaluated as a missing property.
//
// Path syntax: dot-separated property names; `[*]` after a name selects every array member.
// Property names are matched case-insensitively, as ARM does (AKS returns `addonProfiles.azurepolicy`).
import { getProp } from './expressions.js';

export class UnknownAliasError extends Error {
  constructor(readonly aliases: string[], context?: string) {
    super(`unknown policy alias${aliases.length > 1 ? 'es' : ''} ${aliases.map((a) => JSON.stringify(a)).join(', ')}${context ? ` (${context})` : ''}: add ${aliases.length > 1 ? 'them' : 'it'} to ALIAS_TABLE in src/audit/aliases.ts`);
    this.name = 'UnknownAliasError';
  }
}

export const STAR = '[*]';

/** alias → JSON path. Grouped by resource type; the type is the alias up to its last '/'. */
export const ALIAS_TABLE: Readonly<Record<string, string>> = {
  // Microsoft.ContainerRegistry/registries
  'Microsoft.ContainerRegistry/registries/adminUserEnabled': 'properties.adminUserEnabled',
  'Microsoft.ContainerRegistry/registries/anonymousPullEnabled': 'properties.anonymousPullEnabled',
  'Microsoft.ContainerRegistry/registries/encryption.status': 'properties.encryption.status',
  'Microsoft.ContainerRegistry/registries/networkRuleSet.defaultAction': 'properties.networkRuleSet.defaultAction',
  'Microsoft.ContainerRegistry/registries/policies.azureADAuthenticationAsArmPolicy': 'properties.policies.azureADAuthenticationAsArmPolicy',
  'Microsoft.ContainerRegistry/registries/policies.azureADAuthenticationAsArmPolicy.status': 'properties.policies.azureADAuthenticationAsArmPolicy.status',
  'Microsoft.ContainerRegistry/registries/policies.exportPolicy.status': 'properties.policies.exportPolicy.status',
  'Microsoft.ContainerRegistry/registries/privateEndpointConnections[*]': 'properties.privateEndpointConnections[*]',
  'Microsoft.ContainerRegistry/registries/privateEndpointConnections[*].privateLinkServiceConnectionState.status':
    'properties.privateEndpointConnections[*].properties.privateLinkServiceConnectionState.status',
  'Microsoft.ContainerRegistry/registries/publicNetworkAccess': 'properties.publicNetworkAccess',
  'Microsoft.ContainerRegistry/registries/sku.name': 'sku.name',
  // Microsoft.ContainerRegistry/registries/tokens (child resource)
  'Microsoft.ContainerRegistry/registries/tokens/status': 'properties.status',

  // Microsoft.ContainerService/managedClusters
  'Microsoft.ContainerService/managedClusters/aadProfile': 'properties.aadProfile',
  'Microsoft.ContainerService/managedClusters/addonProfiles.azurePolicy.enabled': 'properties.addonProfiles.azurePolicy.enabled',
  'Microsoft.ContainerService/managedClusters/agentPoolProfiles[*]': 'properties.agentPoolProfiles[*]',
  'Microsoft.ContainerService/managedClusters/agentPoolProfiles[*].enableEncryptionAtHost': 'properties.agentPoolProfiles[*].enableEncryptionAtHost',
  'Microsoft.ContainerService/managedClusters/apiServerAccessProfile.authorizedIPRanges': 'properties.apiServerAccessProfile.authorizedIPRanges',
  'Microsoft.ContainerService/managedClusters/apiServerAccessProfile.disableRunCommand': 'properties.apiServerAccessProfile.disableRunCommand',
  'Microsoft.ContainerService/managedClusters/apiServerAccessProfile.enablePrivateCluster': 'properties.apiServerAccessProfile.enablePrivateCluster',
  'Microsoft.ContainerService/managedClusters/disableLocalAccounts': 'properties.disableLocalAccounts',
  'Microsoft.ContainerService/managedClusters/enableRBAC': 'properties.enableRBAC',
  'Microsoft.ContainerService/managedClusters/networkProfile.networkPlugin': 'properties.networkProfile.networkPlugin',
  'Microsoft.ContainerService/managedClusters/servicePrincipalProfile': 'properties.servicePrincipalProfile',
  'Microsoft.ContainerService/managedClusters/servicePrincipalProfile.clientId': 'properties.servicePrincipalProfile.clientId',

  // Microsoft.Insights/diagnosticSettings (extension resource: {resourceId}/providers/Microsoft.Insights/diagnosticSettings/{name})
  'Microsoft.Insights/diagnosticSettings/logs[*]': 'properties.logs[*]',
  'Microsoft.Insights/diagnosticSettings/logs[*].category': 'properties.logs[*].category',
  'Microsoft.Insights/diagnosticSettings/logs[*].categoryGroup': 'properties.logs[*].categoryGroup',
  'Microsoft.Insights/diagnosticSettings/logs[*].enabled': 'properties.logs[*].enabled',
  // Legacy (pre-[*]) alias: Azure maps it to the same array path, so inside a count over logs[*] it
  // selects the current member's `enabled`, outside one it is true only if every member matches.
  'Microsoft.Insights/diagnosticSettings/logs.enabled': 'properties.logs[*].enabled',
  'Microsoft.Insights/diagnosticSettings/logs[*].retentionPolicy.days': 'properties.logs[*].retentionPolicy.days',
  'Microsoft.Insights/diagnosticSettings/logs[*].retentionPolicy.enabled': 'properties.logs[*].retentionPolicy.enabled',
  'Microsoft.Insights/diagnosticSettings/metrics[*].enabled': 'properties.metrics[*].enabled',
  'Microsoft.Insights/diagnosticSettings/storageAccountId': 'properties.storageAccountId',
  'Microsoft.Insights/diagnosticSettings/workspaceId': 'properties.workspaceId',

  // Microsoft.KeyVault/vaults
  'Microsoft.KeyVault/vaults/createMode': 'properties.createMode',
  'Microsoft.KeyVault/vaults/enablePurgeProtection': 'properties.enablePurgeProtection',
  'Microsoft.KeyVault/vaults/enableRbacAuthorization': 'properties.enableRbacAuthorization',
  'Microsoft.KeyVault/vaults/enableSoftDelete': 'properties.enableSoftDelete',
  'Microsoft.KeyVault/vaults/networkAcls.defaultAction': 'properties.networkAcls.defaultAction',
  'Microsoft.KeyVault/vaults/networkAcls.ipRules[*]': 'properties.networkAcls.ipRules[*]',
  'Microsoft.KeyVault/vaults/networkAcls.ipRules[*].value': 'properties.networkAcls.ipRules[*].value',
  'Microsoft.KeyVault/vaults/privateEndpointConnections[*]': 'properties.privateEndpointConnections[*]',
  'Microsoft.KeyVault/vaults/privateEndpointConnections[*].privateLinkServiceConnectionState.status':
    'properties.privateEndpointConnections[*].properties.privateLinkServiceConnectionState.status',
  'Microsoft.KeyVault/vaults/publicNetworkAccess': 'properties.publicNetworkAccess',

  // Microsoft.MachineLearningServices/workspaces
  'Microsoft.MachineLearningServices/workspaces/encryption.status': 'properties.encryption.status',
  'Microsoft.MachineLearningServices/workspaces/managedNetwork.isolationMode': 'properties.managedNetwork.isolationMode',
  'Microsoft.MachineLearningServices/workspaces/primaryUserAssignedIdentity': 'properties.primaryUserAssignedIdentity',
  'Microsoft.MachineLearningServices/workspaces/privateEndpointConnections[*]': 'properties.privateEndpointConnections[*]',
  'Microsoft.MachineLearningServices/workspaces/privateEndpointConnections[*].privateLinkServiceConnectionState.status':
    'properties.privateEndpointConnections[*].properties.privateLinkServiceConnectionState.status',
  'Microsoft.MachineLearningServices/workspaces/publicNetworkAccess': 'properties.publicNetworkAccess',
  'Microsoft.MachineLearningServices/workspaces/v1LegacyMode': 'properties.v1LegacyMode',
  // Microsoft.MachineLearningServices/workspaces/privateEndpointConnections (child resource; the
  // existenceCondition of Workspace_PrivateEndpoint_DINE.json)
  'Microsoft.MachineLearningServices/workspaces/privateEndpointConnections/privateLinkServiceConnectionState.status':
    'properties.privateLinkServiceConnectionState.status',
  // Microsoft.MachineLearningServices/workspaces/computes: the compute-type-specific settings sit one
  // level deeper, in properties.properties (ComputeInstanceProperties / AmlComputeProperties).
  'Microsoft.MachineLearningServices/workspaces/computes/computeType': 'properties.computeType',
  'Microsoft.MachineLearningServices/workspaces/computes/disableLocalAuth': 'properties.disableLocalAuth',
  'Microsoft.MachineLearningServices/workspaces/computes/idleTimeBeforeShutdown': 'properties.properties.idleTimeBeforeShutdown',
  'Microsoft.MachineLearningServices/workspaces/computes/osImageMetadata.isLatestOsImageVersion': 'properties.properties.osImageMetadata.isLatestOsImageVersion',
  'Microsoft.MachineLearningServices/workspaces/computes/subnet.id': 'properties.properties.subnet.id',

  // Microsoft.Network/networkInterfaces (ipConfigurations members are sub-resources with their own `properties`)
  'Microsoft.Network/networkInterfaces/enableIpForwarding': 'properties.enableIPForwarding',
  'Microsoft.Network/networkInterfaces/ipconfigurations[*]': 'properties.ipConfigurations[*]',
  'Microsoft.Network/networkInterfaces/ipconfigurations[*].publicIpAddress.id': 'properties.ipConfigurations[*].properties.publicIPAddress.id',
  // Microsoft.Network/privateEndpoints (privateLinkServiceConnections members are sub-resources;
  // Workspace_PrivateDnsZones_DINE.json counts their groupIds)
  'Microsoft.Network/privateEndpoints/privateLinkServiceConnections[*].groupIds[*]': 'properties.privateLinkServiceConnections[*].properties.groupIds[*]',
  // Microsoft.Network/networkSecurityGroups (securityRules members are sub-resources)
  'Microsoft.Network/networkSecurityGroups/securityRules[*]': 'properties.securityRules[*]',
  'Microsoft.Network/networkSecurityGroups/securityRules[*].access': 'properties.securityRules[*].properties.access',
  'Microsoft.Network/networkSecurityGroups/securityRules[*].direction': 'properties.securityRules[*].properties.direction',
  'Microsoft.Network/networkSecurityGroups/securityRules[*].destinationPortRange': 'properties.securityRules[*].properties.destinationPortRange',
  'Microsoft.Network/networkSecurityGroups/securityRules[*].sourceAddressPrefix': 'properties.securityRules[*].properties.sourceAddressPrefix',
  // Microsoft.Network/virtualNetworks (subnets members are sub-resources)
  'Microsoft.Network/virtualNetworks/subnets[*]': 'properties.subnets[*]',
  'Microsoft.Network/virtualNetworks/subnets[*].defaultOutboundAccess': 'properties.subnets[*].properties.defaultOutboundAccess',
  'Microsoft.Network/virtualNetworks/subnets[*].networkSecurityGroup.id': 'properties.subnets[*].properties.networkSecurityGroup.id',
  'Microsoft.Network/virtualNetworks/subnets[*].routeTable.id': 'properties.subnets[*].properties.routeTable.id',
  // Microsoft.Network/virtualNetworks/subnets (a subnet evaluated as a resource of its own)
  'Microsoft.Network/virtualNetworks/subnets/addressPrefix': 'properties.addressPrefix',
  'Microsoft.Network/virtualNetworks/subnets/defaultOutboundAccess': 'properties.defaultOutboundAccess',
  'Microsoft.Network/virtualNetworks/subnets/networkSecurityGroup.id': 'properties.networkSecurityGroup.id',
  'Microsoft.Network/virtualNetworks/subnets/routeTable.id': 'properties.routeTable.id',

  // Microsoft.Security/assessments (extension resource: {resourceId}/providers/Microsoft.Security/assessments/{name})
  'Microsoft.Security/assessments/status.code': 'properties.status.code',

  // Microsoft.Storage/storageAccounts
  'Microsoft.Storage/storageAccounts/allowBlobPublicAccess': 'properties.allowBlobPublicAccess',
  'Microsoft.Storage/storageAccounts/allowCrossTenantReplication': 'properties.allowCrossTenantReplication',
  'Microsoft.Storage/storageAccounts/allowSharedKeyAccess': 'properties.allowSharedKeyAccess',
  'Microsoft.Storage/storageAccounts/encryption.keySource': 'properties.encryption.keySource',
  'Microsoft.Storage/storageAccounts/encryption.requireInfrastructureEncryption': 'properties.encryption.requireInfrastructureEncryption',
  'Microsoft.Storage/storageAccounts/minimumTlsVersion': 'properties.minimumTlsVersion',
  'Microsoft.Storage/storageAccounts/networkAcls.bypass': 'properties.networkAcls.bypass',
  'Microsoft.Storage/storageAccounts/networkAcls.defaultAction': 'properties.networkAcls.defaultAction',
  'Microsoft.Storage/storageAccounts/networkAcls.ipRules[*]': 'properties.networkAcls.ipRules[*]',
  'Microsoft.Storage/storageAccounts/networkAcls.ipRules[*].value': 'properties.networkAcls.ipRules[*].value',
  'Microsoft.Storage/storageAccounts/publicNetworkAccess': 'properties.publicNetworkAccess',
  'Microsoft.Storage/storageAccounts/supportsHttpsTrafficOnly': 'properties.supportsHttpsTrafficOnly',
  // Microsoft.Storage/storageAccounts/privateEndpointConnections (child resource)
  'Microsoft.Storage/storageAccounts/privateEndpointConnections/privateLinkServiceConnectionState.status':
    'properties.privateLinkServiceConnectionState.status',
};

/**
 * Aliases of the resource envelope, valid for every type: `<type>/sku.name` is the top-level `sku.name`,
 * not `properties.sku.name`. Only these exact property paths are accepted.
 */
export const ENVELOPE_PROPERTIES: readonly string[] = [
  'sku.name', 'sku.tier', 'sku.family', 'sku.capacity', 'sku.size',
  'identity.type', 'identity.userAssignedIdentities', 'identity.principalId', 'identity.tenantId',
  'kind', 'location', 'name', 'tags', 'plan.name', 'plan.product', 'plan.publisher', 'zones', 'zones[*]', 'extendedLocation.name', 'extendedLocation.type',
];

export interface FieldRef {
  /** The field or alias as written in the definition. */
  name: string;
  /** Set for aliases: the resource type the alias belongs to; resources of other types have no value for it. */
  resourceType?: string;
  /** JSON path, '[*]' entries select array members. */
  segments: string[];
  source: 'builtin' | 'table' | 'envelope';
  fullName?: boolean;
}

export function parsePath(path: string): string[] {
  const out: string[] = [];
  for (const part of path.split('.')) {
    if (part === '') throw new Error(`bad alias path '${path}'`);
    let p = part;
    const stars: string[] = [];
    while (p.endsWith(STAR)) { stars.push(STAR); p = p.slice(0, -STAR.length); }
    if (p) out.push(p);
    out.push(...stars);
  }
  return out;
}

const TABLE_LOWER = new Map(Object.entries(ALIAS_TABLE).map(([k, v]) => [k.toLowerCase(), { alias: k, path: v }]));
const ENVELOPE_LOWER = new Set(ENVELOPE_PROPERTIES.map((p) => p.toLowerCase()));
const cache = new Map<string, FieldRef | null>();

function aliasType(alias: string): string {
  return alias.slice(0, alias.lastIndexOf('/'));
}

/** Maps an alias to its JSON path, or undefined when the alias is not known. */
export function resolveAlias(alias: string): { resourceType: string; path: string; source: 'table' | 'envelope' } | undefined {
  const hit = TABLE_LOWER.get(alias.toLowerCase());
  if (hit) return { resourceType: aliasType(hit.alias), path: hit.path, source: 'table' };
  const slash = alias.lastIndexOf('/');
  if (slash > 0 && alias.split('/').length >= 3) {
    const prop = alias.slice(slash + 1);
    if (ENVELOPE_LOWER.has(prop.toLowerCase())) return { resourceType: alias.slice(0, slash), path: prop, source: 'envelope' };
  }
  return undefined;
}

function tagRef(name: string): FieldRef | undefined {
  // tags['x'], tags['''x'''], tags[x], tags.x
  let m = /^tags\['(.*)'\]$/is.exec(name);
  if (m) return { name, segments: ['tags', m[1].replace(/''/g, "'")], source: 'builtin' };
  m = /^tags\[(.*)\]$/is.exec(name);
  if (m) return { name, segments: ['tags', m[1]], source: 'builtin' };
  m = /^tags\.(.+)$/is.exec(name);
  if (m) return { name, segments: ['tags', m[1]], source: 'builtin' };
  return undefined;
}

/** Resolves a `field` name (built-in field or alias). Throws UnknownAliasError for an unmapped alias. */
export function resolveField(name: string): FieldRef {
  const key = name.toLowerCase();
  let ref = cache.get(key);
  if (ref === undefined) {
    ref = resolveUncached(name) ?? null;
    cache.set(key, ref);
  }
  if (ref === null) throw new UnknownAliasError([name]);
  return ref;
}

function resolveUncached(name: string): FieldRef | undefined {
  const key = name.toLowerCase();
  switch (key) {
    case 'type': case 'name': case 'kind': case 'location': case 'id': case 'tags':
      return { name, segments: [key], source: 'builtin' };
    case 'fullname':
      return { name, segments: [], source: 'builtin', fullName: true };
    case 'identity.type':
      return { name, segments: ['identity', 'type'], source: 'builtin' };
  }
  if (key.startsWith('tags[') || key.startsWith('tags.')) return tagRef(name);
  const a = resolveAlias(name);
  if (!a) return undefined;
  return { name, resourceType: a.resourceType, segments: parsePath(a.path), source: a.source };
}

/** True for names that are built-in fields (not aliases). */
export function isBuiltinField(name: string): boolean {
  const key = name.toLowerCase();
  return ['type', 'name', 'kind', 'location', 'id', 'tags', 'fullname', 'identity.type'].includes(key) || key.startsWith('tags[') || key.startsWith('tags.');
}

/** One selected value; `bindings` records which array member each '[*]' on the way selected. */
export interface Selected { value: unknown; bindings: Map<string, unknown> }

export interface Selection {
  /** True when the path contains '[*]': the field is a collection of values (possibly empty). */
  collection: boolean;
  items: Selected[];
}

/**
 * Selects the values a field refers to. `bindings` fixes array members for the `[*]` prefixes a
 * surrounding `count` is enumerating ("as if it were the only member of the array").
 */
export function select(resource: Record<string, unknown>, ref: FieldRef, bindings: ReadonlyMap<string, unknown>): Selection {
  const collection = ref.segments.includes(STAR);
  if (ref.fullName) return { collection, items: [{ value: fullNameOf(resource), bindings: new Map(bindings) }] };
  if (ref.resourceType && String(resource.type ?? '').toLowerCase() !== ref.resourceType.toLowerCase()) {
    return { collection, items: collection ? [] : [{ value: undefined, bindings: new Map(bindings) }] };
  }
  let states: Selected[] = [{ value: resource, bindings: new Map(bindings) }];
  let prefix = '';
  for (const seg of ref.segments) {
    if (seg === STAR) {
      prefix += STAR;
      const key = prefix.toLowerCase();
      const next: Selected[] = [];
      for (const s of states) {
        if (s.bindings.has(key)) {
          next.push({ value: s.bindings.get(key), bindings: s.bindings });
        } else if (Array.isArray(s.value)) {
          for (const el of s.value) {
            const b = new Map(s.bindings);
            b.set(key, el);
            next.push({ value: el, bindings: b });
          }
        }
      }
      states = next;
    } else {
      prefix += (prefix ? '.' : '') + seg;
      states = states.map((s) => ({ value: s.value === undefined ? undefined : getProp(s.value, seg), bindings: s.bindings }));
    }
  }
  return { collection, items: states };
}

/** The lower-case binding key of the last '[*]' in a path (what `count.field` enumerates). */
export function lastStarKey(ref: FieldRef): string | undefined {
  let prefix = '';
  let last: string | undefined;
  for (const seg of ref.segments) {
    if (seg === STAR) { prefix += STAR; last = prefix.toLowerCase(); } else prefix += (prefix ? '.' : '') + seg;
  }
  return last;
}

function fullNameOf(resource: Record<string, unknown>): string {
  // /subscriptions/s/resourceGroups/g/providers/NS/t1/n1/t2/n2 → n1/n2
  const id = String(resource.id ?? '');
  const i = id.toLowerCase().lastIndexOf('/providers/');
  if (i < 0) return String(resource.name ?? '');
  const parts = id.slice(i + '/providers/'.length).split('/').slice(1);
  const names = parts.filter((_, idx) => idx % 2 === 1);
  return names.length ? names.join('/') : String(resource.name ?? '');
}
