// Attaching a later resource (route table, NAT gateway, service endpoint policy) to subnets the VNet
// step created: one subnet PUT each, carrying everything the subnet already has (a subnet PUT
// replaces the subnet), serialised on the VNet (one change at a time). Removal detaches only; the
// subnets go with the VNet. The VNet step carries these properties over on its own updates.
import type { Subnet } from '@azure/arm-network';
import { diffSubset } from '../../src/engine/diff.js';
import type { AzureStep, Ctx, StepEnv } from '../env.js';
import { subnetId, subnetName, vnetId } from '../vnet.js';
import { provisioningFailed } from './failed-state.js';
import { readOrUndefined, runLro } from './lro.js';

/** The subnet properties an association owns; references are compared by id only. */
type Owned = Pick<Subnet, 'routeTable' | 'natGateway' | 'serviceEndpointPolicies'>;
type OwnedKey = keyof Owned;

export interface SubnetAssociationSpec {
  id: string;
  title: string;
  dependsOn: string[];
  enabled?: (env: StepEnv) => boolean;
  /** Keys (SubnetSpec.key) of the subnets to attach to. */
  subnets: (env: StepEnv) => string[];
  property: OwnedKey;
  /** The value to set: `{ id }` or `[{ id }]`. */
  value: (ctx: Ctx) => Owned[OwnedKey];
}

const idsOnly = (v: unknown): unknown =>
  Array.isArray(v) ? v.map((x) => ({ id: (x as { id?: string }).id })) : v && typeof v === 'object' ? { id: (v as { id?: string }).id } : undefined;

type Observed = Record<string, Subnet | undefined>;

export function subnetAssociationStep(spec: SubnetAssociationSpec): AzureStep<Record<string, unknown>, Observed> {
  const read = async (ctx: Ctx, key: string) =>
    readOrUndefined(async () => (await ctx.env.clients.network()).subnets.get(ctx.env.names.resourceGroup, ctx.env.names.vnet, subnetName(ctx.env, key)));
  const put = async (ctx: Ctx, key: string, body: Subnet, operation: 'update') => {
    const client = await ctx.env.clients.network();
    return runLro(ctx, operation, subnetId(ctx.env, key), (o) =>
      client.subnets.beginCreateOrUpdate(ctx.env.names.resourceGroup, ctx.env.names.vnet, subnetName(ctx.env, key), body, o));
  };
  return {
    id: spec.id,
    title: spec.title,
    dependsOn: spec.dependsOn,
    typicalSeconds: 8,
    attachment: true,
    enabled: spec.enabled ?? (() => true),
    serialKey: (env) => vnetId(env),
    resourceId: (ctx) => subnetId(ctx.env, spec.subnets(ctx.env)[0] ?? ''),
    desired: (ctx) => Object.fromEntries(spec.subnets(ctx.env).map((k) => [k, idsOnly(spec.value(ctx))])),
    read: async (ctx) => {
      const out: Observed = {};
      for (const k of spec.subnets(ctx.env)) out[k] = await read(ctx, k);
      return Object.values(out).some(Boolean) ? out : undefined;
    },
    diff: (desired, observed) => diffSubset(desired, observed && Object.fromEntries(Object.keys(desired).map((k) => [k, idsOnly(observed[k]?.[spec.property])]))),
    apply: async (ctx, desired, observed) => {
      const out: Observed = { ...(observed ?? {}) };
      for (const [k, value] of Object.entries(desired)) {
        // Read again: another association on the same subnet may have run since the plan read it.
        const prior = await read(ctx, k);
        // A subnet left Failed by a failed operation is sent again even when it matches (failed-state.ts).
        if (JSON.stringify(idsOnly(prior?.[spec.property])) === JSON.stringify(value) && !provisioningFailed(prior)) continue;
        out[k] = await put(ctx, k, { ...(prior ?? {}), [spec.property]: value }, 'update');
      }
      return out;
    },
    remove: async (ctx) => {
      const client = await ctx.env.clients.network();
      for (const k of spec.subnets(ctx.env)) {
        const prior = await read(ctx, k);
        const v = prior?.[spec.property];
        if (!v || (Array.isArray(v) && v.length === 0)) continue;
        const body: Subnet = { ...prior, [spec.property]: Array.isArray(v) ? [] : undefined };
        const p = await client.subnets.beginCreateOrUpdate(ctx.env.names.resourceGroup, ctx.env.names.vnet, subnetName(ctx.env, k), body,
          { updateIntervalInMs: ctx.env.pollIntervalMs, abortSignal: ctx.signal });
        await p.pollUntilDone({ abortSignal: ctx.signal });
      }
    },
    outputs: (_o, ctx) => ({ id: subnetId(ctx.env, spec.subnets(ctx.env)[0] ?? '') }),
  };
}
