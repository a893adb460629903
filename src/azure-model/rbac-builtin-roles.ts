// The built-in roles this project assigns or compares against, copied from the JSON on the Learn
// "Azure built-in roles" category pages (each entry's `source`). GUIDs are the same in every tenant and
// cloud ("Built-in roles have the same role ID across clouds",
// https://learn.microsoft.com/en-us/azure/role-based-access-control/role-definitions).
import type { Permission, RoleDefinition } from './rbac-types.js';

const LEARN = 'https://learn.microsoft.com/en-us/azure/role-based-access-control/built-in-roles';
const PRIVILEGED = `${LEARN}/privileged`;
const AML = 'Microsoft.MachineLearningServices/workspaces';
const BLOB = 'Microsoft.Storage/storageAccounts/blobServices';
const FILES = 'Microsoft.Storage/storageAccounts/fileServices';

type Block = Partial<Permission>;

const role = (guid: string, roleName: string, source: string, block: Block): RoleDefinition => ({
  guid,
  roleName,
  roleType: 'BuiltInRole',
  permissions: [{ actions: block.actions ?? [], notActions: block.notActions ?? [], dataActions: block.dataActions ?? [], notDataActions: block.notDataActions ?? [] }],
  assignableScopes: ['/'],
  source,
});

export const BUILT_IN_ROLES: readonly RoleDefinition[] = [
  role('8e3af657-a8ff-443c-a75c-2fe8c4bcb635', 'Owner', `${PRIVILEGED}#owner`, { actions: ['*'] }),
  role('b24988ac-6180-42a0-ab88-20f7382dd24c', 'Contributor', `${PRIVILEGED}#contributor`, {
    actions: ['*'],
    notActions: [
      'Microsoft.Authorization/*/Delete',
      'Microsoft.Authorization/*/Write',
      'Microsoft.Authorization/elevateAccess/Action',
      'Microsoft.Blueprint/blueprintAssignments/write',
      'Microsoft.Blueprint/blueprintAssignments/delete',
      'Microsoft.Compute/galleries/share/action',
      'Microsoft.Purview/consents/write',
      'Microsoft.Purview/consents/delete',
      'Microsoft.Resources/deploymentStacks/manageDenySetting/action',
      'Microsoft.Subscription/cancel/action',
      'Microsoft.Subscription/enable/action',
    ],
  }),
  role('acdd72a7-3385-48ef-bd42-f606fba81ae7', 'Reader', `${LEARN}/general#reader`, { actions: ['*/read'] }),
  role('18d7d88d-d35e-4fb5-a5c3-7773c20a72d9', 'User Access Administrator', `${PRIVILEGED}#user-access-administrator`, {
    actions: ['*/read', 'Microsoft.Authorization/*', 'Microsoft.Support/*'],
  }),
  // The role Learn's ABAC delegation examples put the condition on.
  role('f58310d9-a9f6-439a-9e8d-f62e7b41a168', 'Role Based Access Control Administrator', `${PRIVILEGED}#role-based-access-control-administrator`, {
    actions: ['Microsoft.Authorization/roleAssignments/write', 'Microsoft.Authorization/roleAssignments/delete', '*/read', 'Microsoft.Support/*'],
  }),
  role('ba92f5b4-2d11-453d-a403-e96b0029c9fe', 'Storage Blob Data Contributor', `${LEARN}/storage#storage-blob-data-contributor`, {
    actions: [`${BLOB}/containers/delete`, `${BLOB}/containers/read`, `${BLOB}/containers/write`, `${BLOB}/generateUserDelegationKey/action`],
    dataActions: [`${BLOB}/containers/blobs/delete`, `${BLOB}/containers/blobs/read`, `${BLOB}/containers/blobs/write`, `${BLOB}/containers/blobs/move/action`, `${BLOB}/containers/blobs/add/action`],
  }),
  role('2a2b9908-6ea1-4ae2-8e65-a410df84e7d1', 'Storage Blob Data Reader', `${LEARN}/storage#storage-blob-data-reader`, {
    actions: [`${BLOB}/containers/read`, `${BLOB}/generateUserDelegationKey/action`],
    dataActions: [`${BLOB}/containers/blobs/read`],
  }),
  role('69566ab7-960f-475b-8e7c-b3118f30c6bd', 'Storage File Data Privileged Contributor', `${LEARN}/storage#storage-file-data-privileged-contributor`, {
    dataActions: [
      `${FILES}/fileshares/files/read`,
      `${FILES}/fileshares/files/write`,
      `${FILES}/fileshares/files/delete`,
      `${FILES}/fileshares/files/modifypermissions/action`,
      `${FILES}/readFileBackupSemantics/action`,
      `${FILES}/writeFileBackupSemantics/action`,
    ],
  }),
  role('00482a5a-887f-4fb3-b363-3b7fe8e74483', 'Key Vault Administrator', `${LEARN}/security#key-vault-administrator`, {
    actions: [
      'Microsoft.Authorization/*/read',
      'Microsoft.Insights/alertRules/*',
      'Microsoft.Resources/deployments/*',
      'Microsoft.Resources/subscriptions/resourceGroups/read',
      'Microsoft.Support/*',
      'Microsoft.KeyVault/checkNameAvailability/read',
      'Microsoft.KeyVault/deletedVaults/read',
      'Microsoft.KeyVault/locations/*/read',
      'Microsoft.KeyVault/vaults/*/read',
      'Microsoft.KeyVault/operations/read',
    ],
    dataActions: ['Microsoft.KeyVault/vaults/*'],
  }),
  role('e147488a-f6f5-4113-8e2d-b22465e65bf6', 'Key Vault Crypto Service Encryption User', `${LEARN}/security#key-vault-crypto-service-encryption-user`, {
    actions: ['Microsoft.EventGrid/eventSubscriptions/write', 'Microsoft.EventGrid/eventSubscriptions/read', 'Microsoft.EventGrid/eventSubscriptions/delete'],
    dataActions: ['Microsoft.KeyVault/vaults/keys/read', 'Microsoft.KeyVault/vaults/keys/wrap/action', 'Microsoft.KeyVault/vaults/keys/unwrap/action'],
  }),
  role('7f951dda-4ed3-4680-a7ca-43fe172d538d', 'AcrPull', `${LEARN}/containers#acrpull`, { actions: ['Microsoft.ContainerRegistry/registries/pull/read'] }),
  role('8311e382-0749-4cb8-b61a-304f252e45ec', 'AcrPush', `${LEARN}/containers#acrpush`, {
    actions: ['Microsoft.ContainerRegistry/registries/pull/read', 'Microsoft.ContainerRegistry/registries/push/write'],
  }),
  role('4d97b98b-1d4f-4787-a291-c67834d212e7', 'Network Contributor', `${LEARN}/networking#network-contributor`, {
    actions: [
      'Microsoft.Authorization/*/read',
      'Microsoft.Insights/alertRules/*',
      'Microsoft.Network/*',
      'Microsoft.ResourceHealth/availabilityStatuses/read',
      'Microsoft.Resources/deployments/*',
      'Microsoft.Resources/subscriptions/resourceGroups/read',
      'Microsoft.Support/*',
    ],
  }),
  // By the matching rule in rbac-match.ts this role has the same trap as this project's data-scientist
  // template: `computes/*/write` leaves `computes/write` granted by `workspaces/*/write`, although the
  // description says it cannot create compute. Whether ARM really grants it: unconfirmed.
  role('f6c7c914-8db3-469d-8ca1-694a8f32e121', 'AzureML Data Scientist', `${LEARN}/ai-machine-learning#azureml-data-scientist`, {
    actions: [`${AML}/*/read`, `${AML}/*/action`, `${AML}/*/delete`, `${AML}/*/write`],
    notActions: [
      `${AML}/delete`,
      `${AML}/write`,
      `${AML}/computes/*/write`,
      `${AML}/computes/*/delete`,
      `${AML}/computes/listKeys/action`,
      `${AML}/listKeys/action`,
      `${AML}/hubs/write`,
      `${AML}/hubs/delete`,
      `${AML}/featurestores/write`,
      `${AML}/featurestores/delete`,
    ],
  }),
  role('fb879df8-f326-4884-b1cf-06f3ad86be52', 'Virtual Machine User Login', `${LEARN}/compute#virtual-machine-user-login`, {
    actions: [
      'Microsoft.Network/publicIPAddresses/read',
      'Microsoft.Network/virtualNetworks/read',
      'Microsoft.Network/loadBalancers/read',
      'Microsoft.Network/networkInterfaces/read',
      'Microsoft.Compute/virtualMachines/*/read',
      'Microsoft.HybridCompute/machines/*/read',
      'Microsoft.HybridConnectivity/endpoints/listCredentials/action',
    ],
    dataActions: ['Microsoft.Compute/virtualMachines/login/action', 'Microsoft.HybridCompute/machines/login/action'],
  }),
];
