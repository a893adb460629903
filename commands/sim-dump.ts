// `sim dump`: every resource in the simulated cloud as ARM GET bodies (a JSON array on stdout).
import path from 'node:path';
import { UsageError } from '../src/errors.js';
import type { Io } from '../src/ui/io.js';

export async function simDump(o: { simulate?: string }, io: Io): Promise<number> {
  const dir = o.simulate ?? io.env.SECURE_AML_SIMULATE;
  if (!dir) throw new UsageError('sim dump needs the simulator directory.', [{ path: '--simulate', message: 'required' }], 'Pass --simulate <dir> or set SECURE_AML_SIMULATE.');
  const { ArmSimulator } = await import('../src/simulator/index.js');
  const sim = await ArmSimulator.open({ dir: path.resolve(io.cwd, dir) });
  io.stdout.write(JSON.stringify(await sim.dump(), null, 2) + '\n');
  return 0;
}
