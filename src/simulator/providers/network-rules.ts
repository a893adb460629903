// Firewall rules of PaaS resources (vault, storage, registry) that point into customer VNets and IP ranges:
// the subnet must exist and carry the service's endpoint (Microsoft.KeyVault, Microsoft.Storage); IP rules
// must be IPv4 addresses or CIDR ranges. Reads the Network provider's subnet records by id only.
import { parseCidr, parseIp } from '../cidr.js';
import { getRecord, key, type CloudState } from '../state.js';

const SUBNET_TYPE = 'Microsoft.Network/virtualNetworks/subnets';

type SubnetRuleProblem = 'missing' | 'noServiceEndpoint';

/** Why a subnet cannot back a VNet rule for `service`, or undefined when it can. */
export function subnetRuleProblem(state: CloudState, subnetId: string, service: string): SubnetRuleProblem | undefined {
  const subnet = getRecord(state, subnetId);
  if (!subnet || key(subnet.type) !== key(SUBNET_TYPE)) return 'missing';
  const endpoints = (subnet.properties.serviceEndpoints as { service: string }[] | undefined) ?? [];
  const ok = endpoints.some((e) => key(e.service) === key(service) || key(e.service) === key(`${service}.Global`));
  return ok ? undefined : 'noServiceEndpoint';
}

/** The canonical id of an existing subnet (as created), or the id given. */
export const canonicalSubnetId = (state: CloudState, subnetId: string): string => getRecord(state, subnetId)?.id ?? subnetId;

/** IPv4 address or CIDR (public ranges; the services reject private ranges too, not modelled). */
export function isIpRule(value: string): boolean {
  if (value.includes('/')) return parseCidr(value)?.version === 4;
  return parseIp(value)?.version === 4;
}
