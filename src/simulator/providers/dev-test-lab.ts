// Microsoft.DevTestLab/schedules (2018-09-15), the resource behind a VM's "Auto-shutdown": a
// ComputeVmShutdownTask named shutdown-computevm-<vm> in the VM's resource group, targeting the VM
// (https://learn.microsoft.com/azure/templates/microsoft.devtestlab/2018-09-15/schedules; the name rule:
// Azure/terraform-azurerm-avm-res-compute-virtualmachine#422, "Azure returns a 400 … under any name other than
// shutdown-computevm-<machine name>"). PUT is synchronous (200/201 with the body; unconfirmed beyond the
// spec's 200/201 responses), DELETE 200/204. Deleting the VM leaves the schedule (unconfirmed).
import { badRequest } from '../errors.js';
import { empty, json } from '../http.js';
import { parseBody } from '../schemas/common.js';
import { Schedule } from '../schemas/compute.js';
import { getRecord, key, putRecord, removeSubtree, type CloudState, type ResourceRecord } from '../state.js';
import { validateTags } from '../tags.js';
import type { ArmResource, SimResponse } from '../types.js';
import { parseArmId } from './kit/ids.js';
import { notImplemented } from './kit/not-simulated.js';
import { serveTracked } from './kit/serve.js';
import { assertNameMatches, isoTime, listTracked, newRecord, resolveLocation, trackedId } from './kit/tracked.js';
import type { Ctx, Provider, ProviderRoute } from './types.js';
import { randomUUID } from 'node:crypto';

const DEVTESTLAB = 'Microsoft.DevTestLab';
const T_SCHEDULE = 'Microsoft.DevTestLab/schedules';
const T_VM = 'Microsoft.Compute/virtualMachines';

/**
 * Windows time zone ids the simulator accepts (a modest subset of the Windows registry ids the schedule's
 * timeZoneId takes: https://learn.microsoft.com/windows-hardware/manufacture/desktop/default-time-zones).
 */
export const TIME_ZONES: readonly string[] = [
  'UTC', 'GMT Standard Time', 'Greenwich Standard Time', 'W. Europe Standard Time', 'Central Europe Standard Time', 'Romance Standard Time',
  'Central European Standard Time', 'E. Europe Standard Time', 'FLE Standard Time', 'GTB Standard Time', 'Russian Standard Time',
  'Eastern Standard Time', 'Central Standard Time', 'Mountain Standard Time', 'Pacific Standard Time', 'Alaskan Standard Time',
  'Hawaiian Standard Time', 'Atlantic Standard Time', 'E. South America Standard Time', 'India Standard Time', 'China Standard Time',
  'Singapore Standard Time', 'Tokyo Standard Time', 'Korea Standard Time', 'AUS Eastern Standard Time', 'New Zealand Standard Time',
  'South Africa Standard Time', 'Arabian Standard Time', 'Israel Standard Time',
];

// Codes and wording of these refusals are unconfirmed: DevTest Labs answers 400 (the name rule above).
const invalid = (message: string): ReturnType<typeof badRequest> => badRequest('InvalidParameter', message);

function render(_state: CloudState, rec: ResourceRecord): ArmResource {
  return {
    id: rec.id, name: rec.name, type: T_SCHEDULE.toLowerCase(), location: rec.location, tags: rec.tags ?? {},
    properties: { ...rec.properties, provisioningState: 'Succeeded' },
  } as ArmResource;
}

