// The shapes the network model reads and answers with. Inputs are ARM GET bodies (the REST specs
// under test/fixtures/azure-rest-api-specs/specification/network and .../privatedns name every
// property read here); answers are verdicts with a human-readable trace.

/** A resource as its ARM GET body; only what this library reads is typed. */
export interface ArmResource {
  id: string;
  name?: string;
  type: string;
  location?: string;
  properties?: Record<string, unknown>;
  [k: string]: unknown;
}

export type Protocol = 'Tcp' | 'Udp';

export interface Destination {
  /** What the caller asks about, e.g. 'BatchNodeManagement.westeurope', 'pypi.org', 'stforeign.blob.core.windows.net', '10.0.3.4'. */
  address: string;
  kind: 'serviceTag' | 'fqdn' | 'ip';
  port: number;
  protocol: Protocol;
}

export type DeciderKind =
  | 'route'
  | 'no-egress'
  | 'nsg-rule'
  | 'service-endpoint-policy'
  | 'firewall-rule'
  | 'firewall-default-deny'
  | 'dns'
  | 'service-firewall';

/** The resource and rule/route/record that decided, as the user would name it. */
export interface Decider {
  kind: DeciderKind;
  id?: string;
  detail: string;
}

export interface Verdict {
  allowed: boolean;
  /**
   * A refusal names the first control that refused. An allowed flow names the last control that let
   * it through (the firewall rule, the service endpoint policy, the NAT gateway's route, the NSG rule, ...).
   */
  decidedBy: Decider;
  /** Every step considered, in order (DNS answer, route chosen with next hop, NSG rule matched, firewall rule, ...). */
  trace: string[];
  /** Behaviour the verdict relied on that no source confirms (each also marked "unconfirmed" in the code). */
  assumptions: string[];
}

export interface ReachOptions {
  /** Region assumed for a destination whose region the cloud does not tell (a storage account outside it, mcr.microsoft.com); default: the source VNet's region. */
  assumeRegion?: string;
  /** Storage accounts Microsoft manages on behalf of a service, by account name → service endpoint policy alias, e.g. { abc: '/services/Azure/MachineLearning' }. */
  serviceAliasAccounts?: Record<string, string>;
  /**
   * Traffic that enters the VNet through this subnet from elsewhere (point-to-site VPN clients arrive
   * through GatewaySubnet): the source addresses the NSGs see instead of the subnet's own prefixes.
   */
  sourcePrefixes?: string[];
}
