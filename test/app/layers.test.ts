// The command layer parses options and renders what the use cases (src/app) return: no file under
// commands/ imports the Azure, state or simulator layers, and none names a step id.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { steps } from '../../steps/index.js';
import { ROOT } from '../helpers/cli.js';

const COMMANDS = path.join(ROOT, 'commands');
const FORBIDDEN = ['src/azure', 'src/state', 'src/simulator'];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? files(p) : /\.[cm]?[jt]s$/.test(f) ? [p] : [];
  });
}

/** Every module specifier: static imports and re-exports, dynamic import(), require(). */
export function importSpecifiers(source: string): string[] {
  const found: string[] = [];
  const patterns = [
    /\bimport\s+(?:type\s+)?(?:[\w*{}\s,$]+?\s+from\s+)?['"]([^'"]+)['"]/g,
    /\bexport\s+(?:type\s+)?[\w*{}\s,$]*?\s+from\s+['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const re of patterns) for (const m of source.matchAll(re)) found.push(m[1]);
  return found;
}

describe('layers', () => {
  const sources = files(COMMANDS).map((file) => ({ file: path.relative(ROOT, file), text: readFileSync(file, 'utf8') }));

  it('finds the command files and their imports (the check can fail)', () => {
    expect(sources.map((s) => s.file)).toContain('commands/apply.ts');
    expect(importSpecifiers(`import { a } from '../src/azure/x.js';\nimport type { B } from "../src/state/y.js";\nconst m = await import('../src/simulator/z.js');\nexport * from '../src/state/w.js';`))
      .toEqual(['../src/azure/x.js', '../src/state/y.js', '../src/state/w.js', '../src/simulator/z.js']);
  });

  it('no file under commands/ imports src/azure, src/state or src/simulator', () => {
    const offending: string[] = [];
    for (const { file, text } of sources) {
      for (const spec of importSpecifiers(text)) {
        if (!spec.startsWith('.')) continue;
        const target = path.relative(ROOT, path.resolve(path.dirname(path.join(ROOT, file)), spec)).split(path.sep).join('/');
        if (FORBIDDEN.some((f) => target === f || target.startsWith(f + '/'))) offending.push(`${file}: ${spec}`);
      }
    }
    expect(offending).toEqual([]);
  });

  it('no command names a step id', () => {
    const ids = new Set(steps.map((s) => s.id));
    const named: string[] = [];
    for (const { file, text } of sources) {
      for (const m of text.matchAll(/(['"`])([a-z][a-z0-9-]*)\1/g)) if (ids.has(m[2])) named.push(`${file}: ${m[0]}`);
      for (const m of text.matchAll(/(['"`])(pe|dns|nsg|cmk)-/g)) named.push(`${file}: ${m[0]} (a step id prefix)`);
    }
    expect(named).toEqual([]);
  });
});

// The simulator stands in for Azure and must not know the tool it tests. It may use the two libraries of
// Azure knowledge that import nothing of the tool themselves: src/azure-model (network and RBAC models,
// documented requirements) and src/audit (the Azure Policy language evaluator).
describe('the simulator knows nothing of the tool', () => {
  const ALLOWED: Record<string, string[]> = {
    'src/simulator': ['src/simulator', 'src/azure-model', 'src/audit'],
    'src/azure-model': ['src/azure-model'],
    'src/audit': ['src/audit'],
  };
  const outside = (dir: string): string[] => files(path.join(ROOT, dir)).flatMap((file) =>
    importSpecifiers(readFileSync(file, 'utf8')).filter((s) => s.startsWith('.')).flatMap((spec) => {
      const target = path.relative(ROOT, path.resolve(path.dirname(file), spec)).split(path.sep).join('/');
      return ALLOWED[dir].some((a) => target === a || target.startsWith(`${a}/`)) ? [] : [`${path.relative(ROOT, file)}: ${spec}`];
    }));

  it('src/simulator imports only itself, src/azure-model and src/audit; those two only themselves', () => {
    for (const dir of Object.keys(ALLOWED)) expect(outside(dir), dir).toEqual([]);
  });

  it('the check can fail', () => {
    expect(importSpecifiers("import { steps } from '../../steps/index.js';")).toEqual(['../../steps/index.js']);
  });
});
