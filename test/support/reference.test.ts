// The secure baseline fixture (test/fixtures/reference-resources.json) and the matcher the e2e
// test holds a simulator dump to it with.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';
import { failures, loadReference, REFERENCE_FILE, resolvePath, type ReferenceEntry } from './reference.js';

describe('reference-resources.json', () => {
  it('is read from the repository, not from beside it', () => {
    expect(path.relative(ROOT, REFERENCE_FILE)).toBe(path.join('test', 'fixtures', 'reference-resources.json'));
    expect(existsSync(REFERENCE_FILE)).toBe(true);
  });

  it('has well-formed entries with unique ids', () => {
    const entries = loadReference();
    expect(entries.length).toBeGreaterThan(25);
    for (const e of entries) {
      expect(e.id, JSON.stringify(e).slice(0, 120)).toMatch(/\S/);
      expect(e.type, e.id).toMatch(/^Microsoft\.[A-Za-z]+\/[A-Za-z/]+$/);
      expect(typeof e.condition, e.id).toBe('string');
      expect(e.requiredProperties, e.id).toBeTypeOf('object');
    }
    expect(new Set(entries.map((e) => e.id)).size).toBe(entries.length);
    // what test/e2e/secure-workspace.test.ts holds every run to
    expect(entries.filter((e) => /^always/.test(e.condition)).length).toBeGreaterThan(15);
  });
});

describe('matching a resource against an entry', () => {
  const entry: ReferenceEntry = {
    id: 'vnet', type: 'Microsoft.Network/virtualNetworks', condition: 'always',
    requiredProperties: {
      location: '<region>',
      'properties.subnets[name=training].properties.defaultOutboundAccess': false,
      'properties.subnets[name=training].properties.networkSecurityGroup.id': '<nsg id>',
      'properties.addressSpace.addressPrefixes': ['<cidr>'],
      'properties.subnets[*].properties.privateEndpointNetworkPolicies': ['<any>'],
    },
  };
  const vnet = {
    location: 'westeurope',
    properties: {
      addressSpace: { addressPrefixes: ['10.0.0.0/16'] },
      subnets: [
        { name: 'training', properties: { defaultOutboundAccess: false, networkSecurityGroup: { id: '/subscriptions/s/nsg' } } },
        { name: 'Scoring', properties: { defaultOutboundAccess: true } },
      ],
    },
  };

  it('resolves paths with name filters, indexes and wildcards', () => {
    expect(resolvePath(vnet, 'properties.subnets[name=scoring].properties.defaultOutboundAccess')).toEqual([true]);
    expect(resolvePath(vnet, 'properties.subnets[1].name')).toEqual(['Scoring']);
    expect(resolvePath(vnet, 'properties.subnets[*].name')).toEqual(['training', 'Scoring']);
    expect(resolvePath(vnet, 'properties.nothing.here')).toEqual([]);
  });

  it('reports each failing path, and nothing for a matching resource', () => {
    expect(failures(vnet, entry, 'westeurope', () => false)).toEqual(['properties.subnets[*].properties.privateEndpointNetworkPolicies: missing']);
    expect(failures(vnet, entry, 'westeurope', (p) => p.includes('[*]'))).toEqual([]);
    const bad = failures({ ...vnet, location: 'northeurope' }, entry, 'westeurope', (p) => p.includes('[*]'));
    expect(bad).toEqual(['location: ["northeurope"] does not match "<region>"']);
  });
});
