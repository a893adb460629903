// A small parser and evaluator for the ARM template language expressions that policy rules use
// (`"[parameters('effect')]"`, `"[padLeft(current('…days'), 3, '0')]"`, …). It implements the
// functions the shipped built-in definitions use plus the common string/array/logic helpers.
import { ipRangeContains } from './ip.js';

export class ExpressionError extends Error {
  constructor(message: string, readonly expression?: string) {
    super(expression === undefined ? message : `${message} in expression ${JSON.stringify(expression)}`);
    this.name = 'ExpressionError';
  }
}

/** What an expression can see: the assignment's parameters, the resource's fields and the count iteration. */
export interface ExpressionContext {
  parameter(name: string): unknown;
  /** `field()` semantics: a missing property is "", an array alias gives an array of the selected values. */
  field(name: string): unknown;
  current(name?: string): unknown;
  apiVersion: string;
}

export type Node =
  | { k: 'lit'; v: unknown }
  | { k: 'call'; name: string; args: Node[] }
  | { k: 'prop'; obj: Node; name: string }
  | { k: 'index'; obj: Node; index: Node };

type Tok = { t: 'str'; v: string } | { t: 'num'; v: number } | { t: 'id'; v: string } | { t: 'p'; v: string };

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) { i++; continue; }
    if (c === "'") {
      let s = '';
      i++;
      for (;;) {
        if (i >= src.length) throw new ExpressionError('unterminated string literal', src);
        if (src[i] === "'") {
          if (src[i + 1] === "'") { s += "'"; i += 2; continue; }
          i++;
          break;
        }
        s += src[i++];
      }
      out.push({ t: 'str', v: s });
      continue;
    }
    const num = /^-?\d+(\.\d+)?/.exec(src.slice(i));
    if (num && (c !== '-' || /\d/.test(src[i + 1] ?? ''))) {
      out.push({ t: 'num', v: Number(num[0]) });
      i += num[0].length;
      continue;
    }
    const id = /^[A-Za-z_$][A-Za-z0-9_$]*/.exec(src.slice(i));
    if (id) { out.push({ t: 'id', v: id[0] }); i += id[0].length; continue; }
    if ('(),.[]'.includes(c)) { out.push({ t: 'p', v: c }); i++; continue; }
    throw new ExpressionError(`unexpected character '${c}'`, src);
  }
  return out;
}

/** Parses the inside of a `[...]` expression (without the brackets). */
export function parseExpression(src: string): Node {
  const toks = tokenize(src);
  let pos = 0;
  const peek = () => toks[pos];
  const expectP = (v: string) => {
    const t = toks[pos];
    if (!t || t.t !== 'p' || t.v !== v) throw new ExpressionError(`expected '${v}'`, src);
    pos++;
  };
  const primary = (): Node => {
    const t = toks[pos++];
    if (!t) throw new ExpressionError('unexpected end', src);
    if (t.t === 'str' || t.t === 'num') return { k: 'lit', v: t.v };
    if (t.t === 'id') {
      const nx = peek();
      if (nx && nx.t === 'p' && nx.v === '(') {
        pos++;
        const args: Node[] = [];
        const close = peek();
        if (close && close.t === 'p' && close.v === ')') { pos++; return { k: 'call', name: t.v.toLowerCase(), args }; }
        for (;;) {
          args.push(expr());
          const sep = toks[pos++];
          if (sep && sep.t === 'p' && sep.v === ')') break;
          if (!sep || sep.t !== 'p' || sep.v !== ',') throw new ExpressionError("expected ',' or ')'", src);
        }
        return { k: 'call', name: t.v.toLowerCase(), args };
      }
      const lower = t.v.toLowerCase();
      if (lower === 'true') return { k: 'lit', v: true };
      if (lower === 'false') return { k: 'lit', v: false };
      if (lower === 'null') return { k: 'lit', v: null };
      throw new ExpressionError(`unknown identifier '${t.v}'`, src);
    }
    throw new ExpressionError(`unexpected '${t.v}'`, src);
  };
  const expr = (): Node => {
    let n = primary();
    for (;;) {
      const t = peek();
      if (t && t.t === 'p' && t.v === '.') {
        pos++;
        const name = toks[pos++];
        if (!name || name.t !== 'id') throw new ExpressionError('expected a property name after .', src);
        n = { k: 'prop', obj: n, name: name.v };
      } else if (t && t.t === 'p' && t.v === '[') {
        pos++;
        const index = expr();
        expectP(']');
        n = { k: 'index', obj: n, index };
      } else {
        return n;
      }
    }
  };
  const n = expr();
  if (pos !== toks.length) throw new ExpressionError('trailing input', src);
  return n;
}

