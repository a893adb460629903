// Microsoft.Security pricings: Defender for Cloud plans of a subscription (2024-01-01 model). Every plan
// starts Free (no record until a PUT); PUT is synchronous (200, spec 2024-01-01). Deprecated plans show
// `deprecated` and `replacedBy` and cannot be enabled; a sub-plan must be one the plan offers, and the
// retired sub-plans (KeyVaults PerTransaction, Arm PerApiCall) are refused as the service does.
import { ArmError, badRequest, methodNotAllowed } from '../errors.js';
import { json } from '../http.js';
import { parseBody } from '../schemas/common.js';
import { Pricing } from '../schemas/policy.js';
import { getRecord, putRecord, type CloudState, type ResourceRecord } from '../state.js';
import type { ArmResource, SimResponse } from '../types.js';
import { notImplemented } from './kit/not-simulated.js';
import { isoTime } from './kit/tracked.js';
import type { Ctx, Provider, ProviderRoute } from './types.js';

const NS = 'Microsoft.Security';
const PRICING_TYPE = 'Microsoft.Security/pricings';

interface Plan {
  name: string;
  /** Sub-plans the plan offers; the first is what Standard without a subPlan gets. */
  subPlans?: readonly string[];
  /** Sub-plans the service no longer accepts (Azure/Enterprise-Scale PR #2180: InvalidInputError). */
  retiredSubPlans?: readonly string[];
  replacedBy?: readonly string[];
}

/**
 * Plan names: Learn defender-for-cloud (plans overview; az security pricing list) and the 2024-01-01 spec's
 * descriptions (VirtualMachines P1/P2; extensions of StorageAccounts/CloudPosture/Containers). Sub-plans:
 * StorageAccounts DefenderForStorageV2 / PerTransaction (Azure/PSRule.Rules.Azure#2205,
 * hashicorp/terraform-provider-azurerm#25067), KeyVaults PerKeyVault, Arm PerSubscription, Api P1-P5
 * (unconfirmed). Deprecated: KubernetesService and ContainerRegistry replaced by Containers (Learn
 * defender-for-containers-introduction); Dns folded into Defender for Servers P2 (replacedBy unconfirmed).
 */
const PLANS: readonly Plan[] = [
  { name: 'VirtualMachines', subPlans: ['P2', 'P1'] },
  { name: 'SqlServers' },
  { name: 'AppServices' },
  { name: 'StorageAccounts', subPlans: ['DefenderForStorageV2', 'PerTransaction', 'PerStorageAccount'] },
  { name: 'SqlServerVirtualMachines' },
  { name: 'KeyVaults', subPlans: ['PerKeyVault'], retiredSubPlans: ['PerTransaction'] },
  { name: 'Arm', subPlans: ['PerSubscription'], retiredSubPlans: ['PerApiCall'] },
  { name: 'OpenSourceRelationalDatabases' },
  { name: 'CosmosDbs' },
  { name: 'Containers' },
  { name: 'CloudPosture' },
  { name: 'Api', subPlans: ['P1', 'P2', 'P3', 'P4', 'P5'] },
  { name: 'AI' },
  { name: 'Dns', replacedBy: ['VirtualMachines'] },
  { name: 'KubernetesService', replacedBy: ['Containers'] },
  { name: 'ContainerRegistry', replacedBy: ['Containers'] },
];

const TRIAL_MS = 30 * 24 * 3600 * 1000;

/** The Defender RP's refusal code for bad input (Azure/Enterprise-Scale PR #2180); messages **unconfirmed**. */
const invalidInput = (message: string): ArmError => badRequest('InvalidInputError', message);

const findPlan = (name: string): Plan | undefined => PLANS.find((p) => p.name.toLowerCase() === name.toLowerCase());
const pricingId = (sub: string, plan: Plan): string => `/subscriptions/${sub}/providers/${PRICING_TYPE}/${plan.name}`;

/** ISO 8601 duration of the free trial left (30 days from the first enablement; Learn Defender for Cloud pricing). */
function trialLeft(startedAt: number | undefined, now: number): string {
  if (startedAt === undefined) return 'PT0S';
  let s = Math.max(0, Math.floor((startedAt + TRIAL_MS - now) / 1000));
  if (s === 0) return 'PT0S';
  const d = Math.floor(s / 86400);
  s -= d * 86400;
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  return `P${d > 0 ? `${d}D` : ''}T${h}H${m}M${s}S`;
}

function renderPlan(sub: string, plan: Plan, rec: ResourceRecord | undefined, now: number): ArmResource {
  const p = rec?.properties ?? {};
  const standard = p.pricingTier === 'Standard';
  return {
    id: pricingId(sub, plan),
    name: plan.name,
    type: PRICING_TYPE,
    properties: {
      pricingTier: standard ? 'Standard' : 'Free',
      ...(standard && p.subPlan !== undefined ? { subPlan: p.subPlan } : {}),
      freeTrialRemainingTime: standard ? trialLeft(p.trialStartedAt as number | undefined, now) : 'PT0S',
      ...(standard && p.enablementTime !== undefined ? { enablementTime: isoTime(p.enablementTime as number) } : {}),
      ...(plan.replacedBy ? { deprecated: true, replacedBy: plan.replacedBy } : {}),
      ...(standard && Array.isArray(p.extensions) ? { extensions: p.extensions } : {}),
    },
  };
}

