// The init wizard in process on a (test) terminal: every question goes through the Io, answers
// are validated as typed, the plan is shown before "Apply it now?", and Ctrl-C writes nothing.
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { InterruptedError } from '../../src/errors.js';
import { ROOT, tmpDir } from '../helpers/cli.js';
import { run, testIo, type Answer } from '../helpers/test-io.js';

const SUB = '00000000-0000-0000-0000-000000000000';
const TERMINAL = { TERM: 'xterm', NO_COLOR: '1' };
/** The optional outbound group questions (firewall and managed), each answered No. */
const NO_GROUPS: Answer[] = [{ message: 'Python package index' }, { message: 'Anaconda' }, { message: 'GitHub' }];
/** The demo pair (generated before the tests; templates/demo-tls/README.md), by absolute path. */
const DEMO_CERT = path.join(ROOT, 'templates/demo-tls/scoring.crt');
const DEMO_KEY = path.join(ROOT, 'templates/demo-tls/scoring.key');
/** The aks.tls questions (AKS on), answered with the demo pair and the default host name. */
const TLS: Answer[] = [{ message: 'Scoring host name' }, { message: 'certificate file', answer: DEMO_CERT }, { message: 'private key file', answer: DEMO_KEY }];
/** The questions after the network ones, each taking its default. */
const REST: Answer[] = ['VNet address space', 'Training subnet', 'Scoring subnet', 'Private endpoint subnet', 'Way in for people', 'customer-managed key', 'Compute cluster VM size', 'IT admins', 'Data scientists', 'Data scientist super users']
  .map((message) => ({ message }));

