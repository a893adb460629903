// Issue 13: the real Azure CLI against `sim serve`. It signs in with the service principal sim serve
// registers (Entra endpoint: instance discovery, OpenID configuration, client-credentials token), then
// writes and reads back through ARM. `.ci/run` installs Debian's azure-cli package (2.45); the test skips
// only where no `az` binary exists, and says so.
//
// Debian's 2.45 package ships SDK versions its command modules do not match, so two modules fail before
// sending anything, with or without a simulator: `az network` ('NoneType' object has no attribute
// 'standard_medium', Azure/azure-cli#26830) and `az role assignment create` / `az role definition list`
// ('RoleAssignmentsOperations' object has no attribute 'config', Azure/azure-cli#24959, #20546). Where the module fails that way, the same writes
// go through the CLI's generic commands (`az resource create`, `az rest`): still the real CLI, its sign-in and
// its HTTP pipeline, against the same simulator.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, cleanEnv, EXAMPLE, runCli, tmpDir, traffic } from '../helpers/cli.js';

const AZ = (() => {
  try {
    return execFileSync('sh', ['-c', 'command -v az'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
})();
const SUB = '00000000-0000-0000-0000-000000000000';
const RG = `/subscriptions/${SUB}/resourceGroups/rg-az`;

interface Served { url: string; ca: string; tenant: string; appId: string; credentialFile: string }

let cwd: string;
let sim: string;
let served: Served;
let server: ChildProcess;
let azEnv: Record<string, string>;

/** Runs az; returns exit code and output (never throws). */
function az(args: string[]): { code: number; out: string; err: string } {
  try {
    const out = execFileSync(AZ!, args, { env: azEnv, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
    return { code: 0, out, err: '' };
  } catch (e) {
    const x = e as { status?: number; stdout?: string; stderr?: string };
    return { code: x.status ?? 1, out: x.stdout ?? '', err: x.stderr ?? '' };
  }
}

/** az with JSON output; the test fails with az's own error text when it exits non-zero. */
function azJson<T = Record<string, any>>(args: string[]): T { // eslint-disable-line @typescript-eslint/no-explicit-any
  const r = az([...args, '-o', 'json']);
  expect(r.code, `az ${args.join(' ')}\n${r.err}`).toBe(0);
  return (r.out.trim() ? JSON.parse(r.out) : {}) as T;
}

/** True when `az <module> …` failed on the Debian packaging bug named in the header (nothing was sent). */
const packagingBug = (err: string) => /has no attribute 'standard_medium'|'Role(Assignments|Definitions)Operations' object has no attribute 'config'/.test(err);

const TITLE = 'the Azure CLI against sim serve';
describe.skipIf(!AZ)(AZ ? TITLE : `${TITLE} (skipped: no az binary on this machine; .ci/run installs Debian's azure-cli)`, () => {
  beforeAll(async () => {
    cwd = await tmpDir('secure-aml-az-');
    sim = path.join(cwd, 'sim');
    const applied = await runCli(['apply', '-c', EXAMPLE, '--simulate', sim, '-y', '--sim-time-scale', '0.002'], { cwd });
    expect(applied.code, applied.stderr).toBe(0);
    server = spawn(process.execPath, [BIN, 'sim', 'serve', '--simulate', sim, '-o', 'json', '--sim-time-scale', '0.002'], { cwd, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    const first = await new Promise<string>((resolve, reject) => {
      let out = '';
      server.stdout!.on('data', (d) => { out += d; if (out.includes('\n')) resolve(out.split('\n')[0]); });
      server.on('exit', (code) => reject(new Error(`sim serve exited ${code}`)));
    });
    served = JSON.parse(first) as Served;
    azEnv = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: cwd,
      AZURE_CONFIG_DIR: path.join(cwd, 'azure'),
      AZURE_CORE_COLLECT_TELEMETRY: 'false',
      AZURE_CORE_NO_COLOR: 'true',
      AZURE_CORE_SURVEY_MESSAGE: 'false',
      // Trust the simulator's certificate; send every HTTPS request through it (MSAL's instance discovery
      // asks login.microsoftonline.com, which sim serve answers as a proxy; nothing else is let through).
      REQUESTS_CA_BUNDLE: served.ca,
      HTTPS_PROXY: served.url,
    };
  }, 240_000);

  afterAll(async () => {
    if (!server) return;
    const exited = new Promise<void>((resolve) => server.on('exit', () => resolve()));
    server.kill('SIGINT');
    await exited;
  });

  it('registers the simulator as a cloud and signs in with the service principal sim serve prints', async () => {
    const cloud = {
      endpoints: {
        resourceManager: `${served.url}/`, activeDirectory: served.url, activeDirectoryResourceId: `${served.url}/`,
        activeDirectoryGraphResourceId: 'https://graph.windows.net/', microsoftGraphResourceId: `${served.url}/`, management: `${served.url}/`, gallery: `${served.url}/`,
      },
      suffixes: { storageEndpoint: 'core.windows.net', keyvaultDns: '.vault.azure.net', acrLoginServerEndpoint: '.azurecr.io' },
    };
    const file = path.join(cwd, 'cloud.json');
    await writeFile(file, JSON.stringify(cloud));
    expect(az(['cloud', 'register', '-n', 'ArmSimulator', '--cloud-config', `@${file}`]).code).toBe(0);
    expect(az(['cloud', 'set', '-n', 'ArmSimulator']).code).toBe(0);
    const { secret } = JSON.parse(await readFile(served.credentialFile, 'utf8')) as { secret: string };
    const accounts = azJson<{ id: string; tenantId: string; user: { name: string; type: string } }[]>(['login', '--service-principal', '-u', served.appId, '-p', secret, '--tenant', served.tenant]);
    expect(accounts).toEqual(expect.arrayContaining([expect.objectContaining({ id: SUB, tenantId: served.tenant, user: { name: served.appId, type: 'servicePrincipal' } })]));
    expect(azJson(['account', 'show'])).toMatchObject({ id: SUB, environmentName: 'ArmSimulator', tenantId: served.tenant });
    const token = azJson<{ accessToken: string; tenant: string }>(['account', 'get-access-token']);
    expect(token.tenant).toBe(served.tenant);
    const claims = JSON.parse(Buffer.from(token.accessToken.split('.')[1], 'base64url').toString()) as Record<string, string>;
    expect(claims).toMatchObject({ appid: served.appId, tid: served.tenant, idtyp: 'app' });
  });

  it('group create, then reads it back', () => {
    expect(azJson(['group', 'create', '-n', 'rg-az', '-l', 'westeurope'])).toMatchObject({ name: 'rg-az', location: 'westeurope', properties: { provisioningState: 'Succeeded' } });
    expect(azJson(['group', 'show', '-n', 'rg-az'])).toMatchObject({ id: RG, location: 'westeurope' });
  });

  it('vnet and subnet create and update, nsg and rule create, each read back', () => {
    const vnet = `${RG}/providers/Microsoft.Network/virtualNetworks/vnet-az`;
    const nsg = `${RG}/providers/Microsoft.Network/networkSecurityGroups/nsg-az`;
    const probe = az(['network', 'vnet', 'create', '-g', 'rg-az', '-n', 'vnet-az', '--address-prefixes', '10.9.0.0/16', '--subnet-name', 'snet-a', '--subnet-prefixes', '10.9.1.0/24', '-o', 'json']);
    if (probe.code === 0) {
      azJson(['network', 'vnet', 'subnet', 'update', '-g', 'rg-az', '--vnet-name', 'vnet-az', '-n', 'snet-a', '--service-endpoints', 'Microsoft.Storage']);
      azJson(['network', 'vnet', 'subnet', 'create', '-g', 'rg-az', '--vnet-name', 'vnet-az', '-n', 'snet-b', '--address-prefixes', '10.9.2.0/24']);
      azJson(['network', 'nsg', 'create', '-g', 'rg-az', '-n', 'nsg-az']);
      azJson(['network', 'nsg', 'rule', 'create', '-g', 'rg-az', '--nsg-name', 'nsg-az', '-n', 'deny-internet', '--priority', '4000', '--direction', 'Outbound', '--access', 'Deny', '--destination-address-prefixes', 'Internet']);
    } else {
      expect(packagingBug(probe.err), probe.err).toBe(true);
      // Child resources (subnets, rules) take no location, which `az resource create` always adds: az rest.
      const put = (id: string, properties: unknown, location = true) =>
        location
          ? azJson(['resource', 'create', '--id', id, '--api-version', '2024-07-01', '--properties', JSON.stringify(properties), '--location', 'westeurope'])
          : azJson(['rest', '--method', 'put', '--url', `${served.url}${id}?api-version=2024-07-01`, '--body', JSON.stringify({ properties })]);
      put(vnet, { addressSpace: { addressPrefixes: ['10.9.0.0/16'] }, subnets: [{ name: 'snet-a', properties: { addressPrefix: '10.9.1.0/24' } }] });
      put(`${vnet}/subnets/snet-a`, { addressPrefix: '10.9.1.0/24', serviceEndpoints: [{ service: 'Microsoft.Storage' }] }, false);
      put(`${vnet}/subnets/snet-b`, { addressPrefix: '10.9.2.0/24' }, false);
      put(nsg, {});
      put(`${nsg}/securityRules/deny-internet`, { priority: 4000, direction: 'Outbound', access: 'Deny', protocol: '*', sourceAddressPrefix: '*', sourcePortRange: '*', destinationAddressPrefix: 'Internet', destinationPortRange: '*' }, false);
    }
    const show = (id: string) => azJson(['resource', 'show', '--id', id, '--api-version', '2024-07-01']);
    expect(show(vnet)).toMatchObject({ properties: { addressSpace: { addressPrefixes: ['10.9.0.0/16'] } } });
    expect(show(`${vnet}/subnets/snet-a`)).toMatchObject({ properties: { addressPrefix: '10.9.1.0/24', serviceEndpoints: [expect.objectContaining({ service: 'Microsoft.Storage' })] } });
    expect(show(`${vnet}/subnets/snet-b`)).toMatchObject({ properties: { addressPrefix: '10.9.2.0/24' } });
    expect(show(`${nsg}/securityRules/deny-internet`)).toMatchObject({ properties: { priority: 4000, access: 'Deny', destinationAddressPrefix: 'Internet' } });
  });

  it('keyvault create (RBAC authorization), then reads it back', () => {
    expect(azJson(['keyvault', 'create', '-g', 'rg-az', '-n', 'kv-az-sim-01', '-l', 'westeurope', '--enable-rbac-authorization', 'true'])).toMatchObject({ name: 'kv-az-sim-01', properties: { enableRbacAuthorization: true } });
    expect(azJson(['keyvault', 'show', '-n', 'kv-az-sim-01'])).toMatchObject({ name: 'kv-az-sim-01', resourceGroup: 'rg-az' });
  });

  it('role definition create from a JSON file, role assignment create, each read back', async () => {
    const file = path.join(cwd, 'role.json');
    await writeFile(file, JSON.stringify({ Name: 'AZ Simulator Reader', Description: 'reads the group', Actions: ['Microsoft.Resources/subscriptions/resourceGroups/read'], NotActions: [], AssignableScopes: [RG] }));
    const def = azJson<{ id: string; name: string; roleName: string }>(['role', 'definition', 'create', '--role-definition', `@${file}`]);
    expect(def.roleName).toBe('AZ Simulator Reader');
    // `az role definition list` hits the same packaging bug (RoleDefinitionsOperations … 'config'): read it back with az rest.
    const listed = az(['role', 'definition', 'list', '--name', 'AZ Simulator Reader', '--scope', RG, '-o', 'json']);
    if (listed.code === 0) expect(JSON.parse(listed.out)).toEqual([expect.objectContaining({ name: def.name })]);
    else {
      expect(packagingBug(listed.err), listed.err).toBe(true);
      const defs = azJson<{ value: { name: string }[] }>(['rest', '--method', 'get', '--url', `${served.url}${RG}/providers/Microsoft.Authorization/roleDefinitions?api-version=2022-04-01&$filter=${encodeURIComponent("roleName eq 'AZ Simulator Reader'")}`]);
      expect(defs.value).toEqual([expect.objectContaining({ name: def.name })]);
    }

    const alice = '6f1c2a3b-4d5e-4f60-8a71-9b8c7d6e5f40';
    const name = '9b3a4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d';
    const assigned = az(['role', 'assignment', 'create', '--assignee-object-id', alice, '--assignee-principal-type', 'User', '--role', def.name, '--scope', RG, '-o', 'json']);
    if (assigned.code !== 0) {
      expect(packagingBug(assigned.err), assigned.err).toBe(true);
      azJson(['rest', '--method', 'put', '--url', `${served.url}${RG}/providers/Microsoft.Authorization/roleAssignments/${name}?api-version=2022-04-01`,
        '--body', JSON.stringify({ properties: { roleDefinitionId: def.id, principalId: alice, principalType: 'User' } })]);
    }
    const list = azJson<{ value: { properties: { principalId: string; roleDefinitionId: string } }[] }>(['rest', '--method', 'get', '--url', `${served.url}${RG}/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01`]);
    expect(list.value).toEqual(expect.arrayContaining([expect.objectContaining({ properties: expect.objectContaining({ principalId: alice, roleDefinitionId: def.id }) })]));
  });

  it('aks create --no-wait, then reads the cluster back', () => {
    const r = az(['aks', 'create', '-g', 'rg-az', '-n', 'aks-az', '--node-count', '1', '--no-ssh-key', '--no-wait', '-o', 'json']);
    expect(r.code, r.err).toBe(0);
    const aks = azJson<{ name: string; provisioningState: string; agentPoolProfiles: { count: number }[] }>(['aks', 'show', '-g', 'rg-az', '-n', 'aks-az']);
    expect(aks.name).toBe('aks-az');
    expect(['Creating', 'Succeeded']).toContain(aks.provisioningState);
    expect(aks.agentPoolProfiles[0].count).toBe(1);
  });

  it('az resource show of what apply built', () => {
    const ws = azJson(['resource', 'show', '-g', 'rg-mlsec-dev', '-n', 'mlw-mlsec-dev', '--resource-type', 'Microsoft.MachineLearningServices/workspaces']);
    expect(ws).toMatchObject({ name: 'mlw-mlsec-dev', properties: { publicNetworkAccess: 'Disabled' } });
    const vnet = azJson(['resource', 'show', '--ids', `/subscriptions/${SUB}/resourceGroups/rg-mlsec-dev/providers/Microsoft.Network/virtualNetworks/vnet-mlsec-dev`]);
    expect(vnet).toMatchObject({ name: 'vnet-mlsec-dev', tags: expect.objectContaining({ 'secure-aml-env': 'dev' }) });
  });

  it('no secret and no token reached the traffic log', async () => {
    const { secret } = JSON.parse(await readFile(served.credentialFile, 'utf8')) as { secret: string };
    const log = await readFile(path.join(sim, 'traffic.jsonl'), 'utf8');
    expect(log.includes(secret)).toBe(false);
    const tokens = (await traffic(sim)).filter((t) => /\/oauth2\/v2\.0\/token$/.test(new URL(t.url).pathname));
    expect(tokens.length).toBeGreaterThan(0);
    for (const t of tokens) expect(t.responseBody).toMatchObject({ access_token: 'REDACTED' });
  });
});
