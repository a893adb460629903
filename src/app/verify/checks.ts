// verify, step 2: the matrix. Each row asks the models one question about the environment as read
// back — can this subnet open this flow (network/reach), what does this name resolve to (network/dns),
// does this public endpoint accept the internet (network/service-firewall), may this person do this
// (rbac/can) — and says what it expected, what holds, what decided it and what to change.
import { createHash } from 'node:crypto';
import {
  buildTarget,
  evaluateNsg,
  evaluateServiceFirewall,
  FQDN_TAGS,
  reach,
  resolve,
  subnetContext,
  type ArmResource,
  type Cloud,
  type Decider,
  type Destination,
  type Verdict,
} from '../../azure-model/network/index.js';
import type { RbacModel } from '../../azure-model/rbac.js';
import { EXTENSION_TRAINING_ONLY, requirementsFor, type ComputeKind, type OutboundRequirement, type PlaceholderNames } from '../../azure-model/requirements.js';
import { rgId, type StepEnv } from '../../../steps/env.js';
import { jumpboxComputeKind, withheldOutbound } from '../../../steps/support/egress-data.js';
import { accessRows } from './access.js';
import { attachRows, azuremlExtensionOf } from './attach.js';
import { managedRows, managedWorkspace } from './managed.js';
import { personaRows } from './personas.js';

export type Section = 'required' | 'exfiltration' | 'personas';
export type CheckKind = 'required-outbound' | 'private-endpoint' | 'aks-attach' | 'access' | 'exfiltration' | 'exfiltration-nsg' | 'public-endpoint' | 'persona' | 'diagnose';

/** Every kind, its section and what it holds (the SARIF rules). */
export const CHECK_KINDS: Record<CheckKind, { section: Section; title: string; description: string }> = {
  'required-outbound': { section: 'required', title: 'Required outbound flow is blocked', description: 'Compute in this subnet must reach what Microsoft documents as required for it (requirementsFor), through the subnet\'s routes, NSG, egress and firewall.' },
  'private-endpoint': { section: 'required', title: 'Private endpoint FQDN does not resolve privately or is blocked', description: 'The workspace, storage, vault and registry FQDNs of the private endpoints must resolve to their private IPs from the VNet and be reachable on 443.' },
  access: { section: 'required', title: 'People\'s access route is blocked or open to the internet', description: 'access.mode bastion: Bastion (Standard, tunnelling) reaches the jumpbox on its sign-in port, the jumpbox has no public IP and reaches the studio; vpn: the gateway offers OpenVPN with Entra ID, clients reach the DNS resolver and, through it, every private endpoint name privately.' },
  'aks-attach': { section: 'required', title: 'Scoring cluster attachment Azure refuses', description: 'A v1 AKS attach fetches static credentials, which AKS refuses when local accounts are disabled; the Azure ML extension with a Kubernetes compute is the supported way.' },
  exfiltration: { section: 'exfiltration', title: 'Exfiltration path is open', description: 'A foreign storage account (blob, table or queue), an arbitrary internet host, Docker Hub, a foreign registry, another tenant\'s Log Analytics or a foreign Data Explorer cluster must not be reachable from compute.' },
  'exfiltration-nsg': { section: 'exfiltration', title: 'NSG allows internet outbound', description: 'The subnet\'s NSG itself must deny plain internet destinations (defence in depth: not only the missing way out).' },
  'public-endpoint': { section: 'exfiltration', title: 'Public endpoint accepts the internet', description: 'The environment\'s own storage, vault, registry and workspace must refuse traffic arriving on their public endpoints.' },
  diagnose: { section: 'required', title: 'Workspace diagnose reports an error', description: "Azure ML's own diagnosis of the workspace (POST .../diagnose): routes, NSG rules, DNS resolution of its private endpoints and its storage, vault and registry. Errors fail; warnings are notes." },
  persona: { section: 'personas', title: 'Role grants or lacks a permission against the least-privilege design', description: 'Data scientists may not manage compute, the workspace, its private endpoints or role assignments; super users may create compute but not assign Owner; IT admins may do all of it.' },
};

