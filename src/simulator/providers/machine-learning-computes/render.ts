// A compute's GET body, after the requested api-version's model: AmlCompute (allocation state, node
// counts), ComputeInstance (state, endpoints, applications; members per version) and attached AKS (read
// from the live cluster). Secrets (userAccountCredentials password/ssh key) are never rendered.
import type { MlApiVersion } from '../../schemas/machine-learning.js';
import { CI_VERSION_MEMBERS, type AksComputePropertiesBody, type AmlComputePropertiesBody, type ComputeInstancePropertiesBody } from '../../schemas/machine-learning-computes.js';
import { getRecord, tenantIdOf, type CloudState, type ResourceRecord } from '../../state.js';
import type { ArmResource } from '../../types.js';
import { clusterFacts } from '../container-service/index.js';
import { renderIdentity } from '../kit/identity.js';
import { displayState } from '../kit/tracked.js';
import { T_COMPUTE, computeTypeOf, mlTime } from './common.js';

function renderAmlCompute(rec: ResourceRecord, display: string): Record<string, unknown> {
  const p = (rec.properties.properties ?? {}) as AmlComputePropertiesBody & { scaleSettings: { maxNodeCount: number; minNodeCount: number; nodeIdleTimeBeforeScaleDown: string } };
  const ready = display === 'Succeeded';
  const nodes = ready ? p.scaleSettings.minNodeCount : 0;
  // Nodes that cannot reach the control plane are allocated but unusable (runtime/ml-compute-consults.ts).
  const nodeErrors = rec.properties.nodeErrors as { code: string; message: string }[] | undefined;
  const unusable = nodeErrors ? nodes : 0;
  const creds = p.userAccountCredentials;
  return {
    osType: p.osType,
    vmSize: p.vmSize,
    vmPriority: p.vmPriority,
    virtualMachineImage: null,
    isolatedNetwork: p.isolatedNetwork,
    scaleSettings: p.scaleSettings,
    // Secrets (password, SSH public key) are never returned.
    ...(creds ? { userAccountCredentials: { adminUserName: creds.adminUserName } } : {}),
    subnet: p.subnet ?? null,
    remoteLoginPortPublicAccess: p.remoteLoginPortPublicAccess,
    allocationState: !ready && p.scaleSettings.minNodeCount > 0 ? 'Resizing' : 'Steady',
    allocationStateTransitionTime: mlTime(rec.changedAt),
    errors: nodeErrors && ready ? nodeErrors.map((error) => ({ error })) : null,
    currentNodeCount: nodes,
    targetNodeCount: p.scaleSettings.minNodeCount,
    nodeStateCounts: { idleNodeCount: nodes - unusable, runningNodeCount: 0, preparingNodeCount: 0, unusableNodeCount: unusable, leavingNodeCount: 0, preemptedNodeCount: 0 },
    enableNodePublicIp: p.enableNodePublicIp,
    propertyBag: null,
  };
}

function renderComputeInstance(state: CloudState, rec: ResourceRecord, display: string, version: MlApiVersion): Record<string, unknown> {
  const p = (rec.properties.properties ?? {}) as ComputeInstancePropertiesBody & { privateIp?: string; publicIp?: string; createdBy?: string };
  const region = rec.location as string;
  const running = display === 'Succeeded';
  const state0 = display === 'Succeeded' ? 'Running' : display === 'Failed' ? 'CreateFailed' : display === 'Deleting' ? 'Deleting' : 'Creating';
  const host = `${rec.name.toLowerCase()}.${region}.instances.azureml.ms`;
  const ssh = p.sshSettings ?? {};
  const all: Record<string, unknown> = {
    vmSize: p.vmSize,
    subnet: p.subnet ?? null,
    applicationSharingPolicy: p.applicationSharingPolicy,
    sshSettings: { sshPublicAccess: ssh.sshPublicAccess, adminUserName: 'azureuser', sshPort: ssh.sshPublicAccess === 'Enabled' ? 50000 : 4001 },
    connectivityEndpoints: running ? { ...(p.publicIp ? { publicIpAddress: p.publicIp } : {}), privateIpAddress: p.privateIp } : null,
    applications: running
      ? [
          { displayName: 'Jupyter', endpointUri: `https://${host}/tree/` },
          { displayName: 'Jupyter Lab', endpointUri: `https://${host}/lab` },
          { displayName: 'VS Code', endpointUri: `vscode://ms-toolsai.vscode-ai-remote/open?workspaceId=${rec.parentId?.split('/').pop() ?? ''}&computeName=${rec.name}` },
        ]
      : [],
    createdBy: { userName: null, userOrgId: tenantIdOf(state), userId: p.createdBy ?? null },
    errors: [],
    state: state0,
    computeInstanceAuthorizationType: p.computeInstanceAuthorizationType,
    personalComputeInstanceSettings: p.personalComputeInstanceSettings ?? null,
    setupScripts: p.setupScripts ?? null,
    lastOperation: { operationName: 'Create', operationTime: mlTime(rec.createdAt), operationStatus: running ? 'Succeeded' : display === 'Failed' ? 'CreateFailed' : 'InProgress', operationTrigger: 'User' },
    schedules: p.schedules ?? { computeStartStop: [] },
    enableNodePublicIp: p.enableNodePublicIp,
    containers: [],
    dataDisks: [],
    dataMounts: [],
    versions: { runtime: '20250710.v1' },
    idleTimeBeforeShutdown: p.idleTimeBeforeShutdown,
    osImageMetadata: { currentImageVersion: '25.07.10', latestImageVersion: '25.07.10', isLatestOsImageVersion: true },
    enableOSPatching: p.enableOSPatching,
    enableRootAccess: p.enableRootAccess,
    enableSSO: p.enableSSO,
    releaseQuotaOnStop: p.releaseQuotaOnStop,
  };
  return Object.fromEntries(CI_VERSION_MEMBERS[version].filter((m) => all[m] !== undefined).map((m) => [m, all[m]]));
}

