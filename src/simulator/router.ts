// ARM URL anatomy. Matching is case-insensitive for fixed segments (resourcegroups vs resourceGroups,
// provider namespaces, types); names are returned as written and resolved by the handlers.
export type Route =
  | { kind: 'subscription'; sub: string }
  | { kind: 'subscriptionOperationResult'; sub: string; opaque: string }
  | { kind: 'resourceGroups'; sub: string }
  | { kind: 'resourceGroup'; sub: string; rg: string }
  | { kind: 'resources'; sub: string; rg?: string }
  | { kind: 'providers'; sub: string }
  | { kind: 'providerInfo'; sub: string; namespace: string }
  | { kind: 'providerAction'; sub: string; namespace: string; action: string }
  | { kind: 'provider'; sub: string; rg?: string; namespace: string; segments: string[] }
  /**
   * An extension resource at any scope: `{scope}/providers/{ns}/{type}/...` for the namespaces and types in
   * EXTENSIONS (Microsoft.Authorization/*, Microsoft.Insights/diagnosticSettings), where scope is empty
   * (tenant), a subscription, a resource group or any resource id.
   */
  | { kind: 'extension'; scope: string[]; namespace: string; segments: string[] }
  | { kind: 'unknown'; segments: string[] };

/**
 * Extension resource types: they extend any scope and are routed by their last `/providers/{ns}/{type}`
 * segments. Without `types` every type of the namespace is an extension; with it only those first types are
 * (Microsoft.Insights also has ordinary resource-group resources such as components).
 */
interface ExtensionNamespace {
  namespace: string;
  types?: readonly string[];
}

export const EXTENSIONS: readonly ExtensionNamespace[] = [
  { namespace: 'Microsoft.Authorization' },
  { namespace: 'Microsoft.Insights', types: ['diagnosticSettings', 'diagnosticSettingsCategories'] },
  { namespace: 'Microsoft.KubernetesConfiguration', types: ['extensions'] },
];

export interface ParsedUrl {
  /** scheme://host, reused for every Location / Azure-AsyncOperation header. */
  origin: string;
  path: string;
  query: URLSearchParams;
  apiVersion?: string;
  route: Route;
}

export function parseUrl(url: string): ParsedUrl {
  const u = new URL(url);
  const segments = u.pathname
    .split('/')
    .filter((s) => s.length > 0)
    .map((s) => decodeURIComponent(s));
  const query = u.searchParams;
  const apiVersion = [...query.entries()].find(([k]) => k.toLowerCase() === 'api-version')?.[1];
  return { origin: `${u.protocol}//${u.host}`, path: u.pathname, query, apiVersion, route: route(segments) };
}

const eq = (a: string | undefined, b: string): boolean => a !== undefined && a.toLowerCase() === b.toLowerCase();

function extensionRoute(s: string[]): Route | undefined {
  for (let i = s.length - 3; i >= 0; i--) {
    if (!eq(s[i], 'providers') || !EXTENSIONS.some((e) => eq(s[i + 1], e.namespace) && (!e.types || e.types.some((t) => eq(s[i + 2], t))))) continue;
    // /subscriptions/{sub}/providers/{ns}/register|unregister is provider registration, not an extension.
    if (i === 2 && s.length === 5 && (eq(s[4], 'register') || eq(s[4], 'unregister'))) return undefined;
    return { kind: 'extension', scope: s.slice(0, i), namespace: s[i + 1], segments: s.slice(i + 2) };
  }
  return undefined;
}

function route(s: string[]): Route {
  const ext = extensionRoute(s);
  if (ext) return ext;
  if (!eq(s[0], 'subscriptions') || s.length < 2) return { kind: 'unknown', segments: s };
  const sub = s[1];
  const rest = s.slice(2);
  if (rest.length === 0) return { kind: 'subscription', sub };
  if (eq(rest[0], 'operationresults') && rest.length === 2) return { kind: 'subscriptionOperationResult', sub, opaque: rest[1] };
  if (eq(rest[0], 'resources') && rest.length === 1) return { kind: 'resources', sub };
  if (eq(rest[0], 'providers')) {
    if (rest.length === 1) return { kind: 'providers', sub };
    if (rest.length === 2) return { kind: 'providerInfo', sub, namespace: rest[1] };
    if (rest.length === 3 && (eq(rest[2], 'register') || eq(rest[2], 'unregister'))) {
      return { kind: 'providerAction', sub, namespace: rest[1], action: rest[2].toLowerCase() };
    }
    return { kind: 'provider', sub, namespace: rest[1], segments: rest.slice(2) };
  }
  if (eq(rest[0], 'resourcegroups')) {
    if (rest.length === 1) return { kind: 'resourceGroups', sub };
    const rg = rest[1];
    const inner = rest.slice(2);
    if (inner.length === 0) return { kind: 'resourceGroup', sub, rg };
    if (eq(inner[0], 'resources') && inner.length === 1) return { kind: 'resources', sub, rg };
    if (eq(inner[0], 'providers') && inner.length >= 3) {
      return { kind: 'provider', sub, rg, namespace: inner[1], segments: inner.slice(2) };
    }
  }
  return { kind: 'unknown', segments: s };
}

/** [type, name, type, name, (type)] -> alternating lists; a trailing type means a collection. */
export interface TypedPath {
  types: string[];
  names: string[];
  collection: boolean;
}

export function typedPath(segments: string[]): TypedPath {
  const types: string[] = [];
  const names: string[] = [];
  segments.forEach((seg, i) => (i % 2 === 0 ? types : names).push(seg));
  return { types, names, collection: types.length > names.length };
}

export const isGuid = (s: string): boolean => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);
