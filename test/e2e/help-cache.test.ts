// The launcher answers --help from dist/help.json (rendered at build time by the real program, so
// --help never pays for the ES module loader). It must say exactly what the program says.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli, tmpDir } from '../helpers/cli.js';
import { runInProcess } from '../helpers/in-process.js';

describe('cached help', () => {
  const cached = JSON.parse(readFileSync(path.join(ROOT, 'dist/help.json'), 'utf8')) as Record<string, string>;

  it('covers every command and matches the live program word for word', async () => {
    expect(Object.keys(cached).sort()).toEqual(['', 'apply', 'audit', 'init', 'plan', 'resume', 'sim', 'sim dump', 'sim serve', 'status', 'teardown', 'verify']);
    const cwd = await tmpDir();
    for (const [words, text] of Object.entries(cached)) {
      const live = await runInProcess([...(words ? words.split(' ') : []), '--help'], cwd);
      expect(live.code).toBe(0);
      expect(live.stdout, `help of "${words}"`).toBe(text);
    }
  });

  it('the binary prints it; anything else still runs the full CLI', async () => {
    const cwd = await tmpDir();
    const r = await runCli(['teardown', '--help'], { cwd });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(cached.teardown);
    const version = await runCli(['--version'], { cwd });
    expect(version.stdout.trim()).toBe('0.1.0');
    const bad = await runCli(['tear'], { cwd });
    expect(bad.code).toBe(2);
  });
});
