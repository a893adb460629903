import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { loadConfig, validateConfig } from '../../src/config/load.js';
import { lines, minimal, problemsOf, SUB } from './helpers.js';

const EXAMPLE = path.resolve(import.meta.dirname, '../../templates/secure-aml.example.yaml');

async function tmpFile(name: string, text: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'cfg-'));
  const file = path.join(dir, name);
  await writeFile(file, text);
  return file;
}

async function loadProblems(...args: Parameters<typeof loadConfig>) {
  const err = await loadConfig(...args).then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(ConfigError);
  return lines((err as ConfigError).problems);
}

describe('the example config', () => {
  it('loads without problems and yields the expected names', async () => {
    const { config, names, file } = await loadConfig({ file: EXAMPLE, env: {} });
    expect(file).toBe(EXAMPLE);
    expect(config).toMatchObject({ name: 'mlsec', environment: 'dev', location: 'westeurope', cmk: { enabled: true }, aks: { enabled: true } });
    expect(config.compute.instances).toHaveLength(1);
    for (const role of ['itAdmins', 'dataScientists', 'dataScientistSuperUsers'] as const) expect(config.roles[role].length).toBeGreaterThan(0);
    expect(names.suffix).toMatch(/^[a-z0-9]{6}$/);
    expect(names).toMatchObject({
      resourceGroup: 'rg-mlsec-dev', vnet: 'vnet-mlsec-dev',
      'subnet:training': 'snet-training', 'subnet:scoring': 'snet-scoring', 'subnet:privateEndpoints': 'snet-pe',
      'nsg:training': 'nsg-mlsec-dev-training', 'nsg:scoring': 'nsg-mlsec-dev-scoring', 'nsg:privateEndpoints': 'nsg-mlsec-dev-pe',
      keyVault: `kvmlsec${names.suffix}`, storage: `stmlsec${names.suffix}`, registry: `crmlsec${names.suffix}`,
      cmkKey: 'aml-cmk', logAnalytics: 'log-mlsec-dev', appInsights: 'appi-mlsec-dev', workspace: 'mlw-mlsec-dev',
      workspaceIdentity: 'id-mlsec-dev', serviceEndpointPolicy: 'sep-mlsec-dev-training', cluster: 'cpu-cluster', aks: 'aks-mlsec-dev',
    });
  });

  it('gives the same names on every load, and different ones for another environment', async () => {
    const a = await loadConfig({ file: EXAMPLE, env: {} });
    const b = await loadConfig({ file: EXAMPLE, env: {} });
    expect(b.names).toEqual(a.names);
    const prod = await loadConfig({ file: EXAMPLE, env: {}, flags: { env: 'prod' } });
    expect(prod.names.suffix).not.toBe(a.names.suffix);
    expect(prod.names.storage).not.toBe(a.names.storage);
    expect(prod.names.resourceGroup).toBe('rg-mlsec-prod');
  });
});

describe('defaults', () => {
  it('a minimal config gets the whole secure baseline', () => {
    const { config, sources } = validateConfig(minimal());
    expect(config).toMatchObject({
      environment: 'dev',
      resourceGroup: { existing: false },
      network: { addressSpace: '10.0.0.0/16', subnets: { training: '10.0.1.0/24', scoring: '10.0.2.0/24', privateEndpoints: '10.0.3.0/24' }, computePublicIp: false, egress: 'firewall', outboundGroups: [] },
      firewall: { sku: 'Standard', hubAddressSpace: '10.100.0.0/24' },
      logAnalytics: { retentionInDays: 30 }, workspace: { hbi: true }, cmk: { enabled: true, keyName: 'aml-cmk', keySize: 2048 },
      compute: { cluster: { name: 'cpu-cluster', vmSize: 'Standard_DS3_v2', minNodes: 0, maxNodes: 4, idleSecondsBeforeScaledown: 1800 }, instances: [] },
      // AKS is opt-in: it needs the user's TLS certificate (aks.tls).
      aks: { enabled: false, vmSize: 'Standard_D4s_v3', nodeCount: 3 },
      roles: { itAdmins: [], dataScientists: [], dataScientistSuperUsers: [] }, tags: {},
    });
    expect(sources).toMatchObject({ name: 'file', 'network.subnets.training': 'default', 'cmk.keySize': 'default', environment: 'default' });
  });

  it('treats an empty YAML section (`keyVault:` with nothing under it) as not set', async () => {
    const file = await tmpFile('c.yaml', `name: mlsec\nsubscriptionId: ${SUB}\nlocation: westeurope\nkeyVault:\nnetwork:\n  subnets:\n`);
    const { config } = await loadConfig({ file, env: {} });
    expect(config.network.subnets.training).toBe('10.0.1.0/24');
  });

  it('reads JSON as well as YAML', async () => {
    const file = await tmpFile('c.json', JSON.stringify(minimal({ aks: { enabled: false } })));
    expect((await loadConfig({ file, env: {} })).config.aks.enabled).toBe(false);
  });
});

