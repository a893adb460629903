// The Azure ML workspace managed network over raw HTTP: the one-way isolation mode, Required rules, rule
// validation per type, provisioning (POST provisionManagedNetwork or the first compute) and its latency, the
// private-endpoint approval check, and computes placed in the managed network.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { rel } from './helpers.js';
import { assignRole } from './paas-helpers.js';
import { createStorage } from './seed.js';
import {
  APPROVER,
  clusterBody,
  computePath,
  createWorkspace,
  depsEnv,
  fqdnRule,
  instanceBody,
  peRule,
  provisionPath,
  rulePath,
  rulesPath,
  tagRule,
  wsBody,
  wsId,
  wsPath,
} from './ml-managed-network-helpers.js';

const AOAO = { isolationMode: 'AllowOnlyApprovedOutbound', firewallSku: 'Standard' };

describe('managed network: isolation mode and api-versions', () => {
  it('is refused at 2022-10-01 (the model has no managedNetwork) and its routes answer NoRegisteredProviderFound there', async () => {
    const { h, deps } = await depsEnv();
    const r = await h.call('PUT', wsPath('ws1', '2022-10-01'), wsBody(deps, AOAO));
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body)).toContain("Could not find member 'managedNetwork'");
    await createWorkspace(h, deps, AOAO);
    const rules = await h.call('GET', rulesPath('ws1', '2022-10-01'));
    expect(rules.status).toBe(400);
    expect(rules.body.error.code).toBe('NoRegisteredProviderFound');
    // A 2022-10-01 workspace PUT (no managedNetwork member) keeps the managed network.
    const old = await h.call('PUT', wsPath('ws1', '2022-10-01'), wsBody(deps));
    expect(old.status, JSON.stringify(old.body)).toBe(202);
    h.clock.advance(30);
    expect((await h.call('GET', wsPath())).body.properties.managedNetwork.isolationMode).toBe('AllowOnlyApprovedOutbound');
  });

  it('is one way: Disabled -> AllowInternetOutbound -> AllowOnlyApprovedOutbound, never back', async () => {
    const { h, deps } = await depsEnv();
    await createWorkspace(h, deps, { isolationMode: 'AllowInternetOutbound' });
    const down = await h.call('PUT', wsPath(), wsBody(deps, { isolationMode: 'Disabled' }));
    expect(down.status).toBe(400);
    expect(down.body.error.code).toBe('ManagedNetworkIsolationModeChangeNotAllowed');
    const up = await h.call('PUT', wsPath(), wsBody(deps, AOAO));
    expect(up.status, JSON.stringify(up.body)).toBe(202);
    h.clock.advance(30);
    const back = await h.call('PUT', wsPath(), wsBody(deps, { isolationMode: 'AllowInternetOutbound' }));
    expect(back.status).toBe(400);
    expect(back.body.error.code).toBe('ManagedNetworkIsolationModeChangeNotAllowed');
    const bogus = await h.call('PUT', wsPath(), wsBody(deps, { isolationMode: 'Open' }));
    expect(bogus.body.error.code).toBe('InvalidIsolationMode');
  });

  it('refuses enabling it on a workspace that has computes, and a firewall SKU without a managed network', async () => {
    const { h, deps } = await depsEnv();
    await createWorkspace(h, deps);
    const c = await h.call('PUT', computePath('cpu'), clusterBody({ enableNodePublicIp: true }));
    expect(c.status, JSON.stringify(c.body)).toBe(201);
    h.clock.advance(120);
    const r = await h.call('PUT', wsPath(), wsBody(deps, { isolationMode: 'AllowInternetOutbound' }));
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('ManagedNetworkRequiresNoComputes');
    const sku = await h.call('PUT', wsPath(), wsBody(deps, { isolationMode: 'Disabled', firewallSku: 'Basic' }));
    expect(sku.body.error.code).toBe('FirewallSkuRequiresManagedNetwork');
    const badSku = await h.call('PUT', wsPath(), wsBody(deps, { isolationMode: 'AllowOnlyApprovedOutbound', firewallSku: 'Premium' }));
    expect(badSku.body.error.code).toBe('InvalidFirewallSku');
  });
});