export interface Row {
  section: Section;
  kind: CheckKind;
  subject: string;
  /** The subnet, principal or resource the row is about. */
  subjectId?: string;
  target: string;
  expected: 'allowed' | 'blocked';
  actual: 'allowed' | 'blocked';
  ok: boolean;
  /** The route, rule, role or record that decided. */
  decidedBy: string;
  decidedById?: string;
  /** What to change (empty when the row holds). */
  fix: string;
  /** How the row was evaluated, where that needs saying (substitutions, conservative choices). */
  note?: string;
  assumptions?: string[];
}

export interface Skipped {
  subject: string;
  target: string;
  when: string;
  reason: string;
}

export interface Matrix {
  rows: Row[];
  skipped: Skipped[];
}

export interface MatrixInput {
  env: StepEnv;
  cloud: Cloud;
  rbac: RbacModel;
}

const lc = (s: string | undefined) => (s ?? '').toLowerCase();
const nameOf = (id: string | undefined) => (id ?? '').split('/').pop() ?? '';
const propsOf = (r: ArmResource | undefined): Record<string, unknown> => (r?.properties ?? {}) as Record<string, unknown>;
const objsOf = (v: unknown): Record<string, unknown>[] => (Array.isArray(v) ? v.filter((x): x is Record<string, unknown> => !!x && typeof x === 'object') : []);
const refOf = (v: unknown): string | undefined => (v && typeof v === 'object' && typeof (v as { id?: unknown }).id === 'string' ? (v as { id: string }).id : undefined);

/** A concrete host for a wildcard name (`*.data.mcr.microsoft.com` → `probe.data.mcr.microsoft.com`). */
function concrete(fqdn: string): string {
  return fqdn.startsWith('*.') ? `probe.${fqdn.slice(2)}` : fqdn;
}

function flowText(d: Destination): string {
  return `${d.address} ${d.protocol}/${d.port}`;
}

function deciderText(d: Decider): string {
  return `${d.kind}: ${d.detail}`;
}

// ---------------------------------------------------------------------------------------------------
// Fixes

interface Where {
  subnet: ArmResource;
  nsgName: string;
}

function fixForBlocked(v: Verdict, where: Where, what: string): string {
  const d = v.decidedBy;
  const subnet = where.subnet.name ?? nameOf(where.subnet.id);
  switch (d.kind) {
    case 'no-egress':
      return `give ${subnet} a way out for ${what}: a NAT gateway on the subnet, or a 0.0.0.0/0 route to a hub Azure Firewall that allows it`;
    case 'nsg-rule':
      return `add an outbound rule on ${where.nsgName} allowing ${what} at a priority below ${d.detail.split(':')[0]}`;
    case 'firewall-rule':
    case 'firewall-default-deny':
      return `add a firewall policy rule allowing ${what} from ${subnet} (${d.detail})`;
    case 'service-endpoint-policy':
      return `add the destination to the service endpoint policy on ${subnet}, or reach it through a private endpoint`;
    case 'dns':
      return `make the name resolve from the VNet: link its private DNS zone to the VNet and add the record (the private endpoint's DNS zone group does both)`;
    case 'service-firewall':
      return `approve the private endpoint connection or admit ${subnet} on ${nameOf(d.id)}'s network rules`;
    case 'route':
    default:
      return `fix the route for ${what} from ${subnet}: ${d.detail}`;
  }
}

function fixForAllowed(v: Verdict, where: Where, what: string): string {
  const d = v.decidedBy;
  const subnet = where.subnet.name ?? nameOf(where.subnet.id);
  switch (d.kind) {
    case 'nsg-rule':
      return `remove or narrow NSG rule ${nameOf(d.id)} on ${where.nsgName}: it lets ${subnet} reach ${what}`;
    case 'service-endpoint-policy':
      return `remove the definition that admits ${what} from the service endpoint policy on ${subnet}`;
    case 'firewall-rule':
      return `remove or narrow the firewall rule that allows ${what} (${d.detail})`;
    case 'service-firewall':
      return `set publicNetworkAccess Disabled and the default network action Deny on ${nameOf(d.id)}`;
    case 'route':
      return `${subnet} reaches the internet (${d.detail}): send 0.0.0.0/0 to an Azure Firewall that denies ${what}, or remove the NAT gateway and set defaultOutboundAccess false`;
    default:
      return `block ${what} from ${subnet} (${deciderText(d)})`;
  }
}

