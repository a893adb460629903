// The one question: can a host in this subnet open this flow? Resolve the name, pick the route, apply
// the source subnet's NSG, the service endpoint policy, the way out (none / NAT gateway / firewall),
// then the destination's own network rules. The first refusal decides; the trace lists every step.

import type { Cloud } from './cloud.js';
import type { ArmResource, Decider, Destination, ReachOptions, Verdict } from './types.js';
import { buildTarget, type Target } from './target.js';
import { effectiveRoutes, selectRoute, type EffectiveRoute } from './routes.js';
import { evaluateNsg, type NsgResult } from './nsg.js';
import { evaluateServiceEndpointPolicies } from './service-endpoints.js';
import { azureFirewallAt, internetEgress } from './egress.js';
import { evaluateFirewallPolicy } from './firewall.js';
import { evaluateServiceFirewall, type Arrival } from './service-firewall.js';
import { subnetContext, subnetOfIp, type SubnetContext } from './topology.js';
import { props, ref, str } from './props.js';
import { privateEndpointConnections } from './private-endpoints.js';

class Refused {
  constructor(readonly decidedBy: Decider) {}
}

interface Run {
  cloud: Cloud;
  ctx: SubnetContext;
  to: Destination;
  options: ReachOptions;
  trace: string[];
  assumptions: string[];
  permit?: Decider;
}

function absorb(run: Run, r: { trace: string[]; assumptions?: string[] }): void {
  run.trace.push(...r.trace);
  run.assumptions.push(...(r.assumptions ?? []));
}

function nsgDecider(r: NsgResult): Decider | undefined {
  return r.rule ? { kind: 'nsg-rule', id: r.rule.id, detail: `${r.rule.name}: ${r.rule.summary}` } : undefined;
}

function applyNsg(run: Run, r: NsgResult): void {
  absorb(run, r);
  const d = nsgDecider(r);
  if (r.access === 'Deny') throw new Refused(d ?? { kind: 'nsg-rule', detail: 'no rule allows the flow' });
  if (d) run.permit = d;
}

/** Inside the VNet (or a peer): the destination subnet's inbound NSG, then the private endpoint's own gate. */
function deliverPrivately(run: Run, target: Target): void {
  const ip = target.ip ?? '';
  const at = subnetOfIp(run.cloud, ip);
  if (!at) throw new Refused({ kind: 'route', detail: `no subnet in the cloud holds ${ip}` });
  const pe = target.privateEndpoint;
  // NSGs apply to private endpoints only with network policies enabled on their subnet
  // (https://learn.microsoft.com/azure/private-link/disable-private-endpoint-network-policy).
  const policies = str(props(at.subnet), 'privateEndpointNetworkPolicies') ?? 'Disabled';
  if (!pe || policies === 'Enabled' || policies === 'NetworkSecurityGroupEnabled') {
    applyNsg(
      run,
      evaluateNsg(run.cloud, ref(props(at.subnet), 'networkSecurityGroup'), {
        direction: 'Inbound',
        protocol: run.to.protocol,
        source: { prefixes: run.ctx.prefixes, tags: new Set(['virtualnetwork']) },
        destination: { ip, tags: target.tags },
        destinationPort: run.to.port,
      }),
    );
  } else {
    run.trace.push(`nsg inbound: not applied to private endpoint ${pe.name ?? pe.id} (network policies ${policies} on subnet ${at.subnet.name ?? at.subnet.id})`);
  }
  if (pe) {
    const resource = privateEndpointTarget(run.cloud, pe);
    if (resource) return serviceFirewall(run, resource, { via: 'private-endpoint', privateEndpoint: pe });
    // "Only a private endpoint in an approved state can send traffic" (private-endpoint-overview).
    if (!privateEndpointConnections(pe).some((c) => c.status === 'Approved')) {
      throw new Refused({ kind: 'service-firewall', id: pe.id, detail: `private endpoint ${pe.name ?? pe.id} has no approved connection` });
    }
    run.trace.push(`private endpoint ${pe.name ?? pe.id}: connection Approved; its target resource is not in the cloud`);
  }
}

function privateEndpointTarget(cloud: Cloud, pe: ArmResource): ArmResource | undefined {
  return privateEndpointConnections(pe)
    .map((c) => cloud.get(c.targetId))
    .find((r): r is ArmResource => !!r);
}

function serviceFirewall(run: Run, resource: ArmResource, arrival: Arrival): void {
  const r = evaluateServiceFirewall(resource, arrival);
  absorb(run, r);
  if (!r.allowed) throw new Refused(r.decidedBy);
  run.permit = r.decidedBy;
}

/** A public PaaS endpoint: its own firewall when the cloud holds the resource. */
function publicDestination(run: Run, target: Target, arrival: Arrival): void {
  if (!target.paas) return;
  if (target.paas.resource) return serviceFirewall(run, target.paas.resource, arrival);
  run.trace.push(`service firewall: ${target.paas.name ?? target.fqdn ?? 'the resource'} is not in the cloud; its network rules are unknown`);
  run.assumptions.push(`unconfirmed: ${target.paas.name ?? target.fqdn} is outside the cloud; its own firewall is assumed to accept`);
}

function overServiceEndpoint(run: Run, target: Target): void {
  const paas = target.paas;
  if (paas?.kind === 'storage') {
    const name = paas.name ?? target.fqdn ?? '?';
    if (!paas.resource) run.assumptions.push(`unconfirmed: ${name} is outside the cloud; its resource group and subscription are unknown, so only aliases can cover it`);
    const r = evaluateServiceEndpointPolicies(run.cloud, run.ctx.subnet, { id: paas.resource?.id, name, alias: run.options.serviceAliasAccounts?.[name] });
    absorb(run, r);
    if (!r.allowed && r.decidedBy) throw new Refused(r.decidedBy);
    if (r.decidedBy) run.permit = r.decidedBy;
  }
  publicDestination(run, target, { via: 'service-endpoint', subnetId: run.ctx.subnet.id });
}

