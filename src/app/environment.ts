// Verbs that continue an environment (resume, teardown, audit, status, plan without -c) find it by
// name in the state directory, and its config file in the state, so the user only names it.
import path from 'node:path';
import { NoStateError } from '../errors.js';
import type { CommonOptions } from '../options.js';
import { readState, statePath, type StateDoc } from '../state/state.js';
import type { Io } from '../ui/io.js';

export async function priorState(o: CommonOptions, io: Pick<Io, 'env' | 'cwd'>): Promise<{ envName: string; stateDir: string; state: StateDoc | undefined; file: string }> {
  const envName = o.env ?? io.env.SECURE_AML_ENV ?? 'dev';
  const stateDir = path.resolve(io.cwd, o.stateDir ?? '.secure-aml');
  const file = statePath(stateDir, envName);
  return { envName, stateDir, state: await readState(file), file };
}

/** The state of the named environment and the config file to use with it (exit 6 without either). */
export async function configFileFor(o: CommonOptions, io: Pick<Io, 'env' | 'cwd'>, verb: string, hint?: string): Promise<{ configFile: string; state: StateDoc }> {
  const { envName, stateDir, state } = await priorState(o, io);
  if (!state) throw new NoStateError(`No state for environment "${envName}" in ${stateDir}.`, hint ?? `Check -e and --state-dir; ${verb} works on an environment created by \`secure-aml apply\`.`);
  const configFile = o.config ?? state.configFile;
  if (!configFile) throw new NoStateError(`The state of "${envName}" records no config file.`, 'Pass it with -c <file>.');
  return { configFile, state };
}