// ---------------------------------------------------------------------------------------------------
// Facts the documentation's conditions ("when") depend on

interface Facts {
  hasNsg: boolean;
  firewalls: ArmResource[];
  privateLinkScope: boolean;
  privateEndpoints: number;
  aksPrivate: boolean | undefined;
  /** The Azure ML extension's enableTraining setting, when the cluster has the extension. */
  extensionTraining: boolean | undefined;
}

function factsFor(cloud: Cloud, subnet: ArmResource): Facts {
  const aks = cloud.ofType('Microsoft.ContainerService/managedClusters')[0];
  const api = propsOf(aks).apiServerAccessProfile as Record<string, unknown> | undefined;
  const ext = aks ? azuremlExtensionOf(cloud, aks.id) : undefined;
  const settings = (propsOf(ext).configurationSettings ?? {}) as Record<string, unknown>;
  return {
    extensionTraining: ext ? String(settings.enableTraining ?? '').toLowerCase() === 'true' : undefined,
    hasNsg: !!refOf(propsOf(subnet).networkSecurityGroup),
    firewalls: cloud.ofType('Microsoft.Network/azureFirewalls'),
    privateLinkScope: cloud.ofType('Microsoft.Insights/privateLinkScopes').length > 0,
    privateEndpoints: cloud.ofType('Microsoft.Network/privateEndpoints').length,
    aksPrivate: aks ? api?.enablePrivateCluster === true : undefined,
  };
}

/** Whether a conditional requirement applies here; unknown conditions count as applying (conservative). */
function whenApplies(when: string, f: Facts): { applies: boolean; reason: string } {
  if (/firewall or NSG sits between/i.test(when)) {
    const applies = f.hasNsg || f.firewalls.length > 0;
    return { applies, reason: applies ? 'the subnet has an NSG' : 'no NSG and no firewall on the path' };
  }
  if (/not secured behind a private link/i.test(when)) {
    return f.privateLinkScope ? { applies: false, reason: 'an Azure Monitor private link scope exists' } : { applies: true, reason: 'no Azure Monitor private link scope exists' };
  }
  if (/Private endpoints are present/i.test(when)) {
    return { applies: f.privateEndpoints > 0, reason: `${f.privateEndpoints} private endpoint(s) in the environment` };
  }
  if (/Public cluster|Not a private cluster/i.test(when)) {
    if (f.aksPrivate === undefined) return { applies: true, reason: 'no AKS cluster read back; counted as applying' };
    return f.aksPrivate ? { applies: false, reason: 'the AKS cluster is private (apiServerAccessProfile.enablePrivateCluster true)' } : { applies: true, reason: 'the AKS cluster is not private' };
  }
  if (when === EXTENSION_TRAINING_ONLY) {
    if (f.extensionTraining === undefined) return { applies: true, reason: 'no Azure ML extension read back; counted as applying' };
    return f.extensionTraining ? { applies: true, reason: 'the Azure ML extension has enableTraining True' } : { applies: false, reason: 'the Azure ML extension serves inference only (enableTraining False)' };
  }
  if (/provisioned before March 2021/i.test(when)) {
    return { applies: false, reason: 'the cluster\'s nodes are provisioned by secure-aml now, long after March 2021' };
  }
  return { applies: true, reason: 'condition not modelled; counted as applying' };
}

// ---------------------------------------------------------------------------------------------------
// Network rows

interface ComputeSubnet {
  subnet: ArmResource;
  label: string;
  /** Whose documented lists apply: the scoring subnet carries AKS's and, with it installed, the Azure ML extension's. */
  computes: ComputeKind[];
  nsgName: string;
}

