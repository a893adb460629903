// Pure helpers of the contract check (scripts/contract/run.mjs), exported for test/contract/convert.test.ts:
//   toOavTraffic(line)            one traffic.jsonl line -> the content of one oav traffic file
//   buildSpecIndex / loadSpecIndex the operations of the swagger files (test/fixtures/azure-rest-api-specs)
//   classifyExchange(line, ...)   which spec folder validates an exchange (or graph.mjs for Graph), or why none does
//   literalNamespaceOf(op, path)  Providers_Get with the URL's namespace written into its template (overlays.mjs)
//   groupExchanges(lines, index)  every line in a spec group, in the Graph list or in the "not validated" list
// The operation matching mirrors oav 4.0.3 (operationSearcher.js, pathRegexTransformer.js,
// trafficValidator.js), so an exchange is grouped under a spec exactly when oav will find its operation.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { matchGraphOperation } from './graph.mjs';

/** Headers that carry credentials; traffic.ts already redacts them, they are dropped here as well. */
const SECRET_HEADERS = new Set(['authorization', 'x-ms-authorization-auxiliary', 'cookie', 'set-cookie', 'proxy-authorization']);

/** Header map with string values only (oav's traffic format), credentials left out. */
export function stringHeaders(headers) {
  const out = {};
  for (const [k, v] of Object.entries(headers ?? {})) {
    if (v === undefined || v === null || SECRET_HEADERS.has(k.toLowerCase())) continue;
    out[k] = Array.isArray(v) ? v.map(String).join(', ') : String(v);
  }
  return out;
}

/**
 * The URL oav is given. Only one thing changes: a path that starts with `//` (the Azure SDK's
 * `resources.getById` puts the resource id, which starts with `/`, behind the `/{resourceId}` template)
 * gets a single leading slash. ARM treats both the same, but oav's path regexes are anchored at one
 * slash and would report every generic-resource call as an undefined operation. Host, the rest of the
 * path and the query stay as they are.
 */
export function oavUrl(url) {
  const u = new URL(url);
  const p = u.pathname.replace(/^\/{2,}/, '/');
  return p === u.pathname ? url : `${u.protocol}//${u.host}${p}${u.search}`;
}

/** One traffic.jsonl line (an object or its JSON text) -> the object oav 4.0.3 reads from one traffic file. */
export function toOavTraffic(input) {
  const line = typeof input === 'string' ? JSON.parse(input) : input;
  const liveRequest = { url: oavUrl(line.url), method: String(line.method).toUpperCase(), headers: stringHeaders(line.requestHeaders) };
  // A body that was not JSON stays the raw text, so oav reports it instead of the check losing it.
  if (line.requestBody !== null && line.requestBody !== undefined) liveRequest.body = line.requestBody;
  else if (typeof line.requestBodyText === 'string' && line.requestBodyText !== '') liveRequest.body = line.requestBodyText;
  const liveResponse = { statusCode: String(line.status), headers: stringHeaders(line.responseHeaders) };
  if (line.responseBody !== null && line.responseBody !== undefined) liveResponse.body = line.responseBody;
  return { liveRequest, liveResponse };
}

// ---------------------------------------------------------------------------------------------------
// Spec index

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];
const PROVIDER_RE = /\/providers\/([^{/]+)/gi; // oav utils.ts providerRegEx: the last literal namespace wins

/** oav's getProviderFromPathTemplate / getProviderFromPathTemplate(URL path): last `/providers/{literal}`. */
export function providerOf(pathStr) {
  let last;
  for (const m of pathStr.matchAll(PROVIDER_RE)) last = m[1];
  return last;
}

const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Regex for a path template as oav builds it: a leading `/{param}` spans segments, any other param one. */
export function templateRegex(template, pathParams) {
  let p = template.split('?')[0];
  if (p.length > 1 && p.endsWith('/')) p = p.slice(0, -1);
  const parts = p.split(/(\{[^}]+\})/).filter((s) => s !== '');
  let re = '';
  let multi = false;
  const names = [];
  parts.forEach((part, i) => {
    const m = /^\{([^}]+)\}$/.exec(part);
    if (!m) { re += escapeRe(part); return; }
    names.push(m[1]);
    if (i === 1 && parts[0] === '/' && pathParams.has(m[1])) { re += '(.*)'; multi = true; }
    else re += '([^/#?]+)';
  });
  return { regex: new RegExp(`^${re}/?$`, 'i'), multi, names };
}

