// `sim serve`: the same cloud over HTTPS on 127.0.0.1, shared with --simulate runs of the tool.
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import https from 'node:https';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, cleanEnv, EXAMPLE, runCli, tmpDir } from '../helpers/cli.js';

function get(url: string, ca: string, token?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = https.request(url, { ca, headers: token ? { authorization: `Bearer ${token}` } : {} }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
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
});
