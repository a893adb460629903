// `npm run contract`: the tool's ARM traffic against the Azure REST API specs, with oav 4.0.3.
//
// 1. In a fresh temp dir, the built CLI runs apply, plan and teardown of the example config against the
//    embedded simulator (--sim-latency median --sim-time-scale 0.002), which logs every exchange.
// 2. Every traffic.jsonl line becomes one oav traffic file (convert.mjs), grouped by the spec folder
//    whose operation oav will match; the rest is listed as "not validated: <type> <api-version> (N)".
// 3. `oav validate-traffic <group dir> <spec folder>` per group (2 at a time), in processes that cannot
//    open sockets (no-network.mjs). Errors are mapped back to their exchange; the false positives in
//    suppressions.mjs are dropped. Microsoft Graph exchanges are checked in process against Graph's
//    OpenAPI excerpt in test/fixtures/msgraph-openapi (graph.mjs).
// Exit: 1 when a validated exchange has an error (or oav could not validate one it should have),
//       2 when the scenario itself failed (a CLI command exited non-zero) but nothing else did, 0 otherwise.
// Specs: test/fixtures/azure-rest-api-specs/specification in this repository (specs.mjs; unmodified
//        upstream files, provenance in its README.md). Every $ref there must resolve locally.
// Env: CONTRACT_SPECS (another `specification` folder with the upstream layout, instead of the fixture),
//      CONTRACT_KEEP=1 keeps the temp dir, CONTRACT_TRAFFIC=<traffic.jsonl> validates that file instead
//      of running the CLI.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { groupExchanges, loadSpecIndex, summarizeSkipped, toOavTraffic } from './convert.mjs';
import { createGraphValidator, loadGraphSpec } from './graph.mjs';
import { parseOavStderr, parseOavStdout, runOav } from './oav.mjs';
import { overlayLiteralNamespace, overlayWithoutShadowed } from './overlays.mjs';
import { checkSpecRefs, SPEC_ROOT as FIXTURE_SPECS } from './specs.mjs';
import { SUPPRESSIONS, suppressionFor } from './suppressions.mjs';
import { ensureDemoTls } from '../demo-tls.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = path.join(ROOT, 'bin/secure-aml.cjs');
const EXAMPLE = path.join(ROOT, 'templates/secure-aml.example.yaml');
const SPEC_ROOT = process.env.CONTRACT_SPECS ? path.resolve(process.env.CONTRACT_SPECS) : FIXTURE_SPECS;
const PARALLEL = 2;
const t0 = Date.now();
const secs = (ms) => `${(ms / 1000).toFixed(1)}s`;

if (!existsSync(SPEC_ROOT)) {
  console.error(`contract: no specs at ${SPEC_ROOT}${process.env.CONTRACT_SPECS ? ' (CONTRACT_SPECS)' : ' (the fixture is part of the repository: is the checkout complete?)'}`);
  process.exit(1);
}
console.log(`specs: ${path.relative(process.cwd(), SPEC_ROOT) || '.'}`);

// oav would fetch a remote $ref over the network (no-network.mjs also refuses any socket in the oav
// processes), and a local $ref that does not resolve would make oav fail or validate less than it says.
const refs = checkSpecRefs(SPEC_ROOT);
if (refs.remote.length || refs.unresolved.length) {
  for (const r of refs.remote) console.error(`contract: remote $ref (oav would try to fetch it): ${r}`);
  for (const r of refs.unresolved) console.error(`contract: $ref that does not resolve: ${r}`);
  process.exit(1);
}

// The example config points at the demonstration TLS pair, generated per machine.
await ensureDemoTls();
const tmp = mkdtempSync(path.join(os.tmpdir(), 'secure-aml-contract-'));
const sim = path.join(tmp, 'sim');

