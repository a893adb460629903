// Issue 14's must-show for access.mode, against the simulator: with bastion and with vpn, apply
// succeeds, verify exits 0 with the access route among its rows, a second apply writes nothing,
// audit is compliant (exemptions aside), teardown leaves nothing of ours. The jumpbox has no public IP.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { EXAMPLE, isWrite, ROOT, runCli, tmpDir, traffic } from '../helpers/cli.js';

const FAST = ['--sim-time-scale', '0.002'];

async function configFor(cwd: string, access: Record<string, unknown>, aks = false): Promise<string> {
  const doc = YAML.parse(await readFile(EXAMPLE, 'utf8')) as Record<string, Record<string, unknown>>;
  doc.access = access;
  doc.aks.enabled = aks;
  const tls = doc.aks.tls as Record<string, string>;
  tls.certFile = path.join(ROOT, 'templates', tls.certFile);
  tls.keyFile = path.join(ROOT, 'templates', tls.keyFile);
  const file = path.join(cwd, `access-${String(access.mode)}.yaml`);
  await writeFile(file, YAML.stringify(doc));
  return file;
}

interface VerifyDoc { counts: { findings: number }; rows: { ok: boolean; kind: string; subject: string; target: string; decidedBy: string; fix: string }[] }
interface DumpEntry { id: string; type: string; tags?: Record<string, string>; properties?: Record<string, unknown> }

async function lifecycle(access: Record<string, unknown>) {
  const cwd = await tmpDir();
  const sim = path.join(cwd, 'sim');
  const config = await configFor(cwd, access);
  const applied = await runCli(['apply', '-c', config, '--simulate', sim, '-y', '--no-verify', '-o', 'json', ...FAST], { cwd });
  expect(applied.code, applied.stderr).toBe(0);
  const dump = JSON.parse((await runCli(['sim', 'dump', '--simulate', sim], { cwd })).stdout) as DumpEntry[];
  const verified = await runCli(['verify', '-e', 'dev', '-c', config, '--simulate', sim, '-o', 'json', ...FAST], { cwd });
  const verdict = JSON.parse(verified.stdout) as VerifyDoc;
  const before = (await traffic(sim)).filter(isWrite).length;
  const again = await runCli(['apply', '-c', config, '--simulate', sim, '-y', '--no-verify', ...FAST], { cwd });
  expect(again.code, again.stderr).toBe(0);
  expect((await traffic(sim)).filter(isWrite).map((t) => `${t.method} ${t.url}`).slice(before)).toEqual([]);
  // Bastion, jumpbox, gateway and resolver are read back and judged against the built-in policies too.
  const audit = await runCli(['audit', '-e', 'dev', '-c', config, '--simulate', sim, ...FAST], { cwd });
  expect(audit.code, audit.stdout + audit.stderr).toBe(0);
  const down = await runCli(['teardown', '-e', 'dev', '--simulate', sim, '-y', '--purge', ...FAST], { cwd });
  expect(down.code, down.stderr).toBe(0);
  const after = JSON.parse((await runCli(['sim', 'dump', '--simulate', sim], { cwd })).stdout) as DumpEntry[];
  expect(after.filter((r) => r.tags?.['secure-aml-env'] === 'dev').map((r) => r.id)).toEqual([]);
  return { applied, verified, verdict, dump };
}

const failed = (v: VerifyDoc) => v.rows.filter((r) => !r.ok).map((r) => `${r.subject} → ${r.target}: ${r.decidedBy} (${r.fix})`);

