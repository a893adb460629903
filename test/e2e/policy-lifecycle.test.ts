// Issue 14 items 2 and 4 against the simulator, in process: apply assigns every shipped built-in at the
// resource group (seed 004's among them) and records the exemptions with their reason; a second apply
// writes nothing; enforce turns Deny on, so another client's non-compliant PUT fails with
// RequestDisallowedByPolicy; audit --scan shows Azure's own states beside the offline verdicts; teardown
// removes exemptions and assignments, and puts each Defender for Cloud plan back to the tier it found.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { audit } from '../../commands/audit.js';
import { EXAMPLE, isWrite, ROOT, tmpDir, traffic } from '../helpers/cli.js';
import { run, testIo } from '../helpers/test-io.js';
import { FAST, otherClient, RG, RG_ID, SUB, type Env } from '../app/verify-helpers.js';

const POLICY_API = '2025-03-01';
const ASSIGNMENTS = `${RG_ID}/providers/Microsoft.Authorization/policyAssignments`;
const pricing = (plan: string) => `/subscriptions/${SUB}/providers/Microsoft.Security/pricings/${plan}`;

// Seed 004 "Assigning Azure Policies for compliance", by definition GUID.
const SEED_004 = [
  'ba769a63-b8cc-4b2d-abf6-ac33c7204be8', '45e05259-1eb5-4f70-9574-baf73e9d219b', '7838fd83-5cbb-4b5d-888c-bfa240972597',
  'ee40564d-486e-4f68-a5ca-7a621edae0fb', '5f0c7d88-c7de-45b8-ac49-db49e72eaa78', '438c38d2-3772-465a-a9cc-7a6666a275ce',
  'e96a9a5f-07ca-471b-9bc5-6a0f33cbd68f', 'a6f9a2d0-cff7-4855-83ad-4cd750666512', '7804b5c7-01dc-4723-969b-ae300cc07ff1',
];

/** The example with `extra` merged in, written next to a copy of its demo TLS pair (relative paths stay valid). */
async function exampleWith(dir: string, extra: Record<string, unknown>): Promise<string> {
  const raw = YAML.parse(await readFile(EXAMPLE, 'utf8')) as Record<string, Record<string, unknown>>;
  const tls = raw.aks.tls as Record<string, string>;
  for (const k of ['certFile', 'keyFile']) tls[k] = path.join(ROOT, 'templates', tls[k]);
  const file = path.join(dir, 'config.yaml');
  await writeFile(file, YAML.stringify({ ...raw, ...extra }));
  return file;
}

async function cli(env: Env, ...args: string[]) {
  const io = testIo({ cwd: env.cwd, env: { NO_COLOR: '1' } });
  const code = await run([...args, '--simulate', env.sim, ...FAST], io);
  return { code, out: io.out(), err: io.err() };
}

async function dump(env: Env): Promise<{ id: string; properties?: Record<string, unknown> }[]> {
  const io = testIo({ cwd: env.cwd, env: { NO_COLOR: '1' } });
  expect(await run(['sim', 'dump', '--simulate', env.sim], io), io.err()).toBe(0);
  return JSON.parse(io.out()) as { id: string; properties?: Record<string, unknown> }[];
}

async function newEnv(): Promise<Env> {
  const cwd = await tmpDir('secure-aml-policy-');
  return { cwd, sim: path.join(cwd, 'sim') };
}

interface Assignment { id: string; name: string; identity?: { principalId?: string }; properties: { policyDefinitionId: string; enforcementMode: string; parameters?: Record<string, { value: unknown }>; metadata?: Record<string, unknown> } }

async function ourAssignments(env: Env): Promise<Assignment[]> {
  const { arm } = await otherClient(env);
  const r = await arm('GET', ASSIGNMENTS, POLICY_API);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return (r.body!.value as Assignment[]).filter((a) => a.properties.metadata?.['secure-aml-env'] === 'dev');
}

