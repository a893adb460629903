// verify, step 1: read the environment back through ARM, complete enough for the network and RBAC
// models. The resource group listing gives the top-level resources (each then read by id at the
// api-version its type is written at, so properties are complete); the children the models need and a
// group listing never returns are listed through their parents: private DNS record sets and virtual
// network links, firewall policy rule collection groups, role definitions at the group's scope and the
// role assignments at the group and below, DNS resolver inbound endpoints.
import type { GenericResource } from '@azure/arm-resources';
import { isNotFound } from '../../azure/arm-error.js';
import { armRequest } from '../../azure/raw.js';
import { cloudOf, type ArmResource, type Cloud } from '../../azure-model/network/index.js';
import { rbacModelOf, type RbacModel } from '../../azure-model/rbac.js';
import { rgId, type StepEnv } from '../../../steps/env.js';
import { apiVersionForType, typeOfId } from '../../../steps/support/ids.js';

export interface Collected {
  resources: ArmResource[];
  cloud: Cloud;
  rbac: RbacModel;
  /** ARM reads made (for the report). */
  reads: number;
}

/** Keys of an ARM envelope; everything else an SDK flattens goes back under `properties`. */
const ENVELOPE = new Set(['id', 'name', 'type', 'location', 'tags', 'etag', 'sku', 'identity', 'kind', 'systemData', 'zones', 'managedBy', 'plan', 'extendedLocation']);

/** An SDK model (flattened properties) as the ARM GET body the models read. */
export function armShape(o: object, fallbackType: string): ArmResource {
  const src = o as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  const properties: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(src)) {
    if (v === undefined) continue;
    if (ENVELOPE.has(k)) out[k] = v;
    else properties[k] = v;
  }
  const id = String(src.id ?? '');
  return { ...out, id, name: typeof src.name === 'string' ? src.name : id.split('/').pop() ?? '', type: typeof src.type === 'string' ? src.type : fallbackType, properties } as ArmResource;
}

async function listAll<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

/** Not found (a group deleted meanwhile) reads as nothing; anything else is raised. */
async function orEmpty<T>(p: Promise<T[]>): Promise<T[]> {
  try {
    return await p;
  } catch (e) {
    if (isNotFound(e)) return [];
    throw e;
  }
}

