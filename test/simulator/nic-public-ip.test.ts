// An instance-level public IP on a NIC's IP configuration (how a VM gets one: Learn
// associate-public-ip-address-vm): the NIC renders it, the public IP renders the IP configuration back,
// a second holder is refused (PublicIPAddressInUse) and the address cannot be deleted while held.
import { describe, expect, it } from 'vitest';
import { netPath, SUB } from './helpers.js';
import { expectRefused, putNetwork, withGroup } from './refusal-helpers.js';

const RG = 'rg1';
const SUBNET = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Network/virtualNetworks/v1/subnets/s1`;

describe('NIC IP configuration with a public IP', () => {
  it('renders both ways, refuses a second holder and a delete while held', async () => {
    const h = await withGroup(RG);
    await putNetwork(h, RG, 'virtualNetworks/v1', { location: 'eastus', properties: { addressSpace: { addressPrefixes: ['10.0.0.0/16'] }, subnets: [{ name: 's1', properties: { addressPrefix: '10.0.1.0/24' } }] } });
    await putNetwork(h, RG, 'publicIPAddresses/p1', { location: 'eastus', sku: { name: 'Standard' }, properties: { publicIPAllocationMethod: 'Static' } });
    const pipId = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Network/publicIPAddresses/p1`;
    const nic = () => ({ location: 'eastus', properties: { ipConfigurations: [{ name: 'ip1', properties: { subnet: { id: SUBNET }, publicIPAddress: { id: pipId } } }] } });
    await putNetwork(h, RG, 'networkInterfaces/n1', nic());
    const got = await h.call('GET', netPath(RG, 'networkInterfaces/n1'));
    expect(got.body.properties.ipConfigurations[0].properties.publicIPAddress).toEqual({ id: pipId });
    const pip = await h.call('GET', netPath(RG, 'publicIPAddresses/p1'));
    expect(pip.body.properties.ipConfiguration.id).toMatch(/networkInterfaces\/n1\/ipConfigurations\/ip1$/);
    expectRefused(await h.call('PUT', netPath(RG, 'networkInterfaces/n2'), nic()), 400, 'PublicIPAddressInUse', 'is already in use by');
    const del = await h.call('DELETE', netPath(RG, 'publicIPAddresses/p1'));
    expect(del.status).toBe(400);
  });
});
