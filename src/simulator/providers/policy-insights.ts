// Microsoft.PolicyInsights: compliance states of Azure Policy assignments (policyStates/latest/queryResults,
// 2019-10-01 shape) and on-demand evaluation scans (policyStates/latest/triggerEvaluation: 202 + Location
// `…/providers/Microsoft.PolicyInsights/asyncOperationResults/{id}`, polled 202 until the scan ends, then 200).
// At a subscription or resource group. The states come from policy/compliance.ts.
import { ArmError, badRequest, methodNotAllowed } from '../errors.js';
import { json } from '../http.js';
import { policyStates, SCAN_KEY, TRIGGER_NAMESPACE, TRIGGER_OPERATION, type PolicyStateRow } from '../policy/compliance.js';
import type { CloudState, ResourceRecord } from '../state.js';
import type { ArmResource, SimResponse } from '../types.js';
import { notImplemented } from './kit/not-simulated.js';
import { polledOperation, resultResponse } from './kit/polling.js';
import { startIn, type LroStyle } from './kit/lro-style.js';
import type { Ctx, Provider, ProviderRoute } from './types.js';

const NS = TRIGGER_NAMESPACE;

/** Location → `/subscriptions/{s}/providers/Microsoft.PolicyInsights/asyncOperationResults/{id}` (unconfirmed: the path as PowerShell scripts poll it). */
const SCAN_LRO: LroStyle = {
  namespace: NS,
  resultUrl: (origin, op, apiVersion) => `${origin}/subscriptions/${op.subscriptionId}/providers/${NS}/asyncOperationResults/${op.id}?api-version=${encodeURIComponent(apiVersion)}`,
};

const FILTERABLE = ['policyAssignmentId', 'complianceState', 'policyDefinitionAction', 'resourceType', 'resourceId', 'policyDefinitionId', 'policyAssignmentName'] as const;
type Filterable = (typeof FILTERABLE)[number];

/** `field eq 'value' [and field eq 'value' ...]` over FILTERABLE fields, case-insensitive values (OData on strings in PolicyInsights is; unconfirmed). */
function parseStatesFilter(filter: string | null): [Filterable, string][] {
  if (filter === null || filter.trim() === '') return [];
  return filter.split(/\s+and\s+/i).map((clause) => {
    const m = /^\s*\(?\s*([A-Za-z]+)\s+eq\s+'((?:[^']|'')*)'\s*\)?\s*$/i.exec(clause);
    const field = m ? FILTERABLE.find((f) => f.toLowerCase() === m[1].toLowerCase()) : undefined;
    if (!m || !field) {
      throw badRequest('InvalidFilterInQueryString', `The filter '${filter}' is not supported by the simulator. Supported: ${FILTERABLE.map((f) => `${f} eq '…'`).join(', ')}, joined with 'and'.`);
    }
    return [field, m[2].replace(/''/g, "'")] as [Filterable, string];
  });
}

function scopeOf(route: ProviderRoute): string {
  return route.group ? route.group.id : `/subscriptions/${route.sub}`;
}

function queryResults(ctx: Ctx, route: ProviderRoute): SimResponse {
  if (ctx.method !== 'POST') throw methodNotAllowed(ctx.method, 'policyStates queryResults (POST only)');
  for (const q of ['$apply', '$orderby', '$select', '$from', '$to', '$expand', '$skiptoken']) {
    if (ctx.url.query.get(q) !== null) throw notImplemented(`Query option '${q}'`);
  }
  const clauses = parseStatesFilter(ctx.url.query.get('$filter'));
  const topText = ctx.url.query.get('$top');
  const top = topText === null ? undefined : Number(topText);
  if (top !== undefined && (!Number.isInteger(top) || top < 0)) throw badRequest('InvalidQueryParameterValue', `The value '${topText}' of query parameter '$top' is not a non-negative integer.`);
  let rows: PolicyStateRow[] = policyStates(ctx.state, ctx.latency, route.sub, scopeOf(route), ctx.now);
  rows = rows.filter((r) => clauses.every(([f, v]) => String(r[f]).toLowerCase() === v.toLowerCase()));
  if (top !== undefined) rows = rows.slice(0, top);
  const context = `${ctx.url.origin}/subscriptions/${route.sub}/providers/${NS}/policyStates/$metadata#latest`;
  return json(200, {
    '@odata.context': context,
    '@odata.count': rows.length,
    value: rows.map((r) => ({ '@odata.id': null, '@odata.context': `${context}/$entity`, ...r })),
  });
}

function triggerEvaluation(ctx: Ctx, route: ProviderRoute): SimResponse {
  if (ctx.method !== 'POST') throw methodNotAllowed(ctx.method, 'policyStates triggerEvaluation (POST only)');
  const op = startIn(ctx, SCAN_LRO, {
    name: TRIGGER_OPERATION,
    method: 'PUT',
    subscriptionId: route.sub,
    location: route.group?.location ?? 'global',
    targetId: scopeOf(route),
    latencyKey: SCAN_KEY,
  });
  return { status: 202, headers: { Location: SCAN_LRO.resultUrl!(ctx.url.origin, op, ctx.requestedApiVersion ?? ctx.apiVersion) } };
}

function handle(ctx: Ctx, route: ProviderRoute): SimResponse {
  const { types, names } = route.typed;
  const path = types.map((t) => t.toLowerCase()).join('/');
  if (path === 'asyncoperationresults' && names.length === 1) {
    const op = polledOperation(ctx, NS, names[0], 'policy evaluation result');
    return resultResponse(ctx, SCAN_LRO, op, { done: json(200, { status: op.status }) });
  }
  if ((path === 'policystates/queryresults' || path === 'policystates/triggerevaluation') && names.length === 1) {
    if (names[0].toLowerCase() !== 'latest') throw notImplemented(`policyStates '${names[0]}'`, "only 'latest' is simulated");
    return path.endsWith('queryresults') ? queryResults(ctx, route) : triggerEvaluation(ctx, route);
  }
  throw new ArmError(404, 'InvalidResourceType', `The resource type '${types.join('/')}' could not be found in the namespace '${NS}'.`);
}

export const policyInsightsProvider: Provider = {
  namespace: NS,
  apiVersions: ['2019-10-01'],
  resourceTypes: ['policyStates', 'policyStates/queryResults', 'policyStates/triggerEvaluation', 'asyncOperationResults'],
  handle,
  // No records of its own: states are computed, scans are operations.
  render: (_state: CloudState, rec: ResourceRecord): ArmResource => ({ id: rec.id, name: rec.name, type: rec.type }),
  deleteLatencyKey: (rec) => rec.type,
};