export async function collect(env: StepEnv): Promise<Collected> {
  const rg = env.names.resourceGroup;
  const scope = rgId(env);
  let reads = 0;
  const generic = (await env.clients.resources()).resources;

  reads += 1;
  const listed = await orEmpty(listAll(generic.listByResourceGroup(rg)));
  const top = (
    await Promise.all(
      listed.map(async (l): Promise<ArmResource | undefined> => {
        if (!l.id) return undefined;
        const type = l.type ?? typeOfId(l.id);
        const api = apiVersionForType(type);
        if (!api) return undefined;
        try {
          reads += 1;
          const r = (await generic.getById(l.id, api)) as GenericResource & { type?: string };
          return { ...(r as object), id: r.id ?? l.id, name: r.name ?? l.id.split('/').pop() ?? '', type: r.type ?? type } as ArmResource;
        } catch (e) {
          if (isNotFound(e)) return undefined;
          throw e;
        }
      }),
    )
  ).filter((r): r is ArmResource => !!r);

  // An existing hub firewall (firewall.existingFirewallId) lives outside the group: read it, its hub
  // VNet and its policy, so the model can follow the route to it.
  const existing = env.config.network.egress === 'firewall' ? env.config.firewall.existingFirewallId : undefined;
  if (existing) {
    const byId = async (id: string, type: string): Promise<ArmResource | undefined> => {
      try {
        reads += 1;
        const r = (await generic.getById(id, apiVersionForType(type) ?? '2025-05-01')) as GenericResource & { type?: string };
        return { ...(r as object), id: r.id ?? id, name: r.name ?? id.split('/').pop() ?? '', type: r.type ?? type } as ArmResource;
      } catch (e) {
        if (isNotFound(e)) return undefined;
        throw e;
      }
    };
    const fw = await byId(existing, 'Microsoft.Network/azureFirewalls');
    const fwProps = (fw?.properties ?? {}) as { ipConfigurations?: { properties?: { subnet?: { id?: string } } }[]; firewallPolicy?: { id?: string } };
    const subnet = fwProps.ipConfigurations?.[0]?.properties?.subnet?.id ?? '';
    const extra = await Promise.all([
      subnet ? byId(subnet.slice(0, subnet.toLowerCase().lastIndexOf('/subnets/')), 'Microsoft.Network/virtualNetworks') : undefined,
      fwProps.firewallPolicy?.id ? byId(fwProps.firewallPolicy.id, 'Microsoft.Network/firewallPolicies') : undefined,
    ]);
    for (const r of [fw, ...extra]) if (r && !top.some((t) => t.id.toLowerCase() === r.id.toLowerCase())) top.push(r);
  }
  const ofType = (t: string) => top.filter((r) => r.type.toLowerCase() === t.toLowerCase());
  const zones = ofType('Microsoft.Network/privateDnsZones');
  const policies = ofType('Microsoft.Network/firewallPolicies');

  const children: Promise<ArmResource[]>[] = [];
  if (zones.length) {
    const dns = await env.clients.privateDns();
    for (const z of zones) {
      const zone = z.name ?? z.id.split('/').pop() ?? '';
      reads += 2;
      children.push(orEmpty(listAll(dns.recordSets.list(rg, zone))).then((l) => l.map((r) => armShape(r, 'Microsoft.Network/privateDnsZones/A'))));
      children.push(orEmpty(listAll(dns.virtualNetworkLinks.list(rg, zone))).then((l) => l.map((r) => armShape(r, 'Microsoft.Network/privateDnsZones/virtualNetworkLinks'))));
    }
  }
  if (policies.length) {
    const network = await env.clients.network();
    for (const p of policies) {
      reads += 1;
      const policyRg = p.id.split('/')[4] ?? rg;
      children.push(orEmpty(listAll(network.firewallPolicyRuleCollectionGroups.list(policyRg, p.name ?? ''))).then((l) => l.map((r) => armShape(r, 'Microsoft.Network/firewallPolicies/ruleCollectionGroups'))));
    }
  }
  // Workspace computes: children a group listing never returns (the AKS attach check reads them). Read
  // through the pipeline already loaded (the ML SDK would cost its load time for one list).
  for (const ws of ofType('Microsoft.MachineLearningServices/workspaces')) {
    reads += 1;
    children.push(armRequest<{ value?: ArmResource[] }>(env.clients, 'GET', `${ws.id}/computes`, apiVersionForType(ws.type) ?? '2025-06-01')
      .then((r) => (r.status === 404 ? [] : r.body?.value ?? [])));
  }
  // Cluster extensions (the Azure ML extension): extension resources under the cluster, never in a group listing.
  for (const mc of ofType('Microsoft.ContainerService/managedClusters')) {
    reads += 1;
    const api = apiVersionForType('Microsoft.KubernetesConfiguration/extensions') ?? '2024-11-01';
    children.push(armRequest<{ value?: ArmResource[] }>(env.clients, 'GET', `${mc.id}/providers/Microsoft.KubernetesConfiguration/extensions`, api)
      .then((r) => (r.status === 404 ? [] : (r.body?.value ?? []).map((e) => ({ ...e, type: e.type ?? 'Microsoft.KubernetesConfiguration/extensions' })))));
  }
  // DNS private resolver inbound endpoints (access.mode vpn): children the group listing never returns.
  for (const resolver of ofType('Microsoft.Network/dnsResolvers')) {
    reads += 1;
    const api = apiVersionForType('Microsoft.Network/dnsResolvers') ?? '2022-07-01';
    children.push(armRequest<{ value?: ArmResource[] }>(env.clients, 'GET', `${resolver.id}/inboundEndpoints`, api)
      .then((r) => (r.status === 404 ? [] : (r.body?.value ?? []).map((e) => ({ ...e, type: e.type ?? 'Microsoft.Network/dnsResolvers/inboundEndpoints' })))));
  }
  const auth = await env.clients.authorization();
  reads += 2;
  // Definitions at the group's scope (custom roles assignable here; built-ins too, where ARM lists them).
  children.push(orEmpty(listAll(auth.roleDefinitions.list(scope))).then((l) => l.map((r) => armShape(r, 'Microsoft.Authorization/roleDefinitions'))));
  // Without $filter=atScope() the list holds the assignments at the group and at every scope below it.
  children.push(orEmpty(listAll(auth.roleAssignments.listForScope(scope))).then((l) => l.map((r) => armShape(r, 'Microsoft.Authorization/roleAssignments'))));

  const resources = [...top, ...(await Promise.all(children)).flat()];
  return { resources, cloud: cloudOf(resources), rbac: rbacModelOf(resources.map((r) => ({ ...r, name: r.name ?? r.id.split('/').pop() ?? '' }))), reads };
}
