import { describe, expect, it } from 'vitest';
import { diffSubset } from '../../src/engine/diff.js';

describe('property diff', () => {
  it('ignores read-only properties ARM adds', () => {
    expect(diffSubset({ location: 'westeurope' }, { location: 'westeurope', id: '/x', provisioningState: 'Succeeded' })).toEqual([]);
  });

  it('treats ARM ids case-insensitively', () => {
    expect(diffSubset({ nsg: { id: '/subscriptions/S/resourceGroups/RG/x' } }, { nsg: { id: '/subscriptions/s/resourcegroups/rg/x' } })).toEqual([]);
  });

  it('matches named items by name and flags an extra one (e.g. a rule added by hand)', () => {
    const desired = { rules: [{ name: 'DenyAllOutbound', priority: 4096 }] };
    const observed = { rules: [{ name: 'AllowInternet', priority: 100 }, { name: 'DenyAllOutbound', priority: 4096 }] };
    expect(diffSubset(desired, observed)).toEqual([{ path: 'rules[AllowInternet]', kind: 'remove', before: { name: 'AllowInternet', priority: 100 } }]);
  });

  it('reports a changed leaf with its path, before and after', () => {
    expect(diffSubset({ a: { b: false } }, { a: { b: true } })).toEqual([{ path: 'a.b', kind: 'change', before: true, after: false }]);
  });

  it('compares lists of scalars as sets', () => {
    expect(diffSubset({ ports: ['443', '445'] }, { ports: ['445', '443'] })).toEqual([]);
    expect(diffSubset({ ports: ['443'] }, { ports: ['443', '80'] })).toHaveLength(1);
  });

  it('reports a missing resource as one add', () => {
    expect(diffSubset({ location: 'x' }, undefined)).toEqual([{ path: '(resource)', kind: 'add', after: { location: 'x' } }]);
  });
});

describe('identity type', () => {
  it('"SystemAssigned, UserAssigned" (what clients send) equals ARM\'s "SystemAssigned,UserAssigned"', () => {
    expect(diffSubset({ identity: { type: 'SystemAssigned, UserAssigned' } }, { identity: { type: 'SystemAssigned,UserAssigned' } })).toEqual([]);
    expect(diffSubset({ identity: { type: 'SystemAssigned, UserAssigned' } }, { identity: { type: 'SystemAssigned' } })).toHaveLength(1);
  });
});
