// Microsoft.ContainerService facts every part of the managed-cluster simulation reads: the namespace and
// types, the LRO style, the stored shapes of a cluster record and the facts other providers read.
import { ArmError, badRequest } from '../../errors.js';
import type { ResourceRecord } from '../../state.js';
import { locationOperationUrl, type LroStyle } from '../kit/lro-style.js';

export const CONTAINER_SERVICE = 'Microsoft.ContainerService';
export const T_AKS = 'Microsoft.ContainerService/managedClusters';
/** The type AKS prints in its bodies. */
export const RENDERED_TYPE = 'Microsoft.ContainerService/ManagedClusters';
const PRIVATE_CNI_KEY = `${T_AKS}#private-azurecni`;
export const SUBNET_JOIN = 'Microsoft.Network/virtualNetworks/subnets/join/action';

/**
 * AKS answers PUT 201/200 + Azure-AsyncOperation (.../locations/{l}/operations/{id}) and DELETE 202 + both
 * headers; it spells the Location path in lower case (.../operationresults/{id}) and asks pollers to come
 * back after 30 s (its SDK poller waits the Retry-After it is given).
 */
export const AKS_LRO: LroStyle = {
  namespace: CONTAINER_SERVICE,
  retryAfter: 30,
  statusUrl: locationOperationUrl('operations'),
  resultUrl: locationOperationUrl('operationresults'),
};

/** AKS clients send empty profile objects for members they do not use: those are not refused as not simulated. */
export const EMPTY_OK = { emptyObjects: true };

export const invalid = (message: string): ArmError => badRequest('InvalidParameter', message);

// ---- stored shapes ----

export interface Identity3 {
  resourceId: string;
  clientId: string;
  objectId: string;
}

export interface StoredPool {
  name: string;
  count: number;
  vmSize: string;
  osDiskSizeGB: number;
  osDiskType: string;
  vnetSubnetID?: string;
  maxPods: number;
  osType: string;
  osSKU: string;
  enableAutoScaling: boolean;
  minCount?: number;
  maxCount?: number;
  type: string;
  mode: string;
  orchestratorVersion: string;
  currentOrchestratorVersion: string;
  availabilityZones?: string[];
  enableNodePublicIP: boolean;
  scaleSetPriority: string;
  scaleSetEvictionPolicy?: string;
  spotMaxPrice?: number;
  tags?: Record<string, string>;
  nodeLabels?: Record<string, string>;
  nodeTaints?: string[];
  enableEncryptionAtHost: boolean;
  enableUltraSSD: boolean;
  enableFIPS: boolean;
  upgradeSettings: Record<string, unknown>;
}

export interface StoredNetwork {
  networkPlugin: string;
  networkPluginMode?: string;
  networkPolicy?: string;
  networkDataplane?: string;
  networkMode?: string;
  podCidr?: string;
  serviceCidr: string;
  dnsServiceIP: string;
  outboundType: string;
  loadBalancerSku: string;
}

export interface StoredApiServer {
  enablePrivateCluster: boolean;
  privateDNSZone?: string;
  enablePrivateClusterPublicFQDN?: boolean;
  disableRunCommand?: boolean;
  authorizedIPRanges?: string[];
}

/** What other providers (the ML AKS attach) read about a cluster. */
export interface ClusterFacts {
  fqdn: string;
  privateCluster: boolean;
  location: string;
  totalVCPUs: number;
  agentCount: number;
  agentVmSize: string;
  /** The VNet of the node subnets, if the cluster uses a custom one. */
  vnetId?: string;
}


export const poolsOf = (rec: ResourceRecord): StoredPool[] => (rec.properties.agentPoolProfiles as StoredPool[] | undefined) ?? [];
export const networkOf = (rec: ResourceRecord): StoredNetwork => rec.properties.networkProfile as StoredNetwork;
export const apiServerOf = (rec: ResourceRecord): StoredApiServer | undefined => rec.properties.apiServerAccessProfile as StoredApiServer | undefined;

/** A private cluster with Azure CNI takes the '#private-azurecni' latency. */
export function latencyKeyOf(rec: ResourceRecord): string {
  return apiServerOf(rec)?.enablePrivateCluster === true && networkOf(rec)?.networkPlugin === 'azure' ? PRIVATE_CNI_KEY : T_AKS;
}
