// The one I/O host every command receives (DESIGN §3): stdout carries the result only; progress,
// prompts and logs go to stderr. Prompts and signals go through it too, so a test can answer the
// questions from a script, pose as a terminal and press Ctrl-C (test/helpers/test-io.ts).
import type { Readable, Writable } from 'node:stream';
import { InterruptedError } from '../errors.js';

/** The questions the tool asks: confirm (apply, teardown, init), select and input (the init wizard). */
export interface Prompter {
  confirm(opts: { message: string; default?: boolean }): Promise<boolean>;
  select<T extends string>(opts: { message: string; choices: { name: string; value: T }[]; default?: T }): Promise<T>;
  input(opts: { message: string; default?: string; validate?: (v: string) => true | string }): Promise<string>;
}

export type SignalName = 'SIGINT' | 'SIGTERM';

export interface Io {
  stdin: Readable & { isTTY?: boolean };
  stdout: Writable & { isTTY?: boolean; columns?: number };
  stderr: Writable & { isTTY?: boolean; columns?: number };
  env: Record<string, string | undefined>;
  cwd: string;
  /** Questions, on stdin and stderr. Ask only when canPrompt() says so. */
  prompt: Prompter;
  /** Called on SIGINT / SIGTERM until the returned function unsubscribes it. */
  onSignal(handler: (signal: SignalName) => void): () => void;
  /** Leave at once with this exit code (a second Ctrl-C while calls settle). */
  exit(code: number): void;
}

/** The streams and environment of an Io; `prompt`, `onSignal` and `exit` get defaults. */
export type IoStreams = Pick<Io, 'stdin' | 'stdout' | 'stderr' | 'env' | 'cwd'>;

/** @inquirer/prompts reading `input` and drawing on `output` (loaded on first use, never for --help). */
export function inquirerPrompter(input: Readable, output: Writable): Prompter {
  const context = { input, output };
  const ask = async <T>(run: (m: typeof import('@inquirer/prompts')) => Promise<T>): Promise<T> => {
    const m = await import('@inquirer/prompts');
    try {
      return await run(m);
    } catch (e) {
      // Ctrl-C at a prompt (raw mode: a key, not a signal) or a closed stdin.
      if ((e as Error).name === 'ExitPromptError' || (e as Error).name === 'AbortPromptError') throw new InterruptedError('Cancelled at the prompt: nothing was changed.');
      throw e;
    }
  };
  return {
    confirm: (o) => ask((m) => m.confirm(o, context)),
    select: <T extends string>(o: { message: string; choices: { name: string; value: T }[]; default?: T }) => ask((m) => m.select<T>({ ...o, pageSize: 12 }, context)),
    input: (o) => ask((m) => m.input({ message: o.message, default: o.default, validate: o.validate }, context)),
  };
}

/** An Io over the given streams: inquirer prompts on them, no signals, exit ignored (in-process runs). */
export function makeIo(streams: IoStreams, extra: Partial<Pick<Io, 'prompt' | 'onSignal' | 'exit'>> = {}): Io {
  return {
    ...streams,
    prompt: extra.prompt ?? inquirerPrompter(streams.stdin, streams.stderr),
    onSignal: extra.onSignal ?? (() => () => {}),
    exit: extra.exit ?? (() => {}),
  };
}

export function processIo(): Io {
  return makeIo({ stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() }, {
    onSignal(handler) {
      const onInt = () => handler('SIGINT');
      const onTerm = () => handler('SIGTERM');
      process.on('SIGINT', onInt);
      process.on('SIGTERM', onTerm);
      return () => {
        process.off('SIGINT', onInt);
        process.off('SIGTERM', onTerm);
      };
    },
    exit: (code) => process.exit(code),
  });
}

/**
 * Interactive only when stdin and stdout are TTYs, the terminal can draw a prompt (not TERM=dumb),
 * not in CI, and --no-prompt is absent (azd/vercel).
 */
export function canPrompt(io: Io, noPrompt = false): boolean {
  const ci = io.env.CI !== undefined && io.env.CI !== '' && io.env.CI !== 'false';
  return !noPrompt && !ci && io.env.TERM !== 'dumb' && Boolean(io.stdin.isTTY) && Boolean(io.stdout.isTTY);
}

