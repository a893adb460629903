import { describe, expect, it } from 'vitest';
import { cloudOf, reach, resolve } from '../../../src/azure-model/network/index.js';
import { ids, privateDnsZone, privateEndpoint, storageAccount, tcp, vnet } from './builders.js';

const net = vnet([
  { name: 'app', prefix: '10.0.1.0/24' },
  { name: 'pe', prefix: '10.0.3.0/24' },
]);
const other = vnet([{ name: 'x', prefix: '10.9.0.0/24' }], { name: 'other', prefixes: ['10.9.0.0/16'] });
const account = storageAccount('stacct', { publicNetworkAccess: 'Disabled' });
const pe = privateEndpoint('pe-blob', ids.subnet('pe'), account.id, 'blob', '10.0.3.4', ['stacct.blob.core.windows.net']);

describe('private DNS resolution from a VNet', () => {
  it('resolves a private endpoint FQDN to its private IP through a linked privatelink zone', () => {
    const cloud = cloudOf([net, account, pe, ...privateDnsZone('privatelink.blob.core.windows.net', [ids.vnet()], [{ name: 'stacct', ip: '10.0.3.4' }])]);
    const r = resolve(cloud, ids.vnet(), 'STACCT.blob.core.windows.net.');
    expect(r.answer).toMatchObject({ kind: 'private', ip: '10.0.3.4' });
    expect(r.chain).toEqual(['stacct.blob.core.windows.net', 'stacct.privatelink.blob.core.windows.net']);
  });

  it('gives the public answer when the zone is linked to another VNet only', () => {
    const cloud = cloudOf([net, other, account, pe, ...privateDnsZone('privatelink.blob.core.windows.net', [ids.vnet('other')], [{ name: 'stacct', ip: '10.0.3.4' }])]);
    const r = resolve(cloud, ids.vnet(), 'stacct.blob.core.windows.net');
    expect(r.answer.kind).toBe('public');
    expect(r.trace.join('\n')).toMatch(/no private DNS zone privatelink\.blob\.core\.windows\.net is linked/);
  });

  it('answers NXDOMAIN when the linked zone has no record for a resource with a private endpoint', () => {
    const cloud = cloudOf([net, account, pe, ...privateDnsZone('privatelink.blob.core.windows.net', [ids.vnet()], [])]);
    expect(resolve(cloud, ids.vnet(), 'stacct.blob.core.windows.net').answer.kind).toBe('nxdomain');
    const v = reach(cloud, ids.subnet('app'), tcp('stacct.blob.core.windows.net'));
    expect(v).toMatchObject({ allowed: false, decidedBy: { kind: 'dns', id: ids.zone('privatelink.blob.core.windows.net') } });
  });

  it('falls back to public resolution when the link says NxDomainRedirect', () => {
    const cloud = cloudOf([net, account, pe, ...privateDnsZone('privatelink.blob.core.windows.net', [ids.vnet()], [], { resolutionPolicy: 'NxDomainRedirect' })]);
    expect(resolve(cloud, ids.vnet(), 'stacct.blob.core.windows.net').answer.kind).toBe('public');
  });

  it('gives the public answer for an account without a private endpoint even with the zone linked', () => {
    const cloud = cloudOf([net, storageAccount('stother'), ...privateDnsZone('privatelink.blob.core.windows.net', [ids.vnet()], [])]);
    expect(resolve(cloud, ids.vnet(), 'stother.blob.core.windows.net').answer.kind).toBe('public');
  });

  it('follows the key vault CNAME into privatelink.vaultcore.azure.net', () => {
    const vault = { id: ids.vault('kvx'), name: 'kvx', type: 'Microsoft.KeyVault/vaults', location: 'westeurope', properties: {} };
    const kvPe = privateEndpoint('pe-kv', ids.subnet('pe'), vault.id, 'vault', '10.0.3.8', ['kvx.vault.azure.net']);
    const cloud = cloudOf([net, vault, kvPe, ...privateDnsZone('privatelink.vaultcore.azure.net', [ids.vnet()], [{ name: 'kvx', ip: '10.0.3.8' }])]);
    const r = resolve(cloud, ids.vnet(), 'kvx.vault.azure.net');
    expect(r.answer).toMatchObject({ kind: 'private', ip: '10.0.3.8' });
    expect(r.chain[1]).toBe('kvx.privatelink.vaultcore.azure.net');
  });

  it('answers from a wildcard record', () => {
    const ws = { id: `${ids.vault('x')}-ws`, name: 'mlw', type: 'Microsoft.MachineLearningServices/workspaces', location: 'westeurope', properties: { workspaceId: '0c4a2a3e-1111-2222-3333-444444444444' } };
    const fqdn = 'svc.0c4a2a3e-1111-2222-3333-444444444444.inference.westeurope.api.azureml.ms';
    const wsPe = privateEndpoint('pe-ws', ids.subnet('pe'), ws.id, 'amlworkspace', '10.0.3.11', ['*.0c4a2a3e-1111-2222-3333-444444444444.inference.westeurope.api.azureml.ms']);
    const cloud = cloudOf([net, ws, wsPe, ...privateDnsZone('privatelink.api.azureml.ms', [ids.vnet()], [{ name: '*.0c4a2a3e-1111-2222-3333-444444444444.inference.westeurope', ip: '10.0.3.11' }])]);
    expect(resolve(cloud, ids.vnet(), fqdn).answer).toMatchObject({ kind: 'private', ip: '10.0.3.11' });
  });

  it('notes custom DNS servers as an assumption', () => {
    const custom = { ...net, properties: { ...net.properties, dhcpOptions: { dnsServers: ['10.0.0.4'] } } };
    const r = resolve(cloudOf([custom]), ids.vnet(), 'pypi.org');
    expect(r.answer.kind).toBe('public');
    expect(r.assumptions.join('\n')).toMatch(/custom DNS servers/);
  });
});
