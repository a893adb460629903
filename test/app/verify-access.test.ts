// verify judges people's access route (access.mode bastion) the way Azure would use it: an environment
// applied once with Bastion and a jumpbox holds; then another ARM client breaks it one way at a time and
// verify names what broke, what decided it and the fix (exit 5).
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { EXAMPLE, ROOT, tmpDir } from '../helpers/cli.js';
import { run, testIo } from '../helpers/test-io.js';
import { copyEnv, FAST, otherClient, POLL, RG, show, verifyJson, type Env } from './verify-helpers.js';

const JUMPBOX_SUBNET = 'snet-jumpbox';
const NIC = 'nic-jb-mlsec-dev';

let base: Env;

beforeAll(async () => {
  const cwd = await tmpDir();
  const doc = YAML.parse(await readFile(EXAMPLE, 'utf8')) as Record<string, Record<string, unknown>>;
  doc.access = { mode: 'bastion' };
  doc.aks.enabled = false;
  const tls = doc.aks.tls as Record<string, string>;
  tls.certFile = path.join(ROOT, 'templates', tls.certFile);
  tls.keyFile = path.join(ROOT, 'templates', tls.keyFile);
  const config = path.join(cwd, 'bastion.yaml');
  await writeFile(config, YAML.stringify(doc));
  base = { cwd, sim: path.join(cwd, 'sim') };
  const io = testIo({ cwd, env: { NO_COLOR: '1' } });
  expect(await run(['apply', '-c', config, '--simulate', base.sim, '-y', '--no-verify', ...FAST], io), io.err()).toBe(0);
}, 120_000);

describe('access.mode bastion: the route people take', () => {
  it('holds as applied: Bastion tunnels to the jumpbox on 22, no public IP, the studio and the private names reachable from the jumpbox', async () => {
    const doc = await verifyJson(base, 0);
    const access = doc.rows.filter((r) => r.kind === 'access');
    expect(access.map((r) => [r.target.replace(/\d+\.\d+\.\d+\.\d+ /, ''), r.ok])).toEqual([
      ['Bastion bas-mlsec-dev tunnelling (az network bastion ssh/rdp)', true],
      ['jumpbox jb-mlsec from the internet (public IP)', true],
      ['jumpbox jb-mlsec Tcp/22', true],
      ['studio ml.azure.com Tcp/443', true],
    ]);
    expect(doc.rows.filter((r) => r.subject === JUMPBOX_SUBNET && r.kind === 'required-outbound').map((r) => r.target)).toEqual(expect.arrayContaining(['login.microsoftonline.com Tcp/443', 'packages.microsoft.com Tcp/443']));
  });

  it('another client gives the jumpbox a public IP: found, with the fix', async () => {
    const env = await copyEnv(base);
    const { network } = await otherClient(env);
    const pip = await network.publicIPAddresses.beginCreateOrUpdateAndWait(RG, 'pip-jumpbox-other', { location: 'westeurope', sku: { name: 'Standard' }, publicIPAllocationMethod: 'Static' }, POLL);
    const nic = await network.networkInterfaces.get(RG, NIC);
    await network.networkInterfaces.beginCreateOrUpdateAndWait(RG, NIC, { ...nic, ipConfigurations: nic.ipConfigurations?.map((c) => ({ ...c, publicIPAddress: { id: pip.id } })) }, POLL);
    const doc = await verifyJson(env, 5);
    const found = doc.findings.find((f) => f.kind === 'access' && /from the internet/.test(f.target));
    expect(found, show(doc.findings)).toMatchObject({ expected: 'blocked', actual: 'allowed', decidedBy: expect.stringMatching(/has public IP pip-jumpbox-other/), fix: expect.stringMatching(/remove public IP pip-jumpbox-other from nic-jb-mlsec-dev/) });
  });

  it('another client drops the jumpbox NSG rule that admits Bastion: the SSH hop is blocked, the NSG named', async () => {
    const env = await copyEnv(base);
    const { network } = await otherClient(env);
    await network.securityRules.beginDeleteAndWait(RG, 'nsg-mlsec-dev-jumpbox', 'AllowBastionInbound', POLL);
    const doc = await verifyJson(env, 5);
    const hop = doc.findings.find((f) => f.kind === 'access' && /Tcp\/22$/.test(f.target));
    expect(hop, show(doc.findings)).toMatchObject({ subject: 'AzureBastionSubnet', actual: 'blocked', decidedBy: expect.stringMatching(/^nsg-rule: .*DenyAllInbound/), fix: expect.stringMatching(/allow Tcp\/22 from AzureBastionSubnet/) });
  });

  it('another client removes the jumpbox rule collection from the firewall policy: sign-in hosts and the studio blocked', async () => {
    const env = await copyEnv(base);
    const { network } = await otherClient(env);
    const group = await network.firewallPolicyRuleCollectionGroups.get(RG, 'afwp-mlsec-dev', 'secure-aml');
    await network.firewallPolicyRuleCollectionGroups.beginCreateOrUpdateAndWait(RG, 'afwp-mlsec-dev', 'secure-aml', {
      priority: group.priority, ruleCollections: group.ruleCollections?.filter((c) => !c.name?.startsWith('jumpbox')),
    }, POLL);
    const doc = await verifyJson(env, 5);
    const blocked = doc.findings.filter((f) => f.subject === JUMPBOX_SUBNET);
    expect(blocked.map((f) => f.target), show(doc.findings)).toEqual(expect.arrayContaining(['login.microsoftonline.com Tcp/443', 'packages.microsoft.com Tcp/443', 'studio ml.azure.com Tcp/443']));
    for (const f of blocked) expect(f.decidedBy, show(f)).toMatch(/^firewall-default-deny/);
    // The compute subnets keep their own collections: only the jumpbox lost its way out.
    expect(doc.findings.filter((f) => f.subject !== JUMPBOX_SUBNET)).toEqual([]);
  });
});
