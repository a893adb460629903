// A resource and one child that only makes sense with it (a DNS zone and its VNet link, a private
// endpoint and its DNS zone group), converged as one step: PUT the parent if it differs, then the child.
import type { GenericResource } from '@azure/arm-resources';
import { diffSubset } from '../../src/engine/diff.js';
import type { Change } from '../../src/engine/step.js';
import type { AzureStep, Ctx, StepEnv } from '../env.js';
import type { ArmBody } from './arm-resource.js';
import { deleteIfExists, readOrUndefined, runLro } from './lro.js';

export interface PairSpec {
  id: string;
  title: string;
  dependsOn: string[];
  typicalSeconds?: number;
  enabled?: (env: StepEnv) => boolean;
  apiVersion: string;
  parentId: (ctx: Ctx) => string;
  childId: (ctx: Ctx) => string;
  parent: (ctx: Ctx) => ArmBody;
  child: (ctx: Ctx) => ArmBody;
  outputs?: (parent: GenericResource, child: GenericResource, ctx: Ctx) => Record<string, string>;
}

interface Pair { parent: ArmBody; child: ArmBody }
interface Observed { parent?: GenericResource; child?: GenericResource }

const pick = (desired: ArmBody, observed: GenericResource | undefined) =>
  observed && Object.fromEntries(Object.keys(desired).map((k) => [k, (observed as Record<string, unknown>)[k]]));

export function armPairStep(spec: PairSpec): AzureStep<Pair, Observed> {
  return {
    id: spec.id,
    title: spec.title,
    dependsOn: spec.dependsOn,
    typicalSeconds: spec.typicalSeconds,
    enabled: spec.enabled ?? (() => true),
    resourceId: spec.parentId,
    desired: (ctx) => ({ parent: spec.parent(ctx), child: spec.child(ctx) }),
    read: async (ctx) => {
      const client = (await ctx.env.clients.resources()).resources;
      const parent = await readOrUndefined(() => client.getById(spec.parentId(ctx), spec.apiVersion));
      if (!parent) return undefined;
      const child = await readOrUndefined(() => client.getById(spec.childId(ctx), spec.apiVersion));
      return { parent, child };
    },
    diff: (desired, observed): Change[] => [
      ...diffSubset(desired.parent, pick(desired.parent, observed?.parent)),
      ...diffSubset(desired.child, pick(desired.child, observed?.child)).map((c) => ({ ...c, path: `child.${c.path}` })),
    ],
    apply: async (ctx, desired, observed) => {
      const client = (await ctx.env.clients.resources()).resources;
      let parent = observed?.parent;
      if (!parent || diffSubset(desired.parent, pick(desired.parent, parent)).length) {
        parent = await runLro(ctx, parent ? 'update' : 'create', spec.parentId(ctx), (o) => client.beginCreateOrUpdateById(spec.parentId(ctx), spec.apiVersion, desired.parent, o));
      }
      let child = observed?.child;
      if (!child || diffSubset(desired.child, pick(desired.child, child)).length) {
        child = await runLro(ctx, child ? 'update' : 'create', spec.childId(ctx), (o) => client.beginCreateOrUpdateById(spec.childId(ctx), spec.apiVersion, desired.child, o));
      }
      return { parent, child };
    },
    remove: async (ctx) => {
      const client = (await ctx.env.clients.resources()).resources;
      for (const id of [spec.childId(ctx), spec.parentId(ctx)]) {
        await deleteIfExists(async () => {
          const p = await client.beginDeleteById(id, spec.apiVersion, { updateIntervalInMs: ctx.env.pollIntervalMs, abortSignal: ctx.signal });
          await p.pollUntilDone({ abortSignal: ctx.signal });
        });
      }
    },
    outputs: (o, ctx) => ({ id: o.parent?.id ?? spec.parentId(ctx), ...(o.parent && o.child && spec.outputs ? spec.outputs(o.parent, o.child, ctx) : {}) }),
  };
}
