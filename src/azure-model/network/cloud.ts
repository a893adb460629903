// An index over ARM GET bodies: by id (case-insensitive, as ARM ids are), by type, and children.
// Child resources come both inline (a VNet's `properties.subnets[]`) and as their own GET bodies
// (`sim dump` lists both); the standalone body wins when both exist.

import type { ArmResource } from './types.js';
import { isObj, objs, props, str } from './props.js';

export interface Cloud {
  /** Every resource, inline children included. */
  readonly resources: readonly ArmResource[];
  get(id: string | undefined): ArmResource | undefined;
  ofType(type: string): ArmResource[];
  /** Direct children (`<parentId>/<childType>/<name>`), optionally of one type (full type name). */
  children(parentId: string, childType?: string): ArmResource[];
}

/** Inline child collections per parent type (REST specs: virtualNetwork.json, networkSecurityGroup.json, routeTable.json, serviceEndpointPolicy.json, networkInterface.json, azureFirewall.json). */
const INLINE_CHILDREN: Record<string, string[]> = {
  'microsoft.network/virtualnetworks': ['subnets', 'virtualNetworkPeerings'],
  'microsoft.network/networksecuritygroups': ['securityRules', 'defaultSecurityRules'],
  'microsoft.network/routetables': ['routes'],
  'microsoft.network/serviceendpointpolicies': ['serviceEndpointPolicyDefinitions'],
  'microsoft.network/networkinterfaces': ['ipConfigurations'],
  'microsoft.network/azurefirewalls': ['ipConfigurations'],
};

function parentIdOf(id: string): string | undefined {
  const parts = id.split('/');
  // /subscriptions/s/resourceGroups/g/providers/NS/type/name has 9 parts; a child adds two.
  if (parts.length < 11) return undefined;
  return parts.slice(0, -2).join('/');
}

function inlineChildren(r: ArmResource): ArmResource[] {
  const keys = INLINE_CHILDREN[r.type.toLowerCase()] ?? [];
  const out: ArmResource[] = [];
  for (const key of keys) {
    for (const child of objs(r.properties, key)) {
      const id = str(child, 'id');
      if (!id) continue;
      out.push({
        ...child,
        id,
        name: str(child, 'name'),
        type: str(child, 'type') ?? `${r.type}/${key}`,
        properties: props(child),
      });
    }
  }
  return out;
}

export function cloudOf(resources: ArmResource[]): Cloud {
  const byId = new Map<string, ArmResource>();
  for (const r of resources) {
    if (isObj(r) && typeof r.id === 'string' && typeof r.type === 'string') byId.set(r.id.toLowerCase(), r);
  }
  for (const r of [...byId.values()]) {
    for (const child of inlineChildren(r)) {
      if (!byId.has(child.id.toLowerCase())) byId.set(child.id.toLowerCase(), child);
    }
  }
  const all = [...byId.values()];
  const byType = new Map<string, ArmResource[]>();
  const byParent = new Map<string, ArmResource[]>();
  for (const r of all) {
    const t = r.type.toLowerCase();
    byType.set(t, [...(byType.get(t) ?? []), r]);
    const parent = parentIdOf(r.id);
    if (parent) byParent.set(parent.toLowerCase(), [...(byParent.get(parent.toLowerCase()) ?? []), r]);
  }
  return {
    resources: all,
    get: (id) => (id ? byId.get(id.toLowerCase()) : undefined),
    ofType: (type) => byType.get(type.toLowerCase()) ?? [],
    children: (parentId, childType) =>
      (byParent.get(parentId.toLowerCase()) ?? []).filter((c) => !childType || c.type.toLowerCase() === childType.toLowerCase()),
  };
}
