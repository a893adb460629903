// A way in for people (access.mode): the workspace is private, so the studio, notebooks and the API
// answer only inside the VNet. Seeds 001 §4 and 002 give the two routes built here:
// - bastion: Azure Bastion (Standard, native-client tunnelling) in AzureBastionSubnet and a jumpbox VM
//   without a public IP in its own subnet, signed in to with Entra ID (access-bastion.ts);
// - vpn: a point-to-site VPN gateway with Entra ID authentication in GatewaySubnet and a DNS private
//   resolver whose inbound endpoint answers the private zones for VPN clients (access-vpn.ts).
// This module owns the config fragment and the four subnets; each exists only in its mode.
import { z } from 'zod';
import { cidr, vmSize } from '../src/config/fields.js';
import { contains, overlaps, parseCidr } from '../src/config/cidr.js';
import { type Finding, quote } from '../src/config/problems.js';
import type { Config } from '../src/config/schema.js';
import type { ResourceModule, SubnetSpec } from './module.js';
import type { SecurityRule } from '@azure/arm-network';
import { AZURE_KMS } from './support/egress-data.js';

export const ACCESS_MODES = ['none', 'bastion', 'vpn'] as const;
export type AccessMode = (typeof ACCESS_MODES)[number];
export const JUMPBOX_OS = ['linux', 'windows', 'dsvm'] as const;
export type JumpboxOs = (typeof JUMPBOX_OS)[number];

/** What each mode costs while it exists (list prices move; the pricing pages are the reference). */
export const ACCESS_COST: Record<AccessMode, string> = {
  none: 'nothing; people need their own route into the VNet (peering, ExpressRoute) and the hosts-file lines or DNS forwarders the summary prints',
  bastion: 'Azure Bastion Standard (billed per hour while it exists, roughly USD 200-300/month before data; https://azure.microsoft.com/pricing/details/azure-bastion/) plus the jumpbox VM (Standard_B2s roughly USD 30-40/month running 24 h; auto-shutdown cuts it)',
  vpn: 'a VpnGw1AZ VPN gateway (billed per hour, roughly USD 250-400/month; https://azure.microsoft.com/pricing/details/vpn-gateway/) plus the DNS private resolver\'s inbound endpoint (roughly USD 180/month; https://azure.microsoft.com/pricing/details/dns/)',
};

// Optional chaining: the wizard checks a network layout before the rest of the config exists.
export const accessMode = (c: Config): AccessMode => c.access?.mode ?? 'none';
export const isBastion = (c: Config) => accessMode(c) === 'bastion';
export const isVpn = (c: Config) => accessMode(c) === 'vpn';

type Rule = SecurityRule & { name: string };
const rule = (name: string, priority: number, direction: 'Inbound' | 'Outbound', protocol: 'Tcp' | 'Udp' | '*', source: string, destination: string, ports: string[], access: 'Allow' | 'Deny' = 'Allow'): Rule => ({
  name, priority, direction, access, protocol, sourceAddressPrefix: source, sourcePortRange: '*', destinationAddressPrefix: destination,
  ...(ports.length === 1 ? { destinationPortRange: ports[0] } : { destinationPortRanges: ports }),
});
const denyAll = (direction: 'Inbound' | 'Outbound') => rule(`DenyAll${direction}`, 4096, direction, '*', '*', '*', ['*'], 'Deny');

/**
 * The rules Azure Bastion needs on its subnet when an NSG is there, exactly as Learn lists them
 * ("Working with NSG access and Azure Bastion", https://learn.microsoft.com/azure/bastion/bastion-nsg):
 * ingress 443 from Internet (users) and GatewayManager (control plane), 443 from AzureLoadBalancer
 * (health probes), 8080/5701 within VirtualNetwork (data plane); egress 22/3389 to VirtualNetwork,
 * 8080/5701 within VirtualNetwork, 443 to AzureCloud (diagnostics), 80 to Internet (session and
 * certificate validation).
 */
export function bastionNsgRules(): Rule[] {
  return [
    rule('AllowHttpsInbound', 120, 'Inbound', 'Tcp', 'Internet', '*', ['443']),
    rule('AllowGatewayManagerInbound', 130, 'Inbound', 'Tcp', 'GatewayManager', '*', ['443']),
    rule('AllowAzureLoadBalancerInbound', 140, 'Inbound', 'Tcp', 'AzureLoadBalancer', '*', ['443']),
    rule('AllowBastionHostCommunication', 150, 'Inbound', '*', 'VirtualNetwork', 'VirtualNetwork', ['8080', '5701']),
    denyAll('Inbound'),
    rule('AllowSshRdpOutbound', 100, 'Outbound', '*', '*', 'VirtualNetwork', ['22', '3389']),
    rule('AllowAzureCloudOutbound', 110, 'Outbound', 'Tcp', '*', 'AzureCloud', ['443']),
    rule('AllowBastionCommunication', 120, 'Outbound', '*', 'VirtualNetwork', 'VirtualNetwork', ['8080', '5701']),
    rule('AllowHttpOutbound', 130, 'Outbound', '*', '*', 'Internet', ['80']),
    denyAll('Outbound'),
  ];
}