describe('precedence: flag > env > file > default', () => {
  const OTHER = '99999999-8888-7777-6666-555555555555';
  const FLAG = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';

  it('env overrides the file, and a flag overrides both; sources say which', async () => {
    const file = await tmpFile('c.yaml', `name: mlsec\nsubscriptionId: ${SUB}\nlocation: westeurope\nenvironment: test\n`);
    const envOnly = await loadConfig({ file, env: { AZURE_SUBSCRIPTION_ID: OTHER, AZURE_LOCATION: 'northeurope' } });
    expect(envOnly.config).toMatchObject({ subscriptionId: OTHER, location: 'northeurope', environment: 'test' });
    expect(envOnly.sources).toMatchObject({ subscriptionId: 'env', location: 'env', environment: 'file', name: 'file', 'aks.nodeCount': 'default' });

    const both = await loadConfig({
      file,
      env: { AZURE_SUBSCRIPTION_ID: OTHER, AZURE_LOCATION: 'northeurope', SECURE_AML_ENV: 'staging' },
      flags: { subscription: FLAG, location: 'swedencentral', env: 'prod' },
    });
    expect(both.config).toMatchObject({ subscriptionId: FLAG, location: 'swedencentral', environment: 'prod' });
    expect(both.sources).toMatchObject({ subscriptionId: 'flag', location: 'flag', environment: 'flag' });
    expect(both.names.resourceGroup).toBe('rg-mlsec-prod');
  });

  it('SECURE_AML_ENV sets the environment when no flag does', () => {
    const { config, sources } = validateConfig(minimal(), { env: { SECURE_AML_ENV: 'qa' } });
    expect(config.environment).toBe('qa');
    expect(sources.environment).toBe('env');
  });

  it('supplies required values without a file', async () => {
    const problems = await loadProblems({ env: { AZURE_SUBSCRIPTION_ID: SUB, AZURE_LOCATION: 'westeurope' } });
    expect(problems).toEqual([expect.stringMatching(/^name: required/)]);
  });

  it('names a bad value by the flag or variable that supplied it', () => {
    expect(lines(problemsOf(minimal(), { flags: { location: 'West Europe' }, env: { AZURE_SUBSCRIPTION_ID: 'not-a-guid' } }))).toEqual([
      'AZURE_SUBSCRIPTION_ID: "not-a-guid" is not a subscription ID (expected a GUID like 00000000-0000-0000-0000-000000000000)',
      '--location: "West Europe" is not an Azure region name (did you mean "westeurope"?)',
    ]);
  });
});

describe('problems', () => {
  it('reports a missing subscription with every way to supply it', () => {
    expect(lines(problemsOf({ name: 'mlsec', location: 'westeurope' }))).toEqual([
      'subscriptionId: required; set it in the config file, pass --subscription, or export AZURE_SUBSCRIPTION_ID',
    ]);
  });

  it('reports every problem at once, each with its path and the bad value', () => {
    const problems = lines(problemsOf({
      name: 'ML-Sec', subscriptionId: SUB, location: 'westeurop',
      network: { subnets: { training: '10.0.0.0/33' } },
      logAnalytics: { retentionInDays: 7 },
      cmk: { keySize: 1024 },
      aks: { nodeCount: 0 },
      roles: { dataScientists: [{ objectId: 'alice', type: 'user' }] },
      tags: { 'secure-aml-env': 'x', 'a/b': 'y', cost: 12 },
    }));
    expect(problems).toEqual(expect.arrayContaining([
      expect.stringMatching(/^name: "ML-Sec" must be 2-10 lowercase letters and digits/),
      'location: "westeurop" is not an Azure region name (did you mean "westeurope"?)',
      'network.subnets.training: "10.0.0.0/33" is not a CIDR (expected a.b.c.d/n with n ≤ 32, e.g. 10.0.1.0/24)',
      'logAnalytics.retentionInDays: 7 must be a whole number from 30 to 730',
      'cmk.keySize: 1024 must be 2048, 3072 or 4096',
      'aks.nodeCount: 0 must be a whole number from 1 to 100',
      expect.stringMatching(/^roles\.dataScientists\[0\]\.objectId: "alice" is not an Entra ID object ID/),
      expect.stringMatching(/^roles\.dataScientists\[0\]\.type: "user" .*did you mean "User"\?/),
      expect.stringMatching(/^tags\.secure-aml-env: reserved/),
      expect.stringMatching(/^tags\["a\/b"\]: "a\/b" is not a valid tag name/),
      expect.stringMatching(/^tags\.cost: 12 is not a string/),
    ]));
    expect(problems).toHaveLength(11);
    expect(problems.join('\n')).not.toMatch(/"code"|invalid_type|ZodError|\n\s+at /);
  });

  it('still checks the network layout and names when other fields are broken', () => {
    const problems = lines(problemsOf(minimal({
      location: 'nowhere',
      network: { subnets: { training: '10.0.0.0/33', scoring: '10.1.0.0/24' } },
      storage: { name: 'Not_Valid' },
    })));
    expect(problems).toEqual([
      expect.stringMatching(/^location: "nowhere" is not an Azure region name; expected/),
      expect.stringMatching(/^network\.subnets\.training: "10\.0\.0\.0\/33" is not a CIDR/),
      'storage.name: "Not_Valid" must be 3-24 lowercase letters and digits',
      'network.subnets.scoring: "10.1.0.0/24" is not inside the address space network.addressSpace ("10.0.0.0/16")',
    ]);
  });

  it('suggests the key that was meant for an unknown key', () => {
    expect(lines(problemsOf(minimal({ network: { subnet: {} }, subscriptionID: SUB })))).toEqual(expect.arrayContaining([
      'network.subnet: unknown key (did you mean "subnets"?)',
      'subscriptionID: unknown key (did you mean "subscriptionId"?)',
    ]));
    expect(lines(problemsOf(minimal({ network: { training: '10.0.1.0/24' } })))).toEqual(['network.training: unknown key (did you mean "subnets.training"?)']);
    expect(lines(problemsOf(minimal({ frobnicate: 1 })))[0]).toMatch(/^frobnicate: unknown key; expected one of: name, environment, subscriptionId/);
  });

  it('checks cluster bounds and compute names together', () => {
    const problems = lines(problemsOf(minimal({
      compute: {
        cluster: { minNodes: 5, maxNodes: 2 },
        instances: [
          { name: 'cpu-cluster', userObjectId: SUB },
          { name: '9lives', userObjectId: SUB },
        ],
      },
    })));
    expect(problems).toEqual(expect.arrayContaining([
      'compute.cluster.minNodes: 5 is more than compute.cluster.maxNodes (2)',
      expect.stringMatching(/^compute\.instances\[0\]\.name: "cpu-cluster" is already used by compute\.cluster\.name/),
      'compute.instances[1].name: "9lives" must be 3-24 letters, digits and hyphens, starting with a letter',
    ]));
  });

  it('rejects a config that is not a mapping', () => {
    expect(lines(problemsOf(['name', 'mlsec']))).toEqual([expect.stringMatching(/^<config>: the configuration is a list/)]);
  });
});

