// Config loading: file (YAML or JSON) + environment variables + flags → validated Config, derived
// names, and where each value came from. Every problem is collected and thrown at once as a
// ConfigError; no zod output, stack or YAML internals ever reach the user.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import YAML from 'yaml';
import type { z } from 'zod';
import { ConfigError, type Problem } from '../errors.js';
import { MODULE_DEFINITIONS } from '../../steps/index.js';
import { networkFindings } from './layout.js';
import { deriveNames, nameFindings, type Names } from './naming.js';
import { closest, type Finding, formatPath, quote, toProblems } from './problems.js';
import { type Config, ConfigSchema } from './schema.js';

export type Source = 'file' | 'flag' | 'env' | 'default';

export interface ConfigInputs {
  /** Path of the YAML/JSON config file (-c/--config). */
  file?: string;
  flags?: { subscription?: string; location?: string; env?: string; egress?: string; access?: string; enforce?: boolean };
  /** Environment variables; loadConfig uses process.env when omitted. */
  env?: Record<string, string | undefined>;
}

export interface LoadedConfig {
  config: Config;
  names: Names;
  /** Where each leaf (dotted path, e.g. `network.subnets.training`) came from. Arrays are leaves. */
  sources: Record<string, Source>;
  file?: string;
}

/** Where an in-memory config came from, for validateConfig. */
export interface ConfigOrigin {
  /** File the values were read from (recorded in LoadedConfig.file). */
  file?: string;
  flags?: ConfigInputs['flags'];
  /** Environment variables to apply; validateConfig applies none when omitted. */
  env?: ConfigInputs['env'];
  /** What to record for values present in `raw`; default 'file'. */
  source?: Source;
}

/** The values that flags and environment variables may override (dotted paths). */
const OVERRIDES = [
  { path: 'subscriptionId', flagKey: 'subscription', flag: '--subscription', envVar: 'AZURE_SUBSCRIPTION_ID' },
  { path: 'location', flagKey: 'location', flag: '--location', envVar: 'AZURE_LOCATION' },
  { path: 'environment', flagKey: 'env', flag: '--env', envVar: 'SECURE_AML_ENV' },
  { path: 'network.egress', flagKey: 'egress', flag: '--egress', envVar: 'SECURE_AML_EGRESS' },
  { path: 'access.mode', flagKey: 'access', flag: '--access', envVar: 'SECURE_AML_ACCESS' },
  // A switch: the flag only turns it on; the variable takes true or false.
  { path: 'policy.enforce', flagKey: 'enforce', flag: '--enforce', envVar: 'SECURE_AML_POLICY_ENFORCE', boolean: true },
] as const;

/** An override's value as the schema expects it: switches as booleans ("true"/"false" from the environment). */
function overrideValue(o: (typeof OVERRIDES)[number], value: string | boolean): unknown {
  if (!('boolean' in o) || typeof value === 'boolean') return value;
  return value === 'true' ? true : value === 'false' ? false : value;
}

/** File names in the config (modules' `filePaths`) are relative to the config file, as a user reads them. */
function resolveFilePaths(config: Config, file: string | undefined): void {
  const base = file ? path.dirname(path.resolve(file)) : process.cwd();
  for (const p of MODULE_DEFINITIONS.flatMap((d) => d.filePaths ?? [])) {
    const keys = p.split('.');
    const parent = getAt(config, keys.slice(0, -1)) as Obj | undefined;
    const last = keys[keys.length - 1];
    if (isObj(parent) && typeof parent[last] === 'string' && !path.isAbsolute(parent[last])) parent[last] = path.resolve(base, parent[last]);
  }
}

/** Set a dotted path in a plain object, creating mappings on the way (a non-mapping in the way is replaced). */
function setPath(root: Obj, path: string, value: unknown): void {
  const keys = path.split('.');
  let cur = root;
  for (const k of keys.slice(0, -1)) {
    if (!isObj(cur[k])) cur[k] = {};
    cur = cur[k] as Obj;
  }
  cur[keys[keys.length - 1]] = value;
}

const REQUIRED: Record<string, string> = {
  name: 'required; a short name (2-10 lowercase letters and digits, e.g. mlsec) that every resource name is derived from; set it in the config file',
  subscriptionId: 'required; set it in the config file, pass --subscription, or export AZURE_SUBSCRIPTION_ID',
  location: 'required; set it in the config file, pass --location, or export AZURE_LOCATION',
};