/** The port people sign in on: SSH for Linux images, RDP for Windows. */
export const loginPort = (os: JumpboxOs) => (os === 'windows' ? '3389' : '22');

/**
 * The jumpbox subnet: inbound only from Bastion on the sign-in port; outbound to the VNet (the
 * private endpoints) and HTTP(S) to the internet, which the subnet's default route takes
 * to Azure Firewall: the firewall allows only the sign-in extension's hosts and the studio
 * (egress-data.ts), so the NSG sees the destination, the firewall decides by name.
 */
export function jumpboxNsgRules(c: Config): Rule[] {
  return [
    rule('AllowBastionInbound', 100, 'Inbound', 'Tcp', c.network.subnets.bastion, '*', [loginPort(c.access.jumpbox.os)]),
    denyAll('Inbound'),
    rule('AllowVnetOutbound', 100, 'Outbound', '*', 'VirtualNetwork', 'VirtualNetwork', ['*']),
    rule('AllowInternetToFirewallOutbound', 300, 'Outbound', 'Tcp', '*', 'Internet', ['80', '443']),
    // Windows activation (Azure KMS), which the firewall admits to Azure's KMS addresses only (egress-data.ts).
    ...(c.access.jumpbox.os === 'windows' ? [rule('AllowKmsToFirewallOutbound', 310, 'Outbound', 'Tcp', '*', 'Internet', [AZURE_KMS.port])] : []),
    denyAll('Outbound'),
  ];
}

/** The resolver's inbound endpoint answers DNS (53) for the VNet and the VPN clients, nothing else. */
export function dnsInboundNsgRules(c: Config): Rule[] {
  return [
    rule('AllowDnsFromVnetInbound', 100, 'Inbound', '*', 'VirtualNetwork', '*', ['53']),
    rule('AllowDnsFromVpnClientsInbound', 110, 'Inbound', '*', c.access.vpn.clientAddressPool, '*', ['53']),
    denyAll('Inbound'),
    denyAll('Outbound'),
  ];
}

export const bastionSubnet: SubnetSpec = {
  key: 'bastion',
  name: 'AzureBastionSubnet',
  nsgKey: 'bastion',
  nsgNameSuffix: 'bastion',
  defaultCidr: '10.0.4.0/26',
  // "The subnet must be /26 or larger" (https://learn.microsoft.com/azure/bastion/configuration-settings#subnet).
  minPrefix: 26,
  purpose: 'AzureBastionSubnet (Azure Bastion needs a /26 or larger)',
  description: 'AzureBastionSubnet (access.mode bastion; /26 or larger, Azure\'s rule).',
  enabled: isBastion,
  nsgRules: bastionNsgRules,
};

export const jumpboxSubnet: SubnetSpec = {
  key: 'jumpbox',
  name: 'snet-jumpbox',
  nsgKey: 'jumpbox',
  nsgNameSuffix: 'jumpbox',
  defaultCidr: '10.0.4.64/28',
  minPrefix: 29,
  purpose: 'the jumpbox subnet',
  description: 'Jumpbox subnet (access.mode bastion; /29 or larger): reached only from AzureBastionSubnet.',
  enabled: isBastion,
  nsgRules: jumpboxNsgRules,
};

export const gatewaySubnet: SubnetSpec = {
  key: 'gateway',
  name: 'GatewaySubnet',
  nsgKey: 'gateway',
  nsgNameSuffix: 'gateway',
  defaultCidr: '10.0.5.0/27',
  // "We recommend that you create a gateway subnet of /27 or larger" (https://learn.microsoft.com/azure/vpn-gateway/vpn-gateway-about-vpn-gateway-settings#gwsub).
  minPrefix: 27,
  purpose: 'GatewaySubnet (Learn recommends /27 or larger for a VPN gateway)',
  description: 'GatewaySubnet (access.mode vpn; /27 or larger). No NSG: Azure does not support one there.',
  enabled: isVpn,
  nsg: false,
  nsgRules: () => [],
};

export const dnsInboundSubnet: SubnetSpec = {
  key: 'dnsInbound',
  name: 'snet-dns-inbound',
  nsgKey: 'dns-inbound',
  nsgNameSuffix: 'dns-inbound',
  defaultCidr: '10.0.5.32/28',
  // Inbound endpoint subnets are /28 to /24 and delegated to the resolver
  // (https://learn.microsoft.com/azure/dns/dns-private-resolver-overview#subnet-restrictions).
  minPrefix: 28,
  purpose: 'the DNS private resolver\'s inbound endpoint (/28 to /24)',
  description: 'Subnet of the DNS private resolver\'s inbound endpoint (access.mode vpn; /28 to /24, delegated to Microsoft.Network/dnsResolvers).',
  enabled: isVpn,
  properties: () => ({ delegations: [{ name: 'dns-resolver', serviceName: 'Microsoft.Network/dnsResolvers' }] }),
  nsgRules: dnsInboundNsgRules,
};

