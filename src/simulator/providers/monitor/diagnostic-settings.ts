// Microsoft.Insights diagnosticSettings: extension resources of a resource, `{resourceId}/providers/
// Microsoft.Insights/diagnosticSettings/{name}` (router.ts EXTENSIONS), synchronous (PUT 200, DELETE 200/204).
// The rules the Insights RP applies: the target resource exists (ARM's 404), at least one data sink, a
// workspace sink is an existing Log Analytics workspace, categories and category groups the target type
// supports (never mixed in one setting), no new retention policies, at most 5 settings per resource, and a
// data sink is not reused by two settings of the resource for the same category (409). A setting's id lies
// below its target's, so deleting the target (or its group) removes it (removeSubtree); as in Azure, a
// soft-deleted vault or ML workspace keeps its settings and gets them back when recovered.
// Also `{resourceId}/providers/Microsoft.Insights/diagnosticSettingsCategories[/{name}]` (read-only).
import { ArmError, badRequest, conflict, FlatArmError, methodNotAllowed } from '../../errors.js';
import { empty, json } from '../../http.js';
import { parseBody } from '../../schemas/common.js';
import { DiagnosticSettingsResource, LegacyDiagnosticSettingsResource, type DiagnosticSettingsBody } from '../../schemas/diagnostic-settings.js';
import { childrenOf, getRecord, key, putRecord, removeSubtree, type CloudState, type ResourceRecord } from '../../state.js';
import type { ArmResource, SimResponse } from '../../types.js';
import { resolveScope, type Scope } from '../authorization/scope.js';
import { assertGroupWritable } from '../resources.js';
import type { Ctx, ProviderRoute } from '../types.js';
import { LA_WORKSPACE_TYPE } from './operational-insights.js';

export const DIAGNOSTIC_SETTINGS_TYPE = 'Microsoft.Insights/diagnosticSettings';
const DIAGNOSTIC_CATEGORIES_TYPE = 'Microsoft.Insights/diagnosticSettingsCategories';
export const DIAGNOSTIC_SETTINGS_API_VERSIONS = ['2017-05-01-preview', '2021-05-01-preview'] as const;
const LEGACY_API_VERSION = '2017-05-01-preview';
const MAX_SETTINGS = 5;
const STORAGE_ACCOUNT_TYPE = 'Microsoft.Storage/storageAccounts';

/** Log categories, category groups (with the categories each covers) and metric categories of a target type. */
interface DiagnosticCategories {
  logs: readonly string[];
  groups: Readonly<Record<string, readonly string[]>>;
  metrics: readonly string[];
}

const KV_LOGS = ['AuditEvent', 'AzurePolicyEvaluationDetails'];
const ML_LOGS = [
  'AmlComputeClusterEvent',
  'AmlComputeClusterNodeEvent',
  'AmlComputeJobEvent',
  'AmlComputeCpuGpuUtilization',
  'AmlRunStatusChangedEvent',
  'ModelsChangeEvent',
  'ModelsReadEvent',
  'ModelsActionEvent',
  'DeploymentReadEvent',
  'DeploymentEventACI',
  'DeploymentEventAKS',
  'InferencingOperationAKS',
  'InferencingOperationACI',
  'EnvironmentChangeEvent',
  'EnvironmentReadEvent',
  'DataLabelChangeEvent',
  'DataLabelReadEvent',
  'DataSetChangeEvent',
  'DataSetReadEvent',
  'PipelineChangeEvent',
  'PipelineReadEvent',
  'RunEvent',
  'RunReadEvent',
];
/** Approximation: the access events (reads, changes, actions) form the ML workspace's audit group. */
const ML_AUDIT = ML_LOGS.filter((c) => /(Read|Change|Action)Event$/.test(c));

/** The simulated table (lower-cased type -> categories); other types answer allLogs and AllMetrics only. */
const CATEGORIES: Readonly<Record<string, DiagnosticCategories>> = {
  'microsoft.keyvault/vaults': { logs: KV_LOGS, groups: { allLogs: KV_LOGS, audit: ['AuditEvent'] }, metrics: ['AllMetrics'] },
  'microsoft.machinelearningservices/workspaces': { logs: ML_LOGS, groups: { allLogs: ML_LOGS, audit: ML_AUDIT }, metrics: ['AllMetrics'] },
};
const OTHER_TYPES: DiagnosticCategories = { logs: [], groups: { allLogs: [] }, metrics: ['AllMetrics'] };