describe('policy assignments on the example (audit effects)', () => {
  let env: Env;
  beforeAll(async () => {
    env = await newEnv();
    const r = await cli(env, 'apply', '-c', EXAMPLE, '-y');
    expect(r.code, r.err).toBe(0);
  }, 180_000);

  it('assigns every shipped definition at the resource group, seed 004 included, with audit effects; the exemptions carry their reason', async () => {
    const assigned = await ourAssignments(env);
    expect(assigned).toHaveLength(58);
    const defs = assigned.map((a) => a.properties.policyDefinitionId.split('/').pop());
    for (const guid of SEED_004) expect(defs).toContain(guid);
    expect(assigned.filter((a) => a.properties.parameters?.effect?.value === 'Deny')).toEqual([]);
    // DeployIfNotExists / Modify: an identity, not enforced, and no role granted for it.
    const dine = assigned.find((a) => a.properties.policyDefinitionId.endsWith('7838fd83-5cbb-4b5d-888c-bfa240972597'))!;
    expect(dine.properties.enforcementMode).toBe('DoNotEnforce');
    expect(dine.identity?.principalId).toBeTruthy();

    const { arm } = await otherClient(env);
    const ws = (await arm('GET', `${RG_ID}/providers/Microsoft.MachineLearningServices/workspaces`, '2025-06-01')).body!.value[0].id as string;
    const v1 = await arm('GET', `${ws}/providers/Microsoft.Authorization/policyExemptions/secure-aml-e413671a-dd10-4cc1-a943-45b598596cb7`, '2022-07-01-preview');
    expect(v1.status, JSON.stringify(v1.body)).toBe(200);
    expect(v1.body!.properties).toMatchObject({ exemptionCategory: 'Waiver', policyAssignmentId: expect.stringMatching(/\/policyAssignments\/secure-aml-e413671a-dd10-4cc1-a943-45b598596cb7$/i) });
    expect(v1.body!.properties.description).toMatch(/v1 legacy mode/);
    expect(v1.body!.properties.metadata.reason).toBe(v1.body!.properties.description);
  });

  it('the dump holds the seed-004 assignments, by definition id', async () => {
    const assigned = (await dump(env)).filter((r) => /\/providers\/Microsoft\.Authorization\/policyAssignments\//i.test(r.id));
    const defs = assigned.map((r) => String(r.properties?.policyDefinitionId ?? '').toLowerCase());
    for (const guid of SEED_004) expect(defs).toContain(`/providers/microsoft.authorization/policydefinitions/${guid}`);
  });

  it('a second apply writes nothing', async () => {
    const before = (await traffic(env.sim)).length;
    const r = await cli(env, 'apply', '-c', EXAMPLE, '-y');
    expect(r.code, r.err).toBe(0);
    const writes = (await traffic(env.sim)).slice(before).filter(isWrite);
    expect(writes.map((w) => `${w.method} ${w.url}`)).toEqual([]);
  });

  it('audit --scan reads Azure\'s states after an on-demand evaluation and sets them beside the offline verdicts', async () => {
    const io = testIo({ cwd: env.cwd, env: { NO_COLOR: '1' } });
    const code = await audit({ env: 'dev', simulate: env.sim, simTimeScale: '0.002', output: 'json', scan: true }, io);
    expect(code, io.err()).toBe(0);
    const doc = JSON.parse(io.out());
    expect(doc.azure).toMatchObject({ assigned: true, scanned: true });
    expect(doc.azure.counts.definitions).toBe(58);
    expect(doc.azure.counts.notEvaluated).toBeLessThan(58);
    expect(doc.azure.states.length).toBeGreaterThan(0);
    // The traffic shows the scan: triggerEvaluation, then its Location polled.
    const calls = (await traffic(env.sim)).map((t) => `${t.method} ${t.url}`);
    expect(calls.some((c) => /^POST .*\/policyStates\/latest\/triggerEvaluation\?/i.test(c))).toBe(true);
    expect(calls.some((c) => /^POST .*\/policyStates\/latest\/queryResults\?/i.test(c))).toBe(true);
    const v1 = doc.azure.definitions.find((d: { definition: string }) => d.definition === 'e413671a-dd10-4cc1-a943-45b598596cb7');
    expect(v1).toMatchObject({ offline: 'Exempt', azure: { verdict: 'Exempt', disagrees: false } });
  });
});

describe('enforce, Defender plans, teardown', () => {
  let env: Env;
  beforeAll(async () => {
    env = await newEnv();
    const { arm } = await otherClient(env);
    // KeyVaults was already on (Standard/PerKeyVault) before secure-aml; StorageAccounts was Free.
    const kv = await arm('PUT', pricing('KeyVaults'), '2024-01-01', { properties: { pricingTier: 'Standard', subPlan: 'PerKeyVault' } });
    expect(kv.status, JSON.stringify(kv.body)).toBeLessThan(300);
    const config = await exampleWith(env.cwd, { policy: { enforce: true }, defender: { plans: ['StorageAccounts', 'KeyVaults', 'Arm'] } });
    const r = await cli(env, 'apply', '-c', config, '-y');
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/SUBSCRIPTION-WIDE/);
  }, 180_000);

  it('a second apply with enforce writes nothing (the tool\'s own resources pass its Deny assignments)', async () => {
    const before = (await traffic(env.sim)).length;
    const r = await cli(env, 'apply', '-c', path.join(env.cwd, 'config.yaml'), '-y');
    expect(r.code, r.err).toBe(0);
    expect((await traffic(env.sim)).slice(before).filter(isWrite).map((w) => `${w.method} ${w.url}`)).toEqual([]);
  });

  it('Deny where the definition offers it, remediations enforced with their roles; another client\'s non-compliant PUT is refused', async () => {
    const assigned = await ourAssignments(env);
    const storageDeny = assigned.find((a) => a.properties.policyDefinitionId.endsWith('b2982f36-99f2-4db5-8eff-283140c09693'));
    expect(storageDeny?.properties.parameters?.effect?.value).toBe('Deny');
    const modify = assigned.find((a) => a.properties.policyDefinitionId.endsWith('a6f9a2d0-cff7-4855-83ad-4cd750666512'))!;
    expect(modify.properties.enforcementMode).toBe('Default');
    const { arm, storage } = await otherClient(env);
    const roles = (await arm('GET', `${RG_ID}/providers/Microsoft.Authorization/roleAssignments`, '2022-04-01')).body!.value as { properties: { principalId: string; roleDefinitionId: string } }[];
    expect(roles.some((r) => r.properties.principalId === modify.identity?.principalId && /b24988ac-6180-42a0-ab88-20f7382dd24c$/.test(r.properties.roleDefinitionId))).toBe(true);

    const put = await storage.storageAccounts.beginCreateAndWait(RG, 'stsomeoneelse01', {
      location: 'westeurope', kind: 'StorageV2', sku: { name: 'Standard_LRS' }, publicNetworkAccess: 'Enabled',
    }, { updateIntervalInMs: 5 }).then(() => undefined, (e: { statusCode?: number; code?: string }) => e);
    expect(put).toMatchObject({ statusCode: 403, code: 'RequestDisallowedByPolicy' });
  });

  it('Defender: the plans are Standard, the tier found before is recorded; teardown restores it and removes the policy resources', async () => {
    const { arm } = await otherClient(env);
    expect((await arm('GET', pricing('StorageAccounts'), '2024-01-01')).body!.properties).toMatchObject({ pricingTier: 'Standard', subPlan: 'DefenderForStorageV2' });
    expect((await arm('GET', pricing('Arm'), '2024-01-01')).body!.properties).toMatchObject({ pricingTier: 'Standard', subPlan: 'PerSubscription' });

    const down = await cli(env, 'teardown', '-e', 'dev', '-y');
    expect(down.code, down.err + down.out).toBe(0);
    expect(down.err).toMatch(/return to the tiers found before/);
    const after = await otherClient(env);
    // Found Free: back to Free. Found Standard (not changed by secure-aml): left Standard.
    expect((await after.arm('GET', pricing('StorageAccounts'), '2024-01-01')).body!.properties.pricingTier).toBe('Free');
    expect((await after.arm('GET', pricing('Arm'), '2024-01-01')).body!.properties.pricingTier).toBe('Free');
    expect((await after.arm('GET', pricing('KeyVaults'), '2024-01-01')).body!.properties).toMatchObject({ pricingTier: 'Standard', subPlan: 'PerKeyVault' });
    // Exemptions went before their assignments, and nothing of ours is left.
    const deletes = (await traffic(env.sim)).filter((t) => t.method === 'DELETE').map((t) => t.url);
    const lastExemption = deletes.map((u) => /policyExemptions/i.test(u)).lastIndexOf(true);
    const firstAssignment = deletes.findIndex((u) => /policyAssignments/i.test(u));
    expect(lastExemption).toBeGreaterThanOrEqual(0);
    expect(firstAssignment).toBeGreaterThan(lastExemption);
    expect((await dump(env)).filter((r) => /\/policy(Assignments|Exemptions)\//i.test(r.id)).map((r) => r.id)).toEqual([]);
  });
});
