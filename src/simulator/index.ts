// The embedded ARM simulator: a request handler that behaves like Azure Resource Manager for the
// resource types registered in providers/registry.ts. It imports nothing from the tool it tests.
//
// Per request: take the cross-process lock, read cloud.json, settle finished operations by the clock,
// dispatch, write cloud.json atomically, append the exchange to traffic.jsonl, release the lock.
import { modelledApiVersions, providerTypeApiVersions, shapeApiVersion } from './api-versions.js';
import { ArmError, missingApiVersion, notFound, resourceGroupNotFound } from './errors.js';
import { drawFault, failStartedOperations, faultResponse, isTransient, validateFaults } from './faults.js';
import { json, lowerHeaders, requestIdHeaders } from './http.js';
import type { LatencyConfig } from './latency.js';
import { settle } from './lro.js';
import { assertGroupWritable, findGroup, handleResourceManager } from './providers/resources.js';
import { PROVIDERS, providerForNamespace, providerForType } from './providers/registry.js';
import type { Ctx } from './providers/types.js';
import { isGuid, parseUrl, typedPath, type ParsedUrl, type Route } from './router.js';
import { registrationState, tenantIdOf, type CloudState } from './state.js';
import { Store } from './store.js';
import { createApplication, handleEntra, hasCredential, isEntraPath } from './entra.js';
import { handleGraph, isGraphPath } from './graph.js';
import { handleTenantLevel } from './tenant.js';
import { checkWrite } from './policy/deny.js';
import { admit, principalOf } from './throttle.js';
import { appendTraffic, trafficLine } from './traffic.js';
import type { ArmResource, FaultKind, FaultOptions, SimRequest, SimResponse, SimulatorOptions } from './types.js';

export type { ArmResource, FaultKind, FaultOptions, SimRequest, SimResponse, SimulatorOptions } from './types.js';
export { parseFaults } from './faults.js';
export { latencyModel } from './latency-model.js';
export { REGIONS } from './regions.js';

export class ArmSimulator {
  private constructor(
    private readonly store: Store,
    private readonly latency: LatencyConfig,
    private readonly clock: () => number,
    /** Fault injection (faults.ts) and ARM throttling (throttle.ts). */
    private readonly front: { faults?: FaultOptions; throttling: boolean },
  ) {}

  static async open(opts: SimulatorOptions): Promise<ArmSimulator> {
    const timeScale = opts.timeScale ?? 1;
    if (!(timeScale >= 0) || !Number.isFinite(timeScale)) throw new Error(`timeScale must be a finite number >= 0, got ${timeScale}`);
    const faults = opts.faults ? validateFaults(opts.faults) : undefined;
    const store = await Store.open(opts.dir);
    return new ArmSimulator(store, { timeScale, mode: opts.latency ?? 'sampled', seed: opts.seed ?? 1 }, opts.now ?? Date.now, {
      faults,
      throttling: opts.throttling ?? true,
    });
  }

  /** The directory holding cloud.json and traffic.jsonl. */
  get dir(): string {
    return this.store.dir;
  }

  /** Never throws: every failure is an ARM error response. */
  async handle(req: SimRequest): Promise<SimResponse> {
    const startedAt = this.clock();
    const headers = lowerHeaders(req.headers);
    const ids = requestIdHeaders(headers);
    try {
      return await this.store.exclusive(async () => {
        const loaded = await this.store.load();
        const now = this.clock();
        tenantIdOf(loaded.state);
        settle(loaded.state, now);
        // ARM's front door: the fault draw and the token taken persist even when the request is refused.
        const drawn = this.front.faults ? drawFault(loaded.state, this.front.faults, req.method) : undefined;
        const gate = this.front.throttling ? admit(loaded.state, req.method, req.url, now, this.latency, principalOf(headers)) : undefined;
        // The handler works on a copy; loaded.state stays as settled, for a refusal to fall back to.
        const working = structuredClone(loaded.state);
        let res: SimResponse;
        let next = working;
        let fault: FaultKind | undefined;
        try {
          if (gate?.refusal) throw gate.refusal;
          fault = isTransient(drawn) ? drawn : undefined;
          res = fault ? faultResponse(fault, this.latency) : this.dispatch(req, headers, working, now);
          if (drawn === 'lro-failed' && failStartedOperations(loaded.state, working)) fault = drawn;
        } catch (err) {
          if (!(err instanceof ArmError)) throw err;
          // A refused request changes nothing (beyond operations that settled on the way in).
          res = json(err.status, err.body(), err.headers);
          next = loaded.state;
        }
        // Header names are lower-case on every response, so consumers can index them directly.
        if (fault !== 'reset') res = { ...res, headers: lowerHeaders({ ...res.headers, ...gate?.headers, ...ids }) };
        if (req.method.toUpperCase() === 'HEAD') res = { status: res.status, headers: res.headers };
        await this.store.save(loaded, next);
        await appendTraffic(this.store.dir, { ...trafficLine(req, res, startedAt, this.clock()), ...(fault ? { fault } : {}) });
        return res;
      });
    } catch (err) {
      const res = json(500, { error: { code: 'InternalServerError', message: `ARM simulator failure: ${(err as Error).message}` } }, ids);
      await appendTraffic(this.store.dir, trafficLine(req, res, startedAt, this.clock())).catch(() => undefined);
      return res;
    }
  }

