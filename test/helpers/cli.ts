// Runs the built binary the way a user does, with its own cwd and environment.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = path.join(ROOT, 'bin/secure-aml.cjs');
export const EXAMPLE = path.join(ROOT, 'templates/secure-aml.example.yaml');

export interface CliResult { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }

/** Environment without anything that would point the tool at real Azure or a shared simulator. */
export function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined || k.startsWith('AZURE_') || k.startsWith('SECURE_AML_')) continue;
    env[k] = v;
  }
  return { ...env, CI: 'true', NO_COLOR: '1', ...extra };
}

export function runCli(args: string[], opts: { cwd: string; env?: Record<string, string>; nodeArgs?: string[]; timeoutMs?: number }): Promise<CliResult> {
  if (!existsSync(path.join(ROOT, 'dist/src/cli.js'))) throw new Error('dist/ is missing: run `npm run build` (npm test does it).');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), BIN, ...args], { cwd: opts.cwd, env: opts.env ?? cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 120_000);
    child.on('error', reject);
    child.on('close', (code, signal) => { clearTimeout(timer); resolve({ code, signal, stdout, stderr }); });
  });
}

export async function tmpDir(prefix = 'secure-aml-'): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), prefix));
}

export interface TrafficLine { method: string; url: string; status: number; requestBody: unknown; responseBody: unknown; requestHeaders: Record<string, string> }

export async function traffic(simDir: string): Promise<TrafficLine[]> {
  let text: string;
  try { text = await readFile(path.join(simDir, 'traffic.jsonl'), 'utf8'); } catch { return []; }
  return text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as TrafficLine);
}

/** A request that changes something: POSTs that only read (name checks, keys, the workspace diagnose verify sends) are not. */
export const isWrite = (t: TrafficLine) => ['PUT', 'PATCH', 'DELETE', 'POST'].includes(t.method) && !/\/(checkNameAvailability|listKeys|diagnose)\?/i.test(t.url);
