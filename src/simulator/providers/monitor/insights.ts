// Microsoft.Insights components (Application Insights): synchronous PUT (200) and DELETE; private link
// scopes and their children are served by private-link-scopes.ts.
// Components are workspace-based (classic ones are retired): WorkspaceResourceId must name an existing
// Log Analytics workspace in the same region. diagnosticSettings (extension routes, diagnostic-settings.ts)
// share the namespace with their own api-versions, so versions are checked per resource type here.
import { randomUUID } from 'node:crypto';
import { ArmError, badRequest } from '../../errors.js';
import { empty, json } from '../../http.js';
import { checkName, type NameRule } from '../../names.js';
import { parseBody } from '../../schemas/common.js';
import { ApplicationInsightsComponent } from '../../schemas/monitor.js';
import { getRecord, key, newEtag, putRecord, removeSubtree, type CloudState, type ResourceRecord } from '../../state.js';
import { validateTags } from '../../tags.js';
import type { ArmResource, SimResponse } from '../../types.js';
import { assertNameMatches, envelope, isoTime, listTracked, newRecord, resolveLocation, trackedId } from '../kit/tracked.js';
import type { Ctx, Provider, ProviderRoute } from '../types.js';
import { DIAGNOSTIC_SETTINGS_API_VERSIONS, DIAGNOSTIC_SETTINGS_TYPE, handleDiagnosticSettings, renderDiagnosticSetting } from './diagnostic-settings.js';
import { LA_WORKSPACE_TYPE } from './operational-insights.js';
import { serveTracked } from '../kit/serve.js';
import {
  handlePrivateLinkScopes,
  PRIVATE_LINK_SCOPE_API_VERSIONS,
  PRIVATE_LINK_SCOPE_PATHS,
  PRIVATE_LINK_SCOPE_RESOURCE_TYPES,
  renderPrivateLinkScopeRecord,
} from './private-link-scopes.js';
import { assertNotLinkedToScope, PRIVATE_LINK_SCOPE_TYPE, privateLinkScopedResourcesOf, SCOPED_RESOURCE_TYPE } from './scoped-links.js';

const INSIGHTS = 'Microsoft.Insights';
const T = 'Microsoft.Insights/components';
const RETENTIONS = [30, 60, 90, 120, 180, 270, 365, 550, 730];
const COMPONENT_API_VERSIONS = ['2015-05-01', '2020-02-02'] as const;
const EXTENSION_TYPES = ['diagnosticsettings', 'diagnosticsettingscategories'];

const NAME_RULE: NameRule = {
  min: 1,
  max: 260,
  pattern: /^[^%&\\?/]*[^%&\\?/. ]$/,
  describe: "The component name can be up to 260 characters, cannot contain '%&\\?/' and cannot end with a space or period.",
};

const componentId = (group: ResourceRecord, name: string): string => trackedId(group, INSIGHTS, 'components', name);

function render(state: CloudState, rec: ResourceRecord): ArmResource {
  if (rec.type === DIAGNOSTIC_SETTINGS_TYPE) return renderDiagnosticSetting(state, rec);
  if (key(rec.type) === key(PRIVATE_LINK_SCOPE_TYPE) || key(rec.type) === key(SCOPED_RESOURCE_TYPE)) return renderPrivateLinkScopeRecord(state, rec);
  return renderComponent(state, rec);
}

