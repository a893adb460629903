// Evaluation of policy rule conditions: allOf/anyOf/not, field/value/count conditions and their operators.
import { lastStarKey, resolveField, select, STAR, type FieldRef } from './aliases.js';
import { evaluateValue, getProp, isExpression, type ExpressionContext } from './expressions.js';

export class PolicyRuleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PolicyRuleError';
  }
}

type Res = Record<string, unknown>;

export interface EvalEnv {
  /** The resource `field` conditions (and count.field) read. */
  resource: Res;
  /** The resource the `field()` template function reads: the `if` resource, also inside existenceCondition. */
  fieldFnResource: Res;
  parameters: Readonly<Record<string, unknown>>;
  apiVersion: string;
}

type Iteration = { kind: 'value'; name: string; value: unknown } | { kind: 'field'; key: string; value: unknown };

export interface Scope {
  /** '[*]' prefixes fixed by enclosing field counts (lower-case path → array member). */
  bindings: ReadonlyMap<string, unknown>;
  iterations: readonly Iteration[];
}

export const ROOT_SCOPE: Scope = { bindings: new Map(), iterations: [] };

export const OPERATORS = [
  'equals', 'notequals', 'like', 'notlike', 'match', 'matchinsensitively', 'notmatch', 'notmatchinsensitively',
  'contains', 'notcontains', 'in', 'notin', 'containskey', 'notcontainskey',
  'less', 'lessorequals', 'greater', 'greaterorequals', 'exists',
] as const;
export type Operator = (typeof OPERATORS)[number];

/** Reads an object's keys case-insensitively (definitions in the wild write `anyof`, `notequals`). */
function lowerKeys(o: unknown, where: string): Map<string, unknown> {
  if (!o || typeof o !== 'object' || Array.isArray(o)) throw new PolicyRuleError(`${where}: expected an object, got ${JSON.stringify(o)}`);
  return new Map(Object.entries(o as Record<string, unknown>).map(([k, v]) => [k.toLowerCase(), v]));
}

export function expressionContext(env: EvalEnv, scope: Scope): ExpressionContext {
  return {
    apiVersion: env.apiVersion,
    parameter(name) {
      const key = Object.keys(env.parameters).find((k) => k.toLowerCase() === name.toLowerCase());
      if (key === undefined) throw new PolicyRuleError(`parameters('${name}'): the definition declares no such parameter`);
      return env.parameters[key];
    },
    field(name) {
      const ref = resolveField(name);
      const bindings = env.fieldFnResource === env.resource ? scope.bindings : new Map<string, unknown>();
      const sel = select(env.fieldFnResource, ref, bindings);
      if (sel.collection) return sel.items.map((i) => (i.value === undefined ? null : i.value));
      const v = sel.items[0]?.value;
      return v === undefined || v === null ? '' : v;
    },
    current(name) {
      if (name === undefined) {
        const last = scope.iterations[scope.iterations.length - 1];
        if (!last) throw new PolicyRuleError('current() used outside a count expression');
        return last.value;
      }
      for (let i = scope.iterations.length - 1; i >= 0; i--) {
        const it = scope.iterations[i];
        if (it.kind === 'value' && it.name.toLowerCase() === name.toLowerCase()) return it.value;
      }
      const ref = resolveField(name);
      const key = lastStarKey(ref);
      if (!key || !scope.iterations.some((it) => it.kind === 'field' && key.startsWith(it.key))) {
        throw new PolicyRuleError(`current('${name}') is not inside a count over that array`);
      }
      const sel = select(env.resource, ref, scope.bindings);
      if (sel.items.length === 1 && isFullyBound(ref, scope.bindings)) return sel.items[0].value ?? null;
      return sel.items.map((i) => i.value ?? null);
    },
  };
}

