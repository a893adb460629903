// The one I/O host every command receives (DESIGN §3): stdout carries the result only; progress,
// prompts and logs go to stderr. Tests inject their own streams.
import type { Readable, Writable } from 'node:stream';

export interface Io {
  stdin: Readable & { isTTY?: boolean };
  stdout: Writable & { isTTY?: boolean; columns?: number };
  stderr: Writable & { isTTY?: boolean; columns?: number };
  env: Record<string, string | undefined>;
  cwd: string;
}

export function processIo(): Io {
  return { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
}

/** Interactive only when stdin and stdout are TTYs, not in CI, and --no-prompt is absent (azd/vercel). */
export function canPrompt(io: Io, noPrompt = false): boolean {
  const ci = io.env.CI !== undefined && io.env.CI !== '' && io.env.CI !== 'false';
  return !noPrompt && !ci && Boolean(io.stdin.isTTY) && Boolean(io.stdout.isTTY);
}

export function colorEnabled(io: Io): boolean {
  return io.env.NO_COLOR === undefined && Boolean(io.stderr.isTTY);
}

export function writeLine(stream: Writable, line = ''): void {
  stream.write(line + '\n');
}
