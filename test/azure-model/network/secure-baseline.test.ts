// The simulator's dump of the example environment (`npm run demo`, then `sim dump`), trimmed to the
// network-relevant resources: see fixtures/README.md.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cloudOf, reach, resolve, type ArmResource } from '../../../src/azure-model/network/index.js';
import { tcp } from './builders.js';

const resources = JSON.parse(readFileSync(new URL('./fixtures/secure-baseline.cloud.json', import.meta.url), 'utf8')) as ArmResource[];
const cloud = cloudOf(resources);
const byType = (type: string): ArmResource => {
  const r = resources.find((x) => x.type === type);
  if (!r) throw new Error(`fixture has no ${type}`);
  return r;
};
const vnet = byType('Microsoft.Network/virtualNetworks');
const region = vnet.location ?? '';
const training = `${vnet.id}/subnets/snet-training`;
const account = byType('Microsoft.Storage/storageAccounts');
const blob = `${account.name}.blob.core.windows.net`;
const blobPe = resources.find((r) => r.type === 'Microsoft.Network/privateEndpoints' && JSON.stringify(r.properties).includes('"blob"'));

describe('the secure baseline as provisioned today (simulator dump)', () => {
  it(`cannot reach BatchNodeManagement.${region}:443 from the training subnet: the private subnet has no way out`, () => {
    const v = reach(cloud, training, tcp(`BatchNodeManagement.${region}`, 443, 'serviceTag'));
    expect(v).toMatchObject({ allowed: false, decidedBy: { kind: 'no-egress', id: training } });
    // The NSG allows it (AllowBatchNodeManagementOutbound): the gap is the missing NAT gateway or firewall route.
    expect(v.trace.join('\n')).toMatch(/AllowBatchNodeManagementOutbound priority 140 allows/);
  });

  it("resolves the workspace storage blob FQDN to the blob private endpoint's IP and allows it", () => {
    const ip = JSON.stringify(blobPe?.properties).match(/"ipAddresses":\["([\d.]+)"\]/)?.[1];
    expect(ip).toBeDefined();
    expect(resolve(cloud, vnet.id, blob).answer).toMatchObject({ kind: 'private', ip });
    const v = reach(cloud, training, tcp(blob));
    expect(v).toMatchObject({ allowed: true, decidedBy: { kind: 'service-firewall', id: account.id } });
    expect(v.trace.join('\n')).toContain(`${ip}/32 → InterfaceEndpoint`);
  });

  it('cannot copy data to a foreign storage account (service endpoint policy)', () => {
    expect(reach(cloud, training, tcp('stforeign.blob.core.windows.net')).decidedBy.kind).toBe('service-endpoint-policy');
  });

  it('cannot reach pypi.org (NSG deny-all outbound)', () => {
    expect(reach(cloud, training, tcp('pypi.org')).decidedBy).toMatchObject({ kind: 'nsg-rule', detail: expect.stringMatching(/DenyAllOutbound: priority 4096/) });
  });

  it('reaches the workspace, key vault and registry through their private endpoints', () => {
    const ws = byType('Microsoft.MachineLearningServices/workspaces');
    const wsid = String(ws.properties?.workspaceId);
    const kv = byType('Microsoft.KeyVault/vaults');
    const cr = byType('Microsoft.ContainerRegistry/registries');
    for (const fqdn of [`${wsid}.workspace.${region}.api.azureml.ms`, `${kv.name}.vault.azure.net`, `${cr.name}.azurecr.io`, `${cr.name}.${region}.data.azurecr.io`]) {
      const v = reach(cloud, training, tcp(fqdn));
      expect(v.allowed, `${fqdn}\n${v.trace.join('\n')}`).toBe(true);
      expect(v.trace.join('\n')).toMatch(/InterfaceEndpoint/);
    }
  });

  it('has the same gap for Log Analytics ingestion and for the AKS tunnel from the scoring subnet', () => {
    const la = byType('Microsoft.OperationalInsights/workspaces');
    const ingestion = reach(cloud, training, tcp(`${String(la.properties?.customerId)}.ods.opinsights.azure.com`));
    expect(ingestion.decidedBy.kind).toBe('no-egress');
    expect(ingestion.trace.join('\n')).toMatch(/AllowAzureMonitorOutbound/);
    const tunnel = reach(cloud, `${vnet.id}/subnets/snet-scoring`, { address: `AzureCloud.${region}`, kind: 'serviceTag', port: 1194, protocol: 'Udp' });
    expect(tunnel.decidedBy).toMatchObject({ kind: 'no-egress', id: `${vnet.id}/subnets/snet-scoring` });
  });
});
