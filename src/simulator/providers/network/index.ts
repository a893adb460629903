// Microsoft.Network provider: routes virtualNetworks(/subnets), networkSecurityGroups(/securityRules,
// /defaultSecurityRules), networkInterfaces, privateDnsZones (links, record sets), privateEndpoints
// (privateDnsZoneGroups), serviceEndpointPolicies (definitions), the egress types (publicIPAddresses,
// natGateways, routeTables/routes, virtualNetworkPeerings, firewallPolicies/ruleCollectionGroups,
// azureFirewalls), the access routes (bastionHosts, virtualNetworkGateways with their VPN profile actions,
// dnsResolvers/inboundEndpoints) and operation polling to their
// handlers. Private DNS has its own api-versions: the front door (index.ts resolveProvider) checks each
// type's published versions and hands over the modelled one whose shape answers (api-versions.ts).
import { ArmError, notFound } from '../../errors.js';
import { getRecord, type CloudState, type ResourceRecord } from '../../state.js';
import type { ArmResource, SimResponse } from '../../types.js';
import type { Ctx, Provider, ProviderRoute } from '../types.js';
import { ALL_NETWORK_API_VERSIONS, apiVersionsFor, NETWORK, T, topLevelId } from './common.js';
import { handleNic, renderNic } from './network-interfaces.js';
import { handleOperation } from './operations.js';
import { handleDnsOperation, handleLinks, handleRecordSets, handleZone, renderARecord, renderLink, renderZone } from './private-dns.js';
import { handleZoneGroups, renderZoneGroup } from './private-dns-zone-groups.js';
import { handlePe, renderPe } from './private-endpoints.js';
import { handleSep, handleSepDefs, renderSep, renderSepDef } from './service-endpoint-policies.js';
import { handleNsg, handleRules, renderNsg, renderRule } from './security-groups.js';
import { handleSubnets, renderSubnet } from './subnets.js';
import { handleVnet, renderVnet } from './virtual-networks.js';
import { handlePip, renderPip } from './public-ip-addresses.js';
import { handleNatGateway, renderNatGateway } from './nat-gateways.js';
import { handleRoutes, handleRouteTable, renderRoute, renderRouteTable } from './route-tables.js';
import { handlePeerings, renderPeering } from './peerings.js';
import { handleFirewallPolicy, handleRuleCollectionGroups, renderFirewallPolicy, renderRuleCollectionGroup } from './firewall-policies.js';
import { handleFirewall, renderFirewall } from './azure-firewalls.js';
import { handleBastion, renderBastion } from './bastion-hosts.js';
import { generatedProfileResult, handleGateway, handleGenerateProfile, renderGateway } from './virtual-network-gateways.js';
import { handleInboundEndpoints, handleResolver, renderInboundEndpoint, renderResolver } from './dns-resolvers.js';
import { listTracked } from '../kit/tracked.js';

function render(state: CloudState, rec: ResourceRecord): ArmResource {
  switch (rec.type) {
    case T.vnet:
      return renderVnet(state, rec);
    case T.subnet:
      return renderSubnet(state, rec);
    case T.nsg:
      return renderNsg(state, rec);
    case T.rule:
      return renderRule(state, rec);
    case T.nic:
      return renderNic(state, rec);
    case T.zone:
      return renderZone(state, rec);
    case T.vnetLink:
      return renderLink(state, rec);
    case T.aRecord:
      return renderARecord(state, rec);
    case T.pe:
      return renderPe(state, rec);
    case T.zoneGroup:
      // dump() and operation results need a typed resource; the zone group's own GET/PUT body has no `type`.
      return { ...renderZoneGroup(state, rec), type: T.zoneGroup };
    case T.sep:
      return renderSep(state, rec);
    case T.sepDef:
      return renderSepDef(state, rec);
    case T.pip:
      return renderPip(state, rec);
    case T.natGateway:
      return renderNatGateway(state, rec);
    case T.routeTable:
      return renderRouteTable(state, rec);
    case T.route:
      return renderRoute(state, rec);
    case T.peering:
      return renderPeering(state, rec);
    case T.firewallPolicy:
      return renderFirewallPolicy(state, rec);
    case T.ruleCollectionGroup:
      return renderRuleCollectionGroup(state, rec);
    case T.firewall:
      return renderFirewall(state, rec);
    case T.bastion:
      return renderBastion(state, rec);
    case T.vnetGateway:
      return renderGateway(state, rec);
    case T.dnsResolver:
      return renderResolver(state, rec);
    case T.inboundEndpoint:
      return renderInboundEndpoint(state, rec);
    default:
      throw new Error(`no renderer for ${rec.type}`);
  }
}

