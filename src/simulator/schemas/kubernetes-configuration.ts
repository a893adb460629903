// Request-body schemas for Microsoft.KubernetesConfiguration/extensions (2024-11-01), after
// spec:kubernetesconfiguration/…/stable/2024-11-01/extensions.json: `Extension` (PUT, a ProxyResource:
// no location or tags) and `patchExtension` (PATCH). Read-only members clients echo back are accepted
// and ignored; `plan` (marketplace extensions) is modelled but not simulated.
import { z } from 'zod';
import { bool, obj, readOnly, str } from './common.js';

export const EXTENSION_API_VERSIONS = ['2024-11-01'] as const;

const settings = () => z.record(z.string(), str());

const Scope = obj('Scope', {
  cluster: obj('ScopeCluster', { releaseNamespace: str().optional() }).optional(),
  namespace: obj('ScopeNamespace', { targetNamespace: str().optional() }).optional(),
});

/** common-types v2 `Identity`: type is the only settable member (SystemAssigned). */
const Identity = obj('Identity', { principalId: readOnly(), tenantId: readOnly(), type: z.enum(['SystemAssigned'], { error: () => "Error converting value to type 'ResourceIdentityType'." }).optional() });

export const ExtensionResource = obj('Extension', {
  id: readOnly(),
  name: readOnly(),
  type: readOnly(),
  systemData: readOnly(),
  identity: Identity.optional(),
  plan: z.unknown().optional(),
  properties: obj('ExtensionProperties', {
    extensionType: str().optional(),
    autoUpgradeMinorVersion: bool().optional(),
    releaseTrain: str().optional(),
    version: str().optional(),
    scope: Scope.optional(),
    configurationSettings: settings().optional(),
    configurationProtectedSettings: settings().optional(),
    currentVersion: readOnly(),
    provisioningState: readOnly(),
    statuses: readOnly(),
    errorInfo: readOnly(),
    customLocationSettings: readOnly(),
    packageUri: readOnly(),
    aksAssignedIdentity: z.unknown().optional(),
    isSystemExtension: readOnly(),
  }).optional(),
});

export const PatchExtension = obj('PatchExtension', {
  properties: obj('PatchExtensionProperties', {
    autoUpgradeMinorVersion: bool().optional(),
    releaseTrain: str().optional(),
    version: str().optional(),
    configurationSettings: settings().optional(),
    configurationProtectedSettings: settings().optional(),
  }).optional(),
});

export type ExtensionBody = z.output<typeof ExtensionResource>;
export type PatchExtensionBody = z.output<typeof PatchExtension>;
