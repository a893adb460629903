// Azure's documented network semantics over ARM GET bodies: a pure library (node built-ins and
// ipaddr.js only). `reach` answers "can this subnet open this flow?"; the pieces are exported for tests
// and for messages that explain a verdict.

export type { ArmResource, Destination, Decider, DeciderKind, Protocol, ReachOptions, Verdict } from './types.js';
export { cloudOf, type Cloud } from './cloud.js';
export { reach } from './reach.js';
export { resolve, linkedZones, type DnsAnswer, type Resolution } from './dns.js';
export { effectiveRoutes, selectRoute, type EffectiveRoute, type NextHopType, type RouteChoice, type RouteTarget } from './routes.js';
export { evaluateNsg, DEFAULT_SECURITY_RULES, type NsgEndpoint, type NsgFlow, type NsgResult, type NsgRuleView } from './nsg.js';
export { evaluateFirewallPolicy, fqdnMatchesTarget, type FirewallFlow, type FirewallResult } from './firewall.js';
export {
  evaluateServiceEndpointPolicies,
  serviceEndpointRoutes,
  SERVICE_ENDPOINT_TAGS,
  type PolicyResult,
  type ServiceEndpointRoute,
  type StorageAccountRef,
} from './service-endpoints.js';
export { evaluateServiceFirewall, type Arrival, type ServiceFirewallResult } from './service-firewall.js';
export { internetEgress, azureFirewallAt, type Egress, type EgressResult, type AzureFirewallAt } from './egress.js';
export { expandTags, parseTag, tagCovers, tagRouteRank, type TagName } from './service-tags.js';
export { classifyFqdn, DESTINATION_CLASSES, PAAS_TYPES, type DestinationClass, type PaasKind } from './destinations.js';
export { PRIVATE_LINK_ZONES, privateLinkNameOf, type PrivateLinkZone } from './private-dns-zones.js';
export { FQDN_TAGS, type FqdnTag } from './fqdn-tags.js';
export { buildTarget, type Target } from './target.js';
export { subnetContext, peeringsOf, type SubnetContext, type Peering } from './topology.js';
