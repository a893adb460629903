// The real Azure SDK clients drive the simulator unchanged (in-process HttpClient, fake credential):
// their LRO pollers, error parsing and serializers must all be satisfied.
import { NetworkManagementClient } from '@azure/arm-network';
import { ResourceManagementClient } from '@azure/arm-resources';
import type { TokenCredential } from '@azure/core-auth';
import { createHttpHeaders, type HttpClient, type PipelineRequest, type PipelineResponse } from '@azure/core-rest-pipeline';
import { describe, expect, it } from 'vitest';
import { ArmSimulator } from '../../src/simulator/index.js';
import { SUB, tempDir } from './helpers.js';

const credential: TokenCredential = { getToken: async () => ({ token: 'fake-token', expiresOnTimestamp: Date.now() + 3_600_000 }) };

function httpClient(sim: ArmSimulator): HttpClient {
  return {
    async sendRequest(request: PipelineRequest): Promise<PipelineResponse> {
      const headers: Record<string, string> = {};
      for (const [k, v] of request.headers) headers[k] = v;
      const res = await sim.handle({ method: request.method, url: request.url, headers, body: typeof request.body === 'string' ? request.body : undefined });
      return { request, status: res.status, headers: createHttpHeaders(res.headers), bodyAsText: res.body ?? '' };
    },
  };
}

describe('Azure SDK clients against the simulator', () => {
  it('creates, reads and deletes a group, a VNet with subnets, an NSG and a rule', async () => {
    const sim = await ArmSimulator.open({ dir: await tempDir(), timeScale: 0.001 });
    const options = { httpClient: httpClient(sim) };
    const resources = new ResourceManagementClient(credential, SUB, options);
    const network = new NetworkManagementClient(credential, SUB, options);
    const poll = { updateIntervalInMs: 5 };

    await resources.resourceGroups.createOrUpdate('rg-sdk', { location: 'eastus', tags: { 'secure-aml-env': 'dev' } });
    expect((await resources.resourceGroups.checkExistence('rg-sdk')).body).toBe(true);

    const nsg = await network.networkSecurityGroups.beginCreateOrUpdateAndWait(
      'rg-sdk',
      'nsg1',
      {
        location: 'eastus',
        securityRules: [
          { name: 'deny-out', protocol: '*', access: 'Deny', priority: 4096, direction: 'Outbound', sourcePortRange: '*', destinationPortRange: '*', sourceAddressPrefix: '*', destinationAddressPrefix: '*' },
        ],
      },
      poll,
    );
    expect(nsg.provisioningState).toBe('Succeeded');
    expect(nsg.defaultSecurityRules).toHaveLength(6);

    const vnet = await network.virtualNetworks.beginCreateOrUpdateAndWait(
      'rg-sdk',
      'vnet1',
      {
        location: 'eastus',
        addressSpace: { addressPrefixes: ['10.0.0.0/16'] },
        subnets: [{ name: 'training', addressPrefix: '10.0.1.0/24', networkSecurityGroup: { id: nsg.id }, serviceEndpoints: [{ service: 'Microsoft.Storage' }], defaultOutboundAccess: false }],
      },
      poll,
    );
    expect(vnet.provisioningState).toBe('Succeeded');
    expect(vnet.subnets?.[0].serviceEndpoints?.[0].locations).toEqual(['eastus', 'westus']);

    const subnet = await network.subnets.beginCreateOrUpdateAndWait('rg-sdk', 'vnet1', 'scoring', { addressPrefix: '10.0.2.0/24' }, poll);
    expect(subnet.provisioningState).toBe('Succeeded');
    const rule = await network.securityRules.beginCreateOrUpdateAndWait(
      'rg-sdk', 'nsg1', 'allow-aml',
      { protocol: 'Tcp', access: 'Allow', priority: 100, direction: 'Outbound', sourcePortRange: '*', destinationPortRange: '443', sourceAddressPrefix: 'VirtualNetwork', destinationAddressPrefix: 'AzureMachineLearning' },
      poll,
    );
    expect(rule.provisioningState).toBe('Succeeded');

    // ARM errors surface as RestError with ARM's code.
    await expect(network.virtualNetworks.get('rg-sdk', 'missing')).rejects.toMatchObject({ statusCode: 404, code: 'ResourceNotFound' });
    await expect(
      network.subnets.beginCreateOrUpdateAndWait('rg-sdk', 'vnet1', 'bad', { addressPrefix: '10.0.1.5/24' }, poll),
    ).rejects.toMatchObject({ statusCode: 400, code: 'InvalidCIDRNotation' });
    await expect(network.networkSecurityGroups.beginDeleteAndWait('rg-sdk', 'nsg1', poll)).rejects.toMatchObject({ code: 'InUseNetworkSecurityGroupCannotBeDeleted' });

    await network.subnets.beginDeleteAndWait('rg-sdk', 'vnet1', 'scoring', poll);
    const names = [];
    for await (const s of network.subnets.list('rg-sdk', 'vnet1')) names.push(s.name);
    expect(names).toEqual(['training']);

    await resources.resourceGroups.beginDeleteAndWait('rg-sdk', poll);
    expect((await resources.resourceGroups.checkExistence('rg-sdk')).body).toBe(false);
    expect(await sim.dump()).toEqual([]);
  });
});
