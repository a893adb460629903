// The init wizard: flags anywhere, questions on a terminal, never a wait without one.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { render } from '@inquirer/testing';
import { input } from '@inquirer/prompts';
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../src/config/load.js';
import { configFromAnswers, runWizard, type Prompts } from '../../src/ui/wizard.js';
import { BIN, cleanEnv, ROOT, runCli, tmpDir } from '../helpers/cli.js';
import { parse } from 'yaml';

const SUB = '00000000-0000-0000-0000-000000000000';
/** The demo pair (generated before the tests; templates/demo-tls/README.md), by absolute path. */
const DEMO_CERT = path.join(ROOT, 'templates/demo-tls/scoring.crt');
const DEMO_KEY = path.join(ROOT, 'templates/demo-tls/scoring.key');

describe('init without a terminal', () => {
  it('never waits: lists every missing input with the flag or variable that supplies it, exit 2, nothing written', async () => {
    const cwd = await tmpDir();
    // A wait would be killed at the deadline (code null), never exit 2.
    const r = await runCli(['init'], { cwd, timeoutMs: 20_000 });
    expect(r.signal).toBeNull();
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--name <short name>');
    expect(r.stderr).toContain('--subscription <id> or AZURE_SUBSCRIPTION_ID');
    expect(r.stderr).toContain('--location <region> or AZURE_LOCATION');
    expect(existsSync(path.join(cwd, 'secure-aml.yaml'))).toBe(false);
  });

  it('with flags writes a config file that apply accepts', async () => {
    const cwd = await tmpDir();
    const r = await runCli(['init', '--name', 'flagged', '--subscription', SUB, '--location', 'northeurope', '--no-aks', '--data-scientists', '11111111-1111-1111-1111-111111111111,group:22222222-2222-2222-2222-222222222222'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    const doc = parse(await readFile(path.join(cwd, 'secure-aml.yaml'), 'utf8'));
    expect(doc).toMatchObject({ name: 'flagged', location: 'northeurope', aks: { enabled: false } });
    expect(doc.roles.dataScientists).toEqual([{ objectId: '11111111-1111-1111-1111-111111111111', type: 'User' }, { objectId: '22222222-2222-2222-2222-222222222222', type: 'Group' }]);
    const applied = await runCli(['apply', '-c', 'secure-aml.yaml', '--simulate', 'sim', '-y', '--sim-time-scale', '0.002'], { cwd });
    expect(applied.code, applied.stderr).toBe(0);
  });

  it('--egress nat: written with its comment lines, AKS off (nat cannot carry it), and apply accepts the file', async () => {
    const cwd = await tmpDir();
    const r = await runCli(['init', '--name', 'natty', '--subscription', SUB, '--location', 'westeurope', '--egress', 'nat'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('AKS: off (egress "nat" cannot carry an AKS cluster)');
    const text = await readFile(path.join(cwd, 'secure-aml.yaml'), 'utf8');
    expect(parse(text)).toMatchObject({ aks: { enabled: false }, network: { egress: 'nat' } });
    expect(text).toMatch(/ {2}# {3}firewall: .*\n {2}# {3}nat: .*\n {2}# {3}managed: .*ONE-WAY.*\n {2}egress: nat\n/);
    const applied = await runCli(['apply', '-c', 'secure-aml.yaml', '--simulate', 'sim', '-y', '--sim-time-scale', '0.002'], { cwd });
    expect(applied.code, applied.stderr).toBe(0);
  });

  it('SECURE_AML_EGRESS supplies the mode; --egress wins over it; without either the default (firewall) is written', async () => {
    const write = async (extra: string[], env: Record<string, string>) => {
      const cwd = await tmpDir();
      const r = await runCli(['init', '--name', 'envy', '--subscription', SUB, '--location', 'westeurope', '--no-aks', ...extra], { cwd, env: cleanEnv(env) });
      expect(r.code, r.stderr).toBe(0);
      return parse(await readFile(path.join(cwd, 'secure-aml.yaml'), 'utf8')).network.egress as string;
    };
    expect(await write([], { SECURE_AML_EGRESS: 'managed' })).toBe('managed');
    expect(await write(['--egress', 'firewall'], { SECURE_AML_EGRESS: 'managed' })).toBe('firewall');
    expect(await write([], {})).toBe('firewall');
  });

  it('--aks with --egress managed is refused before anything is written, exit 2', async () => {
    const cwd = await tmpDir();
    const r = await runCli(['init', '--name', 'ok', '--subscription', SUB, '--location', 'westeurope', '--aks', '--egress', 'managed'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--aks and egress "managed" cannot go together');
    expect(existsSync(path.join(cwd, 'secure-aml.yaml'))).toBe(false);
  });

  it('AKS on (the default) without --aks-tls-cert/--aks-tls-key: exit 2 naming them and --no-aks, nothing written', async () => {
    const cwd = await tmpDir();
    const r = await runCli(['init', '--name', 'mlsec', '--subscription', SUB, '--location', 'westeurope'], { cwd, timeoutMs: 20_000 });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('missing: pass --aks-tls-cert <file> (AKS is on; or pass --no-aks)');
    expect(r.stderr).toContain('missing: pass --aks-tls-key <file> (AKS is on; or pass --no-aks)');
    expect(r.stderr).toContain('--aks-tls-cname <host> is optional (default scoring.mlsec.internal)');
    expect(r.stderr).toContain('openssl req -x509 -newkey rsa:2048 -nodes -days 365 -subj /CN=scoring.mlsec.internal');
    expect(existsSync(path.join(cwd, 'secure-aml.yaml'))).toBe(false);
  });

  it('--aks-tls-cert/--aks-tls-key: relative paths rebased on the config file; apply accepts the file and installs the extension with them', async () => {
    const cwd = await tmpDir();
    await mkdir(path.join(cwd, 'tls'));
    await mkdir(path.join(cwd, 'conf'));
    await copyFile(DEMO_CERT, path.join(cwd, 'tls/scoring.crt'));
    await copyFile(DEMO_KEY, path.join(cwd, 'tls/scoring.key'));
    const r = await runCli(['init', '--name', 'mlsec', '--subscription', SUB, '--location', 'westeurope', '-f', 'conf/env.yaml', '--aks-tls-cert', 'tls/scoring.crt', '--aks-tls-key', 'tls/scoring.key'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    const doc = parse(await readFile(path.join(cwd, 'conf/env.yaml'), 'utf8'));
    expect(doc.aks).toEqual({ enabled: true, tls: { cname: 'scoring.mlsec.internal', certFile: '../tls/scoring.crt', keyFile: '../tls/scoring.key' } });
    const applied = await runCli(['apply', '-c', 'conf/env.yaml', '--simulate', 'sim', '-y', '--sim-time-scale', '0.002'], { cwd });
    expect(applied.code, applied.stderr).toBe(0);
  });

  it('--aks-tls-* with AKS off: said, not written', async () => {
    const cwd = await tmpDir();
    const r = await runCli(['init', '--name', 'mlsec', '--subscription', SUB, '--location', 'westeurope', '--no-aks', '--aks-tls-cert', DEMO_CERT, '--aks-tls-key', DEMO_KEY], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('--aks-tls-*: not written (AKS is off)');
    expect(parse(await readFile(path.join(cwd, 'secure-aml.yaml'), 'utf8')).aks).toEqual({ enabled: false });
  });

  it('a bad flag value is refused with its field, exit 2', async () => {
    const r = await runCli(['init', '--name', 'ok', '--subscription', SUB, '--location', 'westeurope', '--training-subnet', '10.0.0.0/33', '--aks-tls-cert', DEMO_CERT, '--aks-tls-key', DEMO_KEY], { cwd: await tmpDir() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('network.subnets.training: "10.0.0.0/33" is not a CIDR');
  });
});

describe('the wizard questions', () => {
  it('validates a subnet as it is typed (prompt testing library)', async () => {
    const { answer, events, getScreen } = await render(input, {
      message: 'Training subnet',
      validate: (v: string) => (/^\d+\.\d+\.\d+\.\d+\/(\d|[12]\d|3[0-2])$/.test(v) ? true : `"${v}" is not a CIDR`),
    });
    events.type('10.0.0.0/33');
    events.keypress('enter');
    await until(() => getScreen().includes('"10.0.0.0/33" is not a CIDR'), 'the validation message');
    events.keypress('backspace');
    events.keypress('backspace');
    events.type('24');
    events.keypress('enter');
    await expect(answer).resolves.toBe('10.0.0.0/24');
  });

  it('refuses overlapping subnets before the file is written and yields a config apply accepts', async () => {
    const rejected: string[] = [];
    const script: Record<string, string | boolean> = {
      'Short name': 'mlsec', Environment: 'dev', 'VNet address space': '10.0.0.0/16', 'Training subnet': '10.0.1.0/24',
      'Scoring subnet': '10.0.1.0/24', 'Private endpoint subnet': '10.0.3.0/24', 'Compute cluster VM size': 'Standard_DS3_v2',
      'Scoring TLS certificate file': DEMO_CERT, 'Scoring TLS private key file': DEMO_KEY, // AKS on (the default): HTTPS for scoring
    };
    const prompts: Prompts = {
      async input({ message, default: d, validate }) {
        const key = Object.keys(script).find((k) => message.startsWith(k));
        let value = key ? String(script[key]) : d ?? '';
        const verdict = validate?.(value) ?? true;
        if (verdict !== true) {
          rejected.push(`${message}: ${verdict}`);
          value = message.startsWith('Scoring') ? '10.0.2.0/24' : value; // the user corrects it
          expect(validate?.(value)).toBe(true);
        }
        return value;
      },
      async select({ default: d, choices }) { return d ?? choices[0].value; },
      async confirm({ default: d }) { return d ?? false; },
    };
    const answers = await runWizard(prompts, [{ id: SUB, name: 'Test subscription' }]);
    expect(rejected).toEqual([expect.stringMatching(/^Scoring subnet: .*overlap/)]);
    const doc = configFromAnswers(answers);
    expect(() => validateConfig(doc)).not.toThrow();
    expect(doc).toMatchObject({ subscriptionId: SUB, location: 'westeurope', network: { subnets: { scoring: '10.0.2.0/24' } }, aks: { enabled: true, tls: { cname: 'scoring.mlsec.internal', certFile: DEMO_CERT, keyFile: DEMO_KEY } } });
  });
});

describe('init under a pseudo-terminal', () => {
  const hasScript = existsSync('/usr/bin/script');

  /**
   * Runs the binary under `script` (a pseudo-terminal) and types each answer once its question is
   * on the screen: `steps` pairs the text to wait for with the keys to type.
   */
  function pty(args: string[], cwd: string, steps: { question: string; keys: string }[]): Promise<{ code: number | null; out: string; unanswered: string[] }> {
    return new Promise((resolve) => {
      const cmd = [process.execPath, BIN, ...args].map((a) => `'${a}'`).join(' ');
      const env = cleanEnv({ TERM: 'xterm' });
      delete env.CI;
      const child = spawn('script', ['-qfec', cmd, '/dev/null'], { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
      let out = '';
      let seen = 0; // what has been matched already: a question answered is drawn again with its answer
      let next = 0;
      const answer = () => {
        while (next < steps.length) {
          const at = stripAnsi(out).indexOf(steps[next].question, seen);
          if (at < 0) return;
          seen = at + steps[next].question.length;
          child.stdin.write(steps[next++].keys);
        }
      };
      child.stdout.on('data', (d) => { out += d; answer(); });
      child.stderr.on('data', (d) => { out += d; answer(); });
      const kill = setTimeout(() => child.kill('SIGKILL'), 60_000);
      child.on('close', (code) => { clearTimeout(kill); resolve({ code, out, unanswered: steps.slice(next).map((s) => s.question) }); });
    });
  }

  it.runIf(hasScript)('answers typed at the prompts produce a config, and the plan is shown', async () => {
    const cwd = await tmpDir();
    const steps = [
      { question: 'Short name', keys: 'ptyname\r' },
      { question: 'Environment', keys: '\r' },
      { question: 'Private AKS cluster', keys: 'n\r' },
      { question: 'Egress mode', keys: '\x1b[B\x1b[B\r' }, // down, down: managed
      { question: 'Allow outbound to Python package index', keys: 'y\r' },
      ...['Allow outbound to Anaconda', 'Allow outbound to GitHub', 'VNet address space', 'Training subnet', 'Scoring subnet', 'Private endpoint subnet', 'Way in for people',
        'customer-managed key', 'Compute cluster VM size', 'IT admins', 'Data scientists (alice@contoso.com', 'Data scientist super users']
        .map((question) => ({ question, keys: '\r' })), // the defaults
      { question: 'Apply it now?', keys: '\r' }, // No
    ];
    const r = await pty(['init', '--subscription', SUB, '--location', 'westeurope', '--simulate', 'sim', '--sim-time-scale', '0.002'], cwd, steps);
    expect(r.unanswered, r.out).toEqual([]);
    expect(r.code, r.out).toBe(0);
    const plain = stripAnsi(r.out);
    expect(plain).toMatch(/Plan: \d+ to create/);
    expect(plain.indexOf('Plan:')).toBeLessThan(plain.lastIndexOf('Apply it now?'));
    expect(plain.replace(/\s+/g, ' ')).toContain('One-way: once enabled on a workspace it cannot be turned off.');
    const doc = parse(await readFile(path.join(cwd, 'secure-aml.yaml'), 'utf8'));
    expect(doc).toMatchObject({ name: 'ptyname', aks: { enabled: false }, network: { egress: 'managed', outboundGroups: ['python'] } });
  });

  it.runIf(hasScript)('Ctrl-C at a prompt exits 130 and writes nothing', async () => {
    const cwd = await tmpDir();
    const r = await pty(['init', '--subscription', SUB, '--location', 'westeurope'], cwd, [{ question: 'Short name', keys: '\x03' }]);
    expect(r.unanswered).toEqual([]);
    expect(r.code).toBe(130);
    expect(existsSync(path.join(cwd, 'secure-aml.yaml'))).toBe(false);
  });
});

// eslint-disable-next-line no-control-regex
const stripAnsi = (text: string) => text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');

/** Poll a condition until it holds; fail with what was awaited once the deadline passes. */
async function until(condition: () => boolean, what: string, deadlineMs = 10_000): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