describe('managed network: outbound rules', () => {
  it('lists the Required rules Azure adds (approved outbound: PEs to the workspace and its dependencies, service tags) and refuses writing them', async () => {
    const { h, deps } = await depsEnv();
    const ws = await createWorkspace(h, deps, AOAO);
    const mn = ws.properties.managedNetwork;
    expect(mn).toMatchObject({ isolationMode: 'AllowOnlyApprovedOutbound', firewallSku: 'Standard', status: { status: 'Inactive', sparkReady: false } });
    expect(mn.networkId).toMatch(/^[0-9a-f-]{36}$/);
    const list = await h.call('GET', rulesPath());
    expect(list.status).toBe(200);
    const rules = list.body.value as { name: string; type: string; properties: { category: string; type: string; status: string; destination: Record<string, unknown> } }[];
    const required = rules.filter((r) => r.properties.category === 'Required');
    const pes = required.filter((r) => r.properties.type === 'PrivateEndpoint').map((r) => `${String(r.properties.destination.serviceResourceId).split('/').pop()}:${String(r.properties.destination.subresourceTarget)}`);
    expect(pes.sort()).toEqual(['mnkv:vault', 'mnreg:registry', 'mnstore:blob', 'mnstore:file', 'ws1:amlworkspace']);
    const tags = required.filter((r) => r.properties.type === 'ServiceTag').map((r) => r.name);
    expect(tags).toEqual(expect.arrayContaining(['__SYS_ST_AzureActiveDirectory_TCP', '__SYS_ST_AzureMachineLearning_TCP', '__SYS_ST_AzureMachineLearning_UDP', '__SYS_ST_BatchNodeManagement_TCP', '__SYS_ST_MicrosoftContainerRegistry.eastus_TCP', '__SYS_ST_VirtualNetwork']));
    expect(required.every((r) => r.properties.status === 'Inactive' && r.type === 'Microsoft.MachineLearningServices/workspaces/outboundRules')).toBe(true);
    const name = required[0].name;
    const put = await h.call('PUT', rulePath(name), { properties: fqdnRule('pypi.org') });
    expect(put.status).toBe(400);
    expect(put.body.error.code).toBe('RequiredOutboundRuleReadOnly');
    const del = await h.call('DELETE', rulePath(name));
    expect(del.body.error.code).toBe('RequiredOutboundRuleReadOnly');
    // A GET -> PUT round trip echoes the Required rules back; they are ignored.
    const echoed = await h.call('PUT', wsPath(), { ...wsBody(deps), properties: { ...wsBody(deps).properties, managedNetwork: { isolationMode: mn.isolationMode, firewallSku: 'Standard', outboundRules: mn.outboundRules, status: mn.status, networkId: mn.networkId } } });
    expect(echoed.status, JSON.stringify(echoed.body)).toBe(202);
  });

  it('in internet-outbound mode adds private endpoints only to dependencies with public network access disabled', async () => {
    const { h, deps } = await depsEnv();
    const locked = await h.call('PUT', `${deps.vault}?api-version=2024-11-01`, {
      location: 'eastus',
      properties: { tenantId: (await h.call('GET', `${deps.vault}?api-version=2024-11-01`)).body.properties.tenantId, sku: { family: 'A', name: 'standard' }, accessPolicies: [], publicNetworkAccess: 'Disabled' },
    });
    expect(locked.status, JSON.stringify(locked.body)).toBeLessThan(300);
    h.clock.advance(30);
    await createWorkspace(h, deps, { isolationMode: 'AllowInternetOutbound' });
    const rules = (await h.call('GET', rulesPath())).body.value as { properties: { category: string; type: string; destination: { subresourceTarget?: string } } }[];
    expect(rules.map((r) => `${r.properties.category}:${r.properties.type}:${r.properties.destination.subresourceTarget}`)).toEqual(['Required:PrivateEndpoint:vault']);
    const fqdn = await h.call('PUT', rulePath('pypi'), { properties: fqdnRule('pypi.org') });
    expect(fqdn.status).toBe(400);
    expect(fqdn.body.error).toMatchObject({ code: 'OutboundRuleTypeNotSupportedInIsolationMode', message: expect.stringContaining('Only "PrivateEndpoint" outbound rules are supported') });
    const tag = await h.call('PUT', rulePath('datafactory'), { properties: tagRule('DataFactory') });
    expect(tag.body.error.code).toBe('OutboundRuleTypeNotSupportedInIsolationMode');
  });

  it('validates rules per type and renders them as OutboundRuleBasicResource', async () => {
    const { h, deps } = await depsEnv();
    await createWorkspace(h, deps, AOAO);
    const ok = async (name: string, properties: unknown) => {
      const r = await h.call('PUT', rulePath(name), { properties });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return r.body;
    };
    const bad = async (name: string, properties: unknown, code: string, status = 400) => {
      const r = await h.call('PUT', rulePath(name), { properties });
      expect(r.status, JSON.stringify(r.body)).toBe(status);
      expect(r.body.error.code).toBe(code);
    };
    const fq = await ok('pypi', fqdnRule('*.pythonhosted.org'));
    expect(fq).toEqual({
      id: `${wsId()}/outboundRules/pypi`,
      name: 'pypi',
      type: 'Microsoft.MachineLearningServices/workspaces/outboundRules',
      properties: { type: 'FQDN', category: 'UserDefined', status: 'Inactive', destination: '*.pythonhosted.org' },
    });
    await ok('datafactory', tagRule('DataFactory', '80, 8080-8089'));
    const other = await createStorage(h, 'mndata');
    const pe = await ok('data-blob', peRule(other, 'blob', true));
    expect(pe.properties).toMatchObject({ type: 'PrivateEndpoint', status: 'Inactive', destination: { serviceResourceId: other, subresourceTarget: 'blob', sparkEnabled: true, sparkStatus: 'Inactive' }, fqdns: ['mndata.blob.core.windows.net'] });
    expect((await h.call('GET', rulePath('data-blob'))).body).toEqual(pe);

    await bad('x', fqdnRule('pypi.org'), 'InvalidResourceName');
    await bad('port', fqdnRule('pypi.org:8080'), 'InvalidOutboundRule');
    await bad('blobfqdn', fqdnRule('mndata.blob.core.windows.net'), 'InvalidOutboundRule');
    await bad('notfqdn', fqdnRule('not a host'), 'InvalidOutboundRule');
    await bad('ports', tagRule('DataFactory', '0-70000'), 'InvalidOutboundRule');
    await bad('proto', tagRule('DataFactory', '443', 'HTTP'), 'InvalidOutboundRule');
    await bad('notag', { type: 'ServiceTag', destination: { protocol: 'TCP', portRanges: '443' } }, 'InvalidOutboundRule');
    await bad('kind', { type: 'Firewall', destination: 'x' }, 'InvalidOutboundRule');
    await bad('required', { ...fqdnRule('pypi.org'), category: 'Required' }, 'InvalidOutboundRule');
    await bad('missing', peRule(other.replace('mndata', 'nosuch'), 'blob'), 'OutboundRuleDestinationNotFound');
    await bad('badgroup', peRule(other, 'vault'), 'PrivateEndpointBadRequest');
    await bad('dupstore', peRule(deps.storage, 'blob'), 'DuplicateOutboundRuleDestination', 409);
    await bad('dupuser', peRule(other, 'blob'), 'DuplicateOutboundRuleDestination', 409);
    const noBody = await h.call('PUT', rulePath('empty'), {});
    expect(noBody.status).toBe(400);

    const del = await h.call('DELETE', rulePath('pypi'));
    expect(del.status).toBe(200);
    expect((await h.call('GET', rulePath('pypi'))).body.error.code).toBe('OutboundRuleNotFound');
    expect((await h.call('DELETE', rulePath('pypi'))).status).toBe(204);
    const ws = (await h.call('GET', wsPath())).body;
    expect(Object.keys(ws.properties.managedNetwork.outboundRules)).toEqual(expect.arrayContaining(['datafactory', 'data-blob']));
    expect(ws.properties.managedNetwork.outboundRules.pypi).toBeUndefined();
  });

  it('refuses rules and provisioning on a workspace without a managed network', async () => {
    const { h, deps } = await depsEnv();
    await createWorkspace(h, deps);
    expect((await h.call('PUT', rulePath('pypi'), { properties: fqdnRule('pypi.org') })).body.error.code).toBe('ManagedNetworkNotEnabled');
    expect((await h.call('POST', provisionPath(), {})).body.error.code).toBe('ManagedNetworkNotEnabled');
    expect((await h.call('GET', rulesPath())).body).toEqual({ value: [] });
    expect((await h.call('GET', wsPath())).body.properties.managedNetwork).toEqual({ isolationMode: 'Disabled', status: { status: 'Inactive', sparkReady: false } });
  });
});

