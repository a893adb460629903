import { describe, expect, it } from 'vitest';
import { ALIAS_TABLE, isBuiltinField, parsePath, resolveAlias, resolveField, select, UnknownAliasError } from '../../src/audit/aliases.js';
import { collectFieldNames, evaluatePolicy, unknownAliases, type PolicyDefinition } from '../../src/audit/policy.js';
import { deriveAssessment, expandResources } from '../../src/audit/related.js';
import { allPolicies, compliantEnvironment } from './fixtures.js';

function usedAliases(): Map<string, string[]> {
  const used = new Map<string, string[]>();
  for (const { file, def } of allPolicies()) {
    for (const name of collectFieldNames(def)) {
      if (isBuiltinField(name)) continue;
      used.set(name, [...(used.get(name) ?? []), file.replace(/^.*templates\/policies\//, '')]);
    }
  }
  return used;
}

describe('alias coverage', () => {
  it('every alias used by a shipped definition is mapped in ALIAS_TABLE', () => {
    const used = usedAliases();
    expect(used.size).toBeGreaterThanOrEqual(71); // 69 distinct aliases in the first 55 shipped definitions, 2 more in seed 004's three
    const unmapped = [...used.keys()].filter((a) => resolveAlias(a)?.source !== 'table');
    expect(unmapped, `unmapped aliases: ${unmapped.map((a) => `${a} (${used.get(a)!.join(', ')})`).join('; ')}`).toEqual([]);
    for (const { def } of allPolicies()) expect(unknownAliases(def)).toEqual([]);
  });

  it('every table entry belongs to a resource type and parses', () => {
    for (const [alias, path] of Object.entries(ALIAS_TABLE)) {
      expect(alias.split('/').length, alias).toBeGreaterThanOrEqual(3);
      expect(parsePath(path).length, alias).toBeGreaterThan(0);
      // an alias ending in [*] selects array members, so must its path
      expect(alias.endsWith('[*]'), alias).toBe(path.endsWith('[*]'));
    }
  });

  it('maps the nested sub-resource and envelope exceptions', () => {
    expect(resolveAlias('Microsoft.Network/virtualNetworks/subnets[*].networkSecurityGroup.id')?.path).toBe('properties.subnets[*].properties.networkSecurityGroup.id');
    expect(resolveAlias('Microsoft.Network/networkSecurityGroups/securityRules[*].access')?.path).toBe('properties.securityRules[*].properties.access');
    expect(resolveAlias('Microsoft.Network/virtualNetworks/subnets/networkSecurityGroup.id')).toMatchObject({ path: 'properties.networkSecurityGroup.id', resourceType: 'Microsoft.Network/virtualNetworks/subnets' });
    expect(resolveAlias('Microsoft.ContainerRegistry/registries/sku.name')?.path).toBe('sku.name');
    expect(resolveAlias('Microsoft.KeyVault/vaults/sku.tier')).toMatchObject({ path: 'sku.tier', source: 'envelope' });
    expect(resolveAlias('Microsoft.Web/sites/identity.type')).toMatchObject({ path: 'identity.type', source: 'envelope' });
    expect(resolveAlias('microsoft.network/networkinterfaces/IPCONFIGURATIONS[*].publicIpAddress.id')?.path).toBe('properties.ipConfigurations[*].properties.publicIPAddress.id');
    expect(resolveAlias('Microsoft.MachineLearningServices/workspaces/computes/subnet.id')?.path).toBe('properties.properties.subnet.id');
  });

  it('resolves each used alias against realistic GET bodies', () => {
    // Properties a compliant environment legitimately lacks (write-only, optional or absent when secure).
    const absentWhenCompliant = new Set([
      'Microsoft.KeyVault/vaults/createMode', // write-only, never returned by GET
      'Microsoft.Insights/diagnosticSettings/storageAccountId', // logs go to Log Analytics
      'Microsoft.Insights/diagnosticSettings/logs[*].retentionPolicy.enabled',
      'Microsoft.Insights/diagnosticSettings/logs[*].retentionPolicy.days',
      'Microsoft.ContainerService/managedClusters/apiServerAccessProfile.authorizedIPRanges', // private cluster instead
      'Microsoft.Storage/storageAccounts/networkAcls.ipRules[*]', // empty on purpose
      'Microsoft.KeyVault/vaults/networkAcls.ipRules[*]',
      'Microsoft.KeyVault/vaults/networkAcls.ipRules[*].value',
      'Microsoft.Network/networkInterfaces/ipconfigurations[*].publicIpAddress.id', // no public IP
    ].map((a) => a.toLowerCase()));
    // embedded child resources (subnets, private endpoint connections) become resources of their own
    const expanded = expandResources(compliantEnvironment());
    const subnets = expanded.filter((r) => r.type === 'Microsoft.Network/virtualNetworks/subnets');
    const assessments = subnets.map((s) => deriveAssessment(s, 'eade5b56-eefd-444f-95c8-23f29e5d93cb')!);
    const resources = [...expanded, ...assessments];
    const missing: string[] = [];
    for (const alias of usedAliases().keys()) {
      if (absentWhenCompliant.has(alias.toLowerCase())) continue;
      const ref = resolveField(alias);
      const targets = resources.filter((r) => r.type.toLowerCase() === ref.resourceType!.toLowerCase());
      expect(targets.length, `no fixture of type ${ref.resourceType}`).toBeGreaterThan(0);
      const found = targets.some((r) => {
        const sel = select(r, ref, new Map());
        return sel.items.length > 0 && sel.items.every((i) => i.value !== undefined);
      });
      if (!found) missing.push(alias);
    }
    expect(missing).toEqual([]);
  });

  it('reports unknown aliases instead of treating them as missing', () => {
    const def: PolicyDefinition = {
      name: 'custom',
      properties: {
        displayName: 'uses a made-up alias',
        policyRule: { if: { allOf: [{ field: 'type', equals: 'Microsoft.Storage/storageAccounts' }, { field: 'Microsoft.Storage/storageAccounts/madeUpSetting', exists: false }] }, then: { effect: 'audit' } },
      },
    };
    expect(unknownAliases(def)).toEqual(['Microsoft.Storage/storageAccounts/madeUpSetting']);
    expect(() => evaluatePolicy(def, compliantEnvironment())).toThrow(UnknownAliasError);
    expect(() => evaluatePolicy(def, [])).toThrow(/madeUpSetting/);
    expect(() => resolveField('Microsoft.Foo/bars/baz')).toThrow(UnknownAliasError);
    // aliases inside expressions are checked too
    const inExpr: PolicyDefinition = { properties: { displayName: 'x', policyRule: { if: { value: "[field('Microsoft.Foo/bars/qux')]", equals: '' }, then: { effect: 'audit' } } } };
    expect(unknownAliases(inExpr)).toEqual(['Microsoft.Foo/bars/qux']);
  });
});
