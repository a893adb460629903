// Compute instances: VM size, placement and private IP, SSH, the assigned user (same directory), idle
// shutdown, schedules, and the members each api-version knows.
import { randomBytes, randomUUID } from 'node:crypto';
import { isGuid } from '../../router.js';
import type { MlApiVersion } from '../../schemas/machine-learning.js';
import type { ComputeInstancePropertiesBody } from '../../schemas/machine-learning-computes.js';
import { tenantIdOf } from '../../state.js';
import { same } from '../kit/ids.js';
import { rejectNotSimulated } from '../kit/not-simulated.js';
import { addressesTaken, dynamicAddress } from '../network/network-interfaces.js';
import type { Ctx } from '../types.js';
import { bad, isoDurationSeconds } from './common.js';
import { checkNodePublicIp, resolveSubnet } from './placement.js';
import { checkVmSize } from './vm-sizes.js';

/** Idle shutdown of a compute instance: 15 minutes to 3 days (the model's description). */
const IDLE_MIN_S = 15 * 60;
const IDLE_MAX_S = 3 * 24 * 3600;

export function normalizeInstance(ctx: Ctx, version: MlApiVersion, p: ComputeInstancePropertiesBody, region: string): Record<string, unknown> {
  rejectNotSimulated(p, ['customServices', 'autologgerSettings'], 'properties.properties.');
  const vmSize = checkVmSize(region, p.vmSize, 'ComputeInstance');
  // Without a subnet the instance lives in an Azure ML managed network (10.0.0.0/24 there).
  let privateIp = '10.0.0.4';
  if (p.subnet) {
    const subnet = resolveSubnet(ctx, p.subnet.id, region, 'properties.properties.subnet.id');
    privateIp = dynamicAddress(subnet, addressesTaken(ctx.state, subnet.id));
  }
  checkNodePublicIp(p.enableNodePublicIp, p.subnet, 'compute instance');
  const ssh = p.sshSettings ?? {};
  const sshAccess = ssh.sshPublicAccess ?? 'Disabled';
  if (sshAccess === 'Enabled' && !ssh.adminPublicKey) throw bad('sshSettings.adminPublicKey is required when sshSettings.sshPublicAccess is Enabled.');
  const user = p.personalComputeInstanceSettings?.assignedUser;
  if (user) {
    if (!isGuid(user.objectId)) throw bad(`personalComputeInstanceSettings.assignedUser.objectId '${user.objectId}' is not a GUID.`);
    if (!isGuid(user.tenantId)) throw bad(`personalComputeInstanceSettings.assignedUser.tenantId '${user.tenantId}' is not a GUID.`);
    if (!same(user.tenantId, tenantIdOf(ctx.state))) {
      throw bad(`The assigned user's tenant '${user.tenantId}' is not the workspace's tenant '${tenantIdOf(ctx.state)}'; a compute instance can only be assigned to a user of the same directory.`);
    }
  }
  if (p.idleTimeBeforeShutdown !== undefined) {
    const s = isoDurationSeconds(p.idleTimeBeforeShutdown);
    if (s === undefined) throw bad(`idleTimeBeforeShutdown '${p.idleTimeBeforeShutdown}' is not an ISO 8601 duration (for example PT30M).`);
    if (s < IDLE_MIN_S || s > IDLE_MAX_S) throw bad(`idleTimeBeforeShutdown must be between 15 minutes (PT15M) and 3 days (P3D); '${p.idleTimeBeforeShutdown}' is not.`);
  }
  const schedules = (p.schedules?.computeStartStop ?? []).map((sch, i) => {
    const trigger = sch.triggerType as string | undefined;
    if (!sch.action) throw bad(`schedules.computeStartStop[${i}].action is required (Start or Stop).`);
    if (trigger === 'Cron' && !(sch.cron as { expression?: string } | undefined)?.expression) throw bad(`schedules.computeStartStop[${i}].cron.expression is required for triggerType Cron.`);
    if (trigger === 'Recurrence' && !(sch.recurrence as { schedule?: unknown } | undefined)?.schedule) throw bad(`schedules.computeStartStop[${i}].recurrence.schedule is required for triggerType Recurrence.`);
    return { id: randomUUID(), provisioningStatus: 'Completed', status: sch.status ?? 'Enabled', ...sch };
  });
  return {
    vmSize,
    ...(p.subnet ? { subnet: { id: p.subnet.id } } : {}),
    applicationSharingPolicy: p.applicationSharingPolicy ?? 'Shared',
    sshSettings: { sshPublicAccess: sshAccess, ...(ssh.adminPublicKey ? { adminPublicKey: ssh.adminPublicKey } : {}) },
    computeInstanceAuthorizationType: p.computeInstanceAuthorizationType ?? 'personal',
    ...(p.personalComputeInstanceSettings ? { personalComputeInstanceSettings: p.personalComputeInstanceSettings } : {}),
    ...(p.setupScripts ? { setupScripts: p.setupScripts } : {}),
    schedules: { computeStartStop: schedules },
    enableNodePublicIp: p.enableNodePublicIp ?? true,
    ...(p.idleTimeBeforeShutdown !== undefined ? { idleTimeBeforeShutdown: p.idleTimeBeforeShutdown } : {}),
    ...(version === '2025-06-01'
      ? { enableOSPatching: p.enableOSPatching ?? false, enableRootAccess: p.enableRootAccess ?? true, enableSSO: p.enableSSO ?? true, releaseQuotaOnStop: p.releaseQuotaOnStop ?? false }
      : {}),
    privateIp,
    ...(p.enableNodePublicIp !== false ? { publicIp: `20.${[...randomBytes(3)].map((b) => 1 + (b % 250)).join('.')}` } : {}),
    ...(user ? { createdBy: user.objectId } : {}),
  };
}
