// Request-body schemas for Microsoft.OperationalInsights workspaces (2022-10-01 / 2023-09-01 / 2025-02-01
// REST model Workspace), Microsoft.Insights components (2020-02-02 ApplicationInsightsComponent) and
// Azure Monitor private link scopes with their scoped resources (2021-07-01-preview / 2023-06-01-preview).
import { z } from 'zod';
import { arr, bool, enumOf, int, obj, readOnly, str, tags, trackedEnvelope } from './common.js';
import { identitySchema } from './identity.js';

const Access = () => enumOf('PublicNetworkAccessType', ['Enabled', 'Disabled', 'SecuredByPerimeter']);
const num = (typeName: string) => z.number({ error: `Error converting value to type '${typeName}'.` });

const LA_SKUS = ['Free', 'Standard', 'Premium', 'PerNode', 'PerGB2018', 'Standalone', 'CapacityReservation', 'LACluster'] as const;

export const Workspace = obj('Workspace', {
  ...trackedEnvelope,
  etag: str().optional(),
  identity: identitySchema('Identity', 'IdentityType', ['SystemAssigned', 'UserAssigned', 'None']).optional(),
  properties: obj('WorkspaceProperties', {
    provisioningState: readOnly(),
    customerId: readOnly(),
    sku: obj('WorkspaceSku', {
      name: enumOf('WorkspaceSkuNameEnum', LA_SKUS),
      capacityReservationLevel: int().optional(),
      lastSkuUpdate: readOnly(),
    }).optional(),
    retentionInDays: int().optional(),
    workspaceCapping: obj('WorkspaceCapping', { dailyQuotaGb: num('System.Double').optional(), quotaNextResetTime: readOnly(), dataIngestionStatus: readOnly() }).optional(),
    createdDate: readOnly(),
    modifiedDate: readOnly(),
    publicNetworkAccessForIngestion: Access().optional(),
    publicNetworkAccessForQuery: Access().optional(),
    forceCmkForQuery: bool().optional(),
    privateLinkScopedResources: readOnly(),
    features: obj('WorkspaceFeatures', {
      enableDataExport: bool().optional(),
      immediatePurgeDataOn30Days: bool().optional(),
      enableLogAccessUsingOnlyResourcePermissions: bool().optional(),
      clusterResourceId: str().optional(),
      disableLocalAuth: bool().optional(),
      unifiedSentinelBillingOnly: readOnly(),
    }).optional(),
    defaultDataCollectionRuleResourceId: str().optional(),
    replication: readOnly(),
    failover: readOnly(),
  }).optional(),
});

export const ApplicationInsightsComponent = obj('ApplicationInsightsComponent', {
  id: readOnly(),
  name: str().optional(),
  type: readOnly(),
  location: str().optional(),
  tags: tags().optional(),
  kind: str(),
  etag: str().optional(),
  properties: obj('ApplicationInsightsComponentProperties', {
    ApplicationId: readOnly(),
    AppId: readOnly(),
    Name: readOnly(),
    Application_Type: enumOf('ApplicationType', ['web', 'other']),
    Flow_Type: enumOf('FlowType', ['Bluefield']).optional(),
    Request_Source: enumOf('RequestSource', ['rest']).optional(),
    InstrumentationKey: readOnly(),
    CreationDate: readOnly(),
    TenantId: readOnly(),
    HockeyAppId: str().optional(),
    HockeyAppToken: readOnly(),
    provisioningState: readOnly(),
    SamplingPercentage: num('System.Double').optional(),
    ConnectionString: readOnly(),
    RetentionInDays: int().optional(),
    DisableIpMasking: bool().optional(),
    ImmediatePurgeDataOn30Days: bool().optional(),
    WorkspaceResourceId: str().optional(),
    LaMigrationDate: readOnly(),
    PrivateLinkScopedResources: readOnly(),
    publicNetworkAccessForIngestion: Access().optional(),
    publicNetworkAccessForQuery: Access().optional(),
    IngestionMode: enumOf('IngestionMode', ['ApplicationInsights', 'ApplicationInsightsWithDiagnosticSettings', 'LogAnalytics']).optional(),
    DisableLocalAuth: bool().optional(),
    ForceCustomerStorageForProfiler: bool().optional(),
  }),
});

const AccessMode = () => enumOf('AccessMode', ['Open', 'PrivateOnly']);

/** Microsoft.Insights/privateLinkScopes (2021-07-01-preview / 2023-06-01-preview AzureMonitorPrivateLinkScope). */
export const AzureMonitorPrivateLinkScope = obj('AzureMonitorPrivateLinkScope', {
  ...trackedEnvelope,
  etag: readOnly(),
  properties: obj('AzureMonitorPrivateLinkScopeProperties', {
    provisioningState: readOnly(),
    privateEndpointConnections: readOnly(),
    accessModeSettings: obj('AccessModeSettings', {
      queryAccessMode: AccessMode(),
      ingestionAccessMode: AccessMode(),
      exclusions: arr(
        obj('AccessModeSettingsExclusion', {
          privateEndpointConnectionName: str().optional(),
          queryAccessMode: AccessMode().optional(),
          ingestionAccessMode: AccessMode().optional(),
        }),
        'AccessModeSettingsExclusion',
      ).optional(),
    }),
  }),
});

/** PATCH body of a scope: TagsResource. */
export const TagsResource = obj('TagsResource', { tags: tags().optional() });

/** privateLinkScopes/scopedResources (ScopedResource; `kind`/`location` exist at 2023-06-01-preview only). */
export const ScopedResource = obj('ScopedResource', {
  id: readOnly(),
  name: str().optional(),
  type: readOnly(),
  systemData: readOnly(),
  properties: obj('ScopedResourceProperties', {
    kind: str().optional(),
    linkedResourceId: str().optional(),
    location: str().optional(),
    subscriptionLocation: str().optional(),
    provisioningState: readOnly(),
  }).optional(),
});