/** Stand-ins for required values, used only to run the cross-field checks when parsing failed. */
const PLACEHOLDERS: Record<string, unknown> = {
  name: 'aml',
  subscriptionId: '00000000-0000-0000-0000-000000000000',
  location: 'westeurope',
};

type Obj = Record<string, unknown>;
type Path = (string | number)[];

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function describeType(v: unknown): string {
  if (Array.isArray(v)) return 'a list';
  if (v === null) return 'empty';
  if (typeof v === 'object') return 'a mapping';
  return `a ${typeof v}`;
}

/** YAML `key:` with nothing after it means "not set": drop nulls from mappings (not from lists). */
function dropNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(dropNulls);
  if (!isObj(v)) return v;
  const out: Obj = {};
  for (const [k, val] of Object.entries(v)) if (val !== null && val !== undefined) out[k] = dropNulls(val);
  return out;
}

function getAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = root;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[seg as string];
  }
  return cur;
}

// ---- schema navigation, for "did you mean" on unknown keys ------------------------------------

type AnySchema = z.core.$ZodType;

function unwrap(s: AnySchema): AnySchema {
  let cur = s;
  for (;;) {
    const def = cur._zod.def as { type: string; innerType?: AnySchema; in?: AnySchema };
    if (def.innerType && ['optional', 'default', 'prefault', 'nullable', 'readonly', 'catch', 'nonoptional'].includes(def.type)) cur = def.innerType;
    else if (def.type === 'pipe' && def.in) cur = def.in;
    else return cur;
  }
}

function shapeOf(s: AnySchema): Record<string, AnySchema> | undefined {
  const def = unwrap(s)._zod.def as { type: string; shape?: Record<string, AnySchema> };
  return def.type === 'object' ? def.shape : undefined;
}

function schemaAt(path: readonly PropertyKey[]): AnySchema | undefined {
  let cur: AnySchema | undefined = ConfigSchema;
  for (const seg of path) {
    if (!cur) return undefined;
    const def = unwrap(cur)._zod.def as { type: string; shape?: Record<string, AnySchema>; element?: AnySchema };
    if (def.type === 'object') cur = def.shape?.[String(seg)];
    else if (def.type === 'array') cur = def.element;
    else return undefined;
  }
  return cur;
}

function unknownKeyMessage(objectPath: readonly PropertyKey[], key: string): string {
  const schema = schemaAt(objectPath);
  const shape = schema ? shapeOf(schema) : undefined;
  if (!shape) return 'unknown key';
  const known = Object.keys(shape);
  const near = closest(key, known);
  if (near) return `unknown key (did you mean "${near}"?)`;
  // A key that belongs one level down, e.g. `training` directly under `network`.
  for (const child of known) {
    const sub = shapeOf(shape[child]);
    const hit = sub && closest(key, Object.keys(sub));
    if (hit) return `unknown key (did you mean "${child}.${hit}"?)`;
  }
  return `unknown key; expected one of: ${known.join(', ')}`;
}

// ---- zod issues → problems --------------------------------------------------------------------

function issueProblems(issues: readonly z.core.$ZodIssue[]): Problem[] {
  const out: Problem[] = [];
  for (const issue of issues) {
    const path = issue.path as Path;
    const where = formatPath(path);
    const input = (issue as { input?: unknown }).input;
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push({ path: formatPath([...path, key]), message: unknownKeyMessage(path, key) });
    } else if (input === undefined && issue.code !== 'custom') {
      out.push({ path: where, message: REQUIRED[where] ?? 'required' });
    } else if (issue.code === 'invalid_type' && issue.expected === 'object' && path.length === 0) {
      out.push({ path: '<config>', message: `the configuration is ${describeType(input)}; expected a mapping of settings (name, subscriptionId, location, ...)` });
    } else if (issue.code === 'invalid_type' && (issue.expected === 'object' || issue.expected === 'array' || issue.expected === 'record')) {
      out.push({ path: where, message: `${quote(input)} is ${describeType(input)}; expected ${issue.expected === 'array' ? 'a list' : 'a mapping'}` });
    } else {
      out.push({ path: where || '<config>', message: issue.message });
    }
  }
  return out;
}

