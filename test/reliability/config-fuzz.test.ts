// Property-based fuzzing of the config: every generated invalid config exits 2 with a message
// naming each bad field, prints no stack trace, and sends nothing to ARM (no traffic at all).
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { EXAMPLE, tmpDir } from '../helpers/cli.js';
import { runInProcess } from '../helpers/in-process.js';

type Doc = Record<string, unknown>;
interface Mutation { path: string; value: unknown; crossField?: boolean }

// Invalid values per field. crossField: only invalid relative to other fields (used alone).
const CATALOG: { path: string; values: unknown[]; cross?: unknown[] }[] = [
  { path: 'name', values: ['', 'A', 'waytoolongname', 123, 'has space', '9lives'] },
  { path: 'environment', values: ['Dev!', '-x', 5, 'x'.repeat(30)] },
  { path: 'subscriptionId', values: ['not-a-guid', 42, '00000000-0000-0000-0000-00000000000Z'] },
  { path: 'location', values: ['moon', 'West Europe', '', 17] },
  { path: 'network.addressSpace', values: ['10.0.0.0/33', '300.1.1.1/16', 'abc', '8.8.0.0/16', 12] },
  { path: 'network.subnets.training', values: ['10.0.0.0/33', '10.0.1.5/24', 'x', true], cross: ['10.9.0.0/24', '10.0.1.0/30'] },
  { path: 'network.subnets.scoring', values: ['1.2.3/24', '10.0.2.1/24', []], cross: ['10.0.1.0/24', '10.0.2.0/28'] },
  { path: 'network.subnets.privateEndpoints', values: ['10.0.3.0/99', {}], cross: ['10.0.3.0/30'] },
  { path: 'network.computePublicIp', values: ['yes', 1] },
  { path: 'storage.name', values: ['UPPER', 'a', 'x'.repeat(30), 'with-dash'] },
  { path: 'registry.name', values: ['ab', 'has-dash', 'x'.repeat(60)] },
  { path: 'keyVault.name', values: ['1abc', 'a--b', 'ab'] },
  { path: 'workspace.name', values: ['_bad', 'x'.repeat(40)] },
  { path: 'workspace.hbi', values: ['true', 0] },
  { path: 'cmk.keySize', values: [1024, 'big', 2049] },
  { path: 'cmk.enabled', values: ['no'] },
  { path: 'logAnalytics.retentionInDays', values: [1, 10_000, 'month'] },
  { path: 'compute.cluster.minNodes', values: [-1, 'zero', 1.5] },
  { path: 'compute.cluster.vmSize', values: ['big', 7] },
  { path: 'aks.nodeCount', values: [0, 1000, 'three'] },
  { path: 'aks.enabled', values: ['maybe'] },
  { path: 'roles.dataScientists', values: [[{ objectId: 'nope', type: 'User' }], [{ objectId: '11111111-1111-1111-1111-111111111111', type: 'Robot' }], 'everyone'] },
  { path: 'tags', values: [{ 'a<b': 'x' }, { k: 'x'.repeat(300) }, ['list']] },
  { path: 'netwrk', values: [{}] },
  { path: 'compute.clusterr', values: [{ name: 'x' }] },
];

function setPath(doc: Doc, p: string, value: unknown): void {
  const keys = p.split('.');
  let cur = doc;
  for (const k of keys.slice(0, -1)) {
    if (typeof cur[k] !== 'object' || cur[k] === null || Array.isArray(cur[k])) cur[k] = {};
    cur = cur[k] as Doc;
  }
  cur[keys.at(-1)!] = value;
}

const mutation = fc.constantFrom(...CATALOG).chain((entry) => fc.constantFrom(...entry.values).map((value): Mutation => ({ path: entry.path, value })));
const crossMutation = fc.constantFrom(...CATALOG.filter((e) => e.cross)).chain((entry) => fc.constantFrom(...entry.cross!).map((value): Mutation => ({ path: entry.path, value, crossField: true })));
// One to three independent mutations, or one that is only wrong relative to the others.
const mutations = fc.oneof(
  { weight: 4, arbitrary: fc.uniqueArray(mutation, { minLength: 1, maxLength: 3, selector: (m) => m.path }) },
  { weight: 1, arbitrary: crossMutation.map((m) => [m]) },
);

describe('fuzzed invalid configs', () => {
  let base: Doc;
  let cwd: string;

  beforeAll(async () => {
    base = parse(await readFile(EXAMPLE, 'utf8')) as Doc;
    cwd = await tmpDir('secure-aml-fuzz-');
  });

  it('1,000 generated invalid configs: exit 2, every bad field named, no stack trace, no ARM call', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(mutations, async (ms) => {
        n++;
        const doc = structuredClone(base);
        for (const m of ms) setPath(doc, m.path, m.value);
        const file = path.join(cwd, `c${n}.yaml`);
        await writeFile(file, stringify(doc));
        const sim = path.join(cwd, `sim${n}`);
        const r = await runInProcess(['apply', '-c', file, '--simulate', sim, '-y'], cwd);
        expect(r.code, r.stderr).toBe(2);
        for (const m of ms) expect(r.stderr, `${m.path} = ${JSON.stringify(m.value)}`).toContain(m.path);
        expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
        expect(r.stdout).toBe('');
        expect(existsSync(path.join(sim, 'traffic.jsonl'))).toBe(false);
      }),
      { numRuns: 1000, seed: 20261122 },
    );
    expect(n).toBeGreaterThanOrEqual(1000);
  }, 300_000);
});
