import { describe, expect, it } from 'vitest';
import { cloudOf, reach, type ArmResource } from '../../../src/azure-model/network/index.js';
import { ids, nsg, privateDnsZone, privateEndpoint, RG, serviceEndpointPolicy, storageAccount, SUB, tcp, vnet } from './builders.js';

const training = ids.subnet('training');
const allowStorage = nsg('nsg-training', [
  { name: 'AllowStorageOutbound', priority: 160, access: 'Allow', protocol: 'Tcp', destination: 'Storage.westeurope', ports: ['443', '445'] },
  { name: 'AllowVnetOutbound', priority: 100, access: 'Allow', destination: 'VirtualNetwork' },
  { name: 'DenyAllOutbound', priority: 4096, access: 'Deny' },
]);
const workspaceAccount = storageAccount('stwork', { networkAcls: { defaultAction: 'Deny', virtualNetworkRules: [{ id: training, action: 'Allow' }], ipRules: [] } });

function cloud(policy: ArmResource | undefined, extra: ArmResource[] = []): ReturnType<typeof cloudOf> {
  return cloudOf([
    vnet([
      {
        name: 'training',
        prefix: '10.0.1.0/24',
        nsg: allowStorage.id,
        defaultOutboundAccess: false,
        serviceEndpoints: [{ service: 'Microsoft.Storage', locations: ['westeurope', 'northeurope'] }],
        serviceEndpointPolicies: policy ? [policy.id] : undefined,
      },
      { name: 'pe', prefix: '10.0.3.0/24' },
    ]),
    allowStorage,
    workspaceAccount,
    ...(policy ? [policy] : []),
    ...extra,
  ]);
}

const sep = serviceEndpointPolicy('sep-training', [
  { name: 'workspace-storage', service: 'Microsoft.Storage', serviceResources: [workspaceAccount.id] },
  { name: 'azure-machine-learning', service: 'Global', serviceResources: ['/services/Azure/MachineLearning'] },
]);

describe('service endpoint policies', () => {
  it("allow the workspace's account over the service endpoint", () => {
    const v = reach(cloud(sep), training, tcp('stwork.blob.core.windows.net'));
    expect(v.allowed).toBe(true);
    expect(v.trace.join('\n')).toMatch(/Storage\.westeurope → VirtualNetworkServiceEndpoint/);
    expect(v.trace.join('\n')).toMatch(/definition workspace-storage lists/);
    expect(v.decidedBy).toMatchObject({ kind: 'service-firewall', detail: expect.stringMatching(/virtual network rule admits subnet training/) });
  });

  it('block a foreign account in the endpoint region', () => {
    const v = reach(cloud(sep), training, tcp('stforeign.blob.core.windows.net'));
    expect(v).toMatchObject({ allowed: false, decidedBy: { kind: 'service-endpoint-policy', id: sep.id } });
  });

  it('with no policy on the subnet, every account is reachable over the endpoint', () => {
    const v = reach(cloud(undefined), training, tcp('stforeign.blob.core.windows.net'));
    expect(v.allowed).toBe(true);
    expect(v.assumptions.join('\n')).toMatch(/stforeign.*own firewall is assumed to accept/);
  });

  it('a resource-group entry covers every account in it', () => {
    const byRg = serviceEndpointPolicy('sep-rg', [{ name: 'rg', service: 'Microsoft.Storage', serviceResources: [RG] }]);
    const elsewhere = storageAccount('stelse', {}, `${SUB}/resourceGroups/rg-other`);
    expect(reach(cloud(byRg), training, tcp('stwork.blob.core.windows.net')).allowed).toBe(true);
    expect(reach(cloud(byRg, [elsewhere]), training, tcp('stelse.blob.core.windows.net')).decidedBy.kind).toBe('service-endpoint-policy');
  });

  it('the Azure ML alias admits the Microsoft-managed accounts named to it', () => {
    const v = reach(cloud(sep), training, tcp('stmsmanaged.blob.core.windows.net'), { serviceAliasAccounts: { stmsmanaged: '/services/Azure/MachineLearning' } });
    expect(v).toMatchObject({ allowed: true });
    expect(v.trace.join('\n')).toMatch(/azure-machine-learning lists \/services\/Azure\/MachineLearning/);
  });

  it('do not apply to accounts outside the endpoint regions (the NSG must block those)', () => {
    const v = reach(cloud(sep), training, tcp('stforeign.blob.core.windows.net'), { assumeRegion: 'eastus' });
    expect(v).toMatchObject({ allowed: false, decidedBy: { kind: 'nsg-rule', id: `${allowStorage.id}/securityRules/DenyAllOutbound` } });
  });
});

