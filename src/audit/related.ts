// The resource universe an audit runs over, and the related-resource lookup of
// AuditIfNotExists / DeployIfNotExists effects.
import { getProp } from './expressions.js';
import type { ArmResource } from './policy.js';

const lower = (s: unknown) => String(s ?? '').toLowerCase();

/**
 * ARM GET bodies embed some child resources (a VNet's subnets, a storage account's private endpoint
 * connections). Azure Policy evaluates those as resources of their own, so each embedded array member
 * that carries its own child `id` becomes a resource here — unless the caller supplied that resource.
 */
export function expandResources(resources: readonly ArmResource[]): ArmResource[] {
  const out: ArmResource[] = [];
  const seen = new Set<string>();
  for (const r of resources) {
    if (!seen.has(lower(r.id))) { seen.add(lower(r.id)); out.push(r); }
  }
  for (let i = 0; i < out.length; i++) {
    const parent = out[i];
    const props = parent.properties;
    if (!props || typeof props !== 'object') continue;
    const parentId = lower(parent.id);
    for (const value of Object.values(props)) {
      if (!Array.isArray(value)) continue;
      for (const el of value) {
        if (!el || typeof el !== 'object' || Array.isArray(el)) continue;
        const child = el as Record<string, unknown>;
        if (typeof child.id !== 'string') continue;
        const id = child.id;
        if (!lower(id).startsWith(`${parentId}/`)) continue;
        const rest = id.slice(parentId.length + 1).split('/');
        if (rest.length !== 2 || !rest[0] || !rest[1]) continue;
        if (seen.has(lower(id))) continue;
        seen.add(lower(id));
        out.push({
          ...child,
          id,
          name: typeof child.name === 'string' ? child.name : rest[1],
          type: typeof child.type === 'string' ? child.type : `${parent.type}/${rest[0]}`,
        } as ArmResource);
      }
    }
  }
  return out;
}

/** `/subscriptions/{s}/resourceGroups/{g}/…` → lower-case `{s}` and `{g}`. */
export function scopeOf(id: string): { subscription?: string; resourceGroup?: string } {
  const m = /^\/subscriptions\/([^/]+)(?:\/resourceGroups\/([^/]+))?/i.exec(id);
  return { subscription: m?.[1]?.toLowerCase(), resourceGroup: m?.[2]?.toLowerCase() };
}

/** Types that live as extension resources under `{resourceId}/providers/{type}/{name}`. */
export const EXTENSION_TYPES: ReadonlySet<string> = new Set([
  'microsoft.insights/diagnosticsettings',
  'microsoft.security/assessments',
  'microsoft.security/advancedthreatprotectionsettings',
  'microsoft.authorization/locks',
  'microsoft.authorization/roleassignments',
]);

export interface RelatedQuery {
  type: string;
  name?: string;
  existenceScope?: string;
  resourceGroupName?: string;
}

export interface RelatedResult { candidates: ArmResource[]; where: string }

/** Finds the resources an *IfNotExists effect checks, following Azure's scoping rules. */
export function findRelated(resource: ArmResource, q: RelatedQuery, all: readonly ArmResource[]): RelatedResult {
  const type = lower(q.type);
  const rid = lower(resource.id);
  const ofType = all.filter((r) => lower(r.type) === type);
  const nameOk = (r: ArmResource) => q.name === undefined || lower(r.name) === lower(q.name) || lower(r.id).endsWith(`/${lower(q.name)}`);
  if (type.startsWith(`${lower(resource.type)}/`)) {
    return { candidates: ofType.filter((r) => lower(r.id).startsWith(`${rid}/`) && nameOk(r)), where: `child ${q.type} of ${resource.id}` };
  }
  if (EXTENSION_TYPES.has(type)) {
    const prefix = `${rid}/providers/${type}/`;
    return { candidates: ofType.filter((r) => lower(r.id).startsWith(prefix) && nameOk(r)), where: `${resource.id}/providers/${q.type}/${q.name ?? '*'}` };
  }
  const scope = scopeOf(resource.id);
  if (lower(q.existenceScope) === 'subscription') {
    return {
      candidates: ofType.filter((r) => scopeOf(r.id).subscription === scope.subscription && nameOk(r)),
      where: `${q.type}${q.name ? ` '${q.name}'` : ''} in subscription ${scope.subscription}`,
    };
  }
  const rg = q.resourceGroupName !== undefined ? lower(q.resourceGroupName) : scope.resourceGroup;
  return {
    candidates: ofType.filter((r) => {
      const s = scopeOf(r.id);
      return s.subscription === scope.subscription && s.resourceGroup === rg && nameOk(r);
    }),
    where: `${q.type}${q.name ? ` '${q.name}'` : ''} in resource group ${rg}`,
  };
}

/**
 * Defender for Cloud assessments the audit can compute from the resource itself when no
 * Microsoft.Security/assessments resource was supplied. Keyed by assessment name (lower case).
 */
export const DERIVED_ASSESSMENTS: Readonly<Record<string, { title: string; code(resource: ArmResource): 'Healthy' | 'Unhealthy' | 'NotApplicable' }>> = {
  // "Subnets should be associated with a network security group". Subnets Azure does not let you put
  // an NSG on are not applicable.
  'eade5b56-eefd-444f-95c8-23f29e5d93cb': {
    title: 'Subnets should be associated with a network security group',
    code(resource) {
      if (lower(resource.type) !== 'microsoft.network/virtualnetworks/subnets') return 'NotApplicable';
      if (['gatewaysubnet', 'azurefirewallsubnet', 'azurefirewallmanagementsubnet', 'routeserversubnet'].includes(lower(resource.name))) return 'NotApplicable';
      const nsgId = getProp(getProp(resource.properties, 'networkSecurityGroup'), 'id');
      return typeof nsgId === 'string' && nsgId !== '' ? 'Healthy' : 'Unhealthy';
    },
  },
};

export function deriveAssessment(resource: ArmResource, name: string): ArmResource | undefined {
  const d = DERIVED_ASSESSMENTS[lower(name)];
  if (!d) return undefined;
  return {
    id: `${resource.id}/providers/Microsoft.Security/assessments/${name}`,
    name,
    type: 'Microsoft.Security/assessments',
    properties: { displayName: d.title, status: { code: d.code(resource) }, derived: true },
  };
}
