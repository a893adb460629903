// Verbs that continue an environment (resume, teardown, plan without -c) find its config file in
// the state, so the user only names the environment.
import path from 'node:path';
import { NoStateError } from '../../src/errors.js';
import type { CommonOptions } from '../../src/options.js';
import { readState, statePath, type StateDoc } from '../../src/state/state.js';
import type { Io } from '../../src/ui/io.js';

export async function priorState(o: CommonOptions, io: Io): Promise<{ envName: string; stateDir: string; state: StateDoc | undefined; file: string }> {
  const envName = o.env ?? io.env.SECURE_AML_ENV ?? 'dev';
  const stateDir = path.resolve(io.cwd, o.stateDir ?? '.secure-aml');
  const file = statePath(stateDir, envName);
  return { envName, stateDir, state: await readState(file), file };
}

export async function configFileFor(o: CommonOptions, io: Io, verb: string): Promise<{ configFile: string; state: StateDoc }> {
  const { envName, stateDir, state } = await priorState(o, io);
  if (!state) throw new NoStateError(`No state for environment "${envName}" in ${stateDir}.`, `Check -e and --state-dir; ${verb} works on an environment created by \`secure-aml apply\`.`);
  const configFile = o.config ?? state.configFile;
  if (!configFile) throw new NoStateError(`The state of "${envName}" records no config file.`, 'Pass it with -c <file>.');
  return { configFile, state };
}
