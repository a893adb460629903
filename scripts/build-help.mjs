// Build step: render every command's --help once, with the real commander program, into
// dist/help.json, so the launcher answers --help without starting the ES module loader
// (on Node 20 that alone costs more than the whole --help budget). test/e2e/help-cache checks it.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { buildProgram } = await import(path.join(root, 'dist/src/cli.js'));

function helpOf(words) {
  let out = '';
  const stdout = new PassThrough();
  stdout.on('data', (d) => (out += d));
  const io = { stdin: new PassThrough(), stdout, stderr: new PassThrough(), env: {}, cwd: root };
  const program = buildProgram(io, () => {});
  let cmd = program;
  for (const w of words) cmd = cmd.commands.find((c) => c.name() === w);
  cmd.outputHelp();
  return out;
}

const entries = { '': helpOf([]) };
const walk = (cmd, words) => {
  for (const c of cmd.commands) {
    const w = [...words, c.name()];
    entries[w.join(' ')] = helpOf(w);
    walk(c, w);
  }
};
walk(buildProgram({ stdin: new PassThrough(), stdout: new PassThrough(), stderr: new PassThrough(), env: {}, cwd: root }, () => {}), []);
writeFileSync(path.join(root, 'dist/help.json'), JSON.stringify(entries));
