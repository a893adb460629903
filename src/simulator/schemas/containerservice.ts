// Request-body schema for Microsoft.ContainerService/managedClusters after the ManagedCluster model of
// managedClusters.json (aks/stable 2026-04-01, what @azure/arm-containerservice 25.x sends; 2025-07-01 and
// 2024-09-01 share it minus the members added since). Members the simulator does not model are accepted
// by the schema and refused by the handler (SimulatorUnsupportedProperty), never dropped.
import { z } from 'zod';
import { arr, bool, enumOf, int, obj, readOnly, str, strArr, tags } from './common.js';

export const AKS_API_VERSIONS = ['2024-09-01', '2025-07-01', '2026-04-01'] as const;
export type AksApiVersion = (typeof AKS_API_VERSIONS)[number];

const notSimulated = () => z.unknown().optional();
const num = () => z.number({ error: (iss) => `Error converting value ${JSON.stringify(iss.input)} to type 'System.Single'.` });

/** ManagedClusterProperties members in the model but not simulated (refused when set). */
export const AKS_NOT_SIMULATED = [
  'fqdnSubdomain',
  'windowsProfile',
  'servicePrincipalProfile',
  'podIdentityProfile',
  'nodeResourceGroupProfile',
  'upgradeSettings',
  'autoScalerProfile',
  'diskEncryptionSetID',
  'identityProfile',
  'privateLinkResources',
  'httpProxyConfig',
  'storageProfile',
  'ingressProfile',
  'workloadAutoScalerProfile',
  'azureMonitorProfile',
  'serviceMeshProfile',
  'metricsProfile',
  'nodeProvisioningProfile',
  'bootstrapProfile',
  'aiToolchainOperatorProfile',
  'hostedSystemProfile',
] as const;

/** ManagedClusterAgentPoolProfile members in the model but not simulated. */
export const POOL_NOT_SIMULATED = [
  'kubeletDiskType',
  'workloadRuntime',
  'messageOfTheDay',
  'podSubnetID',
  'podIPAllocationMode',
  'scaleDownMode',
  'nodeImageVersion',
  'powerState',
  'nodePublicIPPrefixID',
  'proximityPlacementGroupID',
  'kubeletConfig',
  'linuxOSConfig',
  'gpuInstanceProfile',
  'creationData',
  'capacityReservationGroupID',
  'hostGroupID',
  'networkProfile',
  'windowsProfile',
  'securityProfile',
  'gpuProfile',
  'gatewayProfile',
  'artifactStreamingProfile',
  'virtualMachinesProfile',
  'localDNSProfile',
] as const;

const AgentPoolUpgradeSettings = obj('AgentPoolUpgradeSettings', {
  maxSurge: str().optional(),
  maxUnavailable: str().optional(),
  drainTimeoutInMinutes: int().optional(),
  nodeSoakDurationInMinutes: int().optional(),
  undrainableNodeBehavior: enumOf('UndrainableNodeBehavior', ['Cordon', 'Schedule']).optional(),
});

const AgentPoolProfile = obj('ManagedClusterAgentPoolProfile', {
  name: str(),
  eTag: readOnly(),
  count: int().optional(),
  vmSize: str().optional(),
  osDiskSizeGB: int().optional(),
  osDiskType: enumOf('OSDiskType', ['Managed', 'Ephemeral']).optional(),
  kubeletDiskType: notSimulated(),
  workloadRuntime: notSimulated(),
  messageOfTheDay: notSimulated(),
  vnetSubnetID: str().optional(),
  podSubnetID: notSimulated(),
  podIPAllocationMode: notSimulated(),
  maxPods: int().optional(),
  osType: enumOf('OSType', ['Linux', 'Windows']).optional(),
  osSKU: enumOf('OSSKU', ['Ubuntu', 'AzureLinux', 'AzureLinux3', 'CBLMariner', 'Windows2019', 'Windows2022', 'Windows2025', 'WindowsAnnual', 'Ubuntu2204', 'Ubuntu2404']).optional(),
  maxCount: int().optional(),
  minCount: int().optional(),
  enableAutoScaling: bool().optional(),
  scaleDownMode: notSimulated(),
  type: enumOf('AgentPoolType', ['VirtualMachineScaleSets', 'AvailabilitySet', 'VirtualMachines']).optional(),
  mode: enumOf('AgentPoolMode', ['System', 'User', 'Gateway']).optional(),
  orchestratorVersion: str().optional(),
  currentOrchestratorVersion: readOnly(),
  nodeImageVersion: notSimulated(),
  upgradeSettings: AgentPoolUpgradeSettings.optional(),
  provisioningState: readOnly(),
  powerState: notSimulated(),
  availabilityZones: strArr().optional(),
  enableNodePublicIP: bool().optional(),
  nodePublicIPPrefixID: notSimulated(),
  scaleSetPriority: enumOf('ScaleSetPriority', ['Spot', 'Regular']).optional(),
  scaleSetEvictionPolicy: enumOf('ScaleSetEvictionPolicy', ['Delete', 'Deallocate']).optional(),
  spotMaxPrice: num().optional(),
  tags: tags().optional(),
  nodeLabels: tags().optional(),
  nodeTaints: strArr().optional(),
  proximityPlacementGroupID: notSimulated(),
  kubeletConfig: notSimulated(),
  linuxOSConfig: notSimulated(),
  enableEncryptionAtHost: bool().optional(),
  enableUltraSSD: bool().optional(),
  enableFIPS: bool().optional(),
  gpuInstanceProfile: notSimulated(),
  creationData: notSimulated(),
  capacityReservationGroupID: notSimulated(),
  hostGroupID: notSimulated(),
  networkProfile: notSimulated(),
  windowsProfile: notSimulated(),
  securityProfile: notSimulated(),
  gpuProfile: notSimulated(),
  gatewayProfile: notSimulated(),
  artifactStreamingProfile: notSimulated(),
  virtualMachinesProfile: notSimulated(),
  virtualMachineNodesStatus: readOnly(),
  status: readOnly(),
  localDNSProfile: notSimulated(),
});

