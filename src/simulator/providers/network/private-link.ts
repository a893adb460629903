// Private link targets: which resource types a private endpoint may connect to, their group ids, the
// members a group exposes (one private IP each; one FQDN each, except that an Azure Monitor private link
// scope lists a member once per FQDN sharing that IP), and the target-side privateEndpointConnections
// back-reference. Targets are read from CloudState by id, so this works for records any provider wrote
// (storage, key vault, registry, ML workspace, Azure Monitor private link scope).
import { ArmError, badRequest } from '../../errors.js';
import { recordsOfType, getRecord, type CloudState, type ResourceRecord } from '../../state.js';
import { endpoints } from '../storage/common.js';
import { T } from './common.js';
import { same, typeOfId } from '../kit/ids.js';
import { amplsMembers } from '../monitor/ampls-endpoints.js';

interface PrivateLinkMember {
  groupId: string;
  memberName: string;
  fqdn: string;
}

/** A private endpoint's connection as stored on its record. */
export interface StoredConnection {
  name: string;
  manual: boolean;
  privateLinkServiceId: string;
  groupIds: string[];
  requestMessage?: string;
  /** The connection's name on the target side ({pe}.{guid}), as storage/vault/registry/ML show it. */
  targetConnectionName: string;
}

interface TargetKind {
  type: string;
  groupIds: readonly string[];
  /** Throws when the target cannot serve the group (e.g. registry SKU); `peId` is the endpoint being written. */
  validate?: (target: ResourceRecord, groupId: string, state: CloudState, peId: string) => void;
  members: (target: ResourceRecord, groupId: string, state: CloudState) => PrivateLinkMember[];
}

const host = (url: unknown): string | undefined => {
  if (typeof url !== 'string') return undefined;
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return undefined;
  }
};

const rpFailure = (type: string, message: string): ArmError =>
  badRequest('PrivateEndpointBadRequest', `Call to ${type} failed. Error message: ${message}`);

const STORAGE = 'Microsoft.Storage/storageAccounts';

/** The account's service endpoints as the Storage provider renders them (kind decides which exist). */
const storageEndpoints = (target: ResourceRecord, suffix: string): Record<string, string> =>
  endpoints(target.name, String(target.kind ?? 'StorageV2'), target.properties.dnsEndpointType as string | undefined, suffix);
const STORAGE_GROUPS = ['blob', 'blob_secondary', 'table', 'table_secondary', 'queue', 'queue_secondary', 'file', 'web', 'web_secondary', 'dfs', 'dfs_secondary'] as const;

/** Learn "Design Azure Monitor private link configuration", AMPLS limits: "up to 10 private endpoints". */
const MAX_ENDPOINTS_PER_AMPLS = 10;

