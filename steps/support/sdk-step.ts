// Steps over the typed SDK client of each resource's provider: the body is the SDK's model type, so
// the compiler checks every property name and value, and the SDK serialises it to the wire names
// (storage `keyVaultProperties` -> `keyvaultproperties`, authorization `roleType` -> `type`).
// Three shapes: one resource (sdkStep), a resource and a child that only makes sense with it
// (sdkPairStep: DNS zone + VNet link, private endpoint + DNS zone group), and a set sized by the
// config (sdkSetStep: role assignments, custom roles, compute instances). Each keeps write-ahead and
// resume (runLro), 404 -> undefined reads, idempotent deletes and subset diffs.
import type { AzureClients } from '../../src/azure/clients.js';
import { diffSubset } from '../../src/engine/diff.js';
import type { Change } from '../../src/engine/step.js';
import type { Problem } from '../../src/errors.js';
import type { AzureStep, Ctx, StepEnv } from '../env.js';
import { provisioningFailed } from './failed-state.js';
import { deleteIfExists, readOrUndefined, runLro, type LroOptions, type PollerLike } from './lro.js';

export interface DeleteOptions {
  updateIntervalInMs?: number;
  abortSignal: AbortSignal;
}

interface SdkAccess<C, Observed> {
  client: (clients: AzureClients) => Promise<C>;
  /** GET; rejects with ARM's 404 when the resource does not exist. */
  read: (c: C, env: StepEnv) => Promise<Observed>;
  /** DELETE, waited for until done. A 404 counts as deleted. */
  del: (c: C, env: StepEnv, o: DeleteOptions, ctx: Ctx) => Promise<unknown>;
}

/** Exactly one way to write: a long-running PUT, or one ARM answers at once. */
type SdkWrite<C, Body, Observed> =
  | {
      /**
       * A long-running PUT: returns the SDK's poller. With `o.resumeFrom` it must re-attach to that
       * serialised poller instead of sending the PUT again (classic SDKs: the `resumeFrom` option;
       * modular SDKs: `restorePoller`, wrapped by `modular`).
       */
      put: (c: C, env: StepEnv, body: Body, o: LroOptions) => Promise<PollerLike<Observed>>;
      send?: never;
    }
  | {
      /** A PUT ARM answers at once (identities, keys, role assignments): written ahead, then sent. */
      send: (c: C, env: StepEnv, body: Body) => Promise<Observed>;
      put?: never;
    };

/**
 * How one resource is read, written and deleted through its SDK client `C`. `Body` is the SDK's
 * request model, `Observed` what its GET returns.
 */
export type SdkResource<C, Body, Observed> = SdkAccess<C, Observed> & SdkWrite<C, Body, Observed>;

/** core-lro 3 pollers (modular SDKs: storage, key vault, registry, container service) are thenables
 * serialised with `serialize()`: wrapped, so `await` never runs one to completion by accident. */
export function modular<T>(poller: { serialize(): Promise<string>; pollUntilDone(o?: { abortSignal?: AbortSignal }): Promise<T> }): PollerLike<T> {
  return {
    serialize: () => poller.serialize(),
    toString: () => '[modular poller: use serialize()]',
    pollUntilDone: (o) => poller.pollUntilDone(o),
  };
}

/** The resource group every resource of the environment lives in. */
export const rgName = (env: StepEnv): string => env.names.resourceGroup;

async function readResource<C, B, O>(r: SdkResource<C, B, O>, env: StepEnv): Promise<O | undefined> {
  const c = await r.client(env.clients);
  return readOrUndefined(() => r.read(c, env));
}

async function writeResource<C, B, O>(r: SdkResource<C, B, O>, ctx: Ctx, resourceId: string, body: B, exists: boolean): Promise<O> {
  const c = await r.client(ctx.env.clients);
  const operation = exists ? 'update' : 'create';
  const { put, send } = r;
  if (put) return runLro(ctx, operation, resourceId, (o) => put(c, ctx.env, body, o));
  // Not long-running: nothing to re-attach to, but the intent is recorded before the call.
  await ctx.pending({ operation, resourceId });
  return send!(c, ctx.env, body);
}

async function deleteResource<C, B, O>(r: SdkResource<C, B, O>, ctx: Ctx): Promise<void> {
  const c = await r.client(ctx.env.clients);
  await deleteIfExists(() => r.del(c, ctx.env, { updateIntervalInMs: ctx.env.pollIntervalMs, abortSignal: ctx.signal }, ctx));
}

