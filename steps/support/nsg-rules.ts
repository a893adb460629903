// The compute subnets' rule set (DESIGN §1, reference-resources.json nsg-compute): allow only the
// service tags Azure ML depends on, then deny every other outbound flow. Data, not code.
import type { SecurityRule } from '@azure/arm-network';

type Rule = SecurityRule & { name: string };

function out(name: string, priority: number, protocol: 'Tcp' | 'Udp' | '*', destination: string, ports: string | string[], source = '*'): Rule {
  return {
    name, priority, protocol, direction: 'Outbound', access: 'Allow', sourceAddressPrefix: source, sourcePortRange: '*', destinationAddressPrefix: destination,
    ...(Array.isArray(ports) ? { destinationPortRanges: ports } : { destinationPortRange: ports }),
  };
}

function deny(direction: 'Inbound' | 'Outbound'): Rule {
  return {
    name: `DenyAll${direction}`, priority: 4096, protocol: '*', direction, access: 'Deny',
    sourceAddressPrefix: '*', sourcePortRange: '*', destinationAddressPrefix: '*', destinationPortRange: '*',
  };
}

function vnet(direction: 'Inbound' | 'Outbound'): Rule {
  // A deny-all at 4096 overrides Azure's default AllowVnet rules (65000), so allow VNet traffic explicitly.
  return {
    name: `AllowVnet${direction}`, priority: 100, protocol: '*', direction, access: 'Allow',
    sourceAddressPrefix: 'VirtualNetwork', sourcePortRange: '*', destinationAddressPrefix: 'VirtualNetwork', destinationPortRange: '*',
  };
}

/**
 * Outbound allow-list for Azure ML compute (training and scoring subnets): the service tags of the
 * no-public-IP table (https://learn.microsoft.com/azure/machine-learning/how-to-secure-training-vnet).
 * AzureMonitor is not on it: monitoring goes through the Azure Monitor private link scope, so the
 * tag (a write channel to any tenant's Log Analytics) stays closed. With `viaFirewall` the subnet's
 * default route leads to Azure Firewall, which filters by FQDN; the NSG then lets HTTP(S) to the
 * internet reach the firewall (NSGs see the destination, not the next hop). A UDR to an appliance
 * takes precedence over a NAT gateway (https://learn.microsoft.com/azure/nat-gateway/nat-overview),
 * so the firewall stays the way out.
 */
export function computeRules(region: string, opts: { publicIpCompute: boolean; storage: boolean; viaFirewall: boolean }): Rule[] {
  const rules: Rule[] = [
    vnet('Inbound'),
    vnet('Outbound'),
    out('AllowAzureActiveDirectoryOutbound', 110, 'Tcp', 'AzureActiveDirectory', ['80', '443']),
    out('AllowAzureMachineLearningOutbound', 120, 'Tcp', 'AzureMachineLearning', ['443', '8787', '18881']),
    out('AllowAzureMachineLearningUdpOutbound', 130, 'Udp', 'AzureMachineLearning', '5831'),
    out('AllowBatchNodeManagementOutbound', 140, '*', `BatchNodeManagement.${region}`, '443'),
    out('AllowAzureResourceManagerOutbound', 150, 'Tcp', 'AzureResourceManager', '443'),
    out('AllowAzureFrontDoorFrontEndOutbound', 165, 'Tcp', 'AzureFrontDoor.FrontEnd', '443'),
    out('AllowAzureFrontDoorFirstPartyOutbound', 170, 'Tcp', 'AzureFrontDoor.FirstParty', '443'),
    // "Microsoft Container Registry is always needed regardless of the scenario" (global tag).
    out('AllowMicrosoftContainerRegistryOutbound', 180, 'Tcp', 'MicrosoftContainerRegistry', '443'),
  ];
  // 445: compute creation checks SMB to the workspace's file share (AzureTRE #2780). Only where the
  // subnet has the Storage service endpoint and its policy (the training subnet).
  if (opts.storage) rules.push(out('AllowStorageOutbound', 160, 'Tcp', `Storage.${region}`, ['443', '445'], 'VirtualNetwork'));
  if (opts.viaFirewall) rules.push(out('AllowInternetToFirewallOutbound', 300, 'Tcp', 'Internet', ['80', '443']));
  if (opts.publicIpCompute) {
    // Only when compute keeps a public IP (not recommended): Batch and AML reach the nodes inbound.
    rules.push({ name: 'AllowBatchNodeManagementInbound', priority: 120, protocol: 'Tcp', direction: 'Inbound', access: 'Allow',
      sourceAddressPrefix: 'BatchNodeManagement', sourcePortRange: '*', destinationAddressPrefix: '*', destinationPortRange: '29876-29877' });
    rules.push({ name: 'AllowAzureMachineLearningInbound', priority: 130, protocol: 'Tcp', direction: 'Inbound', access: 'Allow',
      sourceAddressPrefix: 'AzureMachineLearning', sourcePortRange: '*', destinationAddressPrefix: '*', destinationPortRange: '44224' });
  }
  rules.push(deny('Outbound'), deny('Inbound'));
  return rules;
}

/** The private-endpoint subnet: reachable from inside the VNet only, initiates nothing. */
export function privateEndpointRules(): Rule[] {
  return [vnet('Inbound'), deny('Inbound'), deny('Outbound')];
}
