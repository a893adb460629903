// Test helpers: a simulator on a temp dir with a controllable clock, and a tiny ARM client.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ArmSimulator, type SimulatorOptions } from '../../src/simulator/index.js';

export const SUB = '11111111-2222-3333-4444-555555555555';
export const HOST = 'https://management.azure.com';
export const RES_API = '2025-04-01';
export const NET_API = '2025-05-01';

/**
 * A manual clock; timeScale 1 + 'median' latency makes operation durations exact model seconds. With
 * `tickMs` every reading moves it on by that much, so clients that poll (SDK pollers) see their operations
 * finish after a known number of requests, whatever the wall clock does.
 */
export class Clock {
  t = Date.parse('2025-06-01T00:00:00Z');
  constructor(readonly tickMs = 0) {}
  now = (): number => {
    const t = this.t;
    this.t += this.tickMs;
    return t;
  };
  advance(seconds: number): void {
    this.t += Math.round(seconds * 1000);
  }
}

/** Polls `check` until it returns true; fails after `deadlineMs` of real time (a bound, never an assertion). */
export async function pollUntil(check: () => Promise<boolean>, what: string, deadlineMs = 10_000, everyMs = 5): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what} after ${deadlineMs} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export async function tempDir(): Promise<string> {
  return mkdtemp(path.join(tmpdir(), 'armsim-'));
}

export interface Harness {
  sim: ArmSimulator;
  dir: string;
  clock: Clock;
  call: (method: string, pathAndQuery: string, body?: unknown, headers?: Record<string, string>) => Promise<Reply>;
}

export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export async function harness(opts: Partial<SimulatorOptions> = {}, dir?: string, clock = new Clock()): Promise<Harness> {
  const d = dir ?? (await tempDir());
  const sim = await ArmSimulator.open({ dir: d, timeScale: 1, latency: 'median', now: clock.now, ...opts });
  const call = async (method: string, pathAndQuery: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> => {
    const res = await sim.handle({
      method,
      url: `${HOST}${pathAndQuery}`,
      headers: { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: res.status, headers: res.headers, body: res.body ? JSON.parse(res.body) : undefined };
  };
  return { sim, dir: d, clock, call };
}

export const rgPath = (rg: string, api = RES_API) => `/subscriptions/${SUB}/resourcegroups/${rg}?api-version=${api}`;
export const netPath = (rg: string, rest: string, api = NET_API) =>
  `/subscriptions/${SUB}/resourceGroups/${rg}/providers/Microsoft.Network/${rest}?api-version=${api}`;

/** Relative path+query of an absolute URL the simulator emitted (Location / Azure-AsyncOperation). */
export const rel = (url: string): string => {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
};

export async function createGroup(h: Harness, rg = 'rg1', location = 'eastus'): Promise<void> {
  const r = await h.call('PUT', rgPath(rg), { location });
  if (r.status !== 201 && r.status !== 200) throw new Error(`RG create failed: ${JSON.stringify(r.body)}`);
}

export const vnetBody = (subnets: { name: string; prefix: string; nsg?: string }[] = [], space = ['10.0.0.0/16'], location = 'eastus') => ({
  location,
  properties: {
    addressSpace: { addressPrefixes: space },
    subnets: subnets.map((s) => ({
      name: s.name,
      properties: { addressPrefix: s.prefix, ...(s.nsg ? { networkSecurityGroup: { id: s.nsg } } : {}) },
    })),
  },
});
