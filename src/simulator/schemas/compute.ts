// Request-body schemas for Microsoft.Compute (2024-07-01 REST models: VirtualMachine, VirtualMachineUpdate,
// VirtualMachineExtension) and Microsoft.DevTestLab schedules (2018-09-15: Schedule). Strict: a member the
// model does not have is refused (InvalidRequestContent); members the model has but the simulator does not
// implement are listed in the providers and refused as SimulatorUnsupportedProperty. Read-only members a
// client echoes back (vmId, provisioningState, timeCreated, instanceView) are accepted and ignored.
import { z } from 'zod';
import { arr, bool, enumOfAnyCase, int, obj, readOnly, str, trackedEnvelope } from './common.js';

const ImageReference = obj('ImageReference', {
  publisher: str().optional(),
  offer: str().optional(),
  sku: str().optional(),
  version: str().optional(),
  id: str().optional(),
  sharedGalleryImageId: str().optional(),
  communityGalleryImageId: str().optional(),
  exactVersion: readOnly(),
});

const ManagedDiskParameters = obj('ManagedDiskParameters', {
  storageAccountType: enumOfAnyCase('StorageAccountTypes', ['Standard_LRS', 'Premium_LRS', 'StandardSSD_LRS', 'UltraSSD_LRS', 'Premium_ZRS', 'StandardSSD_ZRS', 'PremiumV2_LRS']).optional(),
  id: str().optional(),
  diskEncryptionSet: z.unknown().optional(),
  securityProfile: z.unknown().optional(),
});

const OSDisk = obj('OSDisk', {
  osType: enumOfAnyCase('OperatingSystemTypes', ['Windows', 'Linux']).optional(),
  name: str().optional(),
  createOption: enumOfAnyCase('DiskCreateOptionTypes', ['FromImage', 'Empty', 'Attach', 'Copy', 'Restore']),
  caching: enumOfAnyCase('CachingTypes', ['None', 'ReadOnly', 'ReadWrite']).optional(),
  managedDisk: ManagedDiskParameters.optional(),
  deleteOption: enumOfAnyCase('DiskDeleteOptionTypes', ['Delete', 'Detach']).optional(),
  diskSizeGB: int().optional(),
  writeAcceleratorEnabled: bool().optional(),
  encryptionSettings: z.unknown().optional(),
  vhd: z.unknown().optional(),
  image: z.unknown().optional(),
  diffDiskSettings: z.unknown().optional(),
});

const StorageProfile = obj('StorageProfile', {
  imageReference: ImageReference.optional(),
  osDisk: OSDisk.optional(),
  dataDisks: z.array(z.unknown()).optional(),
  diskControllerType: z.unknown().optional(),
  alignRegionalDisksToVMZone: z.unknown().optional(),
});

const SshPublicKey = obj('SshPublicKey', { path: str().optional(), keyData: str().optional() });

const PatchSettings = obj('PatchSettings', {
  patchMode: str().optional(),
  assessmentMode: enumOfAnyCase('AssessmentModeTypes', ['ImageDefault', 'AutomaticByPlatform']).optional(),
  enableHotpatching: bool().optional(),
  automaticByPlatformSettings: z.unknown().optional(),
});

const LinuxConfiguration = obj('LinuxConfiguration', {
  disablePasswordAuthentication: bool().optional(),
  ssh: obj('SshConfiguration', { publicKeys: arr(SshPublicKey, 'SshPublicKey').optional() }).optional(),
  provisionVMAgent: bool().optional(),
  patchSettings: PatchSettings.optional(),
  enableVMAgentPlatformUpdates: bool().optional(),
});

const WindowsConfiguration = obj('WindowsConfiguration', {
  provisionVMAgent: bool().optional(),
  enableAutomaticUpdates: bool().optional(),
  timeZone: str().optional(),
  patchSettings: PatchSettings.optional(),
  enableVMAgentPlatformUpdates: bool().optional(),
  additionalUnattendContent: z.unknown().optional(),
  winRM: z.unknown().optional(),
});

export const OSProfile = obj('OSProfile', {
  computerName: str().optional(),
  adminUsername: str().optional(),
  adminPassword: str().optional(),
  customData: str().optional(),
  linuxConfiguration: LinuxConfiguration.optional(),
  windowsConfiguration: WindowsConfiguration.optional(),
  secrets: z.array(z.unknown()).optional(),
  allowExtensionOperations: bool().optional(),
  requireGuestProvisionSignal: bool().optional(),
});

const NetworkInterfaceReference = obj('NetworkInterfaceReference', {
  id: str(),
  properties: obj('NetworkInterfaceReferenceProperties', {
    primary: bool().optional(),
    deleteOption: enumOfAnyCase('DeleteOptions', ['Delete', 'Detach']).optional(),
  }).optional(),
});

const SecurityProfile = obj('SecurityProfile', {
  securityType: enumOfAnyCase('SecurityTypes', ['TrustedLaunch', 'ConfidentialVM', 'Standard']).optional(),
  uefiSettings: obj('UefiSettings', { secureBootEnabled: bool().optional(), vTpmEnabled: bool().optional() }).optional(),
  encryptionAtHost: bool().optional(),
  encryptionIdentity: z.unknown().optional(),
  proxyAgentSettings: z.unknown().optional(),
});

