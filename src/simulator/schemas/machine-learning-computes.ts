// Request-body schemas for Microsoft.MachineLearningServices/workspaces/computes (ComputeResource), per
// api-version, after machineLearningServices.json (2022-10-01, 2024-10-01, 2025-06-01). The body is
// discriminated by properties.computeType: AmlCompute, ComputeInstance and AKS are modelled member by member;
// the other compute types of the model are accepted by the schema and refused by the handler.
// Version differences of ComputeInstanceProperties: 2024-04-01/2024-10-01 add idleTimeBeforeShutdown,
// customServices, autologgerSettings and osImageMetadata; 2025-06-01 adds enableOSPatching, enableRootAccess,
// enableSSO and releaseQuotaOnStop.
import { z } from 'zod';
import { ManagedServiceIdentity, type MlApiVersion } from './machine-learning.js';
import { arr, bool, enumOf, int, obj, readOnly, str, trackedEnvelopeReadOnlyName } from './common.js';

/** Present in the REST model, not simulated: accepted by the schema, refused by the handler. */
const notSimulated = () => z.unknown().optional();

const COMPUTE_TYPES = ['AKS', 'Kubernetes', 'AmlCompute', 'ComputeInstance', 'DataFactory', 'VirtualMachine', 'HDInsight', 'Databricks', 'DataLakeAnalytics', 'SynapseSpark'] as const;
export type ComputeType = (typeof COMPUTE_TYPES)[number];
export const SIMULATED_COMPUTE_TYPES: readonly ComputeType[] = ['AmlCompute', 'ComputeInstance', 'AKS'];

const ResourceId = obj('ResourceId', { id: str() });

const Sku = obj('Sku', { name: str(), tier: str().optional(), size: str().optional(), family: str().optional(), capacity: int().optional() });

/** Members every Compute has (the discriminator's base model). */
const computeBase = {
  computeLocation: str().optional(),
  provisioningState: readOnly(),
  description: str().optional(),
  createdOn: readOnly(),
  modifiedOn: readOnly(),
  resourceId: str().optional(),
  provisioningErrors: readOnly(),
  isAttachedCompute: readOnly(),
  disableLocalAuth: bool().optional(),
};

const ScaleSettings = obj('ScaleSettings', {
  maxNodeCount: int(),
  minNodeCount: int().optional(),
  nodeIdleTimeBeforeScaleDown: str().optional(),
});

const UserAccountCredentials = obj('UserAccountCredentials', {
  adminUserName: str(),
  adminUserSshPublicKey: str().optional(),
  adminUserPassword: str().optional(),
});

const AmlComputeProperties = obj('AmlComputeProperties', {
  osType: enumOf('OsType', ['Linux', 'Windows']).optional(),
  vmSize: str().optional(),
  vmPriority: enumOf('VmPriority', ['Dedicated', 'LowPriority']).optional(),
  virtualMachineImage: notSimulated(),
  isolatedNetwork: bool().optional(),
  scaleSettings: ScaleSettings.optional(),
  userAccountCredentials: UserAccountCredentials.optional(),
  subnet: ResourceId.optional(),
  remoteLoginPortPublicAccess: enumOf('remoteLoginPortPublicAccess', ['Enabled', 'Disabled', 'NotSpecified']).optional(),
  allocationState: readOnly(),
  allocationStateTransitionTime: readOnly(),
  errors: readOnly(),
  currentNodeCount: readOnly(),
  targetNodeCount: readOnly(),
  nodeStateCounts: readOnly(),
  enableNodePublicIp: bool().optional(),
  propertyBag: notSimulated(),
});

const ScriptReference = obj('ScriptReference', {
  scriptSource: str().optional(),
  scriptData: str().optional(),
  scriptArguments: str().optional(),
  timeout: str().optional(),
});

const SetupScripts = obj('SetupScripts', {
  scripts: obj('ScriptsToExecute', { startupScript: ScriptReference.optional(), creationScript: ScriptReference.optional() }).optional(),
});