function renderAks(state: CloudState, rec: ResourceRecord): Record<string, unknown> {
  const p = (rec.properties.properties ?? {}) as AksComputePropertiesBody;
  const cluster = getRecord(state, String(rec.properties.resourceId));
  const facts = cluster ? clusterFacts(state, cluster) : undefined;
  return {
    clusterFqdn: facts?.fqdn ?? p.clusterFqdn,
    systemServices: [],
    agentCount: facts?.agentCount ?? p.agentCount,
    agentVmSize: facts?.agentVmSize ?? p.agentVmSize,
    clusterPurpose: p.clusterPurpose ?? 'FastProd',
    ...(p.aksNetworkingConfiguration ? { aksNetworkingConfiguration: p.aksNetworkingConfiguration } : {}),
    loadBalancerType: p.loadBalancerType ?? 'PublicIp',
    ...(p.loadBalancerSubnet ? { loadBalancerSubnet: p.loadBalancerSubnet } : {}),
  };
}

/** A Kubernetes compute's KubernetesProperties; the relay/service bus connection strings are secrets (never set for AKS, never rendered). */
function renderKubernetes(rec: ResourceRecord): Record<string, unknown> {
  const p = (rec.properties.properties ?? {}) as Record<string, unknown>;
  return {
    extensionPrincipalId: p.extensionPrincipalId ?? null,
    extensionInstanceReleaseTrain: p.extensionInstanceReleaseTrain,
    namespace: p.namespace,
    defaultInstanceType: p.defaultInstanceType,
    ...(p.instanceTypes ? { instanceTypes: p.instanceTypes } : {}),
  };
}

export function renderCompute(state: CloudState, rec: ResourceRecord, version: MlApiVersion = '2025-06-01'): ArmResource {
  const p = rec.properties;
  const type = computeTypeOf(rec);
  const display = displayState(rec);
  const identity = renderIdentity(state, rec.identity);
  const inner =
    type === 'AmlCompute' ? renderAmlCompute(rec, display) : type === 'ComputeInstance' ? renderComputeInstance(state, rec, display, version) : type === 'Kubernetes' ? renderKubernetes(rec) : renderAks(state, rec);
  return {
    id: rec.id,
    name: rec.name,
    type: T_COMPUTE,
    location: rec.location,
    ...(rec.tags ? { tags: rec.tags } : {}),
    ...(identity ? { identity } : {}),
    properties: {
      computeType: type,
      computeLocation: p.computeLocation,
      provisioningState: display,
      ...(p.description !== undefined ? { description: p.description } : {}),
      createdOn: mlTime(rec.createdAt),
      modifiedOn: mlTime(rec.changedAt),
      ...(p.resourceId !== undefined ? { resourceId: p.resourceId } : {}),
      provisioningErrors: display === 'Failed' && p.failure ? [{ error: p.failure }] : null,
      isAttachedCompute: type === 'AKS' || type === 'Kubernetes',
      disableLocalAuth: p.disableLocalAuth ?? false,
      properties: inner,
    },
  };
}
