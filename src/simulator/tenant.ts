// Tenant-level reads a generic client makes before it knows a subscription: GET /subscriptions (every
// subscription this directory has seen, plus the all-zero default), GET /tenants and GET /providers.
// Served in process and over HTTPS (server.ts) alike.
import { methodNotAllowed } from './errors.js';
import { json } from './http.js';
import { PROVIDER_API_VERSIONS, SUBSCRIPTION_API_VERSIONS, checkApiVersion, providerInfo, subscriptionBody } from './providers/resources.js';
import type { Ctx, Provider } from './providers/types.js';
import { isGuid } from './router.js';
import { key, tenantIdOf, type CloudState } from './state.js';
import type { SimResponse } from './types.js';

const DEFAULT_SUBSCRIPTION = '00000000-0000-0000-0000-000000000000';

/** Subscriptions used so far (resources, operations, registrations, token buckets) plus the default, sorted. */
function knownSubscriptions(state: CloudState): string[] {
  const subs = new Set<string>([DEFAULT_SUBSCRIPTION]);
  for (const r of Object.values(state.resources)) subs.add(key(r.subscriptionId));
  for (const op of Object.values(state.operations)) subs.add(key(op.subscriptionId));
  for (const sub of Object.keys(state.registrations ?? {})) subs.add(key(sub));
  for (const bucket of Object.keys(state.throttle ?? {})) subs.add(bucket.split('/')[0]);
  return [...subs].filter(isGuid).sort();
}

/** Answers `/subscriptions`, `/tenants` and `/providers`; undefined for any other path. */
export function handleTenantLevel(ctx: Ctx, providers: readonly Provider[]): SimResponse | undefined {
  const path = ctx.url.path.replace(/\/+$/, '').toLowerCase();
  if (path !== '/subscriptions' && path !== '/tenants' && path !== '/providers') return undefined;
  const tenantId = tenantIdOf(ctx.state);
  if (path === '/subscriptions') {
    checkApiVersion(ctx, SUBSCRIPTION_API_VERSIONS);
    if (ctx.method !== 'GET') throw methodNotAllowed(ctx.method, 'subscription collection');
    const value = knownSubscriptions(ctx.state).map((sub) => subscriptionBody(ctx.state, sub));
    return json(200, { value, count: { type: 'Total', value: value.length } });
  }
  if (path === '/tenants') {
    checkApiVersion(ctx, SUBSCRIPTION_API_VERSIONS);
    if (ctx.method !== 'GET') throw methodNotAllowed(ctx.method, 'tenant collection');
    const tenant = {
      id: `/tenants/${tenantId}`,
      tenantId,
      tenantCategory: 'Home',
      countryCode: 'US',
      displayName: 'Simulated tenant',
      domains: ['simulated.onmicrosoft.com'],
      defaultDomain: 'simulated.onmicrosoft.com',
      tenantType: 'AAD',
    };
    return json(200, { value: [tenant] });
  }
  checkApiVersion(ctx, PROVIDER_API_VERSIONS);
  if (ctx.method !== 'GET') throw methodNotAllowed(ctx.method, 'provider collection');
  // Tenant-level listing: ARM's shape without a subscription's registration state.
  const value = providers.map((p) => {
    const { registrationState: _r, registrationPolicy: _p, ...info } = providerInfo(ctx.state, DEFAULT_SUBSCRIPTION, p);
    return { ...info, id: `/providers/${p.namespace}` };
  });
  return json(200, { value });
}