describe('managed network: provisioning', () => {
  it('POST provisionManagedNetwork takes ~30 minutes (40 with an FQDN rule) and makes the network and its rules Active', async () => {
    const { h, deps } = await depsEnv();
    await createWorkspace(h, deps, { ...AOAO, outboundRules: { pypi: fqdnRule('pypi.org') } });
    const r = await h.call('POST', provisionPath(), { includeSpark: false });
    expect(r.status).toBe(202);
    expect(r.headers.location).toContain('workspaceOperationsStatus');
    expect(r.headers['retry-after']).toBeDefined();
    h.clock.advance(1800);
    expect((await h.call('GET', rel(r.headers.location))).status).toBe(202);
    // Provisioning again while it runs rejoins the same operation.
    expect((await h.call('POST', provisionPath(), {})).headers.location).toBe(r.headers.location);
    h.clock.advance(600);
    const done = await h.call('GET', rel(r.headers.location));
    expect(done.status).toBe(200);
    expect(done.body).toEqual({ status: 'Active', sparkReady: false });
    const ws = (await h.call('GET', wsPath())).body;
    expect(ws.properties.managedNetwork.status).toEqual({ status: 'Active', sparkReady: false });
    expect(Object.values(ws.properties.managedNetwork.outboundRules as Record<string, { status: string }>).every((x) => x.status === 'Active')).toBe(true);
    // Already active: 200 with the status at once.
    const again = await h.call('POST', provisionPath());
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ status: 'Active', sparkReady: false });
  });

  it('provisionNetworkNow provisions at creation; includeSpark makes it sparkReady', async () => {
    const { h, deps } = await depsEnv();
    await createWorkspace(h, deps, { isolationMode: 'AllowInternetOutbound' }, 'ws1', { provisionNetworkNow: true });
    h.clock.advance(1800);
    expect((await h.call('GET', wsPath())).body.properties.managedNetwork.status).toEqual({ status: 'Active', sparkReady: false });
    const spark = await h.call('POST', provisionPath(), { includeSpark: true });
    expect(spark.status).toBe(202);
    // Re-provisioning for Spark keeps the network Active.
    expect((await h.call('GET', wsPath())).body.properties.managedNetwork.status).toEqual({ status: 'Active', sparkReady: false });
    h.clock.advance(1800);
    expect((await h.call('GET', rel(spark.headers.location))).body).toEqual({ status: 'Active', sparkReady: true });
    const bad = await h.call('POST', provisionPath(), { includeSpark: 'yes' });
    expect(bad.status).toBe(400);
  });

  it("fails a private endpoint rule whose target the workspace identity cannot approve, until it holds the Approver role there", async () => {
    const { h, deps } = await depsEnv();
    const other = await createStorage(h, 'mndata');
    const ws = await createWorkspace(h, deps, { ...AOAO, outboundRules: { 'data-blob': peRule(other, 'blob') } });
    const r = await h.call('POST', provisionPath(), {});
    expect(r.status).toBe(202);
    h.clock.advance(1800);
    const failed = await h.call('GET', rel(r.headers.location));
    expect(failed.status).toBe(400);
    expect(failed.body.error.code).toBe('PrivateEndpointApprovalPermissionMissing');
    expect(failed.body.error.message).toContain('Azure AI Enterprise Network Connection Approver');
    const rule = (await h.call('GET', rulePath('data-blob'))).body.properties;
    expect(rule.status).toBe('Failed');
    expect(rule.errorInformation).toContain('Microsoft.Storage/storageAccounts/privateEndpointConnections/write');
    expect((await h.call('GET', wsPath())).body.properties.managedNetwork.status.status).toBe('Inactive');

    h.clock.advance(60);
    const grant = await assignRole(h, other, APPROVER, ws.identity.principalId as string, randomUUID());
    expect(grant.status, JSON.stringify(grant.body)).toBe(201);
    const retry = await h.call('POST', provisionPath(), {});
    expect(retry.status).toBe(202);
    h.clock.advance(1800);
    expect((await h.call('GET', rel(retry.headers.location))).status).toBe(200);
    expect((await h.call('GET', rulePath('data-blob'))).body.properties.status).toBe('Active');

    // On an active network a new rule is built at once (202 + Location, Provisioning) and checked then.
    const third = await createStorage(h, 'mnthird');
    const add = await h.call('PUT', rulePath('third-blob'), { properties: peRule(third, 'blob') });
    expect(add.status).toBe(202);
    expect((await h.call('GET', rulePath('third-blob'))).body.properties.status).toBe('Provisioning');
    h.clock.advance(120);
    const res = await h.call('GET', rel(add.headers.location));
    expect(res.status).toBe(400);
    expect((await h.call('GET', rulePath('third-blob'))).body.properties.status).toBe('Failed');
    const tag = await h.call('PUT', rulePath('datafactory'), { properties: tagRule('DataFactory') });
    expect(tag.status).toBe(202);
    h.clock.advance(120);
    const tagDone = await h.call('GET', rel(tag.headers.location));
    expect(tagDone.status).toBe(200);
    expect(tagDone.body.properties.status).toBe('Active');
    const del = await h.call('DELETE', rulePath('datafactory'));
    expect(del.status).toBe(202);
    expect((await h.call('GET', rulePath('datafactory'))).body.properties.status).toBe('Deleting');
    h.clock.advance(60);
    expect((await h.call('GET', rel(del.headers.location))).status).toBe(204);
    expect((await h.call('GET', rulePath('datafactory'))).status).toBe(404);
  });

  it('a workspace running as a user-assigned identity needs the Approver role on its own dependencies too', async () => {
    const { h, deps } = await depsEnv();
    const uai = await h.call('PUT', `/subscriptions/${wsId().split('/')[2]}/resourceGroups/rg1/providers/Microsoft.ManagedIdentity/userAssignedIdentities/ws-id?api-version=2024-11-30`, { location: 'eastus' });
    const body = wsBody(deps, AOAO, { primaryUserAssignedIdentity: uai.body.id });
    const r = await h.call('PUT', wsPath(), { ...body, identity: { type: 'UserAssigned', userAssignedIdentities: { [uai.body.id]: {} } } });
    expect(r.status, JSON.stringify(r.body)).toBe(202);
    h.clock.advance(60);
    const p = await h.call('POST', provisionPath(), {});
    h.clock.advance(1800);
    expect((await h.call('GET', rel(p.headers.location))).body.error.code).toBe('PrivateEndpointApprovalPermissionMissing');
    const grant = await assignRole(h, `/subscriptions/${wsId().split('/')[2]}/resourceGroups/rg1`, APPROVER, uai.body.properties.principalId as string, randomUUID());
    expect(grant.status, JSON.stringify(grant.body)).toBe(201);
    const again = await h.call('POST', provisionPath(), {});
    h.clock.advance(1800);
    expect((await h.call('GET', rel(again.headers.location))).status).toBe(200);
  });
});

