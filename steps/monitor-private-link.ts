// Azure Monitor private link scope: Log Analytics and Application Insights accept ingestion and
// queries only through the scope's private endpoint (access modes PrivateOnly, public ingestion and
// query disabled on both), so the AzureMonitor service tag stays out of every NSG allow-list: open,
// it is a write channel to any tenant's Log Analytics. Every egress mode gets it.
// https://learn.microsoft.com/azure/azure-monitor/logs/private-link-security; private-link-configure.
// Generic resources client: no SDK on the design card covers Microsoft.Insights (@azure/arm-monitor is not on it).
import type { GenericResource, ResourceManagementClient } from '@azure/arm-resources';
import type { StepEnv } from './env.js';
import { tagsFor } from './env.js';
import type { ResourceModule } from './module.js';
import { armResourceStep } from './support/arm-resource.js';
import { API, ids } from './support/ids.js';
import { sdkSetStep, type SetMember } from './support/sdk-step.js';

const scopeStep = armResourceStep({
  id: 'monitor-private-link-scope',
  title: 'Azure Monitor private link scope (private-only ingestion and query)',
  dependsOn: ['resource-group'],
  apiVersion: API.privateLinkScopes,
  typicalSeconds: 5,
  resourceId: ids.privateLinkScope,
  body: (ctx) => ({
    location: 'global',
    tags: tagsFor(ctx.env),
    properties: { accessModeSettings: { ingestionAccessMode: 'PrivateOnly', queryAccessMode: 'PrivateOnly' } },
  }),
});

const scoped = (env: StepEnv) => [
  { name: 'log-analytics', target: ids.logAnalytics(env) },
  { name: 'app-insights', target: ids.appInsights(env) },
];

const scopedResourcesStep = sdkSetStep<ResourceManagementClient, SetMember<GenericResource>, GenericResource>({
  id: 'monitor-scoped-resources',
  title: 'Log Analytics and Application Insights in the private link scope',
  dependsOn: ['monitor-private-link-scope', 'log-analytics', 'app-insights'],
  typicalSeconds: 5,
  scopeId: (ctx) => ids.privateLinkScope(ctx.env),
  members: (ctx) => scoped(ctx.env).map((s) => ({ id: `${ids.privateLinkScope(ctx.env)}/scopedResources/${s.name}`, body: { properties: { linkedResourceId: s.target } } })),
  member: (m) => ({
    client: (c) => c.resources(),
    read: (c) => c.resources.getById(m.id, API.privateLinkScopes),
    put: (c, _env, body, o) => c.resources.beginCreateOrUpdateById(m.id, API.privateLinkScopes, body, o),
    del: async (c, _env, o) => (await c.resources.beginDeleteById(m.id, API.privateLinkScopes, o)).pollUntilDone({ abortSignal: o.abortSignal }),
  }),
});

// ---- module ----
export const definition: ResourceModule = {
  id: 'Azure Monitor private link',
  names: [{ key: 'privateLinkScope', kind: 'networkResource', label: 'Azure Monitor private link scope', derive: (_c, b) => `ampls-${b.name}-${b.environment}` }],
  steps: [scopeStep, scopedResourcesStep],
};
