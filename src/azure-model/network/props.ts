// Typed reads of ARM GET bodies (JSON objects of unknown shape), so the rest of the model needs no casts.

export type Json = Record<string, unknown>;

export function isObj(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function obj(o: unknown, key: string): Json | undefined {
  if (!isObj(o)) return undefined;
  const v = o[key];
  return isObj(v) ? v : undefined;
}

export function str(o: unknown, key: string): string | undefined {
  if (!isObj(o)) return undefined;
  const v = o[key];
  return typeof v === 'string' ? v : undefined;
}

export function num(o: unknown, key: string): number | undefined {
  if (!isObj(o)) return undefined;
  const v = o[key];
  return typeof v === 'number' ? v : undefined;
}

export function bool(o: unknown, key: string): boolean | undefined {
  if (!isObj(o)) return undefined;
  const v = o[key];
  return typeof v === 'boolean' ? v : undefined;
}

export function objs(o: unknown, key: string): Json[] {
  if (!isObj(o)) return [];
  const v = o[key];
  return Array.isArray(v) ? v.filter(isObj) : [];
}

export function strs(o: unknown, key: string): string[] {
  if (!isObj(o)) return [];
  const v = o[key];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** `{ id }` sub-resource reference at `key` (e.g. a subnet's `networkSecurityGroup`). */
export function ref(o: unknown, key: string): string | undefined {
  return str(obj(o, key), 'id');
}

/** A resource's `properties` (or an inline child's), never undefined. */
export function props(o: unknown): Json {
  return obj(o, 'properties') ?? {};
}

export function sameId(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();
}

/** The last segment of a resource id, for messages. */
export function shortName(id: string): string {
  const parts = id.split('/');
  return parts[parts.length - 1] ?? id;
}