const RECORD_SEGMENTS = ['a', 'aaaa', 'cname', 'mx', 'ptr', 'soa', 'srv', 'txt', 'all', 'recordsets'];

function handle(ctx: Ctx, route: ProviderRoute): SimResponse {
  const { types, names, collection } = route.typed;
  const path = types.map((t) => t.toLowerCase()).join('/');
  const { group, sub } = route;

  if (path === 'locations/operations' || path === 'locations/operationresults') {
    if (collection) throw notFound('InvalidResourceType', `The resource type '${types.join('/')}' cannot be listed.`);
    // A finished VPN client profile generation answers with the profile's URL, not a resource.
    const profile = path === 'locations/operationresults' ? generatedProfileResult(ctx, names[1]) : undefined;
    if (profile) return profile;
    return handleOperation(ctx, path === 'locations/operations' ? 'operations' : 'operationresults', names[1], (r) => render(ctx.state, r));
  }
  if (types.length === 1 && collection) {
    if (path === 'virtualnetworks') return listTracked(ctx, T.vnet, sub, group, renderVnet);
    if (path === 'networksecuritygroups') return listTracked(ctx, T.nsg, sub, group, renderNsg);
    if (path === 'networkinterfaces') return listTracked(ctx, T.nic, sub, group, renderNic);
    if (path === 'privatednszones') return listTracked(ctx, T.zone, sub, group, renderZone);
    if (path === 'privateendpoints') return listTracked(ctx, T.pe, sub, group, renderPe);
    if (path === 'serviceendpointpolicies') return listTracked(ctx, T.sep, sub, group, renderSep);
    if (path === 'publicipaddresses') return listTracked(ctx, T.pip, sub, group, renderPip);
    if (path === 'natgateways') return listTracked(ctx, T.natGateway, sub, group, renderNatGateway);
    if (path === 'routetables') return listTracked(ctx, T.routeTable, sub, group, renderRouteTable);
    if (path === 'firewallpolicies') return listTracked(ctx, T.firewallPolicy, sub, group, renderFirewallPolicy);
    if (path === 'azurefirewalls') return listTracked(ctx, T.firewall, sub, group, renderFirewall);
    if (path === 'bastionhosts') return listTracked(ctx, T.bastion, sub, group, renderBastion);
    if (path === 'virtualnetworkgateways') return listTracked(ctx, T.vnetGateway, sub, group, renderGateway);
    if (path === 'dnsresolvers') return listTracked(ctx, T.dnsResolver, sub, group, renderResolver);
  }
  if (!group) {
    throw notFound('InvalidResourceType', `The resource type '${types.join('/')}' is resource-group scoped; the request path has no resource group.`);
  }
  const top = (type: string) => getRecord(ctx.state, topLevelId(group, type, names[0]));
  if (path === 'privatednsoperationstatuses' || path === 'privatednsoperationresults') {
    if (collection) throw notFound('InvalidResourceType', `The resource type '${types.join('/')}' cannot be listed.`);
    return handleDnsOperation(ctx, path === 'privatednsoperationstatuses' ? 'statuses' : 'results', names[0], (r) => render(ctx.state, r));
  }
  if (types.length === 2 && path.startsWith('privatednszones/') && RECORD_SEGMENTS.includes(types[1].toLowerCase())) {
    return handleRecordSets(ctx, group, names[0], types[1], names[1]);
  }
  switch (path) {
    case 'virtualnetworks':
      return handleVnet(ctx, group, names[0], top(T.vnet));
    case 'virtualnetworks/subnets':
      return handleSubnets(ctx, top(T.vnet), names[0], names[1]);
    case 'networksecuritygroups':
      return handleNsg(ctx, group, names[0], top(T.nsg));
    case 'networksecuritygroups/securityrules':
      return handleRules(ctx, top(T.nsg), names[0], names[1], false);
    case 'networksecuritygroups/defaultsecurityrules':
      return handleRules(ctx, top(T.nsg), names[0], names[1], true);
    case 'networkinterfaces':
      return handleNic(ctx, group, names[0], top(T.nic));
    case 'privatednszones':
      return handleZone(ctx, group, names[0]);
    case 'privatednszones/virtualnetworklinks':
      return handleLinks(ctx, group, names[0], names[1]);
    case 'privateendpoints':
      return handlePe(ctx, group, names[0]);
    case 'privateendpoints/privatednszonegroups':
      return handleZoneGroups(ctx, top(T.pe), names[0], names[1]);
    case 'serviceendpointpolicies':
      return handleSep(ctx, group, names[0]);
    case 'serviceendpointpolicies/serviceendpointpolicydefinitions':
      return handleSepDefs(ctx, top(T.sep), names[0], names[1]);
    case 'publicipaddresses':
      return handlePip(ctx, group, names[0], top(T.pip));
    case 'natgateways':
      return handleNatGateway(ctx, group, names[0], top(T.natGateway));
    case 'routetables':
      return handleRouteTable(ctx, group, names[0]);
    case 'routetables/routes':
      return handleRoutes(ctx, top(T.routeTable), names[0], names[1]);
    case 'virtualnetworks/virtualnetworkpeerings':
      return handlePeerings(ctx, top(T.vnet), names[0], names[1]);
    case 'firewallpolicies':
      return handleFirewallPolicy(ctx, group, names[0]);
    case 'firewallpolicies/rulecollectiongroups':
      return handleRuleCollectionGroups(ctx, top(T.firewallPolicy), names[0], names[1]);
    case 'azurefirewalls':
      return handleFirewall(ctx, group, names[0]);
    case 'bastionhosts':
      return handleBastion(ctx, group, names[0]);
    case 'virtualnetworkgateways':
      return handleGateway(ctx, group, names[0]);
    case 'virtualnetworkgateways/generatevpnclientpackage':
    case 'virtualnetworkgateways/generatevpnprofile':
      return handleGenerateProfile(ctx, group, names[0], path.split('/')[1] as 'generatevpnclientpackage' | 'generatevpnprofile');
    case 'dnsresolvers':
      return handleResolver(ctx, group, names[0]);
    case 'dnsresolvers/inboundendpoints':
      return handleInboundEndpoints(ctx, top(T.dnsResolver), names[0], names[1]);
    default:
      throw new ArmError(404, 'InvalidResourceType', `The resource type '${types.join('/')}' could not be found in the namespace '${NETWORK}'.`);
  }
}

