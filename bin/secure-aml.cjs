#!/usr/bin/env node
'use strict';
// Launcher only. `--help` is answered from the help the build rendered with the real program
// (dist/help.json); everything else runs the ES module CLI and sets the exit code.
const args = process.argv.slice(2);
const last = args[args.length - 1];
if (last === '--help' || last === '-h') {
  const words = args.slice(0, -1);
  if (words.every((w) => /^[a-z][a-z-]*$/.test(w))) {
    try {
      const help = require('../dist/help.json')[words.join(' ')];
      if (help !== undefined) {
        process.stdout.write(help);
        return;
      }
    } catch { /* no cached help: fall through to the full CLI */ }
  }
}
import('../dist/src/cli.js').then(async ({ main }) => {
  process.exitCode = await main(args);
});
