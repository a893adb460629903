// Readable output: colour only where a terminal shows it (never in -o json or piped output), and
// plan and summary lines that fit 100 columns for the example config.
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, EXAMPLE, runCli, tmpDir } from '../helpers/cli.js';
import { run, testIo } from '../helpers/test-io.js';

const FAST = ['--sim-time-scale', '0.002'];
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[/;

describe('colour', () => {
  let cwd: string;
  let sim: string;
  const plan = async (env: Record<string, string>, tty: boolean, ...extra: string[]) => {
    const io = testIo({ cwd, tty, stderrTty: false, env: { CI: 'true', ...env } });
    const code = await run(['plan', '-c', EXAMPLE, '--simulate', sim, ...FAST, ...extra], io);
    expect(code, io.err()).toBe(0);
    return io;
  };

  beforeAll(async () => {
    cwd = await tmpDir();
    sim = path.join(cwd, 'sim');
  });

  it('FORCE_COLOR on a terminal colours the text', async () => {
    const io = await plan({ TERM: 'xterm', FORCE_COLOR: '1' }, true);
    expect(io.out()).toMatch(ANSI);
  });

  it('a terminal colours by default, TERM=dumb does not, FORCE_COLOR wins over TERM=dumb', async () => {
    expect((await plan({ TERM: 'xterm-256color' }, true)).out()).toMatch(ANSI);
    expect((await plan({ TERM: 'dumb' }, true)).out()).not.toMatch(ANSI);
    expect((await plan({ TERM: 'dumb', FORCE_COLOR: '1' }, true)).out()).toMatch(ANSI);
  });

  it('-o json carries no escape, even with FORCE_COLOR on a terminal', async () => {
    const io = await plan({ TERM: 'xterm', FORCE_COLOR: '3' }, true, '-o', 'json');
    expect(io.out()).not.toMatch(ANSI);
    expect(JSON.parse(io.out()).command).toBe('plan');
  });

  it('--no-color, NO_COLOR and FORCE_COLOR=0 turn it off on a terminal', async () => {
    expect((await plan({ TERM: 'xterm', FORCE_COLOR: '1' }, true, '--no-color')).out()).not.toMatch(ANSI);
    expect((await plan({ TERM: 'xterm', NO_COLOR: '1' }, true)).out()).not.toMatch(ANSI);
    expect((await plan({ TERM: 'xterm', FORCE_COLOR: '0' }, true)).out()).not.toMatch(ANSI);
  });

  it('piped output (no terminal) carries no escape, even with FORCE_COLOR', async () => {
    expect((await plan({ TERM: 'xterm', FORCE_COLOR: '1' }, false)).out()).not.toMatch(ANSI);
  });

  it('the binary piped: stdout and stderr without escapes under FORCE_COLOR; errors coloured only on a terminal', async () => {
    const env = cleanEnv({ FORCE_COLOR: '1', TERM: 'xterm' });
    delete env.NO_COLOR;
    const r = await runCli(['plan', '-c', EXAMPLE, '--simulate', sim, ...FAST], { cwd, env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('plan: environment "dev"');
    expect(r.stdout + r.stderr).not.toMatch(ANSI);
    const bad = await runCli(['status', '-e', 'nope'], { cwd, env });
    expect(bad.code).toBe(6);
    expect(bad.stderr).toMatch(/^error: No state/);

    const onTerminal = testIo({ cwd, tty: true, env: { TERM: 'xterm', FORCE_COLOR: '1' } });
    expect(await run(['status', '-e', 'nope'], onTerminal)).toBe(6);
    expect(onTerminal.err()).toMatch(ANSI);
    expect(onTerminal.err()).toContain('No state for environment "nope"');
  });
});

describe('width', () => {
  const WIDTH = 100;
  const long = (text: string) => text.split('\n').filter((l) => l.length > WIDTH);

  it('plan and summary lines of the example config fit 100 columns; only verbatim data (a URL, a hosts entry) may not', async () => {
    const cwd = await tmpDir();
    const sim = path.join(cwd, 'sim');
    const text = async (...args: string[]) => {
      const io = testIo({ cwd, env: { CI: 'true' } });
      const code = await run([...args, '--simulate', sim, ...FAST], io);
      expect(code, io.err()).toBe(0);
      return io.out();
    };
    const before = await text('plan', '-c', EXAMPLE);
    expect(before).toMatch(/^ {2}\+ Virtual network and subnets +virtualNetworks vnet-mlsec-dev$/m);
    expect(before).not.toContain('/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-mlsec-dev/providers');
    expect(long(before)).toEqual([]);

    const summary = await text('apply', '-c', EXAMPLE, '-y');
    expect(summary).toMatch(/^resource group rg-mlsec-dev \(subscription [0-9a-f-]{36}\)$/m);
    expect(summary).toMatch(/^ {2}\+ Virtual network and subnets +created +virtualNetworks vnet-mlsec-dev$/m);
    const doc = JSON.parse(await text('apply', '-c', EXAMPLE, '-y', '-o', 'json')) as { studioUrl: string; hostsFile: string[]; steps: { resourceId?: string }[] };
    // Full ids stay in -o json.
    // (the one lookup outside ARM, Cosmos DB's service principal, is named by its Graph URL)
    expect(doc.steps.filter((s) => !s.resourceId?.startsWith('/subscriptions/')).map((s) => s.resourceId)).toEqual([expect.stringMatching(/^https:\/\/graph\.microsoft\.com\/v1\.0\/servicePrincipals\(appId=/)]);
    const verbatim = new Set([doc.studioUrl, ...doc.hostsFile]);
    for (const line of long(summary)) expect(verbatim, `a line over ${WIDTH} columns: ${line}`).toContain(line.trim());

    const after = await text('plan', '-c', EXAMPLE);
    expect(after).toContain('Plan: 0 to create, 0 to update, 61 unchanged, 0 blocked.');
    expect(long(after)).toEqual([]);
  });
});
