// ARM throttling: token buckets per subscription and operation class, refilled by the (simulated)
// clock, shared through cloud.json; 429 SubscriptionRequestsThrottled with Retry-After and retry-after-ms.
import { describe, expect, it } from 'vitest';
import { ArmSimulator } from '../../src/simulator/index.js';
import { retryAfterHeaders } from '../../src/simulator/throttle.js';
import { Clock, HOST, RES_API, SUB, createGroup, harness, netPath, rel, rgPath, vnetBody, type Harness } from './helpers.js';

const WRITES = 'x-ms-ratelimit-remaining-subscription-writes';
const READS = 'x-ms-ratelimit-remaining-subscription-reads';
const DELETES = 'x-ms-ratelimit-remaining-subscription-deletes';

/** Spends the whole write bucket (200 tokens) with resource-group PUTs; returns the last remaining count. */
async function drainWrites(h: Harness): Promise<string> {
  let last = '';
  for (let i = 0; i < 200; i++) {
    const r = await h.call('PUT', rgPath(`rg${i}`), { location: 'eastus' });
    expect(r.status).toBe(201);
    last = r.headers[WRITES];
  }
  return last;
}

describe('ARM token buckets', () => {
  it('counts down per class, answers 429 when empty with no effect, and refills with the clock', async () => {
    const h = await harness();
    const first = await h.call('PUT', rgPath('first'), { location: 'eastus' });
    expect(first.headers[WRITES]).toBe('199');
    expect(first.headers[READS]).toBeUndefined();
    expect((await h.call('GET', rgPath('first'))).headers[READS]).toBe('249');
    expect((await h.call('DELETE', rgPath('nothing'))).headers[DELETES]).toBe('199');

    // 199 more writes empty the bucket (the clock stands still).
    for (let i = 0; i < 199; i++) expect((await h.call('PUT', rgPath(`rg${i}`), { location: 'eastus' })).status).toBe(201);
    const refused = await h.call('PUT', rgPath('late'), { location: 'eastus' });
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('SubscriptionRequestsThrottled');
    expect(refused.body.error.message).toMatch(/^Number of 'write' requests for subscription '.+' actor '.+' exceeded\. Please try again after '1' seconds/);
    // One token needs 1/10 s: ARM's whole seconds round up; retry-after-ms is exact.
    expect(refused.headers['retry-after']).toBe('1');
    expect(refused.headers['retry-after-ms']).toBe('100');
    expect(refused.headers[WRITES]).toBe('0');
    expect(refused.headers['x-ms-request-id']).toBeDefined();
    // Nothing happened, and the other classes are untouched.
    const get = await h.call('GET', rgPath('late'));
    expect(get.status).toBe(404);
    expect(get.headers[READS]).toBe('248');

    h.clock.advance(0.05);
    const half = await h.call('PUT', rgPath('late'), { location: 'eastus' });
    expect(half.status).toBe(429);
    expect(half.headers['retry-after-ms']).toBe('50');
    h.clock.advance(0.05);
    const ok = await h.call('PUT', rgPath('late'), { location: 'eastus' });
    expect(ok.status).toBe(201);
    expect(ok.headers[WRITES]).toBe('0');
    h.clock.advance(60); // refill is capped at the bucket size
    expect((await h.call('PUT', rgPath('later'), { location: 'eastus' })).headers[WRITES]).toBe('199');
  });

  it('refills in simulated time: at timeScale 0.01 the wait is 1/100 of the real one', async () => {
    const h = await harness({ timeScale: 0.01 });
    expect(await drainWrites(h)).toBe('0');
    const refused = await h.call('PUT', rgPath('late'), { location: 'eastus' });
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after-ms']).toBe('1'); // 100 ms * 0.01
    expect(refused.headers['retry-after']).toBe('0'); // below timeScale 0.5 whole seconds round down
    h.clock.t += 1;
    expect((await h.call('PUT', rgPath('late'), { location: 'eastus' })).status).toBe(201);
  });

  it('shares buckets between simulator instances (processes) through cloud.json', async () => {
    const clock = new Clock();
    const a = await harness({}, undefined, clock);
    await drainWrites(a);
    const b = await harness({}, a.dir, clock);
    expect((await b.call('PUT', rgPath('late'), { location: 'eastus' })).status).toBe(429);
    // A second subscription has its own buckets.
    const other = await b.call('PUT', `/subscriptions/99999999-2222-3333-4444-555555555555/resourcegroups/rg1?api-version=${RES_API}`, { location: 'eastus' });
    expect(other.status).toBe(201);
    expect(other.headers[WRITES]).toBe('199');
  });

  it('counts operation status polls as reads', async () => {
    const h = await harness();
    await createGroup(h);
    const put = await h.call('PUT', netPath('rg1', 'virtualNetworks/vnet1'), vnetBody());
    expect(put.status).toBe(201);
    const poll1 = await h.call('GET', rel(put.headers['azure-asyncoperation']));
    const poll2 = await h.call('GET', rel(put.headers['azure-asyncoperation']));
    expect(Number(poll1.headers[READS]) - Number(poll2.headers[READS])).toBe(1);
    expect(poll2.headers[WRITES]).toBeUndefined();
  });

  it('can be switched off, and leaves tenant-level requests alone', async () => {
    const off = await harness({ throttling: false });
    expect((await off.call('PUT', rgPath('rg1'), { location: 'eastus' })).headers[WRITES]).toBeUndefined();
    const h = await harness();
    const subs = await h.call('GET', '/subscriptions?api-version=2022-12-01');
    expect(subs.status).toBe(200);
    expect(Object.keys(subs.headers).filter((k) => k.startsWith('x-ms-ratelimit'))).toEqual([]);
  });

  it('states Retry-After in whole seconds (>= 1 from timeScale 0.5) and retry-after-ms exactly', () => {
    const cfg = (timeScale: number) => ({ timeScale, mode: 'median' as const, seed: 1 });
    expect(retryAfterHeaders(cfg(1), 0.1)).toEqual({ 'Retry-After': '1', 'retry-after-ms': '100' });
    expect(retryAfterHeaders(cfg(1), 2.5)).toEqual({ 'Retry-After': '3', 'retry-after-ms': '2500' });
    expect(retryAfterHeaders(cfg(0.5), 0.1)).toEqual({ 'Retry-After': '1', 'retry-after-ms': '50' });
    expect(retryAfterHeaders(cfg(0.01), 250)).toEqual({ 'Retry-After': '2', 'retry-after-ms': '2500' });
    expect(retryAfterHeaders(cfg(0.001), 0.1)).toEqual({ 'Retry-After': '0', 'retry-after-ms': '1' });
  });

  it('names the caller from the token in the throttling message', async () => {
    const clock = new Clock();
    const sim = await ArmSimulator.open({ dir: (await harness({}, undefined, clock)).dir, timeScale: 1, latency: 'median', now: clock.now });
    const payload = Buffer.from(JSON.stringify({ oid: 'aaaaaaaa-0000-0000-0000-000000000001' })).toString('base64url');
    const authorization = `Bearer e30.${payload}.sig`;
    let last = 0;
    for (let i = 0; i < 251; i++) {
      last = (await sim.handle({ method: 'GET', url: `${HOST}/subscriptions/${SUB}?api-version=${RES_API}`, headers: { authorization } })).status;
    }
    expect(last).toBe(429);
    const res = await sim.handle({ method: 'HEAD', url: `${HOST}/subscriptions/${SUB}/resourcegroups/x?api-version=${RES_API}`, headers: { authorization } });
    expect(res.status).toBe(429); // HEAD is a read
    const body = await sim.handle({ method: 'GET', url: `${HOST}/subscriptions/${SUB}?api-version=${RES_API}`, headers: { authorization } });
    expect(JSON.parse(body.body ?? '{}').error.message).toContain("Number of 'read' requests for subscription '11111111-2222-3333-4444-555555555555' actor 'aaaaaaaa-0000-0000-0000-000000000001' exceeded");
  });
});
