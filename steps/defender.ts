// Microsoft Defender for Cloud plans for the resource types the environment uses (issue 14 item 4),
// off by default. A plan (Microsoft.Security/pricings) is SUBSCRIPTION-WIDE: turning it on bills every
// resource of that type in the subscription, not only this environment's. So the step records the tier
// it found before changing a plan, and teardown puts exactly that tier back (never Free blindly).
// Where the record lives: a tag on the environment's resource group (`secure-aml-defender-prior`), since a
// step's outputs are recomputed on every run and a pricing has no field of its own to hold it; a group the
// user brought (resourceGroup.existing) is never tagged, so there teardown leaves the plans as they are.
// Generic resources client: no SDK on the design card covers Microsoft.Security.
import type { GenericResource } from '@azure/arm-resources';
import { z } from 'zod';
import { diffSubset } from '../src/engine/diff.js';
import type { Change } from '../src/engine/step.js';
import { quote, type Finding } from '../src/config/problems.js';
import type { Config } from '../src/config/schema.js';
import { isBastion } from './access.js';
import { type AzureStep, type Ctx, type StepEnv } from './env.js';
import type { ResourceModule, SummaryItem, SummaryView, TeardownNote, TeardownView } from './module.js';
import { readOrUndefined } from './support/lro.js';

/** Pricings at 2024-01-01 (the repo's Microsoft.Security spec). */
const API = '2024-01-01';

/**
 * The plans for the resource types this environment uses, each with the sub-plan Azure takes today:
 * VirtualMachines P1/P2 (pricings.json 2024-01-01, subPlan: "available sub plans are 'P1' & 'P2'"; P1, the
 * jumpbox needs no more), StorageAccounts DefenderForStorageV2 (the per-account plan; Azure/PSRule.Rules.Azure#2205),
 * KeyVaults PerKeyVault and Arm PerSubscription (PerTransaction / PerApiCall are deprecated and refused for new
 * enablement: Azure/Azure-Landing-Zones#4203), Containers (no sub-plan).
 */
export const DEFENDER_PLANS = {
  VirtualMachines: { subPlan: 'P1', covers: 'the jumpbox VM (access.mode bastion)' },
  StorageAccounts: { subPlan: 'DefenderForStorageV2', covers: 'the workspace storage account' },
  KeyVaults: { subPlan: 'PerKeyVault', covers: 'the key vault' },
  Containers: { subPlan: undefined, covers: 'the container registry and the AKS cluster' },
  Arm: { subPlan: 'PerSubscription', covers: 'Azure Resource Manager operations in the subscription' },
} as const;
export type DefenderPlan = keyof typeof DEFENDER_PLANS;
const PLAN_NAMES = Object.keys(DEFENDER_PLANS) as DefenderPlan[];

/** Microsoft's price list; no per-plan figure is quoted here (none found in an authoritative source to cite). */
export const DEFENDER_PRICING_URL = 'https://azure.microsoft.com/pricing/details/defender-for-cloud/';

const PRIOR_TAG = 'secure-aml-defender-prior';

const plansOf = (c: Config): DefenderPlan[] => [...new Set(c.defender?.plans ?? [])];
const pricingId = (env: StepEnv, plan: string) => `/subscriptions/${env.subscriptionId}/providers/Microsoft.Security/pricings/${plan}`;

interface Tier { pricingTier: string; subPlan?: string }
const tierText = (t: Tier) => (t.subPlan ? `${t.pricingTier}/${t.subPlan}` : t.pricingTier);
const parseTier = (s: string): Tier => { const [pricingTier, subPlan] = s.split('/'); return subPlan ? { pricingTier, subPlan } : { pricingTier }; };

/** `Plan=Tier[/subPlan],...` in the group's tag: what each plan was before secure-aml changed it. */
function parsePrior(tag: string | undefined): Record<string, Tier> {
  if (!tag) return {};
  return Object.fromEntries(tag.split(',').filter(Boolean).map((kv) => { const [k, v] = kv.split('='); return [k, parseTier(v ?? 'Free')]; }));
}
const formatPrior = (p: Record<string, Tier>) => Object.entries(p).map(([k, t]) => `${k}=${tierText(t)}`).join(',');