  /**
   * A service principal real clients sign in with (entra.ts): the saved one when the directory still knows
   * its secret, else a new app registration. The secret is returned to the caller only (sim serve writes it
   * to a file for the user); the directory keeps its digest.
   */
  async loginCredential(saved?: { appId: string; secret: string }): Promise<{ appId: string; secret: string; tenantId: string; created: boolean }> {
    return this.store.exclusive(async () => {
      const loaded = await this.store.load();
      const tenantId = tenantIdOf(loaded.state);
      if (saved && hasCredential(loaded.state, saved.appId, saved.secret)) return { ...saved, tenantId, created: false };
      const { app, secret } = createApplication(loaded.state, 'ARM simulator sign-in');
      await this.store.save(loaded, loaded.state);
      return { appId: app.appId, secret, tenantId, created: true };
    });
  }

  /** Every resource (resource groups, top-level and child) as its ARM GET body, sorted by id. */
  async dump(): Promise<ArmResource[]> {
    return this.store.exclusive(async () => {
      const loaded = await this.store.load();
      tenantIdOf(loaded.state);
      settle(loaded.state, this.clock());
      await this.store.save(loaded, loaded.state);
      const records = Object.entries(loaded.state.resources).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return records.flatMap(([, rec]) => {
        const p = providerForType(rec.type);
        return p ? [p.render(loaded.state, rec)] : [];
      });
    });
  }

  private dispatch(req: SimRequest, headers: Record<string, string>, state: CloudState, now: number): SimResponse {
    let url: ParsedUrl;
    try {
      url = parseUrl(req.url);
    } catch {
      throw new ArmError(400, 'InvalidRequestUri', `The request URI '${req.url}' is not valid.`);
    }
    // Microsoft Graph (graph.ts) and Entra's login endpoint (entra.ts): their own paths, errors, no api-version.
    if (isGraphPath(url.path)) return handleGraph(state, req, headers);
    if (isEntraPath(url.path)) return handleEntra(state, req, req.origin ?? 'https://login.microsoftonline.com');
    const method = req.method.toUpperCase();
    if (url.apiVersion === undefined || url.apiVersion === '') throw missingApiVersion();
    const route = url.route;
    const ctx: Ctx = { state, now, latency: this.latency, method, url, headers, body: req.body, apiVersion: url.apiVersion };
    if (route.kind === 'unknown') {
      const tenantLevel = handleTenantLevel(ctx, PROVIDERS);
      if (tenantLevel) return tenantLevel;
      throw notFound('InvalidResourceType', `The request path '${url.path}' is not an ARM route the simulator implements.`);
    }
    if (route.kind === 'extension') return dispatchExtension(ctx, route, req.body);
    if (!isGuid(route.sub)) throw notFound('SubscriptionNotFound', `The subscription '${route.sub}' could not be found.`);
    if (route.kind !== 'provider') return handleResourceManager(ctx, route, PROVIDERS);

    const group = route.rg !== undefined ? findGroup(state, route.sub.toLowerCase(), route.rg) : undefined;
    const { provider, typed } = resolveProvider(ctx, route.sub, route.namespace, route.segments, bodyLocation(req.body) ?? group?.location);
    if (route.rg !== undefined) {
      if (!group) throw resourceGroupNotFound(route.rg);
      if (method !== 'GET' && method !== 'HEAD') assertGroupWritable(group);
    }
    // Azure Policy's Deny effect, judged by ARM before the provider sees the write (policy/deny.ts).
    if ((method === 'PUT' || method === 'PATCH') && group && !typed.collection) {
      checkWrite(state, now, method, `${group.id}/providers/${provider.namespace}/${route.segments.join('/')}`, `${provider.namespace}/${typed.types.join('/')}`, req.body, url.apiVersion);
    }
    // HEAD on a resource is existence only: GET semantics, 204 instead of 200, never a body.
    const res = provider.handle({ ...ctx, method: method === 'HEAD' ? 'GET' : method }, { sub: route.sub.toLowerCase(), group, typed });
    if (method !== 'HEAD') return res;
    return { status: res.status === 200 ? 204 : res.status, headers: res.headers };
  }
}

