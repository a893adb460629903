// Log Analytics and a workspace-based Application Insights: run history and telemetry stay in the
// customer's tenant; Application Insights refuses queries from public networks.
import { tagsFor } from './env.js';
import { armResourceStep } from './support/arm-resource.js';
import { API, ids } from './support/ids.js';

export const logAnalyticsStep = armResourceStep({
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
      // Nobody queries the logs from the internet; ingestion stays open until a monitoring
      // private link scope exists (a later option), or compute could not send its logs.
      publicNetworkAccessForQuery: 'Disabled',
      publicNetworkAccessForIngestion: 'Enabled',
    },
  }),
});

export const appInsightsStep = armResourceStep({
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
      // Ingestion stays public until a monitoring private link scope exists (a later option).
      publicNetworkAccessForIngestion: 'Enabled',
      DisableLocalAuth: true,
    },
  }),
});