/** The observed values of exactly the top-level keys the body sets (ARM adds read-only ones). */
function view(desired: object, observed: object | undefined): Record<string, unknown> | undefined {
  if (!observed) return undefined;
  const o = observed as Record<string, unknown>;
  return Object.fromEntries(Object.keys(desired).map((k) => [k, o[k]]));
}

interface StepMeta {
  id: string;
  title: string;
  dependsOn: string[];
  typicalSeconds?: number;
  enabled?: (env: StepEnv) => boolean;
  serialKey?: (env: StepEnv) => string | undefined;
}

/** The fields every step shape takes from its spec as they are. */
function stepMeta(spec: StepMeta): Required<Pick<StepMeta, 'id' | 'title' | 'dependsOn' | 'enabled'>> & Pick<StepMeta, 'typicalSeconds' | 'serialKey'> {
  return { id: spec.id, title: spec.title, dependsOn: spec.dependsOn, typicalSeconds: spec.typicalSeconds, enabled: spec.enabled ?? (() => true), serialKey: spec.serialKey };
}

// ---- one resource ---------------------------------------------------------------------------------

export type SdkStepSpec<C, Body extends object, Observed extends object> = StepMeta & SdkResource<C, Body, Observed> & {
  resourceId: (env: StepEnv) => string;
  body: (ctx: Ctx) => Body;
  /** Which part of the GET to compare (default: the keys the body sets). */
  diff?: (desired: Body, observed: Observed) => Change[];
  outputs?: (observed: Observed, ctx: Ctx) => Record<string, string>;
  /** Checks before the first write, for a resource that does not exist yet (name taken, soft-deleted...). */
  preflight?: (ctx: Ctx) => Promise<Problem[]>;
  /** Resources ARM never updates in place (keys): once it exists it is in sync. */
  createOnly?: boolean;
};

export type SdkStep<Body, Observed> = AzureStep<Body, Observed> & { preflight?: (ctx: Ctx) => Promise<Problem[]> };

export function sdkStep<C, Body extends object, Observed extends object>(spec: SdkStepSpec<C, Body, Observed>): SdkStep<Body, Observed> {
  const idOf = (ctx: Ctx) => spec.resourceId(ctx.env);
  return {
    ...stepMeta(spec),
    preflight: spec.preflight,
    resourceId: idOf,
    desired: spec.body,
    read: (ctx) => readResource(spec, ctx.env),
    diff: (desired, observed) => {
      if (!observed) return [{ path: '(resource)', kind: 'add', after: desired }];
      if (spec.createOnly) return [];
      return spec.diff ? spec.diff(desired, observed) : diffSubset(desired, view(desired, observed));
    },
    apply: (ctx, desired, observed) => writeResource(spec, ctx, idOf(ctx), desired, observed !== undefined),
    remove: (ctx) => deleteResource(spec, ctx),
    outputs: (observed, ctx) => ({ id: (observed as { id?: string }).id ?? idOf(ctx), ...(spec.outputs?.(observed, ctx) ?? {}) }),
  };
}

// ---- a resource and its child -----------------------------------------------------------------------

export type SdkPart<C, Body extends object, Observed extends object> = SdkResource<C, Body, Observed> & {
  resourceId: (env: StepEnv) => string;
  body: (ctx: Ctx) => Body;
};

export interface SdkPairSpec<PC, PB extends object, PO extends object, CC, CB extends object, CO extends object> extends StepMeta {
  parent: SdkPart<PC, PB, PO>;
  child: SdkPart<CC, CB, CO>;
  outputs?: (parent: PO, child: CO, ctx: Ctx) => Record<string, string>;
}

interface PairBody<PB, CB> { parent: PB; child: CB }
interface PairObserved<PO, CO> { parent?: PO; child?: CO }

