import { describe, expect, it } from 'vitest';
import { criticalPath, reverse, restrict, topoOrder } from '../../src/engine/graph.js';

const n = (id: string, ...dependsOn: string[]) => ({ id, dependsOn });

describe('dependency graph', () => {
  it('orders dependencies before dependents', () => {
    const order = topoOrder([n('vnet', 'rg', 'nsg'), n('nsg', 'rg'), n('rg')]);
    expect(order.indexOf('rg')).toBeLessThan(order.indexOf('nsg'));
    expect(order.indexOf('nsg')).toBeLessThan(order.indexOf('vnet'));
  });

  it('names an unknown dependency', () => {
    expect(() => topoOrder([n('vnet', 'rgg')])).toThrow(/"vnet" depends on unknown step "rgg"/);
  });

  it('reports a cycle with its path', () => {
    expect(() => topoOrder([n('a', 'c'), n('b', 'a'), n('c', 'b')])).toThrow(/cycle: a -> c -> b -> a/);
  });

  it('rejects duplicate ids', () => {
    expect(() => topoOrder([n('a'), n('a')])).toThrow(/Duplicate step id "a"/);
  });

  it('drops edges to disabled steps and reverses for teardown', () => {
    const kept = restrict([n('rg'), n('aks', 'rg'), n('attach', 'aks', 'rg')], (x) => x.id !== 'aks');
    expect(kept).toEqual([n('rg'), n('attach', 'rg')]);
    expect(reverse([n('rg'), n('vnet', 'rg')])).toEqual([n('rg', 'vnet'), n('vnet')]);
  });

  it('computes the critical path under given durations', () => {
    const nodes = [n('rg'), n('nsg', 'rg'), n('kv', 'rg'), n('vnet', 'nsg'), n('ws', 'kv', 'vnet')];
    const d: Record<string, number> = { rg: 2, nsg: 8, kv: 20, vnet: 8, ws: 25 };
    const cp = criticalPath(nodes, (id) => d[id]);
    expect(cp.length).toBe(47);
    expect(cp.path).toEqual(['rg', 'kv', 'ws']);
  });
});
