// POST .../workspaces/{ws}/diagnose (Workspaces_Diagnose): a long-running POST answered 202 + Location, whose
// result is computed from the simulator's records (SPEC.md "Workspace diagnose"). The applied example is
// healthy (no Error); one defect per copy, made by another ARM client (the real network / private DNS SDK
// clients), gives an Error in the category that owns it.
import path from 'node:path';
import { AzureMachineLearningWorkspaces } from '@azure/arm-machinelearning';
import { PrivateDnsManagementClient } from '@azure/arm-privatedns';
import { beforeAll, describe, expect, it } from 'vitest';
import { simHttpClient } from '../../src/azure/sim-http-client.js';
import { EXAMPLE, tmpDir } from '../helpers/cli.js';
import { run, testIo } from '../helpers/test-io.js';
import { copyEnv, FAST, otherClient, POLL, RG, RG_ID, SUB, until, type Env } from '../app/verify-helpers.js';

const WS = `${RG_ID}/providers/Microsoft.MachineLearningServices/workspaces/mlw-mlsec-dev`;
const VNET = 'vnet-mlsec-dev';
const TRAINING = 'snet-training';

interface DiagnoseResult { code: string; level: string; message: string }
type Value = Record<string, DiagnoseResult[]>;

let base: Env;

beforeAll(async () => {
  const cwd = await tmpDir();
  base = { cwd, sim: path.join(cwd, 'sim') };
  const io = testIo({ cwd, env: { NO_COLOR: '1' } });
  expect(await run(['apply', '-c', EXAMPLE, '--simulate', base.sim, '-y', '--no-verify', ...FAST], io), io.err()).toBe(0);
}, 120_000);

type Client = Awaited<ReturnType<typeof otherClient>>;

/** POST diagnose, then follow the Location until it answers 200. */
async function diagnose(c: Client, apiVersion = '2025-06-01', body: unknown = { value: {} }): Promise<Value> {
  const started = await c.simulator.handle({
    method: 'POST', url: `https://management.azure.com${WS}/diagnose?api-version=${apiVersion}`,
    headers: { 'content-type': 'application/json', authorization: 'Bearer fake-token' }, body: JSON.stringify(body),
  });
  expect(started.status, started.body).toBe(202);
  const location = started.headers.Location ?? started.headers.location;
  expect(location).toMatch(/\/workspaceOperationsStatus\/.+type=location/);
  expect(started.headers['Azure-AsyncOperation']).toBeUndefined();
  const done = await until(async () => {
    const r = await c.simulator.handle({ method: 'GET', url: location, headers: { authorization: 'Bearer fake-token' } });
    return r.status === 202 ? undefined : r;
  }, 'the diagnosis');
  expect(done.status, done.body).toBe(200);
  const value = (JSON.parse(done.body as string) as { value: Value }).value;
  expect(Object.keys(value).sort()).toEqual(['applicationInsightsResults', 'containerRegistryResults', 'dnsResolutionResults', 'keyVaultResults', 'networkSecurityRuleResults', 'otherResults', 'resourceLockResults', 'storageAccountResults', 'userDefinedRouteResults']);
  return value;
}

const errors = (v: Value) => Object.entries(v).flatMap(([k, rs]) => rs.filter((r) => r.level === 'Error').map((r) => ({ category: k, ...r })));

