// A managed cluster's GET body (after the api-version's model) and the facts other providers read
// (the ML AKS attach): FQDNs, node counts and sizes, the VNet of custom node subnets.
import { findVmSize } from '../../region-catalog.js';
import { getRecord, key, tenantIdOf, type CloudState, type ResourceRecord } from '../../state.js';
import type { ArmResource } from '../../types.js';
import { displayState } from '../kit/tracked.js';
import { RENDERED_TYPE, T_AKS, apiServerOf, networkOf, poolsOf, type ClusterFacts, type Identity3, type StoredPool } from './common.js';

function fqdns(rec: ResourceRecord): { fqdn?: string; privateFQDN?: string; azurePortalFQDN: string } {
  const p = rec.properties;
  const region = rec.location as string;
  const host = `${String(p.dnsPrefix)}-${String(p.fqdnHash)}`;
  const publicFqdn = `${host}.hcp.${region}.azmk8s.io`;
  const api = apiServerOf(rec);
  if (api?.enablePrivateCluster !== true) return { fqdn: publicFqdn, azurePortalFQDN: `${host}.portal.hcp.${region}.azmk8s.io` };
  const guid = String(p.privateGuid);
  const zone = api.privateDNSZone ?? 'system';
  const privateFQDN =
    zone.toLowerCase() === 'none' ? undefined : zone.toLowerCase() === 'system' ? `${host}.${guid}.privatelink.${region}.azmk8s.io` : `${host}.${zone.split('/').pop() as string}`;
  const withPublic = api.enablePrivateClusterPublicFQDN === true || zone.toLowerCase() === 'none';
  return {
    ...(withPublic ? { fqdn: publicFqdn } : {}),
    ...(privateFQDN ? { privateFQDN } : {}),
    azurePortalFQDN: `${host}.portal.${guid}.privatelink.${region}.azmk8s.io`,
  };
}

/** The facts an attaching service reads; undefined when the record is not a managed cluster. */
export function clusterFacts(state: CloudState, rec: ResourceRecord): ClusterFacts | undefined {
  if (key(rec.type) !== key(T_AKS)) return undefined;
  const pools = poolsOf(rec);
  const f = fqdns(rec);
  const subnet = pools.find((pl) => pl.vnetSubnetID)?.vnetSubnetID;
  const vnetId = subnet ? subnet.replace(/\/subnets\/[^/]+$/i, '') : undefined;
  return {
    fqdn: f.privateFQDN ?? f.fqdn ?? '',
    privateCluster: apiServerOf(rec)?.enablePrivateCluster === true,
    location: rec.location as string,
    totalVCPUs: pools.reduce((n, pl) => n + pl.count * (findVmSize(rec.location as string, pl.vmSize)?.vCPUs ?? 0), 0),
    agentCount: pools.reduce((n, pl) => n + pl.count, 0),
    agentVmSize: pools.find((pl) => pl.mode === 'System')?.vmSize ?? pools[0]?.vmSize ?? '',
    ...(vnetId && getRecord(state, vnetId) ? { vnetId } : {}),
  };
}

const omitUndefined = (o: Record<string, unknown>): Record<string, unknown> => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

