// Issue 10's must-show against the fixed tool. The example environment, applied once, holds: verify
// exits 0 with no finding (text, JSON, SARIF), and apply ends with the verdict. Then one environment
// per defect — a copy of the applied one, changed by another ARM client (the real SDK clients on the
// in-process simulator) — and verify names what broke, what decided it and the fix, with exit 5.
import path from 'node:path';
import type { AuthorizationManagementClient, RoleDefinition } from '@azure/arm-authorization';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE, tmpDir, traffic } from '../helpers/cli.js';
import { sarifValidator } from '../helpers/sarif.js';
import { run, testIo } from '../helpers/test-io.js';
import { added, copyEnv, FAST, otherClient, POLL, RG, RG_ID, show, until, verify, verifyJson, type Doc, type Env, type Row } from './verify-helpers.js';

const TRAINING = 'snet-training';
const SCORING = 'snet-scoring';
const VNET = 'vnet-mlsec-dev';
const CLUSTER = 'aks-mlsec-dev';
const ML_API = '2025-06-01';

let base: Env;
let applyOut: string;
let example: Doc;

beforeAll(async () => {
  const cwd = await tmpDir();
  base = { cwd, sim: path.join(cwd, 'sim') };
  const io = testIo({ cwd, env: { NO_COLOR: '1' } });
  expect(await run(['apply', '-c', EXAMPLE, '--simulate', base.sim, '-y', ...FAST], io), io.err()).toBe(0);
  applyOut = io.out();
  example = await verifyJson(base, 0);
}, 120_000);

