#!/usr/bin/env node
// Launcher only: run the compiled CLI and set the exit code.
import { main } from '../dist/src/cli.js';

process.exitCode = await main(process.argv.slice(2));