export function renderCluster(state: CloudState, rec: ResourceRecord): ArmResource {
  const p = rec.properties;
  const region = rec.location as string;
  const state0 = displayState(rec);
  const net = networkOf(rec);
  const kubelet = p.kubeletIdentity as Identity3;
  const addonIdentities = (p.addonIdentities ?? {}) as Record<string, Identity3>;
  const addons = (p.addonProfiles ?? {}) as Record<string, { enabled: boolean; config?: Record<string, string> }>;
  const stored = rec.identity ?? {};
  const uais = stored.userAssignedIdentities as Record<string, { principalId?: string; clientId?: string }> | undefined;
  const api = apiServerOf(rec);
  const oidc = p.oidcIssuerProfile as { enabled: boolean; issuerGuid: string };
  const f = fqdns(rec);
  const nodeImage = (pl: StoredPool) =>
    pl.osType === 'Windows' ? 'AKSWindows-2022-containerd-20348.3932.250705' : pl.osSKU.startsWith('AzureLinux') ? 'AKSAzureLinux-V3gen2-202507.21.0' : 'AKSUbuntu-2204gen2containerd-202507.21.0';
  return {
    id: rec.id,
    location: region,
    name: rec.name,
    type: RENDERED_TYPE,
    tags: rec.tags ?? {},
    sku: rec.sku,
    ...(rec.identity
      ? {
          identity: omitUndefined({
            type: stored.type,
            principalId: stored.principalId,
            tenantId: stored.tenantId,
            userAssignedIdentities: uais
              ? Object.fromEntries(
                  Object.entries(uais).map(([id, v]) => {
                    const live = getRecord(state, id);
                    return [id, { principalId: live?.properties.principalId ?? v.principalId, clientId: live?.properties.clientId ?? v.clientId }];
                  }),
                )
              : undefined,
          }),
        }
      : {}),
    properties: omitUndefined({
      provisioningState: state0,
      powerState: { code: 'Running' },
      maxAgentPools: 100,
      kubernetesVersion: p.kubernetesVersion,
      currentKubernetesVersion: p.currentKubernetesVersion,
      dnsPrefix: p.dnsPrefix,
      fqdn: f.fqdn,
      privateFQDN: f.privateFQDN,
      azurePortalFQDN: f.azurePortalFQDN,
      agentPoolProfiles: poolsOf(rec).map((pl) =>
        omitUndefined({
          name: pl.name,
          count: pl.count,
          vmSize: pl.vmSize,
          osDiskSizeGB: pl.osDiskSizeGB,
          osDiskType: pl.osDiskType,
          kubeletDiskType: 'OS',
          vnetSubnetID: pl.vnetSubnetID,
          maxPods: pl.maxPods,
          type: pl.type,
          enableAutoScaling: pl.enableAutoScaling,
          minCount: pl.minCount,
          maxCount: pl.maxCount,
          scaleDownMode: 'Delete',
          provisioningState: state0,
          powerState: { code: 'Running' },
          orchestratorVersion: pl.orchestratorVersion,
          currentOrchestratorVersion: pl.currentOrchestratorVersion,
          availabilityZones: pl.availabilityZones,
          enableNodePublicIP: pl.enableNodePublicIP,
          scaleSetPriority: pl.scaleSetPriority === 'Spot' ? 'Spot' : undefined,
          scaleSetEvictionPolicy: pl.scaleSetPriority === 'Spot' ? (pl.scaleSetEvictionPolicy ?? 'Delete') : undefined,
          spotMaxPrice: pl.scaleSetPriority === 'Spot' ? (pl.spotMaxPrice ?? -1) : undefined,
          tags: pl.tags,
          nodeLabels: pl.nodeLabels,
          nodeTaints: pl.nodeTaints,
          mode: pl.mode,
          osType: pl.osType,
          osSKU: pl.osSKU,
          nodeImageVersion: nodeImage(pl),
          upgradeSettings: pl.upgradeSettings,
          enableEncryptionAtHost: pl.enableEncryptionAtHost,
          enableUltraSSD: pl.enableUltraSSD,
          enableFIPS: pl.enableFIPS,
          securityProfile: { enableVTPM: false, enableSecureBoot: false },
        }),
      ),
      linuxProfile: p.linuxProfile,
      addonProfiles: Object.fromEntries(
        Object.entries(addons).map(([name, a]) => [name, omitUndefined({ enabled: a.enabled, config: a.config ?? null, identity: a.enabled ? addonIdentities[name] : undefined })]),
      ),
      oidcIssuerProfile: { enabled: oidc.enabled, ...(oidc.enabled ? { issuerURL: `https://${region}.oic.prod-aks.azure.com/${tenantIdOf(state)}/${oidc.issuerGuid}/` } : {}) },
      nodeResourceGroup: p.nodeResourceGroup,
      enableRBAC: p.enableRBAC,
      supportPlan: p.supportPlan,
      networkProfile: omitUndefined({
        networkPlugin: net.networkPlugin,
        networkPluginMode: net.networkPluginMode,
        networkPolicy: net.networkPolicy,
        networkDataplane: net.networkDataplane,
        networkMode: net.networkMode,
        loadBalancerSku: net.loadBalancerSku,
        loadBalancerProfile:
          net.outboundType === 'loadBalancer'
            ? {
                managedOutboundIPs: { count: 1 },
                effectiveOutboundIPs: [{ id: `/subscriptions/${rec.subscriptionId}/resourceGroups/${String(p.nodeResourceGroup)}/providers/Microsoft.Network/publicIPAddresses/${String(p.outboundIpName)}` }],
                backendPoolType: 'NodeIPConfiguration', // the spec's enum casing (2026-04-01 ManagedClusterLoadBalancerProfile)
              }
            : undefined,
        podCidr: net.podCidr,
        serviceCidr: net.serviceCidr,
        dnsServiceIP: net.dnsServiceIP,
        outboundType: net.outboundType,
        podCidrs: net.podCidr ? [net.podCidr] : undefined,
        serviceCidrs: [net.serviceCidr],
        ipFamilies: ['IPv4'],
      }),
      aadProfile: p.aadProfile,
      autoUpgradeProfile: p.autoUpgradeProfile,
      apiServerAccessProfile: api
        ? omitUndefined({
            authorizedIPRanges: api.authorizedIPRanges,
            enablePrivateCluster: api.enablePrivateCluster,
            privateDNSZone: api.enablePrivateCluster ? (api.privateDNSZone ?? 'system') : undefined,
            enablePrivateClusterPublicFQDN: api.enablePrivateCluster ? (api.enablePrivateClusterPublicFQDN ?? false) : undefined,
            disableRunCommand: api.disableRunCommand,
          })
        : undefined,
      // Managed-identity clusters report the service principal profile as { clientId: "msi" } (Learn
      // use-managed-identity: "clientId": "msi" in az aks show); clients such as Azure CLI 2.x expect it.
      servicePrincipalProfile: { clientId: 'msi' },
      identityProfile: { kubeletidentity: kubelet },
      disableLocalAccounts: p.disableLocalAccounts,
      securityProfile: p.securityProfile,
      storageProfile: { diskCSIDriver: { enabled: true }, fileCSIDriver: { enabled: true }, snapshotController: { enabled: true } },
      publicNetworkAccess: p.publicNetworkAccess,
      resourceUID: p.resourceUID,
    }),
  };
}
