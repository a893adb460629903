// The real SDK clients against the in-process simulator: what Azure refuses, the simulator
// refuses, with ARM's codes, through the very client code the steps use.
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { classifyArmError } from '../../src/azure/arm-error.js';
import { createClients, type AzureClients } from '../../src/azure/clients.js';
import { tmpDir } from '../helpers/cli.js';

const SUB = '11111111-2222-3333-4444-555555555555';
const RG = 'rg-rules';
const LOC = 'westeurope';
const fast = { updateIntervalInMs: 5 };

async function code(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (e) {
    return classifyArmError(e).code;
  }
  return undefined;
}

describe('simulator refuses what Azure refuses (through @azure/arm-network)', () => {
  let clients: AzureClients;

  beforeAll(async () => {
    const dir = path.join(await tmpDir(), 'sim');
    clients = createClients({ kind: 'simulate', subscriptionId: SUB, dir, timeScale: 0.001, latency: 'median' });
    await (await clients.resources()).resourceGroups.createOrUpdate(RG, { location: LOC });
  });

  it('creates a VNet through the SDK poller and reads it back Succeeded', async () => {
    const net = await clients.network();
    const vnet = await net.virtualNetworks.beginCreateOrUpdateAndWait(RG, 'vnet-ok', {
      location: LOC, addressSpace: { addressPrefixes: ['10.0.0.0/16'] }, subnets: [{ name: 'a', addressPrefix: '10.0.1.0/24' }],
    }, fast);
    expect(vnet.provisioningState).toBe('Succeeded');
    expect(vnet.subnets?.[0].id).toMatch(/\/virtualNetworks\/vnet-ok\/subnets\/a$/i);
  });

  it('overlapping subnets: NetcfgSubnetRangesOverlap', async () => {
    const net = await clients.network();
    expect(await code(net.virtualNetworks.beginCreateOrUpdateAndWait(RG, 'vnet-overlap', {
      location: LOC, addressSpace: { addressPrefixes: ['10.0.0.0/16'] },
      subnets: [{ name: 'a', addressPrefix: '10.0.1.0/24' }, { name: 'b', addressPrefix: '10.0.1.128/25' }],
    }, fast))).toBe('NetcfgSubnetRangesOverlap');
  });

  it('subnet outside the address space: NetcfgSubnetRangeOutsideVnet', async () => {
    const net = await clients.network();
    expect(await code(net.virtualNetworks.beginCreateOrUpdateAndWait(RG, 'vnet-outside', {
      location: LOC, addressSpace: { addressPrefixes: ['10.0.0.0/16'] }, subnets: [{ name: 'a', addressPrefix: '10.9.1.0/24' }],
    }, fast))).toBe('NetcfgSubnetRangeOutsideVnet');
  });

  it('a reference to an NSG that does not exist: InvalidResourceReference', async () => {
    const net = await clients.network();
    expect(await code(net.virtualNetworks.beginCreateOrUpdateAndWait(RG, 'vnet-ref', {
      location: LOC, addressSpace: { addressPrefixes: ['10.0.0.0/16'] },
      subnets: [{ name: 'a', addressPrefix: '10.0.1.0/24', networkSecurityGroup: { id: `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Network/networkSecurityGroups/nope` } }],
    }, fast))).toBe('InvalidResourceReference');
  });

  it('deleting a subnet in use: InUseSubnetCannotBeDeleted', async () => {
    const net = await clients.network();
    const vnet = await net.virtualNetworks.beginCreateOrUpdateAndWait(RG, 'vnet-inuse', {
      location: LOC, addressSpace: { addressPrefixes: ['10.1.0.0/16'] }, subnets: [{ name: 'used', addressPrefix: '10.1.1.0/24' }],
    }, fast);
    await net.networkInterfaces.beginCreateOrUpdateAndWait(RG, 'nic1', {
      location: LOC, ipConfigurations: [{ name: 'ip1', subnet: { id: vnet.subnets![0].id }, privateIPAllocationMethod: 'Dynamic' }],
    }, fast);
    expect(await code(net.subnets.beginDeleteAndWait(RG, 'vnet-inuse', 'used', fast))).toBe('InUseSubnetCannotBeDeleted');
  });

  it('reading a resource that does not exist: 404 ResourceNotFound; in a missing group: ResourceGroupNotFound', async () => {
    const net = await clients.network();
    expect(await code(net.virtualNetworks.get(RG, 'nope'))).toBe('ResourceNotFound');
    expect(await code(net.virtualNetworks.get('rg-missing', 'nope'))).toBe('ResourceGroupNotFound');
  });
});