/** `"[...]"` is an expression; `"[[...]"` is the escaped literal `"[...]"`. */
export function isExpression(v: unknown): v is string {
  return typeof v === 'string' && v.length >= 2 && v.startsWith('[') && !v.startsWith('[[') && v.endsWith(']');
}

const parsed = new Map<string, Node>();
export function parseTemplateString(s: string): Node {
  let n = parsed.get(s);
  if (!n) {
    n = parseExpression(s.slice(1, -1));
    parsed.set(s, n);
  }
  return n;
}

/** Evaluates a policy-rule value: expressions are evaluated, `[[` escapes unescaped, everything else returned as is. */
export function evaluateValue(v: unknown, ctx: ExpressionContext): unknown {
  if (isExpression(v)) {
    try {
      return evalNode(parseTemplateString(v), ctx);
    } catch (e) {
      if (e instanceof ExpressionError && e.expression === undefined) throw new ExpressionError(e.message, v);
      throw e;
    }
  }
  if (typeof v === 'string' && v.startsWith('[[')) return v.slice(1);
  return v;
}

/** Case-insensitive property read, as ARM JSON property names are case-insensitive. */
export function getProp(obj: unknown, name: string): unknown {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) return undefined;
  const rec = obj as Record<string, unknown>;
  if (Object.prototype.hasOwnProperty.call(rec, name)) return rec[name];
  const lower = name.toLowerCase();
  for (const k of Object.keys(rec)) if (k.toLowerCase() === lower) return rec[k];
  return undefined;
}

function str(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

function int(v: unknown, fn: string): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*-?\d+\s*$/.test(v) ? Number(v) : NaN;
  if (!Number.isInteger(n)) throw new ExpressionError(`${fn}() expects an integer, got ${JSON.stringify(v)}`);
  return n;
}

function bool(v: unknown, fn: string): boolean {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string' && /^(true|false)$/i.test(v)) return v.toLowerCase() === 'true';
  if (typeof v === 'number') return v !== 0;
  throw new ExpressionError(`${fn}() expects a boolean, got ${JSON.stringify(v)}`);
}

function isEmpty(v: unknown): boolean {
  if (v === null || v === undefined) return true;
  if (typeof v === 'string' || Array.isArray(v)) return v.length === 0;
  if (typeof v === 'object') return Object.keys(v as object).length === 0;
  return false;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase();
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const ka = Object.keys(a as object);
    const kb = Object.keys(b as object);
    return ka.length === kb.length && ka.every((k) => deepEqual((a as Record<string, unknown>)[k], getProp(b, k)));
  }
  return false;
}

function compare(a: unknown, b: unknown, fn: string): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') {
    const x = a.toLowerCase();
    const y = b.toLowerCase();
    return x < y ? -1 : x > y ? 1 : 0;
  }
  throw new ExpressionError(`${fn}() cannot compare ${JSON.stringify(a)} with ${JSON.stringify(b)}`);
}

function arity(name: string, args: Node[], min: number, max = min): void {
  if (args.length < min || args.length > max) {
    throw new ExpressionError(`${name}() takes ${min === max ? min : `${min}-${max}`} argument(s), got ${args.length}`);
  }
}