/** Names for the extension's placeholders: the workspace's own registry and storage account, and its workspace id. */
function placeholderNames(cloud: Cloud): PlaceholderNames {
  const ws = cloud.ofType('Microsoft.MachineLearningServices/workspaces')[0];
  const p = propsOf(ws);
  const name = (v: unknown) => (typeof v === 'string' && v ? nameOf(v) : undefined);
  return {
    ...(name(p.containerRegistry) ? { acr: name(p.containerRegistry) } : {}),
    ...(name(p.storageAccount) ? { storage: name(p.storageAccount) } : {}),
    ...(typeof p.workspaceId === 'string' ? { workspaceId: p.workspaceId } : {}),
  };
}

function computeSubnets(input: MatrixInput, rows: Row[], managedNetwork: boolean): ComputeSubnet[] {
  const { env, cloud } = input;
  const wanted: { key: string; compute: ComputeKind }[] = managedNetwork ? [] : [{ key: 'training', compute: 'amlCompute' }];
  if (env.config.aks?.enabled) wanted.push({ key: 'scoring', compute: 'aks' });
  // The jumpbox (access.mode bastion): its sign-in extension's list, the private names, and no way out for data.
  if (env.config.access?.mode === 'bastion') wanted.push({ key: 'jumpbox', compute: jumpboxComputeKind(env.config.access.jumpbox.os) });
  const all = cloud.ofType('Microsoft.Network/virtualNetworks/subnets');
  const out: ComputeSubnet[] = [];
  for (const w of wanted) {
    const name = env.names[`subnet:${w.key}`];
    const subnet = all.find((s) => lc(s.name ?? nameOf(s.id)) === lc(name));
    if (!subnet) {
      rows.push({
        section: 'required', kind: 'required-outbound', subject: name ?? w.key, target: `${w.compute} requirements`, expected: 'allowed', actual: 'blocked', ok: false,
        decidedBy: `subnet ${name} is not in the environment's VNet as read back`, fix: `run secure-aml apply to recreate ${name}`,
      });
      continue;
    }
    const aks = cloud.ofType('Microsoft.ContainerService/managedClusters')[0];
    const computes: ComputeKind[] = w.compute === 'aks' && aks && azuremlExtensionOf(cloud, aks.id) ? ['aks', 'azuremlExtension'] : [w.compute];
    out.push({ subnet, label: subnet.name ?? name, computes, nsgName: nameOf(refOf(propsOf(subnet).networkSecurityGroup)) || '(no NSG)' });
  }
  return out;
}

function verdictRow(base: Pick<Row, 'section' | 'kind' | 'subject' | 'subjectId' | 'target' | 'expected'>, v: Verdict, fix: () => string, note?: string): Row {
  const actual = v.allowed ? 'allowed' : 'blocked';
  const ok = actual === base.expected;
  return {
    ...base, actual, ok,
    decidedBy: deciderText(v.decidedBy), decidedById: v.decidedBy.id,
    fix: ok ? '' : fix(),
    ...(note ? { note } : {}),
    ...(v.assumptions.length ? { assumptions: v.assumptions } : {}),
  };
}

