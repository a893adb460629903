// `sim dump`: every resource in the simulated cloud as ARM GET bodies (a JSON array on stdout).
import { dumpSimulator } from '../src/app/simulator.js';
import type { Io } from '../src/ui/io.js';

export async function simDump(o: { simulate?: string }, io: Io): Promise<number> {
  io.stdout.write(JSON.stringify(await dumpSimulator(o, io), null, 2) + '\n');
  return 0;
}
