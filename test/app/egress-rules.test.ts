// The firewall's rule collections are built from the documented requirement lists: what the Azure ML
// extension needs on the scoring subnet is allowed by name, what AKS's FQDN tag already carries is not
// repeated, and the documented Kusto upload (a write path to any tenant's storage) is withheld.
import { describe, expect, it } from 'vitest';
import { requirementsFor } from '../../src/azure-model/requirements.js';
import { WITHHELD_OUTBOUND, extensionFirewallFqdns, firewallRuleCollections, withheldOutbound } from '../../steps/support/egress-data.js';

const inputs = { region: 'westeurope', training: ['10.0.1.0/24'], scoring: ['10.0.2.0/24'], groups: [] };
const fqdnsOf = (collections: ReturnType<typeof firewallRuleCollections>): string[] =>
  collections.flatMap((c) => (c.rules ?? []).flatMap((r) => ('targetFqdns' in r ? (r.targetFqdns ?? []) : [])));

describe('the Azure ML extension on the firewall', () => {
  it('allows its data plane, metrics and regional ML endpoints to the scoring subnet only', () => {
    const collections = firewallRuleCollections(inputs);
    const ext = collections.find((c) => c.name === 'azureml-extension');
    expect(ext?.priority).toBe(310);
    const rule = ext?.rules?.[0] as { sourceAddresses?: string[]; targetFqdns?: string[] };
    expect(rule.sourceAddresses).toEqual(['10.0.2.0/24']);
    expect(rule.targetFqdns).toEqual([
      'westeurope.dp.kubernetesconfiguration.azure.com',
      '*.ingestion.msftcloudes.com',
      '*.microsoftmetrics.com',
      'westeurope.experiments.azureml.net',
      'westeurope.api.azureml.ms',
    ]);
  });

  it('never opens the withheld wildcards, on any collection', () => {
    const all = fqdnsOf(firewallRuleCollections({ ...inputs, groups: ['python', 'conda', 'github'] })).map((f) => f.toLowerCase());
    for (const w of WITHHELD_OUTBOUND) expect(all).not.toContain(w.destination);
    expect(all.some((f) => /core\.windows\.net$|kusto\.windows\.net$/.test(f))).toBe(false);
  });

  it('withholds exactly the documented Kusto upload, each with a reason and a source', () => {
    const withheld = requirementsFor('azuremlExtension', 'westeurope').filter((r) => withheldOutbound(r));
    expect(withheld.map((r) => r.destination)).toEqual(['*.kusto.windows.net', '*.table.core.windows.net', '*.queue.core.windows.net']);
    for (const w of WITHHELD_OUTBOUND) {
      expect(w.reason).toMatch(/write path/);
      expect(w.source).toMatch(/azure-docs#122839/);
    }
  });

  it('leaves out what the AKS tag carries, the private-endpoint hosts, and training-only hosts unless training is on', () => {
    const inference = extensionFirewallFqdns('westeurope', false);
    expect(inference).not.toContain('mcr.microsoft.com');
    expect(inference.some((f) => f.includes('<'))).toBe(false);
    expect(inference).not.toContain('pypi.org');
    expect(extensionFirewallFqdns('westeurope', true)).toContain('pypi.org');
  });

  it('adds no extension collection without a scoring subnet', () => {
    expect(firewallRuleCollections({ ...inputs, scoring: undefined }).map((c) => c.name)).not.toContain('azureml-extension');
  });

  it('marks the data plane and MCR as needed by the install itself', () => {
    const install = requirementsFor('azuremlExtension', 'westeurope').filter((r) => r.failsWithout === 'install').map((r) => r.destination);
    expect(install).toEqual(['westeurope.dp.kubernetesconfiguration.azure.com', 'mcr.microsoft.com', '*.data.mcr.microsoft.com']);
  });
});