function isFullyBound(ref: FieldRef, bindings: ReadonlyMap<string, unknown>): boolean {
  let prefix = '';
  for (const seg of ref.segments) {
    if (seg === STAR) {
      prefix += STAR;
      if (!bindings.has(prefix.toLowerCase())) return false;
    } else prefix += (prefix ? '.' : '') + seg;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Operators

const NUMERIC = /^\s*-?\d+(\.\d+)?\s*$/;

function isMissing(v: unknown): boolean {
  return v === undefined || v === null;
}

function scalarText(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);
}

export function looseEquals(a: unknown, b: unknown): boolean {
  if (isMissing(a) || isMissing(b)) return a === null && b === null;
  if (typeof a === 'object' || typeof b === 'object') {
    if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => looseEquals(x, b[i]));
    if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
      const ka = Object.keys(a);
      return ka.length === Object.keys(b).length && ka.every((k) => looseEquals((a as Res)[k], getProp(b, k)));
    }
    return false;
  }
  if ((typeof a === 'number' || typeof b === 'number') && NUMERIC.test(String(a)) && NUMERIC.test(String(b))) return Number(a) === Number(b);
  return scalarText(a).toLowerCase() === scalarText(b).toLowerCase();
}

function order(a: unknown, b: unknown, op: string): number | undefined {
  if (isMissing(a) || isMissing(b)) return undefined;
  if ((typeof a === 'number' || typeof b === 'number') && NUMERIC.test(String(a)) && NUMERIC.test(String(b))) return Number(a) - Number(b);
  if (typeof a === 'string' && typeof b === 'string') {
    const x = a.toLowerCase();
    const y = b.toLowerCase();
    return x < y ? -1 : x > y ? 1 : 0;
  }
  throw new PolicyRuleError(`${op}: cannot compare ${JSON.stringify(a)} with ${JSON.stringify(b)}`);
}