const RecurrenceSchedule = obj('RecurrenceSchedule', {
  hours: arr(int(), 'System.Int32'),
  minutes: arr(int(), 'System.Int32'),
  monthDays: arr(int(), 'System.Int32').optional(),
  weekDays: arr(enumOf('WeekDay', ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']), 'WeekDay').optional(),
});

const ComputeStartStopSchedule = obj('ComputeStartStopSchedule', {
  id: readOnly(),
  provisioningStatus: readOnly(),
  status: enumOf('ScheduleStatus', ['Enabled', 'Disabled']).optional(),
  action: enumOf('ComputePowerAction', ['Start', 'Stop']).optional(),
  triggerType: enumOf('TriggerType', ['Recurrence', 'Cron']).optional(),
  recurrence: obj('Recurrence', {
    frequency: enumOf('RecurrenceFrequency', ['Minute', 'Hour', 'Day', 'Week', 'Month']).optional(),
    interval: int().optional(),
    startTime: str().optional(),
    timeZone: str().optional(),
    schedule: RecurrenceSchedule.optional(),
  }).optional(),
  cron: obj('Cron', { startTime: str().optional(), timeZone: str().optional(), expression: str().optional() }).optional(),
  schedule: notSimulated(),
});

function computeInstanceProperties(version: MlApiVersion) {
  const v2022 = {
    vmSize: str().optional(),
    subnet: ResourceId.optional(),
    applicationSharingPolicy: enumOf('applicationSharingPolicy', ['Personal', 'Shared']).optional(),
    sshSettings: obj('ComputeInstanceSshSettings', {
      sshPublicAccess: enumOf('sshPublicAccess', ['Enabled', 'Disabled']).optional(),
      adminUserName: readOnly(),
      sshPort: readOnly(),
      adminPublicKey: str().optional(),
    }).optional(),
    connectivityEndpoints: readOnly(),
    applications: readOnly(),
    createdBy: readOnly(),
    errors: readOnly(),
    state: readOnly(),
    computeInstanceAuthorizationType: enumOf('ComputeInstanceAuthorizationType', ['personal']).optional(),
    personalComputeInstanceSettings: obj('PersonalComputeInstanceSettings', {
      assignedUser: obj('AssignedUser', { objectId: str(), tenantId: str() }).optional(),
    }).optional(),
    setupScripts: SetupScripts.optional(),
    lastOperation: readOnly(),
    schedules: obj('ComputeSchedules', { computeStartStop: arr(ComputeStartStopSchedule, 'ComputeStartStopSchedule').optional() }).optional(),
    enableNodePublicIp: bool().optional(),
    containers: readOnly(),
    dataDisks: readOnly(),
    dataMounts: readOnly(),
    versions: readOnly(),
  };
  if (version === '2022-10-01') return obj('ComputeInstanceProperties', v2022);
  const v2024 = { ...v2022, idleTimeBeforeShutdown: str().optional(), customServices: notSimulated(), autologgerSettings: notSimulated(), osImageMetadata: readOnly() };
  if (version !== '2025-06-01') return obj('ComputeInstanceProperties', v2024);
  return obj('ComputeInstanceProperties', {
    ...v2024,
    enableOSPatching: bool().optional(),
    enableRootAccess: bool().optional(),
    enableSSO: bool().optional(),
    releaseQuotaOnStop: bool().optional(),
  });
}

const AksNetworkingConfiguration = obj('AksNetworkingConfiguration', {
  subnetId: str().optional(),
  serviceCidr: str().optional(),
  dnsServiceIP: str().optional(),
  dockerBridgeCidr: str().optional(),
});

const AksProperties = obj('AKSSchemaProperties', {
  clusterFqdn: str().optional(),
  systemServices: readOnly(),
  agentCount: int().optional(),
  agentVmSize: str().optional(),
  clusterPurpose: enumOf('ClusterPurpose', ['FastProd', 'DenseProd', 'DevTest']).optional(),
  sslConfiguration: notSimulated(),
  aksNetworkingConfiguration: AksNetworkingConfiguration.optional(),
  loadBalancerType: enumOf('LoadBalancerType', ['PublicIp', 'InternalLoadBalancer']).optional(),
  loadBalancerSubnet: str().optional(),
});

function computeProperties(version: MlApiVersion, computeType: string | undefined) {
  switch (computeType) {
    case 'AmlCompute':
      return obj('AmlCompute', { computeType: z.literal('AmlCompute'), ...computeBase, properties: AmlComputeProperties.optional() });
    case 'ComputeInstance':
      return obj('ComputeInstance', { computeType: z.literal('ComputeInstance'), ...computeBase, properties: computeInstanceProperties(version).optional() });
    case 'AKS':
      return obj('AKS', { computeType: z.literal('AKS'), ...computeBase, properties: AksProperties.optional() });
    default:
      if ((COMPUTE_TYPES as readonly string[]).includes(computeType ?? '')) {
        // Modelled, not simulated: the handler refuses it by type.
        return z.object({ computeType: enumOf('ComputeType', COMPUTE_TYPES) }).passthrough();
      }
      return obj('Compute', { computeType: enumOf('ComputeType', COMPUTE_TYPES) });
  }
}

/** ComputeResource for one api-version; `computeType` (peeked from the body) picks the discriminated model. */
export function computeResourceSchema(version: MlApiVersion, computeType: string | undefined) {
  return obj('ComputeResource', {
    ...trackedEnvelopeReadOnlyName,
    sku: Sku.optional(),
    identity: ManagedServiceIdentity.optional(),
    properties: computeProperties(version, computeType),
  });
}

/** properties.computeType of a JSON body, if it has one (the schema reports everything else). */
export function peekComputeType(text: string | undefined): string | undefined {
  try {
    const v = JSON.parse(text ?? '') as { properties?: { computeType?: unknown } };
    return typeof v?.properties?.computeType === 'string' ? v.properties.computeType : undefined;
  } catch {
    return undefined;
  }
}

interface ScaleSettingsBody {
  maxNodeCount: number;
  minNodeCount?: number;
  nodeIdleTimeBeforeScaleDown?: string;
}

export interface AmlComputePropertiesBody {
  osType?: 'Linux' | 'Windows';
  vmSize?: string;
  vmPriority?: 'Dedicated' | 'LowPriority';
  isolatedNetwork?: boolean;
  scaleSettings?: ScaleSettingsBody;
  userAccountCredentials?: { adminUserName: string; adminUserSshPublicKey?: string; adminUserPassword?: string };
  subnet?: { id: string };
  remoteLoginPortPublicAccess?: 'Enabled' | 'Disabled' | 'NotSpecified';
  enableNodePublicIp?: boolean;
  [k: string]: unknown;
}

export interface ComputeInstancePropertiesBody {
  vmSize?: string;
  subnet?: { id: string };
  applicationSharingPolicy?: 'Personal' | 'Shared';
  sshSettings?: { sshPublicAccess?: 'Enabled' | 'Disabled'; adminPublicKey?: string };
  computeInstanceAuthorizationType?: 'personal';
  personalComputeInstanceSettings?: { assignedUser?: { objectId: string; tenantId: string } };
  setupScripts?: { scripts?: Record<string, unknown> };
  schedules?: { computeStartStop?: Record<string, unknown>[] };
  enableNodePublicIp?: boolean;
  idleTimeBeforeShutdown?: string;
  enableOSPatching?: boolean;
  enableRootAccess?: boolean;
  enableSSO?: boolean;
  releaseQuotaOnStop?: boolean;
  [k: string]: unknown;
}

export interface AksComputePropertiesBody {
  clusterFqdn?: string;
  agentCount?: number;
  agentVmSize?: string;
  clusterPurpose?: 'FastProd' | 'DenseProd' | 'DevTest';
  aksNetworkingConfiguration?: { subnetId?: string; serviceCidr?: string; dnsServiceIP?: string; dockerBridgeCidr?: string };
  loadBalancerType?: 'PublicIp' | 'InternalLoadBalancer';
  loadBalancerSubnet?: string;
  [k: string]: unknown;
}

export interface ComputeBody {
  location?: string;
  tags?: Record<string, string>;
  sku?: unknown;
  identity?: { type: string; userAssignedIdentities?: Record<string, unknown> };
  properties: {
    computeType: ComputeType;
    computeLocation?: string;
    description?: string;
    resourceId?: string;
    disableLocalAuth?: boolean;
    properties?: Record<string, unknown>;
    [k: string]: unknown;
  };
}

/** ComputeInstanceProperties members a version renders (GET bodies follow the requested version's model). */
export const CI_VERSION_MEMBERS: Record<MlApiVersion, readonly string[]> = (() => {
  const v2022 = [
    'vmSize', 'subnet', 'applicationSharingPolicy', 'sshSettings', 'connectivityEndpoints', 'applications', 'createdBy', 'errors', 'state',
    'computeInstanceAuthorizationType', 'personalComputeInstanceSettings', 'setupScripts', 'lastOperation', 'schedules', 'enableNodePublicIp',
    'containers', 'dataDisks', 'dataMounts', 'versions',
  ];
  const v2024 = [...v2022, 'idleTimeBeforeShutdown', 'osImageMetadata'];
  return {
    '2022-10-01': v2022,
    '2024-04-01': v2024,
    '2024-10-01': v2024,
    '2025-06-01': [...v2024, 'enableOSPatching', 'enableRootAccess', 'enableSSO', 'releaseQuotaOnStop'],
  };
})();

