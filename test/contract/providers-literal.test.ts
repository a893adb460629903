// Provider registration reads (`GET /subscriptions/{id}/providers/{namespace}`) in the contract check:
// oav 4.0.3 looks Providers_Get up under the namespace in the URL, so scripts/contract/overlays.mjs gives
// it a copy of resources.json per namespace with that namespace written into the path. These tests run
// the real oav on such a copy: a body as the simulator sends it passes, a wrong one is reported.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM script without types
import * as convert from '../../scripts/contract/convert.mjs';
// @ts-expect-error plain ESM script without types
import * as oav from '../../scripts/contract/oav.mjs';
// @ts-expect-error plain ESM script without types
import * as overlays from '../../scripts/contract/overlays.mjs';
// @ts-expect-error plain ESM script without types
import * as specs from '../../scripts/contract/specs.mjs';

const SPEC_ROOT: string = specs.SPEC_ROOT;
const SUB = '00000000-0000-0000-0000-000000000000';
const ARM = 'https://management.azure.com';
const RESOURCES = path.join(SPEC_ROOT, 'resources/resource-manager/Microsoft.Resources/stable/2025-04-01');

/** A registration read as traffic.jsonl records it (body shaped like the simulator's, src/simulator/providers/resources.ts). */
function registration(ns: string, body: Record<string, unknown> = {}) {
  return {
    method: 'GET',
    url: `${ARM}/subscriptions/${SUB}/providers/${ns}?api-version=2025-04-01`,
    requestHeaders: { accept: 'application/json', authorization: 'REDACTED' },
    requestBody: null,
    status: 200,
    responseHeaders: { 'content-type': 'application/json; charset=utf-8' },
    responseBody: {
      id: `/subscriptions/${SUB}/providers/${ns}`,
      namespace: ns,
      registrationState: 'Registered',
      registrationPolicy: 'RegistrationRequired',
      resourceTypes: [{ resourceType: 'storageAccounts', locations: ['westeurope'], apiVersions: ['2025-08-01'] }],
      ...body,
    },
  };
}

function literalFor(ns: string) {
  const index = convert.loadSpecIndex(SPEC_ROOT);
  const c = convert.classifyExchange(registration(ns), index, { specRoot: SPEC_ROOT });
  expect(c.validate).toBe(true);
  return c.literal;
}

describe('Providers_Get with the namespace written into its path', () => {
  it('copies the operation under the literal path, without the parameter it replaces, and nothing else', () => {
    const file = path.join(RESOURCES, 'resources.json');
    const json = JSON.parse(readFileSync(file, 'utf8'));
    const out = overlays.literalizedSwagger(json, file, [literalFor('Microsoft.Storage')]);
    expect(Object.keys(out.paths)).toEqual(['/subscriptions/{subscriptionId}/providers/Microsoft.Storage']);
    const op = out.paths['/subscriptions/{subscriptionId}/providers/Microsoft.Storage'].get;
    const original = json.paths['/subscriptions/{subscriptionId}/providers/{resourceProviderNamespace}'].get;
    expect(op.operationId).toBe('Providers_Get');
    expect(op.parameters).toEqual(original.parameters.filter((p: { name?: string }) => p.name !== 'resourceProviderNamespace'));
    // the schemas the bodies are validated against are the upstream ones, unchanged
    expect(op.responses).toEqual(original.responses);
    expect(out.definitions).toEqual(json.definitions);
    expect(out.parameters).toEqual(json.parameters);
    expect(out['x-ms-paths']).toBeUndefined();
  });

  it('oav validates the registration body unchanged: the simulator\'s passes, a wrong type is reported', async () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'contract-providers-'));
    const ns = ['Microsoft.Storage', 'Microsoft.Network'];
    const { dir, files } = overlays.overlayLiteralNamespace({ specRoot: SPEC_ROOT, specDir: RESOURCES, literals: ns.map(literalFor), root: path.join(tmp, 'specification') });
    expect(files).toEqual(['resources.microsoft.network.json', 'resources.microsoft.storage.json']);
    const traffic = path.join(tmp, 'traffic');
    mkdirSync(traffic);
    const write = (name: string, line: object) => writeFileSync(path.join(traffic, name), JSON.stringify(convert.toOavTraffic(line)));
    write('00000.json', registration('Microsoft.Storage'));
    write('00001.json', registration('Microsoft.Network', { registrationState: 5 }));
    write('00002.json', registration('Microsoft.Storage', { resourceTypes: 'storageAccounts' }));
    const r = await oav.runOav({ trafficDir: traffic, specPath: dir, logFile: path.join(tmp, 'oav.log') });
    expect(r.code === 0 || r.code === 1).toBe(true);
    expect(oav.parseOavStdout(r.stdout).undefinedOps).toEqual([]);
    const results = oav.parseOavStderr(r.stderr).results;
    const byFile = new Map(results.map((x: { payloadFilePath: string }) => [path.basename(x.payloadFilePath), x]));
    expect([...byFile.keys()].sort()).toEqual(['00001.json', '00002.json']);
    expect(byFile.get('00001.json')).toMatchObject({
      operationInfo: { operationId: 'Providers_Get' },
      errors: [{ code: 'INVALID_TYPE', issueSource: 'response', jsonPathsInPayload: ['$.registrationState'] }],
    });
    expect(byFile.get('00002.json')).toMatchObject({ errors: [{ code: 'INVALID_TYPE', jsonPathsInPayload: ['$.resourceTypes'] }] });
    // the overlay sits beside symlinks to the fixture, so every relative $ref resolves as upstream
    expect(readdirSync(path.join(tmp, 'specification')).sort()).toEqual(readdirSync(SPEC_ROOT).sort());
  }, 120_000);
});
