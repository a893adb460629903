// Microsoft.Compute/disks: the managed OS disk a VM creates from its image, rendered under the resource group
// (managedBy = the VM while it exists; encryption at rest with a platform-managed key, Azure's default:
// https://learn.microsoft.com/azure/virtual-machines/disk-encryption). Creating disks directly is not simulated;
// deleting one attached to a VM is refused (409 OperationNotAllowed, wording unconfirmed).
import { randomUUID } from 'node:crypto';
import { conflict } from '../../errors.js';
import { empty } from '../../http.js';
import { inFlight } from '../../lro.js';
import { getRecord, type CloudState, type ResourceRecord } from '../../state.js';
import type { ArmResource, SimResponse } from '../../types.js';
import { startDelete } from '../kit/delete.js';
import { acceptedHeaders } from '../kit/lro-style.js';
import { notImplemented } from '../kit/not-simulated.js';
import { serveTracked } from '../kit/serve.js';
import { displayState, envelope, isoTime, newRecord, trackedId } from '../kit/tracked.js';
import type { Ctx } from '../types.js';
import { COMPUTE, COMPUTE_LRO, T_DISK } from './common.js';
import { platformImageId, type PlatformImage } from './images.js';

export const diskId = (group: ResourceRecord, name: string): string => trackedId(group, COMPUTE, 'disks', name);

const TIER: Record<string, string> = { Premium_LRS: 'Premium', Premium_ZRS: 'Premium', Standard_LRS: 'Standard', StandardSSD_LRS: 'StandardSSD', StandardSSD_ZRS: 'StandardSSD', UltraSSD_LRS: 'Ultra', PremiumV2_LRS: 'PremiumV2' };

/** The OS disk record of a new VM (not stored: the VM's create stores it with its operation). */
export function newOsDisk(
  ctx: Ctx,
  group: ResourceRecord,
  name: string,
  o: { vmId: string; location: string; image: PlatformImage; storageAccountType: string; diskSizeGB: number; trustedLaunch: boolean; tags?: Record<string, string> },
): ResourceRecord {
  const rec = newRecord(ctx, { id: diskId(group, name), type: T_DISK, name, group, location: o.location, tags: o.tags });
  rec.managedBy = o.vmId;
  rec.sku = { name: o.storageAccountType, tier: TIER[o.storageAccountType] ?? 'Premium' };
  rec.properties = {
    osType: o.image.osType,
    hyperVGeneration: o.image.hyperVGeneration,
    creationData: { createOption: 'FromImage', imageReference: { id: platformImageId(group.subscriptionId, o.location, o.image) } },
    diskSizeGB: o.diskSizeGB,
    encryption: { type: 'EncryptionAtRestWithPlatformKey' },
    ...(o.trustedLaunch ? { securityProfile: { securityType: 'TrustedLaunch' } } : {}),
    networkAccessPolicy: 'AllowAll',
    publicNetworkAccess: 'Enabled',
    timeCreated: isoTime(ctx.now),
    uniqueId: randomUUID(),
  };
  return rec;
}

export function renderDisk(state: CloudState, rec: ResourceRecord): ArmResource {
  const vm = rec.managedBy ? getRecord(state, rec.managedBy) : undefined;
  return {
    ...envelope(rec),
    ...(vm ? { managedBy: vm.id } : {}),
    properties: { ...rec.properties, diskState: vm ? 'Attached' : 'Unattached', diskSizeBytes: Number(rec.properties.diskSizeGB) * 1024 ** 3, provisioningState: displayState(rec) },
  };
}

export function handleDisk(ctx: Ctx, group: ResourceRecord, name: string): SimResponse {
  const existing = getRecord(ctx.state, diskId(group, name));
  return serveTracked(ctx, {
    type: T_DISK, label: 'disk', name, group, existing, render: renderDisk,
    put: () => {
      throw notImplemented('Creating or updating managed disks directly', 'OS disks are created with their VM');
    },
    remove: (disk) => {
      const vm = disk.managedBy ? getRecord(ctx.state, disk.managedBy) : undefined;
      if (vm) throw conflict('OperationNotAllowed', `Disk ${disk.name} is attached to VM ${vm.id}.`);
      const op = startDelete(ctx, COMPUTE_LRO, { name: 'DeleteDisk', target: disk, rejoin: inFlight(ctx.state, disk.id) });
      return empty(202, acceptedHeaders(ctx, COMPUTE_LRO, op, { status: true, result: true }));
    },
  });
}