function fqdnTagRow(input: MatrixInput, cs: ComputeSubnet, req: OutboundRequirement, region: string, facts: Facts): Row {
  const { cloud } = input;
  const base = { section: 'required' as const, kind: 'required-outbound' as const, subject: cs.label, subjectId: cs.subnet.id, target: `FQDN tag ${req.destination} Tcp/${req.port}`, expected: 'allowed' as const };
  const tag = FQDN_TAGS.find((t) => lc(t.tag) === lc(req.destination));
  const fqdns = (tag?.fqdns ?? []).map((f) => f.replace('{region}', region));
  /** The first of the tag's FQDNs the subnet cannot reach through its own routes, NSG and way out. */
  const unreachable = (note: string): Row | undefined => {
    for (const f of fqdns) {
      const d: Destination = { address: concrete(f), kind: 'fqdn', port: 443, protocol: 'Tcp' };
      const v = reach(cloud, cs.subnet.id, d, { assumeRegion: region });
      if (!v.allowed) return { ...verdictRow(base, v, () => fixForBlocked(v, cs, `the ${req.destination} FQDNs`), note), decidedBy: `${f}: ${deciderText(v.decidedBy)}` };
    }
    return undefined;
  };
  if (facts.firewalls.length > 0) {
    for (const group of cloud.ofType('Microsoft.Network/firewallPolicies/ruleCollectionGroups')) {
      for (const coll of objsOf(propsOf(group).ruleCollections)) {
        for (const rule of objsOf(coll.rules)) {
          const tags = Array.isArray(rule.fqdnTags) ? (rule.fqdnTags as unknown[]).map((t) => lc(String(t))) : [];
          if (tags.includes(lc(req.destination))) {
            // A rule naming the tag helps only if the subnet's traffic gets to the firewall (its route
            // table may be gone): each of the tag's FQDNs is also checked through the subnet's own path.
            const note = `a firewall exists: checked that an application rule references the tag and that ${cs.label} reaches each of its ${fqdns.length} FQDNs`;
            return unreachable(note) ?? { ...base, actual: 'allowed', ok: true, decidedBy: `firewall-rule: ${String(rule.name)} in ${String(coll.name)} of ${group.name ?? nameOf(group.id)} names the tag`, decidedById: group.id, fix: '', note };
          }
        }
      }
    }
    return {
      ...base, actual: 'blocked', ok: false, decidedBy: 'firewall-default-deny: no application rule of any firewall policy names the tag',
      fix: `add an application rule with FQDN tag ${req.destination} (https, 443) for ${cs.label}'s prefix to the firewall policy`,
    };
  }
  const note = `no Azure Firewall in the environment: the tag stands for its ${fqdns.length} FQDNs, each checked through ${cs.label}'s own way out; conservative: all must be allowed`;
  return unreachable(note) ?? { ...base, actual: 'allowed', ok: true, decidedBy: fqdns.length ? `all ${fqdns.length} FQDNs of the tag are reachable` : 'the model lists no FQDNs for this tag', fix: '', note };
}

function requiredRows(input: MatrixInput, cs: ComputeSubnet, region: string, rows: Row[], skipped: Skipped[]): void {
  const facts = factsFor(input.cloud, cs.subnet);
  const names = placeholderNames(input.cloud);
  const seen = new Set<string>();
  for (const req of cs.computes.flatMap((c) => requirementsFor(c, region, names))) {
    const target = `${req.destination} ${req.protocol}/${req.port}`;
    // The extension's list repeats some of AKS's (MCR): one row each (a skipped entry does not count).
    if (seen.has(`${req.kind}|${lc(target)}`)) continue;
    const withheld = withheldOutbound(req);
    if (withheld) {
      skipped.push({ subject: cs.label, target, when: 'withheld by secure-aml', reason: `${withheld.reason} (${withheld.source})` });
      continue;
    }
    if (req.when && req.kind !== 'fqdnTag') {
      const w = whenApplies(req.when, facts);
      if (!w.applies) {
        skipped.push({ subject: cs.label, target, when: req.when, reason: w.reason });
        continue;
      }
    }
    seen.add(`${req.kind}|${lc(target)}`);
    if (req.kind === 'fqdnTag') {
      rows.push(fqdnTagRow(input, cs, req, region, facts));
      continue;
    }
    const notes: string[] = [];
    if (req.kind === 'serviceTag' && lc(req.destination) === 'virtualnetwork') {
      // The model routes a bare tag with no address like any public tag; the requirement is about
      // the private endpoints in the VNet, so it is checked against one of their addresses.
      const ip = endpointNames(input.cloud)[0]?.ip;
      if (!ip) {
        skipped.push({ subject: cs.label, target, when: req.when ?? '', reason: 'no private endpoint address to check against' });
        continue;
      }
      const d: Destination = { address: ip, kind: 'ip', port: req.port, protocol: req.protocol === 'Any' ? 'Tcp' : req.protocol };
      const v = reach(input.cloud, cs.subnet.id, d);
      rows.push(verdictRow(
        { section: 'required', kind: 'required-outbound', subject: cs.label, subjectId: cs.subnet.id, target: `VirtualNetwork ${d.protocol}/${d.port} (${ip})`, expected: 'allowed' },
        v, () => fixForBlocked(v, cs, `VirtualNetwork ${d.protocol}/${d.port}`), `the VirtualNetwork tag checked as private endpoint address ${ip}`,
      ));
      continue;
    }
    const address = concrete(req.destination);
    if (address !== req.destination) notes.push(`wildcard ${req.destination} checked as ${address}`);
    const protocol = req.protocol === 'Any' ? 'Tcp' : req.protocol;
    if (req.protocol === 'Any') notes.push('the documentation says ANY; checked as Tcp (HTTPS)');
    const d: Destination = { address, kind: req.kind, port: req.port, protocol };
    const v = reach(input.cloud, cs.subnet.id, d, { assumeRegion: region });
    rows.push(verdictRow(
      { section: 'required', kind: 'required-outbound', subject: cs.label, subjectId: cs.subnet.id, target: flowText({ ...d, address: req.destination }), expected: 'allowed' },
      v, () => fixForBlocked(v, cs, `${req.destination} ${protocol}/${req.port}`), notes.join('; ') || undefined,
    ));
  }
}