function put(ctx: Ctx, group: ResourceRecord, name: string, existing: ResourceRecord | undefined): SimResponse {
  const body = parseBody(Schedule, ctx.body, 'resources');
  assertNameMatches(body.name, name);
  const location = resolveLocation(body.location, T_SCHEDULE, existing, group);
  validateTags(body.tags);
  const p = body.properties ?? {};
  if (p.taskType !== 'ComputeVmShutdownTask') throw notImplemented(`Schedule taskType '${p.taskType ?? ''}'`, 'ComputeVmShutdownTask only');
  if (p.weeklyRecurrence !== undefined || p.hourlyRecurrence !== undefined) throw notImplemented('weeklyRecurrence / hourlyRecurrence', 'dailyRecurrence only');
  const target = p.targetResourceId;
  const parsed = target ? parseArmId(target) : undefined;
  const vm = target && parsed && key([parsed.namespace, ...parsed.types].join('/')) === key(T_VM) ? getRecord(ctx.state, target) : undefined;
  if (!vm) throw invalid(`The target resource '${target ?? ''}' of a ComputeVmShutdownTask schedule must be an existing virtual machine.`);
  if (key(name) !== key(`shutdown-computevm-${vm.name}`)) throw invalid(`A ComputeVmShutdownTask schedule for virtual machine '${vm.name}' must be named 'shutdown-computevm-${vm.name}', not '${name}'.`);
  if (key(vm.resourceGroup ?? '') !== key(group.name)) throw invalid(`The schedule must be in the virtual machine's resource group '${vm.resourceGroup}'.`);
  const time = p.dailyRecurrence?.time;
  if (!time || !/^([01]\d|2[0-3])[0-5]\d$/.test(time)) throw invalid(`The daily recurrence time '${time ?? ''}' is not valid: give it as HHmm (0000-2359).`);
  const tz = p.timeZoneId ?? 'UTC';
  const zone = TIME_ZONES.find((z) => key(z) === key(tz));
  if (!zone) throw invalid(`The time zone id '${tz}' is not a valid Windows time zone id.`);
  const n = p.notificationSettings;
  if (n?.status === 'Enabled' && !n.webhookUrl && !n.emailRecipient) throw invalid('Enabled notifications need a webhookUrl or an emailRecipient.');
  if (n?.timeInMinutes !== undefined && (n.timeInMinutes < 15 || n.timeInMinutes > 120)) throw invalid(`notificationSettings.timeInMinutes must be between 15 and 120, was ${n.timeInMinutes}.`);
  const id = existing?.id ?? trackedId(group, DEVTESTLAB, 'schedules', name);
  const rec = newRecord(ctx, { id, type: T_SCHEDULE, name, group, location, tags: body.tags, existing });
  rec.properties = {
    status: p.status ?? 'Enabled',
    taskType: 'ComputeVmShutdownTask',
    dailyRecurrence: { time },
    timeZoneId: zone,
    notificationSettings: { status: n?.status ?? 'Disabled', timeInMinutes: n?.timeInMinutes ?? 30, notificationLocale: n?.notificationLocale ?? 'en', ...(n?.webhookUrl ? { webhookUrl: n.webhookUrl } : {}), ...(n?.emailRecipient ? { emailRecipient: n.emailRecipient } : {}) },
    createdDate: existing?.properties.createdDate ?? isoTime(ctx.now),
    targetResourceId: vm.id,
    uniqueIdentifier: existing?.properties.uniqueIdentifier ?? randomUUID(),
  };
  putRecord(ctx.state, rec);
  return json(existing ? 200 : 201, render(ctx.state, rec));
}

function handle(ctx: Ctx, route: ProviderRoute): SimResponse {
  const { types, names, collection } = route.typed;
  const { group, sub } = route;
  if (types.length !== 1 || types[0].toLowerCase() !== 'schedules') throw badRequest('InvalidResourceType', `The resource type '${types.join('/')}' is not simulated in '${DEVTESTLAB}'.`);
  if (collection) return listTracked(ctx, T_SCHEDULE, sub, group, render);
  if (!group) throw badRequest('InvalidResourceType', 'Schedules are resource-group scoped.');
  const name = names[0];
  const existing = getRecord(ctx.state, trackedId(group, DEVTESTLAB, 'schedules', name));
  return serveTracked(ctx, {
    type: T_SCHEDULE, label: 'schedule', name, group, existing, render,
    put: () => put(ctx, group, name, existing),
    remove: (s) => {
      removeSubtree(ctx.state, s.id, ctx.now);
      return empty(200);
    },
  });
}

export const devTestLabProvider: Provider = {
  namespace: DEVTESTLAB,
  apiVersions: ['2018-09-15'],
  resourceTypes: ['schedules'],
  handle,
  render,
  deleteLatencyKey: () => 'Microsoft.Resources/resourceGroups',
};
