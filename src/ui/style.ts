// Colour, only where a terminal shows it. Never in `-o json`, never in piped output; on a terminal
// `--no-color` and NO_COLOR turn it off, FORCE_COLOR turns it on (or off with 0) whatever TERM says.
import { Chalk, type ChalkInstance } from 'chalk';
import type { Io } from './io.js';

export interface StyleOptions {
  /** commander's `--no-color` sets this to false. */
  color?: boolean;
  /** The stream carries a JSON document. */
  json?: boolean;
}

export type ColorLevel = 0 | 1 | 2 | 3;

export function colorLevel(io: Pick<Io, 'env' | 'stdout' | 'stderr'>, stream: 'stdout' | 'stderr', opts: StyleOptions = {}): ColorLevel {
  if (opts.json) return 0;
  if (!io[stream].isTTY) return 0; // piped or redirected: never, whatever FORCE_COLOR says
  if (opts.color === false) return 0;
  const { NO_COLOR, FORCE_COLOR, TERM, COLORTERM } = io.env;
  if (NO_COLOR !== undefined && NO_COLOR !== '') return 0;
  if (FORCE_COLOR !== undefined) {
    if (FORCE_COLOR === '0' || FORCE_COLOR === 'false') return 0;
    return FORCE_COLOR === '2' ? 2 : FORCE_COLOR === '3' ? 3 : 1;
  }
  if (TERM === 'dumb') return 0;
  if (COLORTERM === 'truecolor' || COLORTERM === '24bit') return 3;
  return TERM && /256/.test(TERM) ? 2 : 1;
}

/** A chalk instance for one stream: plain strings when that stream shows no colour. */
export function styleFor(io: Pick<Io, 'env' | 'stdout' | 'stderr'>, stream: 'stdout' | 'stderr', opts: StyleOptions = {}): ChalkInstance {
  return new Chalk({ level: colorLevel(io, stream, opts) });
}

export const plain: ChalkInstance = new Chalk({ level: 0 });

export type Style = ChalkInstance;