describe('workspace diagnose', () => {
  it('the applied example: no Error in any category, at 2022-10-01 and 2025-06-01', async () => {
    const c = await otherClient(await copyEnv(base));
    for (const version of ['2022-10-01', '2025-06-01']) expect(errors(await diagnose(c, version))).toEqual([]);
  });

  it('through the typed SDK (@azure/arm-machinelearning, 2022-10-01): beginDiagnoseAndWait follows the Location to the result', async () => {
    const c = await otherClient(await copyEnv(base));
    const ml = new AzureMachineLearningWorkspaces({ getToken: async () => ({ token: 't', expiresOnTimestamp: Date.now() + 3_600_000 }) }, SUB, { httpClient: await simHttpClient(c.simulator) });
    const r = await ml.workspaces.beginDiagnoseAndWait(RG, 'mlw-mlsec-dev', { parameters: { value: { udr: {}, nsg: {}, dnsResolution: {} } }, ...POLL });
    expect(r.value?.userDefinedRouteResults).toEqual([]);
    expect(r.value?.networkSecurityRuleResults).toEqual([]);
    expect((r.value?.dnsResolutionResults ?? []).filter((x) => x.level === 'Error')).toEqual([]);
  });

  it('refuses a body member its version does not have, and a workspace that does not exist', async () => {
    const c = await otherClient(await copyEnv(base));
    const bad = await c.arm('POST', `${WS}/diagnose`, '2022-10-01', { value: { requiredResourceProviders: {} } });
    expect(bad.status).toBe(400);
    const missing = await c.arm('POST', `${RG_ID}/providers/Microsoft.MachineLearningServices/workspaces/nope/diagnose`, '2025-06-01', {});
    expect(missing).toMatchObject({ status: 404, body: { error: { code: 'ResourceNotFound' } } });
    const get = await c.arm('GET', `${WS}/diagnose`, '2025-06-01');
    expect(get.status).toBe(405);
  });

  it('the training subnet loses its route table: a userDefinedRouteResults Error', async () => {
    const c = await otherClient(await copyEnv(base));
    const subnet = await c.network.subnets.get(RG, VNET, TRAINING);
    await c.network.subnets.beginCreateOrUpdateAndWait(RG, VNET, TRAINING, { ...subnet, routeTable: undefined }, POLL);
    const v = await diagnose(c);
    expect(v.userDefinedRouteResults.length).toBeGreaterThan(0);
    expect(v.userDefinedRouteResults[0]).toMatchObject({ code: 'UdrMissingOutboundRoute', level: 'Error', message: expect.stringContaining(TRAINING) });
  });

  it('the training NSG denies what its VirtualNetwork rule allowed: a networkSecurityRuleResults Error', async () => {
    const c = await otherClient(await copyEnv(base));
    const subnet = await c.network.subnets.get(RG, VNET, TRAINING);
    const nsg = (subnet.networkSecurityGroup?.id ?? '').split('/').pop() as string;
    const rules = [];
    for await (const r of c.network.securityRules.list(RG, nsg)) rules.push(r);
    // With the 0.0.0.0/0 UDR every destination is in VirtualNetwork: the outbound rule allowing it decides.
    const vnetRule = rules.find((r) => r.direction === 'Outbound' && r.access === 'Allow' && r.destinationAddressPrefix === 'VirtualNetwork');
    expect(vnetRule, JSON.stringify(rules.map((r) => r.name))).toBeDefined();
    await c.network.securityRules.beginCreateOrUpdateAndWait(RG, nsg, vnetRule?.name as string, { ...vnetRule, access: 'Deny' }, POLL);
    const v = await diagnose(c);
    expect(v.networkSecurityRuleResults.length).toBeGreaterThan(0);
    expect(v.networkSecurityRuleResults[0]).toMatchObject({ code: 'NsgRuleMissing', level: 'Error', message: expect.stringContaining(nsg) });
  });

  it("the workspace endpoint's A record is deleted: a dnsResolutionResults Error", async () => {
    const c = await otherClient(await copyEnv(base));
    const dns = new PrivateDnsManagementClient({ getToken: async () => ({ token: 't', expiresOnTimestamp: Date.now() + 3_600_000 }) }, SUB, { httpClient: await simHttpClient(c.simulator) });
    const zone = 'privatelink.api.azureml.ms';
    const records = [];
    for await (const r of dns.recordSets.listByType(RG, zone, 'A')) records.push(r);
    const ws = records.find((r) => /\.workspace\.westeurope$/.test(r.name ?? ''));
    expect(ws, JSON.stringify(records.map((r) => r.name))).toBeDefined();
    await dns.recordSets.delete(RG, zone, 'A', ws?.name as string);
    const v = await diagnose(c);
    const err = v.dnsResolutionResults.filter((r) => r.level === 'Error');
    expect(err[0]).toMatchObject({ code: 'DnsResolutionFailure', message: expect.stringMatching(/workspace\.westeurope\.api\.azureml\.ms resolves to/) });
    // Nothing else broke.
    expect(errors(v).filter((e) => e.category !== 'dnsResolutionResults')).toEqual([]);
  });
});
