// `resume`: continue from the state of an interrupted or failed run: pending operations are
// re-attached by their saved pollers, finished steps read back as in sync, the rest runs.
import path from 'node:path';
import { NoStateError } from '../src/errors.js';
import type { CommonOptions } from '../src/options.js';
import { readState, statePath } from '../src/state/state.js';
import type { Io } from '../src/ui/io.js';
import { runConverge } from './apply.js';
import { openSession } from './support/session.js';

export async function resume(o: CommonOptions, io: Io): Promise<number> {
  const envName = o.env ?? io.env.SECURE_AML_ENV ?? 'dev';
  const stateDir = path.resolve(io.cwd, o.stateDir ?? '.secure-aml');
  const prior = await readState(statePath(stateDir, envName));
  if (!prior) throw new NoStateError(`No state for environment "${envName}" in ${stateDir}.`, 'Check -e and --state-dir, or start with `secure-aml apply -c <config>`.');
  const configFile = o.config ?? prior.configFile;
  if (!configFile) throw new NoStateError(`The state of "${envName}" records no config file.`, 'Pass it with -c <file>.');
  const pending = Object.entries(prior.steps).filter(([, r]) => r.status === 'pending' || r.status === 'failed');
  for (const [id, r] of pending) {
    io.stderr.write(`resume: ${id} was ${r.status}${r.poller ? ' with an operation in flight (re-attaching)' : ''}${r.error ? ` (${r.error.code ?? 'error'}: ${r.error.message})` : ''}\n`);
  }
  const done = Object.entries(prior.steps).filter(([, r]) => r.status === 'done').map(([id]) => id);
  if (done.length) io.stderr.write(`resume: ${done.length} step(s) already done (${done.join(', ')}); each is read once to confirm, nothing is rewritten\n`);
  const session = await openSession({ ...o, env: envName }, io, 'resume', configFile);
  try {
    return await runConverge(session, o, io, 'resume');
  } finally {
    await session.close();
  }
}
