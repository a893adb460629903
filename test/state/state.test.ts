import { mkdtemp, readFile, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireLock } from '../../src/state/lock.js';
import { readState, StateStore, statePath } from '../../src/state/state.js';

const meta = { environment: 'dev', subscriptionId: '00000000-0000-0000-0000-000000000000', location: 'westeurope', target: 'simulate' as const };

describe('state', () => {
  it('is written with mode 0600 and a schema version, and survives reopening', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'state-'));
    const file = statePath(dir, 'dev');
    const store = await StateStore.open(file, meta);
    await store.update('vnet', { status: 'pending', operation: 'create', resourceId: '/x' });
    await store.update('vnet', { status: 'done', outputs: { id: '/x' }, created: true });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const doc = await readState(file);
    expect(doc?.version).toBe(1);
    expect(doc?.steps.vnet).toMatchObject({ status: 'done', operation: 'create', created: true, outputs: { id: '/x' } });
    const again = await StateStore.open(file, meta);
    expect(again.step('vnet')?.status).toBe('done');
  });

  it('serialises concurrent updates without losing any', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'state-'));
    const file = statePath(dir, 'dev');
    const store = await StateStore.open(file, meta);
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.update(`s${i}`, { status: 'done' })));
    const doc = JSON.parse(await readFile(file, 'utf8'));
    expect(Object.keys(doc.steps)).toHaveLength(20);
  });

  it('refuses a second holder of the lock and names the first one', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'state-'));
    const file = statePath(dir, 'dev');
    const held = await acquireLock(file, 'secure-aml apply');
    await expect(acquireLock(file, 'secure-aml apply')).rejects.toThrow(new RegExp(`locked by pid ${process.pid} on ${os.hostname()} \\(\`secure-aml apply\``));
    await held.release();
    const again = await acquireLock(file, 'secure-aml resume');
    await again.release();
  });
});
