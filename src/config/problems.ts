// Small helpers shared by the config modules: how a bad value is quoted, how a path is written,
// and "did you mean ...?" suggestions.
import type { Problem } from '../errors.js';

/**
 * A problem found by a cross-field check. `involves` lists every config path whose value the
 * check read, so a check that ran on a repaired stand-in value can be dropped (load.ts).
 */
export interface Finding extends Problem {
  involves?: string[];
}

/** The bad value as the user wrote it: strings in double quotes, everything else as JSON. */
export function quote(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return JSON.stringify(value);
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

const IDENT = /^[A-Za-z_$][\w$-]*$/;

/** `['network', 'subnets', 'training']` → `network.subnets.training`; indices as `[0]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else {
      const s = String(seg);
      out += IDENT.test(s) ? (out ? `.${s}` : s) : `[${JSON.stringify(s)}]`;
    }
  }
  return out;
}

export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}

const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');

/**
 * The candidate the user most likely meant, or undefined when nothing is close. Case, spaces,
 * hyphens and underscores are ignored first ("West Europe" → "westeurope"), then small typos.
 */
export function closest(input: string, candidates: readonly string[]): string | undefined {
  const n = norm(input);
  if (!n) return undefined;
  const exact = candidates.find((c) => norm(c) === n);
  if (exact) return exact;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = levenshtein(n, norm(c));
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  const allowed = Math.max(1, Math.floor(n.length / 3));
  return bestDistance <= allowed ? best : undefined;
}

export function didYouMean(input: string, candidates: readonly string[]): string {
  const c = closest(input, candidates);
  return c === undefined ? '' : ` (did you mean "${c}"?)`;
}

/** Drop `involves` so only `{ path, message }` leaves the config module. */
export function toProblems(findings: readonly Finding[]): Problem[] {
  return findings.map(({ path, message }) => ({ path, message }));
}
