// Checks a simulator dump against test/fixtures/reference-resources.json (the secure baseline; see
// test/fixtures/README.md): for an entry, some resource of its type must carry every required
// property. `<...>` placeholders match any non-empty value; `<region>` is the configured region.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../helpers/cli.js';

export interface ReferenceEntry { id: string; type: string; condition: string; requiredProperties: Record<string, unknown> }

export const REFERENCE_FILE = path.join(ROOT, 'test/fixtures/reference-resources.json');

/** The baseline's entries. The fixture is part of the repository: a missing or unreadable file throws. */
export function loadReference(): ReferenceEntry[] {
  const entries = JSON.parse(readFileSync(REFERENCE_FILE, 'utf8')) as unknown;
  if (!Array.isArray(entries) || entries.length === 0) throw new Error(`${REFERENCE_FILE}: expected a non-empty array of entries`);
  return entries as ReferenceEntry[];
}

type Json = unknown;

/** Resolves a reference path (`a.b[name=x].c`, `a[0]`, `a[*].b`) to the values it reaches. */
export function resolvePath(obj: Json, p: string): Json[] {
  const tokens = p.match(/[^.[\]]+|\[[^\]]*\]/g) ?? [];
  let cur: Json[] = [obj];
  for (const t of tokens) {
    const next: Json[] = [];
    for (const v of cur) {
      if (v === undefined || v === null) continue;
      if (t.startsWith('[')) {
        const inner = t.slice(1, -1);
        if (!Array.isArray(v)) continue;
        if (inner === '*') next.push(...v);
        else if (/^\d+$/.test(inner)) next.push(v[Number(inner)]);
        else {
          const [k, want] = inner.split('=');
          next.push(...v.filter((x) => x && typeof x === 'object' && String((x as Record<string, unknown>)[k]).toLowerCase() === want.toLowerCase()));
        }
      } else if (typeof v === 'object') {
        next.push((v as Record<string, unknown>)[t]);
      }
    }
    cur = next;
  }
  return cur.filter((v) => v !== undefined);
}

function matches(actual: Json, expected: Json, region: string): boolean {
  if (typeof expected === 'string') {
    if (typeof actual !== 'string' && typeof actual !== 'number' && typeof actual !== 'boolean') return false;
    const pattern = '^' + expected.split(/(<[^>]+>)/).map((part) => {
      if (part === '<region>') return region.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      if (/^<[^>]+>$/.test(part)) return '.+';
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    }).join('') + '$';
    return new RegExp(pattern, 'i').test(String(actual));
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return false;
    return expected.every((e) => actual.some((a) => matches(a, e, region)));
  }
  return actual === expected;
}

/** Failing paths of one entry against one resource. */
export function failures(resource: Json, entry: ReferenceEntry, region: string, skip: (p: string) => boolean): string[] {
  const bad: string[] = [];
  for (const [p, expected] of Object.entries(entry.requiredProperties)) {
    if (skip(p)) continue;
    const values = resolvePath(resource, p);
    if (p.includes('[*]') && Array.isArray(expected)) {
      // "each config points at a zone": placeholders only say there are some.
      if (values.length === 0) bad.push(`${p}: missing`);
      continue;
    }
    if (values.length === 0) { bad.push(`${p}: missing`); continue; }
    if (!values.some((v) => matches(v, expected, region))) bad.push(`${p}: ${JSON.stringify(values)} does not match ${JSON.stringify(expected)}`);
  }
  return bad;
}
