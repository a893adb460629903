// Seeded fault injection: deterministic per seed and request sequence (continued across processes),
// at the configured rate; transient faults change nothing; lro-failed fails the operation a PUT/DELETE
// started, and a retry succeeds.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { NetworkManagementClient } from '@azure/arm-network';
import { ResourceManagementClient } from '@azure/arm-resources';
import { describe, expect, it } from 'vitest';
import { faultAt, parseFaults } from '../../src/simulator/faults.js';
import { ArmSimulator, type FaultOptions } from '../../src/simulator/index.js';
import { Clock, SUB, createGroup, harness, netPath, rel, rgPath, tempDir, vnetBody, type Harness } from './helpers.js';
import { credential, httpClient } from './sdk-client.js';



const transient = (rate: number, seed: number): FaultOptions => ({ rate, seed, kinds: ['429', '500', '503', 'reset'] });

async function traffic(dir: string): Promise<{ status: number; fault?: string }[]> {
  const text = await readFile(path.join(dir, 'traffic.jsonl'), 'utf8');
  return text.trim().split('\n').map((l) => JSON.parse(l) as { status: number; fault?: string });
}

/** n GETs of a resource group, the clock moving a second between them (no throttling in the way). */
async function reads(h: Harness, n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    out.push((await h.call('GET', rgPath('rg1'))).status);
    h.clock.advance(1);
  }
  return out;
}

describe('parseFaults', () => {
  it('reads rate, seed and kinds; kinds default to the transient ones', () => {
    expect(parseFaults('rate=0.1,seed=7,kinds=429+503')).toEqual({ rate: 0.1, seed: 7, kinds: ['429', '503'] });
    expect(parseFaults('rate=0.25')).toEqual({ rate: 0.25, seed: 1, kinds: ['429', '500', '503', 'reset'] });
    expect(parseFaults(' seed=3 , rate=1 , kinds=lro-failed ')).toEqual({ rate: 1, seed: 3, kinds: ['lro-failed'] });
    expect(parseFaults('rate=0,kinds=reset+RESET+500')).toEqual({ rate: 0, seed: 1, kinds: ['reset', '500'] });
  });

  it('names the bad key or value', () => {
    expect(() => parseFaults('rate=2')).toThrow('bad rate "2": expected a number from 0 to 1');
    expect(() => parseFaults('rate=abc')).toThrow('bad rate "abc"');
    expect(() => parseFaults('rate=')).toThrow('bad rate ""');
    expect(() => parseFaults('seed=7')).toThrow(/missing rate/);
    expect(() => parseFaults('')).toThrow(/missing rate/);
    expect(() => parseFaults('rate=0.1,seed=x')).toThrow('bad seed "x": expected an integer');
    expect(() => parseFaults('rate=0.1,seed=1.5')).toThrow('bad seed "1.5"');
    expect(() => parseFaults('rate=0.1,kinds=429+404')).toThrow('bad kind "404" in kinds');
    expect(() => parseFaults('rate=0.1,kinds=')).toThrow('bad kind ""');
    expect(() => parseFaults('rate=0.1,colour=red')).toThrow('unknown key "colour": expected rate, seed or kinds');
    expect(() => parseFaults('rate=0.1,rate=0.2')).toThrow('duplicate key "rate"');
    expect(() => parseFaults('rate=0.1,429')).toThrow('bad entry "429": expected key=value');
  });

  it('validates options given as data', async () => {
    await expect(ArmSimulator.open({ dir: await tempDir(), faults: { rate: -1, seed: 1, kinds: ['500'] } })).rejects.toThrow('bad rate -1');
    await expect(ArmSimulator.open({ dir: await tempDir(), faults: { rate: 0.1, seed: 1, kinds: [] } })).rejects.toThrow('bad kinds');
  });
});