const KINDS: TargetKind[] = [
  {
    type: STORAGE,
    groupIds: STORAGE_GROUPS,
    validate: (target, groupId) => {
      const sku = String((target.sku as { name?: unknown } | undefined)?.name ?? '');
      if (groupId.endsWith('_secondary') && !/RAG(R|ZR)S/i.test(sku)) {
        throw rpFailure(STORAGE, `The group id '${groupId}' requires read-access geo-redundant storage (RA-GRS or RA-GZRS); storage account '${target.name}' has SKU '${sku || 'unknown'}'.`);
      }
      const service = groupId.replace('_secondary', '');
      if (!storageEndpoints(target, '')[service]) {
        throw rpFailure(STORAGE, `Storage account '${target.name}' of kind '${target.kind ?? 'unknown'}' has no ${service} endpoint, so group id '${groupId}' is not available.`);
      }
    },
    members: (target, groupId) => {
      const service = groupId.replace('_secondary', '');
      const url = storageEndpoints(target, groupId.endsWith('_secondary') ? '-secondary' : '')[service];
      return [{ groupId, memberName: groupId, fqdn: host(url) ?? `${target.name.toLowerCase()}.${service}.core.windows.net` }];
    },
  },
  {
    type: 'Microsoft.KeyVault/vaults',
    groupIds: ['vault'],
    members: (target, groupId) => [{ groupId, memberName: 'default', fqdn: host(target.properties.vaultUri) ?? `${target.name.toLowerCase()}.vault.azure.net` }],
  },
  {
    type: 'Microsoft.ContainerRegistry/registries',
    groupIds: ['registry'],
    validate: (target) => {
      const sku = String((target.sku as { name?: unknown } | undefined)?.name ?? '');
      if (sku.toLowerCase() !== 'premium') {
        throw rpFailure(
          'Microsoft.ContainerRegistry/registries',
          `Private endpoints are only supported for registries in the Premium SKU. Registry '${target.name}' has SKU '${sku || 'unknown'}'; upgrade it to Premium first. For more information, please visit https://aka.ms/acr/private-link.`,
        );
      }
    },
    members: (target, groupId) => {
      const reg = target.name.toLowerCase();
      const region = target.location ?? '';
      return [
        { groupId, memberName: 'registry', fqdn: `${reg}.azurecr.io` },
        { groupId, memberName: `registry_data_${region}`, fqdn: `${reg}.${region}.data.azurecr.io` },
      ];
    },
  },
  {
    type: 'Microsoft.MachineLearningServices/workspaces',
    groupIds: ['amlworkspace'],
    members: (target, groupId) => {
      const wsid = String(target.properties.workspaceId ?? '').toLowerCase();
      const region = target.location ?? '';
      return [
        { groupId, memberName: 'default', fqdn: `${wsid}.workspace.${region}.api.azureml.ms` },
        { groupId, memberName: 'cert', fqdn: `${wsid}.workspace.${region}.cert.api.azureml.ms` },
        { groupId, memberName: 'inference', fqdn: `*.${wsid}.inference.${region}.api.azureml.ms` },
        { groupId, memberName: 'notebook', fqdn: `ml-${target.name.toLowerCase()}-${region}-${wsid}.${region}.notebooks.azure.net` },
      ];
    },
  },
  {
    type: 'Microsoft.Insights/privateLinkScopes',
    groupIds: ['azuremonitor'],
    validate: (target, _groupId, state, peId) => {
      const others = recordsOfType(state, T.pe).filter((pe) => !same(pe.id, peId) && connectionsOf(pe).some((c) => same(c.privateLinkServiceId, target.id)));
      if (others.length >= MAX_ENDPOINTS_PER_AMPLS) {
        throw rpFailure(
          'Microsoft.Insights/privateLinkScopes',
          `Private link scope '${target.name}' is already connected to ${others.length} private endpoints; an Azure Monitor private link scope can connect to up to ${MAX_ENDPOINTS_PER_AMPLS}.`,
        );
      }
    },
    // Members repeat a memberName for every FQDN that shares its IP (endpoint compression).
    members: (target, groupId, state) => amplsMembers(state, target).map((m) => ({ groupId, ...m })),
  },
];

const kindOf = (type: string): TargetKind | undefined => KINDS.find((k) => k.type.toLowerCase() === type.toLowerCase());

/** Validates a target and group id, returning the members (FQDNs) the endpoint `peId` will serve. */
export function privateLinkMembers(state: CloudState, target: ResourceRecord, groupId: string, peId: string): PrivateLinkMember[] {
  const kind = kindOf(target.type);
  if (!kind) {
    throw badRequest(
      'SimulatorUnsupportedPrivateLinkTarget',
      `Resource type '${target.type}' is a valid private link target in Azure but not implemented by the ARM simulator. Simulated targets: ${KINDS.map((k) => k.type).join(', ')}.`,
    );
  }
  const canonical = kind.groupIds.find((g) => g.toLowerCase() === groupId.toLowerCase());
  if (!canonical) {
    throw rpFailure(kind.type, `Invalid group id '${groupId}' for resource '${target.id}'. Valid group ids are: ${kind.groupIds.join(', ')}.`);
  }
  kind.validate?.(target, canonical, state, peId);
  return kind.members(target, canonical, state);
}

