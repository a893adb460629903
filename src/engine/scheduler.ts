// Event-driven scheduler: a node starts the moment its last dependency finishes, bounded by a
// concurrency limit; nodes that share a serial key (one VNet) never run at the same time.
import { topoOrder, type GraphNode } from './graph.js';

export type NodeOutcome = 'done' | 'failed' | 'skipped' | 'cancelled';

export interface ScheduleOptions<T extends GraphNode> {
  nodes: readonly T[];
  concurrency: number;
  serialKey?: (node: T) => string | undefined;
  run: (node: T) => Promise<void>;
  /** Stop starting new nodes (Ctrl-C); running ones finish. */
  signal?: AbortSignal;
  /** Called when a node becomes runnable but waits (for a slot or its serial key). */
  onWait?: (node: T, reason: string) => void;
}

export interface ScheduleResult {
  outcomes: Map<string, NodeOutcome>;
  errors: Map<string, unknown>;
}

export function schedule<T extends GraphNode>(opts: ScheduleOptions<T>): Promise<ScheduleResult> {
  const order = topoOrder(opts.nodes);
  const byId = new Map(opts.nodes.map((n) => [n.id, n]));
  const rank = new Map(order.map((id, i) => [id, i]));
  const outcomes = new Map<string, NodeOutcome>();
  const errors = new Map<string, unknown>();
  const running = new Set<string>();
  const heldKeys = new Set<string>();
  const limit = Math.max(1, opts.concurrency);

  return new Promise((resolve) => {
    const finishIfIdle = () => {
      if (running.size === 0) {
        for (const id of order) if (!outcomes.has(id)) outcomes.set(id, opts.signal?.aborted ? 'cancelled' : 'skipped');
        resolve({ outcomes, errors });
        return true;
      }
      return false;
    };

    const pump = () => {
      // A failed or skipped dependency means this node can never run.
      let changed = true;
      while (changed) {
        changed = false;
        for (const id of order) {
          if (outcomes.has(id) || running.has(id)) continue;
          const deps = byId.get(id)!.dependsOn;
          if (deps.some((d) => { const o = outcomes.get(d); return o === 'failed' || o === 'skipped' || o === 'cancelled'; })) {
            outcomes.set(id, 'skipped');
            changed = true;
          }
        }
      }
      if (!opts.signal?.aborted) {
        const ready = order
          .filter((id) => !outcomes.has(id) && !running.has(id) && byId.get(id)!.dependsOn.every((d) => outcomes.get(d) === 'done'))
          .sort((a, b) => rank.get(a)! - rank.get(b)!);
        for (const id of ready) {
          const node = byId.get(id)!;
          const key = opts.serialKey?.(node);
          if (running.size >= limit) { opts.onWait?.(node, 'waiting for a free slot'); continue; }
          if (key && heldKeys.has(key)) { opts.onWait?.(node, `waiting: one change at a time on ${key.split('/').pop()}`); continue; }
          start(node, key);
        }
      }
      finishIfIdle();
    };

    const start = (node: T, key: string | undefined) => {
      running.add(node.id);
      if (key) heldKeys.add(key);
      Promise.resolve()
        .then(() => opts.run(node))
        .then(
          () => outcomes.set(node.id, 'done'),
          (err) => { outcomes.set(node.id, 'failed'); errors.set(node.id, err); },
        )
        .finally(() => {
          running.delete(node.id);
          if (key) heldKeys.delete(key);
          pump();
        });
    };

    opts.signal?.addEventListener('abort', () => pump(), { once: true });
    pump();
  });
}
