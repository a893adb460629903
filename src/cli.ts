// Command wiring only: each verb's module is imported lazily when it runs, so `--help` loads
// commander and nothing else. Exit codes are decided in one place (exitCodeFor).
import { Command, CommanderError, Option } from 'commander';
import { exitCodeFor, SecureAmlError, UsageError } from './errors.js';
import type { CommonOptions } from './options.js';
import { processIo, type Io } from './ui/io.js';
import { styleFor } from './ui/style.js';

const EXIT_CODES = `
Exit codes:
  0  success                      4  a step failed in Azure (state saved; run \`resume\`)
  1  unexpected failure           5  audit or verify findings
  2  usage or config error        6  no such environment/state
     (nothing was called)         8  declined at the confirmation prompt
  3  authentication failed        130  interrupted (Ctrl-C; state saved)`;

function common(cmd: Command, opts: { config?: boolean; yes?: boolean } = {}): Command {
  if (opts.config !== false) cmd.option('-c, --config <file>', 'config file (YAML or JSON)');
  cmd
    .option('-e, --env <name>', 'environment name (state file and the secure-aml-env tag); env SECURE_AML_ENV')
    .option('--subscription <id>', 'Azure subscription id; env AZURE_SUBSCRIPTION_ID')
    .option('--location <region>', 'Azure region, e.g. westeurope; env AZURE_LOCATION')
    .addOption(new Option('--egress <mode>', 'how compute reaches Azure services: firewall (default), nat or managed; env SECURE_AML_EGRESS').choices(['firewall', 'nat', 'managed']))
    .addOption(new Option('--access <mode>', 'how people reach the private workspace: none (default), bastion (Bastion + jumpbox) or vpn (point-to-site + DNS resolver); env SECURE_AML_ACCESS').choices(['none', 'bastion', 'vpn']))
    .option('--simulate <dir>', 'use the embedded ARM simulator whose cloud lives in <dir>; env SECURE_AML_SIMULATE')
    .option('--sim-time-scale <x>', 'simulator latency multiplier (1 = real Azure timings); env SECURE_AML_SIM_TIME_SCALE', undefined)
    .addOption(new Option('--sim-latency <mode>', 'simulator latencies: model medians or sampled; env SECURE_AML_SIM_LATENCY').choices(['median', 'sampled']))
    .option('--sim-seed <n>', 'seed for sampled simulator latencies')
    .option('--sim-faults <spec>', 'simulator fault injection, e.g. "rate=0.1,seed=7,kinds=429+500+503+reset+lro-failed"; env SECURE_AML_SIM_FAULTS')
    .option('--state-dir <dir>', 'where state files live', undefined)
    .addOption(new Option('-o, --output <format>', 'result format on stdout').choices(['text', 'json']).default('text'))
    .option('--concurrency <n>', 'steps run at once (default 10, as Terraform)')
    .option('--no-prompt', 'never prompt; fail listing what is missing')
    .option('--debug', 'print stack traces and SDK errors in full');
  if (opts.yes !== false) cmd.option('-y, --yes', 'do not ask for confirmation');
  return cmd;
}

/** A verb's options with the program's (--no-color) merged in. */
function withGlobals<T extends object>(o: T, cmd: Command): T {
  return { ...cmd.optsWithGlobals(), ...o };
}