/** The private endpoints of the workspace, its storage, vault and registry, with their FQDNs and IPs. */
function endpointNames(cloud: Cloud): { pe: ArmResource; fqdn: string; ip: string }[] {
  const owned = new Set(
    ['Microsoft.MachineLearningServices/workspaces', 'Microsoft.Storage/storageAccounts', 'Microsoft.KeyVault/vaults', 'Microsoft.ContainerRegistry/registries']
      .flatMap((t) => cloud.ofType(t).map((r) => lc(r.id))),
  );
  const out: { pe: ArmResource; fqdn: string; ip: string }[] = [];
  for (const pe of cloud.ofType('Microsoft.Network/privateEndpoints')) {
    const p = propsOf(pe);
    const targets = [...objsOf(p.privateLinkServiceConnections), ...objsOf(p.manualPrivateLinkServiceConnections)]
      .map((c) => lc(String(propsOf(c as ArmResource).privateLinkServiceId ?? c.privateLinkServiceId ?? '')));
    if (!targets.some((t) => owned.has(t))) continue;
    for (const c of objsOf(p.customDnsConfigs)) {
      const ip = Array.isArray(c.ipAddresses) ? String(c.ipAddresses[0] ?? '') : '';
      if (typeof c.fqdn === 'string' && ip) out.push({ pe, fqdn: c.fqdn, ip });
    }
  }
  return out;
}

function privateEndpointRows(input: MatrixInput, cs: ComputeSubnet, rows: Row[]): void {
  const vnetId = cs.subnet.id.split('/subnets/')[0];
  for (const { pe, fqdn, ip } of endpointNames(input.cloud)) {
    const host = concrete(fqdn);
    const base = { section: 'required' as const, kind: 'private-endpoint' as const, subject: cs.label, subjectId: cs.subnet.id, target: `${fqdn} → ${ip} Tcp/443`, expected: 'allowed' as const };
    const note = host !== fqdn ? `wildcard checked as ${host}` : undefined;
    const r = resolve(input.cloud, vnetId, host);
    if (r.answer.kind !== 'private' || r.answer.ip !== ip) {
      const got = r.answer.kind === 'private' ? `A ${r.answer.ip}` : r.answer.kind === 'public' ? 'its public address' : 'NXDOMAIN';
      rows.push({
        ...base, actual: 'blocked', ok: false, decidedBy: `dns: ${host} resolves to ${got}, not ${ip} (${r.chain.join(' → ')})`,
        decidedById: r.answer.kind === 'nxdomain' ? r.answer.zoneId || undefined : undefined,
        fix: `add an A record ${fqdn} → ${ip} in the privatelink zone linked to the VNet (restore ${pe.name ?? nameOf(pe.id)}'s DNS zone group)`,
        ...(note ? { note } : {}),
      });
      continue;
    }
    const v = reach(input.cloud, cs.subnet.id, { address: host, kind: 'fqdn', port: 443, protocol: 'Tcp' });
    const row = verdictRow(base, v, () => fixForBlocked(v, cs, `${fqdn} 443`), note);
    rows.push({ ...row, decidedBy: `dns A ${ip} (${nameOf(r.answer.zoneId)}); ${row.decidedBy}` });
  }
}

