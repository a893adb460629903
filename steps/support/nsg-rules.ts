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

/** Outbound allow-list for Azure ML compute (training and scoring subnets). */
export function computeRules(region: string, opts: { publicIpCompute: boolean; aks: boolean }): Rule[] {
  const rules: Rule[] = [
    vnet('Inbound'),
    vnet('Outbound'),
    out('AllowAzureActiveDirectoryOutbound', 110, 'Tcp', 'AzureActiveDirectory', '*'),
    out('AllowAzureMachineLearningOutbound', 120, 'Tcp', 'AzureMachineLearning', ['443', '8787', '18881']),
    out('AllowAzureMachineLearningUdpOutbound', 130, 'Udp', 'AzureMachineLearning', '5831'),
    out('AllowBatchNodeManagementOutbound', 140, 'Tcp', `BatchNodeManagement.${region}`, '443'),
    out('AllowAzureResourceManagerOutbound', 150, 'Tcp', 'AzureResourceManager', '443'),
    // 445: compute creation checks SMB to the workspace's file share (AzureTRE #2780).
    out('AllowStorageOutbound', 160, 'Tcp', `Storage.${region}`, ['443', '445'], 'VirtualNetwork'),
    out('AllowAzureFrontDoorFirstPartyOutbound', 170, 'Tcp', 'AzureFrontDoor.FirstParty', '443'),
    out('AllowMicrosoftContainerRegistryOutbound', 180, 'Tcp', `MicrosoftContainerRegistry.${region}`, '443'),
    out('AllowAzureMonitorOutbound', 190, 'Tcp', 'AzureMonitor', '443'),
  ];
  if (opts.aks) {
    // AKS nodes reach their control plane through a tunnel to the regional AzureCloud tag.
    rules.push(out('AllowAksTunnelUdpOutbound', 200, 'Udp', `AzureCloud.${region}`, '1194'));
    rules.push(out('AllowAksTunnelTcpOutbound', 210, 'Tcp', `AzureCloud.${region}`, ['9000', '443']));
  }
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