function renderComponent(state: CloudState, rec: ResourceRecord): ArmResource {
  const p = rec.properties;
  const scoped = privateLinkScopedResourcesOf(state, rec.id).map((l) => ({ ResourceId: l.resourceId, ScopeId: l.scopeId }));
  return {
    ...envelope(rec),
    etag: rec.etag,
    properties: {
      ApplicationId: rec.name,
      AppId: p.AppId,
      Application_Type: p.Application_Type,
      Flow_Type: p.Flow_Type ?? 'Bluefield',
      Request_Source: p.Request_Source ?? 'rest',
      InstrumentationKey: p.InstrumentationKey,
      ConnectionString:
        `InstrumentationKey=${String(p.InstrumentationKey)};IngestionEndpoint=https://${rec.location}-0.in.applicationinsights.azure.com/;` +
        `LiveEndpoint=https://${rec.location}.livediagnostics.monitor.azure.com/;ApplicationId=${String(p.AppId)}`,
      Name: rec.name,
      CreationDate: isoTime(rec.createdAt),
      TenantId: rec.subscriptionId,
      provisioningState: 'Succeeded',
      ...(p.SamplingPercentage !== undefined ? { SamplingPercentage: p.SamplingPercentage } : {}),
      RetentionInDays: p.RetentionInDays,
      ...(p.DisableIpMasking !== undefined ? { DisableIpMasking: p.DisableIpMasking } : {}),
      WorkspaceResourceId: p.WorkspaceResourceId,
      IngestionMode: 'LogAnalytics',
      publicNetworkAccessForIngestion: p.publicNetworkAccessForIngestion,
      publicNetworkAccessForQuery: p.publicNetworkAccessForQuery,
      ...(scoped.length > 0 ? { PrivateLinkScopedResources: scoped } : {}),
      ...(p.DisableLocalAuth !== undefined ? { DisableLocalAuth: p.DisableLocalAuth } : {}),
      ...(p.ForceCustomerStorageForProfiler !== undefined ? { ForceCustomerStorageForProfiler: p.ForceCustomerStorageForProfiler } : {}),
    },
  };
}

function put(ctx: Ctx, group: ResourceRecord, name: string, existing: ResourceRecord | undefined): SimResponse {
  checkName(name, NAME_RULE);
  const body = parseBody(ApplicationInsightsComponent, ctx.body, 'resources');
  assertNameMatches(body.name, name);
  const location = resolveLocation(body.location, T, existing, group);
  validateTags(body.tags);
  const p = body.properties;
  const wsId = p.WorkspaceResourceId ?? (existing?.properties.WorkspaceResourceId as string | undefined);
  if (!wsId) {
    throw badRequest('BadRequest', 'Classic Application Insights resources are retired: properties.WorkspaceResourceId (a Log Analytics workspace) is required.');
  }
  const ws = getRecord(ctx.state, wsId);
  if (!ws || key(ws.type) !== key(LA_WORKSPACE_TYPE)) {
    throw badRequest('BadRequest', `Workspace '${wsId}' (properties.WorkspaceResourceId) does not exist or is not a Log Analytics workspace.`);
  }
  if (ws.location !== location) {
    throw badRequest('BadRequest', `Workspace '${ws.id}' is in region '${ws.location}'; the component and its workspace must be in the same region ('${location}').`);
  }
  if (p.IngestionMode !== undefined && p.IngestionMode !== 'LogAnalytics') {
    throw badRequest('BadRequest', `IngestionMode '${p.IngestionMode}' is retired: workspace-based components ingest with 'LogAnalytics'.`);
  }
  const retention = p.RetentionInDays ?? (existing?.properties.RetentionInDays as number | undefined) ?? 90;
  if (!RETENTIONS.includes(retention)) throw badRequest('BadRequest', `RetentionInDays must be one of ${RETENTIONS.join(', ')}; was ${retention}.`);
  if (p.SamplingPercentage !== undefined && (p.SamplingPercentage <= 0 || p.SamplingPercentage > 100)) {
    throw badRequest('BadRequest', `SamplingPercentage must be greater than 0 and at most 100; was ${p.SamplingPercentage}.`);
  }
  const id = existing?.id ?? componentId(group, name);
  const rec = newRecord(ctx, { id, type: T, name, group, location, tags: body.tags, existing });
  rec.kind = body.kind;
  rec.etag = `"${newEtag().slice(3, -1)}"`;
  const { WorkspaceResourceId: _ignored, ...settable } = p;
  rec.properties = {
    ...settable,
    AppId: existing?.properties.AppId ?? randomUUID(),
    InstrumentationKey: existing?.properties.InstrumentationKey ?? randomUUID(),
    WorkspaceResourceId: ws.id,
    RetentionInDays: retention,
    publicNetworkAccessForIngestion: p.publicNetworkAccessForIngestion ?? 'Enabled',
    publicNetworkAccessForQuery: p.publicNetworkAccessForQuery ?? 'Enabled',
  };
  putRecord(ctx.state, rec);
  // The spec (components_API.json 2020-02-02, Components_CreateOrUpdate) defines 200 only, for create
  // and update alike; no source shows the service answering 201.
  return json(200, renderComponent(ctx.state, rec));
}