function storageProbeName(env: StepEnv): string {
  // Deterministic, not the environment's own: the same probe every run, so JSON diffs are stable.
  const h = createHash('sha256').update(`exfil|${rgId(env)}`).digest('hex').slice(0, 10);
  return `stexfil${h}`;
}

/** The exfiltration probes: a foreign storage account (blob, table, queue), an internet host, Docker Hub, a foreign registry, another tenant's Log Analytics, a foreign Kusto cluster. */
function exfiltrationProbes(input: MatrixInput): { address: string; what: string }[] {
  const { cloud, env } = input;
  let probe = storageProbeName(env);
  const accounts = new Set(cloud.ofType('Microsoft.Storage/storageAccounts').map((a) => lc(a.name)));
  while (accounts.has(probe)) probe = `${probe.slice(0, 23)}x`.slice(-24);
  const laIds = new Set(cloud.ofType('Microsoft.OperationalInsights/workspaces').map((w) => lc(String(propsOf(w).customerId ?? ''))));
  const foreignLa = laIds.has('0b2f6e1d-7c4a-4e59-a3b8-1f2e3d4c5b6a') ? '1c3a7f2e-8d5b-4f6a-b4c9-2a3f4e5d6c7b' : '0b2f6e1d-7c4a-4e59-a3b8-1f2e3d4c5b6a';
  const probes: { address: string; what: string }[] = [
    { address: `${probe}.blob.core.windows.net`, what: 'a storage account that is not the workspace\'s' },
    { address: 'example.com', what: 'an arbitrary internet host' },
    { address: 'registry-1.docker.io', what: 'Docker Hub' },
    { address: 'foreignregistry.azurecr.io', what: 'a foreign container registry' },
    { address: `${foreignLa}.ods.opinsights.azure.com`, what: 'another tenant\'s Log Analytics' },
    // The Azure ML extension's documented log upload (withheld): any account's tables and queues, any Data Explorer cluster.
    { address: `${probe}.table.core.windows.net`, what: 'a foreign storage account\'s table endpoint' },
    { address: `${probe}.queue.core.windows.net`, what: 'a foreign storage account\'s queue endpoint' },
    { address: `exfilprobe.${lc(env.config.location)}.kusto.windows.net`, what: 'a foreign Data Explorer (Kusto) cluster' },
  ];
  return probes;
}

function exfiltrationRows(input: MatrixInput, cs: ComputeSubnet, region: string, rows: Row[]): void {
  const { cloud } = input;
  const ctx = subnetContext(cloud, cs.subnet.id);
  for (const p of exfiltrationProbes(input)) {
    const d: Destination = { address: p.address, kind: 'fqdn', port: 443, protocol: 'Tcp' };
    const v = reach(cloud, cs.subnet.id, d, { assumeRegion: region });
    rows.push(verdictRow(
      { section: 'exfiltration', kind: 'exfiltration', subject: cs.label, subjectId: cs.subnet.id, target: flowText(d), expected: 'blocked' },
      v, () => fixForAllowed(v, cs, p.address), p.what,
    ));
    // Defence in depth: a plain internet destination must be denied by the NSG itself, not only by the
    // missing way out (which a NAT gateway added tomorrow removes).
    const built = buildTarget(cloud, ctx, d, { assumeRegion: region }, [], []);
    if (!built.ok || !built.target.isPublic || [...built.target.tags].some((t) => t !== 'internet')) continue;
    const nsgId = refOf(propsOf(cs.subnet).networkSecurityGroup);
    const n = evaluateNsg(cloud, nsgId, {
      direction: 'Outbound', protocol: 'Tcp', source: { prefixes: ctx.prefixes, tags: new Set(['virtualnetwork']) },
      destination: { ip: built.target.ip, tags: built.target.tags }, destinationPort: 443,
    });
    const allowed = n.access === 'Allow';
    rows.push({
      section: 'exfiltration', kind: 'exfiltration-nsg', subject: cs.label, subjectId: cs.subnet.id, target: `${p.address} Tcp/443 (NSG only)`,
      expected: 'blocked', actual: allowed ? 'allowed' : 'blocked', ok: !allowed,
      decidedBy: n.rule ? `nsg-rule: ${cs.nsgName}/${n.rule.name}: ${n.rule.summary}` : `nsg-rule: ${n.trace.join('; ')}`,
      decidedById: n.rule?.id ?? nsgId,
      fix: !allowed ? '' : n.rule
        ? `remove or narrow NSG rule ${n.rule.name} on ${cs.nsgName}: it allows Internet outbound from ${cs.label}; the baseline denies it (DenyAllOutbound 4096)`
        : `associate an NSG that denies Internet outbound with ${cs.label}`,
      note: 'the NSG alone, as if the subnet had a way out',
    });
  }
}

