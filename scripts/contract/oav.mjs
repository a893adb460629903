// Runs `oav validate-traffic <dir> <spec-dir>` (oav 4.0.3, the project's exact devDependency) and reads
// its results back per traffic file.
//
// With `-p` oav prints one YAML document per traffic file that has errors or runtime exceptions
// (console.error, js-yaml dump of { specFilePath, payloadFilePath, errors[], runtimeExceptions[],
// operationInfo }) and one `Error: Undefined operation {json}` line per unmatched file on stdout. Files
// it does not mention passed. Its JSON report has no payload file per error, so it is used only for the
// operation coverage counts.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import YAML from 'yaml';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const NO_NETWORK = path.join(HERE, 'no-network.mjs');

export function oavCli() {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('oav/package.json')), 'dist/cli.js');
}

const TOP_KEYS = /^(specFilePath|payloadFilePath|payloadFilePathPosition|errors|runtimeExceptions|operationInfo):/;

/**
 * oav's pretty stderr -> the list of result objects. A new document starts at `specFilePath:`, or at a
 * top-level key the current document already has (results without a spec file start at
 * `payloadFilePath:`). Lines outside documents (node warnings, our no-network marker) are returned in
 * `other`.
 */
export function parseOavStderr(text) {
  const docs = [];
  const other = [];
  let cur = null;
  let seen = new Set();
  for (const line of text.split('\n')) {
    const top = TOP_KEYS.exec(line);
    if (top) {
      if (cur === null || top[1] === 'specFilePath' || seen.has(top[1])) {
        if (cur) docs.push(cur);
        cur = [];
        seen = new Set();
      }
      seen.add(top[1]);
      cur.push(line);
    } else if (cur && (line.startsWith(' ') || line.startsWith('-') || line === '')) {
      cur.push(line);
    } else if (line.trim() !== '') {
      if (cur) { docs.push(cur); cur = null; }
      other.push(line);
    }
  }
  if (cur) docs.push(cur);
  const results = [];
  for (const d of docs) {
    try {
      results.push(YAML.parse(d.join('\n')));
    } catch (e) {
      other.push(`unparsable oav output: ${e.message}\n${d.join('\n')}`);
    }
  }
  return { results, other };
}

/** oav's stdout -> the unmatched requests ({ method, url } from `Error: Undefined operation {...}`) and other lines. */
export function parseOavStdout(text) {
  const undefinedOps = [];
  const other = [];
  for (const line of text.split('\n')) {
    const m = /^Error: Undefined operation (\{.*\})\s*$/.exec(line);
    if (m) {
      try {
        const info = JSON.parse(m[1]);
        undefinedOps.push({ method: String(info.validationRequest?.requestMethod ?? '').toUpperCase(), url: info.validationRequest?.requestUrl ?? '' });
      } catch {
        other.push(line);
      }
    } else if (line.trim() !== '') other.push(line);
  }
  return { undefinedOps, other };
}

/** Runs oav once; resolves { code, stdout, stderr, ms }. The process cannot open sockets (no-network.mjs). */
export function runOav({ trafficDir, specPath, logFile, jsonReport, timeoutMs = 300_000 }) {
  const args = ['--import', pathToFileURL(NO_NETWORK).href, oavCli(), 'validate-traffic', trafficDir, specPath, '--report', '', '-p', '-f', logFile];
  if (jsonReport) args.push('--jsonReport', jsonReport);
  const t0 = Date.now();
  return new Promise((resolve, reject) => {
    const env = { ...process.env };
    delete env['Agent.Id']; // oav would wrap its output in Azure DevOps logging commands
    delete env.NODE_OPTIONS;
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, ms: Date.now() - t0 });
    });
  });
}
