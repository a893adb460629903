// Who may do what on a managed cluster: the control plane identity (required; one user-assigned or the
// system-assigned one), Entra ID integration, RBAC and local accounts, the OIDC issuer and workload
// identity, and whether a user-assigned control plane identity may join the custom node subnets.
import { badRequest } from '../../errors.js';
import { isGuid } from '../../router.js';
import type { ManagedClusterPropertiesBody } from '../../schemas/containerservice.js';
import { recordsOfType, tenantIdOf, type CloudState, type ResourceRecord } from '../../state.js';
import { ROLE_ASSIGNMENT_TYPE, actionMatches, findRole, roleGuidOf } from '../authorization/roles.js';
import { scopeContains } from '../authorization/scope.js';
import { same } from '../kit/ids.js';
import { rejectNotSimulated } from '../kit/not-simulated.js';
import type { Ctx } from '../types.js';
import { EMPTY_OK, invalid, SUBNET_JOIN } from './common.js';

/** identity.type of the control plane: SystemAssigned, or UserAssigned with exactly one identity. */
export function controlPlaneIdentity(identity: { type?: string; userAssignedIdentities?: Record<string, unknown> } | undefined): { type: string; uaiIds: string[] } {
  const type = identity?.type ?? 'None';
  if (type === 'None') {
    throw invalid('The managed cluster needs a control plane identity: set identity.type to SystemAssigned or UserAssigned (service principal profiles are not simulated).');
  }
  const uaiIds = Object.keys(identity?.userAssignedIdentities ?? {});
  if (type === 'UserAssigned' && uaiIds.length !== 1) {
    throw invalid(`identity.userAssignedIdentities must contain exactly one identity for identity type UserAssigned (it has ${uaiIds.length}).`);
  }
  if (type === 'SystemAssigned' && uaiIds.length > 0) throw invalid('identity.userAssignedIdentities can only be set with identity type UserAssigned.');
  return { type, uaiIds };
}

/** Entra ID (AAD) integration, RBAC and local accounts; returns the stored aadProfile. */
export function checkEntraId(ctx: Ctx, p: ManagedClusterPropertiesBody, prior: Record<string, unknown> | undefined): { enableRBAC: boolean; aadProfile?: Record<string, unknown> } {
  const enableRBAC = p.enableRBAC ?? true;
  let aadProfile: Record<string, unknown> | undefined;
  if (p.aadProfile) {
    rejectNotSimulated(p.aadProfile as Record<string, unknown>, ['clientAppID', 'serverAppID', 'serverAppSecret'], 'properties.aadProfile.', EMPTY_OK);
    if (p.aadProfile.managed !== true) throw invalid('Legacy (non-managed) AAD integration is retired: set aadProfile.managed to true.');
    if (!enableRBAC) throw invalid('AAD integration requires Kubernetes RBAC (enableRBAC true).');
    for (const g of p.aadProfile.adminGroupObjectIDs ?? []) if (!isGuid(g)) throw invalid(`aadProfile.adminGroupObjectIDs entry '${g}' is not a GUID.`);
    if (p.aadProfile.tenantID !== undefined && !isGuid(p.aadProfile.tenantID)) throw invalid(`aadProfile.tenantID '${p.aadProfile.tenantID}' is not a GUID.`);
    aadProfile = {
      managed: true,
      enableAzureRBAC: p.aadProfile.enableAzureRBAC ?? false,
      ...(p.aadProfile.adminGroupObjectIDs ? { adminGroupObjectIDs: p.aadProfile.adminGroupObjectIDs } : {}),
      tenantID: p.aadProfile.tenantID ?? tenantIdOf(ctx.state),
    };
  }
  if (p.disableLocalAccounts === true && !aadProfile) {
    throw badRequest('BadRequest', 'Local accounts can only be disabled on clusters with managed AAD integration: set aadProfile.managed true together with disableLocalAccounts.');
  }
  if (prior?.enableRBAC === true && !enableRBAC) throw badRequest('PropertyChangeNotAllowed', "Changing property 'enableRBAC' is not allowed.");
  return { enableRBAC, ...(aadProfile ? { aadProfile } : {}) };
}