/**
 * dockerBridgeCidr: in the spec of older api-versions (2022-11-01, which Azure CLI 2.45 sends with a
 * default of 172.17.0.1/16), not in 2024-09-01's; accepted and ignored before 2024-01-01 (the version that
 * dropped it is unconfirmed), refused after as an unknown member.
 */
const LEGACY_DOCKER_BRIDGE_BEFORE = '2024-01-01';

const networkProfileMembers = {
  networkPlugin: enumOf('NetworkPlugin', ['azure', 'kubenet', 'none']).optional(),
  networkPluginMode: enumOf('NetworkPluginMode', ['overlay']).optional(),
  networkPolicy: enumOf('NetworkPolicy', ['none', 'calico', 'azure', 'cilium']).optional(),
  networkMode: enumOf('NetworkMode', ['transparent', 'bridge']).optional(),
  networkDataplane: enumOf('NetworkDataplane', ['azure', 'cilium']).optional(),
  advancedNetworking: notSimulated(),
  podCidr: str().optional(),
  serviceCidr: str().optional(),
  dnsServiceIP: str().optional(),
  outboundType: enumOf('OutboundType', ['loadBalancer', 'userDefinedRouting', 'managedNATGateway', 'userAssignedNATGateway', 'none']).optional(),
  loadBalancerSku: enumOf('LoadBalancerSku', ['standard', 'basic']).optional(),
  loadBalancerProfile: notSimulated(),
  natGatewayProfile: notSimulated(),
  staticEgressGatewayProfile: notSimulated(),
  podCidrs: strArr().optional(),
  serviceCidrs: strArr().optional(),
  ipFamilies: arr(enumOf('IPFamily', ['IPv4', 'IPv6']), 'IPFamily').optional(),
};
const NetworkProfile = obj('ContainerServiceNetworkProfile', networkProfileMembers);
const networkProfileFor = (version: string) =>
  version < LEGACY_DOCKER_BRIDGE_BEFORE ? obj('ContainerServiceNetworkProfile', { ...networkProfileMembers, dockerBridgeCidr: str().optional() }) : NetworkProfile;

const ApiServerAccessProfile = obj('ManagedClusterAPIServerAccessProfile', {
  authorizedIPRanges: strArr().optional(),
  enablePrivateCluster: bool().optional(),
  privateDNSZone: str().optional(),
  enablePrivateClusterPublicFQDN: bool().optional(),
  disableRunCommand: bool().optional(),
  enableVnetIntegration: notSimulated(),
  subnetId: notSimulated(),
});

const AadProfile = obj('ManagedClusterAADProfile', {
  managed: bool().optional(),
  enableAzureRBAC: bool().optional(),
  adminGroupObjectIDs: strArr().optional(),
  clientAppID: notSimulated(),
  serverAppID: notSimulated(),
  serverAppSecret: notSimulated(),
  tenantID: str().optional(),
});

const AddonProfile = obj('ManagedClusterAddonProfile', {
  enabled: bool(),
  config: tags().optional(),
  identity: readOnly(),
});

const SecurityProfile = obj('ManagedClusterSecurityProfile', {
  defender: notSimulated(),
  azureKeyVaultKms: notSimulated(),
  workloadIdentity: obj('ManagedClusterSecurityProfileWorkloadIdentity', { enabled: bool().optional() }).optional(),
  imageCleaner: obj('ManagedClusterSecurityProfileImageCleaner', { enabled: bool().optional(), intervalHours: int().optional() }).optional(),
  customCATrustCertificates: notSimulated(),
});

const LinuxProfile = obj('ContainerServiceLinuxProfile', {
  adminUsername: str(),
  ssh: obj('ContainerServiceSshConfiguration', { publicKeys: arr(obj('ContainerServiceSshPublicKey', { keyData: str() }), 'ContainerServiceSshPublicKey') }),
});

