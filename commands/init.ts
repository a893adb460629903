// `init`: the wizard. Asks (on a terminal) or takes flags (anywhere), writes the config file
// atomically — the same file `apply -c` reads — shows the plan, then offers to apply.
import path from 'node:path';
import { configExists, listSubscriptions, writeConfigFile } from '../src/app/init.js';
import { planEnvironment } from '../src/app/plan.js';
import { InterruptedError, UsageError, type Problem } from '../src/errors.js';
import type { CommonOptions } from '../src/options.js';
import { canPrompt, type Io } from '../src/ui/io.js';
import { widthFor } from '../src/ui/layout.js';
import { renderPlan } from '../src/ui/plan.js';
import { styleFor } from '../src/ui/style.js';
import { configFromAnswers, runWizard, WIZARD_DEFAULTS, type WizardAnswers } from '../src/ui/wizard.js';

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
  force?: boolean;
  apply?: boolean;
}

/** Flags and environment → answers already given (the wizard asks only for the rest). */
function preset(o: InitOptions, io: Io): Partial<WizardAnswers> {
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
    vmSize: o.vmSize,
    itAdmins: o.itAdmins,
    dataScientists: o.dataScientists,
    dataScientistSuperUsers: o.superUsers,
  };
  return Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined)) as Partial<WizardAnswers>;
}

const REQUIRED: { key: keyof WizardAnswers; how: string }[] = [
  { key: 'name', how: '--name <short name>' },
  { key: 'subscriptionId', how: '--subscription <id> or AZURE_SUBSCRIPTION_ID' },
  { key: 'location', how: '--location <region> or AZURE_LOCATION' },
];

export async function init(o: InitOptions, io: Io): Promise<number> {
  const file = path.resolve(io.cwd, o.file ?? 'secure-aml.yaml');
  const given = preset(o, io);
  const interactive = canPrompt(io, o.prompt === false);
  let answers: WizardAnswers;
  if (!interactive) {
    const missing: Problem[] = REQUIRED.filter((r) => given[r.key] === undefined).map((r) => ({ path: r.how.split(' ')[0], message: `missing: pass ${r.how}` }));
    if (missing.length) throw new UsageError(`init cannot ask questions here (no terminal, CI or --no-prompt) and ${missing.length} input(s) are missing:\n` + missing.map((m) => `  - ${m.message}`).join('\n'), missing, 'Pass them as flags (see `secure-aml init --help`), or run init in a terminal.');
    answers = { ...WIZARD_DEFAULTS, ...given } as WizardAnswers;
  } else {
    try {
      const subscriptions = given.subscriptionId ? [] : await listSubscriptions(o, io);
      answers = await runWizard(io.prompt, subscriptions, given);
    } catch (e) {
      if (e instanceof InterruptedError) throw new InterruptedError('Cancelled: nothing was written.');
      throw e;
    }
  }
  const doc = configFromAnswers(answers);
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
