import { describe, expect, it } from 'vitest';
import { cloudOf, evaluateFirewallPolicy, expandTags, fqdnMatchesTarget, reach, type ArmResource, type FirewallFlow } from '../../../src/azure-model/network/index.js';
import { appRule, azureFirewall, firewallPolicy, ids, networkRule, nsg, publicIp, routeTable, ruleCollectionGroup, tcp, vnet } from './builders.js';

const flowTo = (fqdn: string | undefined, opts: Partial<FirewallFlow> = {}): FirewallFlow => ({
  sourcePrefixes: ['10.0.1.0/24'],
  fqdn,
  tags: expandTags(['Internet']),
  protocol: 'Tcp',
  port: 443,
  region: 'westeurope',
  ...opts,
});

function policyWith(groups: ArmResource[], opts: { dnsProxy?: boolean } = {}): { cloud: ReturnType<typeof cloudOf>; id: string } {
  const p = firewallPolicy('fwp', opts);
  return { cloud: cloudOf([p, ...groups]), id: p.id };
}

describe('Azure Firewall target FQDN semantics', () => {
  it('*.pypi.org matches files.pypi.org but not pypi.org', () => {
    expect(fqdnMatchesTarget('*.pypi.org', 'files.pypi.org')).toBe(true);
    expect(fqdnMatchesTarget('*.pypi.org', 'a.b.pypi.org')).toBe(true);
    expect(fqdnMatchesTarget('*.pypi.org', 'pypi.org')).toBe(false);
    expect(fqdnMatchesTarget('*.pypi.org', 'notpypi.org')).toBe(false);
  });

  it('exact FQDNs match exactly and case-insensitively; * matches anything', () => {
    expect(fqdnMatchesTarget('MCR.microsoft.com', 'mcr.MICROSOFT.com')).toBe(true);
    expect(fqdnMatchesTarget('mcr.microsoft.com', 'westeurope.data.mcr.microsoft.com')).toBe(false);
    expect(fqdnMatchesTarget('*', 'anything.example')).toBe(true);
  });

  it('an application rule for *.pypi.org allows files.pypi.org and default-denies pypi.org', () => {
    const { cloud, id } = policyWith([ruleCollectionGroup('fwp', 'rcg', 100, [{ name: 'pkgs', priority: 100, action: 'Allow', rules: [appRule('pypi', ['*.pypi.org'])] }])]);
    expect(evaluateFirewallPolicy(cloud, id, flowTo('files.pypi.org')).action).toBe('Allow');
    const denied = evaluateFirewallPolicy(cloud, id, flowTo('pypi.org'));
    expect(denied).toMatchObject({ action: 'Deny', decidedBy: { kind: 'firewall-default-deny' } });
  });
});