const diagnosticCategoriesFor = (type: string): DiagnosticCategories => CATEGORIES[type.toLowerCase()] ?? OTHER_TYPES;

const settingId = (target: ResourceRecord, name: string): string => `${target.id}/providers/Microsoft.Insights/diagnosticSettings/${name}`;

export function renderDiagnosticSetting(_state: CloudState, rec: ResourceRecord): ArmResource {
  return { id: rec.id, name: rec.name, type: DIAGNOSTIC_SETTINGS_TYPE, properties: rec.properties };
}

/** The target resource: ARM resolves it first (404 ResourceGroupNotFound / ResourceNotFound when missing). */
function targetOf(ctx: Ctx, route: ProviderRoute): { scope: Scope; target: ResourceRecord } {
  const scope = resolveScope(ctx.state, route.scope ?? []);
  if (scope.level !== 'resource' || !scope.resource) {
    throw badRequest(
      'SimulatorUnsupportedScope',
      `Diagnostic settings are simulated on resources only; '${scope.id || '/'}' is a ${scope.level} scope (subscription diagnostic settings have another model, resource groups have none).`,
    );
  }
  return { scope, target: scope.resource };
}

export function handleDiagnosticSettings(ctx: Ctx, route: ProviderRoute): SimResponse {
  const { types, names, collection } = route.typed;
  const { scope, target } = targetOf(ctx, route);
  if (types[0].toLowerCase() === 'diagnosticsettingscategories') return handleCategories(ctx, target, collection ? undefined : names[0]);
  const siblings = childrenOf(ctx.state, target.id, DIAGNOSTIC_SETTINGS_TYPE);
  if (collection) {
    if (ctx.method !== 'GET') throw methodNotAllowed(ctx.method, 'diagnostic settings collection');
    return json(200, { value: siblings.map((r) => renderDiagnosticSetting(ctx.state, r)) });
  }
  const name = names[0];
  const existing = getRecord(ctx.state, settingId(target, name));
  switch (ctx.method) {
    case 'GET':
      if (!existing) throw new FlatArmError(404, 'ResourceNotFound', `The diagnostic setting '${name}' doesn't exist.`);
      return json(200, renderDiagnosticSetting(ctx.state, existing));
    case 'PUT':
      if (scope.group) assertGroupWritable(scope.group);
      return put(ctx, target, name, existing, siblings);
    case 'DELETE':
      if (!existing) return empty(204);
      removeSubtree(ctx.state, existing.id, ctx.now);
      return empty(200);
    default:
      throw methodNotAllowed(ctx.method, 'diagnostic setting');
  }
}

/** A data sink of a setting: what it is compared by (lower-cased) and how the message names it. */
interface Sink {
  key: string;
  id: string;
}

function sinksOf(p: Record<string, unknown>): Sink[] {
  const sinks: Sink[] = [];
  for (const member of ['workspaceId', 'storageAccountId', 'serviceBusRuleId', 'marketplacePartnerId'] as const) {
    const v = p[member];
    if (typeof v === 'string' && v !== '') sinks.push({ key: `${member}:${key(v)}`, id: v });
  }
  const rule = p.eventHubAuthorizationRuleId;
  if (typeof rule === 'string' && rule !== '') {
    const hub = typeof p.eventHubName === 'string' ? p.eventHubName : '';
    sinks.push({ key: `eventHub:${key(rule)}/${key(hub)}`, id: hub ? `${rule}/${hub}` : rule });
  }
  return sinks;
}

/** What an enabled log or metric entry exports, lower-cased: its category, or its group and the categories it covers. */
interface Coverage {
  shown: string;
  covers: Set<string>;
}

function coverage(p: Record<string, unknown>, categories: DiagnosticCategories): Coverage[] {
  const logs = (p.logs as { category?: string; categoryGroup?: string; enabled: boolean }[] | undefined) ?? [];
  const metrics = (p.metrics as { category?: string; enabled: boolean }[] | undefined) ?? [];
  const out: Coverage[] = [];
  for (const l of logs.filter((x) => x.enabled)) {
    if (l.categoryGroup !== undefined) {
      const group = Object.entries(categories.groups).find(([g]) => key(g) === key(l.categoryGroup as string));
      out.push({ shown: l.categoryGroup, covers: new Set([`group:${key(l.categoryGroup)}`, ...(group?.[1] ?? []).map(key)]) });
    } else if (l.category !== undefined) {
      out.push({ shown: l.category, covers: new Set([key(l.category)]) });
    }
  }
  for (const m of metrics.filter((x) => x.enabled)) {
    const c = m.category ?? 'AllMetrics';
    out.push({ shown: c, covers: new Set([`metric:${key(c)}`]) });
  }
  return out;
}

