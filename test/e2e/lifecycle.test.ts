// The lifecycle around apply: plan, status, teardown — as users of Terraform and azd expect.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLE, isWrite, runCli, tmpDir, traffic } from '../helpers/cli.js';

const FAST = ['--sim-time-scale', '0.002'];
const SUB = '00000000-0000-0000-0000-000000000000';

describe('plan', () => {
  it('--detailed-exitcode returns 2 before apply and 0 after it, and plan writes nothing', async () => {
    const cwd = await tmpDir();
    const sim = path.join(cwd, 'sim');
    const before = await runCli(['plan', '-c', EXAMPLE, '--simulate', sim, '--detailed-exitcode', ...FAST], { cwd });
    expect(before.code, before.stderr).toBe(2);
    expect(before.stdout).toMatch(/^ {2}\+ Virtual network and subnets +virtualNetworks vnet-mlsec-dev$/m);
    expect(before.stdout).toMatch(/^Plan: 60 to create, 0 to update, 1 unchanged, 0 blocked\.$/m);
    expect((await traffic(sim)).filter(isWrite)).toEqual([]);
    const applied = await runCli(['apply', '-c', EXAMPLE, '--simulate', sim, '-y', ...FAST], { cwd });
    expect(applied.code, applied.stderr).toBe(0);
    const after = await runCli(['plan', '-c', EXAMPLE, '--simulate', sim, '--detailed-exitcode', '-o', 'json', ...FAST], { cwd });
    expect(after.code, after.stdout + after.stderr).toBe(0);
    const doc = JSON.parse(after.stdout);
    expect(doc.status).toBe('no-changes');
    expect(doc.steps.every((s: { action: string }) => s.action === 'no-op')).toBe(true);
  });
});

describe('teardown', () => {
  it('deletes everything tagged for the environment and never touches a foreign resource in the group', async () => {
    const cwd = await tmpDir();
    const sim = path.join(cwd, 'sim');
    const applied = await runCli(['apply', '-c', EXAMPLE, '--simulate', sim, '-y', ...FAST], { cwd });
    expect(applied.code, applied.stderr).toBe(0);
    // Someone else puts an NSG of their own into our resource group.
    const { ArmSimulator } = await import('../../src/simulator/index.js');
    const s = await ArmSimulator.open({ dir: sim, timeScale: 0.002 });
    const foreign = `/subscriptions/${SUB}/resourceGroups/rg-mlsec-dev/providers/Microsoft.Network/networkSecurityGroups/someone-elses-nsg`;
    const put = await s.handle({ method: 'PUT', url: `https://management.azure.com${foreign}?api-version=2025-05-01`, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ location: 'westeurope' }) });
    expect(put.status).toBe(201);

    const down = await runCli(['teardown', '-e', 'dev', '--simulate', sim, '-y', '-o', 'json', ...FAST], { cwd });
    expect(down.code, down.stderr + down.stdout).toBe(0);
    expect(down.stderr).toMatch(/purge protection/);
    const dump = JSON.parse((await runCli(['sim', 'dump', '--simulate', sim], { cwd })).stdout) as { id: string; tags?: Record<string, string> }[];
    // Nothing tagged for the environment remains but the group, kept because it holds someone else's NSG.
    expect(dump.filter((r) => r.tags?.['secure-aml-env'] === 'dev').map((r) => r.id.toLowerCase())).toEqual([`/subscriptions/${SUB}/resourcegroups/rg-mlsec-dev`]);
    expect(down.stderr).toMatch(/Resource group: not started \(kept: it still holds 1 resource\(s\) secure-aml did not create \(someone-elses-nsg\)\)/);
    expect(dump.map((r) => r.id.toLowerCase())).toContain(foreign.toLowerCase());
    // The group held a foreign resource, so it was kept.
    expect(dump.map((r) => r.id.toLowerCase())).toContain(`/subscriptions/${SUB}/resourcegroups/rg-mlsec-dev`);

    const status = await runCli(['status', '-e', 'dev', '-o', 'json'], { cwd });
    expect(status.code).toBe(0);
    const st = JSON.parse(status.stdout);
    expect(st.steps.find((x: { id: string }) => x.id === 'vnet').status).toBe('deleted');
  });

  it('without -y and without a terminal it refuses (exit 2) and deletes nothing', async () => {
    const cwd = await tmpDir();
    const sim = path.join(cwd, 'sim');
    expect((await runCli(['apply', '-c', EXAMPLE, '--simulate', sim, '-y', ...FAST], { cwd })).code).toBe(0);
    const before = (await traffic(sim)).length;
    const r = await runCli(['teardown', '-e', 'dev', '--simulate', sim, ...FAST], { cwd });
    expect(r.code).toBe(2);
    expect((await traffic(sim)).slice(before).filter((t) => t.method === 'DELETE')).toEqual([]);
  });

  it('status of an environment that does not exist exits 6', async () => {
    const r = await runCli(['status', '-e', 'nope'], { cwd: await tmpDir() });
    expect(r.code).toBe(6);
    expect(r.stderr).toContain('No state for environment "nope"');
  });
});
