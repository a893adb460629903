// `apply` on a terminal, in process through the test Io: the plan first, then the question. No
// writes reach ARM when the answer is no; yes applies; -y asks nothing; Ctrl-C at the question
// leaves with 130 and nothing written.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLE, tmpDir, traffic, type TrafficLine } from '../helpers/cli.js';
import { run, testIo } from '../helpers/test-io.js';

const FAST = ['--sim-time-scale', '0.002'];
const TERMINAL = { TERM: 'xterm', NO_COLOR: '1' };
// stdin and stdout are the terminal (so apply may ask); progress goes to stderr as lines, since
// listr2 would draw on the test process's own stdout (it picks its renderer from process.stdout).
const tty = { tty: true, stderrTty: false } as const;
const writes = (t: TrafficLine[]) => t.filter((x) => ['PUT', 'PATCH', 'DELETE'].includes(x.method));

describe('apply on a terminal', () => {
  it('prints the plan before asking; no exits 8 and nothing is written to ARM', async () => {
    const cwd = await tmpDir();
    const sim = path.join(cwd, 'sim');
    const io = testIo({ cwd, ...tty, env: TERMINAL, answers: [{ message: /^Apply 60 change\(s\) to environment "dev" in westeurope\?$/, answer: false }] });
    const code = await run(['apply', '-c', EXAMPLE, '--simulate', sim, ...FAST], io);
    expect(code, io.err()).toBe(8);
    expect(io.asked).toHaveLength(1);
    expect(io.asked[0]).toMatchObject({ kind: 'confirm', default: false, answer: false });
    const transcript = io.transcript();
    const planAt = transcript.indexOf('plan: environment "dev" in westeurope (simulated)');
    const questionAt = transcript.indexOf('? Apply 60 change(s)');
    expect(planAt).toBeGreaterThanOrEqual(0);
    expect(planAt).toBeLessThan(questionAt);
    // The whole plan comes before the question: every resource and the totals.
    const plan = transcript.slice(planAt, questionAt);
    expect(plan).toMatch(/\+ Virtual network and subnets\s+virtualNetworks vnet-mlsec-dev/);
    // The example's egress (firewall, the default), the monitor private link and AKS via the extension.
    expect(plan).toMatch(/\+ Azure Firewall in the hub\s+azureFirewalls afw-mlsec-dev/);
    expect(plan).toMatch(/\+ Private endpoint monitor \(azuremonitor\)\s+privateEndpoints pe-mlsec-dev-monitor/);
    expect(plan).toMatch(/\+ AKS as the workspace's Kubernetes compute\s+computes mlw-mlsec-dev\/scoring-aks/);
    expect(plan).toContain('Plan: 60 to create, 0 to update, 1 unchanged, 0 blocked.');
    expect(io.err()).toContain('Declined: nothing was changed.');
    expect(io.out()).toBe('');
    const sent = await traffic(sim);
    expect(sent.length).toBeGreaterThan(0); // it did read (preflight, plan)
    expect(writes(sent)).toEqual([]);
  });

  it('yes applies; the next apply finds nothing to change and does not ask', async () => {
    const cwd = await tmpDir();
    const sim = path.join(cwd, 'sim');
    const io = testIo({ cwd, ...tty, env: TERMINAL, answers: [{ message: 'Apply', answer: true }] });
    const code = await run(['apply', '-c', EXAMPLE, '--simulate', sim, ...FAST], io);
    expect(code, io.err()).toBe(0);
    expect(io.asked.map((q) => q.answer)).toEqual([true]);
    expect(io.out()).toMatch(/apply: environment "dev" in westeurope .*: succeeded/);
    expect(writes(await traffic(sim)).length).toBeGreaterThan(0);

    const before = (await traffic(sim)).length;
    const again = testIo({ cwd, ...tty, env: TERMINAL, answers: [] });
    expect(await run(['apply', '-c', EXAMPLE, '--simulate', sim, ...FAST], again), again.err()).toBe(0);
    expect(again.asked).toEqual([]);
    expect(again.err()).toContain('No changes');
    expect(writes((await traffic(sim)).slice(before))).toEqual([]);
  });

  it('-y on a terminal neither plans first nor asks', async () => {
    const cwd = await tmpDir();
    const io = testIo({ cwd, ...tty, env: TERMINAL, answers: [] });
    expect(await run(['apply', '-c', EXAMPLE, '--simulate', path.join(cwd, 'sim'), '-y', ...FAST], io), io.err()).toBe(0);
    expect(io.asked).toEqual([]);
    expect(io.transcript()).not.toContain('plan: environment');
  });

  it('Ctrl-C at the question exits 130 and writes nothing', async () => {
    const cwd = await tmpDir();
    const sim = path.join(cwd, 'sim');
    const io = testIo({
      cwd, ...tty, env: TERMINAL,
      answers: [{ message: 'Apply', answer: () => { io.signal('SIGINT'); return true; } }],
    });
    const code = await run(['apply', '-c', EXAMPLE, '--simulate', sim, ...FAST], io);
    expect(code, io.err()).toBe(130);
    expect(io.err()).toContain('Interrupted');
    expect(writes(await traffic(sim))).toEqual([]);
  });

  it('TERM=dumb is not a terminal that can prompt: without -y it refuses (exit 2) before any call', async () => {
    const cwd = await tmpDir();
    const sim = path.join(cwd, 'sim');
    const io = testIo({ cwd, ...tty, env: { TERM: 'dumb' }, answers: [] });
    expect(await run(['apply', '-c', EXAMPLE, '--simulate', sim, ...FAST], io)).toBe(2);
    expect(io.err()).toContain('-y');
    expect(await traffic(sim)).toEqual([]);
  });
});
