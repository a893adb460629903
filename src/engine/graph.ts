// Dependency graph of steps: checked for unknown ids and cycles before anything runs.
import { SecureAmlError } from '../errors.js';

export interface GraphNode {
  id: string;
  dependsOn: string[];
}

export class GraphError extends SecureAmlError {}

/** Returns the ids in a topological order (stable: registry order among ready nodes). */
export function topoOrder(nodes: readonly GraphNode[]): string[] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  if (byId.size !== nodes.length) {
    const seen = new Set<string>();
    const dup = nodes.find((n) => (seen.has(n.id) ? true : (seen.add(n.id), false)));
    throw new GraphError(`Duplicate step id "${dup?.id}".`);
  }
  for (const n of nodes) {
    for (const d of n.dependsOn) {
      if (!byId.has(d)) throw new GraphError(`Step "${n.id}" depends on unknown step "${d}".`);
    }
  }
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string, trail: string[]) => {
    const s = state.get(id);
    if (s === 'done') return;
    if (s === 'visiting') {
      const cycle = [...trail.slice(trail.indexOf(id)), id];
      throw new GraphError(`Dependency cycle: ${cycle.join(' -> ')}.`);
    }
    state.set(id, 'visiting');
    for (const d of byId.get(id)!.dependsOn) visit(d, [...trail, id]);
    state.set(id, 'done');
    order.push(id);
  };
  for (const n of nodes) visit(n.id, []);
  return order;
}

/** Restricts a graph to a subset of nodes, dropping edges to nodes outside it (disabled steps). */
export function restrict<T extends GraphNode>(nodes: readonly T[], keep: (n: T) => boolean): T[] {
  const kept = nodes.filter(keep);
  const ids = new Set(kept.map((n) => n.id));
  return kept.map((n) => ({ ...n, dependsOn: n.dependsOn.filter((d) => ids.has(d)) }));
}

/** Reverses every edge: teardown deletes dependents before what they depend on. */
export function reverse<T extends GraphNode>(nodes: readonly T[]): T[] {
  const dependents = new Map<string, string[]>(nodes.map((n) => [n.id, []]));
  for (const n of nodes) for (const d of n.dependsOn) dependents.get(d)?.push(n.id);
  return nodes.map((n) => ({ ...n, dependsOn: dependents.get(n.id) ?? [] }));
}

/** Length of the longest path when each node takes `duration(id)`: the floor for any schedule. */
export function criticalPath(nodes: readonly GraphNode[], duration: (id: string) => number): { length: number; path: string[] } {
  const order = topoOrder(nodes);
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const finish = new Map<string, number>();
  const prev = new Map<string, string | undefined>();
  for (const id of order) {
    let start = 0;
    let via: string | undefined;
    for (const d of byId.get(id)!.dependsOn) {
      const f = finish.get(d)!;
      if (f > start) { start = f; via = d; }
    }
    finish.set(id, start + duration(id));
    prev.set(id, via);
  }
  let end: string | undefined;
  for (const [id, f] of finish) if (end === undefined || f > finish.get(end)!) end = id;
  const path: string[] = [];
  for (let cur = end; cur; cur = prev.get(cur)) path.unshift(cur);
  return { length: end ? finish.get(end)! : 0, path };
}
