import { describe, expect, it } from 'vitest';
import { cloudOf, evaluateNsg, expandTags, reach, type NsgFlow } from '../../../src/azure-model/network/index.js';
import { ids, nsg, routeTable, tcp, vnet } from './builders.js';

const source = { prefixes: ['10.0.1.0/24'], tags: new Set(['virtualnetwork']) };
const flow = (destinationTags: string[], port = 443, protocol: 'Tcp' | 'Udp' = 'Tcp', ip?: string): NsgFlow => ({
  direction: 'Outbound',
  protocol,
  source,
  destination: { ip, tags: expandTags(destinationTags) },
  destinationPort: port,
});
const blobWestEurope = ['Storage.westeurope', 'Internet'];

describe('NSG evaluation', () => {
  it('an allow at priority 100 overrides a deny at 4096', () => {
    const g = nsg('n', [
      { name: 'DenyAll', priority: 4096, access: 'Deny' },
      { name: 'AllowStorage', priority: 100, access: 'Allow', protocol: 'Tcp', destination: 'Storage', ports: '443' },
    ]);
    const r = evaluateNsg(cloudOf([g]), g.id, flow(blobWestEurope));
    expect(r).toMatchObject({ access: 'Allow', rule: { name: 'AllowStorage', priority: 100 } });
  });

  it('matches Storage.westeurope ⊂ Storage ⊂ AzureCloud.westeurope ⊂ AzureCloud, not Storage.northeurope', () => {
    for (const [tag, expected] of [
      ['Storage.westeurope', 'Allow'],
      ['Storage', 'Allow'],
      ['AzureCloud.westeurope', 'Allow'],
      ['AzureCloud', 'Allow'],
      ['Storage.northeurope', 'Deny'],
      ['AzureKeyVault', 'Deny'],
    ] as const) {
      const g = nsg('n', [
        { name: 'AllowTag', priority: 100, access: 'Allow', destination: tag },
        { name: 'DenyAll', priority: 4096, access: 'Deny' },
      ]);
      expect(evaluateNsg(cloudOf([g]), g.id, flow(blobWestEurope)).access, tag).toBe(expected);
    }
  });

  it("uses Azure's documented default rules when the body has none", () => {
    const g = nsg('n', []);
    const cloud = cloudOf([g]);
    expect(evaluateNsg(cloud, g.id, flow(['Internet'])).rule).toMatchObject({ name: 'AllowInternetOutBound', priority: 65001, isDefault: true });
    expect(evaluateNsg(cloud, g.id, flow(['VirtualNetwork'], 22, 'Tcp', '10.0.2.4')).rule).toMatchObject({ name: 'AllowVnetOutBound', priority: 65000 });
    expect(evaluateNsg(cloud, g.id, flow(['AzureLoadBalancer'])).rule).toMatchObject({ name: 'DenyAllOutBound', access: 'Deny' });
  });

  it('matches port lists and ranges, and protocols', () => {
    const g = nsg('n', [
      { name: 'AllowAml', priority: 100, access: 'Allow', protocol: 'Tcp', destination: 'AzureMachineLearning', ports: ['443', '8787', '18000-19000'] },
      { name: 'AllowAmlUdp', priority: 110, access: 'Allow', protocol: 'Udp', destination: 'AzureMachineLearning', ports: '5831' },
      { name: 'DenyAll', priority: 4096, access: 'Deny' },
    ]);
    const cloud = cloudOf([g]);
    expect(evaluateNsg(cloud, g.id, flow(['AzureMachineLearning'], 18881)).access).toBe('Allow');
    expect(evaluateNsg(cloud, g.id, flow(['AzureMachineLearning'], 5831, 'Udp')).access).toBe('Allow');
    expect(evaluateNsg(cloud, g.id, flow(['AzureMachineLearning'], 5831, 'Tcp')).access).toBe('Deny');
    expect(evaluateNsg(cloud, g.id, flow(['AzureMachineLearning'], 80)).access).toBe('Deny');
  });

  it('matches CIDRs against the destination IP and the whole source subnet', () => {
    const g = nsg('n', [
      { name: 'AllowFromOtherSubnet', priority: 100, access: 'Allow', source: '10.0.9.0/24', destination: '*' },
      { name: 'AllowToPe', priority: 110, access: 'Allow', destination: '10.0.3.0/24' },
      { name: 'DenyAll', priority: 4096, access: 'Deny' },
    ]);
    const r = evaluateNsg(cloudOf([g]), g.id, flow([], 443, 'Tcp', '10.0.3.4'));
    expect(r.rule?.name).toBe('AllowToPe');
  });

  it('allows everything when the subnet has no NSG', () => {
    expect(evaluateNsg(cloudOf([]), undefined, flow(['Internet'])).access).toBe('Allow');
  });

  it('trap: a 0.0.0.0/0 UDR puts the internet in VirtualNetwork, so AllowVnetOutBound lets it through', () => {
    const g = nsg('n', [{ name: 'DenyInternet', priority: 4000, access: 'Deny', destination: 'Internet' }]);
    const rt = routeTable('rt', [{ name: 'default', prefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopIp: '10.1.0.4' }]);
    const withUdr = cloudOf([vnet([{ name: 'a', prefix: '10.0.1.0/24', nsg: g.id, routeTable: rt.id }]), g, rt]);
    // The NSG (priority 4000 deny) still decides first; remove it and AllowVnetOutBound (65000) matches pypi.org.
    const v = reach(withUdr, ids.subnet('a'), tcp('pypi.org'));
    expect(v.decidedBy).toMatchObject({ kind: 'nsg-rule', id: `${g.id}/securityRules/DenyInternet` });
    const open = nsg('n', []);
    const v2 = reach(cloudOf([vnet([{ name: 'a', prefix: '10.0.1.0/24', nsg: open.id, routeTable: rt.id }]), open, rt]), ids.subnet('a'), tcp('pypi.org'));
    expect(v2.trace.join('\n')).toMatch(/AllowVnetOutBound \(default rule\)/);
  });
});
