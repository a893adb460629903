// Microsoft Graph exchanges of the contract check. oav validates ARM only (Graph has no swagger in
// azure-rest-api-specs), so the tool's Graph v1.0 reads are checked here against an excerpt of Graph's
// own OpenAPI description (test/fixtures/msgraph-openapi, provenance in its README.md), with ajv:
//   - the request matches an operation of the excerpt (method, path), its query parameters are ones the
//     operation defines and fit their schemas, and a GET sends no body;
//   - the status is one the operation defines (`2XX`), or an error status (>= 400) for its `default`
//     error response;
//   - the response body fits the response schema: every property present has the schema's type, no
//     property outside the schema (OData annotations such as `@odata.context` apart) and, with $select,
//     only the selected properties.
// Exported for run.mjs and test/contract/graph.test.ts:
//   GRAPH_SPEC                the excerpt file
//   loadGraphSpec(file)       { doc, file, ops }
//   matchGraphOperation(url, method, ops)
//   toJsonSchema(schema, doc) OpenAPI 3.0 schema -> JSON Schema draft-07 (rules below)
//   createGraphValidator(spec) (line) -> { op, errors: [{ side, code, path, message }] }
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';
import YAML from 'yaml';

export const GRAPH_SPEC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../test/fixtures/msgraph-openapi/openapi.yaml');

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];
const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function deref(doc, node) {
  let n = node;
  for (let i = 0; n?.$ref && i < 20; i++) {
    const target = n.$ref.startsWith('#/') ? n.$ref.slice(2).split('/').reduce((o, t) => o?.[t.replace(/~1/g, '/').replace(/~0/g, '~')], doc) : undefined;
    if (target === undefined) throw new Error(`graph excerpt: $ref ${n.$ref} does not resolve`);
    n = target;
  }
  return n;
}

/** The operations of the excerpt: { method, template, regex, names, operationId, operation, params }. */
function operationsOf(doc) {
  const base = new URL(doc.servers?.[0]?.url ?? 'https://graph.microsoft.com/v1.0/').pathname.replace(/\/$/, '');
  const ops = [];
  for (const [template, item] of Object.entries(doc.paths ?? {})) {
    const names = [];
    const re = template.split(/(\{[^}]+\})/).map((part) => {
      const m = /^\{([^}]+)\}$/.exec(part);
      if (!m) return escapeRe(part);
      names.push(m[1]);
      return '([^/]+)';
    }).join('');
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const params = [...(item.parameters ?? []), ...(operation.parameters ?? [])].map((p) => deref(doc, p));
      // Graph resource paths are case-insensitive (OData): `servicePrincipals` and `serviceprincipals` are one.
      ops.push({ method, template, base, regex: new RegExp(`^${escapeRe(base)}${re}/?$`, 'i'), names, operationId: operation.operationId, operation, params });
    }
  }
  return ops;
}

export function loadGraphSpec(file = GRAPH_SPEC) {
  const doc = YAML.parse(readFileSync(file, 'utf8'));
  return { doc, file, ops: operationsOf(doc) };
}

/** Graph v1.0 operation of a request, with its path parameter values: { op, pathParams } or undefined. */
export function matchGraphOperation(url, method, ops) {
  const u = new URL(url);
  let p;
  try { p = decodeURIComponent(u.pathname); } catch { return undefined; }
  for (const op of ops) {
    if (op.method !== method.toLowerCase()) continue;
    const m = op.regex.exec(p);
    if (m) return { op, pathParams: Object.fromEntries(op.names.map((n, i) => [n, m[i + 1]])) };
  }
  return undefined;
}

/**
 * OpenAPI 3.0 -> JSON Schema draft-07, for ajv. Kept: type (with `nullable` as an added `null`), enum,
 * items, properties, required, pattern, minimum, maximum, uniqueItems, allOf/anyOf/oneOf, $ref (to
 * `#/definitions/<component>`). Dropped: format (the excerpt's date-time and uuid properties carry the
 * equivalent `pattern`), titles, descriptions and `x-` extensions.
 * Two readings of Graph's generator output, not of JSON Schema:
 *   - `allOf: [base, derived]` is type inheritance: flattened into one object with the properties of both
 *     (JSON Schema would apply each part's additionalProperties to the other part's properties);
 *   - `additionalProperties: { type: object }` marks an open OData type. An object schema with properties
 *     therefore admits only those, plus OData annotations (names with `@`: `@odata.context`,
 *     `@odata.nextLink`, `manager@odata.type`); one without properties (InnerError, the components the
 *     excerpt leaves out) admits anything.
 */
