// SPEC.md promises that every error code the simulator can return appears in it, with its source; issue 13
// adds that each one is exercised by a test. Codes are read off the sources: ARM's (ArmError, badRequest,
// notFound, conflict, failed operations), Microsoft Graph's (graph.ts, directory.ts) and Entra's (entra.ts).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../../src/simulator');
const TESTS = path.resolve(HERE, '..');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => {
    const p = path.join(dir, e);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

const ARM = /(?:ArmError\(\s*\d{3}\s*,\s*|(?:badRequest|notFound|conflict)\(\s*)'([A-Z][A-Za-z0-9]+)'|\bcode: '([A-Z][A-Za-z0-9]+Error|[A-Z][A-Za-z0-9]*(?:Failed|NotFound|Invalid|Conflict|Exists|Denied|Required|NotSupported)[A-Za-z0-9]*)'/g;
const GRAPH = /(?:graphError|err)\(\s*\d{3}\s*,\s*'([A-Za-z_]+)'/g;
const ENTRA = /aadError\(\s*\d{3}\s*,\s*'[a-z_]+'\s*,\s*(\d+)/g;

/** Every code raised, with the file that raises it (Entra's as AADSTS<n>). */
function raisedCodes(): Map<string, string> {
  const codes = new Map<string, string>();
  for (const f of files(ROOT)) {
    const text = readFileSync(f, 'utf8');
    const rel = path.relative(ROOT, f);
    for (const m of text.matchAll(ARM)) codes.set(m[1] ?? m[2], rel);
    for (const m of text.matchAll(GRAPH)) codes.set(m[1], rel);
    for (const m of text.matchAll(ENTRA)) codes.set(`AADSTS${m[1]}`, rel);
  }
  return codes;
}

describe('SPEC.md and the tests', () => {
  const codes = raisedCodes();

  it('names every error code the simulator raises', () => {
    const spec = readFileSync(path.join(ROOT, 'SPEC.md'), 'utf8');
    expect(codes.size).toBeGreaterThan(100);
    const missing = [...codes].filter(([code]) => !spec.includes(code)).map(([code, file]) => `${code} (${file})`);
    expect(missing).toEqual([]);
  });

  it('has a test that names each code (the simulator returns it in that test)', () => {
    const self = fileURLToPath(import.meta.url);
    const tests = files(TESTS).filter((f) => f !== self).map((f) => readFileSync(f, 'utf8')).join('\n');
    const untested = [...codes].filter(([code]) => !tests.includes(code.startsWith('AADSTS') ? code.slice(6) : code)).map(([code, file]) => `${code} (${file})`);
    expect(untested).toEqual([]);
  });
});