/** Message for issues no schema-level message covers (zod's defaults name internals). */
const fallbackMessage: z.core.$ZodErrorMap = (iss) => {
  const q = quote(iss.input);
  switch (iss.code) {
    case 'invalid_type':
      return `${q} is ${describeType(iss.input)}; expected ${iss.expected === 'int' ? 'a whole number' : `a ${iss.expected}`}`;
    case 'too_big':
      return `${q} is too ${iss.origin === 'string' ? 'long' : 'big'} (at most ${String(iss.maximum)}${iss.origin === 'string' ? ' characters' : iss.origin === 'array' ? ' items' : ''})`;
    case 'too_small':
      return `${q} is too ${iss.origin === 'string' ? 'short' : 'small'} (at least ${String(iss.minimum)}${iss.origin === 'string' ? ' characters' : iss.origin === 'array' ? ' items' : ''})`;
    case 'invalid_value': {
      const values = iss.values.map((v) => String(v));
      const hint = typeof iss.input === 'string' ? closest(iss.input, values) : undefined;
      return `${q} is not one of ${values.join(', ')}${hint ? ` (did you mean "${hint}"?)` : ''}`;
    }
    case 'invalid_format':
      return `${q} is not a valid ${iss.format}`;
    default:
      return `${q} is not valid`;
  }
};

// ---- repair: a best-effort config so cross-field checks can still run --------------------------

function deleteAt(root: Obj, path: Path): void {
  const parent = getAt(root, path.slice(0, -1));
  const last = path[path.length - 1];
  if (Array.isArray(parent) && typeof last === 'number') parent[last] = REMOVED;
  else if (isObj(parent)) delete parent[String(last)];
}

const REMOVED = Symbol('removed');

function purgeRemoved(v: unknown): unknown {
  if (Array.isArray(v)) return v.filter((x) => x !== REMOVED).map(purgeRemoved);
  if (isObj(v)) for (const k of Object.keys(v)) v[k] = purgeRemoved(v[k]);
  return v;
}

/**
 * Drop each invalid value (so its default applies) and each invalid list element, and fill missing
 * required values with stand-ins, until the schema accepts the input. Returns the parsed config
 * and the paths that were changed, or undefined if it does not converge.
 */
function repair(input: Obj): { config: Config; repaired: string[] } | undefined {
  const work = structuredClone(input);
  const repaired: string[] = [];
  for (let round = 0; round < 25; round++) {
    const r = ConfigSchema.safeParse(work, { reportInput: true });
    if (r.success) return { config: r.data, repaired };
    for (const issue of r.error.issues) {
      const path = [...(issue.path as Path)];
      if (issue.code === 'unrecognized_keys') {
        for (const k of issue.keys) deleteAt(work, [...path, k]);
        continue;
      }
      if (path.length === 0) return undefined;
      if (getAt(work, path) === undefined) {
        // A missing required value: a stand-in at the top, otherwise drop what contains it.
        if (path.length === 1 && path[0] in PLACEHOLDERS) {
          work[path[0] as string] = PLACEHOLDERS[path[0] as string];
          repaired.push(String(path[0]));
          continue;
        }
        path.pop();
        if (path.length === 0) return undefined;
      }
      // Inside a list, drop the whole list from the checks (indices shift once an element goes).
      const listAt = path.findIndex((seg) => typeof seg === 'number');
      repaired.push(formatPath(listAt >= 0 ? path.slice(0, listAt) : path));
      deleteAt(work, path);
    }
    purgeRemoved(work);
  }
  return undefined;
}

function touches(a: string, b: string): boolean {
  const under = (x: string, y: string) => x === y || x.startsWith(`${y}.`) || x.startsWith(`${y}[`);
  return under(a, b) || under(b, a);
}

/** Checks across fields: network layout, names, and each module's own (cluster bounds...). */
function crossFieldFindings(config: Config, names: Names): Finding[] {
  return [...networkFindings(config.network, config), ...nameFindings(config, names), ...MODULE_DEFINITIONS.flatMap((m) => m.findings?.(config, names) ?? [])];
}

// ---- sources ------------------------------------------------------------------------------------

function leaves(v: unknown, prefix: string, out: string[]): void {
  if (isObj(v) && Object.keys(v).length > 0) {
    for (const [k, val] of Object.entries(v)) if (val !== undefined) leaves(val, prefix ? `${prefix}.${k}` : k, out);
  } else if (prefix) out.push(prefix);
}