const AUTO_SHUTDOWN = /^(off|([01]\d|2[0-3]):[0-5]\d)$/;

export const config = {
  access: z
    .strictObject({
      mode: z
        .enum(ACCESS_MODES, { error: (iss) => `${quote(iss.input)} is not an access mode; expected ${ACCESS_MODES.join(', ')}` })
        .default('none')
        .describe(
          'How people reach the private workspace (env SECURE_AML_ACCESS, flag --access). ' +
            `bastion: ${ACCESS_COST.bastion}. vpn: point-to-site VPN with Entra ID sign-in and a DNS private resolver, ${ACCESS_COST.vpn}. none: ${ACCESS_COST.none}.`,
        ),
      jumpbox: z
        .strictObject({
          os: z.enum(JUMPBOX_OS, { error: (iss) => `${quote(iss.input)} is not a jumpbox image; expected ${JUMPBOX_OS.join(', ')}` }).default('linux')
            .describe('Jumpbox image: linux (Ubuntu 24.04 LTS, SSH with Entra ID), windows (Windows Server 2025, RDP with Entra ID), dsvm (the Ubuntu Data Science Virtual Machine).'),
          vmSize: vmSize('Standard_B2s', 'VM size of the jumpbox (it only runs a browser or an SSH session; the work runs on Azure ML compute).'),
          autoShutdown: z.string().regex(AUTO_SHUTDOWN, { error: (iss) => `${quote(iss.input)} is not a time of day; expected HH:MM (24-hour, e.g. 19:00) or off` }).default('19:00')
            .describe('Shut the jumpbox down every day at this time (HH:MM in access.jumpbox.timeZone), or off.'),
          timeZone: z.string().min(1).default('UTC').describe('Windows time zone id of the auto-shutdown time (e.g. UTC, W. Europe Standard Time).'),
        })
        .prefault({})
        .describe('The jumpbox VM (access.mode bastion).'),
      vpn: z
        .strictObject({
          clientAddressPool: cidr('172.16.201.0/24', 'Addresses handed to VPN clients (access.mode vpn); must not overlap the VNet or the hub.'),
        })
        .prefault({})
        .describe('Point-to-site VPN (access.mode vpn).'),
    })
    .prefault({})
    .describe('A way in for people: Azure Bastion and a jumpbox, or a point-to-site VPN with private DNS.'),
};

function accessFindings(c: Config): Finding[] {
  const out: Finding[] = [];
  if (isBastion(c) && c.network.egress !== 'firewall') {
    out.push({
      path: 'access.mode',
      message: `"bastion" needs network.egress firewall: the jumpbox's Entra ID sign-in extension installs from packages.microsoft.com and talks to login.microsoftonline.com and pas.windows.net, which only the firewall can allow by name (egress ${quote(c.network.egress)} would leave it without a way out or open the internet); use egress firewall, or access.mode vpn`,
      involves: ['access.mode', 'network.egress'],
    });
  }
  if (isVpn(c)) {
    const pool = parseCidr(c.access.vpn.clientAddressPool);
    const spaces: [string, string][] = [['network.addressSpace', c.network.addressSpace], ...(c.network.egress === 'firewall' && !c.firewall.existingFirewallId ? [['firewall.hubAddressSpace', c.firewall.hubAddressSpace] as [string, string]] : [])];
    for (const [path, text] of spaces) {
      const space = parseCidr(text);
      if (pool && space && (overlaps(pool, space) || contains(pool, space) || contains(space, pool))) {
        out.push({ path: 'access.vpn.clientAddressPool', message: `${quote(c.access.vpn.clientAddressPool)} overlaps ${path} (${quote(text)}); VPN clients need addresses of their own`, involves: ['access.vpn.clientAddressPool', path] });
      }
    }
    const dns = parseCidr(c.network.subnets.dnsInbound);
    if (dns && dns.prefix < 24) {
      out.push({ path: 'network.subnets.dnsInbound', message: `${quote(c.network.subnets.dnsInbound)} is too large: a DNS private resolver endpoint subnet is /28 to /24`, involves: ['network.subnets.dnsInbound'] });
    }
  }
  return out;
}

export const definition: ResourceModule = {
  id: 'access',
  config,
  subnets: [bastionSubnet, jumpboxSubnet, gatewaySubnet, dnsInboundSubnet],
  findings: accessFindings,
  steps: [],
};
