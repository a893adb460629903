// Defects a review of issues 12 and 13 found, each pinned: people typed as flags are checked, not dropped;
// a token request's secret never reaches the traffic log whatever its content-type; sim serve's credential
// file is only the user's even when it existed before, and a malformed one is replaced.
import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { serveSimulator } from '../../src/app/simulator.js';
import { ArmSimulator } from '../../src/simulator/index.js';
import { splitList, validatePrincipals } from '../../src/ui/wizard.js';
import { runCli, tmpDir } from '../helpers/cli.js';
import { testIo } from '../helpers/test-io.js';

const A = '11111111-1111-1111-1111-111111111111';
const B = '22222222-2222-2222-2222-222222222222';

describe('people typed at the wizard or as init flags', () => {
  it('object ids may be separated by spaces; group names keep theirs', () => {
    expect(splitList(`${A} ${B}, group:Data Science Team; alice@contoso.com`)).toEqual([A, B, 'group:Data Science Team', 'alice@contoso.com']);
    expect(validatePrincipals(`${A} ${B}`)).toBe(true);
    expect(validatePrincipals('alice, group Data Science')).toMatch(/^not understood: alice, group, Data, Science/);
  });

  it('init refuses a flag it cannot read, naming it, instead of dropping the entry', async () => {
    const cwd = await tmpDir();
    const r = await runCli(['init', '--no-prompt', '--name', 'x', '--subscription', A, '--location', 'westeurope', '--no-aks', '--it-admins', 'alice, bob@contoso.com'], { cwd });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('--it-admins: not understood: alice');
  });
});

describe('the simulator keeps sign-in secrets to itself', () => {
  it('a token request sent as text/plain is redacted in the traffic log', async () => {
    const dir = await tmpDir();
    const sim = await ArmSimulator.open({ dir, timeScale: 0 });
    const login = await sim.loginCredential();
    const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: login.appId, client_secret: login.secret, scope: 'https://management.azure.com/.default' }).toString();
    const res = await sim.handle({ method: 'POST', url: `https://login.microsoftonline.com/${login.tenantId}/oauth2/v2.0/token`, headers: { 'content-type': 'text/plain' }, body });
    expect(res.status).toBe(200);
    const log = await readFile(path.join(dir, 'traffic.jsonl'), 'utf8');
    expect(log.includes(login.secret)).toBe(false);
    expect(log).toContain('client_secret=REDACTED');
  });

  it('sim serve makes an existing credential file 0600 and replaces a malformed one', async () => {
    const dir = await tmpDir();
    const file = path.join(dir, 'service-principal.json');
    await writeFile(file, '{"appid": "x"}', { mode: 0o644 });
    const served = await serveSimulator({ simulate: dir }, testIo({ cwd: dir }));
    try {
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      const saved = JSON.parse(await readFile(file, 'utf8')) as { appId: string; secret: string };
      expect(saved.appId).toBe(served.appId);
      expect(saved.secret.length).toBeGreaterThan(20);
    } finally {
      await served.close();
    }
  });
});