interface Member { plan: DefenderPlan; id: string; body: { properties: Tier } }
interface Observed { pricings: Record<string, GenericResource | undefined>; prior: Record<string, Tier> }

function members(env: StepEnv): Member[] {
  return plansOf(env.config).map((plan) => {
    const subPlan = DEFENDER_PLANS[plan].subPlan;
    return { plan, id: pricingId(env, plan), body: { properties: { pricingTier: 'Standard', ...(subPlan ? { subPlan } : {}) } } };
  });
}

const memberChanges = (m: Member, o: GenericResource | undefined): Change[] =>
  diffSubset(m.body.properties, o?.properties as object | undefined).map((c) => ({ ...c, path: `${m.plan}.${c.path}` }));

async function groupTags(env: StepEnv): Promise<Record<string, string> | undefined> {
  const rg = await readOrUndefined(async () => (await env.clients.resources()).resourceGroups.get(env.names.resourceGroup));
  return rg?.tags;
}

async function writeTag(env: StepEnv, value: string | undefined): Promise<void> {
  const client = (await env.clients.resources()).resourceGroups;
  const tags = { ...((await groupTags(env)) ?? {}) };
  if (value) tags[PRIOR_TAG] = value; else delete tags[PRIOR_TAG];
  await client.update(env.names.resourceGroup, { tags });
}

async function putTier(ctx: Ctx, id: string, tier: Tier): Promise<GenericResource> {
  const c = (await ctx.env.clients.resources()).resources;
  await ctx.pending({ operation: 'update', resourceId: id });
  // A pricing PUT answers at once (200); the generic client's poller is done with the first response.
  const poller = await c.beginCreateOrUpdateById(id, API, { properties: { ...tier } } as GenericResource, { updateIntervalInMs: ctx.env.pollIntervalMs, abortSignal: ctx.signal });
  return poller.pollUntilDone({ abortSignal: ctx.signal });
}

const plansStep: AzureStep<Member[], Observed> = {
  id: 'defender-plans',
  title: 'Defender for Cloud plans (SUBSCRIPTION-WIDE: bills all such resources)',
  dependsOn: ['resource-group'],
  typicalSeconds: 5,
  // The pricing exists before us (Free): turning a plan on changes a resource we do not own, which
  // teardown then puts back.
  attachment: true,
  enabled: (env) => plansOf(env.config).length > 0,
  resourceId: (ctx) => `/subscriptions/${ctx.env.subscriptionId}/providers/Microsoft.Security/pricings`,
  desired: (ctx) => members(ctx.env),
  read: async (ctx) => {
    const c = (await ctx.env.clients.resources()).resources;
    const pricings: Observed['pricings'] = {};
    for (const m of members(ctx.env)) pricings[m.id] = await readOrUndefined(() => c.getById(m.id, API));
    return { pricings, prior: parsePrior((await groupTags(ctx.env))?.[PRIOR_TAG]) };
  },
  diff: (desired, observed) => desired.flatMap((m) => memberChanges(m, observed?.pricings[m.id])),
  apply: async (ctx, desired, observed) => {
    const pricings = { ...(observed?.pricings ?? {}) };
    const prior = { ...(observed?.prior ?? {}) };
    const changing = desired.filter((m) => memberChanges(m, pricings[m.id]).length > 0);
    // Write-ahead of the tier found, before the plan changes; a tier recorded earlier wins (it is the
    // one from before secure-aml), so a re-run after a failure never records our own Standard.
    const found: Record<string, Tier> = {};
    for (const m of changing) {
      const p = pricings[m.id]?.properties as Tier | undefined;
      if (!(m.plan in prior)) found[m.plan] = { pricingTier: p?.pricingTier ?? 'Free', ...(p?.subPlan ? { subPlan: p.subPlan } : {}) };
    }
    if (Object.keys(found).length && !ctx.env.config.resourceGroup.existing) {
      Object.assign(prior, found);
      await writeTag(ctx.env, formatPrior(prior));
    }
    for (const m of changing) {
      ctx.report(`${m.plan}: ${tierText(m.body.properties)} for the whole subscription`);
      pricings[m.id] = await putTier(ctx, m.id, m.body.properties);
    }
    return { pricings, prior };
  },
  remove: async (ctx) => {
    // Every plan the record names goes back (also one since dropped from the config); a plan without a
    // record was not changed by secure-aml, or its record could not be kept: left as it is.
    const prior = parsePrior((await groupTags(ctx.env))?.[PRIOR_TAG]);
    for (const m of members(ctx.env)) if (!prior[m.plan]) ctx.report(`${m.plan}: no record of a tier before secure-aml; left as it is`);
    for (const [plan, before] of Object.entries(prior)) {
      ctx.report(`${plan}: back to ${tierText(before)}`);
      await putTier(ctx, pricingId(ctx.env, plan), before);
    }
    if (Object.keys(prior).length) await writeTag(ctx.env, undefined);
  },
  outputs: (o, ctx) => ({
    id: `/subscriptions/${ctx.env.subscriptionId}/providers/Microsoft.Security/pricings`,
    plans: JSON.stringify(Object.fromEntries(Object.entries(o.pricings).map(([id, r]) => [id.split('/').pop()!, (r?.properties as Tier | undefined)?.pricingTier ?? 'unknown']))),
    prior: JSON.stringify(o.prior),
  }),
};