describe('Azure Firewall rule processing', () => {
  it('processes network rules before application rules, whatever the group priority', () => {
    const { cloud, id } = policyWith([
      ruleCollectionGroup('fwp', 'apps', 100, [{ name: 'allow-apps', priority: 100, action: 'Allow', rules: [appRule('mcr', ['mcr.microsoft.com'])] }]),
      ruleCollectionGroup('fwp', 'net', 300, [{ name: 'deny-all', priority: 100, action: 'Deny', rules: [networkRule('all', { destinations: ['*'], ports: ['*'], protocols: ['Any'] })] }]),
    ]);
    expect(evaluateFirewallPolicy(cloud, id, flowTo('mcr.microsoft.com')).decidedBy).toMatchObject({ kind: 'firewall-rule', detail: expect.stringMatching(/deny-all/) });
  });

  it('orders rule collection groups, then collections, by priority', () => {
    const { cloud, id } = policyWith([
      ruleCollectionGroup('fwp', 'late', 500, [{ name: 'allow', priority: 100, action: 'Allow', rules: [appRule('any', ['*'])] }]),
      ruleCollectionGroup('fwp', 'early', 200, [
        { name: 'allow-github', priority: 300, action: 'Allow', rules: [appRule('gh', ['github.com'])] },
        { name: 'deny-github', priority: 200, action: 'Deny', rules: [appRule('gh', ['github.com'])] },
      ]),
    ]);
    const r = evaluateFirewallPolicy(cloud, id, flowTo('github.com'));
    expect(r).toMatchObject({ action: 'Deny', decidedBy: { id: `${ids.policy('fwp')}/ruleCollectionGroups/early`, detail: expect.stringMatching(/^deny-github/) } });
  });

  it('network rules match service tags and CIDRs; application rules are not tried for UDP', () => {
    const { cloud, id } = policyWith([
      ruleCollectionGroup('fwp', 'net', 100, [
        { name: 'aml', priority: 100, action: 'Allow', rules: [networkRule('aml-udp', { destinations: ['AzureMachineLearning'], ports: ['5831'], protocols: ['UDP'] })] },
        { name: 'dns', priority: 200, action: 'Allow', rules: [networkRule('dns', { destinations: ['168.63.129.16/32'], ports: ['53'], protocols: ['UDP', 'TCP'] })] },
      ]),
      ruleCollectionGroup('fwp', 'apps', 200, [{ name: 'all', priority: 100, action: 'Allow', rules: [appRule('all', ['*'], { ports: [5831] })] }]),
    ]);
    expect(evaluateFirewallPolicy(cloud, id, flowTo('westeurope.tundra.azureml.ms', { tags: expandTags(['AzureMachineLearning', 'Internet']), protocol: 'Udp', port: 5831 })).action).toBe('Allow');
    expect(evaluateFirewallPolicy(cloud, id, flowTo(undefined, { ip: '168.63.129.16', protocol: 'Udp', port: 53, tags: new Set() })).action).toBe('Allow');
    expect(evaluateFirewallPolicy(cloud, id, flowTo('example.org', { protocol: 'Udp', port: 5831 })).decidedBy.kind).toBe('firewall-default-deny');
  });

  it('FQDNs in network rules match only with the DNS proxy on', () => {
    const group = ruleCollectionGroup('fwp', 'net', 100, [{ name: 'ntp', priority: 100, action: 'Allow', rules: [networkRule('ntp', { fqdns: ['ntp.ubuntu.com'], ports: ['123'], protocols: ['UDP'] })] }]);
    const ntp = flowTo('ntp.ubuntu.com', { protocol: 'Udp', port: 123 });
    const off = policyWith([group]);
    const r = evaluateFirewallPolicy(off.cloud, off.id, ntp);
    expect(r.action).toBe('Deny');
    expect(r.trace.join('\n')).toMatch(/DNS proxy is off/);
    const on = policyWith([group], { dnsProxy: true });
    expect(evaluateFirewallPolicy(on.cloud, on.id, ntp).action).toBe('Allow');
  });

  it('the AzureKubernetesService FQDN tag covers mcr.microsoft.com and the region API server names', () => {
    const { cloud, id } = policyWith([ruleCollectionGroup('fwp', 'aks', 100, [{ name: 'aks', priority: 100, action: 'Allow', rules: [appRule('aks', [], { fqdnTags: ['AzureKubernetesService'] })] }])]);
    expect(evaluateFirewallPolicy(cloud, id, flowTo('mcr.microsoft.com')).action).toBe('Allow');
    const r = evaluateFirewallPolicy(cloud, id, flowTo('abc.hcp.westeurope.azmk8s.io'));
    expect(r.action).toBe('Allow');
    expect(r.assumptions.join('\n')).toMatch(/AzureKubernetesService/);
    expect(evaluateFirewallPolicy(cloud, id, flowTo('pypi.org')).action).toBe('Deny');
  });

  it('a source address rule must hold the whole source subnet', () => {
    const { cloud, id } = policyWith([
      ruleCollectionGroup('fwp', 'apps', 100, [{ name: 'narrow', priority: 100, action: 'Allow', rules: [appRule('narrow', ['github.com'], { sources: ['10.0.1.0/25'] })] }]),
    ]);
    expect(evaluateFirewallPolicy(cloud, id, flowTo('github.com')).action).toBe('Deny');
  });
});

describe('reach through a UDR to Azure Firewall', () => {
  const rt = routeTable('rt', [{ name: 'default-to-fw', prefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopIp: '10.1.0.4' }]);
  const open = nsg('nsg-a', [{ name: 'AllowHttpsOut', priority: 100, access: 'Allow', protocol: 'Tcp', destination: 'Internet', ports: '443' }]);
  const p = firewallPolicy('fwp');
  const cloud = cloudOf([
    vnet([{ name: 'a', prefix: '10.0.1.0/24', nsg: open.id, routeTable: rt.id, defaultOutboundAccess: false }]),
    open,
    rt,
    p,
    ruleCollectionGroup('fwp', 'apps', 100, [{ name: 'images', priority: 100, action: 'Allow', rules: [appRule('mcr', ['mcr.microsoft.com', '*.data.mcr.microsoft.com'])] }]),
    azureFirewall('fw', '10.1.0.4', p.id, ids.pip('fw-pip')),
    publicIp('fw-pip', '20.1.2.3'),
  ]);

  it('allows mcr.microsoft.com by the application rule', () => {
    const v = reach(cloud, ids.subnet('a'), tcp('mcr.microsoft.com'));
    expect(v).toMatchObject({ allowed: true, decidedBy: { kind: 'firewall-rule', id: `${p.id}/ruleCollectionGroups/apps` } });
    expect(v.trace.join('\n')).toMatch(/0\.0\.0\.0\/0 → VirtualAppliance 10\.1\.0\.4/);
  });

  it('refuses registry-1.docker.io with the firewall default deny', () => {
    const v = reach(cloud, ids.subnet('a'), tcp('registry-1.docker.io'));
    expect(v).toMatchObject({ allowed: false, decidedBy: { kind: 'firewall-default-deny', id: p.id } });
  });

  it('refuses a next hop that is no Azure Firewall known to the model', () => {
    const other = routeTable('rt', [{ name: 'default-to-nva', prefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopIp: '10.1.0.99' }]);
    const c = cloudOf([vnet([{ name: 'a', prefix: '10.0.1.0/24', routeTable: other.id }]), other]);
    const v = reach(c, ids.subnet('a'), tcp('mcr.microsoft.com'));
    expect(v).toMatchObject({ allowed: false, decidedBy: { kind: 'route' } });
    expect(v.assumptions.join('\n')).toMatch(/10\.1\.0\.99/);
  });
});
