// The Azure REST API specs the contract check validates against, kept in the repository under
// test/fixtures/azure-rest-api-specs/ (upstream layout, unmodified files; README.md there says which
// upstream commit each comes from). Exported for run.mjs, vendor-specs.mjs and test/contract:
//   SPEC_ROOT           <repo>/test/fixtures/azure-rest-api-specs/specification
//   SPEC_SEEDS          what the contract needs: the version folders oav is pointed at (it loads every
//                       *.json in a folder) and single files; the fixture is these plus their $ref closure
//   refsOf(json)        the $refs of one swagger document (x-ms-examples apart)
//   specClosure(root)   the seeds and every file they reach through cross-file $refs
//   checkSpecRefs(root) every $ref under root: remote ones, and local ones whose file or JSON pointer is missing
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SPEC_ROOT = path.join(REPO_ROOT, 'test/fixtures/azure-rest-api-specs/specification');

/** Relative to SPEC_ROOT. A folder stands for every *.json directly in it. */
export const SPEC_SEEDS = [
  // validated by `npm run contract` today (one spec group per folder)
  'applicationinsights/resource-manager/Microsoft.Insights/stable/2020-02-02',
  'authorization/resource-manager/Microsoft.Authorization/stable/2022-04-01',
  'containerregistry/resource-manager/Microsoft.ContainerRegistry/Registry/stable/2025-11-01',
  'containerservice/resource-manager/Microsoft.ContainerService/aks/stable/2026-04-01',
  'keyvault/resource-manager/Microsoft.KeyVault/stable/2026-02-01',
  'machinelearningservices/resource-manager/Microsoft.MachineLearningServices/stable/2025-06-01',
  'monitor/resource-manager/Microsoft.Insights/preview/2021-05-01-preview',
  'monitor/resource-manager/Microsoft.Insights/preview/2021-07-01-preview',
  'monitor/resource-manager/Microsoft.Insights/preview/2023-06-01-preview',
  'msi/resource-manager/Microsoft.ManagedIdentity/stable/2024-11-30',
  'network/resource-manager/Microsoft.Network/stable/2025-05-01',
  'operationalinsights/resource-manager/Microsoft.OperationalInsights/stable/2022-10-01',
  'privatedns/resource-manager/Microsoft.Network/stable/2020-06-01',
  'resources/resource-manager/Microsoft.Resources/stable/2022-12-01',
  'resources/resource-manager/Microsoft.Resources/stable/2025-04-01',
  'storage/resource-manager/Microsoft.Storage/stable/2025-08-01',
  // @azure/arm-machinelearning 2.1.1 sends 2022-10-01 for computes
  'machinelearningservices/resource-manager/Microsoft.MachineLearningServices/stable/2022-10-01',
  // about to be used: AKS cluster extensions (the azureml extension)
  'kubernetesconfiguration/resource-manager/Microsoft.KubernetesConfiguration/stable/2024-11-01/extensions.json',
  // access.mode vpn: the DNS private resolver and its inbound endpoint
  'dnsresolver/resource-manager/Microsoft.Network/stable/2022-07-01',
  // Azure Policy assignments/definitions, exemptions, Defender for Cloud plans (simulator; no policyStates spec stored)
  'resources/resource-manager/Microsoft.Authorization/policy/stable/2025-03-01/openapi.json',
  'resources/resource-manager/Microsoft.Authorization/preview/2022-07-01-preview/policyExemptions.json',
  'security/resource-manager/Microsoft.Security/stable/2024-01-01/pricings.json',
];

const isRemote = (ref) => /^[a-z][a-z0-9+.-]*:/i.test(ref) || ref.startsWith('//');

/**
 * Every `$ref` string in a swagger document. Those under `x-ms-examples` point at the upstream
 * examples/ folders, which are not copied (oav validate-traffic never reads them): `example: true`.
 */
export function refsOf(json) {
  const out = [];
  const walk = (node, example) => {
    if (Array.isArray(node)) { for (const v of node) walk(v, example); return; }
    if (!node || typeof node !== 'object') return;
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') out.push({ ref: v, example });
      else walk(v, example || k === 'x-ms-examples');
    }
  };
  walk(json, false);
  return out;
}

function jsonFilesIn(dir) {
  return readdirSync(dir).filter((e) => e.endsWith('.json') && statSync(path.join(dir, e)).isFile()).map((e) => path.join(dir, e));
}

function walkJson(dir, out = []) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walkJson(p, out);
    else if (e.name.endsWith('.json')) out.push(p);
  }
  return out;
}

/**
 * The seeds under `root` and the closure of their cross-file $refs (x-ms-examples apart), as sorted
 * paths relative to `root`. `missing`: referenced files that are not there.
 */
export function specClosure(root, seeds = SPEC_SEEDS) {
  const files = new Set();
  const missing = new Set();
  const queue = [];
  for (const s of seeds) {
    const p = path.join(root, s);
    if (!existsSync(p)) { missing.add(s); continue; }
    queue.push(...(statSync(p).isDirectory() ? jsonFilesIn(p) : [p]));
  }
  while (queue.length > 0) {
    const f = queue.shift();
    if (files.has(f)) continue;
    if (!existsSync(f)) { missing.add(path.relative(root, f)); continue; }
    files.add(f);
    for (const { ref, example } of refsOf(JSON.parse(readFileSync(f, 'utf8')))) {
      const rel = ref.split('#')[0];
      if (example || !rel || isRemote(ref)) continue;
      queue.push(path.resolve(path.dirname(f), decodeURIComponent(rel)));
    }
  }
  const rel = (set) => [...set].map((f) => (path.isAbsolute(f) ? path.relative(root, f) : f).split(path.sep).join('/')).sort();
  return { files: rel(files), missing: rel(missing) };
}

function resolvePointer(doc, pointer) {
  let node = doc;
  for (const raw of pointer.split('/').slice(1)) {
    const tok = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object' || !Object.prototype.hasOwnProperty.call(node, tok)) return false;
    node = node[tok];
  }
  return true;
}

/**
 * Every $ref of every *.json under `root` (x-ms-examples apart): `remote` (oav would fetch them over
 * the network) and `unresolved` (the file or the JSON pointer is not there), as "file: ref" strings.
 */
export function checkSpecRefs(root) {
  const cache = new Map();
  const load = (f) => {
    if (!cache.has(f)) cache.set(f, existsSync(f) ? JSON.parse(readFileSync(f, 'utf8')) : undefined);
    return cache.get(f);
  };
  const remote = [];
  const unresolved = [];
  let count = 0;
  for (const file of walkJson(root).sort()) {
    const name = path.relative(root, file).split(path.sep).join('/');
    for (const { ref, example } of refsOf(load(file))) {
      if (isRemote(ref)) { remote.push(`${name}: ${ref}`); continue; }
      if (example) continue;
      count++;
      const [rel, pointer = ''] = ref.split('#');
      const target = rel ? path.resolve(path.dirname(file), decodeURIComponent(rel)) : file;
      const doc = load(target);
      if (doc === undefined) unresolved.push(`${name}: ${ref} (no such file)`);
      else if (pointer && !resolvePointer(doc, pointer)) unresolved.push(`${name}: ${ref} (no such JSON pointer)`);
    }
  }
  return { remote, unresolved, count };
}