describe('access modes: apply, verify with the access route, a second apply, teardown', () => {
  it('bastion: Bastion Standard with tunnelling, a jumpbox without public IP that signs in with Entra ID', async () => {
    const { applied, verified, verdict, dump } = await lifecycle({ mode: 'bastion' });
    expect(verified.code, failed(verdict).join('\n')).toBe(0);
    expect(verdict.counts.findings).toBe(0);
    const access = verdict.rows.filter((r) => r.kind === 'access');
    expect(access.map((r) => r.target)).toEqual(expect.arrayContaining([
      expect.stringMatching(/tunnelling/), expect.stringMatching(/from the internet \(public IP\)/), expect.stringMatching(/Tcp\/22$/), 'studio ml.azure.com Tcp/443',
    ]));
    // From the jumpbox: the workspace and notebook names resolve privately, and nothing leaves.
    expect(verdict.rows.some((r) => r.subject === 'snet-jumpbox' && r.kind === 'private-endpoint' && /api\.azureml\.ms/.test(r.target) && r.ok)).toBe(true);
    expect(verdict.rows.some((r) => r.subject === 'snet-jumpbox' && r.kind === 'private-endpoint' && /notebooks\.azure\.net/.test(r.target) && r.ok)).toBe(true);
    expect(verdict.rows.filter((r) => r.subject === 'snet-jumpbox' && r.kind === 'exfiltration').length).toBeGreaterThan(0);
    const vm = dump.find((r) => r.type === 'Microsoft.Compute/virtualMachines');
    expect(vm?.properties).toMatchObject({ securityProfile: { encryptionAtHost: true, securityType: 'TrustedLaunch' } });
    expect(JSON.stringify(vm)).not.toMatch(/adminPassword/);
    const nic = dump.find((r) => r.type === 'Microsoft.Network/networkInterfaces' && /nic-jb-/.test(r.id));
    expect(JSON.stringify(nic?.properties)).not.toMatch(/publicIPAddress/);
    expect(dump.filter((r) => r.type === 'Microsoft.Compute/virtualMachines/extensions').map((r) => r.id)).toEqual([expect.stringMatching(/AADSSHLoginForLinux$/)]);
    const summary = JSON.parse(applied.stdout) as { summary?: Record<string, { command?: string }> };
    expect(JSON.stringify(summary)).toMatch(/az network bastion ssh --name bas-[a-z0-9]+-dev .*--auth-type AAD/);
  }, 180_000);

  it('vpn: a point-to-site gateway with Entra ID and a DNS resolver the clients resolve the private zones through', async () => {
    const { applied, verified, verdict, dump } = await lifecycle({ mode: 'vpn' });
    expect(verified.code, failed(verdict).join('\n')).toBe(0);
    const access = verdict.rows.filter((r) => r.kind === 'access');
    expect(access.some((r) => /point-to-site with Entra ID/.test(r.target) && r.ok)).toBe(true);
    expect(access.some((r) => /DNS resolver inbound .* Udp\/53/.test(r.target) && r.ok)).toBe(true);
    expect(access.some((r) => /api\.azureml\.ms .*DNS via/.test(r.target) && r.ok)).toBe(true);
    expect(access.some((r) => /notebooks\.azure\.net .*DNS via/.test(r.target) && r.ok)).toBe(true);
    const gw = dump.find((r) => r.type === 'Microsoft.Network/virtualNetworkGateways');
    expect(gw?.properties).toMatchObject({ vpnClientConfiguration: { vpnClientProtocols: ['OpenVPN'], vpnAuthenticationTypes: ['AAD'] } });
    expect(JSON.stringify(applied.stdout)).toMatch(/vpn-client generate/);
  }, 180_000);
});

