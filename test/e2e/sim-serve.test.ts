// `sim serve`: the same cloud over HTTPS on 127.0.0.1, shared with --simulate runs of the tool.
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import https from 'node:https';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, cleanEnv, EXAMPLE, runCli, tmpDir } from '../helpers/cli.js';

function request(method: string, url: string, ca: string, token?: string, body?: unknown): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    const req = https.request(url, { method, ca, headers }, (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

const get = (url: string, ca: string, token?: string) => request('GET', url, ca, token);

/** `sim serve` on a cloud dir: its URL and CA, and a stop that waits for the process to exit. */
async function serve(cwd: string, sim: string) {
  const child = spawn(process.execPath, [BIN, 'sim', 'serve', '--simulate', sim, '-o', 'json'], { cwd, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const first = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => { out += d; if (out.includes('\n')) resolve(out.split('\n')[0]); });
    child.on('exit', (code) => reject(new Error(`sim serve exited ${code}`)));
  });
  const { url, ca } = JSON.parse(first) as { url: string; ca: string };
  return { url, ca: await readFile(ca, 'utf8'), stop: async () => { child.kill('SIGINT'); await exited; } };
}

describe('sim serve', () => {
  it('serves the cloud an apply built, over TLS with the CA it prints, and refuses a request without a token', async () => {
    const cwd = await tmpDir();
    const sim = path.join(cwd, 'sim');
    const applied = await runCli(['apply', '-c', EXAMPLE, '--simulate', sim, '-y', '--sim-time-scale', '0.002'], { cwd });
    expect(applied.code, applied.stderr).toBe(0);

    const child = spawn(process.execPath, [BIN, 'sim', 'serve', '--simulate', sim, '-o', 'json'], { cwd, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const first = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d) => { out += d; if (out.includes('\n')) resolve(out.split('\n')[0]); });
        child.on('exit', (code) => reject(new Error(`sim serve exited ${code}`)));
      });
      const { url, ca } = JSON.parse(first) as { url: string; ca: string };
      expect(url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const caPem = await readFile(ca, 'utf8');
      const sub = '00000000-0000-0000-0000-000000000000';
      const rg = await get(`${url}/subscriptions/${sub}/resourcegroups/rg-mlsec-dev?api-version=2025-04-01`, caPem, 'any-token');
      expect(rg.status).toBe(200);
      expect(JSON.parse(rg.body).tags['secure-aml-env']).toBe('dev');
      const denied = await get(`${url}/subscriptions/${sub}/resourcegroups/rg-mlsec-dev?api-version=2025-04-01`, caPem);
      expect(denied.status).toBe(401);
      expect(JSON.parse(denied.body).error.code).toBe('AuthenticationFailed');
      const subs = await get(`${url}/subscriptions?api-version=2022-12-01`, caPem, 'any-token');
      expect(JSON.parse(subs.body).value.map((s: { subscriptionId: string }) => s.subscriptionId)).toContain(sub);
    } finally {
      child.kill('SIGINT');
    }
  });

  it('changes another ARM client makes over HTTPS are found by the next verify: a role stripped of its NotActions, a route removed', async () => {
    const cwd = await tmpDir();
    const sim = path.join(cwd, 'sim');
    const applied = await runCli(['apply', '-c', EXAMPLE, '--simulate', sim, '-y', '--sim-time-scale', '0.002'], { cwd });
    expect(applied.code, applied.stderr).toBe(0);
    const sub = '00000000-0000-0000-0000-000000000000';
    const rg = `/subscriptions/${sub}/resourceGroups/rg-mlsec-dev`;
    const s = await serve(cwd, sim);
    try {
      const defs = JSON.parse((await get(`${s.url}${rg}/providers/Microsoft.Authorization/roleDefinitions?api-version=2022-04-01`, s.ca, 't')).body) as { value: { id: string; properties: { roleName: string; permissions: { notActions: string[] }[] } & Record<string, unknown> }[] };
      const ds = defs.value.find((d) => d.properties.roleName.startsWith('secure-aml Data Scientist ('))!;
      const stripped = { properties: { ...ds.properties, permissions: ds.properties.permissions.map((p) => ({ ...p, notActions: [] })) } };
      // Written at the group, the definition's assignable scope (its id is subscription-level).
      const put = await request('PUT', `${s.url}${rg}/providers/Microsoft.Authorization/roleDefinitions/${ds.id.split('/').pop()}?api-version=2022-04-01`, s.ca, 't', stripped);
      expect([200, 201], put.body).toContain(put.status);
      const subnetUrl = `${s.url}${rg}/providers/Microsoft.Network/virtualNetworks/vnet-mlsec-dev/subnets/snet-training?api-version=2025-05-01`;
      const subnet = JSON.parse((await get(subnetUrl, s.ca, 't')).body) as { properties: Record<string, unknown> };
      const { routeTable: _gone, provisioningState: _p, ipConfigurations: _i, purpose: _pp, ...rest } = subnet.properties;
      const detached = await request('PUT', subnetUrl, s.ca, 't', { properties: rest });
      expect([200, 201], detached.body).toContain(detached.status);
    } finally {
      await s.stop();
    }
    const v = await runCli(['verify', '-e', 'dev', '--simulate', sim, '-o', 'json', '--sim-time-scale', '0.002'], { cwd });
    expect(v.code).toBe(5);
    const rows = (JSON.parse(v.stdout) as { rows: { ok: boolean; kind: string; subject: string; target: string; decidedBy: string; fix: string }[] }).rows.filter((r) => !r.ok);
    expect(rows.some((r) => r.kind === 'persona' && /computes\/write/.test(r.target) && /secure-aml Data Scientist/.test(r.decidedBy) && r.fix)).toBe(true);
    expect(rows.some((r) => r.kind === 'required-outbound' && r.subject === 'snet-training' && /^no-egress/.test(r.decidedBy) && r.fix)).toBe(true);
  }, 120_000);
});
