// The built-in Azure Policy definitions the simulator knows: Microsoft's definition files shipped in
// templates/policies/**.json (byte-identical copies of Azure/azure-policy), loaded once. Whatever *.json is
// there is a built-in; its `name` (a GUID) is the id's last segment.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPolicies, type PolicyDefinition } from '../../audit/policy.js';

export const POLICY_DEFINITION_TYPE = 'Microsoft.Authorization/policyDefinitions';

export interface BuiltinDefinition {
  /** Lower-case GUID. */
  name: string;
  /** /providers/Microsoft.Authorization/policyDefinitions/{guid} */
  id: string;
  /** The file's JSON as published (id, name, type, properties). */
  raw: Record<string, unknown>;
  def: PolicyDefinition;
}

/** The package root: the first folder above this module holding package.json (src/ or dist/src/ alike). */
function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('policy catalog: package.json not found above the simulator');
    dir = up;
  }
  return dir;
}

let catalog: Map<string, BuiltinDefinition> | undefined;

function load(): Map<string, BuiltinDefinition> {
  const dir = path.join(packageRoot(), 'templates', 'policies');
  const out = new Map<string, BuiltinDefinition>();
  if (!existsSync(dir)) return out;
  for (const { def } of loadPolicies(dir)) {
    const raw = def as unknown as Record<string, unknown>;
    const name = String(raw.name ?? '').toLowerCase();
    if (name === '') continue;
    out.set(name, { name, id: `/providers/${POLICY_DEFINITION_TYPE}/${name}`, raw, def });
  }
  return out;
}

export function builtinDefinitions(): Map<string, BuiltinDefinition> {
  catalog ??= load();
  return catalog;
}

/** The GUID of `/providers/Microsoft.Authorization/policyDefinitions/{guid}` (also under a subscription), else undefined. */
export function definitionNameOf(id: string): string | undefined {
  const m = /^(?:\/subscriptions\/[^/]+)?\/providers\/Microsoft\.Authorization\/policyDefinitions\/([^/]+)$/i.exec(id.trim());
  return m?.[1].toLowerCase();
}

export const findBuiltin = (name: string): BuiltinDefinition | undefined => builtinDefinitions().get(name.toLowerCase());
