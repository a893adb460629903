// The permission model over ARM GET bodies: wildcard matching, NotActions within a role, scope
// inheritance, built-in roles, this repo's custom roles (templates/roles) and the ABAC delegation pattern.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BUILT_IN_ROLES, can, matchesAction, rbacModelOf, type ArmResource, type Permission } from '../../src/azure-model/rbac.js';

const SUB = '11111111-2222-3333-4444-555555555555';
const RG = `/subscriptions/${SUB}/resourceGroups/rg-aml`;
const WS = `${RG}/providers/Microsoft.MachineLearningServices/workspaces/ws1`;
const COMPUTE = `${WS}/computes/cpu-cluster`;
const AML = 'Microsoft.MachineLearningServices/workspaces';
const ASSIGN = 'Microsoft.Authorization/roleAssignments/write';

const OWNER = '8e3af657-a8ff-443c-a75c-2fe8c4bcb635';
const CONTRIBUTOR = 'b24988ac-6180-42a0-ab88-20f7382dd24c';
const READER = 'acdd72a7-3385-48ef-bd42-f606fba81ae7';
const UAA = '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9';
const AZUREML_DATA_SCIENTIST = 'f6c7c914-8db3-469d-8ca1-694a8f32e121';
const BLOB_READER = '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1';
const DS = 'd5000000-0000-4000-8000-000000000001';
const SUPER = 'd5000000-0000-4000-8000-000000000002';
const IT = 'd5000000-0000-4000-8000-000000000003';

const ALICE = 'a1a1a1a1-0000-4000-8000-000000000001';
const BOB = 'b2b2b2b2-0000-4000-8000-000000000002';

const roleDefId = (guid: string) => `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${guid}`;

