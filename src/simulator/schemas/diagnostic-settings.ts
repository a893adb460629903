// Request-body schemas for Microsoft.Insights diagnosticSettings, after the REST model DiagnosticSettingsResource
// (specification/monitor/.../preview/2021-05-01-preview/diagnosticsSettings_API.json). 2017-05-01-preview has
// neither logs[].categoryGroup nor marketplacePartnerId, so those members are unknown there.
import type { z } from 'zod';
import { arr, bool, int, obj, readOnly, str } from './common.js';

const RetentionPolicy = () => obj('RetentionPolicy', { enabled: bool(), days: int() });

/** The resource model; `logExtra` / `propsExtra` are the members a newer api-version adds. */
function diagnosticSettingsResource<L extends z.ZodRawShape, P extends z.ZodRawShape>(logExtra: L, propsExtra: P) {
  const LogSettings = obj('LogSettings', {
    category: str().optional(),
    ...logExtra,
    enabled: bool(),
    retentionPolicy: RetentionPolicy().optional(),
  });
  const MetricSettings = obj('MetricSettings', {
    timeGrain: str().optional(),
    category: str().optional(),
    enabled: bool(),
    retentionPolicy: RetentionPolicy().optional(),
  });
  return obj('DiagnosticSettingsResource', {
    id: readOnly(),
    name: readOnly(),
    type: readOnly(),
    systemData: readOnly(),
    // Older az CLI versions send an empty location with this proxy resource; it is ignored.
    location: readOnly(),
    properties: obj('DiagnosticSettings', {
      storageAccountId: str().optional(),
      serviceBusRuleId: str().optional(),
      eventHubAuthorizationRuleId: str().optional(),
      eventHubName: str().optional(),
      metrics: arr(MetricSettings, 'MetricSettings').optional(),
      logs: arr(LogSettings, 'LogSettings').optional(),
      workspaceId: str().optional(),
      ...propsExtra,
      logAnalyticsDestinationType: str().optional(),
    }),
  });
}

export const DiagnosticSettingsResource = diagnosticSettingsResource({ categoryGroup: str().optional() }, { marketplacePartnerId: str().optional() });
/** 2017-05-01-preview. */
export const LegacyDiagnosticSettingsResource = diagnosticSettingsResource({}, {});

export type DiagnosticSettingsBody = z.output<typeof DiagnosticSettingsResource>;
