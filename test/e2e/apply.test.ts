// The walking skeleton as a user meets it: the built binary against the embedded simulator.
import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, EXAMPLE, isWrite, runCli, tmpDir, traffic } from '../helpers/cli.js';

const FAST = ['--sim-time-scale', '0.002'];

describe('apply against the simulator', () => {
  let cwd: string;
  let sim: string;
  let first: Awaited<ReturnType<typeof runCli>>;

  beforeAll(async () => {
    cwd = await tmpDir();
    sim = path.join(cwd, 'sim');
    first = await runCli(['apply', '-c', EXAMPLE, '--simulate', sim, '-y', ...FAST], { cwd });
  });

  it('succeeds and prints a summary of what exists on stdout, progress on stderr', () => {
    expect(first.stderr).toContain('SIMULATION');
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/apply: environment "dev" in westeurope .*: succeeded/);
    expect(first.stdout).toMatch(/^resource group rg-mlsec-dev \(subscription [0-9a-f-]{36}\)$/m);
    expect(first.stdout).toMatch(/^ {2}\+ Virtual network and subnets +created +virtualNetworks vnet-mlsec-dev$/m);
    expect(first.stdout).not.toContain('SIMULATION:');
  });

  it('leaves a 0600 state file that records every step as done', async () => {
    const file = path.join(cwd, '.secure-aml', 'dev.state.json');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const state = JSON.parse(await readFile(file, 'utf8'));
    expect(Object.values(state.steps).every((s) => (s as { status: string }).status === 'done')).toBe(true);
    expect(state.steps.vnet.created).toBe(true);
  });

  it('creates the secure network: no default outbound access, NSGs with deny-all outbound at 4096', async () => {
    const dump = await runCli(['sim', 'dump', '--simulate', sim], { cwd });
    expect(dump.code).toBe(0);
    const resources = JSON.parse(dump.stdout) as { type: string; name: string; tags?: Record<string, string>; properties: Record<string, unknown> }[];
    const vnet = resources.find((r) => r.type === 'Microsoft.Network/virtualNetworks')!;
    expect(vnet.tags?.['secure-aml-env']).toBe('dev');
    const subnets = vnet.properties.subnets as { name: string; properties: Record<string, unknown> }[];
    expect(subnets.map((s) => s.name).sort()).toEqual(['snet-pe', 'snet-scoring', 'snet-training']);
    for (const s of subnets) expect(s.properties.defaultOutboundAccess).toBe(false);
    const training = subnets.find((s) => s.name === 'snet-training')!;
    expect((training.properties.serviceEndpoints as { service: string }[]).map((e) => e.service)).toEqual(['Microsoft.Storage']);
    expect((training.properties.networkSecurityGroup as { id: string }).id).toMatch(/networkSecurityGroups\/nsg-/);
    const nsgs = resources.filter((r) => r.type === 'Microsoft.Network/networkSecurityGroups');
    // training, scoring and the private-endpoint subnet (every subnet has an NSG).
    expect(nsgs).toHaveLength(3);
    for (const nsg of nsgs) {
      const rules = nsg.properties.securityRules as { name: string; properties: Record<string, unknown> }[];
      const deny = rules.find((r) => r.name === 'DenyAllOutbound')!;
      expect(deny.properties).toMatchObject({ access: 'Deny', direction: 'Outbound', priority: 4096, destinationAddressPrefix: '*' });
      // No inbound allow from outside the VNet without public-IP compute.
      const inboundAllows = rules.filter((r) => r.properties.direction === 'Inbound' && r.properties.access === 'Allow');
      expect(inboundAllows.map((r) => r.properties.sourceAddressPrefix)).toEqual(['VirtualNetwork']);
    }
  });

  it('a second apply with the same config writes nothing', async () => {
    const before = (await traffic(sim)).length;
    const again = await runCli(['apply', '-c', EXAMPLE, '--simulate', sim, '-y', ...FAST], { cwd });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/0 created, 0 updated, \d+ in sync, 0 failed/);
    const added = (await traffic(sim)).slice(before);
    expect(added.length).toBeGreaterThan(0);
    expect(added.filter(isWrite)).toEqual([]);
  });

  it('-o json prints exactly one JSON document with status, steps and next', async () => {
    const r = await runCli(['apply', '-c', EXAMPLE, '--simulate', sim, '-y', '-o', 'json', ...FAST], { cwd });
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.status).toBe('succeeded');
    expect(doc.steps.map((s: { id: string }) => s.id)).toContain('vnet');
    expect(Array.isArray(doc.next)).toBe(true);
    // Full ids stay in -o json.
    expect(doc.steps.find((s: { id: string }) => s.id === 'vnet').resourceId).toMatch(/^\/subscriptions\/.+\/providers\/Microsoft\.Network\/virtualNetworks\/vnet-mlsec-dev$/);
  });
});

