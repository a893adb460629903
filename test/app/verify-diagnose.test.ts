// verify asks Azure ML to diagnose the workspace (POST .../diagnose) and turns its Errors into failing
// 'diagnose' rows (Warnings hold, as notes). The applied example: every diagnose row holds. One defect per
// copy of it, made by another ARM client, and verify names the diagnose code that failed, with exit 5.
import path from 'node:path';
import { PrivateDnsManagementClient } from '@azure/arm-privatedns';
import { beforeAll, describe, expect, it } from 'vitest';
import { simHttpClient } from '../../src/azure/sim-http-client.js';
import { EXAMPLE, tmpDir } from '../helpers/cli.js';
import { run, testIo } from '../helpers/test-io.js';
import { copyEnv, FAST, otherClient, POLL, RG, SUB, show, verifyJson, type Doc, type Env } from './verify-helpers.js';

const VNET = 'vnet-mlsec-dev';
const TRAINING = 'snet-training';

let base: Env;
let example: Doc;

beforeAll(async () => {
  const cwd = await tmpDir();
  base = { cwd, sim: path.join(cwd, 'sim') };
  const io = testIo({ cwd, env: { NO_COLOR: '1' } });
  expect(await run(['apply', '-c', EXAMPLE, '--simulate', base.sim, '-y', '--no-verify', ...FAST], io), io.err()).toBe(0);
  example = await verifyJson(base, 0);
}, 120_000);

const diagnoseRows = (d: Doc) => d.rows.filter((r) => r.kind === 'diagnose');

describe('verify: the workspace diagnose API', () => {
  it('the example: one holding row per diagnose category, in the required section', () => {
    const rows = diagnoseRows(example);
    expect(rows.length, show(rows)).toBeGreaterThanOrEqual(9);
    for (const r of rows) {
      expect(r, show(r)).toMatchObject({ section: 'required', ok: true, fix: '', subject: expect.stringMatching(/^workspace diagnose: /), decidedBy: expect.stringMatching(/^workspace diagnose: /) });
    }
    expect(new Set(rows.map((r) => r.subject)).size).toBe(9);
  });

  it('the training subnet loses its route table: a failing diagnose row with the UDR code', async () => {
    const env = await copyEnv(base);
    const { network } = await otherClient(env);
    const subnet = await network.subnets.get(RG, VNET, TRAINING);
    await network.subnets.beginCreateOrUpdateAndWait(RG, VNET, TRAINING, { ...subnet, routeTable: undefined }, POLL);
    const doc = await verifyJson(env, 5);
    const failed = doc.findings.filter((f) => f.kind === 'diagnose');
    expect(failed.length, show(doc.findings)).toBeGreaterThan(0);
    expect(failed[0]).toMatchObject({
      section: 'required', subject: 'workspace diagnose: user-defined routes', target: 'UdrMissingOutboundRoute', ok: false, actual: 'blocked',
      decidedBy: expect.stringMatching(new RegExp(`^workspace diagnose: UdrMissingOutboundRoute: .*${TRAINING}`)), fix: expect.stringMatching(/route|NAT gateway/),
    });
  });

  it("the workspace endpoint's A record is deleted: a failing diagnose row with the DNS code", async () => {
    const env = await copyEnv(base);
    const { simulator } = await otherClient(env);
    const dns = new PrivateDnsManagementClient({ getToken: async () => ({ token: 't', expiresOnTimestamp: Date.now() + 3_600_000 }) }, SUB, { httpClient: await simHttpClient(simulator) });
    const zone = 'privatelink.api.azureml.ms';
    const records = [];
    for await (const r of dns.recordSets.listByType(RG, zone, 'A')) records.push(r);
    const ws = records.find((r) => /\.workspace\.westeurope$/.test(r.name ?? ''));
    await dns.recordSets.delete(RG, zone, 'A', ws?.name as string);
    const doc = await verifyJson(env, 5);
    const failed = doc.findings.filter((f) => f.kind === 'diagnose');
    expect(failed.length, show(doc.findings)).toBeGreaterThan(0);
    expect(failed.every((f) => f.target === 'DnsResolutionFailure'), show(failed)).toBe(true);
    expect(failed[0]).toMatchObject({ subject: 'workspace diagnose: DNS resolution', decidedBy: expect.stringMatching(/^workspace diagnose: DnsResolutionFailure: .*workspace\.westeurope\.api\.azureml\.ms/), fix: expect.stringMatching(/A record/) });
  });
});