export function toJsonSchema(schema, doc) {
  const definitions = {};
  const pending = [];
  const refName = (ref) => {
    const m = /^#\/components\/schemas\/(.+)$/.exec(ref);
    if (!m) throw new Error(`graph excerpt: unsupported $ref ${ref}`);
    if (!(m[1] in definitions)) { definitions[m[1]] = null; pending.push(m[1]); }
    return m[1];
  };
  const component = (name) => {
    const s = doc.components?.schemas?.[name];
    if (!s) throw new Error(`graph excerpt: no component schema ${name}`);
    return s;
  };
  /** Properties and required names of an object schema, following allOf and $ref. */
  const collect = (s, acc = { properties: {}, required: new Set(), object: false }) => {
    if (s.$ref) return collect(component(refName(s.$ref)), acc);
    for (const part of s.allOf ?? []) collect(part, acc);
    if (s.type === 'object' || s.properties) acc.object = true;
    for (const [k, v] of Object.entries(s.properties ?? {})) acc.properties[k] = v;
    for (const r of s.required ?? []) acc.required.add(r);
    return acc;
  };
  const convert = (s) => {
    if (s === undefined || s === null) return {};
    if (s.$ref) return { $ref: `#/definitions/${refName(s.$ref)}` };
    if (s.allOf && s.allOf.length > 0) {
      const acc = collect(s);
      return objectSchema(acc.properties, [...acc.required], true);
    }
    const out = {};
    if (s.anyOf) out.anyOf = s.anyOf.map(convert);
    if (s.oneOf) out.oneOf = s.oneOf.map(convert);
    if (s.type === 'object' || s.properties) return { ...out, ...objectSchema(s.properties ?? {}, s.required ?? [], Boolean(s.properties), s.nullable) };
    if (s.type) out.type = s.nullable ? [s.type, 'null'] : s.type;
    if (Array.isArray(s.enum)) out.enum = s.nullable && !s.enum.includes(null) ? [...s.enum, null] : s.enum;
    if (s.items) out.items = convert(s.items);
    for (const k of ['pattern', 'minimum', 'maximum', 'uniqueItems']) if (s[k] !== undefined) out[k] = s[k];
    return out;
  };
  const objectSchema = (properties, required, closed, nullable = false) => {
    const out = { type: nullable ? ['object', 'null'] : 'object' };
    if (Object.keys(properties).length > 0) out.properties = Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, convert(v)]));
    if (required.length > 0) out.required = required;
    if (closed && Object.keys(properties).length > 0) {
      out.patternProperties = { '@': {} };
      out.additionalProperties = false;
    }
    return out;
  };
  const root = convert(schema);
  while (pending.length > 0) {
    const name = pending.shift();
    definitions[name] = convert(component(name));
  }
  if (Object.keys(definitions).length === 0) return root;
  // draft-07 ignores the siblings of a $ref: the definitions go beside an allOf.
  return root.$ref ? { allOf: [root], definitions } : { ...root, definitions };
}

const ERROR_CODES = { type: 'INVALID_TYPE', additionalProperties: 'OBJECT_ADDITIONAL_PROPERTIES', required: 'OBJECT_MISSING_REQUIRED_PROPERTY', pattern: 'PATTERN', enum: 'ENUM_MISMATCH', uniqueItems: 'ARRAY_UNIQUE', minimum: 'MINIMUM', maximum: 'MAXIMUM' };

/** ajv error -> { code, path ($.a.b[0]), message }. */
function fromAjv(e, root = '$') {
  let p = root;
  for (const tok of e.instancePath.split('/').slice(1)) p += /^\d+$/.test(tok) ? `[${tok}]` : `.${tok.replace(/~1/g, '/').replace(/~0/g, '~')}`;
  if (e.keyword === 'additionalProperties') p += `.${e.params.additionalProperty}`;
  if (e.keyword === 'required') p += `.${e.params.missingProperty}`;
  return { code: ERROR_CODES[e.keyword] ?? e.keyword.toUpperCase(), path: p, message: e.keyword === 'additionalProperties' ? 'is not a property of the schema' : e.message };
}

/** Response object of an operation for a status: an exact code, then `NXX`, then `default` (errors only). */
function responseFor(operation, status, doc) {
  const r = operation.responses ?? {};
  const key = String(status);
  if (r[key]) return { key, response: deref(doc, r[key]) };
  const range = `${key[0]}XX`;
  if (r[range]) return { key: range, response: deref(doc, r[range]) };
  if (r.default && status >= 400) return { key: 'default', response: deref(doc, r.default) };
  return undefined;
}