describe('files', () => {
  it('a missing file is a problem on --config', async () => {
    expect(await loadProblems({ file: '/nonexistent/secure-aml.yaml', env: {} })).toEqual(['--config: file not found: /nonexistent/secure-aml.yaml']);
  });

  it('a YAML syntax error names the file, line and column', async () => {
    const file = await tmpFile('bad.yaml', 'name: mlsec\nnetwork:\n  subnets: [10.0.1.0/24\nlocation: westeurope\n');
    const [problem] = await loadProblems({ file, env: {} });
    expect(problem).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: invalid YAML: .*line 4, column 1`));
  });

  it('a duplicate key is a problem, not a silent override', async () => {
    const file = await tmpFile('dup.yaml', `name: mlsec\nname: other\nsubscriptionId: ${SUB}\nlocation: westeurope\n`);
    expect((await loadProblems({ file, env: {} }))[0]).toMatch(/invalid YAML: Map keys must be unique at line 2, column 1/);
  });
});

describe('switches and modes from flags and the environment (access.mode, policy.enforce)', () => {
  it('--enforce and --access override the file; the variables take true/false and a mode; a bad value names the variable', async () => {
    const flagged = await loadConfig({ file: EXAMPLE, env: {}, flags: { enforce: true, access: 'vpn' } });
    expect(flagged.config.policy.enforce).toBe(true);
    expect(flagged.config.access.mode).toBe('vpn');
    expect(flagged.sources['policy.enforce']).toBe('flag');
    const fromEnv = await loadConfig({ file: EXAMPLE, env: { SECURE_AML_POLICY_ENFORCE: 'true', SECURE_AML_ACCESS: 'vpn' } });
    expect([fromEnv.config.policy.enforce, fromEnv.config.access.mode, fromEnv.sources['policy.enforce']]).toEqual([true, 'vpn', 'env']);
    expect((await loadConfig({ file: EXAMPLE, env: { SECURE_AML_POLICY_ENFORCE: 'false' } })).config.policy.enforce).toBe(false);
    expect((await loadConfig({ file: EXAMPLE, env: {}, flags: { enforce: false } })).config.policy.enforce).toBe(false);
    expect((await loadProblems({ file: EXAMPLE, env: { SECURE_AML_POLICY_ENFORCE: 'yes' } })).join('\n')).toMatch(/SECURE_AML_POLICY_ENFORCE/);
    expect((await loadProblems({ file: EXAMPLE, env: { SECURE_AML_ACCESS: 'rdp' } })).join('\n')).toMatch(/SECURE_AML_ACCESS.*"rdp" is not an access mode/);
  });
});
