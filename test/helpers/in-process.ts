// Runs the CLI's main() in this process with captured streams: for fuzzing thousands of inputs.
import { PassThrough } from 'node:stream';
import { main } from '../../src/cli.js';
import { makeIo, type Io } from '../../src/ui/io.js';

export async function runInProcess(argv: string[], cwd: string, env: Record<string, string | undefined> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += d));
  stderr.on('data', (d) => (err += d));
  const stdin = new PassThrough();
  const io: Io = makeIo({ stdin, stdout, stderr, env: { CI: 'true', NO_COLOR: '1', ...env }, cwd });
  const code = await main(argv, io);
  return { code, stdout: out, stderr: err };
}
