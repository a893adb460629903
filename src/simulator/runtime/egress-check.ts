// "Can compute of this kind, placed in this subnet, reach what Microsoft documents as required?" The
// documented lists (src/azure-model/requirements*.ts, each entry with its source) are evaluated with the
// network model over the simulator's records, with the region filled in and each `when` condition decided
// from the cloud the way `secure-aml verify` decides it. Returns the unmet requirements with the verdict
// (decidedBy + trace) that refused each.
import { peeringsOf, reach, subnetContext, type ArmResource, type Cloud, type Destination, type Verdict } from '../../azure-model/network/index.js';
import { requirementsFor, type ComputeKind, type OutboundRequirement, type PlaceholderNames } from '../../azure-model/requirements.js';
import type { CloudState } from '../state.js';
import { cloudView } from './cloud-view.js';

export interface EgressCheckOptions {
  /** The hosts have a public source address of their own (instance-level public IP, the AKS outbound load balancer). */
  ownPublicEgress?: boolean;
  /** AKS: a private cluster (the API server is reached through a private endpoint in the VNet). */
  privateCluster?: boolean;
  names?: PlaceholderNames;
}

export interface UnmetRequirement {
  requirement: OutboundRequirement;
  /** The flow asked about (wildcards made concrete, ANY as Tcp). */
  destination: Destination;
  verdict: Verdict;
}

export interface EgressCheck {
  subnetId: string;
  region: string;
  /** Requirements whose `when` does not hold here, with why. */
  skipped: { requirement: OutboundRequirement; reason: string }[];
  /** Every unmet requirement, in the documented list's order. */
  unmet: UnmetRequirement[];
}

const lc = (s: unknown): string => String(s ?? '').toLowerCase();
const propsOf = (r: ArmResource | undefined): Record<string, unknown> => (r?.properties ?? {}) as Record<string, unknown>;
const refOf = (v: unknown): string | undefined => (v && typeof v === 'object' && typeof (v as { id?: unknown }).id === 'string' ? (v as { id: string }).id : undefined);

/** A concrete host for a wildcard name (`*.data.mcr.microsoft.com` → `probe.data.mcr.microsoft.com`), as verify does. */
const concrete = (fqdn: string): string => (fqdn.startsWith('*.') ? `probe.${fqdn.slice(2)}` : fqdn);

interface Facts {
  hasNsg: boolean;
  firewalls: number;
  privateLinkScope: boolean;
  /** Private endpoint addresses in the subnet's VNet or its peers. */
  endpointIps: string[];
  privateCluster: boolean;
}

function factsFor(cloud: Cloud, subnet: ArmResource, vnet: ArmResource, opts: EgressCheckOptions): Facts {
  const vnets = new Set([lc(vnet.id), ...peeringsOf(cloud, vnet).map((p) => lc(p.remoteVnetId))]);
  const endpointIps: string[] = [];
  for (const pe of cloud.ofType('Microsoft.Network/privateEndpoints')) {
    const peSubnet = refOf(propsOf(pe).subnet);
    if (!peSubnet || !vnets.has(lc(peSubnet.split('/subnets/')[0]))) continue;
    for (const c of (propsOf(pe).customDnsConfigs as { ipAddresses?: string[] }[] | undefined) ?? []) endpointIps.push(...(c.ipAddresses ?? []));
  }
  return {
    hasNsg: !!refOf(propsOf(subnet).networkSecurityGroup),
    firewalls: cloud.ofType('Microsoft.Network/azureFirewalls').length,
    privateLinkScope: cloud.ofType('Microsoft.Insights/privateLinkScopes').length > 0,
    endpointIps,
    privateCluster: opts.privateCluster === true,
  };
}

/** Whether a conditional requirement applies here; a condition not modelled counts as applying (stricter). */
function whenApplies(when: string, f: Facts): { applies: boolean; reason: string } {
  if (/firewall or NSG sits between/i.test(when)) {
    const applies = f.hasNsg || f.firewalls > 0;
    return { applies, reason: applies ? 'an NSG or a firewall is on the path' : 'no NSG on the subnet and no Azure Firewall' };
  }
  if (/not secured behind a private link/i.test(when)) {
    return f.privateLinkScope ? { applies: false, reason: 'an Azure Monitor private link scope exists' } : { applies: true, reason: 'no Azure Monitor private link scope' };
  }
  if (/Private endpoints are present/i.test(when)) {
    return { applies: f.endpointIps.length > 0, reason: `${f.endpointIps.length} private endpoint address(es) in the VNet or its peers` };
  }
  if (/Public cluster|Not a private cluster/i.test(when)) {
    return f.privateCluster ? { applies: false, reason: 'private cluster' } : { applies: true, reason: 'not a private cluster' };
  }
  // Nodes the simulator provisions are new ("isn't required for nodes provisioned after March 2021").
  if (/provisioned before March 2021/i.test(when)) return { applies: false, reason: 'nodes are provisioned now' };
  return { applies: true, reason: 'condition not modelled; counted as applying' };
}

/**
 * The documented outbound of `kind` from `subnetId`, each requirement asked of the network model.
 * `cloud` may be passed when the caller checks several subnets of one state.
 */
export function checkRequiredOutbound(state: CloudState, subnetId: string, kind: ComputeKind, opts: EgressCheckOptions = {}, cloud?: Cloud): EgressCheck {
  const view = cloud ?? cloudView(state, { publicEgressSubnets: opts.ownPublicEgress ? [subnetId] : [] });
  const ctx = subnetContext(view, subnetId);
  const region = ctx.region;
  const facts = factsFor(view, ctx.subnet, ctx.vnet, opts);
  const out: EgressCheck = { subnetId: ctx.subnet.id, region, skipped: [], unmet: [] };
  for (const req of requirementsFor(kind, region, opts.names ?? {})) {
    // An Azure Firewall FQDN tag stands for the FQDN entries listed beside it, which are checked one by one.
    if (req.kind === 'fqdnTag') {
      out.skipped.push({ requirement: req, reason: 'FQDN tag: its FQDNs are checked as their own requirements' });
      continue;
    }
    if (req.when) {
      const w = whenApplies(req.when, facts);
      if (!w.applies) {
        out.skipped.push({ requirement: req, reason: w.reason });
        continue;
      }
    }
    const protocol = req.protocol === 'Any' ? 'Tcp' : req.protocol;
    let destination: Destination;
    if (req.kind === 'serviceTag' && lc(req.destination) === 'virtualnetwork') {
      // The requirement is about the private endpoints in the VNet: asked of one of their addresses.
      const ip = facts.endpointIps[0];
      if (!ip) {
        out.skipped.push({ requirement: req, reason: 'no private endpoint address to check against' });
        continue;
      }
      destination = { address: ip, kind: 'ip', port: req.port, protocol };
    } else {
      destination = { address: concrete(req.destination), kind: req.kind, port: req.port, protocol };
    }
    const verdict = reach(view, subnetId, destination, { assumeRegion: region });
    if (!verdict.allowed) out.unmet.push({ requirement: req, destination, verdict });
  }
  return out;
}

/** One line naming the blocked flow and what blocked it (for error messages). */
export function describeUnmet(u: UnmetRequirement): string {
  const r = u.requirement;
  return `${r.destination} ${r.protocol}/${r.port} is not reachable: ${u.verdict.decidedBy.kind}: ${u.verdict.decidedBy.detail} (required by ${r.source})`;
}