function publicEndpointRows(input: MatrixInput, region: string, rows: Row[]): void {
  const { cloud } = input;
  const endpoints: { type: string; label: string; fqdn: (r: ArmResource) => string }[] = [
    { type: 'Microsoft.Storage/storageAccounts', label: 'storage account', fqdn: (r) => `${r.name}.blob.core.windows.net` },
    { type: 'Microsoft.KeyVault/vaults', label: 'key vault', fqdn: (r) => `${r.name}.vault.azure.net` },
    { type: 'Microsoft.ContainerRegistry/registries', label: 'container registry', fqdn: (r) => `${r.name}.azurecr.io` },
    { type: 'Microsoft.MachineLearningServices/workspaces', label: 'workspace', fqdn: (r) => `${String(propsOf(r).workspaceId ?? r.name)}.workspace.${lc(r.location ?? region)}.api.azureml.ms` },
  ];
  for (const e of endpoints) {
    for (const r of cloud.ofType(e.type)) {
      const f = evaluateServiceFirewall(r, { via: 'public', sourceIps: [] });
      const ok = !f.allowed;
      const name = r.name ?? nameOf(r.id);
      const setting = e.type === 'Microsoft.ContainerRegistry/registries'
        ? 'publicNetworkAccess Disabled (and networkRuleSet.defaultAction Deny)'
        : e.type === 'Microsoft.MachineLearningServices/workspaces' ? 'publicNetworkAccess Disabled' : 'publicNetworkAccess Disabled and networkAcls.defaultAction Deny';
      rows.push({
        section: 'exfiltration', kind: 'public-endpoint', subject: 'internet (outside the VNet)', subjectId: r.id,
        target: `${e.fqdn(r)} Tcp/443 (public endpoint of ${e.label} ${name})`, expected: 'blocked', actual: f.allowed ? 'allowed' : 'blocked', ok,
        decidedBy: deciderText(f.decidedBy), decidedById: r.id,
        fix: ok ? '' : `set ${setting} on ${e.label} ${name}: its public endpoint accepts traffic from anywhere`,
        note: 'public DNS answer, arriving from an arbitrary internet address (IP rules not counted)',
        ...(f.assumptions.length ? { assumptions: f.assumptions } : {}),
      });
    }
  }
}

export function buildMatrix(input: MatrixInput): Matrix {
  const rows: Row[] = [];
  const skipped: Skipped[] = [];
  const vnet = input.cloud.ofType('Microsoft.Network/virtualNetworks')[0];
  const region = lc(vnet?.location ?? input.env.config.location).replace(/\s+/g, '');
  // egress "managed": compute lives in the workspace's managed VNet; its outbound rules decide.
  const managed = managedWorkspace(input);
  if (managed) managedRows(input, managed, exfiltrationProbes(input), region, rows, skipped);
  const subnets = computeSubnets(input, rows, !!managed);
  for (const cs of subnets) {
    requiredRows(input, cs, region, rows, skipped);
    privateEndpointRows(input, cs, rows);
  }
  rows.push(...attachRows(input.cloud));
  rows.push(...accessRows(input.cloud, input.env, region, endpointNames(input.cloud)));
  for (const cs of subnets) exfiltrationRows(input, cs, region, rows);
  publicEndpointRows(input, region, rows);
  personaRows(input, rows);
  const order: Section[] = ['required', 'exfiltration', 'personas'];
  rows.sort((a, b) => order.indexOf(a.section) - order.indexOf(b.section));
  return { rows, skipped };
}
