// The API server access profile: private clusters (system, none or a custom privatelink zone that needs
// a user-assigned control plane identity), public FQDN, authorized IP ranges.
import { parseCidr } from '../../cidr.js';
import type { ManagedClusterPropertiesBody } from '../../schemas/containerservice.js';
import { getRecord, key } from '../../state.js';
import { parseArmId } from '../kit/ids.js';
import { rejectNotSimulated } from '../kit/not-simulated.js';
import type { Ctx } from '../types.js';
import { EMPTY_OK, invalid, type StoredApiServer } from './common.js';


export function normalizeApiServer(ctx: Ctx, given: ManagedClusterPropertiesBody['apiServerAccessProfile'], location: string, identityType: string): StoredApiServer | undefined {
  if (!given) return undefined;
  rejectNotSimulated(given as Record<string, unknown>, ['enableVnetIntegration', 'subnetId'], 'properties.apiServerAccessProfile.', EMPTY_OK);
  const priv = given.enablePrivateCluster === true;
  if (!priv && (given.privateDNSZone !== undefined || given.enablePrivateClusterPublicFQDN !== undefined)) {
    throw invalid('privateDNSZone and enablePrivateClusterPublicFQDN can only be set on a private cluster (enablePrivateCluster true).');
  }
  if (priv && given.authorizedIPRanges && given.authorizedIPRanges.length > 0) {
    throw invalid('authorizedIPRanges is not supported on a private cluster: the API server has no public endpoint to restrict.');
  }
  for (const r of given.authorizedIPRanges ?? []) {
    const c = parseCidr(r.includes('/') ? r : `${r}/32`);
    if (!c || c.version !== 4) throw invalid(`authorizedIPRanges entry '${r}' is not a valid IPv4 address or CIDR.`);
  }
  let zone = given.privateDNSZone;
  if (priv && zone !== undefined && zone.toLowerCase() !== 'system' && zone.toLowerCase() !== 'none') {
    const parsed = parseArmId(zone);
    const rec = parsed ? getRecord(ctx.state, zone) : undefined;
    if (!rec || key(rec.type) !== key('Microsoft.Network/privateDnsZones')) {
      throw invalid(`privateDNSZone must be 'system', 'none' or the resource id of an existing private DNS zone; '${zone}' was not found.`);
    }
    if (!new RegExp(`^(?:[a-z0-9-]+\\.)?privatelink\\.${location}\\.azmk8s\\.io$`, 'i').test(rec.name)) {
      throw invalid(`The private DNS zone '${rec.name}' must be named privatelink.${location}.azmk8s.io or <subzone>.privatelink.${location}.azmk8s.io.`);
    }
    if (identityType !== 'UserAssigned') throw invalid('A custom private DNS zone requires a user-assigned control plane identity (identity.type UserAssigned).');
    zone = rec.id;
  }
  return {
    enablePrivateCluster: priv,
    ...(priv ? { privateDNSZone: zone ?? 'system', enablePrivateClusterPublicFQDN: given.enablePrivateClusterPublicFQDN ?? false } : {}),
    ...(given.disableRunCommand !== undefined ? { disableRunCommand: given.disableRunCommand } : {}),
    ...(given.authorizedIPRanges && given.authorizedIPRanges.length > 0 ? { authorizedIPRanges: given.authorizedIPRanges } : {}),
  };
}
