// Api-versions: every version the table (src/simulator/data/published-api-versions.json) publishes for a
// simulated type is accepted, unpublished ones are refused listing the type's versions, registration reads list
// them newest first, and a version the simulator does not model answers in a modelled version's shape.
import { readFileSync } from 'node:fs';
import { ResourceManagementClient } from '@azure/arm-resources';
import { describe, expect, it } from 'vitest';
import { PROVIDERS } from '../../src/simulator/providers/registry.js';
import { SUB, createGroup, harness, netPath, rgPath, vnetBody, type Harness } from './helpers.js';
import { at, rgId, tenantOf, vaultBody, vaultId } from './paas-helpers.js';
import { credential, httpClient } from './sdk-client.js';

interface Table {
  source: string;
  licence: string;
  types: Record<string, { versions: string[]; from: string; unconfirmed?: boolean }>;
}
const TABLE = JSON.parse(readFileSync(new URL('../../src/simulator/data/published-api-versions.json', import.meta.url), 'utf8')) as Table;
const versionsOf = (type: string): string[] => TABLE.types[type].versions;
const newestFirst = (versions: readonly string[]): string[] => [...versions].reverse();
const UNPUBLISHED = '2030-01-01';

/** A GET of a collection (or a missing resource) of the table's type: reaches the api-version check, nothing more. */
function collectionPath(type: string): string | undefined {
  const [namespace, ...path] = type.split('/');
  if (!PROVIDERS.find((p) => p.namespace === namespace)?.resourceTypes.some((t) => t.toLowerCase() === path.join('/').toLowerCase())) return undefined;
  const rg = rgId('rg1');
  if (namespace === 'Microsoft.Authorization') return `${rg}/providers/${namespace}/${path.join('/')}`;
  if (namespace === 'Microsoft.Insights' && path[0].startsWith('diagnosticSettings')) return `${vaultId('rg1', 'kv-x')}/providers/${namespace}/${path[0]}`;
  if (namespace === 'Microsoft.KubernetesConfiguration') return `${rg}/providers/Microsoft.ContainerService/managedClusters/aks-x/providers/${namespace}/${path[0]}`;
  if (path[0] === 'locations') return `/subscriptions/${SUB}/providers/${namespace}/locations/eastus/${path.slice(1).join('/')}`;
  if (path.length === 1 && (path[0] === 'checkNameAvailability' || path[0] === 'deletedVaults')) return `/subscriptions/${SUB}/providers/${namespace}/${path[0]}`;
  const segments = path.flatMap((t, i) => (i < path.length - 1 ? [t, `p${i}`] : [t]));
  return `${rg}/providers/${namespace}/${segments.join('/')}`;
}

const code = (r: { body?: { error?: { code?: string } } }): string | undefined => r.body?.error?.code;



/** Thousands of reads in one model instant: ARM's token buckets (throttle.ts) are not what this file tests. */
async function ready(): Promise<Harness> {
  const h = await harness({ throttling: false });
  await createGroup(h);
  return h;
}

describe('the published api-version table', () => {
  it('is sorted, unique, well-formed and names its source and licence', () => {
    expect(TABLE.source).toContain('Azure/azure-rest-api-specs');
    expect(TABLE.licence).toContain('MIT');
    for (const [type, entry] of Object.entries(TABLE.types)) {
      expect(type).toMatch(/^Microsoft\.[A-Za-z]+\/[A-Za-z]+(\/[A-Za-z]+)*$/);
      expect(entry.from, type).not.toBe('');
      expect(entry.versions.length, type).toBeGreaterThan(0);
      for (const v of entry.versions) expect(v, type).toMatch(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(-preview)?$/);
      expect(entry.versions, type).toEqual([...new Set(entry.versions)].sort());
    }
  });
});

