// The scheduler, driven step by step: every node's run() waits on a deferred promise that the test
// resolves, and every start and end is recorded as an event. Ordering, overlap and concurrency are
// read from those events, never from the clock.
import { describe, expect, it } from 'vitest';
import { schedule, type ScheduleResult } from '../../src/engine/scheduler.js';

interface N { id: string; dependsOn: string[]; key?: string }
const n = (id: string, dependsOn: string[] = [], key?: string): N => ({ id, dependsOn, key });

interface Deferred<T = void> { promise: Promise<T>; resolve: (v: T) => void; reject: (e: unknown) => void }
function deferred<T = void>(): Deferred<T> {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => { resolve = res; reject = rej; });
  return { promise, resolve, reject };
}

/**
 * The scheduler reacts only through promise callbacks (microtasks); it has no timers. A macrotask
 * turn runs only once every microtask queued before it has run, so after `settle()` the scheduler has
 * started everything it will start until the test finishes or fails another node: what has started is
 * then exactly what the scheduler decided, and a wrong decision fails at once instead of hanging.
 */
const settle = () => new Promise<void>((r) => setImmediate(r));

/** A run() whose nodes finish only when the test says so. */
function controlled() {
  const events: string[] = [];
  const running = new Set<string>();
  let peak = 0;
  const gates = new Map<string, Deferred>();
  const gate = (id: string) => {
    if (!gates.has(id)) gates.set(id, deferred());
    return gates.get(id)!;
  };
  const run = async (x: N) => {
    events.push(`start ${x.id}`);
    running.add(x.id);
    peak = Math.max(peak, running.size);
    try {
      await gate(x.id).promise;
    } finally {
      running.delete(x.id);
      events.push(`end ${x.id}`);
    }
  };
  return {
    events,
    run,
    running: () => [...running].sort(),
    peak: () => peak,
    /** Lets the node's run() return (resolve) or throw (fail). */
    finish: (id: string) => gate(id).resolve(),
    fail: (id: string, err: unknown) => gate(id).reject(err),
    before: (a: string, b: string) => {
      const i = events.indexOf(a);
      const j = events.indexOf(b);
      return i >= 0 && j >= 0 && i < j;
    },
  };
}

describe('scheduler', () => {
  it('starts a step the moment its last dependency finishes, not level by level', async () => {
    const c = controlled();
    // c depends only on b (which depends on a): it must not wait for the unrelated slow step.
    const done = schedule({ nodes: [n('a'), n('slow'), n('b', ['a']), n('c', ['b'])], concurrency: 10, run: c.run });
    await settle();
    expect(c.running()).toEqual(['a', 'slow']);

    c.finish('a');
    await settle();
    expect(c.running()).toEqual(['b', 'slow']);
    c.finish('b');
    await settle();
    // slow is still running: c started while it was in flight.
    expect(c.running()).toEqual(['c', 'slow']);
    expect(c.events).not.toContain('end slow');

    c.finish('slow');
    c.finish('c');
    const r = await done;
    expect(c.before('start c', 'end slow')).toBe(true);
    expect([...r.outcomes.values()]).toEqual(['done', 'done', 'done', 'done']);
  });

  it('honours the concurrency limit: never more than the limit at once, and a freed slot is used at once', async () => {
    const c = controlled();
    const waits: string[] = [];
    const done = schedule({
      nodes: ['a', 'b', 'c', 'd', 'e'].map((id) => n(id)),
      concurrency: 2,
      run: c.run,
      onWait: (x, reason) => waits.push(`${x.id}: ${reason}`),
    });
    await settle();
    expect(c.running()).toEqual(['a', 'b']);
    expect(waits).toEqual(expect.arrayContaining(['c: waiting for a free slot', 'd: waiting for a free slot', 'e: waiting for a free slot']));

    c.finish('a');
    await settle();
    expect(c.running()).toEqual(['b', 'c']);

    c.finish('b');
    c.finish('c');
    await settle();
    expect(c.running()).toEqual(['d', 'e']);
    c.finish('d');
    c.finish('e');
    const r = await done;
    expect(c.peak()).toBe(2);
    expect([...r.outcomes.values()].every((o) => o === 'done')).toBe(true);
  });

  it('never overlaps steps that share a serial key (one change at a time per VNet)', async () => {
    const c = controlled();
    const waits: string[] = [];
    const done = schedule({
      nodes: [n('s1', [], 'vnet1'), n('s2', [], 'vnet1'), n('other', [], 'vnet2')],
      concurrency: 10,
      serialKey: (x) => x.key,
      run: c.run,
      onWait: (x, reason) => waits.push(`${x.id}: ${reason}`),
    });
    await settle();
    // a free slot is not enough: s2 waits for the key, while the other VNet's step runs beside s1
    expect(c.running()).toEqual(['other', 's1']);
    expect(waits).toContain('s2: waiting: one change at a time on vnet1');

    c.finish('other');
    await settle();
    expect(c.events).not.toContain('start s2');

    c.finish('s1');
    await settle();
    expect(c.before('end s1', 'start s2')).toBe(true);
    expect(c.before('start other', 'end s1')).toBe(true);
    c.finish('s2');
    await done;
  });

  it('skips dependents of a failed step and keeps running independent ones', async () => {
    const c = controlled();
    const done = schedule({ nodes: [n('bad'), n('child', ['bad']), n('indep')], concurrency: 10, run: c.run });
    await settle();
    c.fail('bad', new Error('boom'));
    await settle();
    // indep is still running after bad failed, and child never started
    expect(c.running()).toEqual(['indep']);
    c.finish('indep');
    const r: ScheduleResult = await done;
    expect(r.outcomes.get('bad')).toBe('failed');
    expect(r.outcomes.get('child')).toBe('skipped');
    expect(r.outcomes.get('indep')).toBe('done');
    expect(c.events).not.toContain('start child');
    expect((r.errors.get('bad') as Error).message).toBe('boom');
  });

  it('stops scheduling on abort, lets running steps finish and marks the rest cancelled', async () => {
    const c = controlled();
    const ctl = new AbortController();
    const done = schedule({ nodes: [n('a'), n('other'), n('b', ['a'])], concurrency: 10, signal: ctl.signal, run: c.run });
    await settle();
    ctl.abort();
    c.finish('a');
    await settle();
    // b's dependency is done, but nothing new starts after the abort; the running step is not cut off
    expect(c.events).not.toContain('start b');
    expect(c.running()).toEqual(['other']);
    let resolved = false;
    void done.then(() => { resolved = true; });
    await settle();
    expect(resolved).toBe(false);

    c.finish('other');
    const r = await done;
    expect(r.outcomes.get('a')).toBe('done');
    expect(r.outcomes.get('other')).toBe('done');
    expect(r.outcomes.get('b')).toBe('cancelled');
  });
});