export function buildProgram(io: Io, run: (p: Promise<number>) => void): Command {
  const program = new Command('secure-aml')
    .description('Provision a private, exfiltration-resistant Azure Machine Learning environment in one run, and tear it down again.')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .option('--no-color', 'no colour (also NO_COLOR); colour shows only on a terminal, never in -o json or piped output')
    .configureHelp({ showGlobalOptions: true })
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .exitOverride()
    .addHelpText('after', `
Examples:
  $ secure-aml apply -c secure-aml.yaml --simulate ./sim -y     try it against the embedded simulator
  $ secure-aml apply -c secure-aml.yaml                          provision in Azure (asks first)
  $ secure-aml resume -e dev                                     continue after a failure or Ctrl-C
  $ secure-aml sim dump --simulate ./sim                         every simulated resource as ARM JSON
${EXIT_CODES}`);

  common(program.command('init'), { config: false })
    .description('the wizard: ask for (or take as flags) what the environment needs, write the config file, show the plan, offer to apply')
    .option('-f, --file <path>', 'config file to write', 'secure-aml.yaml')
    .option('--name <short>', 'short name every resource name derives from (2-10 lowercase letters/digits)')
    .option('--address-space <cidr>', 'VNet address space (default 10.0.0.0/16)')
    .option('--training-subnet <cidr>', 'training subnet (default 10.0.1.0/24)')
    .option('--scoring-subnet <cidr>', 'scoring subnet (default 10.0.2.0/24)')
    .option('--pe-subnet <cidr>', 'private endpoint subnet (default 10.0.3.0/24)')
    .option('--cmk', 'encrypt with a customer-managed key (default)')
    .option('--no-cmk', 'do not encrypt with a customer-managed key')
    .option('--aks', 'a private AKS cluster for scoring (default)')
    .option('--no-aks', 'no AKS cluster for scoring')
    .option('--aks-tls-cname <host>', 'host name the AKS scoring endpoint answers to (default scoring.<name>.internal)')
    .option('--aks-tls-cert <file>', 'PEM certificate for that host name (required with AKS: the endpoint serves HTTPS only)')
    .option('--aks-tls-key <file>', 'PEM private key of --aks-tls-cert')
    .option('--vm-size <size>', 'compute cluster VM size (default Standard_DS3_v2)')
    .option('--it-admins <who>', 'IT admins: user principal names, group:<name> or object ids (comma-separated; prefix group: or sp: for ids)')
    .option('--data-scientists <who>', 'data scientists (same forms as --it-admins)')
    .option('--super-users <who>', 'data scientist super users (same forms as --it-admins)')
    .option('--force', 'overwrite an existing config file')
    .option('--apply', 'apply right after writing (on a terminal)')
    .addHelpText('after', `
Examples:
  $ secure-aml init                                             # asks, on a terminal
  $ secure-aml init --name mlsec --subscription $SUB --location westeurope --no-aks --no-prompt
  $ secure-aml init --name mlsec --subscription $SUB --location westeurope --no-prompt \\
      --aks-tls-cert scoring.crt --aks-tls-key scoring.key
${EXIT_CODES}`)
    .action((o: CommonOptions, cmd: Command) => run(import('../commands/init.js').then((m) => m.init(withGlobals(o, cmd), io))));

  common(program.command('apply'))
    .description('create or update the secure environment described by the config file')
    .option('--no-verify', 'skip the verify verdict at the end (for pipelines that run `verify` as their own gate)')
    .option('--enforce', 'Azure Policy assignments deny where the definition offers it, and remediate (policy.enforce; env SECURE_AML_POLICY_ENFORCE)')
    .addHelpText('after', `
Examples:
  $ secure-aml apply -c templates/secure-aml.example.yaml --simulate .secure-aml/sim -y
  $ AZURE_SUBSCRIPTION_ID=… secure-aml apply -c secure-aml.yaml -o json -y
${EXIT_CODES}`)
    .action((o: CommonOptions, cmd: Command) => run(import('../commands/apply.js').then((m) => m.apply(withGlobals(o, cmd), io))));

  common(program.command('resume'), { config: false })
    .description('continue an interrupted or failed apply from its state (re-attaches operations in flight)')
    .option('-c, --config <file>', 'config file (default: the one recorded in the state)')
    .option('--no-verify', 'skip the verify verdict at the end')
    .option('--enforce', 'as apply --enforce')
    .addHelpText('after', `
Examples:
  $ secure-aml resume -e dev
  $ secure-aml resume -e dev --simulate .secure-aml/sim -o json
${EXIT_CODES}`)
    .action((o: CommonOptions, cmd: Command) => run(import('../commands/resume.js').then((m) => m.resume(withGlobals(o, cmd), io))));

  common(program.command('plan'), { yes: false })
    .description('show what apply would create, update or leave, with the property diff; writes nothing')
    .option('--detailed-exitcode', 'exit 0 when there are no changes, 2 when there are, 1 on error (as Terraform)')
    .option('--enforce', 'plan with Azure Policy enforcement on (as apply --enforce)')
    .addHelpText('after', `
Examples:
  $ secure-aml plan -c secure-aml.yaml
  $ secure-aml plan -c secure-aml.yaml --detailed-exitcode -o json   # CI drift check
${EXIT_CODES}`)
    .action((o: CommonOptions, cmd: Command) => run(import('../commands/plan.js').then((m) => m.plan(withGlobals(o, cmd), io))));

  common(program.command('teardown'), { config: false })
    .description('delete what secure-aml created for the environment (reverse order; foreign resources are never touched)')
    .option('-c, --config <file>', 'config file (default: the one recorded in the state)')
    .option('--purge', 'delete the workspace permanently instead of soft-deleting it for 14 days')
    .addHelpText('after', `
Examples:
  $ secure-aml teardown -e dev                 # lists what it will delete and asks (default No)
  $ secure-aml teardown -e dev -y --purge      # CI: no prompt; free the workspace name at once
${EXIT_CODES}`)
    .action((o: CommonOptions, cmd: Command) => run(import('../commands/teardown.js').then((m) => m.teardown(withGlobals(o, cmd), io))));

  common(program.command('audit'), { config: false, yes: false })
    .description("read the environment back from ARM and check it against Microsoft's built-in Azure Policy definitions")
    .option('-c, --config <file>', 'config file (default: the one recorded in the state)')
    .addOption(new Option('--format <format>', 'text, SARIF 2.1.0 (one rule per policy definition, one result per non-compliant resource) or a markdown report with the verify matrix').choices(['text', 'sarif', 'markdown']).default('text'))
    .option('--scan', 'ask Azure Policy to evaluate the environment now and wait for it before reading the compliance states')
    .addHelpText('after', `
Examples:
  $ secure-aml audit -e dev
  $ secure-aml audit -e dev -o json        # exit 5 when a resource is non-compliant
  $ secure-aml audit -e dev --format sarif > audit.sarif
  $ secure-aml audit -e dev --format markdown > audit.md
  $ secure-aml audit -e dev --scan         # Azure's compliance states, evaluated now
${EXIT_CODES}`)
    .action((o: CommonOptions, cmd: Command) => run(import('../commands/audit.js').then((m) => m.audit(withGlobals(o, cmd), io))));

  common(program.command('verify'), { config: false, yes: false })
    .description('read the environment back from ARM and check that compute can reach what it needs, data cannot leave and the roles hold')
    .option('-c, --config <file>', 'config file (default: the one recorded in the state)')
    .addOption(new Option('--format <format>', 'text or SARIF 2.1.0 on stdout (sarif: one result per finding)').choices(['text', 'sarif']).default('text'))
    .addHelpText('after', `
Examples:
  $ secure-aml verify -e dev --simulate .secure-aml/sim
  $ secure-aml verify -e dev -o json              # exit 5 when a check does not hold
  $ secure-aml verify -e dev --format sarif > verify.sarif
${EXIT_CODES}`)
    .action((o: CommonOptions, cmd: Command) => run(import('../commands/verify.js').then((m) => m.verify(withGlobals(o, cmd), io))));

  common(program.command('status'), { config: false, yes: false })
    .description("each step's state, resource id, duration and last error (reads only the state file)")
    .addHelpText('after', `
Examples:
  $ secure-aml status -e dev
  $ secure-aml status -e dev -o json
${EXIT_CODES}`)
    .action((o: CommonOptions, cmd: Command) => run(import('../commands/status.js').then((m) => m.status(withGlobals(o, cmd), io))));

  const sim = program.command('sim').description('the embedded ARM simulator');
  sim
    .command('dump')
    .description('print every simulated resource as a JSON array of ARM GET bodies')
    .option('--simulate <dir>', 'simulator directory; env SECURE_AML_SIMULATE')
    .addHelpText('after', `
Examples:
  $ secure-aml sim dump --simulate .secure-aml/sim
  $ secure-aml sim dump --simulate .secure-aml/sim | jq '.[] | select(.type == "Microsoft.Network/virtualNetworks")'`)
    .action((o: { simulate?: string }, cmd: Command) => run(import('../commands/sim-dump.js').then((m) => m.simDump(withGlobals(o, cmd), io))));

  sim
    .command('serve')
    .description('serve the simulator over HTTPS on 127.0.0.1 for any ARM client; prints its URL and the CA to trust')
    .option('--simulate <dir>', 'simulator directory (shared with --simulate runs); env SECURE_AML_SIMULATE')
    .option('--port <n>', 'port (default: any free port)')
    .option('--tls-cert <file>', 'PEM certificate (default: a generated self-signed one)')
    .option('--tls-key <file>', 'PEM private key for --tls-cert')
    .option('--sim-time-scale <x>', 'latency multiplier (default 1: real Azure timings)')
    .addOption(new Option('--sim-latency <mode>', 'model medians or sampled').choices(['median', 'sampled']))
    .option('--sim-faults <spec>', 'fault injection, e.g. "rate=0.1,seed=7"')
    .addOption(new Option('-o, --output <format>', 'text or json').choices(['text', 'json']).default('text'))
    .addHelpText('after', `
Examples:
  $ secure-aml sim serve --simulate .secure-aml/sim --port 8443
  $ NODE_EXTRA_CA_CERTS=.secure-aml/sim/ca.pem node my-arm-script.js`)
    .action((o: Record<string, string>, cmd: Command) => run(import('../commands/sim-serve.js').then((m) => m.simServe(withGlobals(o, cmd), io))));

  return program;
}

export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  let pending: Promise<number> | undefined;
  const program = buildProgram(io, (p) => { pending = p; });
  try {
    await program.parseAsync(argv, { from: 'user' });
    if (!pending) return 0;
    return await pending;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return 0;
      return 2;
    }
    return reportError(err, io, argv.includes('--debug'), !argv.includes('--no-color'));
  }
}

export function reportError(err: unknown, io: Io, debug: boolean, color = true): number {
  const code = exitCodeFor(err);
  const style = styleFor(io, 'stderr', { color });
  if (err instanceof SecureAmlError) {
    io.stderr.write(`${style.red.bold('error:')} ${err.message}\n`);
    if (err.hint) io.stderr.write(`${style.bold(err instanceof UsageError ? 'fix:' : 'next:')} ${err.hint}\n`);
  } else {
    io.stderr.write(`${style.red.bold('error:')} ${err instanceof Error ? err.message : String(err)}\n`);
  }
  if (debug && err instanceof Error && err.stack) io.stderr.write(err.stack + '\n');
  return code;
}
