// `init`: the wizard. Asks (on a terminal) or takes flags (anywhere), writes the config file
// atomically — the same file `apply -c` reads — shows the plan, then offers to apply.
import path from 'node:path';
import { configExists, listSubscriptions, writeConfigFile } from '../src/app/init.js';
import { planEnvironment } from '../src/app/plan.js';
import { InterruptedError, UsageError, type Problem } from '../src/errors.js';
import type { CommonOptions } from '../src/options.js';
import { ACCESS_MODES } from '../src/ui/wizard.js';
import { EGRESS_CHOICES, EGRESS_MODES, isEgressMode } from '../src/ui/egress-choice.js';
import { canPrompt, type Io } from '../src/ui/io.js';
import { widthFor } from '../src/ui/layout.js';
import { renderPlan } from '../src/ui/plan.js';
import { styleFor } from '../src/ui/style.js';
import { configFromAnswers, defaultCname, opensslCommand, runWizard, tlsFileProblem, validateCname, validatePrincipals, WIZARD_DEFAULTS, type WizardAnswers } from '../src/ui/wizard.js';

export interface InitOptions extends CommonOptions {
  file?: string;
  name?: string;
  addressSpace?: string;
  trainingSubnet?: string;
  scoringSubnet?: string;
  peSubnet?: string;
  cmk?: boolean;
  aks?: boolean;
  vmSize?: string;
  itAdmins?: string;
  dataScientists?: string;
  superUsers?: string;
  aksTlsCert?: string;
  aksTlsKey?: string;
  aksTlsCname?: string;
  force?: boolean;
  apply?: boolean;
}

/** --egress, else SECURE_AML_EGRESS (the precedence `apply` uses), checked before any question. */
function egressGiven(o: InitOptions, io: Io): WizardAnswers['egress'] | undefined {
  const [label, value] = o.egress !== undefined && o.egress !== '' ? ['--egress', o.egress] : ['SECURE_AML_EGRESS', io.env.SECURE_AML_EGRESS];
  if (value === undefined || value === '') return undefined;
  if (!isEgressMode(value)) throw new UsageError(`${label}: "${value}" is not an egress mode; expected ${EGRESS_MODES.join(', ')}`, [{ path: label, message: 'not an egress mode' }]);
  return value;
}

/** --access, else SECURE_AML_ACCESS, checked before any question. */
function accessGiven(o: InitOptions, io: Io): WizardAnswers['access'] | undefined {
  const [label, value] = o.access !== undefined && o.access !== '' ? ['--access', o.access] : ['SECURE_AML_ACCESS', io.env.SECURE_AML_ACCESS];
  if (value === undefined || value === '') return undefined;
  if (!(ACCESS_MODES as readonly string[]).includes(value)) throw new UsageError(`${label}: "${value}" is not an access mode; expected ${ACCESS_MODES.join(', ')}`, [{ path: label, message: 'not an access mode' }]);
  return value as WizardAnswers['access'];
}

/** --aks-tls-*: each checked as given (files relative to the working directory), before any question. */
function tlsGiven(o: InitOptions, io: Io): Pick<WizardAnswers, 'tlsCname' | 'tlsCertFile' | 'tlsKeyFile'> {
  const problems: Problem[] = [];
  if (o.aksTlsCname !== undefined) {
    const verdict = validateCname(o.aksTlsCname);
    if (verdict !== true) problems.push({ path: '--aks-tls-cname', message: verdict });
  }
  const cname = o.aksTlsCname?.trim() || defaultCname(o.name ?? '<name>');
  for (const [flag, value, what] of [['--aks-tls-cert', o.aksTlsCert, 'certificate'], ['--aks-tls-key', o.aksTlsKey, 'private key']] as const) {
    const verdict = value === undefined ? true : tlsFileProblem(value, io.cwd, what, cname);
    if (verdict !== true) problems.push({ path: flag, message: verdict });
  }
  if (problems.length) throw new UsageError(problems.map((p) => `${p.path}: ${p.message}`).join('\n'), problems);
  return { tlsCname: o.aksTlsCname?.trim(), tlsCertFile: o.aksTlsCert?.trim(), tlsKeyFile: o.aksTlsKey?.trim() };
}

/** Flags and environment → answers already given (the wizard asks only for the rest). */
function preset(o: InitOptions, io: Io): Partial<WizardAnswers> {
  const egress = egressGiven(o, io);
  const tls = tlsGiven(o, io);
  if (egress && o.aks === true && !EGRESS_CHOICES[egress].aks) {
    throw new UsageError(`--aks and egress "${egress}" cannot go together: Kubernetes compute needs egress firewall`, [{ path: '--aks', message: `not with egress ${egress}` }], 'Pass --no-aks, or --egress firewall.');
  }
  // People given as flags are checked as the wizard checks what is typed: nothing is dropped silently.
  const people = ([['--it-admins', o.itAdmins], ['--data-scientists', o.dataScientists], ['--super-users', o.superUsers]] as const)
    .flatMap(([flag, v]) => {
      const ok = v === undefined ? true : validatePrincipals(v);
      return ok === true ? [] : [{ path: flag, message: ok }];
    });
  if (people.length) throw new UsageError(people.map((x) => `${x.path}: ${x.message}`).join('\n'), people);
  const p: Partial<WizardAnswers> = {
    subscriptionId: o.subscription ?? io.env.AZURE_SUBSCRIPTION_ID,
    location: o.location ?? io.env.AZURE_LOCATION,
    name: o.name,
    environment: o.env ?? io.env.SECURE_AML_ENV,
    addressSpace: o.addressSpace,
    training: o.trainingSubnet,
    scoring: o.scoringSubnet,
    privateEndpoints: o.peSubnet,
    cmk: o.cmk,
    aks: o.aks,
    egress,
    access: accessGiven(o, io),
    vmSize: o.vmSize,
    itAdmins: o.itAdmins,
    dataScientists: o.dataScientists,
    dataScientistSuperUsers: o.superUsers,
    ...tls,
  };
  return Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined)) as Partial<WizardAnswers>;
}

