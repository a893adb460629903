import { describe, expect, it } from 'vitest';
import { schedule } from '../../src/engine/scheduler.js';

const n = (id: string, dependsOn: string[] = [], key?: string) => ({ id, dependsOn, key });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('scheduler', () => {
  it('starts a step the moment its last dependency finishes, not level by level', async () => {
    const started: Record<string, number> = {};
    const t0 = Date.now();
    const dur: Record<string, number> = { a: 10, slow: 200, b: 10, c: 10 };
    // c depends only on b (which depends on a): it must not wait for the unrelated slow step.
    await schedule({
      nodes: [n('a'), n('slow'), n('b', ['a']), n('c', ['b'])],
      concurrency: 10,
      run: async (x) => { started[x.id] = Date.now() - t0; await sleep(dur[x.id]); },
    });
    expect(started.c).toBeLessThan(150);
  });

  it('honours the concurrency limit', async () => {
    let running = 0;
    let peak = 0;
    await schedule({
      nodes: ['a', 'b', 'c', 'd', 'e'].map((id) => n(id)),
      concurrency: 2,
      run: async () => { running++; peak = Math.max(peak, running); await sleep(20); running--; },
    });
    expect(peak).toBe(2);
  });

  it('never overlaps steps that share a serial key (one change at a time per VNet)', async () => {
    const log: string[] = [];
    await schedule({
      nodes: [n('s1', [], 'vnet1'), n('s2', [], 'vnet1'), n('other', [], 'vnet2')],
      concurrency: 10,
      serialKey: (x) => x.key,
      run: async (x) => { log.push(`start ${x.id}`); await sleep(30); log.push(`end ${x.id}`); },
    });
    const s1End = log.indexOf('end s1');
    const s2Start = log.indexOf('start s2');
    expect(s2Start).toBeGreaterThan(s1End);
    expect(log.indexOf('start other')).toBeLessThan(s1End);
  });

  it('skips dependents of a failed step and keeps running independent ones', async () => {
    const ran: string[] = [];
    const r = await schedule({
      nodes: [n('bad'), n('child', ['bad']), n('indep')],
      concurrency: 10,
      run: async (x) => { ran.push(x.id); if (x.id === 'bad') throw new Error('boom'); },
    });
    expect(r.outcomes.get('bad')).toBe('failed');
    expect(r.outcomes.get('child')).toBe('skipped');
    expect(r.outcomes.get('indep')).toBe('done');
    expect(ran).not.toContain('child');
    expect((r.errors.get('bad') as Error).message).toBe('boom');
  });

  it('stops scheduling on abort and marks the rest cancelled', async () => {
    const ctl = new AbortController();
    const r = await schedule({
      nodes: [n('a'), n('b', ['a'])],
      concurrency: 10,
      signal: ctl.signal,
      run: async (x) => { if (x.id === 'a') { ctl.abort(); await sleep(10); } },
    });
    expect(r.outcomes.get('a')).toBe('done');
    expect(r.outcomes.get('b')).toBe('cancelled');
  });
});