export const connectionsOf = (pe: ResourceRecord): StoredConnection[] => (pe.properties.connections as StoredConnection[] | undefined) ?? [];

/** The connection state both sides show: automatic connections are approved at once, manual ones wait. */
export function connectionState(state: CloudState, c: StoredConnection): { status: string; description: string; actionsRequired: string } {
  if (!getRecord(state, c.privateLinkServiceId)) {
    return { status: 'Disconnected', description: 'The private link resource of this connection was deleted.', actionsRequired: 'None' };
  }
  return c.manual
    ? { status: 'Pending', description: c.requestMessage ?? '', actionsRequired: 'None' }
    : { status: 'Approved', description: 'Auto-Approved', actionsRequired: 'None' };
}

/**
 * The target-side `privateEndpointConnections` of a storage account, key vault, registry or ML
 * workspace: one entry per private endpoint connected to it. Call it from the target's render.
 */
export function privateEndpointConnectionsFor(state: CloudState, targetId: string): Record<string, unknown>[] {
  const target = getRecord(state, targetId);
  const targetType = target?.type ?? typeOfId(targetId) ?? '';
  const canonicalId = target?.id ?? targetId;
  return recordsOfType(state, T.pe)
    .sort((a, b) => a.createdAt - b.createdAt)
    .flatMap((pe) =>
      connectionsOf(pe)
        .filter((c) => same(c.privateLinkServiceId, targetId))
        .map((c) => ({
          id: `${canonicalId}/privateEndpointConnections/${c.targetConnectionName}`,
          name: c.targetConnectionName,
          type: `${targetType}/privateEndpointConnections`,
          properties: {
            privateEndpoint: { id: pe.id },
            privateLinkServiceConnectionState: connectionState(state, c),
            provisioningState: pe.provisioningState === 'Succeeded' ? 'Succeeded' : pe.provisioningState === 'Deleting' ? 'Deleting' : 'Creating',
          },
        })),
    );
}

/**
 * Public DNS suffix each Azure private link zone stands in for. Only these zones receive records from
 * a zone group: a look-alike zone (privatelink.vault.azure.net) gets nothing, as in Azure.
 */
const PRIVATE_LINK_ZONES: Record<string, string> = {
  'privatelink.blob.core.windows.net': 'blob.core.windows.net',
  'privatelink.file.core.windows.net': 'file.core.windows.net',
  'privatelink.queue.core.windows.net': 'queue.core.windows.net',
  'privatelink.table.core.windows.net': 'table.core.windows.net',
  'privatelink.dfs.core.windows.net': 'dfs.core.windows.net',
  'privatelink.web.core.windows.net': 'web.core.windows.net',
  'privatelink.vaultcore.azure.net': 'vault.azure.net',
  'privatelink.azurecr.io': 'azurecr.io',
  'privatelink.api.azureml.ms': 'api.azureml.ms',
  'privatelink.notebooks.azure.net': 'notebooks.azure.net',
  // Azure Monitor private link scopes (Learn private-link-configure, "Review your endpoint's DNS settings").
  'privatelink.monitor.azure.com': 'monitor.azure.com',
  'privatelink.oms.opinsights.azure.com': 'oms.opinsights.azure.com',
  'privatelink.ods.opinsights.azure.com': 'ods.opinsights.azure.com',
  'privatelink.agentsvc.azure-automation.net': 'agentsvc.azure-automation.net',
};

/** The A record name an FQDN gets in a private link zone, or undefined when the zone does not cover it. */
export function recordNameInZone(zoneName: string, fqdn: string): string | undefined {
  const suffix = PRIVATE_LINK_ZONES[zoneName.toLowerCase()];
  if (!suffix) return undefined;
  const f = fqdn.toLowerCase();
  return f.endsWith(`.${suffix}`) ? f.slice(0, f.length - suffix.length - 1) : undefined;
}
