// An extension's GET body after spec 2024-11-01 `Extension` (a ProxyResource: id, name, type, no location).
// configurationProtectedSettings are write-only (x-ms-secret): never rendered. Azure prints their keys with
// empty values (MicrosoftDocs/azure-docs#88367); the simulator leaves the member out, which the spec allows.
import type { CloudState, ResourceRecord } from '../../state.js';
import type { ArmResource } from '../../types.js';
import { displayState } from '../kit/tracked.js';
import { T_EXTENSION, TRAIN_VERSION, storedOf } from './common.js';

export function renderExtension(_state: CloudState, rec: ResourceRecord): ArmResource {
  const p = storedOf(rec);
  const state = displayState(rec);
  const installed = state === 'Succeeded' || (state === 'Updating' && !p.creating);
  return {
    id: rec.id,
    name: rec.name,
    type: T_EXTENSION,
    ...(rec.identity ? { identity: rec.identity } : {}),
    properties: {
      extensionType: p.extensionType,
      autoUpgradeMinorVersion: p.autoUpgradeMinorVersion,
      releaseTrain: p.releaseTrain,
      version: p.version ?? null,
      scope: p.scope,
      configurationSettings: p.configurationSettings,
      currentVersion: installed ? (p.version ?? TRAIN_VERSION[p.releaseTrain.toLowerCase()] ?? null) : null,
      provisioningState: state,
      statuses: [],
      errorInfo: state === 'Failed' && p.failure ? p.failure : null,
      customLocationSettings: null,
      packageUri: null,
      aksAssignedIdentity: null,
      isSystemExtension: false,
    },
  };
}