/** The target of a swagger `$ref` from `file`; `load(file)` reads another document. */
export function resolveRef(ref, file, load) {
  const [rel, pointer = ''] = ref.split('#');
  const target = rel ? path.resolve(path.dirname(file), rel) : file;
  let node = load(target);
  for (const tok of pointer.split('/').filter(Boolean)) node = node?.[tok.replace(/~1/g, '/').replace(/~0/g, '~')];
  return node;
}

/**
 * The operations of a set of swagger documents. `docs`: [{ file, json }] (file: absolute or relative
 * path, used for the spec folder and for relative $refs of path parameters); `load(file)` reads another
 * document for a $ref (defaults to none). Each operation: { file, dir, provider, apiVersion, method,
 * template, regex, multi, query, operationId }.
 */
export function buildSpecIndex(docs, load = () => undefined) {
  const ops = [];
  for (const { file, json } of docs) {
    const apiVersion = String(json?.info?.version ?? '').toLowerCase();
    const all = { ...(json.paths ?? {}), ...(json['x-ms-paths'] ?? {}) };
    for (const [template, item] of Object.entries(all)) {
      const pathParams = new Map();
      const collect = (params) => {
        for (const p of params ?? []) {
          const param = p?.$ref ? resolveRef(p.$ref, file, (f) => (f === file ? json : load(f))) : p;
          if (param?.in === 'path') pathParams.set(param.name, param);
        }
      };
      collect(item.parameters);
      for (const m of HTTP_METHODS) collect(item[m]?.parameters);
      const { regex, multi, names } = templateRegex(template, pathParams);
      // Closed sets of path values (e.g. private DNS {recordType}); oav ignores them when matching.
      const enums = {};
      for (const [name, param] of pathParams) if (Array.isArray(param.enum)) enums[name] = param.enum.map((v) => String(v).toLowerCase());
      const query = template.includes('?') ? [...new URL(`http://x/?${template.split('?')[1]}`).searchParams.entries()] : [];
      const provider = (providerOf(template.split('?')[0]) ?? 'Microsoft.Unknown').toLowerCase();
      for (const m of HTTP_METHODS) {
        if (!item[m]) continue;
        ops.push({ file, dir: path.dirname(file), provider, apiVersion, method: m, template, regex, multi, names, enums, query, operationId: item[m].operationId });
      }
    }
  }
  return ops;
}

/** Every swagger file under `specRoot` (the `specification` folder), indexed. */
export function loadSpecIndex(specRoot) {
  const cache = new Map();
  const load = (f) => {
    if (!cache.has(f)) {
      try { cache.set(f, JSON.parse(readFileSync(f, 'utf8'))); } catch { cache.set(f, undefined); }
    }
    return cache.get(f);
  };
  const files = [];
  const walk = (d) => {
    for (const e of readdirSync(d)) {
      const p = path.join(d, e);
      if (statSync(p).isDirectory()) { if (e !== 'examples' && e !== 'common-types') walk(p); } else if (e.endsWith('.json')) files.push(p);
    }
  };
  walk(specRoot);
  const docs = files.sort().map((file) => ({ file, json: load(file) })).filter((d) => d.json && (d.json.paths || d.json['x-ms-paths']));
  return buildSpecIndex(docs, load);
}

// ---------------------------------------------------------------------------------------------------
// Classification

/** Long-running-operation polling paths (not operations of the specs: README "Traffic file format"). */
export const POLLING_RE = /\/(operations|operationresults|asyncoperations|operationstatuses|operationsstatus|workspaceoperationsstatus|computeoperationsstatus|privatednsoperationstatuses|privatednsoperationresults|deleteoperations)\//i;

/**
 * A readable resource type for the "not validated" list: `Microsoft.X/type[/subtype]`, with the scope
 * of extension resources (`Microsoft.Authorization/roleDefinitions @ resourceGroup`), and names for the
 * subscription-level ARM endpoints.
 */
