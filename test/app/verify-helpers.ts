// Helpers for the verify tests: an applied environment copied per defect (the simulator's cloud is the
// directory <sim>/cloud.json, the tool's state <cwd>/.secure-aml; neither holds an absolute path), real
// SDK clients wired to the in-process simulator on the copy (another ARM client, not the tool), and
// verify run in process on it.
import { cp } from 'node:fs/promises';
import path from 'node:path';
import { AuthorizationManagementClient } from '@azure/arm-authorization';
import { ContainerServiceClient } from '@azure/arm-containerservice';
import { NetworkManagementClient } from '@azure/arm-network';
import { StorageManagementClient } from '@azure/arm-storage';
import type { TokenCredential } from '@azure/core-auth';
import { expect } from 'vitest';
import { simHttpClient } from '../../src/azure/sim-http-client.js';
import { ArmSimulator } from '../../src/simulator/index.js';
import { tmpDir } from '../helpers/cli.js';
import { run, testIo } from '../helpers/test-io.js';

export const FAST = ['--sim-time-scale', '0.002'];
export const SUB = '00000000-0000-0000-0000-000000000000';
export const RG = 'rg-mlsec-dev';
export const RG_ID = `/subscriptions/${SUB}/resourceGroups/${RG}`;
/** SDK pollers: the simulator's operations take milliseconds at this time scale. */
export const POLL = { updateIntervalInMs: 5 };

const credential: TokenCredential = { getToken: async () => ({ token: 'fake-token', expiresOnTimestamp: Date.now() + 3_600_000 }) };

export interface Row {
  section: string; kind: string; subject: string; subjectId?: string; target: string;
  expected: string; actual: string; ok: boolean; decidedBy: string; decidedById?: string; fix: string;
}
export interface Doc {
  command: string; status: string; environment: string; resources: number;
  rows: Row[]; findings: Row[]; skipped: { subject: string; target: string; when: string; reason: string }[];
  counts: { rows: number; holding: number; findings: number; skipped: number; bySection: Record<string, { rows: number; findings: number }> };
  next: string[];
}

/** An applied environment: the cwd holding .secure-aml and the simulator's directory. */
export interface Env { cwd: string; sim: string }

export async function verify(env: Env, ...extra: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = testIo({ cwd: env.cwd, env: { NO_COLOR: '1' } });
  const code = await run(['verify', '-e', 'dev', '--simulate', env.sim, ...FAST, ...extra], io);
  return { code, out: io.out(), err: io.err() };
}

export async function verifyJson(env: Env, expectedCode: 0 | 5): Promise<Doc> {
  const r = await verify(env, '-o', 'json');
  expect(r.code, r.err + r.out.slice(0, 2000)).toBe(expectedCode);
  return JSON.parse(r.out) as Doc;
}

/** A private copy of an applied environment, for one defect. */
export async function copyEnv(base: Env): Promise<Env> {
  const cwd = await tmpDir('secure-aml-defect-');
  await cp(base.cwd, cwd, { recursive: true });
  return { cwd, sim: path.join(cwd, path.relative(base.cwd, base.sim)) };
}

/** Another ARM client: the real SDK clients, in process, on the copy's simulator. */
export async function otherClient(env: Env) {
  const simulator = await ArmSimulator.open({ dir: env.sim, timeScale: 0.002 });
  const options = { httpClient: await simHttpClient(simulator) };
  return {
    simulator,
    network: new NetworkManagementClient(credential, SUB, options),
    storage: new StorageManagementClient(credential, SUB, options),
    authorization: new AuthorizationManagementClient(credential, SUB, options),
    containers: new ContainerServiceClient(credential, SUB, options),
    /** A plain ARM call (for what no typed client here covers). */
    async arm(method: string, id: string, apiVersion: string, body?: unknown) {
      const res = await simulator.handle({
        method, url: `https://management.azure.com${id}?api-version=${apiVersion}`,
        headers: { 'content-type': 'application/json', authorization: 'Bearer fake-token' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, body: res.body ? (JSON.parse(res.body) as Record<string, any>) : undefined }; // eslint-disable-line @typescript-eslint/no-explicit-any
    },
  };
}

/** Polls `check` until it returns a value; fails after `deadlineMs` of real time (never sleeps blindly). */
export async function until<T>(check: () => Promise<T | undefined>, what: string, deadlineMs = 10_000): Promise<T> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what} after ${deadlineMs} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Findings not in `before` (kind, subject and target identify a row). */
export function added(before: Doc, after: Doc): Row[] {
  const known = new Set(before.findings.map((f) => `${f.kind}|${f.subject}|${f.target}`));
  return after.findings.filter((f) => !known.has(`${f.kind}|${f.subject}|${f.target}`));
}

export const show = (rows: unknown) => JSON.stringify(rows, null, 2);
