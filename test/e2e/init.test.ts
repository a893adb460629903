// The init wizard: flags anywhere, questions on a terminal, never a wait without one.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { render } from '@inquirer/testing';
import { input } from '@inquirer/prompts';
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../src/config/load.js';
import { configFromAnswers, runWizard, type Prompts } from '../../src/ui/wizard.js';
import { BIN, cleanEnv, runCli, tmpDir } from '../helpers/cli.js';
import { parse } from 'yaml';

const SUB = '00000000-0000-0000-0000-000000000000';

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

  it('a bad flag value is refused with its field, exit 2', async () => {
    const r = await runCli(['init', '--name', 'ok', '--subscription', SUB, '--location', 'westeurope', '--training-subnet', '10.0.0.0/33'], { cwd: await tmpDir() });
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
    expect(doc).toMatchObject({ subscriptionId: SUB, location: 'westeurope', network: { subnets: { scoring: '10.0.2.0/24' } } });
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
      ...['Environment', 'Private AKS cluster', 'VNet address space', 'Training subnet', 'Scoring subnet', 'Private endpoint subnet',
        'customer-managed key', 'Compute cluster VM size', 'IT admins', 'Data scientists (object ids)', 'Data scientist super users']
        .map((question) => ({ question, keys: '\r' })), // the defaults
      { question: 'Apply it now?', keys: '\r' }, // No
    ];
    const r = await pty(['init', '--subscription', SUB, '--location', 'westeurope', '--simulate', 'sim', '--sim-time-scale', '0.002'], cwd, steps);
    expect(r.unanswered, r.out).toEqual([]);
    expect(r.code, r.out).toBe(0);
    const plain = stripAnsi(r.out);
    expect(plain).toMatch(/Plan: \d+ to create/);
    expect(plain.indexOf('Plan:')).toBeLessThan(plain.lastIndexOf('Apply it now?'));
    const doc = parse(await readFile(path.join(cwd, 'secure-aml.yaml'), 'utf8'));
    expect(doc.name).toBe('ptyname');
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