describe('access modes: switching', () => {
  it('bastion, then vpn, then none: plan lists what the change deletes; apply deletes it, subnets and NSGs last, and nothing else', async () => {
    const cwd = await tmpDir();
    const sim = path.join(cwd, 'sim');
    const types = async () => (JSON.parse((await runCli(['sim', 'dump', '--simulate', sim], { cwd })).stdout) as DumpEntry[]).map((r) => r.type);
    const subnets = async () => (JSON.parse((await runCli(['sim', 'dump', '--simulate', sim], { cwd })).stdout) as DumpEntry[])
      .filter((r) => r.type === 'Microsoft.Network/virtualNetworks/subnets').map((r) => r.id.split('/').pop()).sort();
    const apply = async (access: Record<string, unknown>) => {
      const r = await runCli(['apply', '-c', await configFor(cwd, access), '--simulate', sim, '-y', '--no-verify', ...FAST], { cwd });
      expect(r.code, r.stderr.split('\n').filter((l) => !/provisioning…/.test(l)).slice(-15).join('\n')).toBe(0);
      return r;
    };
    await apply({ mode: 'bastion' });
    expect(await types()).toEqual(expect.arrayContaining(['Microsoft.Network/bastionHosts', 'Microsoft.Compute/virtualMachines']));

    const planned = await runCli(['plan', '-c', await configFor(cwd, { mode: 'vpn' }), '--simulate', sim, ...FAST], { cwd });
    expect(planned.stdout).toMatch(/to delete \(turned off\)/);
    expect(planned.stdout).toMatch(/- .*Azure Bastion/);
    const switched = await apply({ mode: 'vpn' });
    expect(switched.stderr).toMatch(/turned off in the config, deleting: .*bastion/);
    const afterVpn = await types();
    expect(afterVpn).not.toContain('Microsoft.Network/bastionHosts');
    expect(afterVpn).not.toContain('Microsoft.Compute/virtualMachines');
    expect(afterVpn).not.toContain('Microsoft.DevTestLab/schedules');
    expect(afterVpn).toEqual(expect.arrayContaining(['Microsoft.Network/virtualNetworkGateways', 'Microsoft.Network/dnsResolvers']));
    expect(await subnets()).toEqual(expect.arrayContaining(['GatewaySubnet', 'snet-dns-inbound']));
    expect(await subnets()).not.toContain('AzureBastionSubnet');

    await apply({ mode: 'none' });
    const afterNone = await types();
    for (const t of ['Microsoft.Network/virtualNetworkGateways', 'Microsoft.Network/dnsResolvers', 'Microsoft.Network/bastionHosts']) expect(afterNone).not.toContain(t);
    expect(await subnets()).toEqual(['AzureFirewallSubnet', 'snet-pe', 'snet-scoring', 'snet-training']); // the hub's, and the spoke's three
    expect(afterNone).toContain('Microsoft.MachineLearningServices/workspaces');
    const again = await runCli(['plan', '-c', await configFor(cwd, { mode: 'none' }), '--simulate', sim, '--detailed-exitcode', ...FAST], { cwd });
    expect(again.code, again.stdout).toBe(0);
  }, 240_000);
});

describe('access modes: the jumpbox credential', () => {
  it('windows: the generated admin password goes only into the create call (masked in the traffic log), never into state, output or the cloud', async () => {
    const cwd = await tmpDir();
    const sim = path.join(cwd, 'sim');
    const config = await configFor(cwd, { mode: 'bastion', jumpbox: { os: 'windows' } });
    const planned = await runCli(['plan', '-c', config, '--simulate', sim, '-o', 'json', ...FAST], { cwd });
    const applied = await runCli(['apply', '-c', config, '--simulate', sim, '-y', '--no-verify', '--debug', ...FAST], { cwd });
    expect(applied.code, applied.stderr.slice(-2000)).toBe(0);
    const create = (await traffic(sim)).find((t) => t.method === 'PUT' && /virtualMachines\/jb-mlsec\?/.test(t.url));
    expect(JSON.stringify(create)).toMatch(/"adminPassword":"REDACTED"/);
    const state = await readFile(path.join(cwd, '.secure-aml', 'dev.state.json'), 'utf8');
    const cloud = await readFile(path.join(sim, 'cloud.json'), 'utf8');
    for (const [where, text] of [['plan', planned.stdout + planned.stderr], ['apply', applied.stdout + applied.stderr], ['state', state], ['cloud', cloud]]) {
      expect(text, where).not.toMatch(/adminPassword/);
    }
  }, 120_000);
});

describe('access modes: refused before any call', () => {
  it('bastion without egress firewall exits 2 naming access.mode and network.egress', async () => {
    const cwd = await tmpDir();
    const config = await configFor(cwd, { mode: 'bastion' });
    const doc = YAML.parse(await readFile(config, 'utf8')) as Record<string, Record<string, unknown>>;
    doc.network.egress = 'nat';
    await writeFile(config, YAML.stringify(doc));
    const r = await runCli(['plan', '-c', config, '--simulate', path.join(cwd, 'sim'), ...FAST], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/access\.mode/);
    expect(r.stderr).toMatch(/network\.egress/);
  });

  it('a VPN client pool inside the VNet exits 2 naming access.vpn.clientAddressPool', async () => {
    const cwd = await tmpDir();
    const config = await configFor(cwd, { mode: 'vpn', vpn: { clientAddressPool: '10.0.200.0/24' } });
    const r = await runCli(['plan', '-c', config, '--simulate', path.join(cwd, 'sim'), ...FAST], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/access\.vpn\.clientAddressPool.*overlaps network\.addressSpace/s);
  });
});