/** OIDC issuer (cannot be disabled once on), workload identity (needs it), image cleaner interval. */
export function checkSecurity(p: ManagedClusterPropertiesBody, prior: Record<string, unknown> | undefined): { oidcEnabled: boolean; issuerGuid?: string } {
  const priorOidc = prior?.oidcIssuerProfile as { enabled: boolean; issuerGuid: string } | undefined;
  const oidcEnabled = p.oidcIssuerProfile?.enabled ?? priorOidc?.enabled ?? false;
  if (priorOidc?.enabled && !oidcEnabled) throw invalid('The OIDC issuer cannot be disabled once enabled.');
  const sec = p.securityProfile;
  if (sec) rejectNotSimulated(sec as Record<string, unknown>, ['defender', 'azureKeyVaultKms', 'customCATrustCertificates'], 'properties.securityProfile.', EMPTY_OK);
  if (sec?.workloadIdentity?.enabled === true && !oidcEnabled) {
    throw invalid('Enabling workload identity requires the OIDC issuer: set oidcIssuerProfile.enabled to true.');
  }
  if (sec?.imageCleaner?.intervalHours !== undefined && (sec.imageCleaner.intervalHours < 24 || sec.imageCleaner.intervalHours > 2160)) {
    throw invalid(`securityProfile.imageCleaner.intervalHours must be between 24 and 2160 (it is ${sec.imageCleaner.intervalHours}).`);
  }
  return { oidcEnabled, ...(priorOidc ? { issuerGuid: priorOidc.issuerGuid } : {}) };
}

/** Does the principal hold subnets/join/action on the subnet through a role assignment at or above it? */
function canJoinSubnet(state: CloudState, principalId: string, subnetId: string): boolean {
  return recordsOfType(state, ROLE_ASSIGNMENT_TYPE).some((ra) => {
    const q = ra.properties as { principalId?: string; roleDefinitionId?: string; scope?: string };
    const scope = q.scope ?? ra.id.replace(/\/providers\/Microsoft\.Authorization\/roleAssignments\/[^/]+$/i, '');
    if (!same(q.principalId, principalId) || !scopeContains(scope, subnetId)) return false;
    const guid = roleGuidOf(q.roleDefinitionId ?? '');
    const role = guid ? findRole(state, guid) : undefined;
    return role !== undefined && role.permissions.some((pm) => pm.actions.some((a) => actionMatches(a, SUBNET_JOIN)) && !pm.notActions.some((a) => actionMatches(a, SUBNET_JOIN)));
  });
}

/**
 * A user-assigned control plane identity must hold subnets/join/action on every custom node subnet; AKS
 * fails the operation with LinkedAuthorizationFailed when it first creates the node scale set.
 */
export function subnetJoinFailure(state: CloudState, identity: Record<string, unknown> | undefined, subnets: Iterable<ResourceRecord>, sub: string, nodeRg: string): { code: string; message: string } | undefined {
  const [uaiId, v] = Object.entries((identity?.userAssignedIdentities ?? {}) as Record<string, { principalId: string }>)[0] ?? [];
  if (!v) return undefined;
  for (const s of subnets) {
    if (canJoinSubnet(state, v.principalId, s.id)) continue;
    return {
      code: 'LinkedAuthorizationFailed',
      message:
        `The client '${v.principalId}' with object id '${v.principalId}' (control plane identity ${uaiId}) has permission to perform action 'Microsoft.Compute/virtualMachineScaleSets/write' on scope ` +
        `'/subscriptions/${sub}/resourceGroups/${nodeRg}'; however, it does not have permission to perform action '${SUBNET_JOIN}' on the linked scope(s) '${s.id}' or the linked scope(s) are invalid. ` +
        "Assign the identity the 'Network Contributor' role on the subnet or its virtual network before creating the cluster.",
    };
  }
  return undefined;
}