describe('the example environment', () => {
  it('verify exits 0: every row holds, no finding, JSON in the documented shape', () => {
    expect(example).toMatchObject({ command: 'verify', status: 'holds', environment: 'dev', findings: [], next: [] });
    expect(example.resources).toBeGreaterThan(100);
    expect(example.counts).toMatchObject({ findings: 0, rows: example.rows.length, holding: example.rows.length, skipped: example.skipped.length });
    expect(example.rows.filter((r) => !r.ok)).toEqual([]);
    for (const s of ['required', 'exfiltration', 'personas']) {
      expect(example.counts.bySection[s]).toEqual({ rows: example.rows.filter((r) => r.section === s).length, findings: 0 });
      expect(example.counts.bySection[s].rows, s).toBeGreaterThan(0);
    }
    for (const r of example.rows) {
      expect(r, show(r)).toMatchObject({ section: expect.any(String), kind: expect.any(String), subject: expect.any(String), target: expect.any(String), decidedBy: expect.any(String), fix: '' });
      expect(r.actual).toBe(r.expected);
    }
    // Both compute subnets are judged; their probes are stopped by the firewall's default deny (or,
    // for foreign storage from training, the service endpoint policy).
    const probes = example.rows.filter((r) => r.kind === 'exfiltration');
    expect(new Set(probes.map((r) => r.subject))).toEqual(new Set([TRAINING, SCORING]));
    expect(probes.filter((r) => /example\.com/.test(r.target)).map((r) => r.decidedBy)).toEqual([expect.stringMatching(/^firewall-default-deny/), expect.stringMatching(/^firewall-default-deny/)]);
    // The firewall names the AKS FQDN tag, and the scoring subnet routes to it.
    expect(example.rows.find((r) => r.subject === SCORING && r.target === 'FQDN tag AzureKubernetesService Tcp/443')).toMatchObject({ ok: true, decidedBy: expect.stringMatching(/^firewall-rule: .* names the tag$/) });
    // AKS goes through the Azure ML extension and a Kubernetes compute.
    expect(example.rows.find((r) => r.kind === 'aks-attach')).toMatchObject({ subject: 'scoring-aks', target: `Kubernetes compute on ${CLUSTER} (Azure ML extension)`, ok: true });
    // The private endpoint FQDNs resolve to their private IPs from both subnets.
    const pe = example.rows.filter((r) => r.kind === 'private-endpoint');
    expect(pe.length).toBeGreaterThanOrEqual(2 * 7);
    for (const host of [/\.workspace\.westeurope\.api\.azureml\.ms →/, /\.blob\.core\.windows\.net →/, /\.vault\.azure\.net →/, /\.azurecr\.io →/]) {
      expect(pe.some((r) => host.test(r.target) && /^dns A 10\.0\.3\.\d+/.test(r.decidedBy)), String(host)).toBe(true);
    }
  });

  it('prints the matrix by section within 100 columns, no colour off a terminal', async () => {
    const r = await verify(base);
    expect(r.code, r.err).toBe(0);
    const lines = r.out.split('\n');
    expect(Math.max(...lines.map((l) => [...l].length))).toBeLessThanOrEqual(100);
    expect(lines[0]).toMatch(new RegExp(`^verify: environment "dev", \\d+ resources read back, ${example.counts.rows} checks: everything holds`));
    const at = (s: string) => lines.findIndex((l) => l.startsWith(s));
    expect(at('required:')).toBeGreaterThan(0);
    expect(at('exfiltration:')).toBeGreaterThan(at('required:'));
    expect(at('personas:')).toBeGreaterThan(at('exfiltration:'));
    expect(at('findings:')).toBe(-1);
    expect(r.out).toMatch(/✓ snet-training\s+example\.com Tcp\/443\s+blocked/);
    expect(r.out).not.toMatch(/✗/);
    expect(r.out).toContain(`${example.counts.rows} checks, ${example.counts.rows} hold, 0 finding(s)`);
    expect(r.out.includes('\u001b[')).toBe(false);
  });

  it('writes SARIF 2.1.0: one rule per check kind, zero results when all holds', async () => {
    const r = await verify(base, '--format', 'sarif');
    expect(r.code, r.err).toBe(0);
    const sarif = JSON.parse(r.out) as { version: string; runs: { tool: { driver: { rules: { id: string }[] } }; results: unknown[] }[] };
    const validate = sarifValidator();
    expect(validate(sarif), JSON.stringify(validate.errors, null, 2)).toBe(true);
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs).toHaveLength(1);
    const ids = sarif.runs[0].tool.driver.rules.map((x) => x.id);
    expect(ids.sort()).toEqual(['access', 'aks-attach', 'diagnose', 'exfiltration', 'exfiltration-nsg', 'persona', 'private-endpoint', 'public-endpoint', 'required-outbound']);
    expect(sarif.runs[0].results).toEqual([]);
  });

  it("apply ends with verify's verdict line", () => {
    const lines = applyOut.trimEnd().split('\n');
    const at = lines.findIndex((l) => l === 'verify:');
    expect(at, applyOut.slice(-1500)).toBeGreaterThan(0);
    expect(lines[at + 1]).toMatch(new RegExp(`^\\s+holds: ${example.counts.rows} checks \\(required flows, exfiltration probes, personas\\)$`));
  });
});

