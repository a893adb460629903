// A provisioning tool is judged on its worst day: with 10 % transient faults (throttling, 5xx,
// connection resets) every apply converges unaided to the same cloud as a fault-free run; with a
// failed long-running operation it stops with exit 4 and the resume command, and resume completes.
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE, runCli, tmpDir } from '../helpers/cli.js';
import { normaliseDump } from '../support/dump.js';

const FAST = ['--sim-time-scale', '0.002'];
const RUNS = 20;

async function dumpOf(sim: string, cwd: string): Promise<string[]> {
  return normaliseDump(JSON.parse((await runCli(['sim', 'dump', '--simulate', sim], { cwd })).stdout));
}

describe('faults', () => {
  let reference: string[];

  beforeAll(async () => {
    const cwd = await tmpDir();
    const r = await runCli(['apply', '-c', EXAMPLE, '--simulate', path.join(cwd, 'sim'), '-y', ...FAST], { cwd });
    expect(r.code, r.stderr).toBe(0);
    reference = await dumpOf(path.join(cwd, 'sim'), cwd);
  }, 120_000);

  it(`with 10% transient faults, ${RUNS} seeded applies each converge to the fault-free result`, async () => {
    let retriesShown = 0;
    for (let seed = 1; seed <= RUNS; seed++) {
      const cwd = await tmpDir();
      const sim = path.join(cwd, 'sim');
      const r = await runCli(['apply', '-c', EXAMPLE, '--simulate', sim, '-y', '--sim-faults', `rate=0.1,seed=${seed}`, ...FAST], { cwd });
      expect(r.code, `seed ${seed}: ${r.stderr.split('\n').filter((l) => /FAILED|error/.test(l)).join('\n')}`).toBe(0);
      if (/retrying in/.test(r.stderr)) retriesShown++;
      expect(await dumpOf(sim, cwd), `seed ${seed}`).toEqual(reference);
    }
    expect(retriesShown).toBeGreaterThan(0); // waits are shown on the progress lines
  }, 900_000);

  it('a failed long-running operation stops with exit 4, the ARM error and the resume command; resume completes', async () => {
    const cwd = await tmpDir();
    const sim = path.join(cwd, 'sim');
    // Every long-running operation of this run fails in Azure.
    const failed = await runCli(['apply', '-c', EXAMPLE, '--simulate', sim, '-y', '--sim-faults', 'rate=1,seed=1,kinds=lro-failed', ...FAST], { cwd });
    expect(failed.code, failed.stderr).toBe(4);
    expect(failed.stderr).toMatch(/InternalOperationError/);
    expect(failed.stderr).toContain(`secure-aml resume -e dev --simulate ${sim}`);
    expect(failed.stdout).toMatch(/Resource group\s+created/); // what succeeded is kept
    const resumed = await runCli(['resume', '-e', 'dev', '--simulate', sim, ...FAST], { cwd });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(await dumpOf(sim, cwd)).toEqual(reference);
  }, 300_000);
});