export function resourceTypeOf(url) {
  const segs = new URL(url).pathname.split('/').filter(Boolean);
  const lower = segs.map((s) => s.toLowerCase());
  let pi = -1;
  for (let i = lower.length - 2; i >= 0; i--) if (lower[i] === 'providers') { pi = i; break; }
  if (pi < 0) {
    if (lower.length === 0) return 'ARM root';
    if (lower[0] === 'subscriptions') {
      if (lower.length <= 2) return 'Microsoft.Resources/subscriptions';
      if (lower[2] === 'resourcegroups') {
        if (lower.length <= 4) return 'Microsoft.Resources/resourceGroups';
        return `Microsoft.Resources/resourceGroups/${segs[4]}`;
      }
      return `Microsoft.Resources/subscriptions/${segs[2]}`;
    }
    return `Microsoft.Resources/${segs[0]}`;
  }
  const ns = segs[pi + 1];
  const rest = segs.slice(pi + 2);
  if (rest.length === 0) {
    // /subscriptions/{id}/providers/{ns}: the provider registration read
    return pi === 2 && lower[0] === 'subscriptions' ? 'Microsoft.Resources/providers (registration)' : `Microsoft.Resources/providers (${ns})`;
  }
  const types = rest.filter((_, i) => i % 2 === 0);
  let type = `${ns}/${types.join('/')}`;
  // Extension resources (role assignments/definitions, diagnostic settings) live at any scope.
  if (/^microsoft\.authorization$/i.test(ns) || /^diagnosticsettings/i.test(rest[0])) {
    const before = lower.slice(0, pi);
    const scope = before.length === 0 ? 'tenant'
      : before.includes('providers') ? 'resource'
      : before[0] === 'subscriptions' && before.length === 2 ? 'subscription'
      : before[0] === 'subscriptions' && before.length === 4 && before[2] === 'resourcegroups' ? 'resource group'
      : `unparsed (${segs.slice(0, pi).join('/')})`;
    type += ` @ ${scope} scope`;
  }
  return type;
}

export function apiVersionOf(url) {
  return new URL(url).searchParams.get('api-version') ?? '(none)';
}

/**
 * The operation oav will match for an exchange, or undefined. Mirrors oav: provider = last literal
 * `/providers/{ns}` of the URL path (else Microsoft.Unknown), api-version from the query, method, then
 * the path regexes (plain params preferred over a leading multi-segment param). trafficValidator.js
 * only accepts the match when the spec file path contains that provider (for URLs containing
 * "provider") or the operation id (others), with the api-version in the spec path.
 */
export function matchOperation(url, method, index) {
  const u = new URL(oavUrl(url));
  const pathStr = u.pathname;
  const provider = (providerOf(pathStr) ?? 'Microsoft.Unknown').toLowerCase();
  const apiVersion = (u.searchParams.get('api-version') ?? '').toLowerCase();
  const m = method.toLowerCase();
  const query = new Map([...u.searchParams.entries()].map(([k, v]) => [k.toLowerCase(), v.toLowerCase()]));
  const cands = index.filter((op) => op.provider === provider && op.apiVersion === apiVersion && op.method === m && op.regex.test(pathStr));
  const withQuery = cands.filter((op) => op.query.length > 0 && op.query.every(([k, v]) => query.has(k.toLowerCase()) && (v === '' || query.get(k.toLowerCase()) === v.toLowerCase())));
  const plain = cands.filter((op) => op.query.length === 0 && !op.multi);
  const multi = cands.filter((op) => op.query.length === 0 && op.multi);
  const matches = withQuery.length ? withQuery : plain.length ? plain : multi;
  if (matches.length === 0) return undefined;
  let op = matches[0];
  let shadowed = [];
  if (matches.length > 1) {
    // oav 4.0.3 gives up here (MultipleOperationsFound -> "Undefined operation"). When the path values
    // rule out all operations but one (a value outside a path parameter's enum), that one is meant:
    // run.mjs validates it against a copy of the spec without the ruled-out paths.
    const fits = matches.filter((o) => enumsAdmit(o, pathStr));
    if (fits.length !== 1) return { ambiguous: matches };
    op = fits[0];
    shadowed = matches.filter((o) => o !== op);
  }
  const fileLower = op.file.toLowerCase();
  if (!fileLower.includes(apiVersion)) return undefined;
  if (url.includes('provider') && !fileLower.includes(provider)) return undefined;
  return shadowed.length ? { ...op, shadowed } : op;
}