function properties(version: AksApiVersion, requested: string) {
  const base = {
    provisioningState: readOnly(),
    powerState: readOnly(),
    maxAgentPools: readOnly(),
    kubernetesVersion: str().optional(),
    currentKubernetesVersion: readOnly(),
    dnsPrefix: str().optional(),
    fqdnSubdomain: notSimulated(),
    fqdn: readOnly(),
    privateFQDN: readOnly(),
    azurePortalFQDN: readOnly(),
    agentPoolProfiles: arr(AgentPoolProfile, 'ManagedClusterAgentPoolProfile').optional(),
    linuxProfile: LinuxProfile.optional(),
    windowsProfile: notSimulated(),
    servicePrincipalProfile: notSimulated(),
    addonProfiles: z.record(z.string(), AddonProfile).optional(),
    podIdentityProfile: notSimulated(),
    oidcIssuerProfile: obj('ManagedClusterOIDCIssuerProfile', { issuerURL: readOnly(), enabled: bool().optional() }).optional(),
    nodeResourceGroup: str().optional(),
    nodeResourceGroupProfile: notSimulated(),
    enableRBAC: bool().optional(),
    supportPlan: enumOf('KubernetesSupportPlan', ['KubernetesOfficial', 'AKSLongTermSupport']).optional(),
    networkProfile: networkProfileFor(requested).optional(),
    aadProfile: AadProfile.optional(),
    autoUpgradeProfile: obj('ManagedClusterAutoUpgradeProfile', {
      upgradeChannel: enumOf('UpgradeChannel', ['rapid', 'stable', 'patch', 'node-image', 'none']).optional(),
      nodeOSUpgradeChannel: enumOf('NodeOSUpgradeChannel', ['None', 'Unmanaged', 'NodeImage', 'SecurityPatch']).optional(),
    }).optional(),
    upgradeSettings: notSimulated(),
    autoScalerProfile: notSimulated(),
    apiServerAccessProfile: ApiServerAccessProfile.optional(),
    diskEncryptionSetID: notSimulated(),
    identityProfile: notSimulated(),
    privateLinkResources: notSimulated(),
    disableLocalAccounts: bool().optional(),
    httpProxyConfig: notSimulated(),
    securityProfile: SecurityProfile.optional(),
    storageProfile: notSimulated(),
    ingressProfile: notSimulated(),
    publicNetworkAccess: enumOf('PublicNetworkAccess', ['Enabled', 'Disabled']).optional(),
    workloadAutoScalerProfile: notSimulated(),
    azureMonitorProfile: notSimulated(),
    serviceMeshProfile: notSimulated(),
    resourceUID: readOnly(),
    metricsProfile: notSimulated(),
    aiToolchainOperatorProfile: notSimulated(),
  };
  if (version === '2024-09-01') return obj('ManagedClusterProperties', base);
  const v2025 = { ...base, nodeProvisioningProfile: notSimulated(), bootstrapProfile: notSimulated(), status: readOnly() };
  if (version === '2025-07-01') return obj('ManagedClusterProperties', v2025);
  return obj('ManagedClusterProperties', { ...v2025, hostedSystemProfile: notSimulated() });
}

export function managedClusterSchema(version: AksApiVersion, requested: string = version) {
  return obj('ManagedCluster', {
    id: readOnly(),
    name: readOnly(),
    type: readOnly(),
    systemData: readOnly(),
    eTag: readOnly(),
    location: str().optional(),
    tags: tags().optional(),
    sku: obj('ManagedClusterSKU', {
      name: enumOf('ManagedClusterSKUName', version === '2024-09-01' ? ['Base'] : ['Base', 'Automatic']).optional(),
      tier: enumOf('ManagedClusterSKUTier', ['Premium', 'Standard', 'Free']).optional(),
    }).optional(),
    extendedLocation: notSimulated(),
    identity: obj('ManagedClusterIdentity', {
      principalId: readOnly(),
      tenantId: readOnly(),
      type: enumOf('ResourceIdentityType', ['SystemAssigned', 'UserAssigned', 'None']).optional(),
      delegatedResources: notSimulated(),
      userAssignedIdentities: z
        .record(z.string(), obj('ManagedServiceIdentityUserAssignedIdentitiesValue', { principalId: readOnly(), clientId: readOnly() }))
        .optional(),
    }).optional(),
    kind: notSimulated(),
    properties: properties(version, requested).optional(),
  });
}

type ManagedClusterBody = z.output<ReturnType<typeof managedClusterSchema>>;
export type ManagedClusterPropertiesBody = NonNullable<ManagedClusterBody['properties']> & Record<string, unknown>;
export type AgentPoolBody = z.output<typeof AgentPoolProfile>;
export type NetworkProfileBody = z.output<typeof NetworkProfile>;
