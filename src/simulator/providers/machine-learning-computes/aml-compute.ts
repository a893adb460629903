// AmlCompute clusters: VM size, scale settings, admin credentials (write-only), node placement, remote
// login, and the members that cannot change after creation.
import type { AmlComputePropertiesBody } from '../../schemas/machine-learning-computes.js';
import type { ResourceRecord } from '../../state.js';
import { same } from '../kit/ids.js';
import { rejectNotSimulated } from '../kit/not-simulated.js';
import type { Ctx } from '../types.js';
import { bad, isoDurationSeconds } from './common.js';
import { checkNodePublicIp, resolveSubnet } from './placement.js';
import { checkVmSize } from './vm-sizes.js';

export function normalizeAml(ctx: Ctx, p: AmlComputePropertiesBody, region: string, prior: ResourceRecord | undefined): Record<string, unknown> {
  rejectNotSimulated(p, ['virtualMachineImage', 'propertyBag'], 'properties.properties.');
  const vmSize = checkVmSize(region, p.vmSize, 'AmlCompute');
  if (!p.scaleSettings) throw bad('properties.properties.scaleSettings (maxNodeCount, optionally minNodeCount and nodeIdleTimeBeforeScaleDown) is required for AmlCompute.');
  const min = p.scaleSettings.minNodeCount ?? 0;
  const max = p.scaleSettings.maxNodeCount;
  if (min < 0) throw bad(`scaleSettings.minNodeCount must not be negative (it is ${min}).`);
  if (max < 1) throw bad(`scaleSettings.maxNodeCount must be at least 1 (it is ${max}).`);
  if (min > max) throw bad(`scaleSettings.minNodeCount (${min}) must not be greater than maxNodeCount (${max}).`);
  const idle = p.scaleSettings.nodeIdleTimeBeforeScaleDown ?? 'PT120S';
  if (isoDurationSeconds(idle) === undefined) throw bad(`scaleSettings.nodeIdleTimeBeforeScaleDown '${idle}' is not an ISO 8601 duration (for example PT120S).`);
  if (p.subnet) resolveSubnet(ctx, p.subnet.id, region, 'properties.properties.subnet.id');
  checkNodePublicIp(p.enableNodePublicIp, p.subnet, 'compute cluster');
  const creds = p.userAccountCredentials;
  if (creds) {
    if (!/^[a-zA-Z][a-zA-Z0-9_-]{0,31}$/.test(creds.adminUserName) || ['root', 'admin', 'administrator'].includes(creds.adminUserName.toLowerCase())) {
      throw bad(`userAccountCredentials.adminUserName '${creds.adminUserName}' is not a valid admin user name.`);
    }
    if (!creds.adminUserPassword && !creds.adminUserSshPublicKey) throw bad('userAccountCredentials needs adminUserPassword or adminUserSshPublicKey.');
  }
  const access = p.remoteLoginPortPublicAccess ?? 'NotSpecified';
  const out: Record<string, unknown> = {
    osType: p.osType ?? 'Linux',
    vmSize,
    vmPriority: p.vmPriority ?? 'Dedicated',
    isolatedNetwork: p.isolatedNetwork ?? false,
    scaleSettings: { maxNodeCount: max, minNodeCount: min, nodeIdleTimeBeforeScaleDown: idle },
    ...(creds ? { userAccountCredentials: creds } : {}),
    ...(p.subnet ? { subnet: { id: p.subnet.id } } : {}),
    // NotSpecified is settled at creation: closed inside a VNet, open otherwise.
    remoteLoginPortPublicAccess: access === 'NotSpecified' ? (p.subnet ? 'Disabled' : 'Enabled') : access,
    enableNodePublicIp: p.enableNodePublicIp ?? true,
  };
  if (prior) {
    const before = prior.properties.properties as Record<string, unknown>;
    for (const m of ['vmSize', 'vmPriority', 'osType', 'isolatedNetwork', 'enableNodePublicIp']) {
      if (String(before[m]).toLowerCase() !== String(out[m]).toLowerCase()) throw bad(`properties.properties.${m} of compute cluster '${prior.name}' cannot be updated after creation.`);
    }
    if (!same((before.subnet as { id?: string } | undefined)?.id ?? '-', (out.subnet as { id?: string } | undefined)?.id ?? '-')) {
      throw bad(`properties.properties.subnet of compute cluster '${prior.name}' cannot be updated after creation.`);
    }
    // Credentials are write-only: an update without them keeps the stored ones.
    if (!creds && before.userAccountCredentials) out.userAccountCredentials = before.userAccountCredentials;
    if (p.remoteLoginPortPublicAccess === undefined || p.remoteLoginPortPublicAccess === 'NotSpecified') out.remoteLoginPortPublicAccess = before.remoteLoginPortPublicAccess;
  }
  return out;
}
