// What the Azure Monitor private link scope (AMPLS) records say about the resources they link, read by
// the workspace and component providers and by network/private-link.ts (the endpoint's members). No
// provider imports here, so the monitor providers and the scope provider can all use it without cycles.
import { ArmError } from '../../errors.js';
import { getRecord, key, recordsOfType, type CloudState, type ResourceRecord } from '../../state.js';

export const PRIVATE_LINK_SCOPE_TYPE = 'Microsoft.Insights/privateLinkScopes';
export const SCOPED_RESOURCE_TYPE = 'Microsoft.Insights/privateLinkScopes/scopedResources';
export const LA_WORKSPACE = 'Microsoft.OperationalInsights/workspaces';
export const AI_COMPONENT = 'Microsoft.Insights/components';

/** The scoped resources (in any scope) whose linkedResourceId is this resource. */
export function scopedLinksTo(state: CloudState, resourceId: string): ResourceRecord[] {
  return recordsOfType(state, SCOPED_RESOURCE_TYPE)
    .filter((r) => key(String(r.properties.linkedResourceId ?? '')) === key(resourceId))
    .sort((a, b) => a.createdAt - b.createdAt);
}

/**
 * `privateLinkScopedResources` of a workspace / `PrivateLinkScopedResources` of a component: one entry per
 * scope it is linked to (spec Workspaces.json / components_API.json `PrivateLinkScopedResource`: the
 * scoped resource's id and the scope's unique identifier). Empty when not linked.
 */
export function privateLinkScopedResourcesOf(state: CloudState, resourceId: string): { resourceId: string; scopeId: string }[] {
  return scopedLinksTo(state, resourceId).map((link) => ({
    resourceId: link.id,
    scopeId: String(getRecord(state, link.parentId ?? '')?.resourceGuid ?? ''),
  }));
}

/**
 * Learn "Configure private link for Azure Monitor" (private-link-configure, Connect Azure Monitor resources):
 * "Deleting Azure Monitor resources requires that you first disconnect them from any AMPLS objects they're
 * connected to. It's not possible to delete resources connected to an AMPLS." Code and wording unconfirmed.
 */
export function assertNotLinkedToScope(state: CloudState, rec: ResourceRecord): void {
  const links = scopedLinksTo(state, rec.id);
  if (links.length === 0) return;
  const scopes = links.map((l) => l.parentId ?? '').join(', ');
  throw new ArmError(
    409,
    'Conflict',
    `Resource '${rec.id}' is connected to Azure Monitor private link scope(s) ${scopes}. Remove it from every private link scope (delete the scoped resource) before deleting it.`,
  );
}

/** The workspaces and components a scope links, in link order (the scope's private endpoints serve their endpoints). */
export function linkedResourcesOf(state: CloudState, scopeId: string): ResourceRecord[] {
  return recordsOfType(state, SCOPED_RESOURCE_TYPE)
    .filter((r) => key(r.parentId ?? '') === key(scopeId))
    .sort((a, b) => a.createdAt - b.createdAt)
    .map((r) => getRecord(state, String(r.properties.linkedResourceId ?? '')))
    .filter((r): r is ResourceRecord => r !== undefined);
}
