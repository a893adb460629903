// A test Io: answers prompts from a script, records every question and everything written to
// stdout and stderr (in order), can pose as a terminal, and can fire SIGINT / SIGTERM.
import { PassThrough, Writable } from 'node:stream';
import { main } from '../../src/cli.js';
import type { Io, Prompter, SignalName } from '../../src/ui/io.js';

/** One scripted answer: `message` (substring or pattern) must match the question asked. */
export interface Answer {
  message?: string | RegExp;
  /** The answer; undefined takes the prompt's default (as Enter does). A function sees the question. */
  answer?: unknown | ((q: Asked) => unknown);
}

export interface Asked {
  kind: 'confirm' | 'select' | 'input';
  message: string;
  default?: unknown;
  choices?: string[];
  /** What was answered. */
  answer?: unknown;
  /** Validation messages of answers the prompt refused. */
  rejected?: string[];
}

export type Event = { kind: 'stdout' | 'stderr'; text: string } | { kind: 'prompt'; asked: Asked };

export interface TestIo extends Io {
  readonly asked: Asked[];
  readonly events: Event[];
  /** Everything written to stdout / stderr so far. */
  out(): string;
  err(): string;
  /** stdout, stderr and the questions (as `? message`) in the order they happened. */
  transcript(): string;
  /** Fire a signal at the handlers registered with onSignal. */
  signal(name?: SignalName): void;
  /** Exit codes passed to io.exit (a second Ctrl-C). */
  readonly exits: number[];
}

export interface TestIoOptions {
  cwd: string;
  /** Environment (nothing of process.env leaks in). */
  env?: Record<string, string | undefined>;
  /** Pose as a terminal: stdin, stdout and stderr are TTYs. */
  tty?: boolean;
  /** stderr a TTY too (default: as `tty`). */
  stderrTty?: boolean;
  columns?: number;
  /** Answers, in order. A question with no answer left fails the test. */
  answers?: Answer[];
}

/** A stream that records each write as it happens (synchronously, so the order with prompts holds). */
class Recorder extends Writable {
  isTTY?: boolean;
  columns?: number;
  rows?: number;
  constructor(private readonly record: (text: string) => void) { super(); }
  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: (e?: Error | null) => void): void {
    this.record(chunk.toString());
    done();
  }
}

class Input extends PassThrough {
  isTTY?: boolean;
}

export function testIo(opts: TestIoOptions): TestIo {
  const events: Event[] = [];
  const asked: Asked[] = [];
  const exits: number[] = [];
  const script = [...(opts.answers ?? [])];
  const handlers = new Set<(s: SignalName) => void>();
  const stream = (kind: 'stdout' | 'stderr') => {
    const s = new Recorder((text) => events.push({ kind, text }));
    if (kind === 'stderr' ? opts.stderrTty ?? opts.tty : opts.tty) { s.isTTY = true; s.columns = opts.columns ?? 100; s.rows = 40; }
    return s;
  };
  const stdin = new Input();
  if (opts.tty) stdin.isTTY = true;
  const stdout = stream('stdout');
  const stderr = stream('stderr');

  const ask = (q: Asked, validate?: (v: string) => true | string): unknown => {
    asked.push(q);
    events.push({ kind: 'prompt', asked: q });
    const next = script.shift();
    if (!next) throw new Error(`unscripted question: "${q.message}"`);
    if (next.message !== undefined && !(typeof next.message === 'string' ? q.message.includes(next.message) : next.message.test(q.message))) {
      throw new Error(`expected a question matching ${String(next.message)}, was asked "${q.message}"`);
    }
    let value = typeof next.answer === 'function' ? (next.answer as (q: Asked) => unknown)(q) : next.answer;
    if (value === undefined) value = q.default ?? (q.kind === 'input' ? '' : undefined);
    if (validate) {
      const verdict = validate(String(value));
      if (verdict !== true) {
        q.rejected = [...(q.rejected ?? []), verdict];
        throw new Error(`scripted answer "${String(value)}" to "${q.message}" was refused: ${verdict}`);
      }
    }
    q.answer = value;
    return value;
  };

  const prompt: Prompter = {
    async confirm(o) { return Boolean(ask({ kind: 'confirm', message: o.message, default: o.default })); },
    async select<T extends string>(o: { message: string; choices: { name: string; value: T }[]; default?: T }) {
      const v = ask({ kind: 'select', message: o.message, default: o.default ?? o.choices[0]?.value, choices: o.choices.map((c) => c.value) }) as T;
      if (!o.choices.some((c) => c.value === v)) throw new Error(`"${v}" is not a choice of "${o.message}"`);
      return v;
    },
    async input(o) { return String(ask({ kind: 'input', message: o.message, default: o.default }, o.validate)); },
  };

  const text = (kind: 'stdout' | 'stderr') => events.flatMap((e) => (e.kind === kind ? [e.text] : [])).join('');
  return {
    stdin, stdout, stderr, env: { ...(opts.env ?? {}) }, cwd: opts.cwd,
    prompt,
    onSignal(handler) {
      handlers.add(handler);
      return () => { handlers.delete(handler); };
    },
    exit(code) { exits.push(code); },
    asked, events, exits,
    out: () => text('stdout'),
    err: () => text('stderr'),
    transcript: () => events.map((e) => (e.kind === 'prompt' ? `? ${e.asked.message}\n` : e.text)).join(''),
    signal(name = 'SIGINT') { for (const h of [...handlers]) h(name); },
  };
}

/** Run the CLI in this process on a test Io; resolves with the exit code. */
export function run(argv: string[], io: TestIo): Promise<number> {
  return main(argv, io);
}
