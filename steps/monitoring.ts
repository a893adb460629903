// Log Analytics and a workspace-based Application Insights: run history and telemetry stay in the
// customer's tenant; both refuse ingestion and queries from public networks (private link scope).
// Generic resources client: no SDK on the design card covers Microsoft.OperationalInsights or
// Microsoft.Insights components (@azure/arm-operationalinsights and -appinsights are not on it).
import { z } from 'zod';
import { int, resourceName } from '../src/config/fields.js';
import { tagsFor } from './env.js';
import type { ResourceModule } from './module.js';
import { armResourceStep } from './support/arm-resource.js';
import { API, ids } from './support/ids.js';

const logAnalyticsStep = armResourceStep({
  id: 'log-analytics',
  title: 'Log Analytics workspace',
  dependsOn: ['resource-group'],
  apiVersion: API.logAnalytics,
  typicalSeconds: 22,
  resourceId: ids.logAnalytics,
  body: (ctx) => ({
    location: ctx.env.config.location,
    tags: tagsFor(ctx.env),
    properties: {
      sku: { name: 'PerGB2018' },
      retentionInDays: ctx.env.config.logAnalytics.retentionInDays,
      // Ingestion and queries only through the Azure Monitor private link scope (monitor-private-link.ts).
      publicNetworkAccessForQuery: 'Disabled',
      publicNetworkAccessForIngestion: 'Disabled',
    },
  }),
});

const appInsightsStep = armResourceStep({
  id: 'app-insights',
  title: 'Application Insights',
  dependsOn: ['resource-group', 'log-analytics'],
  apiVersion: API.appInsights,
  typicalSeconds: 12,
  resourceId: ids.appInsights,
  body: (ctx) => ({
    location: ctx.env.config.location,
    tags: tagsFor(ctx.env),
    kind: 'web',
    properties: {
      Application_Type: 'web',
      WorkspaceResourceId: ctx.outputs('log-analytics').id,
      publicNetworkAccessForQuery: 'Disabled',
      publicNetworkAccessForIngestion: 'Disabled',
      DisableLocalAuth: true,
    },
  }),
});

// ---- module ----
export const config = {
  logAnalytics: z
    .strictObject({
      name: resourceName('logAnalytics', 'Log Analytics workspace name (default log-<name>-<environment>).').optional(),
      retentionInDays: int(30, 730).default(30).describe('How long logs are kept (30-730 days).'),
    })
    .prefault({})
    .describe('Log Analytics workspace behind Application Insights.'),
  appInsights: z
    .strictObject({ name: resourceName('appInsights', 'Application Insights name (default appi-<name>-<environment>).').optional() })
    .prefault({})
    .describe('Application Insights component of the workspace.'),
};

export const definition: ResourceModule = {
  id: 'monitoring',
  config,
  names: [
    { key: 'logAnalytics', kind: 'logAnalytics', path: 'logAnalytics.name', explicit: (c) => c.logAnalytics.name, derive: (c, b) => c.logAnalytics.name ?? `log-${b.name}-${b.environment}` },
    { key: 'appInsights', kind: 'appInsights', path: 'appInsights.name', explicit: (c) => c.appInsights.name, derive: (c, b) => c.appInsights.name ?? `appi-${b.name}-${b.environment}` },
  ],
  steps: [logAnalyticsStep, appInsightsStep],
};
