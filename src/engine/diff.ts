// Property-level diff of what a step wants against what ARM returned. Only keys the step sets are
// compared (ARM adds read-only ones); named arrays (rules, subnets) are matched by name and extras
// flagged, since an extra allow rule is exactly the drift an auditor cares about.
import type { Change } from './step.js';

type Json = unknown;

function isObject(v: Json): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function sameScalar(a: Json, b: Json): boolean {
  if (typeof a === 'string' && typeof b === 'string') {
    // ARM ids and region names come back in other casings; they are case-insensitive in ARM.
    if (a.startsWith('/subscriptions/') || b.startsWith('/subscriptions/')) return a.toLowerCase() === b.toLowerCase();
    return a === b;
  }
  return a === b;
}

function isNamedArray(v: Json[]): v is { name: string }[] {
  return v.length > 0 && v.every((x) => isObject(x) && typeof x.name === 'string');
}

export function diffSubset(desired: Json, observed: Json, path = ''): Change[] {
  if (desired === undefined) return [];
  if (observed === undefined || observed === null) {
    return [{ path: path || '(resource)', kind: 'add', after: desired }];
  }
  if (Array.isArray(desired)) {
    if (!Array.isArray(observed)) return [{ path, kind: 'change', before: observed, after: desired }];
    if (isNamedArray(desired)) {
      const changes: Change[] = [];
      const byName = new Map(observed.filter(isObject).map((o) => [String(o.name).toLowerCase(), o]));
      for (const d of desired) {
        const o = byName.get(d.name.toLowerCase());
        changes.push(...diffSubset(d, o, `${path}[${d.name}]`));
        byName.delete(d.name.toLowerCase());
      }
      for (const [, o] of byName) changes.push({ path: `${path}[${String(o.name)}]`, kind: 'remove', before: o });
      return changes;
    }
    if (desired.every((x) => !isObject(x) && !Array.isArray(x))) {
      const a = [...desired].map(String).sort();
      const b = [...observed].map(String).sort();
      const eq = a.length === b.length && a.every((x, i) => sameScalar(x, b[i]));
      return eq ? [] : [{ path, kind: 'change', before: observed, after: desired }];
    }
    if (desired.length !== observed.length) return [{ path, kind: 'change', before: observed, after: desired }];
    return desired.flatMap((d, i) => diffSubset(d, observed[i], `${path}[${i}]`));
  }
  if (isObject(desired)) {
    if (!isObject(observed)) return [{ path, kind: 'change', before: observed, after: desired }];
    // Keys that are ARM ids (userAssignedIdentities) may come back in another casing.
    const lookup = (k: string) => (k in observed || !k.startsWith('/subscriptions/') ? observed[k] : observed[Object.keys(observed).find((o) => o.toLowerCase() === k.toLowerCase()) ?? k]);
    return Object.keys(desired).flatMap((k) => diffSubset(desired[k], lookup(k), path ? `${path}.${k}` : k));
  }
  // identity.type: clients must send "SystemAssigned, UserAssigned"; ARM answers without the space.
  if (path.endsWith('identity.type') && typeof desired === 'string' && typeof observed === 'string') {
    return desired.replace(/\s+/g, '').toLowerCase() === observed.replace(/\s+/g, '').toLowerCase() ? [] : [{ path, kind: 'change', before: observed, after: desired }];
  }
  return sameScalar(desired, observed) ? [] : [{ path, kind: 'change', before: observed, after: desired }];
}
