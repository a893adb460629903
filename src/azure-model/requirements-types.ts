// Outbound connectivity Microsoft documents as required, and what Azure reports when it is missing.

/** The compute whose outbound requirements are listed. */
export type ComputeKind = 'amlCompute' | 'computeInstance' | 'aks' | 'azuremlExtension' | 'vmEntraLoginLinux' | 'vmEntraLoginWindows';

/**
 * serviceTag: an NSG / Azure Firewall network-rule destination; fqdn: a host name or `*.` wildcard for a
 * firewall application rule; fqdnTag: an Azure Firewall FQDN tag
 * (https://learn.microsoft.com/en-us/azure/firewall/fqdn-tags).
 */
export type DestinationKind = 'serviceTag' | 'fqdn' | 'fqdnTag';

/** 'Any' where the documentation's table says ANY (the Batch rows). */
export type Protocol = 'Tcp' | 'Udp' | 'Any';

export interface OutboundRequirement {
  /** May hold placeholders: `<region>`, and for the extension `<acr>`, `<storage>`, `<workspaceId>`. */
  destination: string;
  kind: DestinationKind;
  port: number;
  protocol: Protocol;
  why: string;
  /** The page or issue that states the requirement. */
  source: string;
  /** Set when the documentation makes the requirement conditional; absent means always required. */
  when?: string;
  /**
   * What Azure does without it, where that is more than "the feature degrades": 'install' when the
   * install itself fails (the simulator refuses it). Absent: the effect is not documented.
   */
  failsWithout?: 'install';
}

export interface DocumentedFailure {
  computes: ComputeKind[];
  /** Top-level ARM error code as reported. */
  code: string;
  /** Sub-code or error name, when the documentation gives one. */
  subCode?: string;
  /** The custom script extension's exit status (AKS node provisioning). */
  exitStatus?: number;
  /** The message as published (abridged with … where it continues with node-specific output). */
  message: string;
  /** What is missing when it appears. */
  cause: string;
  source: string;
  /** False when no page or public issue shows the exact text; `message` then says so. */
  confirmed: boolean;
}