const modelledVersions = (extension: boolean, scopes: boolean): readonly string[] =>
  extension ? DIAGNOSTIC_SETTINGS_API_VERSIONS : scopes ? PRIVATE_LINK_SCOPE_API_VERSIONS : COMPONENT_API_VERSIONS;

const modelledVersionsFor = (types: readonly string[]): readonly string[] => {
  const path = types.map((t) => t.toLowerCase()).join('/');
  return modelledVersions(EXTENSION_TYPES.includes(path), PRIVATE_LINK_SCOPE_PATHS.includes(path));
};

/** The namespace answers every version any of its types knows; each type accepts only its own. */
function checkApiVersion(ctx: Ctx, types: string[], extension: boolean, scopes: boolean): void {
  const supported = modelledVersions(extension, scopes);
  if (supported.includes(ctx.apiVersion)) return;
  throw new ArmError(
    400,
    'NoRegisteredProviderFound',
    `No registered resource provider found for location 'global' and API version '${ctx.apiVersion}' for type '${types.join('/')}'. ` +
      `The supported api-versions are '${[...supported].reverse().join(', ')}'.`,
  );
}

function handle(ctx: Ctx, route: ProviderRoute): SimResponse {
  const { types, names, collection } = route.typed;
  const path = types.map((t) => t.toLowerCase()).join('/');
  const { group, sub } = route;
  const extension = EXTENSION_TYPES.includes(path);
  const scopes = PRIVATE_LINK_SCOPE_PATHS.includes(path);
  checkApiVersion(ctx, types, extension, scopes);
  if (scopes) return handlePrivateLinkScopes(ctx, route);
  if (extension) {
    if (route.scope === undefined) throw badRequest('InvalidScope', `${types.join('/')} are addressed as {resourceId}/providers/${INSIGHTS}/${types.join('/')}.`);
    return handleDiagnosticSettings(ctx, route);
  }
  if (path !== 'components') throw new ArmError(404, 'InvalidResourceType', `The resource type '${types.join('/')}' could not be found in the namespace '${INSIGHTS}'.`);
  if (collection) return listTracked(ctx, T, sub, group, renderComponent);
  if (!group) throw new ArmError(404, 'InvalidResourceType', 'components are resource-group scoped; the request path has no resource group.');
  const existing = getRecord(ctx.state, componentId(group, names[0]));
  return serveTracked(ctx, {
    type: T,
    label: 'component',
    name: names[0],
    group,
    existing,
    render: renderComponent,
    put: () => put(ctx, group, names[0], existing),
    // Synchronous: gone when DELETE answers 200.
    remove: (rec) => {
      assertNotLinkedToScope(ctx.state, rec);
      removeSubtree(ctx.state, rec.id, ctx.now);
      return empty(200);
    },
  });
}

export const insightsProvider: Provider = {
  namespace: INSIGHTS,
  apiVersions: [...COMPONENT_API_VERSIONS, ...DIAGNOSTIC_SETTINGS_API_VERSIONS, ...PRIVATE_LINK_SCOPE_API_VERSIONS].sort(),
  apiVersionsFor: modelledVersionsFor,
  resourceTypes: ['components', 'diagnosticSettings', 'diagnosticSettingsCategories', ...PRIVATE_LINK_SCOPE_RESOURCE_TYPES],
  handle,
  render,
  deleteLatencyKey: (rec) => rec.type,
};