export function evalNode(n: Node, ctx: ExpressionContext): unknown {
  switch (n.k) {
    case 'lit':
      return n.v;
    case 'prop': {
      const o = evalNode(n.obj, ctx);
      if (o === null || o === undefined) throw new ExpressionError(`cannot read property '${n.name}' of ${o === null ? 'null' : 'undefined'}`);
      return getProp(o, n.name);
    }
    case 'index': {
      const o = evalNode(n.obj, ctx);
      const i = evalNode(n.index, ctx);
      if (Array.isArray(o)) return o[int(i, 'index')];
      if (typeof i === 'string') return getProp(o, i);
      throw new ExpressionError(`cannot index ${JSON.stringify(o)} with ${JSON.stringify(i)}`);
    }
    case 'call':
      return call(n.name, n.args, ctx);
  }
}

function call(name: string, argNodes: Node[], ctx: ExpressionContext): unknown {
  // Lazily evaluated functions first.
  if (name === 'if') {
    arity(name, argNodes, 3);
    return bool(evalNode(argNodes[0], ctx), 'if') ? evalNode(argNodes[1], ctx) : evalNode(argNodes[2], ctx);
  }
  if (name === 'and' || name === 'or') {
    if (argNodes.length < 2) throw new ExpressionError(`${name}() takes at least 2 arguments`);
    for (const a of argNodes) {
      const b = bool(evalNode(a, ctx), name);
      if (name === 'and' && !b) return false;
      if (name === 'or' && b) return true;
    }
    return name === 'and';
  }
  if (name === 'coalesce') {
    for (const a of argNodes) {
      const v = evalNode(a, ctx);
      if (v !== null && v !== undefined) return v;
    }
    return null;
  }
  const args = argNodes.map((a) => evalNode(a, ctx));
  switch (name) {
    case 'parameters':
      arity(name, argNodes, 1);
      return ctx.parameter(str(args[0]));
    case 'field':
      arity(name, argNodes, 1);
      return ctx.field(str(args[0]));
    case 'current':
      arity(name, argNodes, 0, 1);
      return ctx.current(args.length ? str(args[0]) : undefined);
    case 'requestcontext':
      arity(name, argNodes, 0);
      return { apiVersion: ctx.apiVersion };
    case 'concat':
      if (args.length > 0 && Array.isArray(args[0])) return args.flatMap((a) => (Array.isArray(a) ? a : [a]));
      return args.map(str).join('');
    case 'padleft': {
      arity(name, argNodes, 2, 3);
      const s = str(args[0]);
      const width = int(args[1], name);
      const ch = args.length > 2 ? str(args[2]) : ' ';
      if (ch.length !== 1) throw new ExpressionError('padLeft() padding must be a single character');
      return s.length >= width ? s : ch.repeat(width - s.length) + s;
    }
    case 'tolower':
      arity(name, argNodes, 1);
      return str(args[0]).toLowerCase();
    case 'toupper':
      arity(name, argNodes, 1);
      return str(args[0]).toUpperCase();
    case 'trim':
      arity(name, argNodes, 1);
      return str(args[0]).trim();
    case 'string':
      arity(name, argNodes, 1);
      return str(args[0]);
    case 'int':
      arity(name, argNodes, 1);
      return int(args[0], name);
    case 'bool':
      arity(name, argNodes, 1);
      return bool(args[0], name);
    case 'true':
      return true;
    case 'false':
      return false;
    case 'not':
      arity(name, argNodes, 1);
      return !bool(args[0], name);
    case 'empty':
      arity(name, argNodes, 1);
      return isEmpty(args[0]);
    case 'length': {
      arity(name, argNodes, 1);
      const v = args[0];
      if (typeof v === 'string' || Array.isArray(v)) return v.length;
      if (v && typeof v === 'object') return Object.keys(v).length;
      if (v === null || v === undefined) return 0;
      throw new ExpressionError(`length() of ${JSON.stringify(v)}`);
    }
    case 'split': {
      arity(name, argNodes, 2);
      const delims = (Array.isArray(args[1]) ? args[1] : [args[1]]).map(str).filter((d) => d.length > 0);
      let parts = [str(args[0])];
      for (const d of delims) parts = parts.flatMap((p) => p.split(d));
      return parts;
    }
    case 'first':
    case 'last': {
      arity(name, argNodes, 1);
      const v = args[0];
      if (typeof v === 'string') return v.length === 0 ? '' : name === 'first' ? v[0] : v[v.length - 1];
      if (Array.isArray(v)) return name === 'first' ? v[0] : v[v.length - 1];
      throw new ExpressionError(`${name}() expects an array or string, got ${JSON.stringify(v)}`);
    }
    case 'take':
    case 'skip': {
      arity(name, argNodes, 2);
      const v = args[0];
      const k = Math.max(0, int(args[1], name));
      if (typeof v === 'string' || Array.isArray(v)) return name === 'take' ? v.slice(0, k) : v.slice(k);
      throw new ExpressionError(`${name}() expects an array or string`);
    }
    case 'contains': {
      arity(name, argNodes, 2);
      const [c, item] = args;
      if (typeof c === 'string') return c.includes(str(item));
      if (Array.isArray(c)) return c.some((x) => x === item || (typeof x !== 'string' && deepEqual(x, item)));
      if (c && typeof c === 'object') return getProp(c, str(item)) !== undefined;
      throw new ExpressionError(`contains() expects a string, array or object, got ${JSON.stringify(c)}`);
    }
    case 'startswith':
      arity(name, argNodes, 2);
      return str(args[0]).toLowerCase().startsWith(str(args[1]).toLowerCase());
    case 'endswith':
      arity(name, argNodes, 2);
      return str(args[0]).toLowerCase().endsWith(str(args[1]).toLowerCase());
    case 'indexof':
      arity(name, argNodes, 2);
      return str(args[0]).toLowerCase().indexOf(str(args[1]).toLowerCase());
    case 'replace':
      arity(name, argNodes, 3);
      return str(args[0]).split(str(args[1])).join(str(args[2]));
    case 'substring': {
      arity(name, argNodes, 2, 3);
      const s = str(args[0]);
      const start = int(args[1], name);
      const len = args.length > 2 ? int(args[2], name) : s.length - start;
      if (start < 0 || len < 0 || start + len > s.length) throw new ExpressionError('substring() out of range');
      return s.substr(start, len);
    }
    case 'equals':
      arity(name, argNodes, 2);
      return deepEqual(args[0], args[1]);
    case 'less':
      arity(name, argNodes, 2);
      return compare(args[0], args[1], name) < 0;
    case 'lessorequals':
      arity(name, argNodes, 2);
      return compare(args[0], args[1], name) <= 0;
    case 'greater':
      arity(name, argNodes, 2);
      return compare(args[0], args[1], name) > 0;
    case 'greaterorequals':
      arity(name, argNodes, 2);
      return compare(args[0], args[1], name) >= 0;
    case 'createarray':
      return args;
    case 'union': {
      if (args.every(Array.isArray)) {
        const out: unknown[] = [];
        for (const a of args as unknown[][]) for (const x of a) if (!out.some((y) => deepEqual(x, y))) out.push(x);
        return out;
      }
      return Object.assign({}, ...args.map((a) => (a && typeof a === 'object' ? a : {})));
    }
    case 'tryget': {
      arity(name, argNodes, 2);
      const [o, k] = args;
      if (Array.isArray(o)) return typeof k === 'number' ? o[k] ?? null : null;
      return getProp(o, str(k)) ?? null;
    }
    case 'iprangecontains':
      arity(name, argNodes, 2);
      return ipRangeContains(args[0], args[1]);
    case 'json':
      arity(name, argNodes, 1);
      return JSON.parse(str(args[0]));
    case 'utcnow':
      return new Date().toISOString();
    default:
      throw new ExpressionError(`unsupported template function '${name}()'`);
  }
}

/** Walks an expression and reports each call to `fnName` whose first argument is a string literal. */
export function literalCallArgs(expression: string, fnName: string): string[] {
  const out: string[] = [];
  const walk = (n: Node): void => {
    if (n.k === 'call') {
      if (n.name === fnName.toLowerCase() && n.args[0]?.k === 'lit' && typeof n.args[0].v === 'string') out.push(n.args[0].v);
      n.args.forEach(walk);
    } else if (n.k === 'prop') walk(n.obj);
    else if (n.k === 'index') { walk(n.obj); walk(n.index); }
  };
  walk(parseTemplateString(expression));
  return out;
}