function putPlan(ctx: Ctx, sub: string, plan: Plan, existing: ResourceRecord | undefined): SimResponse {
  const body = parseBody(Pricing, ctx.body, 'resources');
  const p = body.properties;
  if (p.enforce !== undefined) throw notImplemented("Property 'properties.enforce'", 'management-group pricing is not simulated');
  const standard = p.pricingTier === 'Standard';
  if (standard && plan.replacedBy) {
    throw invalidInput(`The plan '${plan.name}' is deprecated and cannot be enabled. Use the plan(s) '${plan.replacedBy.join(', ')}' instead.`);
  }
  let subPlan: string | undefined;
  if (p.subPlan !== undefined) {
    if (!standard) throw invalidInput(`A sub-plan can only be set with pricingTier 'Standard' (plan '${plan.name}').`);
    if (plan.retiredSubPlans?.some((s) => s.toLowerCase() === p.subPlan!.toLowerCase())) {
      throw invalidInput(`The sub-plan '${p.subPlan}' of plan '${plan.name}' is deprecated and cannot be selected. Available sub-plans: '${(plan.subPlans ?? []).join(', ')}'.`);
    }
    subPlan = plan.subPlans?.find((s) => s.toLowerCase() === p.subPlan!.toLowerCase());
    if (!subPlan) {
      throw invalidInput(`The sub-plan '${p.subPlan}' is not valid for plan '${plan.name}'. ${plan.subPlans ? `Available sub-plans: '${plan.subPlans.join(', ')}'.` : 'The plan has no sub-plans.'}`);
    }
  } else if (standard) {
    subPlan = plan.subPlans?.[0];
  }
  const old = existing?.properties ?? {};
  const wasStandard = old.pricingTier === 'Standard';
  const rec: ResourceRecord = {
    id: pricingId(sub, plan),
    type: PRICING_TYPE,
    name: plan.name,
    subscriptionId: sub,
    // A subscription-level setting: not listed among the subscription's resources.
    parentId: `/subscriptions/${sub}`,
    provisioningState: 'Succeeded',
    properties: {
      pricingTier: p.pricingTier,
      ...(subPlan !== undefined ? { subPlan } : {}),
      ...(standard ? { enablementTime: wasStandard ? old.enablementTime : ctx.now } : {}),
      // The trial runs once per plan and subscription, from the first enablement.
      ...(old.trialStartedAt !== undefined || standard ? { trialStartedAt: old.trialStartedAt ?? ctx.now } : {}),
      ...(standard && p.extensions ? { extensions: p.extensions } : {}),
    },
    createdAt: existing?.createdAt ?? ctx.now,
    changedAt: ctx.now,
  };
  putRecord(ctx.state, rec);
  return json(200, renderPlan(sub, plan, rec, ctx.now));
}

function handle(ctx: Ctx, route: ProviderRoute): SimResponse {
  const { types, names, collection } = route.typed;
  if (types.map((t) => t.toLowerCase()).join('/') !== 'pricings' || names.length > 1) {
    throw new ArmError(404, 'InvalidResourceType', `The resource type '${types.join('/')}' could not be found in the namespace '${NS}'.`);
  }
  if (route.group) throw notImplemented('Resource-level Defender pricings', 'subscription pricings only');
  if (collection) {
    if (ctx.method !== 'GET') throw methodNotAllowed(ctx.method, 'pricing collection');
    if (ctx.url.query.get('$filter') !== null) throw notImplemented("Query option '$filter' on pricings");
    return json(200, { value: PLANS.map((plan) => renderPlan(route.sub, plan, getRecord(ctx.state, pricingId(route.sub, plan)), ctx.now)) });
  }
  const plan = findPlan(names[0]);
  if (!plan) throw invalidInput(`The pricing name '${names[0]}' is not valid. Valid names: '${PLANS.map((p) => p.name).join(', ')}'.`);
  const existing = getRecord(ctx.state, pricingId(route.sub, plan));
  switch (ctx.method) {
    case 'GET':
      return json(200, renderPlan(route.sub, plan, existing, ctx.now));
    case 'PUT':
      return putPlan(ctx, route.sub, plan, existing);
    default:
      // DELETE resets a resource-level pricing to its inherited one (spec); not simulated at subscriptions.
      throw methodNotAllowed(ctx.method, 'subscription pricing');
  }
}

export const securityProvider: Provider = {
  namespace: NS,
  apiVersions: ['2024-01-01'],
  resourceTypes: ['pricings'],
  handle,
  render: (state: CloudState, rec: ResourceRecord): ArmResource => renderPlan(rec.subscriptionId, findPlan(rec.name) ?? { name: rec.name }, rec, rec.changedAt), // dump(): as of the last change (no clock here)
  deleteLatencyKey: (rec) => rec.type,
};
