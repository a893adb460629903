// Where a compute's nodes go: a subnet of the workspace's region (their NICs then appear in it, owned by
// Azure ML's service subscription), public IPs, or - in a workspace with a managed network - the Azure ML
// managed virtual network, where no customer subnet may be named (Learn how-to-managed-network: "When using
// Managed virtual network, you can't deploy compute resources inside your custom virtual network").
import { randomUUID } from 'node:crypto';
import { badRequest } from '../../errors.js';
import type { ResourceRecord } from '../../state.js';
import { findSubnet } from '../kit/ids.js';
import { isolationModeOf } from '../machine-learning-managed-network.js';
import type { ExternalIpConfiguration } from '../network/network-interfaces.js';
import type { Ctx } from '../types.js';

/** Azure ML runs compute nodes in its own (service) subscriptions; their NICs appear in the customer's subnet. */
const SERVICE_SUBSCRIPTION = 'b1a3c2d4-8e7f-4a6b-9c5d-0e1f2a3b4c5d';

/**
 * The workspace of the compute request being handled. machine-learning.ts sets it around the (synchronous)
 * compute dispatch, so the placement checks below know whether the workspace has a managed network without
 * widening the signatures the compute-type modules call.
 */
let requestWorkspace: ResourceRecord | undefined;

export function withComputeWorkspace<T>(ws: ResourceRecord | undefined, handle: () => T): T {
  const outer = requestWorkspace;
  requestWorkspace = ws;
  try {
    return handle();
  } finally {
    requestWorkspace = outer;
  }
}

/** The managed network's isolation mode of the workspace whose compute is being placed ('Disabled' without one). */
export const managedNetworkMode = (): string => (requestWorkspace ? isolationModeOf(requestWorkspace) : 'Disabled');

export function resolveSubnet(ctx: Ctx, id: string, region: string, path: string): ResourceRecord {
  const mode = managedNetworkMode();
  if (mode !== 'Disabled') {
    throw badRequest(
      'ComputeSubnetNotAllowedInManagedNetwork',
      `Workspace '${requestWorkspace?.name ?? ''}' uses a managed virtual network (isolationMode ${mode}): its computes are created in the managed network and cannot specify a subnet (${path} '${id}'). Remove the subnet.`,
    );
  }
  const found = findSubnet(ctx.state, id, region);
  if ('subnet' in found) return found.subnet;
  if (found.problem === 'malformed') {
    throw badRequest(
      'LinkedInvalidPropertyId',
      `Property id '${id}' at path '${path}' is invalid. Expect fully qualified resource Id that start with '/subscriptions/{subscriptionId}' and name a subnet (.../virtualNetworks/{vnet}/subnets/{subnet}).`,
    );
  }
  if (found.problem === 'missing') throw badRequest('SubnetNotFound', `The subnet '${id}' (${path}) was not found. Create the subnet before the compute.`);
  throw badRequest('SubnetInDifferentRegion', `The subnet '${id}' (${path}) is in region '${found.vnet?.location ?? ''}', but the workspace is in '${region}'. Computes must use a subnet in the workspace's region.`);
}

/** Without public IPs the nodes must sit in a customer subnet, or in the workspace's managed network. */
export function checkNodePublicIp(enableNodePublicIp: boolean | undefined, subnet: { id: string } | undefined, what: string): void {
  // Learn how-to-managed-network-compute: with a managed network, no-public-IP computes need no subnet.
  if (managedNetworkMode() !== 'Disabled') return;
  if (enableNodePublicIp === false && !subnet) {
    throw badRequest('SubnetRequiredForNoPublicIp', `A ${what} with enableNodePublicIp false (no public IP) must be placed in a virtual network: set properties.properties.subnet.`);
  }
}

export function nicUse(rec: { id: string; name: string }, subnetId: string, kind: string): ExternalIpConfiguration {
  const tag = randomUUID();
  return {
    id: `/subscriptions/${SERVICE_SUBSCRIPTION}/resourceGroups/${tag}-azurebatch-cloudservicerg/providers/Microsoft.Network/networkInterfaces/${kind}-${rec.name.toLowerCase()}-${tag.slice(0, 8)}-nic/ipConfigurations/ipconfig`,
    subnet: { id: subnetId },
  };
}