// ---- 1. scenario ---------------------------------------------------------------------------------
const env = {};
for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('AZURE_') && !k.startsWith('SECURE_AML_')) env[k] = v;
Object.assign(env, { CI: 'true', NO_COLOR: '1' });
const SIM = ['--simulate', sim, '--sim-time-scale', '0.002', '--sim-latency', 'median'];
// The example (egress firewall, AKS through the Azure ML extension), then the other egress modes
// (nat, managed: both without AKS) and the two access modes (bastion with the firewall, vpn with nat) as
// environments of their own, so every resource type is exchanged.
const variant = (name, egress, access) => {
  const doc = YAML.parse(readFileSync(EXAMPLE, 'utf8'));
  doc.network.egress = egress;
  doc.aks.enabled = false;
  delete doc.aks.tls;
  if (access) doc.access = { mode: access };
  const file = path.join(tmp, `${name}.yaml`);
  writeFileSync(file, YAML.stringify(doc));
  return file;
};
const VARIANTS = [['nat', 'nat'], ['managed', 'managed'], ['bastion', 'firewall', 'bastion'], ['vpn', 'nat', 'vpn']];
const SCENARIO = [
  ['apply', '-c', EXAMPLE, '-y'],
  ['plan', '-c', EXAMPLE],
  ['teardown', '-e', 'dev', '-y'],
  ...VARIANTS.flatMap(([name, egress, access]) => [
    ['apply', '-c', variant(name, egress, access), '-e', name, '-y'],
    ['teardown', '-e', name, '-y', '--purge'],
  ]),
];
const scenarioFailures = [];
let trafficFile = path.join(sim, 'traffic.jsonl');
if (process.env.CONTRACT_TRAFFIC) {
  trafficFile = path.resolve(process.env.CONTRACT_TRAFFIC);
  console.log(`traffic: ${trafficFile} (CONTRACT_TRAFFIC; the CLI was not run)`);
} else {
  for (const args of SCENARIO) {
    const s = Date.now();
    const r = spawnSync(process.execPath, [BIN, ...args, ...SIM], { cwd: tmp, env, encoding: 'utf8', maxBuffer: 64 << 20, timeout: 300_000 });
    console.log(`scenario: secure-aml ${args.join(' ')}  exit ${r.status}  ${secs(Date.now() - s)}`);
    if (r.status !== 0) {
      scenarioFailures.push(`secure-aml ${args.join(' ')} exited ${r.status ?? r.signal}`);
      console.log((r.stderr || r.stdout || '').split('\n').filter(Boolean).slice(-8).map((l) => `    ${l}`).join('\n'));
    }
  }
}
const lines = readFileSync(trafficFile, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l));

// ---- 2. convert and group ------------------------------------------------------------------------
const index = loadSpecIndex(SPEC_ROOT);
const graphSpec = loadGraphSpec();
const { groups, skipped, graph } = groupExchanges(lines, index, { specRoot: SPEC_ROOT, graphOps: graphSpec.ops });
const oavRoot = path.join(tmp, 'oav');
const fileName = (i) => `${String(i).padStart(5, '0')}.json`;
// Spec folders as oav 4.0.3 must see them (overlays.mjs): without the paths whose enums rule them out, or
// with Providers_Get's namespace written into its path.
const overlayRoot = (slug) => path.join(tmp, 'spec-overlays', slug, 'specification');
function specDirFor(g, slug) {
  if (g.shadowed.length) return overlayWithoutShadowed({ specRoot: SPEC_ROOT, specDir: g.specDir, shadowed: g.shadowed, root: overlayRoot(slug) });
  if (g.literals.length) return overlayLiteralNamespace({ specRoot: SPEC_ROOT, specDir: g.specDir, literals: g.literals, root: overlayRoot(slug) }).dir;
  return g.specDir;
}

const jobs = [];
for (const [group, g] of groups) {
  const slug = (group.split(path.sep)[0] + '-' + path.basename(group)).replace(/[^A-Za-z0-9.-]+/g, '_');
  const dir = path.join(oavRoot, slug, 'traffic');
  mkdirSync(dir, { recursive: true });
  for (const it of g.items) writeFileSync(path.join(dir, fileName(it.index)), JSON.stringify(toOavTraffic(it.line), null, 2));
  jobs.push({ group, slug, specDir: specDirFor(g, slug), items: g.items, dir, shadowed: g.shadowed, literals: g.literals });
}
console.log(`traffic: ${lines.length} exchanges; ${lines.length - skipped.length - graph.length} in ${jobs.length} spec groups, ${graph.length} Microsoft Graph, ${skipped.length} not validated  (${secs(Date.now() - t0)})`);

// ---- 3. oav per group ----------------------------------------------------------------------------
const networkAttempts = [];
const outputProblems = [];

