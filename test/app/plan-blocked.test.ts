// A preflight problem of a step's own checks carries that step's id: `plan` marks exactly that step
// blocked (exit 1) and says why under it; nothing is written.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_TLS } from '../config/helpers.js';
import { EXAMPLE, isWrite, tmpDir, traffic } from '../helpers/cli.js';
import { run, testIo } from '../helpers/test-io.js';

const FAST = ['--sim-time-scale', '0.002'];

describe('plan with a preflight problem', () => {
  it('marks the step whose name is taken as blocked, and only that one', async () => {
    const cwd = await tmpDir();
    const sim = path.join(cwd, 'sim');
    // The copies live in a temporary folder: point the example's AKS TLS pair (relative to it) at the demo files.
    const example = await readFile(EXAMPLE, 'utf8');
    const base = example.replace('certFile: demo-tls/scoring.crt', `certFile: ${DEMO_TLS.certFile}`).replace('keyFile: demo-tls/scoring.key', `keyFile: ${DEMO_TLS.keyFile}`);
    expect(base).toContain(DEMO_TLS.keyFile);
    const withStorage = base.replace(/^storage: \{\}$/m, 'storage:\n  name: stsharedname01');
    expect(withStorage).not.toBe(base);
    // Another environment holds the global storage account name.
    const other = path.join(cwd, 'other.yaml');
    await writeFile(other, withStorage.replace(/^environment: dev$/m, 'environment: other'));
    const first = testIo({ cwd, env: { CI: 'true' } });
    expect(await run(['apply', '-c', other, '--simulate', sim, '-y', '--state-dir', path.join(cwd, 's1'), ...FAST], first), first.err()).toBe(0);

    const mine = path.join(cwd, 'mine.yaml');
    await writeFile(mine, withStorage);
    const before = (await traffic(sim)).length;
    const json = testIo({ cwd, env: { CI: 'true' } });
    expect(await run(['plan', '-c', mine, '--simulate', sim, '-o', 'json', ...FAST], json), json.err()).toBe(1);
    const doc = JSON.parse(json.out()) as { status: string; steps: { id: string; action: string; reasons: string[] }[]; problems: string[] };
    expect(doc.status).toBe('blocked');
    expect(doc.steps.filter((s) => s.action === 'blocked').map((s) => s.id)).toEqual(['storage']);
    expect(doc.steps.find((s) => s.id === 'storage')!.reasons).toEqual([expect.stringMatching(/^storage\.name: .*stsharedname01/)]);
    expect(doc.problems).toEqual([]);

    const text = testIo({ cwd, env: { CI: 'true' } });
    expect(await run(['plan', '-c', mine, '--simulate', sim, ...FAST], text)).toBe(1);
    expect(text.out()).toMatch(/^ {2}! Storage account .*\n {6}! storage\.name: /m);
    expect(text.out()).toMatch(/1 blocked\.$/m);
    expect((await traffic(sim)).slice(before).filter(isWrite)).toEqual([]);
  });
});
