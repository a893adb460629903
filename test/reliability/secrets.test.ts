// Canary secrets never reach stdout, stderr, the state file or any log; state files are 0600.
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanEnv, EXAMPLE, ROOT, runCli, tmpDir } from '../helpers/cli.js';

const CANARY = 'CANARY-7f3b2c-do-not-print';

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) if (e.isFile()) out.push(path.join(e.parentPath ?? (e as unknown as { path: string }).path, e.name));
  return out;
}

describe('secrets', () => {
  it('a client secret and passwords in the environment appear nowhere, even with --debug and failures', async () => {
    const cwd = await tmpDir();
    const sim = path.join(cwd, 'sim');
    const env = cleanEnv({ AZURE_CLIENT_SECRET: CANARY, AZURE_CLIENT_CERTIFICATE_PASSWORD: CANARY, AZURE_PASSWORD: CANARY, AZURE_CLIENT_ID: '11111111-1111-1111-1111-111111111111', AZURE_TENANT_ID: '22222222-2222-2222-2222-222222222222' });
    const outputs: string[] = [];
    for (const args of [
      ['apply', '-c', EXAMPLE, '--simulate', sim, '-y', '--debug', '--sim-faults', 'rate=1,seed=3,kinds=lro-failed', '--sim-time-scale', '0.002'],
      ['resume', '-e', 'dev', '--simulate', sim, '--debug', '-o', 'json', '--sim-time-scale', '0.002'],
      ['status', '-e', 'dev', '-o', 'json'],
      ['plan', '-c', EXAMPLE, '--simulate', sim, '--debug', '--sim-time-scale', '0.002'],
    ]) {
      const r = await runCli(args, { cwd, env });
      outputs.push(r.stdout, r.stderr);
    }
    for (const text of outputs) expect(text).not.toContain(CANARY);
    for (const file of await filesUnder(cwd)) {
      const text = await readFile(file, 'utf8').catch(() => '');
      expect(text, file).not.toContain(CANARY);
    }
    const stateFile = path.join(cwd, '.secure-aml', 'dev.state.json');
    expect((await stat(stateFile)).mode & 0o777).toBe(0o600);
    // The simulator's traffic log keeps requests but never a bearer token.
    const traffic = await readFile(path.join(sim, 'traffic.jsonl'), 'utf8');
    expect(traffic).not.toMatch(/Bearer [A-Za-z0-9._-]{8,}/);
    // The scoring endpoint's TLS key (the example's aks.tls) goes to ARM as a protected setting only:
    // in no output, log, cloud or state file, neither as PEM nor base64.
    const key = await readFile(path.join(ROOT, 'templates/demo-tls/scoring.key'), 'utf8');
    const body = key.split('\n').filter((l) => l && !l.startsWith('-----')).join('');
    for (const needle of [body.slice(0, 40), Buffer.from(key).toString('base64').slice(0, 40)]) {
      for (const text of outputs) expect(text).not.toContain(needle);
      for (const file of await filesUnder(cwd)) expect(await readFile(file, 'utf8').catch(() => ''), file).not.toContain(needle);
    }
  }, 300_000);
});