/** Validates one group; oav aborts the rest of a folder after an exception, so the rest is run again. */
async function validateGroup(job) {
  const byFile = new Map(job.items.map((it) => [fileName(it.index), it]));
  const verdicts = new Map(); // index -> { errors: [], runtime: [] }
  let remaining = [...byFile.keys()].sort((a, b) => a.localeCompare(b, 'en'));
  let run = 0;
  let ms = 0;
  let coverage;
  while (remaining.length > 0) {
    run++;
    const dir = run === 1 ? job.dir : path.join(oavRoot, job.slug, `rerun-${run}`);
    if (run > 1) {
      mkdirSync(dir, { recursive: true });
      for (const f of remaining) writeFileSync(path.join(dir, f), readFileSync(path.join(job.dir, f)));
    }
    const jsonReport = path.join(oavRoot, job.slug, `report-${run}.json`);
    const r = await runOav({ trafficDir: dir, specPath: job.specDir, logFile: path.join(oavRoot, job.slug, `oav-${run}.log`), jsonReport });
    ms += r.ms;
    const err = parseOavStderr(r.stderr);
    const out = parseOavStdout(r.stdout);
    for (const l of [...err.other, ...out.other]) {
      if (l.includes('CONTRACT-NO-NETWORK')) networkAttempts.push(`${job.group}: ${l}`);
      else if (!/^\(node:\d+\) |^\(Use `node --trace/.test(l)) outputProblems.push(`${job.group}: ${l}`);
    }
    if (r.signal || (r.code !== 0 && r.code !== 1)) outputProblems.push(`${job.group}: oav exited ${r.code ?? r.signal}`);
    if (run === 1 && existsSync(jsonReport)) coverage = JSON.parse(readFileSync(jsonReport, 'utf8'));
    let abortedAt;
    const reported = new Set();
    for (const res of err.results) {
      const base = path.basename(String(res.payloadFilePath ?? ''));
      // oav prints one result per spec file that holds the operation (a namespace that is part of another
      // one's name matches both generated Providers_Get files); the validation behind them is one.
      if (res.specFilePath && reported.has(base)) continue;
      if (res.specFilePath) reported.add(base);
      const it = byFile.get(base);
      const runtime = (res.runtimeExceptions ?? []).map((e) => ({ code: e.code, message: e.message }));
      if (!it) { outputProblems.push(`${job.group}: oav result for an unknown file ${res.payloadFilePath}: ${JSON.stringify(runtime)}`); continue; }
      const v = verdicts.get(it.index) ?? { errors: [], runtime: [], operationId: undefined };
      v.operationId = res.operationInfo?.operationId ?? v.operationId;
      v.errors.push(...(res.errors ?? []));
      v.runtime.push(...runtime);
      verdicts.set(it.index, v);
      // validate.ts's catch around the whole loop: a result without specFilePath ends the run at that file.
      if (!res.specFilePath && runtime.some((e) => e.code === 'RUNTIME_ERROR')) abortedAt = base;
    }
    for (const u of out.undefinedOps) {
      const it = job.items.find((x) => !verdicts.has(x.index) && remaining.includes(fileName(x.index)) && toOavTraffic(x.line).liveRequest.url === u.url && x.line.method.toUpperCase() === u.method);
      if (!it) { outputProblems.push(`${job.group}: undefined operation for an unknown exchange ${u.method} ${u.url}`); continue; }
      verdicts.set(it.index, { errors: [], runtime: [{ code: 'UNDEFINED_OPERATION', message: 'oav found no operation although convert.mjs matched one (convert.mjs and oav disagree)' }] });
    }
    remaining = abortedAt ? remaining.filter((f) => f.localeCompare(abortedAt, 'en') > 0) : [];
  }
  return { job, verdicts, ms, runs: run, coverage };
}

const results = [];
const queue = [...jobs].sort((a, b) => b.items.length - a.items.length);
await Promise.all(Array.from({ length: Math.min(PARALLEL, queue.length) }, async () => {
  for (let job = queue.shift(); job; job = queue.shift()) results.push(await validateGroup(job));
}));
results.sort((a, b) => a.job.group.localeCompare(b.job.group));

// ---- 3b. Microsoft Graph, in process ---------------------------------------------------------------
const validateGraph = createGraphValidator(graphSpec);
const graphFailed = [];
for (const it of graph) {
  const r = validateGraph(it.line);
  if (r.errors.length > 0) graphFailed.push({ it, operationId: r.op.operationId, errors: r.errors });
}

// ---- 4. report -----------------------------------------------------------------------------------
const used = new Set();
const failed = [];
const summary = [];
let validated = 0;
let suppressedTotal = 0;
for (const { job, verdicts, ms, runs, coverage } of results) {
  let bad = 0;
  let nErrors = 0;
  let nSuppressed = 0;
  for (const it of job.items) {
    validated++;
    const v = verdicts.get(it.index);
    if (!v) continue;
    const operationId = v.operationId ?? it.op.operationId;
    const kept = [];
    for (const e of v.errors) {
      const s = suppressionFor(e, { operationId, status: it.line.status });
      if (s) { used.add(s); nSuppressed++; } else kept.push(e);
    }
    const all = [...kept.map((e) => ({ code: e.code, message: e.message, side: e.issueSource, paths: e.jsonPathsInPayload ?? [], ref: e.source?.jsonRef, url: e.source?.url })), ...v.runtime.map((e) => ({ code: e.code, message: e.message, side: 'oav' , paths: [] }))];
    if (all.length > 0) {
      bad++;
      nErrors += all.length;
      failed.push({ group: job.group, it, operationId, errors: all });
    }
  }
  suppressedTotal += nSuppressed;
  const ops = coverage ? ` ${coverage.coveredOperations} operations,` : '';
  if (job.shadowed.length) summary.push(`  ${job.group}: validated without the paths of ${[...new Set(job.shadowed.map((o) => o.operationId))].sort().join(', ')}, which oav also matches but whose path enums rule them out`);
  if (job.literals.length) summary.push(`  ${job.group}: ${[...new Set(job.literals.map((l) => l.operationId))].join(', ')} with the namespace written into the path (${job.literals.map((l) => l.namespace).sort().join(', ')}), where oav 4.0.3 looks it up`);
  summary.push(`  ${job.group}: ${job.items.length} exchanges,${ops} ${bad} with errors (${nErrors} errors${nSuppressed ? `, ${nSuppressed} suppressed` : ''}), oav ${secs(ms)}${runs > 1 ? ` in ${runs} runs` : ''}`);
}

const graphLabel = `Microsoft Graph v1.0 (OpenAPI excerpt, ${path.relative(ROOT, graphSpec.file)})`;
if (graph.length > 0) {
  validated += graph.length;
  const nErrors = graphFailed.reduce((n, f) => n + f.errors.length, 0);
  summary.push(`  ${graphLabel}: ${graph.length} exchanges, ${new Set(graph.map((it) => it.op.operationId)).size} operations, ${graphFailed.length} with errors (${nErrors} errors)`);
  for (const f of graphFailed) failed.push({ group: graphLabel, it: { ...f.it, op: { file: graphSpec.file } }, operationId: f.operationId, errors: f.errors.map((e) => ({ code: e.code, message: e.message, side: e.side, paths: [e.path] })) });
}

if (failed.length > 0) {
  console.log('\nerrors:');
  for (const f of failed.sort((a, b) => a.it.index - b.it.index)) {
    console.log(`- ${f.it.line.method} ${f.it.line.url} -> ${f.it.line.status}  [${f.operationId}, ${path.basename(f.it.op.file)}, exchange #${f.it.index + 1}]`);
    for (const e of f.errors) console.log(`    ${e.side}: ${e.code} ${e.paths.join(', ')}: ${String(e.message).replace(/\s+/g, ' ').slice(0, 400)}${e.ref ? `  (${e.ref})` : ''}`);
  }
}
console.log('\nsummary per spec:');
for (const s of summary) console.log(s);
const stale = SUPPRESSIONS.filter((s) => !used.has(s));
if (stale.length) console.log(`\nsuppressions that matched nothing (stale?): ${stale.map((s) => `${s.code} ${s.operationId}`).join('; ')}`);
if (suppressedTotal) console.log(`\n${suppressedTotal} oav errors suppressed as known false positives (scripts/contract/suppressions.mjs)`);
console.log(`\n${summarizeSkipped(skipped).join('\n') || 'not validated: nothing'}`);
for (const p of outputProblems) console.log(`oav output problem: ${p}`);
for (const p of networkAttempts) console.log(`network access attempt: ${p}`);
for (const p of scenarioFailures) console.log(`scenario failure: ${p}`);

const failedExchanges = failed.length;
console.log(`\ncontract: ${validated} exchanges validated, ${failedExchanges} with errors, ${skipped.length} not validated; ${secs(Date.now() - t0)}`);
if (process.env.CONTRACT_KEEP) console.log(`kept: ${tmp}`);
else rmSync(tmp, { recursive: true, force: true });
process.exit(failedExchanges > 0 || outputProblems.length > 0 || networkAttempts.length > 0 ? 1 : scenarioFailures.length > 0 ? 2 : 0);
