// The api-versions the simulator answers: every version Azure/azure-rest-api-specs publishes for a simulated
// type (data/published-api-versions.json, a table of its spec folder names) plus the ones the providers model.
// A request at a version the provider does not model is answered in the shape of one it does (shapeApiVersion).
// No import of the provider registry here: providers/resources.ts uses this module and the registry imports it.
import table from './data/published-api-versions.json' with { type: 'json' };
import type { Provider } from './providers/types.js';

const PUBLISHED = new Map<string, readonly string[]>(
  Object.entries(table.types as Record<string, { versions: string[] }>).map(([type, entry]) => [type.toLowerCase(), entry.versions]),
);

/**
 * Operations defined in another type's spec file share its versions instead of their parent's: the managed
 * network's provisioning action sits beside outbound rules (ManagedNetwork*, first in 2023-02-01-preview), so
 * the workspace's versions before that never had it (unconfirmed beyond the file layout).
 */
const SAME_SPEC_AS: Record<string, string> = {
  'microsoft.machinelearningservices/workspaces/provisionmanagednetwork': 'microsoft.machinelearningservices/workspaces/outboundrules',
};

/** Plain string order: YYYY-MM-DD, and "X" before "X-preview" (the table's order). */
const sortUnique = (versions: Iterable<string>): readonly string[] => [...new Set(versions)].sort();

/** Every version the table publishes for any type of the namespace. */
function namespaceVersions(namespace: string): readonly string[] {
  const prefix = `${namespace.toLowerCase()}/`;
  return sortUnique([...PUBLISHED].filter(([type]) => type.startsWith(prefix)).flatMap(([, versions]) => versions));
}

/**
 * The table's versions for `<namespace>/<type path>`, case-insensitively: the path's own entry, else its nearest
 * ancestor's (privateDnsZones/recordsets -> privateDnsZones), else undefined (no entry on the way up).
 */
export function publishedApiVersions(namespace: string, typePath: readonly string[]): readonly string[] | undefined {
  const segments = typePath.map((s) => s.toLowerCase());
  for (let n = segments.length; n > 0; n--) {
    const type = `${namespace.toLowerCase()}/${segments.slice(0, n).join('/')}`;
    const versions = PUBLISHED.get(SAME_SPEC_AS[type] ?? type);
    if (versions) return versions;
  }
  return undefined;
}

const served = new Map<string, readonly string[]>();

/**
 * Ascending: the published versions of the type path (nearest ancestor entry; with none, every version the
 * namespace publishes, e.g. locations/operations) plus `modelled`, the versions the simulator answered
 * before the table existed, so nothing that worked stops working.
 */
export function servedApiVersions(namespace: string, typePath: readonly string[], modelled: readonly string[] = []): readonly string[] {
  const cacheKey = `${namespace}/${typePath.join('/')}|${modelled.join(',')}`.toLowerCase();
  let versions = served.get(cacheKey);
  if (!versions) {
    versions = sortUnique([...(publishedApiVersions(namespace, typePath) ?? namespaceVersions(namespace)), ...modelled]);
    served.set(cacheKey, versions);
  }
  return versions;
}

/** The versions whose shape the provider implements for the type path (its own per-type split, if any). */
export function modelledApiVersions(provider: Provider, typePath: readonly string[]): readonly string[] {
  return provider.apiVersionsFor?.(typePath) ?? provider.apiVersions;
}

/** What a provider answers for a type path: the table's versions plus the ones it models. */
export function providerTypeApiVersions(provider: Provider, typePath: readonly string[]): readonly string[] {
  return servedApiVersions(provider.namespace, typePath, modelledApiVersions(provider, typePath));
}

/**
 * The modelled version whose shape answers `requested`: itself if modelled; the oldest modelled one when
 * `requested` is older than all of them (the nearest newer); otherwise the nearest older modelled one, so a
 * behaviour that starts at a modelled version (Key Vault's RBAC default at 2026-02-01) is never backdated.
 */
export function shapeApiVersion(requested: string, modelled: readonly string[]): string {
  const sorted = sortUnique(modelled);
  if (sorted.length === 0 || sorted.includes(requested)) return requested;
  const older = sorted.filter((v) => v < requested);
  return older.length > 0 ? older[older.length - 1] : sorted[0];
}
