// `npm run bench`: one JSON object per scenario on stdout (not part of the tests).
//   full      full secure deployment of the example config, --sim-latency median: wall time against
//             the critical path of the dependency graph and the fully sequential sum, ARM calls
//   noop      the same apply again: writes (target 0) and reads per resource (target ≤ 1)
//   verify    `verify` on the deployed example: wall time (target under 2 s), checks and findings
//   teardown  wall time against its critical path (reverse graph)
//   help      cold start of `secure-aml --help` against `node -e 0`
// Targets: full ≤ 1.03 × critical path; help ≤ 1.3 × node -e 0.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDemoTls } from '../demo-tls.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = path.join(ROOT, 'bin/secure-aml.cjs');
const EXAMPLE = path.join(ROOT, 'templates/secure-aml.example.yaml');
const SCALE = process.env.BENCH_TIME_SCALE ?? '0.05';

// The example config points at the demonstration TLS pair, generated per machine.
await ensureDemoTls();
const { steps } = await import(path.join(ROOT, 'dist/steps/index.js'));
const { restrict, reverse, criticalPath } = await import(path.join(ROOT, 'dist/src/engine/graph.js'));
const { loadConfig } = await import(path.join(ROOT, 'dist/src/config/load.js'));

const env = { ...process.env };
for (const k of Object.keys(env)) if (k.startsWith('AZURE_') || k.startsWith('SECURE_AML_')) delete env[k];
env.CI = 'true';

function cli(args, cwd) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, env, encoding: 'utf8', maxBuffer: 64 << 20 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return { ms, stdout: r.stdout };
}

function traffic(sim) {
  return readFileSync(path.join(sim, 'traffic.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
}

const POLL = /\/(operations|operationresults|asyncoperations|operationstatuses|workspaceoperationsstatus|privatednsoperationstatuses|privatednsoperationresults)\//i;
function classify(lines) {
  const c = { reads: 0, writes: 0, polls: 0 };
  for (const t of lines) {
    if (t.method === 'GET' || t.method === 'HEAD') c[POLL.test(new URL(t.url).pathname + '/') ? 'polls' : 'reads']++;
    else c.writes++;
  }
  return c;
}

function stateDurations(cwd) {
  const state = JSON.parse(readFileSync(path.join(cwd, '.secure-aml', 'dev.state.json'), 'utf8'));
  return Object.fromEntries(Object.entries(state.steps).map(([id, r]) => [id, r.durationMs ?? 0]));
}

const loaded = await loadConfig({ file: EXAMPLE, env: {} });
const enabledEnv = { config: loaded.config, names: loaded.names };
const graph = restrict(steps.map((s) => ({ id: s.id, dependsOn: s.dependsOn, s })), (n) => n.s.enabled(enabledEnv)).map(({ id, dependsOn }) => ({ id, dependsOn }));
const round = (x, d = 3) => Math.round(x * 10 ** d) / 10 ** d;

const cwd = mkdtempSync(path.join(os.tmpdir(), 'secure-aml-bench-'));
const sim = path.join(cwd, 'sim');
const common = ['--simulate', sim, '--sim-latency', 'median', '--sim-time-scale', SCALE];

// full
// apply's closing verify verdict is measured on its own (the verify scenario), not in the step phase.
const full = cli(['apply', '-c', EXAMPLE, '-y', '--no-verify', ...common], cwd);
const d1 = stateDurations(cwd);
const cp = criticalPath(graph, (id) => d1[id] ?? 0);
const sum = graph.reduce((a, n) => a + (d1[n.id] ?? 0), 0);
const t1 = traffic(sim);
console.log(JSON.stringify({ scenario: 'full', timeScale: Number(SCALE), steps: graph.length, wallMs: Math.round(full.ms), criticalPathMs: Math.round(cp.length), sequentialMs: Math.round(sum), wallOverCriticalPath: round(full.ms / cp.length), sequentialOverWall: round(sum / full.ms), criticalPath: cp.path, arm: classify(t1), target: 'wallOverCriticalPath ≤ 1.03' }));

// noop
const before = t1.length;
const noop = cli(['apply', '-c', EXAMPLE, '-y', '--no-verify', ...common], cwd);
const t2 = traffic(sim).slice(before);
const c2 = classify(t2);
const resources = new Set(t2.filter((t) => t.method === 'GET' && !POLL.test(new URL(t.url).pathname + '/')).map((t) => new URL(t.url).pathname.toLowerCase())).size;
console.log(JSON.stringify({ scenario: 'noop', wallMs: Math.round(noop.ms), arm: c2, resourcesRead: resources, readsPerResource: round(c2.reads / Math.max(1, resources)), target: 'writes = 0, readsPerResource ≤ 1' }));

// verify: read the environment back and answer the matrix (exit 5 on today's findings is expected)
function cliAnyExit(args, cwd) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, env, encoding: 'utf8', maxBuffer: 64 << 20 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0 && r.status !== 5) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return { ms, status: r.status, stdout: r.stdout };
}
const v = cliAnyExit(['verify', '-e', 'dev', '-o', 'json', ...common], cwd);
const vr = JSON.parse(v.stdout);
console.log(JSON.stringify({ scenario: 'verify', wallMs: Math.round(v.ms), exit: v.status, checks: vr.counts.rows, findings: vr.counts.findings, resources: vr.resources, target: 'wallMs < 2000' }));

// teardown
const before3 = traffic(sim).length;
const down = cli(['teardown', '-e', 'dev', '-y', ...common], cwd);
const d3 = stateDurations(cwd);
const rev = reverse(graph);
const cp3 = criticalPath(rev, (id) => d3[id] ?? 0);
console.log(JSON.stringify({ scenario: 'teardown', wallMs: Math.round(down.ms), criticalPathMs: Math.round(cp3.length), wallOverCriticalPath: round(down.ms / cp3.length), arm: classify(traffic(sim).slice(before3)) }));

// help
function median(xs) { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; }
function time(args) {
  const runs = [];
  for (let i = 0; i < 15; i++) {
    const t0 = process.hrtime.bigint();
    spawnSync(process.execPath, args, { env, stdio: 'ignore' });
    runs.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return median(runs);
}
const nodeMs = time(['-e', '0']);
const helpMs = time([BIN, '--help']);
console.log(JSON.stringify({ scenario: 'help', helpMs: round(helpMs, 1), nodeMs: round(nodeMs, 1), ratio: round(helpMs / nodeMs), target: 'ratio ≤ 1.3' }));