/** Whether every enum-constrained path parameter of `op` has an allowed value in `pathStr`. */
export function enumsAdmit(op, pathStr) {
  const m = op.regex.exec(pathStr);
  if (!m) return false;
  return op.names.every((name, i) => !op.enums[name] || op.enums[name].includes(decodeURIComponent(m[i + 1] ?? '').toLowerCase()));
}

/** Microsoft Graph requests: the Graph host, or the simulator's `/v1.0/` and `/beta/` paths (served on its own host by `sim serve`). */
export function isGraphUrl(url) {
  const u = new URL(url);
  return u.hostname.toLowerCase() === 'graph.microsoft.com' || /^\/(v1\.0|beta)(\/|$)/i.test(u.pathname);
}

/**
 * Where one exchange goes: { validate: true, group, op } (oav), { validate: true, graph: true, op }
 * (Graph, graph.mjs) or { validate: false, type, apiVersion, reason }.
 * `pollUrls`: URLs that earlier responses named in Azure-AsyncOperation / Location headers.
 * `graphOps`: the operations of the Graph OpenAPI excerpt (graph.mjs loadGraphSpec().ops).
 */
export function classifyExchange(line, index, { pollUrls = new Set(), specRoot, graphOps } = {}) {
  const graph = isGraphUrl(line.url);
  const type = graph ? 'Microsoft Graph' : resourceTypeOf(line.url);
  const apiVersion = graph ? (/^\/(v1\.0|beta)/i.exec(new URL(line.url).pathname)?.[1] ?? '(none)') : apiVersionOf(line.url);
  const skip = (reason, t = type) => ({ validate: false, type: t, apiVersion, reason });
  if (line.fault) return skip(`injected fault (${line.fault})`);
  if (!(line.status >= 100)) return skip('no HTTP response (connection reset)');
  // Microsoft Graph is not ARM: graph.mjs checks it against Graph's own OpenAPI description.
  if (graph) {
    const m = graphOps ? matchGraphOperation(line.url, line.method, graphOps) : undefined;
    if (m) return { validate: true, graph: true, op: m.op };
    return skip(graphOps ? `no ${line.method.toUpperCase()} operation for this path in the Graph OpenAPI excerpt (test/fixtures/msgraph-openapi)` : 'not an ARM operation');
  }
  const pathname = new URL(line.url).pathname;
  if (pollUrls.has(line.url) || POLLING_RE.test(`${pathname}/`)) return skip('LRO polling URL (not an operation in the specs)', `${type.split('/')[0]} operation polling`);
  const op = matchOperation(line.url, line.method, index);
  if (op?.ambiguous) return skip(`oav 4.0.3 finds several operations (${op.ambiguous.map((o) => o.operationId).join(', ')})`);
  if (op) {
    const dir = specRoot ? path.relative(specRoot, op.dir) : op.dir;
    if (!op.shadowed) return { validate: true, group: dir, specDir: op.dir, op };
    return { validate: true, group: `${dir} (disambiguated)`, specDir: op.dir, op, shadowed: op.shadowed };
  }
  const pathStr = new URL(oavUrl(line.url)).pathname;
  const provider = (providerOf(pathStr) ?? 'Microsoft.Unknown').toLowerCase();
  // A spec operation that fits but that oav will not find: it looks under the URL's provider, and e.g.
  // Providers_Get `/subscriptions/{id}/providers/{resourceProviderNamespace}` sits under Microsoft.Unknown.
  // With the URL's namespace written into the template (overlays.mjs) oav finds it there.
  const fits = index.filter((o) => o.apiVersion === apiVersion.toLowerCase() && o.method === line.method.toLowerCase() && o.regex.test(pathStr) && !o.multi);
  if (fits.length === 1) {
    const literal = literalNamespaceOf(fits[0], pathStr);
    if (literal && literal.provider === provider && fits[0].file.toLowerCase().includes(apiVersion.toLowerCase())) {
      const dir = specRoot ? path.relative(specRoot, fits[0].dir) : fits[0].dir;
      return { validate: true, group: `${dir} (namespace literal)`, specDir: fits[0].dir, op: fits[0], literal };
    }
  }
  if (fits.length > 0) return skip(`fits ${fits.map((o) => `${o.operationId} (${path.basename(o.file)})`).join(', ')}, but oav 4.0.3 searches the namespace named in the URL`);
  const sameVersion = index.some((o) => o.apiVersion === apiVersion.toLowerCase() && (o.provider === provider || o.file.toLowerCase().includes(provider)));
  if (!sameVersion) return skip('no spec for this api-version in the contract\'s specs');
  return skip(`the ${apiVersion} spec has no ${line.method} operation for this path that oav can match`);
}

