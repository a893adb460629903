// `teardown` on a terminal, in process through the test Io: it lists what it deletes and what the
// modules want known (purge protection, soft delete), then asks. No deletes nothing; yes deletes.
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE, tmpDir, traffic } from '../helpers/cli.js';
import { run, testIo } from '../helpers/test-io.js';

const FAST = ['--sim-time-scale', '0.002'];
const TERMINAL = { TERM: 'xterm', NO_COLOR: '1' };
const tty = { tty: true, stderrTty: false } as const; // progress as lines (see apply-confirm.test.ts)

describe('teardown on a terminal', () => {
  let cwd: string;
  let sim: string;

  beforeAll(async () => {
    cwd = await tmpDir();
    sim = path.join(cwd, 'sim');
    const io = testIo({ cwd, env: { CI: 'true' } });
    expect(await run(['apply', '-c', EXAMPLE, '--simulate', sim, '-y', ...FAST], io), io.err()).toBe(0);
  }, 120_000);

  it('lists what it deletes and the notes before asking; no exits 8 and deletes nothing', async () => {
    const before = (await traffic(sim)).length;
    const io = testIo({ cwd, ...tty, env: TERMINAL, answers: [{ message: /^Delete these \d+ resources\?$/, answer: false }] });
    const code = await run(['teardown', '-e', 'dev', '--simulate', sim, ...FAST], io);
    expect(code, io.err()).toBe(8);
    expect(io.asked).toMatchObject([{ kind: 'confirm', default: false, answer: false }]);
    const transcript = io.transcript();
    const listAt = transcript.indexOf('teardown of environment "dev" will delete');
    const questionAt = transcript.indexOf('? Delete these');
    expect(listAt).toBeGreaterThanOrEqual(0);
    expect(listAt).toBeLessThan(questionAt);
    const listed = transcript.slice(listAt, questionAt);
    expect(listed).toMatch(/- Virtual network and subnets\s+delete\s+virtualNetworks vnet-mlsec-dev/);
    expect(listed).toMatch(/note: the key vault has purge protection/);
    expect(listed).toMatch(/note: the workspace is soft-deleted for 14 days/);
    expect(io.err()).toContain('Declined: nothing was deleted.');
    expect((await traffic(sim)).slice(before).filter((t) => t.method === 'DELETE')).toEqual([]);
  });

  it('with --purge the note says the workspace goes for good; yes deletes, reports soft-deleted names', async () => {
    const before = (await traffic(sim)).length;
    const io = testIo({ cwd, ...tty, env: TERMINAL, answers: [{ message: 'Delete these', answer: true }] });
    const code = await run(['teardown', '-e', 'dev', '--simulate', sim, '--purge', ...FAST], io);
    expect(code, io.err()).toBe(0);
    expect(io.transcript().indexOf('deleted permanently')).toBeLessThan(io.transcript().indexOf('? Delete these'));
    expect(io.out()).toMatch(/teardown: environment "dev" in westeurope .*: succeeded/);
    expect(io.out()).toMatch(/softDeleted:\n {2}key vault \S+: name reserved until purged/);
    expect((await traffic(sim)).slice(before).filter((t) => t.method === 'DELETE').length).toBeGreaterThan(0);
  });

  it('-o json keeps its shape: status, steps, remaining and next', async () => {
    const io = testIo({ cwd, env: { CI: 'true' } });
    // Everything is already deleted: nothing to ask about, nothing to do.
    expect(await run(['teardown', '-e', 'dev', '--simulate', sim, '-y', '-o', 'json', ...FAST], io), io.err()).toBe(0);
    const doc = JSON.parse(io.out());
    expect(doc).toMatchObject({ command: 'teardown', status: 'succeeded', environment: 'dev', remaining: [] });
    expect(Array.isArray(doc.steps)).toBe(true);
    expect(doc.next).toEqual([]);
  });
});