describe('managed network: computes', () => {
  it('refuses a subnet and places computes without one in the managed network, provisioning it with the first compute', async () => {
    const { h, deps } = await depsEnv();
    await createWorkspace(h, deps, AOAO);
    const subnet = `/subscriptions/${wsId().split('/')[2]}/resourceGroups/rg1/providers/Microsoft.Network/virtualNetworks/vnet1/subnets/training`;
    const withSubnet = await h.call('PUT', computePath('cpu'), clusterBody({ subnet: { id: subnet } }));
    expect(withSubnet.status).toBe(400);
    expect(withSubnet.body.error.code).toBe('ComputeSubnetNotAllowedInManagedNetwork');

    const ci = await h.call('PUT', computePath('ci-mn'), instanceBody());
    expect(ci.status, JSON.stringify(ci.body)).toBe(201);
    // The first compute waits for the network (~30 minutes), not its own 5 minutes.
    h.clock.advance(600);
    expect((await h.call('GET', computePath('ci-mn'))).body.properties.provisioningState).toBe('Creating');
    expect((await h.call('GET', wsPath())).body.properties.managedNetwork.status.status).toBe('Inactive');
    h.clock.advance(1200);
    const done = (await h.call('GET', computePath('ci-mn'))).body;
    expect(done.properties.provisioningState).toBe('Succeeded');
    expect(done.properties.properties).toMatchObject({ subnet: null, enableNodePublicIp: false });
    expect((await h.call('GET', wsPath())).body.properties.managedNetwork.status.status).toBe('Active');

    // The network is up: a cluster (also at 2022-10-01, as @azure/arm-machinelearning 2.1.1 sends it) takes its own time.
    const cluster = await h.call('PUT', computePath('cpu', 'ws1', '2022-10-01'), clusterBody());
    expect(cluster.status, JSON.stringify(cluster.body)).toBe(201);
    h.clock.advance(60);
    const c = (await h.call('GET', computePath('cpu', 'ws1', '2022-10-01'))).body;
    expect(c.properties.provisioningState).toBe('Succeeded');
    expect(c.properties.properties).toMatchObject({ subnet: null, enableNodePublicIp: false });
  });

  it('fails the first compute when the network cannot be provisioned', async () => {
    const { h, deps } = await depsEnv();
    const other = await createStorage(h, 'mndata');
    await createWorkspace(h, deps, { isolationMode: 'AllowInternetOutbound', outboundRules: { 'data-blob': peRule(other, 'blob') } });
    const ci = await h.call('PUT', computePath('ci-fail'), instanceBody());
    expect(ci.status).toBe(201);
    h.clock.advance(1800);
    const c = (await h.call('GET', computePath('ci-fail'))).body;
    expect(c.properties.provisioningState).toBe('Failed');
  });
});
