// Names are a plain record keyed by what each module derives (steps/<x>.ts `names`), so the compiler
// cannot catch `env.names.storag`. This reads every `names.<key>` the tool's code uses and checks a
// module derives it, so a typo or a removed name fails here instead of sending `undefined` to ARM.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { deriveNames } from '../../src/config/naming.js';
import { validateConfig } from '../../src/config/load.js';
import { ROOT } from '../helpers/cli.js';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('names the code reads', () => {
  it('are all derived by some module', () => {
    const { config } = validateConfig({ name: 'mlsec', subscriptionId: '00000000-0000-0000-0000-000000000001', location: 'westeurope' });
    const derived = new Set(Object.keys(deriveNames(config)));
    const used = new Set<string>();
    for (const file of ['steps', 'src/app', 'src/audit', 'commands'].flatMap((d) => sources(path.join(ROOT, d)))) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\benv\.names\.([A-Za-z]+)\b|\bnames\.([A-Za-z]+)\b(?!\()/g)) used.add(m[1] ?? m[2]);
    }
    // Array/Set members that happen to be called `names` in other code.
    for (const notAName of ['add', 'join', 'length', 'map', 'has']) used.delete(notAName);
    expect(used.size).toBeGreaterThan(10);
    expect([...used].filter((k) => !derived.has(k))).toEqual([]);
  });
});