function has(raw: Obj, dotted: string): boolean {
  return getAt(raw, dotted.split('.')) !== undefined;
}

// ---- public API ---------------------------------------------------------------------------------

/**
 * Validate an in-memory config (from a file, the init wizard or a test) with optional flag/env
 * overrides. Returns the config with defaults, its derived names and the source of every value;
 * throws ConfigError listing every problem at once.
 */
export function validateConfig(raw: unknown, origin: ConfigOrigin = {}): LoadedConfig {
  const fileSource = origin.source ?? 'file';
  const cleaned = dropNulls(raw ?? {});
  if (!isObj(cleaned)) {
    throw new ConfigError([{ path: origin.file ?? '<config>', message: `the configuration is ${describeType(cleaned)}; expected a mapping of settings (name, subscriptionId, location, ...)` }]);
  }
  const input: Obj = structuredClone(cleaned);

  // Precedence: flag > env > file > default.
  const overridden = new Map<string, { source: Source; label: string }>();
  for (const o of OVERRIDES) {
    const envValue = origin.env?.[o.envVar];
    const flagValue = origin.flags?.[o.flagKey];
    if (flagValue !== undefined && flagValue !== '' && flagValue !== false) {
      setPath(input, o.path, overrideValue(o, flagValue));
      overridden.set(o.path, { source: 'flag', label: o.flag });
    } else if (envValue !== undefined && envValue !== '') {
      setPath(input, o.path, overrideValue(o, envValue));
      overridden.set(o.path, { source: 'env', label: o.envVar });
    }
  }

  const parsed = ConfigSchema.safeParse(input, { reportInput: true, error: fallbackMessage });
  const problems: Problem[] = [];
  let config: Config | undefined;
  let repaired: string[] = [];
  if (parsed.success) config = parsed.data;
  else {
    problems.push(...issueProblems(parsed.error.issues));
    const fixed = repair(input);
    if (fixed) ({ config, repaired } = fixed);
  }

  let names: Names | undefined;
  if (config) {
    resolveFilePaths(config, origin.file);
    names = deriveNames(config);
    for (const f of crossFieldFindings(config, names)) {
      if (f.involves?.some((p) => repaired.some((r) => touches(p, r)))) continue;
      problems.push(f);
    }
  }

  // Name values that came from a flag or env var by that flag or variable.
  const named = problems.map((p) => {
    const o = overridden.get(p.path);
    return o ? { path: o.label, message: p.message } : p;
  });
  const seen = new Set<string>();
  const unique = toProblems(named).filter((p) => {
    const key = `${p.path}\u0000${p.message}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
  if (unique.length > 0 || !config || !names) throw new ConfigError(unique);

  const paths: string[] = [];
  leaves(config, '', paths);
  const sources: Record<string, Source> = {};
  for (const p of paths) sources[p] = overridden.get(p)?.source ?? (has(cleaned, p) ? fileSource : 'default');
  return { config, names, sources, ...(origin.file !== undefined ? { file: origin.file } : {}) };
}

/** Read a YAML or JSON file into a plain value; problems are reported against the file. */
async function readConfigFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ConfigError([{ path: '--config', message: `file not found: ${file}` }], 'Pass the path of an existing config file with -c/--config.');
    if (code === 'EISDIR') throw new ConfigError([{ path: '--config', message: `${file} is a directory; expected a YAML or JSON file` }]);
    throw new ConfigError([{ path: '--config', message: `cannot read ${file}: ${(e as Error).message}` }]);
  }
  const doc = YAML.parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(doc.errors.map((err) => {
      let message = err.message.split('\n')[0].replace(/:\s*$/, '');
      const pos = err.linePos?.[0];
      if (pos && !/at line \d+/.test(message)) message += ` at line ${pos.line}, column ${pos.col}`;
      return { path: file, message: `invalid YAML: ${message}` };
    }));
  }
  return doc.toJS({ maxAliasCount: 100 });
}

/**
 * Load the config: file (if any), then environment variables, then flags. Throws ConfigError
 * listing every problem.
 */
export async function loadConfig(inputs: ConfigInputs): Promise<LoadedConfig> {
  const raw = inputs.file !== undefined ? await readConfigFile(inputs.file) : {};
  return validateConfig(raw, { file: inputs.file, flags: inputs.flags, env: inputs.env ?? process.env });
}
