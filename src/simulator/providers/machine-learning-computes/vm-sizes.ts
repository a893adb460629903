// The regional VM size list (GET .../locations/{l}/vmSizes, VirtualMachineSizeListResult) and the
// size check of AmlCompute and ComputeInstance bodies.
import { badRequest, methodNotAllowed } from '../../errors.js';
import { json } from '../../http.js';
import { estimatedVmPrices, findVmSize, vmSizesIn } from '../../region-catalog.js';
import { REGIONS } from '../../regions.js';
import type { SimResponse } from '../../types.js';
import type { Ctx } from '../types.js';
import { ML_NS, bad } from './common.js';

export function listVmSizes(ctx: Ctx, location: string): SimResponse {
  if (ctx.method !== 'GET') throw methodNotAllowed(ctx.method, 'vmSizes');
  const sizes = vmSizesIn(location);
  if (!sizes) {
    throw badRequest(
      'LocationNotAvailableForResourceType',
      `The provided location '${location}' is not available for resource type '${ML_NS}/locations/vmSizes'. List of available regions for the resource type is '${REGIONS.join(',')}'.`,
    );
  }
  return json(200, {
    value: sizes.map((s) => ({
      name: s.name,
      family: s.family,
      vCPUs: s.vCPUs,
      gpus: s.gpus,
      osVhdSizeMB: s.osVhdSizeMB,
      maxResourceVolumeMB: s.maxResourceVolumeMB,
      memoryGB: s.memoryGB,
      lowPriorityCapable: s.lowPriorityCapable,
      premiumIO: s.premiumIO,
      estimatedVMPrices: estimatedVmPrices(s),
      supportedComputeTypes: s.supportedComputeTypes,
    })),
  });
}

export function checkVmSize(region: string, vmSize: string | undefined, type: string): string {
  if (vmSize === undefined || vmSize === '') throw bad(`properties.properties.vmSize is required for ${type}.`);
  const s = findVmSize(region, vmSize);
  if (!s || !s.supportedComputeTypes.includes(type)) {
    throw badRequest(
      'VMSizeNotSupported',
      `Virtual Machine size: '${vmSize}' is not supported for ${type} in location '${region}'. List the sizes offered there with GET /subscriptions/{subscriptionId}/providers/${ML_NS}/locations/${region}/vmSizes.`,
    );
  }
  return s.name;
}
