// Scopes of extension resources: the tenant (''), a subscription, a resource group or any simulated
// resource id. ARM resolves the scope before the Authorization RP sees the request, so a missing resource
// group or resource answers 404 ResourceGroupNotFound / ResourceNotFound.
import { ArmError, resourceGroupNotFound, resourceNotFound } from '../../errors.js';
import { isGuid } from '../../router.js';
import { getRecord, key, type CloudState, type ResourceRecord } from '../../state.js';
import { findGroup } from '../resources.js';

export interface Scope {
  /** Canonical id ('' for the tenant root). */
  id: string;
  level: 'tenant' | 'subscription' | 'resourceGroup' | 'resource';
  /** Lower-case subscription id, if any. */
  sub?: string;
  group?: ResourceRecord;
  resource?: ResourceRecord;
}

/** Path segments of a scope string ('/subscriptions//x/' -> ['subscriptions','x']): ARM tolerates doubled slashes. */
export const scopeSegments = (scope: string): string[] => scope.split('/').filter((s) => s.length > 0);

const invalidScope = (text: string): ArmError =>
  new ArmError(400, 'InvalidScope', `The scope '${text}' is not a tenant, subscription, resource group or resource scope the simulator implements.`);

export function resolveScope(state: CloudState, segments: string[]): Scope {
  const text = `/${segments.join('/')}`;
  if (segments.length === 0) return { id: '', level: 'tenant' };
  if (segments[0].toLowerCase() !== 'subscriptions' || segments.length < 2) throw invalidScope(text);
  const sub = segments[1].toLowerCase();
  if (!isGuid(sub)) throw new ArmError(404, 'SubscriptionNotFound', `The subscription '${segments[1]}' could not be found.`);
  if (segments.length === 2) return { id: `/subscriptions/${sub}`, level: 'subscription', sub };
  if (segments[2].toLowerCase() !== 'resourcegroups' || segments.length < 4) throw invalidScope(text);
  const group = findGroup(state, sub, segments[3]);
  if (!group) throw resourceGroupNotFound(segments[3]);
  if (segments.length === 4) return { id: group.id, level: 'resourceGroup', sub, group };
  if (segments[4].toLowerCase() !== 'providers' || segments.length < 8 || segments.length % 2 !== 0) throw invalidScope(text);
  const resource = getRecord(state, text);
  if (!resource) {
    const types = segments.slice(6).filter((_, i) => i % 2 === 0);
    throw resourceNotFound(`${segments[5]}/${types.join('/')}`, segments[segments.length - 1], group.name);
  }
  return { id: resource.id, level: 'resource', sub, group, resource };
}

/** True when `inner` is `outer` or lies below it (the tenant root contains everything). */
export function scopeContains(outer: string, inner: string): boolean {
  if (outer === '' || outer === '/') return true;
  const o = key(outer);
  const i = key(inner);
  return i === o || i.startsWith(`${o}/`);
}
