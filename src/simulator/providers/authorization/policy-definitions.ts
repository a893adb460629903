// Built-in policy definitions (templates/policies via policy/catalog.ts): readable at the tenant root and at
// any subscription, never writable here (custom definitions are not simulated).
import { methodNotAllowed, notFound } from '../../errors.js';
import { json } from '../../http.js';
import { builtinDefinitions, findBuiltin, type BuiltinDefinition } from '../../policy/catalog.js';
import type { SimResponse } from '../../types.js';
import { notImplemented } from '../kit/not-simulated.js';
import type { Ctx } from '../types.js';
import type { Scope } from './scope.js';

/** GET answers the published file with policyType BuiltIn, as Azure lists built-ins. */
export function renderBuiltin(d: BuiltinDefinition): Record<string, unknown> {
  const props = (d.raw.properties ?? {}) as Record<string, unknown>;
  return { ...d.raw, id: d.id, name: d.name, type: 'Microsoft.Authorization/policyDefinitions', properties: { ...props, policyType: 'BuiltIn' } };
}

/** 404 PolicyDefinitionNotFound "The policy definition '…' could not be found." (hashicorp/terraform-provider-azurerm#9074, Azure/azure-cli#4617). */
export const policyDefinitionNotFound = (name: string) => notFound('PolicyDefinitionNotFound', `The policy definition '${name}' could not be found.`);

export function handlePolicyDefinition(ctx: Ctx, scope: Scope, name: string): SimResponse {
  if (ctx.method !== 'GET') {
    if (ctx.method === 'PUT' || ctx.method === 'DELETE') throw notImplemented('Custom policy definitions', 'only the built-ins in templates/policies are served');
    throw methodNotAllowed(ctx.method, 'policy definition');
  }
  if (scope.level === 'resourceGroup' || scope.level === 'resource') throw methodNotAllowed(ctx.method, 'policy definitions below a subscription');
  const d = findBuiltin(name);
  if (!d) throw policyDefinitionNotFound(name);
  return json(200, renderBuiltin(d));
}

export function listPolicyDefinitions(ctx: Ctx): SimResponse {
  if (ctx.method !== 'GET') throw methodNotAllowed(ctx.method, 'policy definition collection');
  return json(200, { value: [...builtinDefinitions().values()].map(renderBuiltin) });
}