const DiagnosticsProfile = obj('DiagnosticsProfile', {
  bootDiagnostics: obj('BootDiagnostics', { enabled: bool().optional(), storageUri: str().optional() }).optional(),
});

const VmIdentity = obj('VirtualMachineIdentity', {
  type: enumOfAnyCase('ResourceIdentityType', ['SystemAssigned', 'UserAssigned', 'SystemAssigned, UserAssigned', 'None']),
  userAssignedIdentities: z.record(z.string(), z.unknown()).optional(),
  principalId: readOnly(),
  tenantId: readOnly(),
});

const vmPropertyShape = {
  hardwareProfile: obj('HardwareProfile', { vmSize: str().optional(), vmSizeProperties: z.unknown().optional() }).optional(),
  storageProfile: StorageProfile.optional(),
  osProfile: OSProfile.optional(),
  networkProfile: obj('NetworkProfile', {
    networkInterfaces: arr(NetworkInterfaceReference, 'NetworkInterfaceReference').optional(),
    networkApiVersion: z.unknown().optional(),
    networkInterfaceConfigurations: z.unknown().optional(),
  }).optional(),
  securityProfile: SecurityProfile.optional(),
  diagnosticsProfile: DiagnosticsProfile.optional(),
  additionalCapabilities: z.unknown().optional(),
  availabilitySet: z.unknown().optional(),
  virtualMachineScaleSet: z.unknown().optional(),
  proximityPlacementGroup: z.unknown().optional(),
  priority: z.unknown().optional(),
  evictionPolicy: z.unknown().optional(),
  billingProfile: z.unknown().optional(),
  host: z.unknown().optional(),
  hostGroup: z.unknown().optional(),
  licenseType: z.unknown().optional(),
  extensionsTimeBudget: z.unknown().optional(),
  platformFaultDomain: z.unknown().optional(),
  scheduledEventsProfile: z.unknown().optional(),
  userData: z.unknown().optional(),
  capacityReservation: z.unknown().optional(),
  applicationProfile: z.unknown().optional(),
  vmId: readOnly(),
  provisioningState: readOnly(),
  instanceView: readOnly(),
  timeCreated: readOnly(),
};

/** Members of VirtualMachineProperties the simulator does not implement (refused loudly when set). */
export const VM_NOT_SIMULATED = [
  'additionalCapabilities', 'availabilitySet', 'virtualMachineScaleSet', 'proximityPlacementGroup', 'priority', 'evictionPolicy',
  'billingProfile', 'host', 'hostGroup', 'licenseType', 'extensionsTimeBudget', 'platformFaultDomain', 'scheduledEventsProfile',
  'userData', 'capacityReservation', 'applicationProfile',
] as const;

export const VirtualMachine = obj('VirtualMachine', {
  ...trackedEnvelope,
  identity: VmIdentity.optional(),
  zones: arr(str(), 'System.String').optional(),
  plan: z.unknown().optional(),
  extendedLocation: z.unknown().optional(),
  resources: readOnly(),
  etag: readOnly(),
  managedBy: readOnly(),
  properties: obj('VirtualMachineProperties', vmPropertyShape).optional(),
});
export type VirtualMachineBody = z.output<typeof VirtualMachine>;
export type VmProperties = NonNullable<VirtualMachineBody['properties']>;

export const VirtualMachineUpdate = obj('VirtualMachineUpdate', {
  tags: trackedEnvelope.tags,
  identity: VmIdentity.optional(),
  zones: arr(str(), 'System.String').optional(),
  plan: z.unknown().optional(),
  properties: obj('VirtualMachineProperties', vmPropertyShape).optional(),
});

export const VirtualMachineExtension = obj('VirtualMachineExtension', {
  ...trackedEnvelope,
  properties: obj('VirtualMachineExtensionProperties', {
    publisher: str().optional(),
    type: str().optional(),
    typeHandlerVersion: str().optional(),
    autoUpgradeMinorVersion: bool().optional(),
    enableAutomaticUpgrade: bool().optional(),
    forceUpdateTag: str().optional(),
    settings: z.record(z.string(), z.unknown()).optional(),
    protectedSettings: z.unknown().optional(),
    suppressFailures: bool().optional(),
    protectedSettingsFromKeyVault: z.unknown().optional(),
    provisionAfterExtensions: z.unknown().optional(),
    provisioningState: readOnly(),
    instanceView: readOnly(),
  }).optional(),
});

export const Schedule = obj('Schedule', {
  ...trackedEnvelope,
  properties: obj('ScheduleProperties', {
    status: enumOfAnyCase('EnableStatus', ['Enabled', 'Disabled']).optional(),
    taskType: str().optional(),
    dailyRecurrence: obj('DayDetails', { time: str().optional() }).optional(),
    weeklyRecurrence: z.unknown().optional(),
    hourlyRecurrence: z.unknown().optional(),
    timeZoneId: str().optional(),
    notificationSettings: obj('NotificationSettings', {
      status: enumOfAnyCase('EnableStatus', ['Enabled', 'Disabled']).optional(),
      timeInMinutes: int().optional(),
      webhookUrl: str().optional(),
      emailRecipient: str().optional(),
      notificationLocale: str().optional(),
    }).optional(),
    targetResourceId: str().optional(),
    createdDate: readOnly(),
    provisioningState: readOnly(),
    uniqueIdentifier: readOnly(),
  }).optional(),
});

