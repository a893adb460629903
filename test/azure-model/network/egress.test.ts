import { describe, expect, it } from 'vitest';
import { cloudOf, reach, type ArmResource } from '../../../src/azure-model/network/index.js';
import { ids, natGateway, nsg, publicIp, tcp, vnet, type SubnetSpec } from './builders.js';

const batch = tcp('BatchNodeManagement.westeurope', 443, 'serviceTag');
const allowBatch = nsg('nsg-training', [
  { name: 'AllowBatchNodeManagementOutbound', priority: 140, access: 'Allow', protocol: 'Tcp', destination: 'BatchNodeManagement.westeurope', ports: '443' },
  { name: 'DenyAllOutbound', priority: 4096, access: 'Deny' },
]);

function cloudWith(subnet: Partial<SubnetSpec>, extra: ArmResource[] = []): ReturnType<typeof cloudOf> {
  return cloudOf([vnet([{ name: 'training', prefix: '10.0.1.0/24', nsg: allowBatch.id, ...subnet }]), allowBatch, ...extra]);
}

describe('outbound connectivity to public endpoints', () => {
  it('a private subnet with no NAT gateway and no route to an appliance has no way out (BatchNodeManagement)', () => {
    const v = reach(cloudWith({ defaultOutboundAccess: false }), ids.subnet('training'), batch);
    expect(v).toMatchObject({ allowed: false, decidedBy: { kind: 'no-egress', id: ids.subnet('training') } });
    expect(v.trace.some((t) => t.startsWith('nsg') && t.includes('AllowBatchNodeManagementOutbound'))).toBe(true);
  });

  it('the same subnet with a NAT gateway gets out', () => {
    const nat = natGateway('nat', [ids.pip('nat-pip')]);
    const v = reach(cloudWith({ defaultOutboundAccess: false, natGateway: nat.id }, [nat, publicIp('nat-pip', '20.0.0.1')]), ids.subnet('training'), batch);
    expect(v).toMatchObject({ allowed: true, decidedBy: { kind: 'route', id: nat.id } });
    expect(v.trace.join('\n')).toMatch(/NAT gateway nat SNATs the flow to the internet \(20\.0\.0\.1\)/);
  });

  it('a subnet without the private-subnet flag uses default outbound access', () => {
    const v = reach(cloudWith({}), ids.subnet('training'), batch);
    expect(v).toMatchObject({ allowed: true, decidedBy: { kind: 'route', detail: expect.stringMatching(/default outbound access/) } });
  });

  it('the NSG refuses before egress is even considered', () => {
    const v = reach(cloudWith({ defaultOutboundAccess: false }), ids.subnet('training'), tcp('pypi.org'));
    expect(v).toMatchObject({ allowed: false, decidedBy: { kind: 'nsg-rule', id: `${allowBatch.id}/securityRules/DenyAllOutbound` } });
  });

  it('a reserved private range outside the VNet routes to None', () => {
    const v = reach(cloudWith({}), ids.subnet('training'), tcp('192.168.1.1', 443, 'ip'));
    expect(v).toMatchObject({ allowed: false, decidedBy: { kind: 'route', detail: expect.stringMatching(/192\.168\.0\.0\/16 → None/) } });
  });
});