/** The data scientist custom role as another client reads it. */
async function dataScientistRole(authorization: AuthorizationManagementClient): Promise<RoleDefinition> {
  const roles: RoleDefinition[] = [];
  for await (const r of authorization.roleDefinitions.list(RG_ID, { filter: 'type eq \'CustomRole\'' })) roles.push(r);
  const role = roles.find((r) => /^secure-aml Data Scientist \(/.test(r.roleName ?? ''));
  expect(role, show(roles.map((r) => r.roleName))).toBeDefined();
  return role!;
}

/** The finding's fix is non-empty and names the resource it is about. */
function expectFix(f: Row | undefined, resource: string): void {
  expect(f?.fix, show(f)).toBeTruthy();
  expect(f?.fix).toContain(resource);
}

describe('one environment per defect, changed by another ARM client', () => {
  it('a private subnet without egress: the training subnet loses its route table', async () => {
    const env = await copyEnv(base);
    const { network } = await otherClient(env);
    const subnet = await network.subnets.get(RG, VNET, TRAINING);
    expect(subnet.routeTable?.id).toMatch(/routeTables\/rt-mlsec-dev-egress$/);
    await network.subnets.beginCreateOrUpdateAndWait(RG, VNET, TRAINING, { ...subnet, routeTable: undefined }, POLL);

    const doc = await verifyJson(env, 5);
    const blocked = doc.findings.filter((f) => f.kind === 'required-outbound' && f.subject === TRAINING);
    expect(blocked.length, show(doc.findings)).toBeGreaterThan(0);
    const batch = blocked.find((f) => f.target.startsWith('BatchNodeManagement.westeurope'));
    expect(batch, show(blocked)).toMatchObject({ expected: 'allowed', actual: 'blocked', decidedBy: expect.stringMatching(/^no-egress: .*snet-training/) });
    for (const f of blocked) {
      expect(f.decidedBy, show(f)).toMatch(/^no-egress:/);
      expectFix(f, TRAINING);
    }
    expect(batch?.fix).toMatch(/NAT gateway|Azure Firewall/);
    // The scoring subnet keeps its route to the firewall.
    expect(doc.findings.filter((f) => f.subject === SCORING)).toEqual([]);
  });

  it('the scoring subnet open to regional storage: an NSG rule for Storage.westeurope, a storage service endpoint and no policy', async () => {
    // The old defect: the scoring NSG allowed Storage.<region>, and nothing said which accounts. Another
    // client adds the rule and a Microsoft.Storage service endpoint (no service endpoint policy), and
    // drops the route table (with its 0.0.0.0/0 UDR every address is in VirtualNetwork, and the
    // baseline's AllowVnetOutbound at 100 would decide before any rule another client can add).
    const env = await copyEnv(base);
    const { network } = await otherClient(env);
    const nsg = 'nsg-mlsec-dev-scoring';
    await network.securityRules.beginCreateOrUpdateAndWait(RG, nsg, 'AllowRegionalStorageOutbound', {
      protocol: 'Tcp', access: 'Allow', priority: 200, direction: 'Outbound',
      sourcePortRange: '*', destinationPortRange: '443', sourceAddressPrefix: '*', destinationAddressPrefix: 'Storage.westeurope',
    }, POLL);
    const subnet = await network.subnets.get(RG, VNET, SCORING);
    expect(subnet.serviceEndpoints ?? []).toEqual([]);
    expect(subnet.serviceEndpointPolicies ?? []).toEqual([]);
    await network.subnets.beginCreateOrUpdateAndWait(RG, VNET, SCORING, {
      ...subnet, routeTable: undefined, serviceEndpoints: [{ service: 'Microsoft.Storage', locations: ['westeurope'] }],
    }, POLL);

    const doc = await verifyJson(env, 5);
    const probes = doc.rows.filter((r) => r.kind === 'exfiltration' && r.subject === SCORING);
    const storage = probes.find((f) => /^stexfil\w+\.blob\.core\.windows\.net Tcp\/443$/.test(f.target));
    expect(storage, show(probes)).toMatchObject({ expected: 'blocked', actual: 'allowed', ok: false, decidedBy: expect.stringMatching(/^nsg-rule: AllowRegionalStorageOutbound: /) });
    expect(storage?.decidedById).toMatch(/\/networkSecurityGroups\/nsg-mlsec-dev-scoring\/securityRules\/AllowRegionalStorageOutbound$/);
    expectFix(storage, `remove or narrow NSG rule AllowRegionalStorageOutbound on ${nsg}`);
    // Only the storage paths are open: the other probes have no way out, and neither have the AKS
    // requirements — the firewall's AzureKubernetesService rule included, now that no route leads there.
    // The account's table and queue endpoints are the same storage path.
    const sameAccount = probes.filter((r) => /^stexfil\w+\.(table|queue)\.core\.windows\.net /.test(r.target));
    expect(sameAccount.map((r) => [r.actual, r.decidedBy.split(':')[0]])).toEqual([['allowed', 'nsg-rule'], ['allowed', 'nsg-rule']]);
    expect(probes.filter((r) => r !== storage && !sameAccount.includes(r)).map((r) => r.actual)).toEqual(Array(5).fill('blocked'));
    const tag = doc.findings.find((f) => f.subject === SCORING && f.target === 'FQDN tag AzureKubernetesService Tcp/443');
    expect(tag, show(doc.findings.filter((f) => f.subject === SCORING))).toMatchObject({ actual: 'blocked', decidedBy: expect.stringMatching(/: no-egress: subnet snet-scoring/) });
    expectFix(tag, SCORING);
    // The training subnet, still behind the firewall and its service endpoint policy, holds.
    expect(doc.findings.filter((f) => f.subject === TRAINING)).toEqual([]);
  });

  it('the role with computes/*/write: the data scientist role put back with the old wildcard NotActions', async () => {
    const env = await copyEnv(base);
    const { authorization } = await otherClient(env);
    const role = await dataScientistRole(authorization);
    const exact = ['computes/write', 'computes/delete'].map((a) => `Microsoft.MachineLearningServices/workspaces/${a}`);
    const [perm] = role.permissions!;
    expect(perm.notActions).toEqual(expect.arrayContaining(exact));
    // What is left is the old defect: ARM's '*' in computes/*/write matches computes/<x>/write only.
    const notActions = perm.notActions!.filter((a) => !exact.includes(a));
    expect(notActions).toEqual(expect.arrayContaining(['computes/*/write', 'computes/*/delete'].map((a) => `Microsoft.MachineLearningServices/workspaces/${a}`)));
    await authorization.roleDefinitions.createOrUpdate(RG_ID, role.name!, { ...role, permissions: [{ ...perm, notActions }] });

    const doc = await verifyJson(env, 5);
    const write = doc.findings.filter((f) => f.kind === 'persona' && f.target === 'workspaces/computes/write');
    expect(write.map((f) => f.subject).sort(), show(doc.findings)).toEqual(['Alice Example (data scientist)', 'Data Science Team (data scientist)']);
    for (const f of write) {
      expect(f).toMatchObject({ expected: 'blocked', actual: 'allowed', decidedBy: expect.stringContaining(role.roleName!) });
      expectFix(f, `add NotActions Microsoft.MachineLearningServices/workspaces/computes/write to the data scientist role "${role.roleName!}"`);
    }
    expect(doc.findings.filter((f) => f.kind === 'persona' && f.target === 'workspaces/computes/delete')).toHaveLength(2);
    expect(doc.findings.every((f) => f.kind === 'persona' && /\(data scientist\)$/.test(f.subject)), show(doc.findings)).toBe(true);
  });

  it('AKS with local accounts disabled, attached the v1 way', async () => {
    const env = await copyEnv(base);
    const { containers, arm } = await otherClient(env);
    const cluster = await containers.managedClusters.get(RG, CLUSTER);
    expect(cluster.disableLocalAccounts).toBe(false); // kept for the Azure ML extension
    // The cluster as the tool last wrote it (its PUT body), written again with local accounts disabled:
    // a GET body is no PUT body (read-only profiles the simulator does not take).
    const puts = (await traffic(env.sim)).filter((t) => t.method === 'PUT' && t.status < 300 && /\/managedClusters\/aks-mlsec-dev\?/i.test(t.url));
    const body = puts.at(-1)?.requestBody as { properties: Record<string, unknown> } | undefined;
    expect(body?.properties, 'the tool\'s PUT of the cluster').toBeDefined();
    const apiVersion = new URL(puts.at(-1)!.url).searchParams.get('api-version')!;
    const put = await arm('PUT', cluster.id!, apiVersion, { ...body, properties: { ...body!.properties, disableLocalAccounts: true } });
    expect(put.status, show(put.body)).toBeLessThan(300);
    await until(async () => {
      const c = await containers.managedClusters.get(RG, CLUSTER);
      return c.provisioningState === 'Succeeded' && c.disableLocalAccounts === true ? c : undefined;
    }, 'the cluster update');
    // The v1 attach (computeType AKS) fetches static credentials: Azure accepts the request, and the
    // operation fails (Azure/AML-Kubernetes#261); the compute record stays, Failed.
    const computeId = `${RG_ID}/providers/Microsoft.MachineLearningServices/workspaces/mlw-mlsec-dev/computes/aks-v1`;
    const attach = await arm('PUT', computeId, ML_API, { location: 'westeurope', properties: { computeType: 'AKS', resourceId: cluster.id } });
    expect(attach.status, show(attach.body)).toBeLessThan(300);
    const failed = await until(async () => {
      const r = await arm('GET', computeId, ML_API);
      return r.body?.properties?.provisioningState === 'Failed' ? r.body : undefined;
    }, 'the v1 attach to fail');
    expect(show(failed)).toMatch(/static credential/);

    const doc = await verifyJson(env, 5);
    const attached = doc.findings.filter((f) => f.kind === 'aks-attach');
    const v1 = attached.find((f) => f.subject === 'aks-v1');
    expect(v1, show(doc.findings)).toMatchObject({ target: `AKS attach (v1) of ${CLUSTER}`, actual: 'blocked', decidedBy: expect.stringContaining(`cluster ${CLUSTER} has disableLocalAccounts true`), decidedById: cluster.id });
    expect(v1?.decidedBy).toContain('AML-Kubernetes/issues/261');
    expect(v1?.decidedBy).toContain('Getting static credential is not allowed');
    expectFix(v1, `detach aks-v1 and attach ${CLUSTER} through the Azure ML extension (microsoft.azureml.kubernetes)`);
    expect(v1?.fix).toContain(`set disableLocalAccounts false on ${CLUSTER}`);
    const k8s = attached.find((f) => f.subject === 'scoring-aks');
    expect(k8s, show(attached)).toMatchObject({ target: `Kubernetes compute on ${CLUSTER} (Azure ML extension)`, decidedBy: expect.stringContaining(`cluster ${CLUSTER} has disableLocalAccounts true`), decidedById: cluster.id });
    expectFix(k8s, `set disableLocalAccounts false on ${CLUSTER}`);
  });

  it('an NSG rule allowing Internet on the training NSG: the firewall still decides; without the route the rule is found; with a NAT gateway the probe leaves', async () => {
    const env = await copyEnv(base);
    const { network } = await otherClient(env);
    const nsg = 'nsg-mlsec-dev-training';
    // Priority 100 outbound is the baseline's AllowVnetOutbound, and ARM refuses two rules with one
    // priority and direction (SecurityRuleConflict): 105 is the nearest free one.
    await network.securityRules.beginCreateOrUpdateAndWait(RG, nsg, 'AllowInternetOutbound', {
      protocol: '*', access: 'Allow', priority: 105, direction: 'Outbound',
      sourcePortRange: '*', destinationPortRange: '*', sourceAddressPrefix: '*', destinationAddressPrefix: 'Internet',
    }, POLL);
    const r1 = await verify(env, '-o', 'json');
    const firewalled = JSON.parse(r1.out) as Doc;
    const probe = (d: Doc) => d.rows.find((r) => r.kind === 'exfiltration' && r.subject === TRAINING && r.target === 'example.com Tcp/443');
    // The default route still leads to the firewall, whose default deny stops the probe.
    expect(probe(firewalled), show(firewalled.findings)).toMatchObject({ actual: 'blocked', ok: true, decidedBy: expect.stringMatching(/^firewall-default-deny/) });
    expect(r1.code, show(firewalled.findings)).toBe(0);

    // Now the route goes too: no way out, so the probe is still blocked (no-egress), but the NSG no
    // longer has the 0.0.0.0/0 UDR that put every address in VirtualNetwork — its rule is judged alone.
    const subnet = await network.subnets.get(RG, VNET, TRAINING);
    await network.subnets.beginCreateOrUpdateAndWait(RG, VNET, TRAINING, { ...subnet, routeTable: undefined }, POLL);
    const unrouted = await verifyJson(env, 5);
    expect(probe(unrouted)).toMatchObject({ actual: 'blocked', ok: true, decidedBy: expect.stringMatching(/^no-egress: subnet snet-training/) });
    const rule = unrouted.findings.find((f) => f.kind === 'exfiltration-nsg' && f.subject === TRAINING && f.target.startsWith('example.com'));
    expect(rule, show(unrouted.findings)).toMatchObject({ expected: 'blocked', actual: 'allowed', decidedBy: expect.stringContaining('AllowInternetOutbound: priority 105') });
    expect(rule?.decidedById).toMatch(/\/networkSecurityGroups\/nsg-mlsec-dev-training\/securityRules\/AllowInternetOutbound$/);
    expectFix(rule, `remove or narrow NSG rule AllowInternetOutbound on ${nsg}`);

    // And a NAT gateway gives the subnet its own way out: the probe leaves.
    const pip = await network.publicIPAddresses.beginCreateOrUpdateAndWait(RG, 'pip-other-client', { location: 'westeurope', sku: { name: 'Standard' }, publicIPAllocationMethod: 'Static' }, POLL);
    const nat = await network.natGateways.beginCreateOrUpdateAndWait(RG, 'ng-other-client', { location: 'westeurope', sku: { name: 'Standard' }, publicIpAddresses: [{ id: pip.id }] }, POLL);
    await network.subnets.beginCreateOrUpdateAndWait(RG, VNET, TRAINING, { ...subnet, routeTable: undefined, natGateway: { id: nat.id } }, POLL);
    const open = await verifyJson(env, 5);
    const leaked = added(unrouted, open);
    expect(leaked.find((f) => f.target === 'example.com Tcp/443'), show(leaked)).toMatchObject({
      subject: TRAINING, kind: 'exfiltration', actual: 'allowed', decidedBy: 'route: 0.0.0.0/0 → Internet through NAT gateway ng-other-client', decidedById: nat.id,
    });
    expectFix(probe(open), `${TRAINING} reaches the internet`);
    expect(probe(open)?.fix).toContain('NAT gateway');
  });

  it("the Azure ML extension's own egress: its rule collection removed, the documented Kusto upload opened instead", async () => {
    const env = await copyEnv(base);
    const { network, arm } = await otherClient(env);
    const policies: string[] = [];
    for await (const p of network.firewallPolicies.list(RG)) policies.push(p.name!);
    expect(policies).toHaveLength(1);
    const policyName = policies[0];
    const group = await network.firewallPolicyRuleCollectionGroups.get(RG, policyName, 'secure-aml');
    const collections = group.ruleCollections ?? [];
    expect(collections.map((c) => c.name)).toContain('azureml-extension');
    const scoringPrefix = (await network.subnets.get(RG, VNET, SCORING)).addressPrefix!;
    const kusto = {
      ruleCollectionType: 'FirewallPolicyFilterRuleCollection', name: 'kusto-upload', priority: 320, action: { type: 'Allow' },
      rules: [{ ruleType: 'ApplicationRule', name: 'kusto', sourceAddresses: [scoringPrefix], protocols: [{ protocolType: 'Https', port: 443 }], targetFqdns: ['*.kusto.windows.net', '*.table.core.windows.net', '*.queue.core.windows.net'] }],
    };
    await network.firewallPolicyRuleCollectionGroups.beginCreateOrUpdateAndWait(RG, policyName, 'secure-aml', {
      priority: group.priority, ruleCollections: [...collections.filter((c) => c.name !== 'azureml-extension'), kusto as never],
    }, POLL);

    const doc = await verifyJson(env, 5);
    const dp = doc.findings.find((f) => f.subject === SCORING && f.target === 'westeurope.dp.kubernetesconfiguration.azure.com Tcp/443');
    expect(dp, show(doc.findings)).toMatchObject({ kind: 'required-outbound', actual: 'blocked', decidedBy: expect.stringMatching(/^firewall-default-deny/) });
    expect(dp?.fix).toMatch(/application rule/);
    const leaks = doc.findings.filter((f) => f.kind === 'exfiltration' && f.subject === SCORING).map((f) => f.target.split(' ')[0]);
    expect(leaks, show(doc.findings)).toHaveLength(3);
    expect(leaks).toEqual(expect.arrayContaining([expect.stringMatching(/^stexfil\w+\.queue\.core\.windows\.net$/), expect.stringMatching(/^stexfil\w+\.table\.core\.windows\.net$/), 'exfilprobe.westeurope.kusto.windows.net']));
    for (const f of doc.findings.filter((x) => x.kind === 'exfiltration')) expect(f.decidedBy).toContain('kusto-upload');
    // The example keeps them withheld, with the reason, and never asks for them.
    expect(example.skipped.filter((s) => s.when === 'withheld by secure-aml').map((s) => s.target).sort()).toEqual(['*.kusto.windows.net Tcp/443', '*.queue.core.windows.net Tcp/443', '*.table.core.windows.net Tcp/443']);

    // Azure consults the same egress when the extension is next installed or updated: Helm times out.
    const ext = `${RG_ID}/providers/Microsoft.ContainerService/managedClusters/${CLUSTER}/providers/Microsoft.KubernetesConfiguration/extensions/azureml`;
    const patch = await arm('PATCH', ext, '2024-11-01', { properties: { configurationSettings: { inferenceRouterHA: 'False' } } });
    expect(patch.status, show(patch.body)).toBeLessThan(300);
    const failed = await until(async () => {
      const r = await arm('GET', ext, '2024-11-01');
      return r.body?.properties?.provisioningState === 'Failed' ? r.body : undefined;
    }, 'the extension update to fail');
    expect(show(failed)).toMatch(/Helm installation failed: context deadline exceeded.*westeurope\.dp\.kubernetesconfiguration\.azure\.com/s);
  });

  it('a role stripped of its NotActions: every sensitive action the data scientist role excluded', async () => {
    const env = await copyEnv(base);
    const { authorization } = await otherClient(env);
    const role = await dataScientistRole(authorization);
    await authorization.roleDefinitions.createOrUpdate(RG_ID, role.name!, { ...role, permissions: [{ ...role.permissions![0], notActions: [] }] });

    const doc = await verifyJson(env, 5);
    const targets = [...new Set(doc.findings.map((f) => f.target))].sort();
    // workspaces/write stays blocked: no Action grants it ('workspaces/*/write' needs a segment for the '*').
    expect(targets, show(doc.findings)).toEqual(['workspaces/computes/delete', 'workspaces/computes/write', 'workspaces/privateEndpointConnections/write']);
    for (const f of doc.findings) {
      expect(f).toMatchObject({ kind: 'persona', subject: expect.stringMatching(/\(data scientist\)$/), actual: 'allowed', decidedBy: expect.stringContaining(role.roleName!) });
      expectFix(f, `add NotActions Microsoft.MachineLearningServices/${f.target} to the data scientist role "${role.roleName!}"`);
    }
  });

  it('the storage account opened to all networks: the public-endpoint finding with the fix', async () => {
    const env = await copyEnv(base);
    const { storage } = await otherClient(env);
    const account = example.rows.find((r) => r.kind === 'public-endpoint' && r.target.includes('storage account'))?.target.match(/storage account (\S+)\)/)?.[1];
    expect(account).toBeDefined();
    await storage.storageAccounts.update(RG, account!, { publicNetworkAccess: 'Enabled', networkRuleSet: { defaultAction: 'Allow' } });

    const doc = await verifyJson(env, 5);
    const open = doc.findings.find((f) => f.kind === 'public-endpoint' && f.target.includes(account!));
    expect(open, show(doc.findings)).toMatchObject({ expected: 'blocked', actual: 'allowed', decidedBy: expect.stringContaining('networkAcls default action Allow'), decidedById: expect.stringMatching(new RegExp(`/storageAccounts/${account}$`)) });
    expectFix(open, `publicNetworkAccess Disabled and networkAcls.defaultAction Deny on storage account ${account}`);
    expect(doc.findings, show(doc.findings)).toHaveLength(1);
  });
});

it('defect copies leave the applied example untouched', async () => {
  const again = await verifyJson(base, 0);
  expect(again.counts).toEqual(example.counts);
});