const LAST_PROVIDERS_PARAM = /\/providers\/\{([^}]+)\}(?=\/|$)/gi;

/**
 * For an operation whose last `/providers/{param}` segment is a path parameter (Providers_Get), the
 * namespace the URL names there and the template with it written in: { file, template, method,
 * operationId, param, namespace, literalTemplate, provider (lower case, as oav will look it up) }.
 * Undefined otherwise.
 */
export function literalNamespaceOf(op, pathStr) {
  const tpl = op.template.split('?')[0];
  let last;
  for (const m of tpl.matchAll(LAST_PROVIDERS_PARAM)) last = m;
  if (!last || providerOf(tpl.slice(last.index + 1)) !== undefined) return undefined;
  const param = last[1];
  const values = op.regex.exec(pathStr);
  const i = op.names.indexOf(param);
  if (!values || i < 0) return undefined;
  const namespace = decodeURIComponent(values[i + 1] ?? '');
  if (!/^[A-Za-z][A-Za-z0-9.]*$/.test(namespace)) return undefined;
  const literalTemplate = `${tpl.slice(0, last.index)}/providers/${namespace}${tpl.slice(last.index + last[0].length)}`;
  const provider = (providerOf(literalTemplate) ?? '').toLowerCase();
  return { file: op.file, template: op.template, method: op.method, operationId: op.operationId, param, namespace, literalTemplate, provider };
}

/** Polling URLs announced by LRO responses (Azure-AsyncOperation, or Location on a 201/202). */
export function pollUrlsOf(lines) {
  const out = new Set();
  for (const l of lines) {
    const h = Object.fromEntries(Object.entries(l.responseHeaders ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)]));
    if (h['azure-asyncoperation']) out.add(h['azure-asyncoperation']);
    if (h.location && (l.status === 201 || l.status === 202)) out.add(h.location);
  }
  return out;
}

/**
 * Every line, by index, in a spec group (oav), in the Graph list (graph.mjs) or in the not-validated list.
 * Returns { groups: Map<group, { specDir, shadowed, literals, items: [{ index, line, op }] }>,
 * graph: [{ index, line, op }], skipped: [{ index, line, type, apiVersion, reason }] }.
 */
export function groupExchanges(lines, index, { specRoot, graphOps } = {}) {
  const pollUrls = pollUrlsOf(lines);
  const groups = new Map();
  const skipped = [];
  const graph = [];
  lines.forEach((line, i) => {
    const c = classifyExchange(line, index, { pollUrls, specRoot, graphOps });
    if (!c.validate) { skipped.push({ index: i, line, type: c.type, apiVersion: c.apiVersion, reason: c.reason }); return; }
    if (c.graph) { graph.push({ index: i, line, op: c.op }); return; }
    if (!groups.has(c.group)) groups.set(c.group, { specDir: c.specDir, shadowed: [], literals: [], items: [] });
    const g = groups.get(c.group);
    for (const o of c.shadowed ?? []) if (!g.shadowed.some((x) => x.file === o.file && x.template === o.template && x.method === o.method)) g.shadowed.push(o);
    // One literal per namespace (case-insensitive, as oav matches paths): the first spelling wins.
    const l = c.literal;
    if (l && !g.literals.some((x) => x.file === l.file && x.template === l.template && x.method === l.method && x.namespace.toLowerCase() === l.namespace.toLowerCase())) g.literals.push(l);
    g.items.push({ index: i, line, op: c.op });
  });
  return { groups, skipped, graph };
}

/** "not validated" lines: one per type, api-version and reason, with the exchange count. */
export function summarizeSkipped(skipped) {
  const by = new Map();
  for (const s of skipped) {
    const key = `${s.type} ${s.apiVersion} — ${s.reason}`;
    by.set(key, (by.get(key) ?? 0) + 1);
  }
  return [...by.entries()].sort((a, b) => a[0].localeCompare(b[0])).map(([k, n]) => {
    const [head, reason] = k.split(' — ');
    return `not validated: ${head} (${n} exchange${n === 1 ? '' : 's'}) — ${reason}`;
  });
}