/**
 * Namespace, resource type, registration and api-version checks shared by provider and extension routes; sets
 * ctx.apiVersion to the modelled version whose shape answers (api-versions.ts shapeApiVersion).
 */
function resolveProvider(ctx: Ctx, sub: string | undefined, namespace: string, segments: string[], location: string | undefined) {
  const provider = providerForNamespace(namespace);
  if (!provider) {
    throw new ArmError(400, 'InvalidResourceNamespace', `The resource namespace '${namespace}' is invalid (not simulated).`);
  }
  const typed = typedPath(segments);
  const typeName = typed.types.join('/');
  if (!provider.resourceTypes.some((t) => t.toLowerCase() === typeName.toLowerCase())) {
    throw notFound('InvalidResourceType', `The resource type '${typeName}' could not be found in the namespace '${provider.namespace}' for api version '${ctx.apiVersion}'.`);
  }
  if (sub !== undefined && registrationState(ctx.state, sub, provider.namespace) === 'NotRegistered') {
    throw new ArmError(
      409,
      'MissingSubscriptionRegistration',
      `The subscription is not registered to use namespace '${provider.namespace}'. See https://aka.ms/rps-not-found for how to register subscriptions.`,
      [{ code: 'MissingSubscriptionRegistration', target: provider.namespace, message: `The subscription is not registered to use namespace '${provider.namespace}'. See https://aka.ms/rps-not-found for how to register subscriptions.` }],
    );
  }
  // Every version the real provider publishes for the type (api-versions.ts), listed newest first when refused.
  const served = providerTypeApiVersions(provider, typed.types);
  if (!served.includes(ctx.apiVersion)) {
    throw new ArmError(
      400,
      'NoRegisteredProviderFound',
      `No registered resource provider found for location '${location ?? 'global'}' and API version '${ctx.apiVersion}' for type '${typeName}'. ` +
        `The supported api-versions are '${[...served].reverse().join(', ')}'.`,
    );
  }
  // The provider sees a version it models: the request is answered in that version's shape.
  ctx.requestedApiVersion = ctx.apiVersion;
  ctx.apiVersion = shapeApiVersion(ctx.apiVersion, modelledApiVersions(provider, typed.types));
  return { provider, typed };
}

/** `{scope}/providers/{extension ns}/...` (router.ts EXTENSIONS): the provider resolves (and checks) the scope itself. */
function dispatchExtension(ctx: Ctx, route: Extract<Route, { kind: 'extension' }>, body: string | undefined): SimResponse {
  const { scope } = route;
  const atSubscription = scope.length >= 2 && scope[0].toLowerCase() === 'subscriptions';
  if (scope.length > 0 && !atSubscription) {
    throw new ArmError(400, 'InvalidScope', `The scope '/${scope.join('/')}' is not a tenant, subscription, resource group or resource scope the simulator implements.`);
  }
  const sub = atSubscription ? scope[1] : undefined;
  if (sub !== undefined && !isGuid(sub)) throw notFound('SubscriptionNotFound', `The subscription '${sub}' could not be found.`);
  const { provider, typed } = resolveProvider(ctx, sub, route.namespace, route.segments, bodyLocation(body));
  const res = provider.handle({ ...ctx, method: ctx.method === 'HEAD' ? 'GET' : ctx.method }, { sub: sub?.toLowerCase() ?? '', typed, scope });
  if (ctx.method !== 'HEAD') return res;
  return { status: res.status === 200 ? 204 : res.status, headers: res.headers };
}

function bodyLocation(body: string | undefined): string | undefined {
  try {
    const v = JSON.parse(body ?? '') as { location?: unknown };
    return typeof v.location === 'string' ? v.location : undefined;
  } catch {
    return undefined;
  }
}
