// `init`: the wizard. Asks (on a terminal) or takes flags (anywhere), writes the config file
// atomically — the same file `apply -c` reads — shows the plan, then offers to apply.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import writeFileAtomic from 'write-file-atomic';
import { stringify } from 'yaml';
import { createClients } from '../src/azure/clients.js';
import { armRequest } from '../src/azure/raw.js';
import { InterruptedError, UsageError, type Problem } from '../src/errors.js';
import type { CommonOptions } from '../src/options.js';
import { canPrompt, type Io } from '../src/ui/io.js';
import { configFromAnswers, runWizard, WIZARD_DEFAULTS, type Prompts, type WizardAnswers } from '../src/ui/wizard.js';
import { resolveTarget } from './support/session.js';

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

export async function init(o: InitOptions, io: Io, prompts?: Prompts): Promise<number> {
  const file = path.resolve(io.cwd, o.file ?? 'secure-aml.yaml');
  const given = preset(o, io);
  const interactive = prompts !== undefined || canPrompt(io, o.prompt === false);
  let answers: WizardAnswers;
  if (!interactive) {
    const missing: Problem[] = REQUIRED.filter((r) => given[r.key] === undefined).map((r) => ({ path: r.how.split(' ')[0], message: `missing: pass ${r.how}` }));
    if (missing.length) throw new UsageError(`init cannot ask questions here (no terminal, CI or --no-prompt) and ${missing.length} input(s) are missing:\n` + missing.map((m) => `  - ${m.message}`).join('\n'), missing, 'Pass them as flags (see `secure-aml init --help`), or run init in a terminal.');
    answers = { ...WIZARD_DEFAULTS, ...given } as WizardAnswers;
  } else {
    const p = prompts ?? (await inquirerPrompts(io));
    try {
      const subscriptions = given.subscriptionId ? [] : await listSubscriptions(o, io);
      answers = await runWizard(p, subscriptions, given);
    } catch (e) {
      if ((e as Error).name === 'ExitPromptError' || (e as Error).name === 'AbortPromptError') throw new InterruptedError('Cancelled: nothing was written.');
      throw e;
    }
  }
  const doc = configFromAnswers(answers);
  if (existsSync(file) && !o.force) {
    const overwrite = interactive ? await (prompts ?? (await inquirerPrompts(io))).confirm({ message: `${path.relative(io.cwd, file) || file} exists. Overwrite it?`, default: false }) : false;
    if (!overwrite) throw new UsageError(`${file} already exists.`, [{ path: '--file', message: 'exists' }], 'Pass --force to overwrite it, or -f <another file>.');
  }
  // Editor completion: point at the schema shipped with this installation.
  const schema = path.relative(path.dirname(file), fileURLToPath(new URL('../../templates/secure-aml.schema.json', import.meta.url)));
  const header = `# yaml-language-server: $schema=${schema}\n# Written by \`secure-aml init\`. Every key with its default and why: templates/secure-aml.example.yaml\n`;
  await writeFileAtomic(file, header + stringify(doc), { mode: 0o644 });
  io.stderr.write(`wrote ${file}\n`);
  const flags = [o.simulate ? `--simulate ${o.simulate}` : '', o.stateDir ? `--state-dir ${o.stateDir}` : ''].filter(Boolean).join(' ');
  const applyCommand = `secure-aml apply -c ${path.relative(io.cwd, file) || file}${flags ? ' ' + flags : ''}`;
  if (interactive) {
    // Show the plan on stderr (stdout stays the result), then offer to apply.
    const { plan } = await import('./plan.js');
    await plan({ ...o, config: file }, { ...io, stdout: io.stderr }).catch((e: Error) => { io.stderr.write(`plan: ${e.message}\n`); return 1; });
    const p = prompts ?? (await inquirerPrompts(io));
    const go = o.apply ?? (await p.confirm({ message: 'Apply it now?', default: false }));
    if (go) {
      const { apply } = await import('./apply.js');
      return apply({ ...o, config: file, yes: true }, io);
    }
  }
  io.stdout.write(o.output === 'json' ? JSON.stringify({ command: 'init', status: 'written', file, next: [applyCommand] }, null, 2) + '\n' : `${file}\nnext: ${applyCommand}\n`);
  return 0;
}

async function inquirerPrompts(io: Io): Promise<Prompts> {
  const m = await import('@inquirer/prompts');
  const ctx = { input: io.stdin, output: io.stderr };
  return {
    input: (opts) => m.input({ ...opts, validate: opts.validate }, ctx),
    select: (opts) => m.select({ ...opts, pageSize: 12 }, ctx) as never,
    confirm: (opts) => m.confirm(opts, ctx),
  };
}

/** The subscriptions the signed-in identity can see (for the first question). */
async function listSubscriptions(o: CommonOptions, io: Io): Promise<{ id: string; name: string }[]> {
  try {
    const target = resolveTarget(o, io, '00000000-0000-0000-0000-000000000000');
    const r = await armRequest<{ value?: { subscriptionId: string; displayName?: string }[] }>(createClients(target), 'GET', '/subscriptions', '2022-12-01');
    return (r.body?.value ?? []).map((s) => ({ id: s.subscriptionId, name: s.displayName ?? s.subscriptionId }));
  } catch {
    return []; // not signed in yet: ask for the id instead
  }
}
