// Built-in role definitions the simulated tenant knows: real names and GUIDs (learn.microsoft.com "Azure
// built-in roles"); permissions abridged to the actions the simulator's checks and clients care about.
export interface BuiltInRole {
  id: string;
  roleName: string;
  description: string;
  actions: string[];
  notActions?: string[];
  dataActions?: string[];
  notDataActions?: string[];
}

const KV_CONTROL_READ = [
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
];

const FILE_DATA = 'Microsoft.Storage/storageAccounts/fileServices/fileshares/files';
const BLOB_DATA = 'Microsoft.Storage/storageAccounts/blobServices/containers/blobs';
const AML = 'Microsoft.MachineLearningServices/workspaces';

export const BUILT_IN_ROLES: readonly BuiltInRole[] = [
  { id: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635', roleName: 'Owner', description: 'Grants full access to manage all resources, including the ability to assign roles in Azure RBAC.', actions: ['*'] },
  {
    id: 'b24988ac-6180-42a0-ab88-20f7382dd24c',
    roleName: 'Contributor',
    description: 'Grants full access to manage all resources, but does not allow you to assign roles in Azure RBAC, manage assignments in Azure Blueprints, or share image galleries.',
    actions: ['*'],
    notActions: ['Microsoft.Authorization/*/Delete', 'Microsoft.Authorization/*/Write', 'Microsoft.Authorization/elevateAccess/Action', 'Microsoft.Blueprint/blueprintAssignments/write', 'Microsoft.Blueprint/blueprintAssignments/delete', 'Microsoft.Compute/galleries/share/action'],
  },
  { id: 'acdd72a7-3385-48ef-bd42-f606fba81ae7', roleName: 'Reader', description: 'View all resources, but does not allow you to make any changes.', actions: ['*/read'] },
  { id: '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9', roleName: 'User Access Administrator', description: 'Lets you manage user access to Azure resources.', actions: ['*/read', 'Microsoft.Authorization/*', 'Microsoft.Support/*'] },
  {
    id: 'f58310d9-a9f6-439a-9e8d-f62e7b41a168',
    roleName: 'Role Based Access Control Administrator',
    description: 'Manage access to Azure resources by assigning roles using Azure RBAC. This role does not allow you to manage access using other ways, such as Azure Policy.',
    actions: ['Microsoft.Authorization/roleAssignments/write', 'Microsoft.Authorization/roleAssignments/delete', '*/read', 'Microsoft.Support/*'],
  },
  {
    id: '4d97b98b-1d4f-4787-a291-c67834d212e7',
    roleName: 'Network Contributor',
    description: 'Lets you manage networks, but not access to them.',
    actions: ['Microsoft.Authorization/*/read', 'Microsoft.Insights/alertRules/*', 'Microsoft.Network/*', 'Microsoft.ResourceHealth/availabilityStatuses/read', 'Microsoft.Resources/deployments/*', 'Microsoft.Resources/subscriptions/resourceGroups/read', 'Microsoft.Support/*'],
  },
  {
    id: 'b12aa53e-6015-4669-85d0-8515ebb3ae7f',
    roleName: 'Private DNS Zone Contributor',
    description: 'Lets you manage private DNS zone resources, but not the virtual networks they are linked to.',
    actions: ['Microsoft.Authorization/*/read', 'Microsoft.Insights/alertRules/*', 'Microsoft.Network/privateDnsZones/*', 'Microsoft.Network/privateDnsOperationResults/*', 'Microsoft.Network/privateDnsOperationStatuses/*', 'Microsoft.Network/virtualNetworks/read', 'Microsoft.Network/virtualNetworks/join/action', 'Microsoft.Resources/deployments/*', 'Microsoft.Resources/subscriptions/resourceGroups/read', 'Microsoft.Support/*'],
  },
  {
    id: 'f1a07417-d97a-45cb-824c-7a7467783830',
    roleName: 'Managed Identity Operator',
    description: 'Read and Assign User Assigned Identity',
    actions: ['Microsoft.ManagedIdentity/userAssignedIdentities/*/read', 'Microsoft.ManagedIdentity/userAssignedIdentities/*/assign/action', 'Microsoft.Authorization/*/read', 'Microsoft.Insights/alertRules/*', 'Microsoft.Resources/subscriptions/resourceGroups/read', 'Microsoft.Resources/deployments/*', 'Microsoft.Support/*'],
  },
  {
    id: '00482a5a-887f-4fb3-b363-3b7fe8e74483',
    roleName: 'Key Vault Administrator',
    description: 'Perform all data plane operations on a key vault and all objects in it, including certificates, keys, and secrets. Cannot manage key vault resources or manage role assignments. Only works for key vaults that use the \'Azure role-based access control\' permission model.',
    actions: KV_CONTROL_READ,
    dataActions: ['Microsoft.KeyVault/vaults/*'],
  },
  {
    id: 'f25e0fa2-a7c8-4377-a976-54943a77a395',
    roleName: 'Key Vault Contributor',
    description: 'Manage key vaults, but does not allow you to assign roles in Azure RBAC, and does not allow you to access secrets, keys, or certificates.',
    actions: ['Microsoft.Authorization/*/read', 'Microsoft.Insights/alertRules/*', 'Microsoft.KeyVault/*', 'Microsoft.Resources/deployments/*', 'Microsoft.Resources/subscriptions/resourceGroups/read', 'Microsoft.Support/*'],
    notActions: ['Microsoft.KeyVault/locations/deletedVaults/purge/action', 'Microsoft.KeyVault/hsmPools/*', 'Microsoft.KeyVault/managedHsms/*'],
  },
  {
    id: '14b46e9e-c2b7-41b4-b07b-48a6ebf60603',
    roleName: 'Key Vault Crypto Officer',
    description: 'Perform any action on the keys of a key vault, except manage permissions. Only works for key vaults that use the \'Azure role-based access control\' permission model.',
    actions: KV_CONTROL_READ,
    dataActions: ['Microsoft.KeyVault/vaults/keys/*', 'Microsoft.KeyVault/vaults/keyrotationpolicies/*'],
  },
  {
    id: 'e147488a-f6f5-4113-8e2d-b22465e65bf6',
    roleName: 'Key Vault Crypto Service Encryption User',
    description: 'Read metadata of keys and perform wrap/unwrap operations. Only works for key vaults that use the \'Azure role-based access control\' permission model.',
    actions: ['Microsoft.EventGrid/eventSubscriptions/write', 'Microsoft.EventGrid/eventSubscriptions/read', 'Microsoft.EventGrid/eventSubscriptions/delete'],
    dataActions: ['Microsoft.KeyVault/vaults/keys/read', 'Microsoft.KeyVault/vaults/keys/wrap/action', 'Microsoft.KeyVault/vaults/keys/unwrap/action'],
  },
  {
    id: '12338af0-0e69-4776-bea7-57ae8d297424',
    roleName: 'Key Vault Crypto User',
    description: 'Perform cryptographic operations using keys. Only works for key vaults that use the \'Azure role-based access control\' permission model.',
    actions: [],
    dataActions: ['Microsoft.KeyVault/vaults/keys/read', 'Microsoft.KeyVault/vaults/keys/update/action', 'Microsoft.KeyVault/vaults/keys/backup/action', 'Microsoft.KeyVault/vaults/keys/encrypt/action', 'Microsoft.KeyVault/vaults/keys/decrypt/action', 'Microsoft.KeyVault/vaults/keys/wrap/action', 'Microsoft.KeyVault/vaults/keys/unwrap/action', 'Microsoft.KeyVault/vaults/keys/sign/action', 'Microsoft.KeyVault/vaults/keys/verify/action'],
  },
  {
    id: '4633458b-17de-408a-b874-0445c86b69e6',
    roleName: 'Key Vault Secrets User',
    description: 'Read secret contents. Only works for key vaults that use the \'Azure role-based access control\' permission model.',
    actions: [],
    dataActions: ['Microsoft.KeyVault/vaults/secrets/getSecret/action', 'Microsoft.KeyVault/vaults/secrets/readMetadata/action'],
  },
  {
    id: 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7',
    roleName: 'Key Vault Secrets Officer',
    description: 'Perform any action on the secrets of a key vault, except manage permissions. Only works for key vaults that use the \'Azure role-based access control\' permission model.',
    actions: KV_CONTROL_READ,
    dataActions: ['Microsoft.KeyVault/vaults/secrets/*'],
  },
  {
    id: '17d1049b-9a84-46fb-8f53-869881c3d3ab',
    roleName: 'Storage Account Contributor',
    description: 'Permits management of storage accounts. Provides access to the account key, which can be used to access data via Shared Key authorization.',
    actions: ['Microsoft.Authorization/*/read', 'Microsoft.Insights/diagnosticSettings/*', 'Microsoft.Network/virtualNetworks/subnets/joinViaServiceEndpoint/action', 'Microsoft.ResourceHealth/availabilityStatuses/read', 'Microsoft.Resources/deployments/*', 'Microsoft.Resources/subscriptions/resourceGroups/read', 'Microsoft.Storage/storageAccounts/*', 'Microsoft.Support/*'],
  },
  {
    id: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe',
    roleName: 'Storage Blob Data Contributor',
    description: 'Read, write, and delete Azure Storage containers and blobs.',
    actions: ['Microsoft.Storage/storageAccounts/blobServices/containers/delete', 'Microsoft.Storage/storageAccounts/blobServices/containers/read', 'Microsoft.Storage/storageAccounts/blobServices/containers/write', 'Microsoft.Storage/storageAccounts/blobServices/generateUserDelegationKey/action'],
    dataActions: [`${BLOB_DATA}/delete`, `${BLOB_DATA}/read`, `${BLOB_DATA}/write`, `${BLOB_DATA}/move/action`, `${BLOB_DATA}/add/action`],
  },
  {
    id: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b',
    roleName: 'Storage Blob Data Owner',
    description: 'Provides full access to Azure Storage blob containers and data, including assigning POSIX access control.',
    actions: ['Microsoft.Storage/storageAccounts/blobServices/containers/*', 'Microsoft.Storage/storageAccounts/blobServices/generateUserDelegationKey/action'],
    dataActions: [`${BLOB_DATA}/*`],
  },
  {
    id: '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1',
    roleName: 'Storage Blob Data Reader',
    description: 'Read and list Azure Storage containers and blobs.',
    actions: ['Microsoft.Storage/storageAccounts/blobServices/containers/read', 'Microsoft.Storage/storageAccounts/blobServices/generateUserDelegationKey/action'],
    dataActions: [`${BLOB_DATA}/read`],
  },
  {
    id: '974c5e8b-45b9-4653-ba55-5f855dd0fb88',
    roleName: 'Storage Queue Data Contributor',
    description: 'Read, write, and delete Azure Storage queues and queue messages.',
    actions: ['Microsoft.Storage/storageAccounts/queueServices/queues/delete', 'Microsoft.Storage/storageAccounts/queueServices/queues/read', 'Microsoft.Storage/storageAccounts/queueServices/queues/write'],
    dataActions: ['Microsoft.Storage/storageAccounts/queueServices/queues/messages/delete', 'Microsoft.Storage/storageAccounts/queueServices/queues/messages/read', 'Microsoft.Storage/storageAccounts/queueServices/queues/messages/write', 'Microsoft.Storage/storageAccounts/queueServices/queues/messages/process/action'],
  },
  {
    id: '69566ab7-960f-475b-8e7c-b3118f30c6bd',
    roleName: 'Storage File Data Privileged Contributor',
    description: 'Customer has read, write, delete and modify NTFS permission access on Azure Storage file shares.',
    actions: [],
    dataActions: [`${FILE_DATA}/read`, `${FILE_DATA}/write`, `${FILE_DATA}/delete`, `${FILE_DATA}/modifypermissions/action`, 'Microsoft.Storage/storageAccounts/fileServices/readFileBackupSemantics/action', 'Microsoft.Storage/storageAccounts/fileServices/writeFileBackupSemantics/action'],
  },
  {
    id: '0c867c2a-1d8c-454a-a3db-ab2ea1bdc8bb',
    roleName: 'Storage File Data SMB Share Contributor',
    description: 'Allows for read, write, and delete access on files/directories in Azure file shares. This role has no built-in equivalent on Windows file servers.',
    actions: [],
    dataActions: [`${FILE_DATA}/read`, `${FILE_DATA}/write`, `${FILE_DATA}/delete`],
  },
  {
    id: 'aba4ae5f-2193-4029-9191-0cb91df5e314',
    roleName: 'Storage File Data SMB Share Reader',
    description: 'Allows for read access on files/directories in Azure file shares. This role is equivalent to a file share ACL of read on Windows file servers.',
    actions: [],
    dataActions: [`${FILE_DATA}/read`],
  },
  { id: '7f951dda-4ed3-4680-a7ca-43fe172d538d', roleName: 'AcrPull', description: 'Pull artifacts from a container registry.', actions: ['Microsoft.ContainerRegistry/registries/pull/read'] },
  { id: '8311e382-0749-4cb8-b61a-304f252e45ec', roleName: 'AcrPush', description: 'Push artifacts to or pull artifacts from a container registry.', actions: ['Microsoft.ContainerRegistry/registries/pull/read', 'Microsoft.ContainerRegistry/registries/push/write'] },
  {
    id: 'f6c7c914-8db3-469d-8ca1-694a8f32e121',
    roleName: 'AzureML Data Scientist',
    description: 'Can perform all actions within an Azure Machine Learning workspace, except for creating or deleting compute resources and modifying the workspace itself.',
    actions: [`${AML}/*/read`, `${AML}/*/action`, `${AML}/*/delete`, `${AML}/*/write`],
    notActions: [`${AML}/delete`, `${AML}/write`, `${AML}/computes/*/write`, `${AML}/computes/*/delete`, 'Microsoft.Authorization/*', `${AML}/computes/listKeys/action`, `${AML}/listKeys/action`, `${AML}/hubs/write`, `${AML}/hubs/delete`, `${AML}/featurestores/write`, `${AML}/featurestores/delete`],
  },
  {
    id: 'e503ece1-11d0-4e8e-8e2c-7a6c3bf38815',
    roleName: 'AzureML Compute Operator',
    description: 'Can access and perform CRUD operations on Machine Learning Services managed compute resources (including Notebook VMs).',
    actions: [`${AML}/computes/*`, `${AML}/notebooks/*`],
    notActions: [`${AML}/computes/listKeys/action`],
  },
  {
    // Learn "Azure built-in roles for AI + machine learning"; the ML workspace identity's approval of its
    // managed network's private endpoints (machine-learning-managed-network.ts).
    id: 'b556d68e-0be0-4f35-a333-ad7ee1ce17ea',
    roleName: 'Azure AI Enterprise Network Connection Approver',
    description: 'Can approve private endpoint connections to Azure AI common dependency resources',
    actions: [
      'Microsoft.ContainerRegistry/registries/privateEndpointConnectionsApproval/action',
      'Microsoft.ContainerRegistry/registries/privateEndpointConnections/read',
      'Microsoft.ContainerRegistry/registries/privateEndpointConnections/write',
      'Microsoft.Cache/redis/read',
      'Microsoft.Cache/redis/privateEndpointConnections/read',
      'Microsoft.Cache/redis/privateEndpointConnections/write',
      'Microsoft.Cache/redis/privateLinkResources/read',
      'Microsoft.Cache/redis/privateEndpointConnectionsApproval/action',
      'Microsoft.Cache/redisEnterprise/read',
      'Microsoft.Cache/redisEnterprise/privateEndpointConnections/read',
      'Microsoft.Cache/redisEnterprise/privateEndpointConnections/write',
      'Microsoft.Cache/redisEnterprise/privateLinkResources/read',
      'Microsoft.Cache/redisEnterprise/privateEndpointConnectionsApproval/action',
      'Microsoft.CognitiveServices/accounts/read',
      'Microsoft.CognitiveServices/accounts/privateEndpointConnections/read',
      'Microsoft.CognitiveServices/accounts/privateEndpointConnections/write',
      'Microsoft.CognitiveServices/accounts/privateLinkResources/read',
      'Microsoft.DocumentDB/databaseAccounts/privateEndpointConnectionsApproval/action',
      'Microsoft.DocumentDB/databaseAccounts/privateEndpointConnections/read',
      'Microsoft.DocumentDB/databaseAccounts/privateEndpointConnections/write',
      'Microsoft.DocumentDB/databaseAccounts/privateLinkResources/read',
      'Microsoft.DocumentDB/databaseAccounts/read',
      'Microsoft.KeyVault/vaults/privateEndpointConnectionsApproval/action',
      'Microsoft.KeyVault/vaults/privateEndpointConnections/read',
      'Microsoft.KeyVault/vaults/privateEndpointConnections/write',
      'Microsoft.KeyVault/vaults/privateLinkResources/read',
      'Microsoft.KeyVault/vaults/read',
      `${AML}/privateEndpointConnectionsApproval/action`,
      `${AML}/privateEndpointConnections/read`,
      `${AML}/privateEndpointConnections/write`,
      `${AML}/privateLinkResources/read`,
      `${AML}/read`,
      'Microsoft.Storage/storageAccounts/privateEndpointConnections/read',
      'Microsoft.Storage/storageAccounts/privateEndpointConnections/write',
      'Microsoft.Storage/storageAccounts/privateLinkResources/read',
      'Microsoft.Storage/storageAccounts/read',
      'Microsoft.Sql/servers/privateEndpointConnectionsApproval/action',
      'Microsoft.Sql/servers/privateEndpointConnections/read',
      'Microsoft.Sql/servers/privateEndpointConnections/write',
      'Microsoft.Sql/servers/privateLinkResources/read',
      'Microsoft.Sql/servers/read',
    ],
  },
  {
    id: 'b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b',
    roleName: 'Azure Kubernetes Service RBAC Cluster Admin',
    description: 'Lets you manage all resources in the cluster.',
    actions: ['Microsoft.Authorization/*/read', 'Microsoft.Resources/subscriptions/operationresults/read', 'Microsoft.Resources/subscriptions/read', 'Microsoft.Resources/subscriptions/resourceGroups/read', 'Microsoft.ContainerService/managedClusters/listClusterUserCredential/action'],
    dataActions: ['Microsoft.ContainerService/managedClusters/*'],
  },
  {
    id: '4abbcc35-e782-43d8-92c5-2d3f1bd2253f',
    roleName: 'Azure Kubernetes Service Cluster User Role',
    description: 'List cluster user credential action.',
    actions: ['Microsoft.ContainerService/managedClusters/listClusterUserCredential/action', 'Microsoft.ContainerService/managedClusters/read'],
  },
  {
    id: '749f88d5-cbae-40b8-bcfc-e573ddc772fa',
    roleName: 'Monitoring Contributor',
    description: 'Can read all monitoring data and update monitoring settings.',
    actions: ['*/read', 'Microsoft.AlertsManagement/alerts/*', 'Microsoft.Insights/actiongroups/*', 'Microsoft.Insights/components/*', 'Microsoft.Insights/diagnosticSettings/*', 'Microsoft.Insights/metricAlerts/*', 'Microsoft.OperationalInsights/workspaces/search/action', 'Microsoft.OperationalInsights/workspaces/sharedKeys/action', 'Microsoft.Support/*'],
  },
  {
    id: '92aaf0da-9dab-42b6-94a3-d43ce8d16293',
    roleName: 'Log Analytics Contributor',
    description: 'Log Analytics Contributor can read all monitoring data and edit monitoring settings.',
    actions: ['*/read', 'Microsoft.OperationalInsights/*', 'Microsoft.Insights/diagnosticSettings/*', 'Microsoft.Resources/deployments/*', 'Microsoft.Resources/subscriptions/resourcegroups/deployments/*', 'Microsoft.Support/*'],
  },
  // Entra ID sign-in to VMs (https://learn.microsoft.com/azure/role-based-access-control/built-in-roles/compute).
  {
    id: 'fb879df8-f326-4884-b1cf-06f3ad86be52',
    roleName: 'Virtual Machine User Login',
    description: 'View Virtual Machines in the portal and login as a regular user.',
    actions: ['Microsoft.Network/publicIPAddresses/read', 'Microsoft.Network/virtualNetworks/read', 'Microsoft.Network/loadBalancers/read', 'Microsoft.Network/networkInterfaces/read', 'Microsoft.Compute/virtualMachines/*/read', 'Microsoft.HybridCompute/machines/*/read', 'Microsoft.HybridConnectivity/endpoints/listCredentials/action'],
    dataActions: ['Microsoft.Compute/virtualMachines/login/action', 'Microsoft.HybridCompute/machines/login/action'],
  },
  {
    id: '1c0163c0-47e6-4577-8991-ea5c82e286e4',
    roleName: 'Virtual Machine Administrator Login',
    description: 'View Virtual Machines in the portal and login as administrator',
    actions: ['Microsoft.Network/publicIPAddresses/read', 'Microsoft.Network/virtualNetworks/read', 'Microsoft.Network/loadBalancers/read', 'Microsoft.Network/networkInterfaces/read', 'Microsoft.Compute/virtualMachines/*/read', 'Microsoft.HybridCompute/machines/*/read', 'Microsoft.HybridConnectivity/endpoints/listCredentials/action'],
    dataActions: ['Microsoft.Compute/virtualMachines/login/action', 'Microsoft.Compute/virtualMachines/loginAsAdmin/action', 'Microsoft.HybridCompute/machines/login/action', 'Microsoft.HybridCompute/machines/loginAsAdmin/action'],
  },
];

export function builtInRole(guid: string): BuiltInRole | undefined {
  const g = guid.toLowerCase();
  return BUILT_IN_ROLES.find((r) => r.id === g);
}