function overInternet(run: Run, target: Target, route: EffectiveRoute): void {
  const r = internetEgress(run.cloud, run.ctx.subnet);
  absorb(run, r);
  const e = r.egress;
  if (e.kind === 'none') {
    throw new Refused({
      kind: 'no-egress',
      id: run.ctx.subnet.id,
      detail: `subnet ${run.ctx.subnet.name ?? ''} has defaultOutboundAccess false, no NAT gateway and routes ${route.addressPrefix} to ${route.nextHopType}: nothing gives it a public source address`,
    });
  }
  run.permit =
    e.kind === 'nat-gateway'
      ? { kind: 'route', id: e.id, detail: `${route.addressPrefix} → Internet through NAT gateway ${e.id.split('/').pop()}` }
      : { kind: 'route', id: run.ctx.subnet.id, detail: `${route.addressPrefix} → Internet through default outbound access` };
  publicDestination(run, target, { via: 'public', sourceIps: e.kind === 'nat-gateway' ? e.publicIps : [] });
}

function throughAppliance(run: Run, target: Target, route: EffectiveRoute): void {
  const ip = route.nextHopIpAddress ?? '';
  const fw = azureFirewallAt(run.cloud, ip);
  if (!fw) {
    run.assumptions.push(`unconfirmed: next hop ${ip} is not an Azure Firewall in the cloud; what that appliance forwards is not modelled`);
    throw new Refused({ kind: 'route', id: route.id, detail: `${route.addressPrefix} → VirtualAppliance ${ip}, which is no Azure Firewall known to the model` });
  }
  run.trace.push(`firewall: next hop ${ip} is Azure Firewall ${fw.firewall.name ?? fw.firewall.id}`);
  if (!fw.policyId) {
    run.assumptions.push('unconfirmed: classic firewall rule collections (without a firewall policy) are not modelled');
    throw new Refused({ kind: 'firewall-default-deny', id: fw.firewall.id, detail: 'the firewall has no firewall policy; classic rules are not modelled' });
  }
  const r = evaluateFirewallPolicy(run.cloud, fw.policyId, {
    sourcePrefixes: run.ctx.prefixes,
    fqdn: run.to.kind === 'fqdn' ? run.to.address.toLowerCase() : undefined,
    ip: target.ip,
    tags: target.tags,
    protocol: run.to.protocol,
    port: run.to.port,
    region: run.ctx.region,
  });
  absorb(run, r);
  if (r.action === 'Deny') throw new Refused(r.decidedBy);
  run.permit = r.decidedBy;
  if (target.isPublic) publicDestination(run, target, { via: 'public', sourceIps: fw.publicIps });
  else deliverPrivately(run, target);
}

export function reach(cloud: Cloud, fromSubnetId: string, to: Destination, options: ReachOptions = {}): Verdict {
  const own = subnetContext(cloud, fromSubnetId);
  const ctx = options.sourcePrefixes?.length ? { ...own, prefixes: options.sourcePrefixes } : own;
  const run: Run = { cloud, ctx, to, options, trace: [], assumptions: [] };
  run.trace.push(`from subnet ${ctx.subnet.name ?? ctx.subnet.id} (${ctx.prefixes.join(', ')}) of ${ctx.vnet.name ?? ctx.vnet.id} in ${ctx.region} to ${to.address} ${to.protocol}/${to.port}`);
  const verdict = (allowed: boolean, decidedBy: Decider): Verdict => ({ allowed, decidedBy, trace: run.trace, assumptions: [...new Set(run.assumptions)] });
  try {
    const built = buildTarget(cloud, ctx, to, options, run.trace, run.assumptions);
    if (!built.ok) throw new Refused(built.decidedBy);
    const target = built.target;

    const choice = selectRoute(effectiveRoutes(cloud, fromSubnetId), { ip: target.ip, tags: target.tags });
    absorb(run, choice);
    const route = choice.route;
    if (!route) throw new Refused({ kind: 'route', detail: 'no route covers the destination; the packet is dropped' });
    const routeDecider: Decider = { kind: 'route', id: route.id, detail: `${route.addressPrefix} → ${route.nextHopType}${route.nextHopIpAddress ? ` ${route.nextHopIpAddress}` : ''}` };
    if (route.nextHopType === 'None') throw new Refused({ ...routeDecider, detail: `${routeDecider.detail}: traffic is dropped` });
    if (route.nextHopType === 'VirtualNetworkGateway') {
      run.assumptions.push('unconfirmed: what lies behind a virtual network gateway (on-premises) is not modelled');
      throw new Refused({ ...routeDecider, detail: `${routeDecider.detail}: on-premises paths are not modelled` });
    }
    run.permit = routeDecider;

    applyNsg(
      run,
      evaluateNsg(cloud, ref(props(ctx.subnet), 'networkSecurityGroup'), {
        direction: 'Outbound',
        protocol: to.protocol,
        source: { prefixes: ctx.prefixes, tags: new Set(['virtualnetwork']) },
        destination: { ip: target.ip, tags: target.tags },
        destinationPort: to.port,
      }),
    );
    if (route.nextHopType === 'VirtualNetworkServiceEndpoint') overServiceEndpoint(run, target);
    else if (route.nextHopType === 'Internet') overInternet(run, target, route);
    else if (route.nextHopType === 'VirtualAppliance') throughAppliance(run, target, route);
    else deliverPrivately(run, target);
    return verdict(true, run.permit ?? routeDecider);
  } catch (e) {
    if (e instanceof Refused) return verdict(false, e.decidedBy);
    throw e;
  }
}
