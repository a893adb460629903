// Network interfaces make subnets "in use": back-references and the in-use guards.
import { describe, expect, it } from 'vitest';
import { SUB, createGroup, harness, netPath, vnetBody, type Harness } from './helpers.js';

const subnetId = (s: string) => `/subscriptions/${SUB}/resourceGroups/rg1/providers/Microsoft.Network/virtualNetworks/vnet1/subnets/${s}`;
const nicBody = (subnet: string, ip?: string) => ({
  location: 'eastus',
  properties: {
    ipConfigurations: [{ name: 'ipconfig1', properties: { subnet: { id: subnetId(subnet) }, ...(ip ? { privateIPAllocationMethod: 'Static', privateIPAddress: ip } : {}) } }],
  },
});

async function withNic(): Promise<Harness> {
  const h = await harness();
  await createGroup(h);
  await h.call('PUT', netPath('rg1', 'virtualNetworks/vnet1'), vnetBody([{ name: 'used', prefix: '10.0.0.0/24' }, { name: 'free', prefix: '10.0.1.0/24' }]));
  h.clock.advance(8);
  const nic = await h.call('PUT', netPath('rg1', 'networkInterfaces/nic1'), nicBody('used'));
  expect(nic.status).toBe(201);
  h.clock.advance(2);
  return h;
}

describe('network interfaces and in-use subnets', () => {
  it('allocates the first free address and adds the ipConfiguration back-reference to the subnet', async () => {
    const h = await withNic();
    const nic = (await h.call('GET', netPath('rg1', 'networkInterfaces/nic1'))).body;
    expect(nic.properties.provisioningState).toBe('Succeeded');
    expect(nic.properties.ipConfigurations[0].properties).toMatchObject({ privateIPAddress: '10.0.0.4', privateIPAllocationMethod: 'Dynamic', primary: true });
    const subnet = (await h.call('GET', netPath('rg1', 'virtualNetworks/vnet1/subnets/used'))).body;
    expect(subnet.properties.ipConfigurations).toEqual([{ id: `${nic.id}/ipConfigurations/ipconfig1` }]);
    const second = await h.call('PUT', netPath('rg1', 'networkInterfaces/nic2'), nicBody('used'));
    expect(second.body.properties.ipConfigurations[0].properties.privateIPAddress).toBe('10.0.0.5');
    h.clock.advance(2);
    expect((await h.call('PUT', netPath('rg1', 'networkInterfaces/nic3'), nicBody('used', '10.0.0.4'))).body.error.code).toBe('PrivateIPAddressInUse');
    expect((await h.call('PUT', netPath('rg1', 'networkInterfaces/nic3'), nicBody('used', '10.0.0.2'))).body.error.code).toBe('PrivateIPAddressInReservedRange');
    expect((await h.call('PUT', netPath('rg1', 'networkInterfaces/nic3'), nicBody('used', '10.0.1.9'))).body.error.code).toBe('PrivateIPAddressNotInSubnet');
    expect((await h.call('PUT', netPath('rg1', 'networkInterfaces/nic3'), nicBody('ghost'))).body.error.code).toBe('InvalidResourceReference');
  });

  it('DELETE of an in-use subnet is refused with InUseSubnetCannotBeDeleted', async () => {
    const h = await withNic();
    const r = await h.call('DELETE', netPath('rg1', 'virtualNetworks/vnet1/subnets/used'));
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('InUseSubnetCannotBeDeleted');
    expect(r.body.error.message).toContain('/networkInterfaces/nic1/ipConfigurations/ipconfig1');
    expect((await h.call('DELETE', netPath('rg1', 'virtualNetworks/vnet1/subnets/free'))).status).toBe(202);
  });

  it('a VNet PUT that omits an in-use subnet, or deleting the VNet, is refused', async () => {
    const h = await withNic();
    const put = await h.call('PUT', netPath('rg1', 'virtualNetworks/vnet1'), vnetBody([{ name: 'free', prefix: '10.0.1.0/24' }]));
    expect(put.status).toBe(400);
    expect(put.body.error.code).toBe('InUseSubnetCannotBeDeleted');
    const noSubnets = await h.call('PUT', netPath('rg1', 'virtualNetworks/vnet1'), { location: 'eastus', properties: { addressSpace: { addressPrefixes: ['10.0.0.0/16'] } } });
    expect(noSubnets.body.error.code).toBe('InUseSubnetCannotBeDeleted');
    const del = await h.call('DELETE', netPath('rg1', 'virtualNetworks/vnet1'));
    expect(del.status).toBe(400);
    expect(del.body.error.code).toBe('InUseSubnetCannotBeDeleted');

    // Once the NIC is gone the subnet is free again.
    await h.call('DELETE', netPath('rg1', 'networkInterfaces/nic1'));
    h.clock.advance(2);
    expect((await h.call('DELETE', netPath('rg1', 'virtualNetworks/vnet1/subnets/used'))).status).toBe(202);
  });

  it('a NIC write does not take the VNet lock', async () => {
    const h = await withNic();
    await h.call('PUT', netPath('rg1', 'virtualNetworks/vnet1/subnets/free'), { properties: { addressPrefix: '10.0.1.0/24', defaultOutboundAccess: false } });
    const nic = await h.call('PUT', netPath('rg1', 'networkInterfaces/nic9'), nicBody('used'));
    expect(nic.status).toBe(201);
  });

  it('an NSG used by a NIC cannot be deleted', async () => {
    const h = await withNic();
    await h.call('PUT', netPath('rg1', 'networkSecurityGroups/nsg1'), { location: 'eastus' });
    h.clock.advance(8);
    const nsgRef = { id: `/subscriptions/${SUB}/resourceGroups/rg1/providers/Microsoft.Network/networkSecurityGroups/nsg1` };
    const body = nicBody('used');
    const put = await h.call('PUT', netPath('rg1', 'networkInterfaces/nic1'), { ...body, properties: { ...body.properties, networkSecurityGroup: nsgRef } });
    expect(put.status).toBe(200);
    h.clock.advance(2);
    expect((await h.call('GET', netPath('rg1', 'networkSecurityGroups/nsg1'))).body.properties.networkInterfaces).toHaveLength(1);
    expect((await h.call('DELETE', netPath('rg1', 'networkSecurityGroups/nsg1'))).body.error.code).toBe('InUseNetworkSecurityGroupCannotBeDeleted');
  });
});