let n = 0;
function assignment(principalId: string, guid: string, scope: string, extra: Record<string, string> = {}): ArmResource {
  const name = `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
  return {
    id: `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`,
    name,
    type: 'Microsoft.Authorization/roleAssignments',
    properties: { roleDefinitionId: roleDefId(guid), principalId, scope, ...extra },
  };
}

function customRole(guid: string, roleName: string, permissions: Partial<Permission>[]): ArmResource {
  return {
    id: roleDefId(guid),
    name: guid,
    type: 'Microsoft.Authorization/roleDefinitions',
    properties: { roleName, type: 'CustomRole', permissions, assignableScopes: [RG] },
  };
}

interface RoleTemplate { roleName: string; actions: string[]; notActions: string[]; dataActions: string[]; notDataActions: string[] }
const template = (file: string): RoleTemplate =>
  JSON.parse(readFileSync(new URL(`../../templates/roles/${file}`, import.meta.url), 'utf8')) as RoleTemplate;
const templateRole = (file: string, guid: string, change: (t: RoleTemplate) => RoleTemplate = (t) => t): ArmResource => {
  const t = change(template(file));
  return customRole(guid, t.roleName, [{ actions: t.actions, notActions: t.notActions, dataActions: t.dataActions, notDataActions: t.notDataActions }]);
};

describe('matchesAction', () => {
  it('does not let computes/*/write match computes/write: * has no segment to consume', () => {
    expect(matchesAction(`${AML}/computes/*/write`, `${AML}/computes/write`)).toBe(false);
    expect(matchesAction(`${AML}/computes/*/write`, `${AML}/computes/applicationaccess/write`)).toBe(true);
  });

  it('lets workspaces/*/write match workspaces/computes/write: * spans a segment', () => {
    expect(matchesAction(`${AML}/*/write`, `${AML}/computes/write`)).toBe(true);
    expect(matchesAction(`${AML}/*/write`, `${AML}/write`)).toBe(false);
  });

  it('spans several segments, matches anywhere, ignores case, and needs the whole action', () => {
    expect(matchesAction('*/read', 'Microsoft.Compute/virtualMachines/extensions/read')).toBe(true);
    expect(matchesAction('*', 'Microsoft.Anything/at/all/action')).toBe(true);
    expect(matchesAction('Microsoft.CostManagement/*/query/*', 'microsoft.costmanagement/exports/QUERY/action')).toBe(true);
    expect(matchesAction('Microsoft.Authorization/*/Write', 'Microsoft.Authorization/roleAssignments/write')).toBe(true);
    expect(matchesAction('Microsoft.Network/*', 'Microsoft.NetworkFunction/x/read')).toBe(false);
    expect(matchesAction('Microsoft.Storage/storageAccounts/read', 'Microsoft.Storage/storageAccounts/read/extra')).toBe(false);
  });
});

describe('NotActions subtract within a role only', () => {
  const netMinusVnetWrite = customRole('c0000000-0000-4000-8000-000000000001', 'Network minus vnet write', [
    { actions: ['Microsoft.Network/*'], notActions: ['Microsoft.Network/virtualNetworks/write'] },
  ]);
  const vnetWriter = customRole('c0000000-0000-4000-8000-000000000002', 'Vnet writer', [{ actions: ['Microsoft.Network/virtualNetworks/write'] }]);
  const VNET_WRITE = 'Microsoft.Network/virtualNetworks/write';

  it('a role excluding an action does not grant it, and says why', () => {
    const model = rbacModelOf([netMinusVnetWrite, vnetWriter, assignment(ALICE, 'c0000000-0000-4000-8000-000000000001', RG)]);
    const d = can(model, [ALICE], VNET_WRITE, RG);
    expect(d.allowed).toBe(false);
    expect(d.reason).toContain("excluded by NotActions 'Microsoft.Network/virtualNetworks/write'");
    expect(d.reason).toContain('deny assignments are not modelled');
    expect(can(model, [ALICE], 'Microsoft.Network/virtualNetworks/read', RG).allowed).toBe(true);
  });

  it('another role still grants the action: NotActions is not a deny', () => {
    const model = rbacModelOf([
      netMinusVnetWrite,
      vnetWriter,
      assignment(ALICE, 'c0000000-0000-4000-8000-000000000001', RG),
      assignment(ALICE, 'c0000000-0000-4000-8000-000000000002', RG),
    ]);
    const d = can(model, [ALICE], VNET_WRITE, RG);
    expect(d.allowed).toBe(true);
    expect(d.by?.roleName).toBe('Vnet writer');
  });

  it('Contributor cannot assign roles; Contributor plus User Access Administrator can', () => {
    const contributorOnly = rbacModelOf([assignment(ALICE, CONTRIBUTOR, RG)]);
    expect(can(contributorOnly, [ALICE], ASSIGN, RG).allowed).toBe(false);
    expect(can(contributorOnly, [ALICE], 'Microsoft.Network/virtualNetworks/write', RG).allowed).toBe(true);
    const both = rbacModelOf([assignment(ALICE, CONTRIBUTOR, RG), assignment(ALICE, UAA, RG)]);
    expect(can(both, [ALICE], ASSIGN, RG).by?.roleName).toBe('User Access Administrator');
  });

  it('NotActions of one permission block do not subtract from another block of the same role', () => {
    const twoBlocks = customRole('c0000000-0000-4000-8000-000000000003', 'Two blocks', [
      { actions: ['Microsoft.Network/*'], notActions: [VNET_WRITE] },
      { actions: [VNET_WRITE] },
    ]);
    const model = rbacModelOf([twoBlocks, assignment(ALICE, 'c0000000-0000-4000-8000-000000000003', RG)]);
    expect(can(model, [ALICE], VNET_WRITE, RG).allowed).toBe(true);
  });
});

describe('scope inheritance', () => {
  it('an assignment on the resource group covers the workspace and its computes', () => {
    const model = rbacModelOf([assignment(ALICE, READER, RG)]);
    for (const scope of [RG, WS, COMPUTE]) expect(can(model, [ALICE], `${AML}/computes/read`, scope).allowed).toBe(true);
    expect(can(model, [ALICE], `${AML}/computes/read`, `/subscriptions/${SUB}`).allowed).toBe(false);
    expect(can(model, [ALICE], `${AML}/computes/read`, `/subscriptions/${SUB}/resourceGroups/rg-aml2`).allowed).toBe(false);
  });

  it('an assignment on the workspace covers its computes, not its group or a workspace whose name extends it', () => {
    const model = rbacModelOf([assignment(ALICE, READER, WS)]);
    expect(can(model, [ALICE], `${AML}/computes/read`, COMPUTE).allowed).toBe(true);
    expect(can(model, [ALICE], `${AML}/computes/read`, COMPUTE.toUpperCase()).allowed).toBe(true);
    expect(can(model, [ALICE], 'Microsoft.Resources/subscriptions/resourceGroups/read', RG).allowed).toBe(false);
    expect(can(model, [ALICE], `${AML}/read`, `${WS}0`).allowed).toBe(false);
  });

  it('a subscription assignment covers everything below it; any listed principal counts', () => {
    const model = rbacModelOf([assignment(BOB, OWNER, `/subscriptions/${SUB}`)]);
    expect(can(model, [ALICE, BOB], `${AML}/computes/write`, COMPUTE).allowed).toBe(true);
    expect(can(model, [ALICE], `${AML}/computes/write`, COMPUTE).reason).toMatch(/^no role assignment/);
  });
});

describe('built-in roles', () => {
  it('Owner writes and assigns roles; Reader only reads', () => {
    const model = rbacModelOf([assignment(ALICE, OWNER, RG), assignment(BOB, READER, RG)]);
    expect(can(model, [ALICE], `${AML}/computes/write`, COMPUTE).allowed).toBe(true);
    expect(can(model, [ALICE], ASSIGN, WS).allowed).toBe(true);
    expect(can(model, [BOB], `${AML}/computes/read`, COMPUTE).allowed).toBe(true);
    const write = can(model, [BOB], `${AML}/computes/write`, COMPUTE);
    expect(write.allowed).toBe(false);
    expect(write.reason).toContain('Reader');
  });

  it('control-plane * grants no data action; data roles grant only their DataActions', () => {
    const BLOB = 'Microsoft.Storage/storageAccounts/blobServices/containers/blobs';
    const account = `${RG}/providers/Microsoft.Storage/storageAccounts/st1`;
    const model = rbacModelOf([assignment(ALICE, OWNER, RG), assignment(BOB, BLOB_READER, account)]);
    expect(can(model, [ALICE], `${BLOB}/read`, account, { dataAction: true }).allowed).toBe(false);
    expect(can(model, [BOB], `${BLOB}/read`, `${account}/blobServices/default/containers/c1`, { dataAction: true }).allowed).toBe(true);
    expect(can(model, [BOB], `${BLOB}/write`, account, { dataAction: true }).allowed).toBe(false);
  });

  it('every built-in role has a GUID, a Learn source and permissions', () => {
    for (const r of BUILT_IN_ROLES) {
      expect(r.guid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(r.source).toMatch(/^https:\/\/learn\.microsoft\.com\/en-us\/azure\/role-based-access-control\/built-in-roles\//);
      expect(r.permissions.length).toBeGreaterThan(0);
    }
    expect(new Set(BUILT_IN_ROLES.map((r) => r.guid)).size).toBe(BUILT_IN_ROLES.length);
  });
});

describe("this repo's custom roles (templates/roles)", () => {
  const roles = [
    templateRole('data-scientist.json', DS),
    templateRole('data-scientist-super-user.json', SUPER),
    templateRole('it-admin.json', IT),
  ];

  it('data scientist: cannot create or delete compute (NotActions name the exact actions), touch the workspace or list keys', () => {
    const model = rbacModelOf([...roles, assignment(ALICE, DS, WS)]);
    const create = can(model, [ALICE], `${AML}/computes/write`, `${WS}/computes/new-cluster`);
    expect(create.allowed).toBe(false);
    expect(create.reason).toContain(`${AML}/computes/write`);
    expect(can(model, [ALICE], `${AML}/computes/delete`, COMPUTE).allowed).toBe(false);
    expect(can(model, [ALICE], `${AML}/privateEndpointConnections/write`, WS).allowed).toBe(false);
    expect(can(model, [ALICE], `${AML}/endpoints/pipelines/write`, WS).allowed).toBe(false);
    expect(can(model, [ALICE], `${AML}/write`, WS).allowed).toBe(false);
    expect(can(model, [ALICE], `${AML}/computes/listKeys/action`, COMPUTE).allowed).toBe(false);
    expect(can(model, [ALICE], ASSIGN, WS).allowed).toBe(false);
    expect(can(model, [ALICE], `${AML}/jobs/write`, WS).allowed).toBe(true);
  });

  it('data scientist with NotActions workspaces/computes/write cannot create compute', () => {
    const fixed = templateRole('data-scientist.json', DS, (t) => ({ ...t, notActions: [...t.notActions, `${AML}/computes/write`] }));
    const model = rbacModelOf([fixed, assignment(ALICE, DS, WS)]);
    const d = can(model, [ALICE], `${AML}/computes/write`, COMPUTE);
    expect(d.allowed).toBe(false);
    expect(d.reason).toContain(`excluded by NotActions '${AML}/computes/write'`);
  });

  it('the built-in AzureML Data Scientist has the same trap', () => {
    const model = rbacModelOf([assignment(ALICE, AZUREML_DATA_SCIENTIST, WS)]);
    expect(can(model, [ALICE], `${AML}/computes/write`, COMPUTE).allowed).toBe(true);
    expect(can(model, [ALICE], `${AML}/listKeys/action`, WS).allowed).toBe(false);
  });

  it('super user administers the workspace but cannot write or delete the workspace itself', () => {
    const model = rbacModelOf([...roles, assignment(ALICE, SUPER, WS)]);
    expect(can(model, [ALICE], `${AML}/computes/write`, COMPUTE).allowed).toBe(true);
    expect(can(model, [ALICE], `${AML}/write`, WS).allowed).toBe(false);
    expect(can(model, [ALICE], `${AML}/delete`, WS).allowed).toBe(false);
    // Without a condition, roleAssignments/write lets the super user hand out Owner on the workspace.
    expect(can(model, [ALICE], ASSIGN, WS, { requestRoleDefinitionId: roleDefId(OWNER) }).allowed).toBe(true);
  });

  it('IT admin (*) does everything in the group, but no data action', () => {
    const model = rbacModelOf([...roles, assignment(ALICE, IT, RG)]);
    expect(can(model, [ALICE], ASSIGN, WS).allowed).toBe(true);
    expect(can(model, [ALICE], 'Microsoft.Storage/storageAccounts/listKeys/action', `${RG}/providers/Microsoft.Storage/storageAccounts/st1`).allowed).toBe(true);
    expect(can(model, [ALICE], 'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read', RG, { dataAction: true }).allowed).toBe(false);
  });
});

describe('ABAC: delegating role assignment management with a condition', () => {
  const allowed = [DS, AZUREML_DATA_SCIENTIST, READER];
  // The shape of Learn's "Example: Constrain roles", with both spellings of GUIDs Learn uses.
  const condition =
    "((!(ActionMatches{'Microsoft.Authorization/roleAssignments/write'})) OR " +
    `(@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {${allowed[0]}, ${allowed[1]}, ${allowed[2].replace(/-/g, '')}}))` +
    " AND ((!(ActionMatches{'Microsoft.Authorization/roleAssignments/delete'})) OR " +
    `(@Resource[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals{${allowed.join(', ')}}))`;
  const model = rbacModelOf([
    templateRole('data-scientist-super-user.json', SUPER),
    assignment(ALICE, SUPER, WS, { condition, conditionVersion: '2.0' }),
  ]);

  it('grants roleAssignments/write only for the three listed roles', () => {
    for (const guid of allowed) expect(can(model, [ALICE], ASSIGN, WS, { requestRoleDefinitionId: roleDefId(guid) }).allowed).toBe(true);
    expect(can(model, [ALICE], ASSIGN, WS, { requestRoleDefinitionId: READER.toUpperCase() }).allowed).toBe(true);
    const owner = can(model, [ALICE], ASSIGN, WS, { requestRoleDefinitionId: roleDefId(OWNER) });
    expect(owner.allowed).toBe(false);
    expect(owner.reason).toContain('condition');
    expect(can(model, [ALICE], ASSIGN, WS).reason).toContain('no requestRoleDefinitionId given');
  });

  it('constrains delete by the role of the assignment being deleted, and leaves other actions alone', () => {
    const DELETE = 'Microsoft.Authorization/roleAssignments/delete';
    expect(can(model, [ALICE], DELETE, WS, { resourceRoleDefinitionId: DS }).allowed).toBe(true);
    expect(can(model, [ALICE], DELETE, WS, { resourceRoleDefinitionId: OWNER }).allowed).toBe(false);
    expect(can(model, [ALICE], 'Microsoft.Authorization/roleAssignments/read', WS).allowed).toBe(true);
    expect(can(model, [ALICE], `${AML}/computes/write`, COMPUTE).allowed).toBe(true);
  });

  it('reads the multi-line layout Learn prints', () => {
    const printed = `(\n (\n  !(ActionMatches{'Microsoft.Authorization/roleAssignments/write'})\n )\n OR \n (\n  @Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {${READER}}\n )\n)`;
    const m = rbacModelOf([assignment(ALICE, UAA, WS, { condition: printed, conditionVersion: '2.0' })]);
    expect(can(m, [ALICE], ASSIGN, WS, { requestRoleDefinitionId: READER }).allowed).toBe(true);
    expect(can(m, [ALICE], ASSIGN, WS, { requestRoleDefinitionId: OWNER }).allowed).toBe(false);
  });

  it('treats other conditions as not granting, and says so', () => {
    const storageCondition = "((!(ActionMatches{'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read'})) OR (@Resource[Microsoft.Storage/storageAccounts/blobServices/containers:name] StringEquals 'c1'))";
    const other = rbacModelOf([templateRole('data-scientist-super-user.json', SUPER), assignment(ALICE, SUPER, WS, { condition: storageCondition, conditionVersion: '2.0' })]);
    const d = can(other, [ALICE], `${AML}/computes/write`, COMPUTE);
    expect(d.allowed).toBe(false);
    expect(d.reason).toContain('not modelled, treated as not granting');
  });
});

describe('rbacModelOf', () => {
  it('reads GET bodies: the scope falls back to the assignment id, unknown roles are reported', () => {
    const a = assignment(ALICE, 'deadbeef-0000-4000-8000-000000000000', RG);
    delete (a.properties as Record<string, unknown>).scope;
    const model = rbacModelOf([a, { id: 'x', name: 'x', type: 'Microsoft.Storage/storageAccounts' }]);
    expect(model.assignments).toHaveLength(1);
    expect(model.assignments[0].scope).toBe(RG);
    expect(can(model, [ALICE], `${AML}/read`, WS).reason).toContain('unknown to the model');
  });

  it('reads a built-in GET body by properties.type and lets it override the table', () => {
    const fetched: ArmResource = {
      id: `/providers/Microsoft.Authorization/roleDefinitions/${READER}`,
      name: READER,
      type: 'Microsoft.Authorization/roleDefinitions',
      properties: { roleName: 'Reader', type: 'BuiltInRole', permissions: [{ actions: ['Microsoft.Network/*/read'], notActions: [] }], assignableScopes: ['/'] },
    };
    const model = rbacModelOf([fetched, assignment(ALICE, READER, RG)]);
    expect(model.roles.get(READER)?.roleType).toBe('BuiltInRole');
    expect(can(model, [ALICE], `${AML}/read`, WS).allowed).toBe(false);
    expect(can(model, [ALICE], 'Microsoft.Network/virtualNetworks/read', RG).allowed).toBe(true);
  });
});
