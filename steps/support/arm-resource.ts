// Resources no typed client of the design card can write as the baseline needs them, as one ARM PUT
// of a JSON body at a pinned api-version through the generic resources client: the Azure ML
// workspace (the ML SDK's 2022-10-01 has no managedNetwork nor systemDatastoresAuthMode), Log
// Analytics, Application Insights and diagnostic settings (their SDKs are not on the card).
// Everything else goes through its provider's typed client (sdk-step.ts).
import type { GenericResource } from '@azure/arm-resources';
import { diffSubset } from '../../src/engine/diff.js';
import type { Change } from '../../src/engine/step.js';
import type { Problem } from '../../src/errors.js';
import type { AzureStep, Ctx, StepEnv } from '../env.js';
import { deleteIfExists, readOrUndefined, runLro } from './lro.js';

export interface ArmBody {
  location?: string;
  tags?: Record<string, string>;
  kind?: string;
  sku?: Record<string, unknown>;
  identity?: Record<string, unknown>;
  properties?: Record<string, unknown>;
}

export interface ArmResourceSpec {
  id: string;
  title: string;
  dependsOn: string[];
  apiVersion: string;
  typicalSeconds?: number;
  enabled?: (env: StepEnv) => boolean;
  serialKey?: (env: StepEnv) => string | undefined;
  resourceId: (env: StepEnv, ctx: Ctx) => string;
  body: (ctx: Ctx) => ArmBody;
  /** Which part of the GET to compare (default: the same keys as the body). */
  diff?: (desired: ArmBody, observed: GenericResource) => Change[];
  outputs?: (observed: GenericResource, ctx: Ctx) => Record<string, string>;
  /** Checks before the first write, for a resource that does not exist yet (name taken, soft-deleted...). */
  preflight?: (ctx: Ctx) => Promise<Problem[]>;
}

export type ArmStep = AzureStep<ArmBody, GenericResource> & { preflight?: (ctx: Ctx) => Promise<Problem[]> };

function view(desired: ArmBody, observed: GenericResource): ArmBody {
  const o = observed as ArmBody;
  return Object.fromEntries(Object.keys(desired).map((k) => [k, o[k as keyof ArmBody]])) as ArmBody;
}

export function armResourceStep(spec: ArmResourceSpec): ArmStep {
  const idOf = (ctx: Ctx) => spec.resourceId(ctx.env, ctx);
  return {
    id: spec.id,
    title: spec.title,
    dependsOn: spec.dependsOn,
    typicalSeconds: spec.typicalSeconds,
    enabled: spec.enabled ?? (() => true),
    serialKey: spec.serialKey,
    preflight: spec.preflight,
    resourceId: idOf,
    desired: spec.body,
    read: async (ctx) => readOrUndefined(async () => (await ctx.env.clients.resources()).resources.getById(idOf(ctx), spec.apiVersion)),
    diff: (desired, observed) => {
      if (!observed) return [{ path: '(resource)', kind: 'add', after: desired }];
      return spec.diff ? spec.diff(desired, observed) : diffSubset(desired, view(desired, observed));
    },
    apply: async (ctx, desired, observed) => {
      const client = (await ctx.env.clients.resources()).resources;
      return runLro(ctx, observed ? 'update' : 'create', idOf(ctx), (o) => client.beginCreateOrUpdateById(idOf(ctx), spec.apiVersion, desired as GenericResource, o));
    },
    remove: async (ctx) => {
      const client = (await ctx.env.clients.resources()).resources;
      await deleteIfExists(async () => {
        const p = await client.beginDeleteById(idOf(ctx), spec.apiVersion, { updateIntervalInMs: ctx.env.pollIntervalMs, abortSignal: ctx.signal });
        await p.pollUntilDone({ abortSignal: ctx.signal });
      });
    },
    outputs: (observed, ctx) => ({ id: observed.id ?? idOf(ctx), ...(spec.outputs?.(observed, ctx) ?? {}) }),
  };
}

/** Properties of a GET body as a plain record (the generic client types them as unknown). */
export function props(r: GenericResource): Record<string, unknown> {
  return (r.properties ?? {}) as Record<string, unknown>;
}