export const networkProvider: Provider = {
  namespace: NETWORK,
  apiVersions: ALL_NETWORK_API_VERSIONS,
  apiVersionsFor: (types) => apiVersionsFor(types[0] ?? ''),
  resourceTypes: [
    'virtualNetworks',
    'virtualNetworks/subnets',
    'networkSecurityGroups',
    'networkSecurityGroups/securityRules',
    'networkSecurityGroups/defaultSecurityRules',
    'networkInterfaces',
    'privateDnsZones',
    'privateDnsZones/virtualNetworkLinks',
    'privateDnsZones/A',
    'privateDnsZones/AAAA',
    'privateDnsZones/CNAME',
    'privateDnsZones/MX',
    'privateDnsZones/PTR',
    'privateDnsZones/SOA',
    'privateDnsZones/SRV',
    'privateDnsZones/TXT',
    'privateDnsZones/ALL',
    'privateDnsZones/recordsets',
    'privateDnsOperationStatuses',
    'privateDnsOperationResults',
    'privateEndpoints',
    'privateEndpoints/privateDnsZoneGroups',
    'serviceEndpointPolicies',
    'serviceEndpointPolicies/serviceEndpointPolicyDefinitions',
    'publicIPAddresses',
    'natGateways',
    'routeTables',
    'routeTables/routes',
    'virtualNetworks/virtualNetworkPeerings',
    'firewallPolicies',
    'firewallPolicies/ruleCollectionGroups',
    'azureFirewalls',
    'bastionHosts',
    'virtualNetworkGateways',
    'virtualNetworkGateways/generatevpnclientpackage',
    'virtualNetworkGateways/generatevpnprofile',
    'dnsResolvers',
    'dnsResolvers/inboundEndpoints',
    'locations/operations',
    'locations/operationResults',
  ],
  handle,
  render,
  deleteLatencyKey: (rec) => rec.type,
};