// ---- module ----
export const config = {
  defender: z
    .strictObject({
      plans: z
        .array(z.enum(PLAN_NAMES as [DefenderPlan, ...DefenderPlan[]], { error: (iss) => `${quote(iss.input)} is not a Defender for Cloud plan secure-aml turns on; expected ${PLAN_NAMES.join(', ')}` }))
        .default([])
        .describe(
          `Microsoft Defender for Cloud plans to turn on (Standard), off by default: ${PLAN_NAMES.map((p) => `${p} (${DEFENDER_PLANS[p].covers})`).join(', ')}. ` +
            `SUBSCRIPTION-WIDE: a plan bills every resource of its type in the subscription, not only this environment's; teardown puts back the tier it found. Prices: ${DEFENDER_PRICING_URL}`,
        ),
    })
    .prefault({})
    .describe('Microsoft Defender for Cloud plans for the resource types in use.'),
};

function findings(c: Config): Finding[] {
  if (plansOf(c).includes('VirtualMachines') && !isBastion(c)) {
    return [{ path: 'defender.plans', message: `"VirtualMachines" protects virtual machines, and this environment has none (the jumpbox exists only with access.mode bastion, here ${quote(c.access?.mode ?? 'none')}); remove it or use access.mode bastion`, involves: ['defender.plans', 'access.mode'] }];
  }
  return [];
}

function summary(view: SummaryView): SummaryItem[] {
  const rec = view.state.steps['defender-plans'];
  if (rec?.status !== 'done') return [];
  const plans = plansOf(view.env.config);
  const prior = JSON.parse(rec.outputs?.prior ?? '{}') as Record<string, Tier>;
  return [{
    key: 'defender',
    json: { subscriptionWide: true, plans: plans.map((p) => ({ plan: p, subPlan: DEFENDER_PLANS[p].subPlan, before: prior[p] ? tierText(prior[p]) : undefined })), pricing: DEFENDER_PRICING_URL },
    lines: [
      `Defender for Cloud plans on, SUBSCRIPTION-WIDE (subscription ${view.env.subscriptionId}):`,
      ...plans.map((p) => `  ${p}${DEFENDER_PLANS[p].subPlan ? ` (${DEFENDER_PLANS[p].subPlan})` : ''}: ${DEFENDER_PLANS[p].covers}${prior[p] ? `; teardown puts back ${tierText(prior[p])}` : ''}`),
      'each plan bills every resource of its type in the subscription; no price is shown here:',
      `  ${DEFENDER_PRICING_URL}`,
    ],
  }];
}

function teardownNotes(view: TeardownView): TeardownNote[] {
  if (!view.deleting.has('defender-plans')) return [];
  const plans = plansOf(view.env.config).join(', ');
  if (view.env.config.resourceGroup.existing) {
    return [{ note: `Defender for Cloud plans ${plans} stay as they are (subscription-wide): the resource group is yours, so secure-aml kept no record of their tiers before; set them in Defender for Cloud if needed.` }];
  }
  return [{ note: `Defender for Cloud plans ${plans} return to the tiers found before secure-aml turned them on (subscription-wide).` }];
}

export const definition: ResourceModule = {
  id: 'Defender for Cloud',
  config,
  findings,
  steps: [plansStep],
  summary,
  teardownNotes,
};
