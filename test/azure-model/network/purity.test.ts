// The network model is a pure library: node built-ins and ipaddr.js only, nothing else of the project.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const dir = new URL('../../../src/azure-model/network/', import.meta.url);

describe('src/azure-model/network', () => {
  it('imports only its own files, node built-ins and ipaddr.js', () => {
    const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      const source = readFileSync(new URL(file, dir), 'utf8');
      for (const [, spec] of source.matchAll(/from\s+'([^']+)'/g)) {
        expect(spec === 'ipaddr.js' || spec?.startsWith('node:') || /^\.\/[\w-]+\.js$/.test(spec ?? ''), `${file}: ${spec}`).toBe(true);
      }
    }
  });
});