const isResourceId = (v: string): boolean => /^\/subscriptions\/[^/]+\//i.test(v) || /^\/providers\/[^/]+\//i.test(v);

function checkCategories(body: DiagnosticSettingsBody, categories: DiagnosticCategories): void {
  for (const l of body.properties.logs ?? []) {
    if (l.categoryGroup !== undefined) {
      if (!Object.keys(categories.groups).some((g) => key(g) === key(l.categoryGroup as string))) {
        throw badRequest('BadRequest', `CategoryGroup: '${l.categoryGroup}' is not supported, supported ones are: '${Object.keys(categories.groups).join(',')}'`);
      }
    } else if (l.category !== undefined) {
      if (!categories.logs.some((c) => key(c) === key(l.category as string))) throw badRequest('BadRequest', `Category '${l.category}' is not supported.`);
    } else {
      throw badRequest('BadRequest', 'Each log setting needs a category or a categoryGroup.');
    }
  }
  for (const m of body.properties.metrics ?? []) {
    if (m.category !== undefined && !categories.metrics.some((c) => key(c) === key(m.category as string))) {
      throw badRequest('BadRequest', `Metric category '${m.category}' is not supported, supported categories are: '${categories.metrics.join(',')}'`);
    }
  }
}

function put(ctx: Ctx, target: ResourceRecord, name: string, existing: ResourceRecord | undefined, siblings: ResourceRecord[]): SimResponse {
  const body = parseBody(ctx.apiVersion === LEGACY_API_VERSION ? LegacyDiagnosticSettingsResource : DiagnosticSettingsResource, ctx.body, 'resources') as DiagnosticSettingsBody;
  const p = body.properties;
  const logs = p.logs ?? [];
  const withCategory = logs.some((l) => l.category !== undefined);
  const withGroup = logs.some((l) => l.categoryGroup !== undefined);
  if (withCategory && withGroup) throw badRequest('BadRequest', 'Diagnostic setting does not support mix of log category and log category group.');

  const sinks = sinksOf(p);
  if (sinks.length === 0) throw badRequest('BadRequest', 'At least one data sink needs to be specified.');
  for (const member of ['workspaceId', 'storageAccountId', 'serviceBusRuleId', 'eventHubAuthorizationRuleId', 'marketplacePartnerId'] as const) {
    const v = p[member];
    if (v !== undefined && v !== '' && !isResourceId(v)) {
      throw badRequest(
        'LinkedInvalidPropertyId',
        `Property id '${v}' at path 'properties.${member}' is invalid. Expect fully qualified resource Id that start with '/subscriptions/{subscriptionId}' or '/providers/{resourceProviderNamespace}/'.`,
      );
    }
  }
  if (p.workspaceId) {
    const ws = getRecord(ctx.state, p.workspaceId);
    if (!ws || key(ws.type) !== key(LA_WORKSPACE_TYPE)) {
      throw badRequest('BadRequest', `The Log Analytics workspace '${p.workspaceId}' (properties.workspaceId) does not exist or is not a Log Analytics workspace.`);
    }
  }
  if (p.storageAccountId) {
    const account = getRecord(ctx.state, p.storageAccountId);
    if (!account || key(account.type) !== key(STORAGE_ACCOUNT_TYPE)) {
      throw badRequest('BadRequest', `The storage account '${p.storageAccountId}' (properties.storageAccountId) does not exist or is not a storage account.`);
    }
  }
  const categories = diagnosticCategoriesFor(target.type);
  checkCategories(body, categories);
  if ([...logs, ...(p.metrics ?? [])].some((x) => x.retentionPolicy?.enabled === true)) {
    throw badRequest('BadRequest', 'Diagnostic settings does not support retention for new diagnostic settings.');
  }
  const others = siblings.filter((s) => !existing || key(s.id) !== key(existing.id));
  if (!existing && others.length >= MAX_SETTINGS) {
    throw conflict('Conflict', `The limit of ${MAX_SETTINGS} diagnostic settings was reached. To create new setting '${name}', delete an existing one.`);
  }

  const properties: Record<string, unknown> = {
    ...(p.storageAccountId !== undefined ? { storageAccountId: p.storageAccountId } : {}),
    ...(p.serviceBusRuleId !== undefined ? { serviceBusRuleId: p.serviceBusRuleId } : {}),
    ...(p.eventHubAuthorizationRuleId !== undefined ? { eventHubAuthorizationRuleId: p.eventHubAuthorizationRuleId } : {}),
    ...(p.eventHubName !== undefined ? { eventHubName: p.eventHubName } : {}),
    ...(p.workspaceId !== undefined ? { workspaceId: p.workspaceId } : {}),
    ...(p.marketplacePartnerId !== undefined ? { marketplacePartnerId: p.marketplacePartnerId } : {}),
    metrics: (p.metrics ?? []).map((m) => ({ ...m, retentionPolicy: m.retentionPolicy ?? { enabled: false, days: 0 } })),
    logs: logs.map((l) => ({ ...l, retentionPolicy: l.retentionPolicy ?? { enabled: false, days: 0 } })),
    ...(p.logAnalyticsDestinationType !== undefined ? { logAnalyticsDestinationType: p.logAnalyticsDestinationType } : {}),
  };
  checkSinkReuse(properties, others, categories);

  const rec: ResourceRecord = {
    id: existing?.id ?? settingId(target, name),
    type: DIAGNOSTIC_SETTINGS_TYPE,
    name: existing?.name ?? name,
    subscriptionId: target.subscriptionId,
    ...(target.resourceGroup !== undefined ? { resourceGroup: target.resourceGroup } : {}),
    parentId: target.id,
    provisioningState: 'Succeeded',
    properties,
    createdAt: existing?.createdAt ?? ctx.now,
    changedAt: ctx.now,
  };
  putRecord(ctx.state, rec);
  return json(200, renderDiagnosticSetting(ctx.state, rec));
}