describe('bad input', () => {
  it('an invalid config exits 2, names every bad field, and calls nothing', async () => {
    const cwd = await tmpDir();
    const sim = path.join(cwd, 'sim');
    const file = path.join(cwd, 'bad.yaml');
    await writeFile(file, [
      'name: mlsec', 'subscriptionId: 00000000-0000-0000-0000-000000000000', 'location: westeurope',
      'network:', '  addressSpace: 10.0.0.0/16', '  subnets:', '    training: 10.0.0.0/33', '    scoring: 10.1.0.0/24', '    privateEndpoints: 10.0.3.0/24',
      'storage:', '  name: Not_Valid',
    ].join('\n'));
    const r = await runCli(['apply', '-c', file, '--simulate', sim, '-y'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('network.subnets.training: "10.0.0.0/33" is not a CIDR');
    expect(r.stderr).toMatch(/network\.subnets\.scoring: .*10\.1\.0\.0\/24.*(outside|not inside)/);
    expect(r.stderr).toMatch(/storage\.name: "Not_Valid"/);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(await traffic(sim)).toEqual([]);
  });

  it('refuses to apply without -y when there is no terminal, before any call', async () => {
    const cwd = await tmpDir();
    const sim = path.join(cwd, 'sim');
    const r = await runCli(['apply', '-c', EXAMPLE, '--simulate', sim], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('-y');
    expect(await traffic(sim)).toEqual([]);
  });

  it('an unknown flag is a usage error (exit 2)', async () => {
    const r = await runCli(['apply', '--frobnicate'], { cwd: await tmpDir() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown option '--frobnicate'");
  });
});

describe('--help', () => {
  it('shows examples on every command and loads no @azure package', async () => {
    const cwd = await tmpDir();
    const trace = path.join(cwd, 'trace.txt');
    await writeFile(trace, '');
    const hooks = path.join(path.dirname(EXAMPLE), '..', 'test/fixtures/trace-azure-imports.mjs');
    for (const args of [['--help'], ['apply', '--help'], ['resume', '--help'], ['sim', 'dump', '--help']]) {
      const r = await runCli(args, { cwd, env: cleanEnv({ TRACE_FILE: trace }), nodeArgs: ['--import', hooks] });
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('Examples:');
    }
    expect(await readFile(trace, 'utf8')).toBe('');
  });

  it('the import tracer does see @azure when a command needs it (the check can fail)', async () => {
    const cwd = await tmpDir();
    const trace = path.join(cwd, 'trace.txt');
    await writeFile(trace, '');
    const hooks = path.join(path.dirname(EXAMPLE), '..', 'test/fixtures/trace-azure-imports.mjs');
    const r = await runCli(['apply', '-c', EXAMPLE, '--simulate', path.join(cwd, 'sim'), '-y', ...FAST], { cwd, env: cleanEnv({ TRACE_FILE: trace }), nodeArgs: ['--import', hooks] });
    expect(r.code, r.stderr).toBe(0);
    expect(await readFile(trace, 'utf8')).toContain('@azure/arm-network');
  });
});