/** Converged as one step: PUT the parent if it differs, then the child. */
export function sdkPairStep<PC, PB extends object, PO extends object, CC, CB extends object, CO extends object>(
  spec: SdkPairSpec<PC, PB, PO, CC, CB, CO>,
): AzureStep<PairBody<PB, CB>, PairObserved<PO, CO>> {
  const parentChanges = (d: PB, o: PO | undefined) => diffSubset(d, view(d, o));
  const childChanges = (d: CB, o: CO | undefined) => diffSubset(d, view(d, o)).map((c) => ({ ...c, path: `child.${c.path}` }));
  return {
    ...stepMeta(spec),
    resourceId: (ctx) => spec.parent.resourceId(ctx.env),
    desired: (ctx) => ({ parent: spec.parent.body(ctx), child: spec.child.body(ctx) }),
    read: async (ctx) => {
      const parent = await readResource(spec.parent, ctx.env);
      if (!parent) return undefined;
      return { parent, child: await readResource(spec.child, ctx.env) };
    },
    diff: (desired, observed): Change[] => [...parentChanges(desired.parent, observed?.parent), ...childChanges(desired.child, observed?.child)],
    apply: async (ctx, desired, observed) => {
      // A part left Failed by a failed operation is sent again even when it matches (failed-state.ts).
      let parent = observed?.parent;
      if (!parent || provisioningFailed(parent) || parentChanges(desired.parent, parent).length) parent = await writeResource(spec.parent, ctx, spec.parent.resourceId(ctx.env), desired.parent, parent !== undefined);
      let child = observed?.child;
      if (!child || provisioningFailed(child) || childChanges(desired.child, child).length) child = await writeResource(spec.child, ctx, spec.child.resourceId(ctx.env), desired.child, child !== undefined);
      return { parent, child };
    },
    remove: async (ctx) => {
      await deleteResource(spec.child, ctx);
      await deleteResource(spec.parent, ctx);
    },
    outputs: (o, ctx) => ({
      id: (o.parent as { id?: string } | undefined)?.id ?? spec.parent.resourceId(ctx.env),
      ...(o.parent && o.child && spec.outputs ? spec.outputs(o.parent, o.child, ctx) : {}),
    }),
  };
}

// ---- a set sized by the config -----------------------------------------------------------------------

export interface SetMember<Body> {
  /** ARM id of the member (state, write-ahead, teardown, audit). */
  id: string;
  body: Body;
}

export interface SdkSetSpec<C, M extends SetMember<object>, Observed extends object> extends StepMeta {
  /** Scope the set lives in (for state and plan). */
  scopeId: (ctx: Ctx) => string;
  members: (ctx: Ctx) => M[];
  /** How one member is read, written and deleted. */
  member: (m: M) => SdkResource<C, M['body'], Observed>;
  /** ARM cannot update members in place (role assignments): existing = in sync. */
  createOnly?: boolean;
  /** Wraps each member's write (retries, "already exists" handling). */
  write?: (ctx: Ctx, m: M, send: () => Promise<Observed>) => Promise<Observed>;
}

type SetObserved<O> = Record<string, O | undefined>;

export function sdkSetStep<C, M extends SetMember<object>, Observed extends object>(spec: SdkSetSpec<C, M, Observed>): AzureStep<M[], SetObserved<Observed>> {
  const memberChanges = (m: M, o: Observed | undefined): Change[] =>
    !o ? [{ path: m.id, kind: 'add', after: m.body }] : spec.createOnly ? [] : diffSubset(m.body, view(m.body, o)).map((c) => ({ ...c, path: `${m.id.split('/').pop()}.${c.path}` }));
  const resourceOf = spec.member;
  return {
    ...stepMeta(spec),
    resourceId: spec.scopeId,
    desired: spec.members,
    read: async (ctx) => {
      const out: SetObserved<Observed> = {};
      for (const m of spec.members(ctx)) out[m.id] = await readResource(resourceOf(m), ctx.env);
      // No member exists yet: the set as a whole is to be created.
      return Object.values(out).some(Boolean) ? out : undefined;
    },
    diff: (desired, observed) => desired.flatMap((m) => memberChanges(m, observed?.[m.id])),
    apply: async (ctx, desired, observed) => {
      const out: SetObserved<Observed> = { ...(observed ?? {}) };
      for (const m of desired) {
        const o = observed?.[m.id];
        // A member left Failed by a failed operation is sent again even when it matches (failed-state.ts).
        if (o && memberChanges(m, o).length === 0 && !provisioningFailed(o)) continue;
        const send = () => writeResource(resourceOf(m), ctx, m.id, m.body, o !== undefined);
        out[m.id] = await (spec.write ? spec.write(ctx, m, send) : send());
      }
      return out;
    },
    remove: async (ctx) => {
      for (const m of spec.members(ctx)) await deleteResource(resourceOf(m), ctx);
    },
    outputs: (o, ctx) => ({ id: spec.scopeId(ctx), members: JSON.stringify(Object.keys(o).filter((k) => o[k])) }),
  };
}