const isJsonType = (ct) => /^application\/([a-z0-9.+-]*\+)?json\b/i.test(ct ?? '');
const header = (headers, name) => Object.entries(headers ?? {}).find(([k]) => k.toLowerCase() === name)?.[1];

export function createGraphValidator(spec) {
  // `nullable` becomes a union with null, which strict mode admits only with allowUnionTypes.
  const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
  const compiled = new Map();
  const compile = (schema) => {
    if (!compiled.has(schema)) compiled.set(schema, ajv.compile(toJsonSchema(schema, spec.doc)));
    return compiled.get(schema);
  };
  return (line) => {
    const match = matchGraphOperation(line.url, line.method, spec.ops);
    if (!match) return undefined;
    const { op, pathParams } = match;
    const errors = [];
    const err = (side, code, p, message) => errors.push({ side, code, path: p, message });

    // Request: path and query parameters the operation defines, no body on a GET.
    for (const p of op.params.filter((x) => x.in === 'path')) {
      const v = compile(p.schema ?? {});
      if (!v(pathParams[p.name])) for (const e of v.errors) err('request', fromAjv(e).code, `path.${p.name}`, e.message);
    }
    const query = new URL(line.url).searchParams;
    for (const name of new Set(query.keys())) {
      const p = op.params.find((x) => x.in === 'query' && x.name.toLowerCase() === name.toLowerCase());
      if (!p) { err('request', 'UNDEFINED_QUERY_PARAMETER', `query.${name}`, `${op.operationId} defines no query parameter ${name}`); continue; }
      const raw = query.get(name);
      const schema = p.schema ?? {};
      // style form, explode false: an array is one comma-separated value.
      const value = schema.type === 'array' ? raw.split(',') : schema.type === 'integer' && /^-?\d+$/.test(raw) ? Number(raw) : schema.type === 'boolean' && /^(true|false)$/.test(raw) ? raw === 'true' : raw;
      const v = compile(schema);
      if (!v(value)) for (const e of v.errors) err('request', fromAjv(e).code, `query.${name}`, e.message);
    }
    const hasBody = (line.requestBody !== null && line.requestBody !== undefined) || (typeof line.requestBodyText === 'string' && line.requestBodyText !== '');
    if (hasBody && !op.operation.requestBody) err('request', 'BODY_NOT_DEFINED', '$', `${op.operationId} takes no request body`);

    // Response: defined status, JSON body that fits the schema.
    const found = responseFor(op.operation, line.status, spec.doc);
    if (!found) {
      err('response', 'INVALID_RESPONSE_CODE', '$', `${op.operationId} defines no '${line.status}' response (it has ${Object.keys(op.operation.responses ?? {}).join(', ')})`);
      return { op, errors };
    }
    const media = found.response.content?.['application/json'];
    if (!media?.schema) return { op, errors };
    if (!isJsonType(header(line.responseHeaders, 'content-type'))) err('response', 'INVALID_CONTENT_TYPE', '$', `content-type ${header(line.responseHeaders, 'content-type') ?? '(none)'} is not JSON`);
    const body = line.responseBody;
    if (body === null || body === undefined) {
      err('response', 'MISSING_BODY', '$', `the '${found.key}' response of ${op.operationId} has a JSON body`);
      return { op, errors };
    }
    const v = compile(media.schema);
    if (!v(body)) for (const e of v.errors) { const x = fromAjv(e); err('response', x.code, x.path, x.message); }
    // $select: only the selected properties come back (OData annotations apart).
    const select = [...query.entries()].find(([k]) => k.toLowerCase() === '$select')?.[1];
    if (select && found.key !== 'default') {
      const keep = new Set(select.split(',').map((s) => s.trim().toLowerCase()));
      const entities = Array.isArray(body?.value) && deref(spec.doc, media.schema).properties?.value ? body.value.map((x, i) => [x, `$.value[${i}]`]) : [[body, '$']];
      for (const [entity, at] of entities) {
        if (!entity || typeof entity !== 'object') continue;
        for (const k of Object.keys(entity)) if (!k.includes('@') && !keep.has(k.toLowerCase())) err('response', 'NOT_SELECTED', `${at}.${k}`, `$select=${select} does not select ${k}`);
      }
    }
    return { op, errors };
  };
}
