// A set of resources of one kind whose size comes from the config (compute instances, role
// assignments for the principals named): converged as one step, each member by its own PUT.
import type { GenericResource } from '@azure/arm-resources';
import { diffSubset } from '../../src/engine/diff.js';
import { deleteWithQuery } from '../../src/azure/raw.js';
import type { Change } from '../../src/engine/step.js';
import type { AzureStep, Ctx, StepEnv } from '../env.js';
import type { ArmBody } from './arm-resource.js';
import { deleteIfExists, readOrUndefined, runLro } from './lro.js';

export interface SetMember { id: string; body: ArmBody }

export interface SetSpec {
  id: string;
  title: string;
  dependsOn: string[];
  apiVersion: string;
  typicalSeconds?: number;
  enabled?: (env: StepEnv) => boolean;
  /** Scope the set lives in (for state and teardown listing). */
  scopeId: (ctx: Ctx) => string;
  members: (ctx: Ctx) => SetMember[];
  /** ARM cannot update members in place (role assignments): existing = in sync. */
  createOnly?: boolean;
  /** Wraps each member's PUT (retries, "already exists" handling). */
  put?: (ctx: Ctx, member: SetMember, send: () => Promise<GenericResource>) => Promise<GenericResource>;
  /** DELETE query parameters some types require (computes: underlyingResourceAction). */
  deleteQuery?: string;
}

type Observed = Record<string, GenericResource | undefined>;

const view = (body: ArmBody, o: GenericResource | undefined) => o && Object.fromEntries(Object.keys(body).map((k) => [k, (o as Record<string, unknown>)[k]]));

export function armSetStep(spec: SetSpec): AzureStep<SetMember[], Observed> {
  const memberChanges = (m: SetMember, o: GenericResource | undefined): Change[] =>
    !o ? [{ path: m.id, kind: 'add', after: m.body }] : spec.createOnly ? [] : diffSubset(m.body, view(m.body, o)).map((c) => ({ ...c, path: `${m.id.split('/').pop()}.${c.path}` }));
  return {
    id: spec.id,
    title: spec.title,
    dependsOn: spec.dependsOn,
    typicalSeconds: spec.typicalSeconds,
    enabled: spec.enabled ?? (() => true),
    resourceId: spec.scopeId,
    desired: spec.members,
    read: async (ctx) => {
      const client = (await ctx.env.clients.resources()).resources;
      const out: Observed = {};
      for (const m of spec.members(ctx)) out[m.id] = await readOrUndefined(() => client.getById(m.id, spec.apiVersion));
      // No member exists yet: the set as a whole is to be created.
      return Object.values(out).some(Boolean) ? out : undefined;
    },
    diff: (desired, observed) => desired.flatMap((m) => memberChanges(m, observed?.[m.id])),
    apply: async (ctx, desired, observed) => {
      const client = (await ctx.env.clients.resources()).resources;
      const out: Observed = { ...(observed ?? {}) };
      for (const m of desired) {
        const o = observed?.[m.id];
        if (o && memberChanges(m, o).length === 0) continue;
        const send = () => runLro(ctx, o ? 'update' : 'create', m.id, (opts) => client.beginCreateOrUpdateById(m.id, spec.apiVersion, m.body, opts));
        out[m.id] = await (spec.put ? spec.put(ctx, m, send) : send());
      }
      return out;
    },
    remove: async (ctx) => {
      const resources = await ctx.env.clients.resources();
      for (const m of spec.members(ctx)) {
        await deleteIfExists(async () => {
          if (spec.deleteQuery) {
            await deleteWithQuery(ctx.env.clients, m.id, spec.apiVersion, spec.deleteQuery, ctx.env.pollIntervalMs ?? 10_000, ctx.signal);
            return;
          }
          const p = await resources.resources.beginDeleteById(m.id, spec.apiVersion, { updateIntervalInMs: ctx.env.pollIntervalMs, abortSignal: ctx.signal });
          await p.pollUntilDone({ abortSignal: ctx.signal });
        });
      }
    },
    outputs: (o, ctx) => ({ id: spec.scopeId(ctx), members: JSON.stringify(Object.keys(o).filter((k) => o[k])) }),
  };
}
