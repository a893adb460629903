// Shared by the refusal tests (refusals-*.test.ts): a harness with one resource group, a PUT that must be
// accepted (the clock then moves past its operation), and the assertion that a reply is a given refusal.
import { expect } from 'vitest';
import { createGroup, harness, netPath, type Harness, type Reply } from './helpers.js';

export async function withGroup(rg = 'rg1', location = 'eastus'): Promise<Harness> {
  const h = await harness();
  await createGroup(h, rg, location);
  return h;
}

export async function putNetwork(h: Harness, rg: string, rest: string, body: unknown, api?: string): Promise<void> {
  const r = await h.call('PUT', netPath(rg, rest, api), body);
  if (r.status !== 200 && r.status !== 201) throw new Error(`PUT ${rest} -> ${r.status} ${JSON.stringify(r.body)}`);
  h.clock.advance(1000);
}

export function expectRefused(r: Reply, status: number, code: string, text: string): void {
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  expect(r.body.error.code).toBe(code);
  expect(r.body.error.message).toContain(text);
}
