// Issue 12 item 5: the config names people by user principal name or group name; they are resolved to
// object ids through Microsoft Graph (the simulated directory) before anything is planned or written. An
// unknown or ambiguous name exits 2 naming the field and the name; object ids keep working.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { validateConfig } from '../../src/config/load.js';
import { ArmSimulator } from '../../src/simulator/index.js';
import { lines, minimal, problemsOf } from '../config/helpers.js';
import { isWrite, runCli, tmpDir, traffic } from '../helpers/cli.js';

const FAST = ['--sim-time-scale', '0.002'];
const ALICE = '6f1c2a3b-4d5e-4f60-8a71-9b8c7d6e5f40';
const TEAM = '8d2f4e6a-1b3c-4d5e-8f90-a1b2c3d4e5f6';
const BLOB_DATA_CONTRIBUTOR = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe';
type Res = { type: string; properties?: { roleDefinitionId?: string; principalId?: string; principalType?: string } };

/** A config in a fresh directory: the example's essentials, no AKS (no TLS files needed), these people. */
async function configWith(roles: Record<string, unknown[]>): Promise<{ cwd: string; file: string; sim: string }> {
  const cwd = await tmpDir('secure-aml-people-');
  const file = path.join(cwd, 'secure-aml.yaml');
  await writeFile(file, stringify({ ...minimal({ subscriptionId: '00000000-0000-0000-0000-000000000000' }), environment: 'dev', aks: { enabled: false }, roles }));
  return { cwd, file, sim: path.join(cwd, 'sim') };
}

