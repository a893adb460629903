// Microsoft.Storage provider: storageAccounts in resource groups; checkNameAvailability, the
// subscription-wide account list and asynchronous-operation polling at subscription level.
import { ArmError, methodNotAllowed } from '../../errors.js';
import { json } from '../../http.js';
import { parseBody } from '../../schemas/common.js';
import { StorageAccountCheckNameAvailabilityParameters } from '../../schemas/storage.js';
import { getRecord } from '../../state.js';
import type { SimResponse } from '../../types.js';
import { globalNamesake, listTracked } from '../kit/tracked.js';
import type { Ctx, Provider, ProviderRoute } from '../types.js';
import { accountId, handleAccount, renderAccount } from './accounts.js';
import { ACCOUNT_TYPE, accountNameInvalidMessage, isValidAccountName, STORAGE, STORAGE_API_VERSIONS, STORAGE_LRO } from './common.js';
import { polledOperation, resultResponse } from '../kit/polling.js';

function checkName(ctx: Ctx): SimResponse {
  if (ctx.method !== 'POST') throw methodNotAllowed(ctx.method, 'checkNameAvailability');
  const { name } = parseBody(StorageAccountCheckNameAvailabilityParameters, ctx.body, 'resources');
  if (!isValidAccountName(name)) return json(200, { nameAvailable: false, reason: 'AccountNameInvalid', message: accountNameInvalidMessage(name) });
  if (globalNamesake(ctx.state, ACCOUNT_TYPE, name)) {
    return json(200, { nameAvailable: false, reason: 'AlreadyExists', message: `The storage account named ${name} is already taken.` });
  }
  return json(200, { nameAvailable: true });
}

/** …/locations/{l}/asyncoperations/{id}: 202 + Location while running, then 200 with the account. */
function asyncOperation(ctx: Ctx, opId: string): SimResponse {
  const op = polledOperation(ctx, STORAGE, opId, 'async operation');
  return resultResponse(ctx, STORAGE_LRO, op, { render: (rec) => renderAccount(ctx.state, rec) });
}

function handle(ctx: Ctx, route: ProviderRoute): SimResponse {
  const { types, names, collection } = route.typed;
  const path = types.map((t) => t.toLowerCase()).join('/');
  const { group, sub } = route;
  if (path === 'storageaccounts' && collection) return listTracked(ctx, ACCOUNT_TYPE, sub, group, renderAccount);
  if (!group) {
    if (path === 'checknameavailability') return checkName(ctx);
    if (path === 'locations/asyncoperations' && !collection) return asyncOperation(ctx, names[1]);
    throw new ArmError(404, 'InvalidResourceType', `The resource type '${types.join('/')}' is not available at subscription scope in '${STORAGE}'.`);
  }
  if (path !== 'storageaccounts') throw methodNotAllowed(ctx.method, `${types.join('/')} in a resource group`);
  return handleAccount(ctx, group, names[0], getRecord(ctx.state, accountId(group, names[0])));
}

export const storageProvider: Provider = {
  namespace: STORAGE,
  apiVersions: STORAGE_API_VERSIONS,
  resourceTypes: ['storageAccounts', 'checkNameAvailability', 'locations/asyncoperations'],
  handle,
  render: renderAccount,
  deleteLatencyKey: () => ACCOUNT_TYPE,
};