describe('init on a terminal', () => {
  it('asks each question through the Io, writes the config, shows the plan, then offers to apply', async () => {
    const cwd = await tmpDir();
    const answers: Answer[] = [
      { message: 'Short name', answer: 'wizard' },
      { message: 'Environment' }, // Enter: the default
      { message: 'Private AKS cluster', answer: false },
      { message: 'Egress mode' }, // Enter: firewall
      ...NO_GROUPS,
      { message: 'VNet address space' },
      { message: 'Training subnet' },
      { message: 'Scoring subnet' },
      { message: 'Private endpoint subnet' },
      { message: 'Way in for people' }, // Enter: none
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

describe('init: the egress mode', () => {
  const FLAGS = ['init', '--subscription', SUB, '--location', 'westeurope', '--name', 'egr'];
  const written = async (cwd: string) => readFile(path.join(cwd, 'secure-aml.yaml'), 'utf8');

  it('firewall: one paragraph per mode before the question, the groups chosen one by one, a comment line per mode in the file', async () => {
    const cwd = await tmpDir();
    const io = testIo({
      cwd, tty: true, stderrTty: false, env: TERMINAL,
      answers: [
        { message: 'Environment' }, { message: 'Private AKS cluster', answer: false },
        { message: 'Egress mode', answer: 'firewall' },
        { message: 'Python package index', answer: true }, { message: 'Anaconda', answer: false }, { message: 'GitHub', answer: true },
        ...REST, { message: 'Apply it now?', answer: false },
      ],
    });
    expect(await run([...FLAGS, '--simulate', 'sim', '--sim-time-scale', '0.002'], io), io.err()).toBe(0);
    expect(io.asked.find((q) => q.message === 'Egress mode')).toMatchObject({ kind: 'select', default: 'firewall', choices: ['firewall', 'nat', 'managed'] });
    const t = io.transcript();
    // What was shown before the question, line breaks of the wrapping undone.
    const before = t.slice(0, t.indexOf('? Egress mode')).replace(/\s+/g, ' ');
    for (const p of ['firewall: A hub VNet with Azure Firewall', 'denies everything else and logs every flow to Log Analytics', 'About USD 900/month for the Standard tier plus data processed', '(Basic about USD 300, Premium about USD 1,300',
      'nat: A NAT gateway with a static public IP', 'About USD 35/month plus data', 'NSGs cannot filter by host name, so no package indexes', 'and no AKS',
      'managed: The workspace\'s managed network in AllowOnlyApprovedOutbound', 'managed Azure Firewall billed to you: about USD 900/month (Standard) once FQDN rules exist',
      'One-way: once enabled on a workspace it cannot be turned off.', 'No AKS (Kubernetes compute is not supported with it)']) {
      expect(before, p).toContain(p);
    }
    const text = await written(cwd);
    expect(parse(text)).toMatchObject({ aks: { enabled: false }, network: { egress: 'firewall', outboundGroups: ['python', 'github'] } });
    // The comment above network.egress: one line per mode.
    const comment = text.split('\n').filter((l) => /^ {2}# {3}(firewall|nat|managed):/.test(l));
    expect(comment.map((l) => l.trim().split(':')[0])).toEqual(['#   firewall', '#   nat', '#   managed']);
    expect(text).toMatch(/# {3}managed:.*ONE-WAY.*\n(.*\n)*? {2}egress: firewall/);
    expect(t).toContain('Plan: ');
  });

  it('nat: no group questions, no outboundGroups written', async () => {
    const cwd = await tmpDir();
    const io = testIo({
      cwd, tty: true, stderrTty: false, env: TERMINAL,
      answers: [{ message: 'Environment' }, { message: 'Private AKS cluster', answer: false }, { message: 'Egress mode', answer: 'nat' }, ...REST, { message: 'Apply it now?', answer: false }],
    });
    expect(await run(FLAGS, io), io.err()).toBe(0);
    expect(io.asked.some((q) => q.message.startsWith('Allow outbound'))).toBe(false);
    const doc = parse(await written(cwd));
    expect(doc).toMatchObject({ aks: { enabled: false }, network: { egress: 'nat' } });
    expect(doc.network.outboundGroups).toBeUndefined();
  });

  it('managed or nat with AKS on: "go back" re-asks the mode; "turn AKS off" keeps the mode and writes AKS off', async () => {
    const back = testIo({
      cwd: await tmpDir(), tty: true, stderrTty: false, env: TERMINAL,
      answers: [
        { message: 'Environment' }, { message: 'Private AKS cluster', answer: true },
        { message: 'Egress mode', answer: 'managed' }, { message: 'cannot carry it', answer: 'back' },
        { message: 'Egress mode', answer: 'nat' }, { message: 'cannot carry it', answer: 'aks-off' }, ...REST, { message: 'Apply it now?', answer: false },
      ],
    });
    expect(await run(FLAGS, back), back.err()).toBe(0);
    expect(back.asked.find((q) => q.message.includes('cannot carry it'))).toMatchObject({ kind: 'select', default: 'back', choices: ['aks-off', 'back'] });
    expect(back.asked.filter((q) => q.message === 'Egress mode').map((q) => q.default)).toEqual(['firewall', 'managed']); // back: the last pick is the default
    expect(parse(await written(back.cwd))).toMatchObject({ aks: { enabled: false }, network: { egress: 'nat' } });

    const off = testIo({
      cwd: await tmpDir(), tty: true, stderrTty: false, env: TERMINAL,
      answers: [
        { message: 'Environment' }, { message: 'Private AKS cluster', answer: true },
        { message: 'Egress mode', answer: 'managed' }, { message: 'cannot carry it', answer: 'aks-off' },
        { message: 'Python package index', answer: false }, { message: 'Anaconda', answer: true }, { message: 'GitHub', answer: false },
        ...REST, { message: 'Apply it now?', answer: false },
      ],
    });
    expect(await run([...FLAGS, '--simulate', 'sim', '--sim-time-scale', '0.002'], off), off.err()).toBe(0);
    const t = off.transcript();
    const note = t.indexOf('any of them adds the managed Azure Firewall, billed to you (about USD 900/month');
    expect(note).toBeGreaterThan(t.indexOf('? Egress mode'));
    expect(note).toBeLessThan(t.indexOf('? Allow outbound to Python'));
    expect(off.asked.find((q) => q.message.startsWith('Allow outbound to Anaconda'))?.message).toBe('Allow outbound to Anaconda package channels (conda): anaconda.com, *.anaconda.com, *.anaconda.org?');
    expect(parse(await written(off.cwd))).toMatchObject({ aks: { enabled: false }, network: { egress: 'managed', outboundGroups: ['conda'] } });
    expect(off.transcript()).toContain('Plan: '); // the written file loads: no config finding
  });

  it('--egress given: not asked; a mode without AKS skips the AKS question too', async () => {
    const cwd = await tmpDir();
    const io = testIo({ cwd, tty: true, stderrTty: false, env: TERMINAL, answers: [{ message: 'Environment' }, ...REST, { message: 'Apply it now?', answer: false }] });
    expect(await run([...FLAGS, '--egress', 'nat'], io), io.err()).toBe(0);
    expect(io.asked.map((q) => q.message)).not.toContainEqual(expect.stringMatching(/Egress mode|Private AKS cluster|Allow outbound/));
    expect(io.err()).toContain('AKS: off (egress "nat" cannot carry an AKS cluster)');
    expect(parse(await written(cwd))).toMatchObject({ aks: { enabled: false }, network: { egress: 'nat' } });
  });

  it('--egress wins over SECURE_AML_EGRESS; the groups are still asked for firewall', async () => {
    const cwd = await tmpDir();
    const io = testIo({
      cwd, tty: true, stderrTty: false, env: { ...TERMINAL, SECURE_AML_EGRESS: 'nat' },
      answers: [{ message: 'Environment' }, { message: 'Private AKS cluster', answer: false }, { message: 'Python package index', answer: true }, { message: 'Anaconda' }, { message: 'GitHub' }, ...REST, { message: 'Apply it now?', answer: false }],
    });
    expect(await run([...FLAGS, '--egress', 'firewall'], io), io.err()).toBe(0);
    expect(io.asked.find((q) => q.message.startsWith('Private AKS cluster'))).toBeDefined(); // firewall carries AKS: still asked
    expect(io.asked.some((q) => q.message === 'Egress mode')).toBe(false);
    expect(io.err()).not.toContain('How compute reaches'); // the paragraphs go with the question
    expect(parse(await written(cwd))).toMatchObject({ network: { egress: 'firewall', outboundGroups: ['python'] } });
  });

  it('SECURE_AML_EGRESS alone: not asked', async () => {
    const cwd = await tmpDir();
    const io = testIo({
      cwd, tty: true, stderrTty: false, env: { ...TERMINAL, SECURE_AML_EGRESS: 'managed' },
      answers: [{ message: 'Environment' }, ...NO_GROUPS, ...REST, { message: 'Apply it now?', answer: false }],
    });
    expect(await run(FLAGS, io), io.err()).toBe(0);
    expect(io.asked.some((q) => /Egress mode|Private AKS cluster/.test(q.message))).toBe(false);
    expect(parse(await written(cwd))).toMatchObject({ aks: { enabled: false }, network: { egress: 'managed' } });
  });

  it('--no-prompt on a terminal: nothing asked, the default (firewall) written; with SECURE_AML_EGRESS=managed AKS goes off', async () => {
    const cwd = await tmpDir();
    const io = testIo({ cwd, tty: true, env: TERMINAL, answers: [] });
    expect(await run([...FLAGS, '--no-aks', '--no-prompt'], io), io.err()).toBe(0);
    expect(io.asked).toEqual([]);
    const text = await written(cwd);
    expect(parse(text)).toMatchObject({ aks: { enabled: false }, network: { egress: 'firewall' } });
    expect(parse(text).network.outboundGroups).toBeUndefined();
    expect(text).toContain('#   nat: NAT gateway');

    const cwd2 = await tmpDir();
    const io2 = testIo({ cwd: cwd2, tty: true, env: { ...TERMINAL, SECURE_AML_EGRESS: 'managed' }, answers: [] });
    expect(await run([...FLAGS, '--no-prompt'], io2), io2.err()).toBe(0);
    expect(io2.asked).toEqual([]);
    expect(io2.err()).toContain('AKS: off (egress "managed" cannot carry an AKS cluster)');
    expect(parse(await written(cwd2))).toMatchObject({ aks: { enabled: false }, network: { egress: 'managed' } });
  });

  it('--aks with a mode that cannot carry it, or an unknown SECURE_AML_EGRESS: exit 2 before any question, nothing written', async () => {
    for (const [args, env, expected] of [
      [['--aks', '--egress', 'nat'], {}, '--aks and egress "nat" cannot go together'],
      [['--aks'], { SECURE_AML_EGRESS: 'managed' }, '--aks and egress "managed" cannot go together'],
      [[], { SECURE_AML_EGRESS: 'proxy' }, 'SECURE_AML_EGRESS: "proxy" is not an egress mode; expected firewall, nat, managed'],
    ] as const) {
      const cwd = await tmpDir();
      const io = testIo({ cwd, tty: true, env: { ...TERMINAL, ...env }, answers: [] });
      expect(await run([...FLAGS, ...args], io)).toBe(2);
      expect(io.asked).toEqual([]);
      expect(io.err()).toContain(expected);
      expect(existsSync(path.join(cwd, 'secure-aml.yaml'))).toBe(false);
    }
  });

  it('firewall: a VNet address space overlapping the hub VNet is refused as it is typed', async () => {
    const io = testIo({
      cwd: await tmpDir(), tty: true, stderrTty: false, env: TERMINAL,
      answers: [{ message: 'Environment' }, { message: 'Private AKS cluster' }, { message: 'Egress mode' }, ...NO_GROUPS, ...TLS, { message: 'VNet address space', answer: '10.100.0.0/16' }],
    });
    expect(await run(FLAGS, io)).toBe(1);
    expect(io.asked.at(-1)?.rejected).toEqual(['overlaps the firewall hub VNet (10.100.0.0/24); pick another range']);
  });
});

describe('init: HTTPS for the AKS scoring endpoint (aks.tls)', () => {
  const FLAGS = ['init', '--subscription', SUB, '--location', 'westeurope', '--name', 'tls'];
  const OPENSSL = 'openssl req -x509 -newkey rsa:2048 -nodes -days 365 -subj /CN=scoring.tls.internal -keyout scoring.key -out scoring.crt';

  it('AKS on: asks the host name (default scoring.<name>.internal), the certificate and the key; paths typed from the working directory are written relative to the config file', async () => {
    const cwd = await tmpDir();
    await mkdir(path.join(cwd, 'certs'));
    await mkdir(path.join(cwd, 'conf'));
    await copyFile(DEMO_CERT, path.join(cwd, 'certs/scoring.crt'));
    const io = testIo({
      cwd, tty: true, stderrTty: false, env: TERMINAL,
      answers: [
        { message: 'Environment' }, { message: 'Private AKS cluster', answer: true }, { message: 'Egress mode' }, ...NO_GROUPS,
        { message: 'Scoring host name' }, // Enter: the default
        { message: 'Scoring TLS certificate file (PEM)', answer: 'certs/scoring.crt' },
        { message: 'Scoring TLS private key file (PEM)', answer: DEMO_KEY },
        ...REST, { message: 'Apply it now?', answer: false },
      ],
    });
    expect(await run([...FLAGS, '-f', 'conf/env.yaml', '--simulate', 'sim', '--sim-time-scale', '0.002'], io), io.err()).toBe(0);
    expect(io.asked.find((q) => q.message.startsWith('Scoring host name'))).toMatchObject({ kind: 'input', default: 'scoring.tls.internal', answer: 'scoring.tls.internal' });
    const t = io.transcript();
    // How to make a pair is said before the certificate is asked for.
    const note = t.indexOf(OPENSSL);
    expect(note).toBeGreaterThan(t.indexOf('? Scoring host name'));
    expect(note).toBeLessThan(t.indexOf('? Scoring TLS certificate file'));
    // Asked once AKS is settled (after the egress mode), before the network.
    expect(t.indexOf('? Scoring host name')).toBeGreaterThan(t.indexOf('? Egress mode'));
    expect(t.indexOf('? Scoring host name')).toBeLessThan(t.indexOf('? VNet address space'));
    const doc = parse(await readFile(path.join(cwd, 'conf/env.yaml'), 'utf8'));
    expect(doc.aks).toEqual({ enabled: true, tls: { cname: 'scoring.tls.internal', certFile: '../certs/scoring.crt', keyFile: DEMO_KEY } });
    expect(t).toContain('Plan: '); // the written file loads: its paths resolve from the config file
  });

  it('a certificate or key file that does not exist is refused as it is typed, with how to make one', async () => {
    const cwd = await tmpDir();
    const io = testIo({
      cwd, tty: true, stderrTty: false, env: TERMINAL,
      answers: [{ message: 'Environment' }, { message: 'Private AKS cluster' }, { message: 'Egress mode' }, ...NO_GROUPS, { message: 'Scoring host name' }, { message: 'certificate file', answer: 'missing.crt' }],
    });
    expect(await run(FLAGS, io)).toBe(1);
    expect(io.asked.at(-1)?.rejected).toEqual([`no such file: ${path.join(cwd, 'missing.crt')} (relative paths are from ${cwd}). For a trial, make a self-signed pair with: ${OPENSSL}`]);
    expect(existsSync(path.join(cwd, 'secure-aml.yaml'))).toBe(false);

    const host = testIo({
      cwd, tty: true, stderrTty: false, env: TERMINAL,
      answers: [{ message: 'Environment' }, { message: 'Private AKS cluster' }, { message: 'Egress mode' }, ...NO_GROUPS, { message: 'Scoring host name', answer: 'Not a host' }],
    });
    expect(await run(FLAGS, host)).toBe(1);
    expect(host.asked.at(-1)?.rejected).toEqual(['"Not a host" is not a host name (e.g. scoring.contoso.internal)']);

    const dir = testIo({
      cwd, tty: true, stderrTty: false, env: TERMINAL,
      answers: [{ message: 'Environment' }, { message: 'Private AKS cluster' }, { message: 'Egress mode' }, ...NO_GROUPS, { message: 'Scoring host name' }, { message: 'certificate file', answer: DEMO_CERT }, { message: 'private key file', answer: cwd }],
    });
    expect(await run(FLAGS, dir)).toBe(1);
    expect(dir.asked.at(-1)?.rejected).toEqual([`${cwd} is not a file; give the path of the PEM private key file`]);
  });

  it('AKS off (here by the egress mode): no TLS questions, no aks.tls written', async () => {
    const cwd = await tmpDir();
    const io = testIo({ cwd, tty: true, stderrTty: false, env: TERMINAL, answers: [{ message: 'Environment' }, ...REST, { message: 'Apply it now?', answer: false }] });
    expect(await run([...FLAGS, '--egress', 'nat'], io), io.err()).toBe(0);
    expect(io.asked.some((q) => /Scoring host name|TLS/.test(q.message))).toBe(false);
    expect(parse(await readFile(path.join(cwd, 'secure-aml.yaml'), 'utf8')).aks).toEqual({ enabled: false });
  });

  it('--aks-tls-cname/-cert/-key given: not asked, written as given (relative paths rebased on the config file)', async () => {
    const cwd = await tmpDir();
    await mkdir(path.join(cwd, 'conf'));
    await copyFile(DEMO_KEY, path.join(cwd, 'scoring.key'));
    const io = testIo({
      cwd, tty: true, stderrTty: false, env: TERMINAL,
      answers: [{ message: 'Environment' }, { message: 'Private AKS cluster' }, { message: 'Egress mode' }, ...NO_GROUPS, ...REST, { message: 'Apply it now?', answer: false }],
    });
    const flags = ['-f', 'conf/secure-aml.yaml', '--aks-tls-cname', 'score.contoso.internal', '--aks-tls-cert', DEMO_CERT, '--aks-tls-key', 'scoring.key'];
    expect(await run([...FLAGS, ...flags], io), io.err()).toBe(0);
    expect(io.asked.some((q) => /Scoring host name|TLS/.test(q.message))).toBe(false);
    expect(io.transcript()).not.toContain('openssl req');
    const doc = parse(await readFile(path.join(cwd, 'conf/secure-aml.yaml'), 'utf8'));
    expect(doc.aks).toEqual({ enabled: true, tls: { cname: 'score.contoso.internal', certFile: DEMO_CERT, keyFile: '../scoring.key' } });
  });

  it('a --aks-tls-* flag naming no file, or a bad host name: exit 2 before any question, nothing written', async () => {
    const cwd = await tmpDir();
    const io = testIo({ cwd, tty: true, env: TERMINAL, answers: [] });
    expect(await run([...FLAGS, '--aks-tls-cert', 'nope.crt', '--aks-tls-key', DEMO_KEY, '--aks-tls-cname', 'bad host'], io)).toBe(2);
    expect(io.asked).toEqual([]);
    expect(io.err()).toContain(`--aks-tls-cname: "bad host" is not a host name`);
    expect(io.err()).toContain(`--aks-tls-cert: no such file: ${path.join(cwd, 'nope.crt')} (relative paths are from ${cwd}). For a trial, make a self-signed pair with: openssl req`);
    expect(io.err()).not.toContain('--aks-tls-key:');
    expect(existsSync(path.join(cwd, 'secure-aml.yaml'))).toBe(false);
  });

  it('--no-prompt with AKS on and no certificate: exit 2 naming --aks-tls-cert, --aks-tls-key and --no-aks; with them, written', async () => {
    const cwd = await tmpDir();
    const io = testIo({ cwd, tty: true, env: TERMINAL, answers: [] });
    expect(await run([...FLAGS, '--no-prompt'], io)).toBe(2);
    expect(io.asked).toEqual([]);
    expect(io.err()).toContain('missing: pass --aks-tls-cert <file> (AKS is on; or pass --no-aks)');
    expect(io.err()).toContain('missing: pass --aks-tls-key <file> (AKS is on; or pass --no-aks)');
    expect(io.err()).toContain(OPENSSL);
    expect(existsSync(path.join(cwd, 'secure-aml.yaml'))).toBe(false);

    const ok = testIo({ cwd, tty: true, env: TERMINAL, answers: [] });
    expect(await run([...FLAGS, '--no-prompt', '--aks-tls-cert', DEMO_CERT, '--aks-tls-key', DEMO_KEY], ok), ok.err()).toBe(0);
    expect(parse(await readFile(path.join(cwd, 'secure-aml.yaml'), 'utf8')).aks).toEqual({ enabled: true, tls: { cname: 'scoring.tls.internal', certFile: DEMO_CERT, keyFile: DEMO_KEY } });
  });
});

describe('init: the way in for people (access.mode)', () => {
  const FLAGS = ['init', '--subscription', SUB, '--location', 'westeurope', '--name', 'way', '--simulate', 'sim', '--sim-time-scale', '0.002'];
  const NET = ['VNet address space', 'Training subnet', 'Scoring subnet', 'Private endpoint subnet'].map((message) => ({ message }));
  const AFTER = ['customer-managed key', 'Compute cluster VM size', 'IT admins', 'Data scientists', 'Data scientist super users'].map((message) => ({ message }));

  it('egress firewall: each mode with its monthly cost before the question; bastion asks the jumpbox image and writes both', async () => {
    const cwd = await tmpDir();
    const io = testIo({
      cwd, tty: true, stderrTty: false, env: TERMINAL,
      answers: [
        { message: 'Environment' }, { message: 'Private AKS cluster', answer: false }, { message: 'Egress mode', answer: 'firewall' }, ...NO_GROUPS, ...NET,
        { message: 'Way in for people', answer: 'bastion' }, { message: 'Jumpbox image', answer: 'windows' },
        { message: 'AzureBastionSubnet', answer: '10.0.9.0/26' }, { message: 'Jumpbox subnet' },
        ...AFTER, { message: 'Apply it now?', answer: false },
      ],
    });
    expect(await run(FLAGS, io), io.err()).toBe(0);
    expect(io.asked.find((q) => q.message === 'Way in for people')).toMatchObject({ kind: 'select', default: 'none', choices: ['none', 'bastion', 'vpn'] });
    const before = io.transcript().slice(0, io.transcript().indexOf('? Way in for people')).replace(/\s+/g, ' ');
    expect(before).toContain('bastion: Azure Bastion Standard (billed per hour while it exists, roughly USD 200-300/month');
    expect(before).toContain('vpn: a VpnGw1AZ VPN gateway (billed per hour, roughly USD 250-400/month');
    expect(parse(await readFile(path.join(cwd, 'secure-aml.yaml'), 'utf8'))).toMatchObject({ access: { mode: 'bastion', jumpbox: { os: 'windows' } }, network: { subnets: { bastion: '10.0.9.0/26', jumpbox: '10.0.4.64/28' } } });
  });

  it('egress nat: bastion is not offered (its jumpbox signs in through hosts only the firewall allows by name); --access vpn is not asked', async () => {
    const cwd = await tmpDir();
    const io = testIo({
      cwd, tty: true, stderrTty: false, env: TERMINAL,
      answers: [{ message: 'Environment' }, { message: 'Private AKS cluster', answer: false }, { message: 'Egress mode', answer: 'nat' }, ...NET, { message: 'Way in for people', answer: 'vpn' }, { message: 'GatewaySubnet' }, { message: 'DNS resolver subnet' }, ...AFTER, { message: 'Apply it now?', answer: false }],
    });
    expect(await run(FLAGS, io), io.err()).toBe(0);
    expect(io.asked.find((q) => q.message === 'Way in for people')).toMatchObject({ choices: ['none', 'vpn'] });
    expect(io.transcript().replace(/\s+/g, ' ')).toContain('(needs egress firewall: not offered)');
    expect(parse(await readFile(path.join(cwd, 'secure-aml.yaml'), 'utf8'))).toMatchObject({ access: { mode: 'vpn' } });

    const flagged = testIo({ cwd: await tmpDir(), tty: true, stderrTty: false, env: TERMINAL, answers: [{ message: 'Environment' }, { message: 'Private AKS cluster', answer: false }, { message: 'Egress mode', answer: 'nat' }, ...NET, { message: 'GatewaySubnet' }, { message: 'DNS resolver subnet' }, ...AFTER, { message: 'Apply it now?', answer: false }] });
    expect(await run([...FLAGS, '--access', 'vpn'], flagged), flagged.err()).toBe(0);
    expect(flagged.asked.some((q) => q.message === 'Way in for people')).toBe(false);
  });

  it('an access subnet Azure would refuse is refused as it is typed (AzureBastionSubnet /27)', async () => {
    const io = testIo({
      cwd: await tmpDir(), tty: true, stderrTty: false, env: TERMINAL,
      answers: [{ message: 'Environment' }, { message: 'Private AKS cluster', answer: false }, { message: 'Egress mode', answer: 'firewall' }, ...NO_GROUPS, ...NET,
        { message: 'Way in for people', answer: 'bastion' }, { message: 'Jumpbox image' }, { message: 'AzureBastionSubnet', answer: '10.0.9.0/27' }],
    });
    expect(await run(FLAGS, io)).toBe(1);
    expect(io.asked.find((q) => q.message.startsWith('AzureBastionSubnet'))?.rejected?.[0]).toMatch(/too small for AzureBastionSubnet.*\/26 or larger/);
  });

  it('SECURE_AML_ACCESS with an unknown mode exits 2 naming it, before any question', async () => {
    const io = testIo({ cwd: await tmpDir(), tty: true, stderrTty: false, env: { ...TERMINAL, SECURE_AML_ACCESS: 'rdp' }, answers: [] });
    expect(await run(FLAGS, io)).toBe(2);
    expect(io.err()).toContain('SECURE_AML_ACCESS: "rdp" is not an access mode; expected none, bastion, vpn');
    expect(io.asked).toEqual([]);
  });
});