function escapeRe(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function likeRe(pattern: string): RegExp {
  return new RegExp(`^${pattern.split('*').map(escapeRe).join('.*')}$`, 'is');
}

function matchRe(pattern: string, insensitive: boolean): RegExp {
  let re = '';
  for (const c of pattern) re += c === '#' ? '[0-9]' : c === '?' ? '[A-Za-z]' : c === '.' ? '.' : escapeRe(c);
  return new RegExp(`^${re}$`, insensitive ? 'isu' : 'su');
}

function toBool(v: unknown, op: string): boolean {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string' && /^(true|false)$/i.test(v.trim())) return v.trim().toLowerCase() === 'true';
  throw new PolicyRuleError(`${op}: expected true or false, got ${JSON.stringify(v)}`);
}

export function applyOperator(op: Operator, actual: unknown, expected: unknown): boolean {
  switch (op) {
    case 'equals': return looseEquals(actual, expected);
    case 'notequals': return !looseEquals(actual, expected);
    case 'like':
    case 'notlike': {
      const hit = !isMissing(actual) && typeof actual !== 'object' && likeRe(scalarText(expected)).test(scalarText(actual));
      return op === 'like' ? hit : !hit;
    }
    case 'match':
    case 'notmatch':
    case 'matchinsensitively':
    case 'notmatchinsensitively': {
      const insensitive = op.endsWith('insensitively');
      const hit = !isMissing(actual) && typeof actual !== 'object' && matchRe(scalarText(expected), insensitive).test(scalarText(actual));
      return op.startsWith('not') ? !hit : hit;
    }
    case 'contains':
    case 'notcontains': {
      let hit = false;
      if (typeof actual === 'string') hit = actual.toLowerCase().includes(scalarText(expected).toLowerCase());
      else if (Array.isArray(actual)) hit = actual.some((x) => looseEquals(x, expected));
      return op === 'contains' ? hit : !hit;
    }
    case 'in':
    case 'notin': {
      if (!Array.isArray(expected)) throw new PolicyRuleError(`${op}: expected an array, got ${JSON.stringify(expected)}`);
      const hit = expected.some((e) => looseEquals(actual, e));
      return op === 'in' ? hit : !hit;
    }
    case 'containskey':
    case 'notcontainskey': {
      const hit = !!actual && typeof actual === 'object' && !Array.isArray(actual) && getProp(actual, scalarText(expected)) !== undefined;
      return op === 'containskey' ? hit : !hit;
    }
    case 'less': { const c = order(actual, expected, op); return c !== undefined && c < 0; }
    case 'lessorequals': { const c = order(actual, expected, op); return c !== undefined && c <= 0; }
    case 'greater': { const c = order(actual, expected, op); return c !== undefined && c > 0; }
    case 'greaterorequals': { const c = order(actual, expected, op); return c !== undefined && c >= 0; }
    case 'exists': return toBool(expected, op) === !isMissing(actual);
  }
}

// ---------------------------------------------------------------------------------------------
// Conditions

interface Leaf {
  op: Operator;
  opKey: string;
  expected: unknown;
  source: 'field' | 'value' | 'count';
  keys: Map<string, unknown>;
}

function leafOf(keys: Map<string, unknown>, where: string): Leaf {
  const ops = OPERATORS.filter((o) => keys.has(o));
  if (ops.length !== 1) throw new PolicyRuleError(`${where}: a condition needs exactly one operator, found ${ops.length ? ops.join(', ') : 'none'} in ${JSON.stringify(Object.fromEntries(keys))}`);
  const sources = (['field', 'value', 'count'] as const).filter((s) => keys.has(s));
  if (sources.length !== 1) throw new PolicyRuleError(`${where}: a condition needs exactly one of field, value or count`);
  return { op: ops[0], opKey: ops[0], expected: keys.get(ops[0]), source: sources[0], keys };
}

export function evaluateCondition(cond: unknown, env: EvalEnv, scope: Scope = ROOT_SCOPE): boolean {
  const keys = lowerKeys(cond, 'condition');
  if (keys.has('allof')) return asArray(keys.get('allof'), 'allOf').every((c) => evaluateCondition(c, env, scope));
  if (keys.has('anyof')) return asArray(keys.get('anyof'), 'anyOf').some((c) => evaluateCondition(c, env, scope));
  if (keys.has('not')) return !evaluateCondition(keys.get('not'), env, scope);
  return evaluateLeaf(leafOf(keys, 'condition'), env, scope).result;
}

function asArray(v: unknown, what: string): unknown[] {
  if (!Array.isArray(v)) throw new PolicyRuleError(`${what} must be an array`);
  return v;
}

interface LeafOutcome { result: boolean; actual: unknown; expected: unknown; subject: string }

function evaluateLeaf(leaf: Leaf, env: EvalEnv, scope: Scope): LeafOutcome {
  const ctx = expressionContext(env, scope);
  const expected = evaluateValue(leaf.expected, ctx);
  if (leaf.source === 'field') {
    const name = evaluateValue(leaf.keys.get('field'), ctx);
    if (typeof name !== 'string') throw new PolicyRuleError(`field must name a field, got ${JSON.stringify(name)}`);
    const sel = select(env.resource, resolveField(name), scope.bindings);
    if (sel.collection) {
      const values = sel.items.map((i) => i.value);
      return { result: values.every((v) => applyOperator(leaf.op, v, expected)), actual: values, expected, subject: name };
    }
    const actual = sel.items[0]?.value;
    return { result: applyOperator(leaf.op, actual, expected), actual, expected, subject: name };
  }
  if (leaf.source === 'value') {
    const actual = evaluateValue(leaf.keys.get('value'), ctx);
    const raw = leaf.keys.get('value');
    return { result: applyOperator(leaf.op, actual, expected), actual, expected, subject: `value ${typeof raw === 'string' ? raw : JSON.stringify(raw)}` };
  }
  const { n, subject } = countOf(leaf.keys.get('count'), env, scope);
  return { result: applyOperator(leaf.op, n, expected), actual: n, expected, subject };
}

function countOf(spec: unknown, env: EvalEnv, scope: Scope): { n: number; subject: string } {
  const keys = lowerKeys(spec, 'count');
  const where = keys.get('where');
  const ctx = expressionContext(env, scope);
  if (keys.has('field')) {
    const name = evaluateValue(keys.get('field'), ctx);
    if (typeof name !== 'string') throw new PolicyRuleError(`count.field must be an alias, got ${JSON.stringify(name)}`);
    const ref = resolveField(name);
    const key = lastStarKey(ref);
    if (!key) throw new PolicyRuleError(`count.field '${name}' is not an array ([*]) alias`);
    const sel = select(env.resource, ref, scope.bindings);
    if (where === undefined) return { n: sel.items.length, subject: `count(${name})` };
    let n = 0;
    for (const item of sel.items) {
      const inner: Scope = { bindings: item.bindings, iterations: [...scope.iterations, { kind: 'field', key, value: item.value }] };
      if (evaluateCondition(where, env, inner)) n++;
    }
    return { n, subject: `count(${name} where …)` };
  }
  if (keys.has('value')) {
    const arr = evaluateValue(keys.get('value'), ctx);
    if (!Array.isArray(arr)) throw new PolicyRuleError(`count.value must be an array, got ${JSON.stringify(arr)}`);
    const name = keys.has('name') ? String(keys.get('name')) : 'default';
    if (where === undefined) return { n: arr.length, subject: `count(value ${name})` };
    let n = 0;
    for (const v of arr) {
      const inner: Scope = { bindings: scope.bindings, iterations: [...scope.iterations, { kind: 'value', name, value: v }] };
      if (evaluateCondition(where, env, inner)) n++;
    }
    return { n, subject: `count(value ${name} where …)` };
  }
  throw new PolicyRuleError('count needs field or value');
}

// ---------------------------------------------------------------------------------------------
// Applicability: does the rule's `field: type` condition target this resource?

/**
 * Three-valued evaluation where only conditions on `field: type` are decided and every other
 * condition is unknown. `false` means the rule cannot apply to this resource type.
 */
export function typeApplicability(cond: unknown, env: EvalEnv): boolean | undefined {
  const keys = lowerKeys(cond, 'condition');
  if (keys.has('allof')) {
    let r: boolean | undefined = true;
    for (const c of asArray(keys.get('allof'), 'allOf')) {
      const v = typeApplicability(c, env);
      if (v === false) return false;
      if (v === undefined) r = undefined;
    }
    return r;
  }
  if (keys.has('anyof')) {
    let r: boolean | undefined = false;
    for (const c of asArray(keys.get('anyof'), 'anyOf')) {
      const v = typeApplicability(c, env);
      if (v === true) return true;
      if (v === undefined) r = undefined;
    }
    return r;
  }
  if (keys.has('not')) {
    const v = typeApplicability(keys.get('not'), env);
    return v === undefined ? undefined : !v;
  }
  const f = keys.get('field');
  if (typeof f === 'string' && f.toLowerCase() === 'type') return evaluateLeaf(leafOf(keys, 'condition'), env, ROOT_SCOPE).result;
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Explanations (why a condition evaluated the way it did), for finding reasons.

function show(v: unknown): string {
  if (v === undefined) return '(missing)';
  const s = JSON.stringify(v);
  return s.length > 120 ? `${s.slice(0, 117)}...` : s;
}

function describeLeaf(leaf: Leaf, out: LeafOutcome): string {
  const expectedRaw = leaf.expected;
  const expected = isExpression(expectedRaw) && expectedRaw !== show(out.expected) ? `${show(out.expected)} (${expectedRaw})` : show(out.expected);
  return `${out.subject} ${OPERATOR_NAMES[leaf.op]} ${expected} (actual: ${show(out.actual)})`;
}

const OPERATOR_NAMES: Record<Operator, string> = {
  equals: 'equals', notequals: 'notEquals', like: 'like', notlike: 'notLike', match: 'match', matchinsensitively: 'matchInsensitively',
  notmatch: 'notMatch', notmatchinsensitively: 'notMatchInsensitively', contains: 'contains', notcontains: 'notContains', in: 'in',
  notin: 'notIn', containskey: 'containsKey', notcontainskey: 'notContainsKey', less: 'less', lessorequals: 'lessOrEquals',
  greater: 'greater', greaterorequals: 'greaterOrEquals', exists: 'exists',
};

/**
 * The leaf conditions that decided `cond`'s value, described: for a true allOf every (non-type)
 * member, for a true anyOf the first true member, for false the mirror image.
 */
export function explain(cond: unknown, env: EvalEnv, scope: Scope = ROOT_SCOPE): string[] {
  const keys = lowerKeys(cond, 'condition');
  const value = evaluateCondition(cond, env, scope);
  if (keys.has('allof') || keys.has('anyof')) {
    const isAll = keys.has('allof');
    const members = asArray(keys.get(isAll ? 'allof' : 'anyof'), isAll ? 'allOf' : 'anyOf');
    // all members decided it when (allOf,true) or (anyOf,false); otherwise the first one with the result.
    if (isAll === value) return members.flatMap((c) => explain(c, env, scope));
    const decisive = members.find((c) => evaluateCondition(c, env, scope) === value);
    return decisive === undefined ? [] : explain(decisive, env, scope);
  }
  if (keys.has('not')) return explain(keys.get('not'), env, scope).map((s) => `not(${s})`);
  const f = keys.get('field');
  if (typeof f === 'string' && f.toLowerCase() === 'type') return [];
  const leaf = leafOf(keys, 'condition');
  return [describeLeaf(leaf, evaluateLeaf(leaf, env, scope))];
}