describe('fault injection', () => {
  it('is deterministic per seed and request sequence, and differs between seeds', async () => {
    const run = async (seed: number) => {
      const h = await harness({ faults: transient(0.3, seed) });
      await h.sim.handle({ method: 'PUT', url: `https://management.azure.com${rgPath('rg1')}`, headers: {}, body: '{"location":"eastus"}' });
      return reads(h, 40);
    };
    const a = await run(7);
    expect(await run(7)).toEqual(a);
    expect(await run(8)).not.toEqual(a);
    expect(a.some((s) => s !== 200)).toBe(true);
  });

  it('continues one sequence across simulator instances (processes) on a directory', async () => {
    const clock = new Clock();
    const whole = await harness({ faults: transient(0.3, 5) }, undefined, clock);
    const expected = await reads(whole, 30);
    const clock2 = new Clock();
    const first = await harness({ faults: transient(0.3, 5) }, undefined, clock2);
    const second = await harness({ faults: transient(0.3, 5) }, first.dir, clock2);
    expect([...(await reads(first, 15)), ...(await reads(second, 15))]).toEqual(expected);
  });

  it('hits about rate x requests over 1000 requests, every transient kind among them', async () => {
    const h = await harness({ faults: transient(0.1, 42), throttling: false });
    await reads(h, 1000);
    const lines = await traffic(h.dir);
    expect(lines).toHaveLength(1000);
    const faulted = lines.filter((l) => l.fault !== undefined);
    // Binomial(1000, 0.1): sd ~9.5; +-40 is more than 4 sd.
    expect(faulted.length).toBeGreaterThan(60);
    expect(faulted.length).toBeLessThan(140);
    expect(new Set(faulted.map((l) => l.fault))).toEqual(new Set(['429', '500', '503', 'reset']));
    for (const l of faulted) expect(l.status).toBe({ '429': 429, '500': 500, '503': 503, reset: 0 }[l.fault as string]);
    // The pure draw over a long sequence is tight around the rate.
    let n = 0;
    for (let i = 0; i < 100_000; i++) if (faultAt(transient(0.1, 42), i, 'GET')) n++;
    expect(Math.abs(n / 100_000 - 0.1)).toBeLessThan(0.005);
  });

  it('replaces the request: ARM error bodies, scaled Retry-After, reset as status 0, and nothing changes', async () => {
    const clock = new Clock();
    const shape = async (kind: '429' | '500' | '503' | 'reset') => {
      const h = await harness({ faults: { rate: 1, seed: 1, kinds: [kind] }, timeScale: 0.01 }, undefined, clock);
      const r = await h.sim.handle({ method: 'PUT', url: `https://management.azure.com${rgPath('rg1')}`, headers: {}, body: '{"location":"eastus"}' });
      const clean = await harness({ timeScale: 0.01 }, h.dir, clock);
      expect((await clean.call('GET', rgPath('rg1'))).status).toBe(404); // no effect
      expect((await traffic(h.dir))[0].fault).toBe(kind);
      return r;
    };
    const tooMany = await shape('429');
    expect(tooMany.status).toBe(429);
    expect(JSON.parse(tooMany.body ?? '').error.code).toBe('TooManyRequests');
    expect(tooMany.headers['retry-after-ms']).toBe('50'); // 5 s scaled by 0.01
    expect(tooMany.headers['retry-after']).toBe('0');
    expect(tooMany.headers['x-ms-ratelimit-remaining-subscription-writes']).toBe('199');
    const internal = await shape('500');
    expect(internal.status).toBe(500);
    expect(JSON.parse(internal.body ?? '').error.code).toBe('InternalServerError');
    const unavailable = await shape('503');
    expect(unavailable.status).toBe(503);
    expect(JSON.parse(unavailable.body ?? '').error.code).toBe('ServiceUnavailable');
    expect(unavailable.headers['retry-after-ms']).toBe('100');
    expect(await shape('reset')).toEqual({ status: 0, headers: { 'x-sim-connection-reset': '1' }, body: '' });
  });

  it('lro-failed: the PUT is accepted, its operation ends Failed, the resource shows Failed; a retried PUT succeeds', async () => {
    const clock = new Clock();
    const faulty = await harness({ faults: { rate: 1, seed: 1, kinds: ['lro-failed'] } }, undefined, clock);
    await createGroup(faulty); // a synchronous PUT: nothing to fail
    const put = await faulty.call('PUT', netPath('rg1', 'virtualNetworks/vnet1'), vnetBody([{ name: 's1', prefix: '10.0.1.0/24' }]));
    expect(put.status).toBe(201);
    const status = rel(put.headers['azure-asyncoperation']);
    expect((await faulty.call('GET', status)).body).toEqual({ status: 'InProgress' }); // polls are never lro-failed
    clock.advance(60);
    const failed = await faulty.call('GET', status);
    expect(failed.status).toBe(200);
    expect(failed.body.status).toBe('Failed');
    expect(failed.body.error.code).toBe('InternalOperationError');
    expect(failed.body.error.message).toEqual(expect.any(String));
    const vnet = await faulty.call('GET', netPath('rg1', 'virtualNetworks/vnet1'));
    expect(vnet.body.properties.provisioningState).toBe('Failed');
    const lines = await traffic(faulty.dir);
    expect(lines.filter((l) => l.fault === 'lro-failed')).toHaveLength(1);

    // The retry (here without faults) starts a fresh operation that succeeds.
    const clean = await harness({}, faulty.dir, clock);
    const retry = await clean.call('PUT', netPath('rg1', 'virtualNetworks/vnet1'), vnetBody([{ name: 's1', prefix: '10.0.1.0/24' }]));
    expect([200, 201]).toContain(retry.status);
    clock.advance(60);
    expect((await clean.call('GET', rel(retry.headers['azure-asyncoperation']))).body).toEqual({ status: 'Succeeded' });
    expect((await clean.call('GET', netPath('rg1', 'virtualNetworks/vnet1'))).body.properties.provisioningState).toBe('Succeeded');
  });

  it('lro-failed on a DELETE keeps the resource (Failed); a retried DELETE removes it', async () => {
    const clock = new Clock();
    const clean = await harness({}, undefined, clock);
    await createGroup(clean);
    await clean.call('PUT', netPath('rg1', 'virtualNetworks/vnet1'), vnetBody());
    clock.advance(60);
    const faulty = await harness({ faults: { rate: 1, seed: 1, kinds: ['lro-failed'] } }, clean.dir, clock);
    const del = await faulty.call('DELETE', netPath('rg1', 'virtualNetworks/vnet1'));
    expect(del.status).toBe(202);
    clock.advance(120);
    const after = await clean.call('GET', netPath('rg1', 'virtualNetworks/vnet1'));
    expect(after.status).toBe(200);
    expect(after.body.properties.provisioningState).toBe('Failed');
    expect((await clean.call('DELETE', netPath('rg1', 'virtualNetworks/vnet1'))).status).toBe(202);
    clock.advance(120);
    expect((await clean.call('GET', netPath('rg1', 'virtualNetworks/vnet1'))).status).toBe(404);
  });

  it('the real SDK retries its way through 20% transient faults (Retry-After / retry-after-ms, resets) to the same result', async () => {
    const run = async (faults?: FaultOptions) => {
      const sim = await ArmSimulator.open({ dir: await tempDir(), timeScale: 0.001, latency: 'median', ...(faults ? { faults } : {}) });
      const options = { httpClient: httpClient(sim), retryOptions: { maxRetries: 10, retryDelayInMs: 1, maxRetryDelayInMs: 20 } };
      const resources = new ResourceManagementClient(credential, SUB, options);
      const network = new NetworkManagementClient(credential, SUB, options);
      await resources.resourceGroups.createOrUpdate('rg1', { location: 'eastus' });
      for (const name of ['vnet1', 'vnet2', 'vnet3']) {
        await network.virtualNetworks.beginCreateOrUpdateAndWait('rg1', name, { location: 'eastus', addressSpace: { addressPrefixes: ['10.0.0.0/16'] } }, { updateIntervalInMs: 2 });
      }
      await network.virtualNetworks.beginDeleteAndWait('rg1', 'vnet2', { updateIntervalInMs: 2 });
      const names = (await sim.dump()).map((r) => `${r.type}/${r.name}:${(r.properties as { provisioningState?: string }).provisioningState}`);
      return { names, lines: await traffic(sim.dir) };
    };
    const reference = await run();
    const faulty = await run(transient(0.2, 11));
    expect(faulty.names).toEqual(reference.names);
    expect(faulty.lines.filter((l) => l.fault !== undefined).length).toBeGreaterThan(0);
  });
});