const REQUIRED: { key: keyof WizardAnswers; how: string }[] = [
  { key: 'name', how: '--name <short name>' },
  { key: 'subscriptionId', how: '--subscription <id> or AZURE_SUBSCRIPTION_ID' },
  { key: 'location', how: '--location <region> or AZURE_LOCATION' },
];

const AKS_TLS: { key: keyof WizardAnswers; how: string }[] = [
  { key: 'tlsCertFile', how: '--aks-tls-cert <file>' },
  { key: 'tlsKeyFile', how: '--aks-tls-key <file>' },
];

/** No terminal, CI or --no-prompt: the flags and defaults, or exit 2 listing every input missing. */
function withoutQuestions(given: Partial<WizardAnswers>, io: Io): WizardAnswers {
  const answers = { ...WIZARD_DEFAULTS, ...given } as WizardAnswers;
  const aksOff = given.aks === undefined && !EGRESS_CHOICES[answers.egress].aks; // on by default, but this egress mode cannot carry it
  if (aksOff) answers.aks = false;
  const missing: Problem[] = REQUIRED.filter((r) => given[r.key] === undefined).map((r) => ({ path: r.how.split(' ')[0], message: `missing: pass ${r.how}` }));
  // The scoring endpoint serves HTTPS only (steps/aks.ts): with AKS on, its certificate and key are required.
  if (answers.aks) missing.push(...AKS_TLS.filter((r) => given[r.key] === undefined).map((r) => ({ path: r.how.split(' ')[0], message: `missing: pass ${r.how} (AKS is on; or pass --no-aks)` })));
  if (missing.length) {
    const cname = given.tlsCname ?? defaultCname(given.name ?? '<name>');
    const tls = missing.some((m) => m.path.startsWith('--aks-tls-'))
      ? ` AKS is on and its scoring endpoint serves HTTPS only: --aks-tls-cname <host> is optional (default ${cname}); --no-aks creates no AKS cluster. For a trial, make a self-signed pair with: ${opensslCommand(cname)}`
      : '';
    throw new UsageError(`init cannot ask questions here (no terminal, CI or --no-prompt) and ${missing.length} input(s) are missing:\n` + missing.map((m) => `  - ${m.message}`).join('\n'), missing, `Pass them as flags (see \`secure-aml init --help\`), or run init in a terminal.${tls}`);
  }
  if (aksOff) io.stderr.write(`AKS: off (egress "${answers.egress}" cannot carry an AKS cluster)\n`);
  return answers;
}

export async function init(o: InitOptions, io: Io): Promise<number> {
  const file = path.resolve(io.cwd, o.file ?? 'secure-aml.yaml');
  const given = preset(o, io);
  const interactive = canPrompt(io, o.prompt === false);
  let answers: WizardAnswers;
  if (!interactive) {
    answers = withoutQuestions(given, io);
  } else {
    try {
      const subscriptions = given.subscriptionId ? [] : await listSubscriptions(o, io);
      answers = await runWizard(io.prompt, subscriptions, given, { write: (t) => io.stderr.write(t), width: widthFor(io.stderr), cwd: io.cwd });
    } catch (e) {
      if (e instanceof InterruptedError) throw new InterruptedError('Cancelled: nothing was written.');
      throw e;
    }
  }
  if (!answers.aks && (o.aksTlsCert ?? o.aksTlsKey ?? o.aksTlsCname) !== undefined) io.stderr.write('--aks-tls-*: not written (AKS is off)\n');
  const doc = configFromAnswers(answers, { cwd: io.cwd, file });
  if (configExists(file) && !o.force) {
    const overwrite = interactive ? await io.prompt.confirm({ message: `${path.relative(io.cwd, file) || file} exists. Overwrite it?`, default: false }) : false;
    if (!overwrite) throw new UsageError(`${file} already exists.`, [{ path: '--file', message: 'exists' }], 'Pass --force to overwrite it, or -f <another file>.');
  }
  await writeConfigFile(file, doc);
  io.stderr.write(`wrote ${file}\n`);
  const flags = [o.simulate ? `--simulate ${o.simulate}` : '', o.stateDir ? `--state-dir ${o.stateDir}` : ''].filter(Boolean).join(' ');
  const applyCommand = `secure-aml apply -c ${path.relative(io.cwd, file) || file}${flags ? ' ' + flags : ''}`;
  if (interactive) {
    // Show the plan on stderr (stdout stays the result), then offer to apply.
    try {
      const plan = await planEnvironment({ ...o, config: file }, io);
      io.stderr.write(renderPlan(plan, { width: widthFor(io.stderr), style: styleFor(io, 'stderr', { color: o.color }) }));
    } catch (e) {
      io.stderr.write(`plan: ${(e as Error).message}\n`);
    }
    const go = o.apply ?? (await io.prompt.confirm({ message: 'Apply it now?', default: false }));
    if (go) {
      const { apply } = await import('./apply.js');
      return apply({ ...o, config: file, yes: true }, io);
    }
  }
  io.stdout.write(o.output === 'json' ? JSON.stringify({ command: 'init', status: 'written', file, next: [applyCommand] }, null, 2) + '\n' : `${file}\nnext: ${applyCommand}\n`);
  return 0;
}
