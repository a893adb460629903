// Microsoft.KeyVault provider: vaults (and vaults/keys) in resource groups; deleted vaults, purge,
// checkNameAvailability and operation results at subscription level.
import { ArmError, methodNotAllowed } from '../../errors.js';
import { getRecord, type CloudState, type ResourceRecord } from '../../state.js';
import type { ArmResource, SimResponse } from '../../types.js';
import { listTracked } from '../kit/tracked.js';
import type { Ctx, Provider, ProviderRoute } from '../types.js';
import { KEYVAULT, KEYVAULT_API_VERSIONS, T } from './common.js';
import { checkVaultName, handleDeletedVault, listDeletedVaults, operationResult, purgeDeletedVault } from './deleted.js';
import { handleKeys, renderKey } from './keys.js';
import { handleVault, renderVault, vaultId } from './vaults.js';

function handle(ctx: Ctx, route: ProviderRoute): SimResponse {
  const { types, names, collection } = route.typed;
  const path = types.map((t) => t.toLowerCase()).join('/');
  const { group, sub } = route;
  if (!group) {
    switch (path) {
      case 'vaults':
        if (collection) return listTracked(ctx, T.vault, sub, undefined, renderVault);
        break;
      case 'checknameavailability':
        return checkVaultName(ctx);
      case 'deletedvaults':
        if (collection) return listDeletedVaults(ctx, sub);
        break;
      case 'locations/deletedvaults':
        if (!collection) return handleDeletedVault(ctx, sub, names[0], names[1]);
        break;
      case 'locations/deletedvaults/purge':
        if (names.length === 2) return purgeDeletedVault(ctx, sub, names[0], names[1]);
        break;
      case 'locations/operationresults':
        if (!collection) return operationResult(ctx, names[1]);
        break;
    }
    throw new ArmError(404, 'InvalidResourceType', `The resource type '${types.join('/')}' is not available at subscription scope in '${KEYVAULT}'.`);
  }
  if (path === 'vaults' && collection) return listTracked(ctx, T.vault, sub, group, renderVault);
  const vault = getRecord(ctx.state, vaultId(group, names[0]));
  switch (path) {
    case 'vaults':
      return handleVault(ctx, group, names[0], vault);
    case 'vaults/keys':
      return handleKeys(ctx, vault, names[0], names[1]);
    default:
      throw methodNotAllowed(ctx.method, `${types.join('/')} in a resource group`);
  }
}

function render(state: CloudState, rec: ResourceRecord): ArmResource {
  return rec.type === T.key ? renderKey(state, rec) : renderVault(state, rec);
}

export const keyVaultProvider: Provider = {
  namespace: KEYVAULT,
  apiVersions: KEYVAULT_API_VERSIONS,
  resourceTypes: [
    'vaults',
    'vaults/keys',
    'deletedVaults',
    'checkNameAvailability',
    'locations/deletedVaults',
    'locations/deletedVaults/purge',
    'locations/operationResults',
  ],
  handle,
  render,
  deleteLatencyKey: (rec) => rec.type,
};