async function graph(sim: string, method: string, url: string, body?: unknown) {
  const s = await ArmSimulator.open({ dir: sim, timeScale: 0 });
  const res = await s.handle({ method, url: `https://graph.microsoft.com/v1.0${url}`, headers: { authorization: 'Bearer test', 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: res.body ? (JSON.parse(res.body) as Record<string, unknown>) : {} };
}

describe('people by name', () => {
  it('alice@contoso.com and the group "Data Science Team" resolve to their object ids; the assignments name those', async () => {
    const c = await configWith({
      dataScientists: [{ user: 'alice@contoso.com' }, { group: 'Data Science Team' }],
      dataScientistSuperUsers: [{ objectId: ALICE, type: 'User' }],
      itAdmins: [{ objectId: '2b7e9c41-5a3d-4e8f-9c12-3d4e5f6a7b8c', type: 'Group' }],
    });
    const run = await runCli(['apply', '-c', c.file, '--simulate', c.sim, '-y', ...FAST], { cwd: c.cwd });
    expect(run.code, run.stderr + run.stdout).toBe(0);
    const graphCalls = (await traffic(c.sim)).filter((t) => t.url.startsWith('https://graph.microsoft.com/v1.0/'));
    expect(graphCalls.map((t) => `${t.method} ${decodeURIComponent(new URL(t.url).pathname + new URL(t.url).search)}`)).toEqual(expect.arrayContaining([
      'GET /v1.0/users/alice@contoso.com?$select=id,displayName,userPrincipalName',
      "GET /v1.0/groups?$filter=displayName eq 'Data Science Team'&$select=id,displayName",
    ]));
    const dump = JSON.parse((await runCli(['sim', 'dump', '--simulate', c.sim], { cwd: c.cwd })).stdout) as Res[];
    const blob = dump.filter((r) => r.type === 'Microsoft.Authorization/roleAssignments' && r.properties?.roleDefinitionId?.endsWith(BLOB_DATA_CONTRIBUTOR) && r.properties.principalType !== 'ServicePrincipal');
    // Alice is named twice (by name as a data scientist, by object id as a super user): one assignment.
    expect(blob.map((r) => [r.properties?.principalId, r.properties?.principalType]).sort()).toEqual([[ALICE, 'User'], [TEAM, 'Group']].sort());
  }, 180_000);

  it('an unknown user and an unknown group: exit 2 naming each field and name, before any write', async () => {
    const c = await configWith({ dataScientists: [{ user: 'nobody@contoso.com' }], itAdmins: [{ group: 'No Such Team' }] });
    const run = await runCli(['plan', '-c', c.file, '--simulate', c.sim, ...FAST], { cwd: c.cwd });
    expect(run.code, run.stderr + run.stdout).toBe(2);
    expect(run.stderr).toContain('roles.dataScientists[0].user: no user "nobody@contoso.com" in the directory');
    expect(run.stderr).toContain('roles.itAdmins[0].group: no group named "No Such Team" in the directory');
    expect((await traffic(c.sim)).filter(isWrite)).toEqual([]);
  }, 60_000);

  it('a group name two groups share: exit 2 listing both object ids', async () => {
    const c = await configWith({ dataScientists: [{ group: 'Data Science Team' }] });
    const twin = await graph(c.sim, 'POST', '/groups', { displayName: 'Data Science Team', mailEnabled: false, mailNickname: 'dst2', securityEnabled: true });
    expect(twin.status).toBe(201);
    const run = await runCli(['plan', '-c', c.file, '--simulate', c.sim, ...FAST], { cwd: c.cwd });
    expect(run.code, run.stderr + run.stdout).toBe(2);
    expect(run.stderr).toContain('2 groups are named "Data Science Team"');
    expect(run.stderr).toContain(TEAM);
    expect(run.stderr).toContain(String(twin.body.id));
  }, 60_000);

  it('the simulated directory answers Graph as Graph does: 404 for an unknown user, required properties on create', async () => {
    const c = await configWith({});
    expect((await graph(c.sim, 'GET', '/users/alice@contoso.com')).body).toMatchObject({ id: ALICE, userPrincipalName: 'alice@contoso.com' });
    expect((await graph(c.sim, 'GET', `/users/${ALICE}?$select=id`)).body).toEqual({ '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#users(id)/$entity', id: ALICE });
    const missing = await graph(c.sim, 'GET', '/users/nobody@contoso.com');
    expect(missing).toMatchObject({ status: 404, body: { error: { code: 'Request_ResourceNotFound' } } });
    const bad = await graph(c.sim, 'POST', '/users', { displayName: 'No UPN' });
    expect(bad).toMatchObject({ status: 400, body: { error: { code: 'Request_BadRequest' } } });
    expect((await graph(c.sim, 'GET', "/groups?$filter=displayName eq 'data science team'")).body.value).toHaveLength(1);
    expect(await graph(c.sim, 'GET', "/groups?$filter=startswith(displayName,'Data')")).toMatchObject({ status: 400, body: { error: { code: 'Request_UnsupportedQuery' } } });
    expect(await graph(c.sim, 'GET', '/servicePrincipals')).toMatchObject({ status: 400, body: { error: { code: 'Request_UnsupportedQuery' } } });
    // A UPN starting with $ is addressed with the OData key form, as the tool sends it.
    const dollar = await graph(c.sim, 'POST', '/users', { accountEnabled: true, displayName: 'Ops', mailNickname: 'ops', userPrincipalName: '$ops@contoso.com', passwordProfile: { password: 'x' } });
    expect(dollar.status).toBe(201);
    expect((await graph(c.sim, 'GET', `/users(${encodeURIComponent("'$ops@contoso.com'")})`)).body).toMatchObject({ id: dollar.body.id });
  });
});

describe('the config says how to name a person', () => {
  it('one of objectId with type, user or group; a user principal name must look like one', () => {
    const problems = lines(problemsOf(minimal({ roles: { dataScientists: [{ user: 'alice' }, { objectId: ALICE }, { user: 'alice@contoso.com', group: 'x' }, { displayName: 'Nobody' }, { group: 'Team', type: 'User' }] } })));
    expect(problems).toEqual(expect.arrayContaining([
      'roles.dataScientists[0].user: "alice" is not a user principal name (expected e.g. alice@contoso.com)',
      'roles.dataScientists[1].type: required with objectId: User, Group or ServicePrincipal',
      expect.stringMatching(/^roles\.dataScientists\[2\]: gives user and group; give exactly one of/),
      expect.stringMatching(/^roles\.dataScientists\[3\]: names nobody; give objectId \(with type\), user/),
      'roles.dataScientists[4].type: "User" contradicts group; leave type out',
    ]));
    expect(() => validateConfig(minimal({ roles: { dataScientists: [{ user: 'alice@contoso.com' }, { group: 'Data Science Team' }, { objectId: ALICE, type: 'User' }] } }))).not.toThrow();
  });
});
