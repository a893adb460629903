// The cloud lives in a directory: separate simulator instances and separate processes share it,
// operations finish by the clock even if their starter died, and every exchange is logged.
import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ArmSimulator } from '../../src/simulator/index.js';
import { Clock, HOST, RES_API, SUB, createGroup, harness, netPath, rel, rgPath, tempDir, vnetBody } from './helpers.js';

/**
 * A child process holding the state lock the way another simulator process would. Its script may
 * `await go` (resolved by `signal()`) to hold the lock until the test says so.
 */
function lockHolder(dir: string, script: string): { ready: Promise<void>; done: Promise<number | null>; kill: () => void; signal: () => void } {
  const code = `
    const { createRequire } = require('node:module');
    const req = createRequire(${JSON.stringify(path.join(process.cwd(), 'package.json'))});
    const lockfile = req('proper-lockfile');
    const fs = require('node:fs');
    const file = ${JSON.stringify(path.join(dir, 'cloud.json'))};
    const go = new Promise((r) => process.stdin.once('data', r));
    (async () => {
      const release = await lockfile.lock(file, { realpath: false, stale: 5000, retries: 0 });
      console.log('locked');
      ${script}
    })();`;
  const child = spawn(process.execPath, ['-e', code], { stdio: ['pipe', 'pipe', 'inherit'] });
  const ready = new Promise<void>((resolve) => child.stdout.on('data', (d: Buffer) => d.toString().includes('locked') && resolve()));
  const done = new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  return { ready, done, kill: () => child.kill('SIGKILL'), signal: () => child.stdin.end('go\n') };
}

describe('shared state', () => {
  it('two simulator instances on one directory see each other\'s writes and operations', async () => {
    const clock = new Clock();
    const a = await harness({}, undefined, clock);
    const b = await harness({}, a.dir, clock);
    await createGroup(a);
    expect((await b.call('GET', rgPath('rg1'))).status).toBe(200);
    const put = await a.call('PUT', netPath('rg1', 'virtualNetworks/vnet1'), vnetBody());
    expect((await b.call('PUT', netPath('rg1', 'virtualNetworks/vnet1'), vnetBody())).status).toBe(429); // b sees a's operation
    clock.advance(8);
    // The operation a started completes for b by the clock, with no further help from a.
    expect((await b.call('GET', rel(put.headers['azure-asyncoperation']))).body.status).toBe('Succeeded');
    expect((await b.call('GET', netPath('rg1', 'virtualNetworks/vnet1'))).body.properties.provisioningState).toBe('Succeeded');
  });

  it('serialises concurrent requests from several instances in one process', async () => {
    const dir = await tempDir();
    const sims = await Promise.all([1, 2, 3].map(() => ArmSimulator.open({ dir, timeScale: 0.001 })));
    const results = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        sims[i % 3].handle({ method: 'PUT', url: `${HOST}${rgPath(`rg${i}`)}`, headers: {}, body: JSON.stringify({ location: 'eastus' }) }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(24).fill(201));
    expect(await sims[0].dump()).toHaveLength(24);
  });

  it('waits for another process holding the lock and then sees its write', async () => {
    const h = await harness({ now: Date.now });
    await createGroup(h);
    const statePath = path.join(h.dir, 'cloud.json');
    const holder = lockHolder(
      h.dir,
      `await go;
       const s = JSON.parse(fs.readFileSync(file, 'utf8'));
       for (const r of Object.values(s.resources)) r.tags = { writtenBy: 'child' };
       fs.writeFileSync(file, JSON.stringify(s));
       await release();`,
    );
    await holder.ready;
    // The request starts while the child holds the lock; the child writes and releases only afterwards.
    const pending = h.call('GET', rgPath('rg1'));
    holder.signal();
    const r = await pending;
    expect(r.body.tags).toEqual({ writtenBy: 'child' });
    expect(await holder.done).toBe(0);
    expect(JSON.parse(await readFile(statePath, 'utf8')).version).toBe(1);
  });

  it('recovers the lock of a process killed with SIGKILL and keeps a consistent cloud', async () => {
    const h = await harness({ now: Date.now });
    await createGroup(h);
    const holder = lockHolder(h.dir, 'await new Promise(() => {});');
    await holder.ready;
    holder.kill();
    await holder.done;
    // The dead holder's lock goes stale (5 s) and is taken over; the test's timeout bounds the wait.
    const r = await h.call('GET', rgPath('rg1'));
    expect(r.status).toBe(200);
  }, 30_000);

  it('answers 500 InternalServerError (never throws) when the state file is corrupt', async () => {
    const h = await harness();
    await writeFile(path.join(h.dir, 'cloud.json'), '{not json');
    const r = await h.call('GET', rgPath('rg1'));
    expect(r.status).toBe(500);
    expect(r.body.error.code).toBe('InternalServerError');
  });

  it('samples durations deterministically for a seed', async () => {
    const durations = async (seed: number) => {
      const clock = new Clock();
      const h = await harness({ latency: 'sampled', seed }, undefined, clock);
      await createGroup(h);
      const out: number[] = [];
      for (let i = 0; i < 3; i++) {
        const put = await h.call('PUT', netPath('rg1', `virtualNetworks/v${i}0`), vnetBody());
        let t = 0;
        while ((await h.call('GET', rel(put.headers['azure-asyncoperation']))).body.status === 'InProgress') {
          clock.advance(0.1);
          t += 0.1;
        }
        out.push(Math.round(t * 10) / 10);
      }
      return out;
    };
    const first = await durations(42);
    expect(await durations(42)).toEqual(first);
    expect(new Set(first).size).toBeGreaterThan(1);
  });
});