/** A data sink may serve a category of the resource through one setting only. */
function checkSinkReuse(properties: Record<string, unknown>, others: ResourceRecord[], categories: DiagnosticCategories): void {
  const mine = coverage(properties, categories);
  for (const sink of sinksOf(properties)) {
    for (const other of others) {
      if (!sinksOf(other.properties).some((s) => s.key === sink.key)) continue;
      const theirs = coverage(other.properties, categories);
      const clash = mine.find((c) => theirs.some((t) => [...c.covers].some((x) => t.covers.has(x))));
      if (clash) {
        throw conflict(
          'Conflict',
          `Data sink '${sink.id}' is already used in diagnostic setting '${other.name}' for category '${clash.shown}'. Data sinks can't be reused in different settings on the same category for the same resource.`,
        );
      }
    }
  }
}

function renderCategory(ctx: Ctx, target: ResourceRecord, name: string, categoryType: 'Logs' | 'Metrics', categories: DiagnosticCategories): ArmResource {
  const groups = Object.entries(categories.groups)
    .filter(([, members]) => members.some((m) => key(m) === key(name)))
    .map(([g]) => g);
  return {
    id: `${target.id}/providers/microsoft.insights/diagnosticSettingsCategories/${name}`,
    name,
    type: DIAGNOSTIC_CATEGORIES_TYPE,
    properties: { categoryType, ...(ctx.apiVersion === LEGACY_API_VERSION ? {} : { categoryGroups: categoryType === 'Logs' ? groups : [] }) },
  };
}

function handleCategories(ctx: Ctx, target: ResourceRecord, name: string | undefined): SimResponse {
  if (ctx.method !== 'GET') throw methodNotAllowed(ctx.method, 'diagnostic settings categories');
  const categories = diagnosticCategoriesFor(target.type);
  const all = [
    ...categories.logs.map((c) => renderCategory(ctx, target, c, 'Logs', categories)),
    ...categories.metrics.map((c) => renderCategory(ctx, target, c, 'Metrics', categories)),
  ];
  if (name === undefined) return json(200, { value: all });
  const one = all.find((c) => key(String(c.name)) === key(name));
  if (!one) throw new ArmError(404, 'ResourceNotFound', `The diagnostic settings category '${name}' doesn't exist for resource type '${target.type}'.`);
  return json(200, one);
}
