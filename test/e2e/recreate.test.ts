// What happens when names are already held: by our own account in another group, by a soft-deleted
// workspace after a teardown without --purge — and that compute waits for the workspace's private
// endpoint (Azure refuses no-public-IP compute before it exists). Issue 15.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { EXAMPLE, ROOT, runCli, tmpDir, traffic } from '../helpers/cli.js';

const FAST = ['--sim-time-scale', '0.002'];

async function exampleWith(cwd: string, file: string, edit: (doc: Record<string, Record<string, unknown>>) => void): Promise<string> {
  const doc = YAML.parse(await readFile(EXAMPLE, 'utf8')) as Record<string, Record<string, unknown>>;
  const tls = doc.aks.tls as Record<string, string>;
  tls.certFile = path.join(ROOT, 'templates', tls.certFile);
  tls.keyFile = path.join(ROOT, 'templates', tls.keyFile);
  edit(doc);
  const out = path.join(cwd, file);
  await writeFile(out, YAML.stringify(doc));
  return out;
}

describe('names already held', () => {
  it('a storage name of ours in another resource group is told apart from someone else\'s, before anything is created', async () => {
    const cwd = await tmpDir();
    const sim = path.join(cwd, 'sim');
    const first = await exampleWith(cwd, 'a.yaml', (d) => { d.aks.enabled = false; d.storage = { name: 'stsharedname01' }; });
    const a = await runCli(['apply', '-c', first, '-e', 'one', '--simulate', sim, '-y', '--no-verify', ...FAST], { cwd });
    expect(a.code, a.stderr).toBe(0);
    const before = (await traffic(sim)).length;
    const b = await runCli(['apply', '-c', first, '-e', 'two', '--simulate', sim, '-y', ...FAST], { cwd });
    expect(b.code).toBe(2);
    const text = b.stderr.replace(/\s+/g, ' ');
    expect(text).toMatch(/storage\.name: "stsharedname01" already exists in this subscription, in resource group rg-mlsec-one/);
    expect((await traffic(sim)).slice(before).filter((t) => ['PUT', 'PATCH', 'DELETE'].includes(t.method))).toEqual([]);
  }, 120_000);

  it('teardown without --purge, then apply: the workspace PUT fails with Azure\'s message and the recover and purge commands; with --purge it goes through', async () => {
    const cwd = await tmpDir();
    const sim = path.join(cwd, 'sim');
    const config = await exampleWith(cwd, 'c.yaml', (d) => { d.aks.enabled = false; });
    expect((await runCli(['apply', '-c', config, '--simulate', sim, '-y', '--no-verify', ...FAST], { cwd })).code).toBe(0);
    expect((await runCli(['teardown', '-e', 'dev', '--simulate', sim, '-y', ...FAST], { cwd })).code).toBe(0);
    // The vault's name stays reserved by purge protection: the second run takes another.
    const again = await exampleWith(cwd, 'c2.yaml', (d) => { d.aks.enabled = false; d.keyVault = { name: 'kvmlsecsecond1' }; });
    const r = await runCli(['apply', '-c', again, '--simulate', sim, '-y', '--no-verify', ...FAST], { cwd });
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/held by a soft-deleted workspace/);
    expect(r.stderr).toMatch(/Soft-deleted workspace exists\. Please purge or recover it\./);
    expect(r.stderr).toMatch(/az rest --method delete --url "https:\/\/management\.azure\.com\/subscriptions\/[^"]+\/workspaces\/mlw-mlsec-dev\?api-version=2025-06-01&forceToPurge=true"/);
    expect(r.stderr).toMatch(/secure-aml resume -e dev/);

    // With --purge the name is free at once.
    const cwd2 = await tmpDir();
    const sim2 = path.join(cwd2, 'sim');
    const c3 = await exampleWith(cwd2, 'c.yaml', (d) => { d.aks.enabled = false; });
    expect((await runCli(['apply', '-c', c3, '--simulate', sim2, '-y', '--no-verify', ...FAST], { cwd: cwd2 })).code).toBe(0);
    expect((await runCli(['teardown', '-e', 'dev', '--simulate', sim2, '-y', '--purge', ...FAST], { cwd: cwd2 })).code).toBe(0);
    const c4 = await exampleWith(cwd2, 'c2.yaml', (d) => { d.aks.enabled = false; d.keyVault = { name: 'kvmlsecsecond2' }; });
    const ok = await runCli(['apply', '-c', c4, '--simulate', sim2, '-y', '--no-verify', ...FAST], { cwd: cwd2 });
    expect(ok.code, ok.stderr).toBe(0);
  }, 180_000);
});

describe('order', () => {
  it('compute PUTs go out only after the workspace\'s private endpoint succeeded', async () => {
    const cwd = await tmpDir();
    const sim = path.join(cwd, 'sim');
    const config = await exampleWith(cwd, 'c.yaml', () => {});
    expect((await runCli(['apply', '-c', config, '--simulate', sim, '-y', '--no-verify', ...FAST], { cwd })).code).toBe(0);
    const lines = await traffic(sim);
    const peDone = lines.findIndex((t) => t.method === 'GET' && /privateEndpoints\/pe-mlsec-dev-workspace\?/i.test(t.url) && (t.responseBody as { properties?: { provisioningState?: string } })?.properties?.provisioningState === 'Succeeded');
    const computePuts = lines.map((t, i) => ({ t, i })).filter(({ t }) => t.method === 'PUT' && /\/computes\/(cpu-cluster|ci-alice)\?/i.test(t.url));
    expect(peDone).toBeGreaterThan(-1);
    expect(computePuts.length).toBeGreaterThan(0);
    for (const { i } of computePuts) expect(i).toBeGreaterThan(peDone);
  }, 120_000);
});
