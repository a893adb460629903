// Request-body schemas for Microsoft.ManagedIdentity userAssignedIdentities (2024-11-30 / 2023-01-31
// REST models: Identity, UserAssignedIdentityProperties).
import { enumOf, obj, readOnly, trackedEnvelopeReadOnlyName } from './common.js';

export const Identity = obj('Identity', {
  ...trackedEnvelopeReadOnlyName,
  properties: obj('UserAssignedIdentityProperties', {
    tenantId: readOnly(),
    principalId: readOnly(),
    clientId: readOnly(),
    isolationScope: enumOf('IsolationScope', ['None', 'Regional']).optional(),
  }).optional(),
});