describe('api-versions served per type', () => {
  it('accepts every published version of every type a GET can address, and refuses an unpublished one', async () => {
    const h = await ready();
    let checked = 0;
    for (const type of Object.keys(TABLE.types)) {
      const path = collectionPath(type);
      if (!path) continue;
      const refused = await h.call('GET', at(path, UNPUBLISHED));
      expect(code(refused), `${type} at ${UNPUBLISHED}`).toBe('NoRegisteredProviderFound');
      for (const v of versionsOf(type)) {
        const r = await h.call('GET', at(path, v));
        expect(code(r), `${type} at ${v}: ${JSON.stringify(r.body)}`).not.toBe('NoRegisteredProviderFound');
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(1500);
  });

  it('answers the subscription, tenant and provider reads at every published version', async () => {
    const h = await ready();
    for (const v of versionsOf('Microsoft.Resources/subscriptions')) {
      expect((await h.call('GET', `/subscriptions?api-version=${v}`)).status, v).toBe(200);
      expect((await h.call('GET', `/tenants?api-version=${v}`)).status, v).toBe(200);
      expect((await h.call('GET', `/subscriptions/${SUB}?api-version=${v}`)).status, v).toBe(200);
    }
    for (const v of versionsOf('Microsoft.Resources/providers')) {
      expect((await h.call('GET', `/providers?api-version=${v}`)).status, v).toBe(200);
      expect((await h.call('GET', `/subscriptions/${SUB}/providers/Microsoft.Network?api-version=${v}`)).status, v).toBe(200);
    }
    for (const v of versionsOf('Microsoft.Resources/resourceGroups')) {
      expect((await h.call('GET', rgPath('rg1', v))).status, v).toBe(200);
      expect((await h.call('GET', `/subscriptions/${SUB}/resourcegroups?api-version=${v}`)).status, v).toBe(200);
    }
    const bad = await h.call('GET', `/subscriptions?api-version=${UNPUBLISHED}`);
    expect(code(bad)).toBe('InvalidApiVersionParameter');
    // The table's versions, after the ones the simulator served before it (2024-03-01 and later).
    expect(bad.body.error.message).toContain(`,${newestFirst(versionsOf('Microsoft.Resources/subscriptions')).join(',')}'.`);
  });

  it('serves the versions real clients send (az CLI 2.45 and older SDKs)', async () => {
    const h = await harness();
    expect((await h.call('GET', '/subscriptions?api-version=2019-11-01')).status).toBe(200);
    expect((await h.call('PUT', rgPath('rg1', '2022-09-01'), { location: 'eastus' })).status).toBe(201);

    const put = await h.call('PUT', netPath('rg1', 'virtualNetworks/vnet1', '2022-07-01'), vnetBody([{ name: 'a', prefix: '10.0.1.0/24' }]));
    expect(put.status, JSON.stringify(put.body)).toBe(201);
    // The poll URL carries the modelled version the request was answered at.
    expect(put.headers['azure-asyncoperation']).toContain('api-version=2024-05-01');
    h.clock.advance(60);
    const old = await h.call('GET', netPath('rg1', 'virtualNetworks/vnet1', '2015-06-15'));
    expect(old.status).toBe(200);
    expect(old.body.properties.subnets[0].name).toBe('a');

    const tenant = await tenantOf(h);
    expect((await h.call('PUT', at(vaultId('rg1', 'kv-api1'), '2026-02-01'), vaultBody(tenant))).status).toBe(201);
    expect((await h.call('GET', at(vaultId('rg1', 'kv-api1'), '2022-07-01'))).status).toBe(200);

    const roleDefs = await h.call('GET', at(`${rgId('rg1')}/providers/Microsoft.Authorization/roleDefinitions`, '2022-04-01'));
    expect(roleDefs.status).toBe(200);
    expect(roleDefs.body.value.length).toBeGreaterThan(0);
    expect((await h.call('GET', at(`${rgId('rg1')}/providers/Microsoft.Authorization/roleAssignments`, '2020-04-01-preview'))).status).toBe(200);

    expect((await h.call('GET', at(`${rgId('rg1')}/providers/Microsoft.ContainerService/managedClusters`, '2023-01-01'))).status).toBe(200);
    expect(code(await h.call('GET', at(`${rgId('rg1')}/providers/Microsoft.ContainerService/managedClusters/aks-none`, '2023-01-01')))).toBe('ResourceNotFound');
  });

  it('drives the real resources SDK at old versions (group at 2022-09-01, a VNet by id at 2022-07-01 and 2015-06-15)', async () => {
    const h = await harness();
    // With apiVersion set the client sends it on every request; the by-id calls carry their own.
    const groups = new ResourceManagementClient(credential, SUB, { httpClient: httpClient(h.sim), apiVersion: '2022-09-01' });
    await groups.resourceGroups.createOrUpdate('rg-old', { location: 'eastus' });
    expect((await groups.resourceGroups.get('rg-old')).location).toBe('eastus');
    const resources = new ResourceManagementClient(credential, SUB, { httpClient: httpClient(h.sim) });
    const vnetId = `${rgId('rg-old')}/providers/Microsoft.Network/virtualNetworks/vnet-old`;
    const poller = await resources.resources.beginCreateOrUpdateById(vnetId, '2022-07-01', { location: 'eastus', properties: { addressSpace: { addressPrefixes: ['10.1.0.0/16'] } } }, { updateIntervalInMs: 1 });
    h.clock.advance(60);
    const created = await poller.pollUntilDone();
    expect(created.id).toBe(vnetId);
    expect((await resources.resources.getById(vnetId, '2015-06-15')).properties).toMatchObject({ provisioningState: 'Succeeded' });
    await expect(resources.resources.getById(vnetId, UNPUBLISHED)).rejects.toMatchObject({ statusCode: 400, code: 'NoRegisteredProviderFound' });
  });

  it('refuses a version the type never published, listing the versions the type serves newest first', async () => {
    const h = await ready();
    const r = await h.call('PUT', netPath('rg1', 'firewallPolicies/fp1', '2015-06-15'), { location: 'eastus', properties: {} });
    expect(r.status).toBe(400);
    expect(code(r)).toBe('NoRegisteredProviderFound');
    expect(r.body.error.message).toContain("location 'eastus' and API version '2015-06-15' for type 'firewallPolicies'");
    expect(r.body.error.message).toContain(`The supported api-versions are '${newestFirst(versionsOf('Microsoft.Network/firewallPolicies')).join(', ')}'.`);
    // Private DNS keeps its own versions; a Network version is refused for it and vice versa.
    const zone = await h.call('PUT', netPath('rg1', 'privateDnsZones/example.internal', '2025-05-01'), { location: 'global' });
    expect(zone.body.error.message).toContain(`The supported api-versions are '${newestFirst(versionsOf('Microsoft.Network/privateDnsZones')).join(', ')}'.`);
    expect(code(await h.call('GET', netPath('rg1', 'virtualNetworks/vnet1', '2018-09-01')))).toBe('NoRegisteredProviderFound');
    // The simulator's own versions stay served where the table has none (registries at 2025-11-01).
    const acr = await h.call('GET', at(`${rgId('rg1')}/providers/Microsoft.ContainerRegistry/registries`, UNPUBLISHED));
    expect(acr.body.error.message).toContain(`The supported api-versions are '${['2025-11-01', ...newestFirst(versionsOf('Microsoft.ContainerRegistry/registries'))].join(', ')}'.`);
  });

  it('lists each type’s versions newest first in the provider registration reads', async () => {
    const h = await ready();
    const network = await h.call('GET', `/subscriptions/${SUB}/providers/Microsoft.Network?api-version=2022-09-01`);
    const typesOf = (body: { resourceTypes: { resourceType: string; apiVersions: string[] }[] }) => new Map(body.resourceTypes.map((t) => [t.resourceType, t.apiVersions]));
    const listed = typesOf(network.body);
    expect(listed.get('virtualNetworks')).toEqual(newestFirst(versionsOf('Microsoft.Network/virtualNetworks')));
    expect(listed.get('firewallPolicies/ruleCollectionGroups')).toEqual(newestFirst(versionsOf('Microsoft.Network/firewallPolicies/ruleCollectionGroups')));
    expect(listed.get('privateDnsZones/A')).toEqual(newestFirst(versionsOf('Microsoft.Network/privateDnsZones/A')));
    // No entry of its own: the nearest ancestor's (privateDnsZones).
    expect(listed.get('privateDnsZones/recordsets')).toEqual(newestFirst(versionsOf('Microsoft.Network/privateDnsZones')));
    const all = await h.call('GET', '/providers?api-version=2019-05-10');
    const kv = all.body.value.find((p: { namespace: string }) => p.namespace === 'Microsoft.KeyVault');
    expect(typesOf(kv).get('vaults')).toEqual(newestFirst(versionsOf('Microsoft.KeyVault/vaults')));
    const resources = await h.call('GET', `/subscriptions/${SUB}/providers/Microsoft.Resources?api-version=2022-09-01`);
    expect(typesOf(resources.body).get('resourceGroups')).toEqual(newestFirst(versionsOf('Microsoft.Resources/resourceGroups')));
  });
});

describe('the shape of a version the simulator does not model', () => {
  it("is a modelled version's: the oldest for older ones, else the nearest older (Key Vault's RBAC default stays at 2026-02-01)", async () => {
    const h = await ready();
    const tenant = await tenantOf(h);
    const rbacAt = async (name: string, v: string) => {
      const r = await h.call('PUT', at(vaultId('rg1', name), v), vaultBody(tenant, { enableRbacAuthorization: undefined }));
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return r.body.properties.enableRbacAuthorization as boolean;
    };
    expect(await rbacAt('kv-v2022', '2022-07-01')).toBe(false);
    expect(await rbacAt('kv-v2025', '2025-05-01')).toBe(false);
    expect(await rbacAt('kv-v2026', '2026-02-01')).toBe(true);
    expect(await rbacAt('kv-v2026p', '2026-04-01-preview')).toBe(true);
  });

  it('keeps the legacy diagnostic-settings shape (no categoryGroup) for the published versions before 2021-05-01-preview', async () => {
    const h = await ready();
    const tenant = await tenantOf(h);
    expect((await h.call('PUT', at(vaultId('rg1', 'kv-ds'), '2026-02-01'), vaultBody(tenant))).status).toBe(201);
    h.clock.advance(60);
    const setting = (v: string) =>
      h.call('PUT', at(`${vaultId('rg1', 'kv-ds')}/providers/Microsoft.Insights/diagnosticSettings/ds1`, v), { properties: { logs: [{ categoryGroup: 'audit', enabled: true }] } });
    for (const v of ['2015-07-01', '2016-09-01', '2017-05-01-preview', '2020-01-01-preview']) {
      const legacy = await setting(v);
      expect(code(legacy), v).toBe('InvalidRequestContent');
      expect(legacy.body.error.message, v).toContain('categoryGroup');
    }
    const current = await setting('2021-05-01-preview');
    expect(JSON.stringify(current.body)).not.toContain("member 'categoryGroup'");
    const categories = (v: string) => h.call('GET', at(`${vaultId('rg1', 'kv-ds')}/providers/Microsoft.Insights/diagnosticSettingsCategories`, v));
    expect((await categories('2017-05-01-preview')).body.value[0].properties.categoryGroups).toBeUndefined();
    expect((await categories('2021-05-01-preview')).body.value[0].properties.categoryGroups).toBeDefined();
    expect(code(await categories('2016-09-01'))).toBe('NoRegisteredProviderFound');
  });
});
