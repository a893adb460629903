// Microsoft.Compute facts every part of the simulation reads: namespace, types, the LRO style and the
// error shapes Compute answers with (InvalidParameter with a `target`, PropertyChangeNotAllowed 409).
import { ArmError } from '../../errors.js';
import type { ResourceRecord } from '../../state.js';
import { locationOperationUrl, type LroStyle } from '../kit/lro-style.js';

export const COMPUTE = 'Microsoft.Compute';
export const T_VM = 'Microsoft.Compute/virtualMachines';
export const T_EXTENSION = 'Microsoft.Compute/virtualMachines/extensions';
export const T_DISK = 'Microsoft.Compute/disks';
export const T_NIC = 'Microsoft.Network/networkInterfaces';
export const VM_API_VERSIONS = ['2024-07-01'] as const;
export const DISK_API_VERSIONS = ['2024-03-02'] as const;

/**
 * Compute answers PUT 201/200 + Azure-AsyncOperation (…/providers/Microsoft.Compute/locations/{l}/operations/{id})
 * and DELETE 202 + Azure-AsyncOperation + Location (the same URL with monitor=true): the pattern of the
 * x-ms-long-running-operation VM operations in the compute spec and of the SDK traffic in
 * Azure/azure-sdk-for-go and azure-cli recordings (unconfirmed in a Learn page). No Retry-After (unconfirmed).
 */
export const COMPUTE_LRO: LroStyle = {
  namespace: COMPUTE,
  statusUrl: locationOperationUrl('operations'),
  resultUrl: locationOperationUrl('operations', { before: 'monitor=true&' }),
};

/** Compute's 400: `{code: InvalidParameter, message, target}` (Azure/azure-cli#16788, hashicorp/packer-plugin-azure#311). */
export const invalidParameter = (message: string, target: string): ArmError =>
  new ArmError(400, 'InvalidParameter', message, [{ code: 'InvalidParameter', target, message }]);

/** 409 PropertyChangeNotAllowed "Changing property '…' is not allowed." (Azure/azure-powershell#7621, Azure/bicep#15273). */
export const propertyChangeNotAllowed = (path: string): ArmError =>
  new ArmError(409, 'PropertyChangeNotAllowed', `Changing property '${path}' is not allowed.`, [{ code: 'PropertyChangeNotAllowed', target: path, message: `Changing property '${path}' is not allowed.` }]);

/** Stored VM properties the other Compute files and other providers read. */
export interface StoredNicRef {
  id: string;
  properties?: { primary?: boolean; deleteOption?: string };
}

export const nicRefsOf = (vm: ResourceRecord): StoredNicRef[] =>
  ((vm.properties.networkProfile as { networkInterfaces?: StoredNicRef[] } | undefined)?.networkInterfaces ?? []);

export const osTypeOf = (vm: ResourceRecord): 'Linux' | 'Windows' =>
  ((vm.properties.storageProfile as { osDisk?: { osType?: string } } | undefined)?.osDisk?.osType === 'Windows' ? 'Windows' : 'Linux');
