// The init wizard in process on a (test) terminal: every question goes through the Io, answers
// are validated as typed, the plan is shown before "Apply it now?", and Ctrl-C writes nothing.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { InterruptedError } from '../../src/errors.js';
import { tmpDir } from '../helpers/cli.js';
import { run, testIo, type Answer } from '../helpers/test-io.js';

const SUB = '00000000-0000-0000-0000-000000000000';
const TERMINAL = { TERM: 'xterm', NO_COLOR: '1' };

describe('init on a terminal', () => {
  it('asks each question through the Io, writes the config, shows the plan, then offers to apply', async () => {
    const cwd = await tmpDir();
    const answers: Answer[] = [
      { message: 'Short name', answer: 'wizard' },
      { message: 'Environment' }, // Enter: the default
      { message: 'Private AKS cluster', answer: false },
      { message: 'VNet address space' },
      { message: 'Training subnet' },
      { message: 'Scoring subnet' },
      { message: 'Private endpoint subnet' },
      { message: 'customer-managed key' },
      { message: 'Compute cluster VM size' },
      { message: 'IT admins' },
      { message: 'Data scientists', answer: '11111111-1111-1111-1111-111111111111' },
      { message: 'Data scientist super users' },
      { message: 'Apply it now?', answer: false },
    ];
    const io = testIo({ cwd, tty: true, stderrTty: false, env: TERMINAL, answers });
    const code = await run(['init', '--subscription', SUB, '--location', 'westeurope', '--simulate', 'sim', '--sim-time-scale', '0.002'], io);
    expect(code, io.err()).toBe(0);
    expect(io.asked).toHaveLength(answers.length);
    expect(io.asked.find((q) => q.message === 'Environment')).toMatchObject({ kind: 'input', default: 'dev', answer: 'dev' });
    const t = io.transcript();
    expect(t.indexOf('Plan: ')).toBeGreaterThan(t.indexOf('wrote '));
    expect(t.indexOf('Plan: ')).toBeLessThan(t.indexOf('? Apply it now?'));
    const doc = parse(await readFile(path.join(cwd, 'secure-aml.yaml'), 'utf8'));
    expect(doc).toMatchObject({ name: 'wizard', environment: 'dev', aks: { enabled: false }, roles: { dataScientists: [{ objectId: '11111111-1111-1111-1111-111111111111', type: 'User' }] } });
    expect(io.out()).toContain('next: secure-aml apply -c secure-aml.yaml --simulate sim');
  });

  it('a refused answer is reported by the prompt, not written', async () => {
    const cwd = await tmpDir();
    const io = testIo({ cwd, tty: true, stderrTty: false, env: TERMINAL, answers: [{ message: 'Short name', answer: 'Not Valid' }] });
    expect(await run(['init', '--subscription', SUB, '--location', 'westeurope'], io)).toBe(1);
    expect(io.asked[0].rejected).toEqual(['use 2-10 lowercase letters and digits, starting with a letter']);
    expect(existsSync(path.join(cwd, 'secure-aml.yaml'))).toBe(false);
  });

  it('Ctrl-C at a question exits 130 and writes nothing', async () => {
    const cwd = await tmpDir();
    const io = testIo({
      cwd, tty: true, env: TERMINAL,
      answers: [{ message: 'Short name', answer: () => { throw new InterruptedError('Cancelled at the prompt: nothing was changed.'); } }],
    });
    expect(await run(['init', '--subscription', SUB, '--location', 'westeurope'], io)).toBe(130);
    expect(io.err()).toContain('Cancelled: nothing was written.');
    expect(existsSync(path.join(cwd, 'secure-aml.yaml'))).toBe(false);
  });

  it('TERM=dumb cannot show a prompt: init takes flags and names what is missing (exit 2)', async () => {
    const cwd = await tmpDir();
    const io = testIo({ cwd, tty: true, env: { TERM: 'dumb' }, answers: [] });
    expect(await run(['init'], io)).toBe(2);
    expect(io.asked).toEqual([]);
    expect(io.err()).toContain('--name <short name>');
  });
});
