// SPEC.md promises that every error code the simulator can return appears in it, with its source.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src/simulator');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => {
    const p = path.join(dir, e);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('SPEC.md', () => {
  it('names every error code the simulator raises (ArmError, badRequest, notFound, conflict, and failed operations)', () => {
    const spec = readFileSync(path.join(ROOT, 'SPEC.md'), 'utf8');
    const raised = /(?:ArmError\(\s*\d{3}\s*,\s*|(?:badRequest|notFound|conflict)\(\s*)'([A-Z][A-Za-z0-9]+)'|\bcode: '([A-Z][A-Za-z0-9]+Error|[A-Z][A-Za-z0-9]*(?:Failed|NotFound|Invalid|Conflict|Exists|Denied|Required|NotSupported)[A-Za-z0-9]*)'/g;
    const codes = new Map<string, string>();
    for (const f of sources(ROOT)) for (const m of readFileSync(f, 'utf8').matchAll(raised)) codes.set(m[1] ?? m[2], path.relative(ROOT, f));
    expect(codes.size).toBeGreaterThan(100);
    const missing = [...codes].filter(([code]) => !spec.includes(code)).map(([code, file]) => `${code} (${file})`);
    expect(missing).toEqual([]);
  });
});
