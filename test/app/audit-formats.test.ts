// Issue 14 item 3: audit for machines and people. `--format sarif` is a SARIF 2.1.0 log (one rule per
// policy definition, one result per non-compliant resource) that the SARIF schema accepts; `--format
// markdown` is a report with the policy table and verify's matrix. On the example: no results; with the
// storage account opened by another client: its finding, exit 5.
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE, tmpDir } from '../helpers/cli.js';
import { sarifValidator } from '../helpers/sarif.js';
import { run, testIo } from '../helpers/test-io.js';
import { copyEnv, FAST, otherClient, RG, RG_ID, type Env } from './verify-helpers.js';

interface Sarif { version: string; runs: { tool: { driver: { name: string; rules: { id: string; name: string; defaultConfiguration: { enabled: boolean } }[] } }; results: { ruleId: string; ruleIndex: number; level: string; locations: { logicalLocations: { fullyQualifiedName: string }[] }[] }[] }[] }

async function audit(env: Env, ...args: string[]) {
  const io = testIo({ cwd: env.cwd, env: { NO_COLOR: '1' } });
  const code = await run(['audit', '-e', 'dev', '--simulate', env.sim, ...FAST, ...args], io);
  return { code, out: io.out(), err: io.err() };
}

let base: Env;
const validate = sarifValidator();

beforeAll(async () => {
  const cwd = await tmpDir();
  base = { cwd, sim: path.join(cwd, 'sim') };
  const io = testIo({ cwd, env: { NO_COLOR: '1' } });
  expect(await run(['apply', '-c', EXAMPLE, '--simulate', base.sim, '-y', ...FAST], io), io.err()).toBe(0);
}, 120_000);

describe('audit --format sarif', () => {
  it('the example: a SARIF 2.1.0 log the schema accepts, one rule per definition, no result', async () => {
    const r = await audit(base, '--format', 'sarif');
    expect(r.code, r.err).toBe(0);
    const log = JSON.parse(r.out) as Sarif;
    expect(validate(log), JSON.stringify(validate.errors, null, 2)).toBe(true);
    expect(log.version).toBe('2.1.0');
    const rules = log.runs[0].tool.driver.rules;
    expect(rules).toHaveLength(58);
    expect(new Set(rules.map((x) => x.id)).size).toBe(58);
    // The recorded exemptions are rules switched off, with their reason.
    expect(rules.filter((x) => !x.defaultConfiguration.enabled).map((x) => x.name).sort()).toEqual(expect.arrayContaining([expect.stringMatching(/V1LegacyMode/i)]));
    expect(log.runs[0].results).toEqual([]);
  });

  it('a storage account opened to all networks: results name the definition and the resource; exit 5', async () => {
    const env = await copyEnv(base);
    const { storage } = await otherClient(env);
    const [account] = await (async () => { const a: string[] = []; for await (const s of storage.storageAccounts.listByResourceGroup(RG)) a.push(s.name!); return a; })();
    await storage.storageAccounts.update(RG, account, { publicNetworkAccess: 'Enabled', networkRuleSet: { defaultAction: 'Allow' } });
    const r = await audit(env, '--format', 'sarif');
    expect(r.code).toBe(5);
    const log = JSON.parse(r.out) as Sarif;
    expect(validate(log), JSON.stringify(validate.errors, null, 2)).toBe(true);
    const { rules } = log.runs[0].tool.driver;
    const results = log.runs[0].results;
    expect(results.length).toBeGreaterThan(0);
    for (const res of results) {
      expect(rules[res.ruleIndex].id).toBe(res.ruleId);
      expect(res.locations[0].logicalLocations[0].fullyQualifiedName).toMatch(new RegExp(`/storageAccounts/${account}$`, 'i'));
      expect(['error', 'warning']).toContain(res.level);
    }
  });
});

describe('audit --format sarif: two shipped definitions share a file name', () => {
  it("a Key Vault without its diagnostic setting is filed under Key Vault's definition, not Machine Learning's", async () => {
    const env = await copyEnv(base);
    const { arm } = await otherClient(env);
    const vaults = (await arm('GET', `${RG_ID}/providers/Microsoft.KeyVault/vaults`, '2026-02-01')).body?.value as { id: string }[];
    expect(vaults).toHaveLength(1);
    const removed = await arm('DELETE', `${vaults[0].id}/providers/Microsoft.Insights/diagnosticSettings/secure-aml`, '2021-05-01-preview');
    expect(removed.status).toBeLessThan(300);
    const r = await audit(env, '--format', 'sarif');
    expect(r.code).toBe(5);
    const log = JSON.parse(r.out) as Sarif;
    const { rules } = log.runs[0].tool.driver;
    const results = log.runs[0].results.filter((x) => /\/vaults\//i.test(x.locations[0].logicalLocations[0].fullyQualifiedName));
    // cf820ca0…: "Resource logs in Key Vault should be enabled" (Key Vault/AuditDiagnosticLog_Audit.json).
    expect(results.map((x) => x.ruleId)).toEqual(['cf820ca0-f99e-4f3e-84fb-66e913812d21']);
    expect(rules[results[0].ruleIndex].id).toBe(results[0].ruleId);
  });
});

describe('audit --format markdown', () => {
  it('verdicts, the policy table and verify\'s matrix by section', async () => {
    const r = await audit(base, '--format', 'markdown');
    expect(r.code, r.err).toBe(0);
    const md = r.out;
    expect(md).toMatch(/^# secure-aml audit: environment "dev"\n/);
    expect(md).toContain('- **Azure Policy:** compliant against 58 built-in definitions');
    expect(md).toMatch(/- \*\*Verify:\*\* everything holds in \d+ checks/);
    expect(md).toContain('| Definition | Effect | Evaluated | Non-compliant | Azure | Exemption |');
    for (const h of ['## Azure Policy', '## Verify: does it work, can data leave?', '### Required flows:', '### Exfiltration probes:', '### Personas:']) expect(md).toContain(h);
    // Every table row has as many cells as its header.
    for (const block of md.split('\n\n').filter((b) => b.startsWith('| '))) {
      const [head, ...rows] = block.trimEnd().split('\n');
      const cells = (l: string) => l.replace(/\\\|/g, '').split('|').length;
      for (const row of rows) expect(cells(row), row).toBe(cells(head));
    }
  });

  it('refuses --format with -o json, and an unknown format, exit 2', async () => {
    expect((await audit(base, '--format', 'sarif', '-o', 'json')).code).toBe(2);
    expect((await audit(base, '--format', 'html')).code).toBe(2);
  });
});
