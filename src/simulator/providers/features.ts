// Microsoft.Features (2021-07-01): subscription feature registration, for the one feature the simulator knows,
// Microsoft.Compute/EncryptionAtHost (https://learn.microsoft.com/azure/virtual-machines/linux/disks-enable-host-based-encryption-cli#prerequisites).
//   GET  /subscriptions/{s}/providers/Microsoft.Features/providers/{ns}/features/{name}
//   POST …/register | …/unregister  (200 with the feature, state Registering / Unregistering)
//   GET  /subscriptions/{s}/providers/Microsoft.Features/features  (the list)
// A subscription starts NotRegistered; registering takes time on the simulator clock (latency model
// `Microsoft.Features/providers/features`, an estimate), after which the state reads Registered.
import { methodNotAllowed, notFound } from '../errors.js';
import { json } from '../http.js';
import { scaledMs } from '../latency.js';
import { operationSeconds } from '../lro.js';
import { getRecord, key, putRecord, recordsOfType, type CloudState, type ResourceRecord } from '../state.js';
import type { ArmResource, SimResponse } from '../types.js';
import type { Ctx, Provider, ProviderRoute } from './types.js';

const FEATURES = 'Microsoft.Features';
const T_FEATURE = 'Microsoft.Features/providers/features';
type FeatureState = 'NotRegistered' | 'Registering' | 'Registered' | 'Unregistering';

/** The features the simulator knows, as `{namespace}/{name}` in Azure's casing. */
const KNOWN: readonly string[] = ['Microsoft.Compute/EncryptionAtHost'];

const featureId = (sub: string, namespace: string, name: string): string =>
  `/subscriptions/${sub}/providers/${FEATURES}/providers/${namespace}/features/${name}`;

function known(namespace: string, name: string): string | undefined {
  return KNOWN.find((k) => key(k) === key(`${namespace}/${name}`));
}

/** Moves a Registering/Unregistering feature on once its time has come. */
function advance(rec: ResourceRecord, now: number): void {
  const until = rec.properties.until as number | undefined;
  if (until === undefined || now < until) return;
  rec.properties.state = rec.properties.state === 'Registering' ? 'Registered' : 'NotRegistered';
  delete rec.properties.until;
  rec.changedAt = until;
}

/** A feature's state in a subscription (NotRegistered when never registered). Other providers call this. */
export function featureState(state: CloudState, sub: string, fullName: string, now: number): FeatureState {
  const [namespace, name] = fullName.split('/');
  const rec = getRecord(state, featureId(sub, namespace, name));
  if (!rec) return 'NotRegistered';
  advance(rec, now);
  return rec.properties.state as FeatureState;
}

function render(_state: CloudState, rec: ResourceRecord): ArmResource {
  return { properties: { state: rec.properties.state }, id: rec.id, type: T_FEATURE, name: String(rec.properties.fullName) } as unknown as ArmResource;
}

function renderVirtual(sub: string, fullName: string): ArmResource {
  const [namespace, name] = fullName.split('/');
  return { properties: { state: 'NotRegistered' }, id: featureId(sub, namespace, name), type: T_FEATURE, name: fullName } as unknown as ArmResource;
}

function change(ctx: Ctx, sub: string, fullName: string, action: 'register' | 'unregister'): SimResponse {
  const [namespace, name] = fullName.split('/');
  const id = featureId(sub, namespace, name);
  let rec = getRecord(ctx.state, id);
  if (rec) advance(rec, ctx.now);
  const current = (rec?.properties.state as FeatureState | undefined) ?? 'NotRegistered';
  const target = action === 'register' ? 'Registered' : 'NotRegistered';
  const moving = action === 'register' ? 'Registering' : 'Unregistering';
  if (current !== target && current !== moving) {
    const seconds = operationSeconds(ctx.state, ctx.latency, T_FEATURE, action === 'register' ? 'create' : 'delete');
    // parentId = the subscription: a feature is subscription state, not a resource, so resource listings
    // (which skip child records) never show it.
    rec ??= { id, type: T_FEATURE, name, subscriptionId: sub, parentId: `/subscriptions/${sub}`, provisioningState: 'Succeeded', properties: { fullName }, createdAt: ctx.now, changedAt: ctx.now };
    rec.properties = { fullName, state: moving, until: ctx.now + scaledMs(ctx.latency, seconds) };
    rec.changedAt = ctx.now;
    putRecord(ctx.state, rec);
  }
  return json(200, rec ? render(ctx.state, rec) : renderVirtual(sub, fullName));
}

function handle(ctx: Ctx, route: ProviderRoute): SimResponse {
  const { types, names } = route.typed;
  const path = types.map((t) => t.toLowerCase()).join('/');
  const sub = route.sub;
  if (path === 'features') {
    if (ctx.method !== 'GET') throw methodNotAllowed(ctx.method, 'features collection');
    return json(200, { value: KNOWN.map((k) => { featureState(ctx.state, sub, k, ctx.now); const rec = getRecord(ctx.state, featureId(sub, ...(k.split('/') as [string, string]))); return rec ? render(ctx.state, rec) : renderVirtual(sub, k); }) });
  }
  const [namespace, name] = names;
  const fullName = name === undefined ? undefined : known(namespace, name);
  // Unknown feature: 404 FeatureNotFound (code and wording unconfirmed).
  if (!fullName) throw notFound('FeatureNotFound', `The feature '${name ?? ''}' could not be found under the resource provider '${namespace ?? ''}'.`);
  if (path === 'providers/features') {
    if (ctx.method !== 'GET') throw methodNotAllowed(ctx.method, 'feature');
    featureState(ctx.state, sub, fullName, ctx.now);
    const rec = getRecord(ctx.state, featureId(sub, ...(fullName.split('/') as [string, string])));
    return json(200, rec ? render(ctx.state, rec) : renderVirtual(sub, fullName));
  }
  if (ctx.method !== 'POST') throw methodNotAllowed(ctx.method, `feature ${types[2]}`);
  return change(ctx, sub, fullName, path === 'providers/features/register' ? 'register' : 'unregister');
}

export const featuresProvider: Provider = {
  namespace: FEATURES,
  apiVersions: ['2021-07-01'],
  resourceTypes: ['features', 'providers/features', 'providers/features/register', 'providers/features/unregister'],
  handle,
  render,
  deleteLatencyKey: () => T_FEATURE,
};

/** Registered features of a subscription (for tests and dumps). */
export const featureRecords = (state: CloudState): ResourceRecord[] => recordsOfType(state, T_FEATURE);