describe('traffic log and dump', () => {
  it('appends one JSON line per exchange with redacted authorization', async () => {
    const h = await harness();
    await h.call('PUT', rgPath('rg1'), { location: 'eastus' }, { Authorization: 'Bearer secret-token' });
    await h.call('PUT', netPath('rg1', 'virtualNetworks/vnet1'), vnetBody(), { authorization: 'Bearer secret-token' });
    await h.call('GET', rgPath('nope'));
    await h.call('DELETE', netPath('rg1', 'virtualNetworks/vnet1'));
    const text = await readFile(path.join(h.dir, 'traffic.jsonl'), 'utf8');
    expect(text).not.toContain('secret-token');
    const lines = text.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatchObject({
      method: 'PUT',
      url: `${HOST}${rgPath('rg1')}`,
      requestHeaders: { Authorization: 'REDACTED' },
      requestBody: { location: 'eastus' },
      status: 201,
      responseBody: { name: 'rg1' },
    });
    expect(new Date(lines[0].time).toISOString()).toBe(lines[0].time);
    expect(lines[0].responseHeaders['x-ms-request-id']).toBeDefined();
    expect(lines[2]).toMatchObject({ method: 'GET', requestBody: null, status: 404, responseBody: { error: { code: 'ResourceGroupNotFound' } } });
    expect(lines[3]).toMatchObject({ method: 'DELETE', status: 429, responseBody: { error: { code: 'RetryableErrorDueToAnotherOperation' } } });
    expect(lines.filter((l) => ['PUT', 'PATCH', 'DELETE'].includes(l.method))).toHaveLength(3);
  });

  it('dump() returns every resource as its GET body, children included, sorted by id', async () => {
    const h = await harness();
    await createGroup(h);
    await h.call('PUT', netPath('rg1', 'networkSecurityGroups/nsg1'), {
      location: 'eastus',
      properties: { securityRules: [{ name: 'r1', properties: { protocol: '*', access: 'Deny', priority: 4096, direction: 'Outbound', sourcePortRange: '*', destinationPortRange: '*', sourceAddressPrefix: '*', destinationAddressPrefix: '*' } }] },
    });
    await h.call('PUT', netPath('rg1', 'virtualNetworks/vnet1'), vnetBody([{ name: 'a', prefix: '10.0.0.0/24' }]));
    h.clock.advance(10);
    const dump = await h.sim.dump();
    const base = `/subscriptions/${SUB}/resourceGroups/rg1`;
    expect(dump.map((r) => r.id)).toEqual([
      base,
      `${base}/providers/Microsoft.Network/networkSecurityGroups/nsg1`,
      `${base}/providers/Microsoft.Network/networkSecurityGroups/nsg1/securityRules/r1`,
      `${base}/providers/Microsoft.Network/virtualNetworks/vnet1`,
      `${base}/providers/Microsoft.Network/virtualNetworks/vnet1/subnets/a`,
    ]);
    for (const r of dump) {
      const path = `${r.id}?api-version=${r.type === 'Microsoft.Resources/resourceGroups' ? RES_API : '2025-05-01'}`;
      expect((await h.call('GET', path)).body).toEqual(r);
    }
  });
});