describe("the destination's own network firewall", () => {
  it('publicNetworkAccess Disabled refuses the public endpoint', () => {
    const locked = storageAccount('stlocked', { publicNetworkAccess: 'Disabled' });
    const v = reach(cloud(undefined, [locked]), training, tcp('stlocked.blob.core.windows.net'));
    expect(v).toMatchObject({ allowed: false, decidedBy: { kind: 'service-firewall', id: locked.id, detail: expect.stringMatching(/publicNetworkAccess Disabled/) } });
  });

  it('networkAcls Deny without a virtual network rule for the subnet refuses', () => {
    const acl = storageAccount('stacl', { networkAcls: { defaultAction: 'Deny', virtualNetworkRules: [], ipRules: [] } });
    const v = reach(cloud(undefined, [acl]), training, tcp('stacl.blob.core.windows.net'));
    expect(v).toMatchObject({ allowed: false, decidedBy: { kind: 'service-firewall', detail: expect.stringMatching(/no virtual network rule/) } });
  });

  it('key vault and registry with publicNetworkAccess Disabled refuse their public endpoint', () => {
    const kv: ArmResource = { id: ids.vault('kvx'), name: 'kvx', type: 'Microsoft.KeyVault/vaults', location: 'westeurope', properties: { publicNetworkAccess: 'Disabled' } };
    const cr: ArmResource = { id: ids.registry('crxyz01'), name: 'crxyz01', type: 'Microsoft.ContainerRegistry/registries', location: 'westeurope', properties: { publicNetworkAccess: 'Disabled' } };
    const open = nsg('nsg-open', []);
    const c = cloudOf([vnet([{ name: 'a', prefix: '10.0.1.0/24', nsg: open.id }]), open, kv, cr]);
    expect(reach(c, ids.subnet('a'), tcp('kvx.vault.azure.net')).decidedBy).toMatchObject({ kind: 'service-firewall', id: kv.id });
    expect(reach(c, ids.subnet('a'), tcp('crxyz01.azurecr.io')).decidedBy).toMatchObject({ kind: 'service-firewall', id: cr.id });
  });

  it('a private endpoint bypasses the public network rules, but only when its connection is approved', () => {
    const locked = storageAccount('stpriv', { publicNetworkAccess: 'Disabled' });
    const zone = privateDnsZone('privatelink.blob.core.windows.net', [ids.vnet()], [{ name: 'stpriv', ip: '10.0.3.4' }]);
    const approved = privateEndpoint('pe-blob', ids.subnet('pe'), locked.id, 'blob', '10.0.3.4', ['stpriv.blob.core.windows.net']);
    const ok = reach(cloud(sep, [locked, approved, ...zone]), training, tcp('stpriv.blob.core.windows.net'));
    expect(ok).toMatchObject({ allowed: true, decidedBy: { kind: 'service-firewall', detail: expect.stringMatching(/connection Approved/) } });
    const pending = privateEndpoint('pe-blob', ids.subnet('pe'), locked.id, 'blob', '10.0.3.4', ['stpriv.blob.core.windows.net'], 'Pending');
    const no = reach(cloud(sep, [locked, pending, ...zone]), training, tcp('stpriv.blob.core.windows.net'));
    expect(no).toMatchObject({ allowed: false, decidedBy: { kind: 'service-firewall', detail: expect.stringMatching(/Pending/) } });
  });

  it('Log Analytics ingestion and an Azure ML workspace honour their public network access settings', () => {
    const cid = '0c4a2a3e-1111-2222-3333-444444444444';
    const la: ArmResource = { id: `${RG}/providers/Microsoft.OperationalInsights/workspaces/log`, name: 'log', type: 'Microsoft.OperationalInsights/workspaces', location: 'westeurope', properties: { customerId: cid, publicNetworkAccessForIngestion: 'Disabled' } };
    const ws: ArmResource = { id: `${RG}/providers/Microsoft.MachineLearningServices/workspaces/mlw`, name: 'mlw', type: 'Microsoft.MachineLearningServices/workspaces', location: 'westeurope', properties: { workspaceId: cid, publicNetworkAccess: 'Disabled' } };
    const open = nsg('nsg-open', []);
    const c = cloudOf([vnet([{ name: 'a', prefix: '10.0.1.0/24', nsg: open.id }]), open, la, ws]);
    expect(reach(c, ids.subnet('a'), tcp(`${cid}.ods.opinsights.azure.com`)).decidedBy).toMatchObject({ kind: 'service-firewall', id: la.id });
    expect(reach(c, ids.subnet('a'), tcp(`${cid}.workspace.westeurope.api.azureml.ms`)).decidedBy).toMatchObject({ kind: 'service-firewall', id: ws.id });
  });
});
