// The contract check's converter (scripts/contract/convert.mjs): traffic.jsonl line -> oav traffic file,
// and the grouping of exchanges by the spec that oav 4.0.3 will match them against.
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM script without types
import * as convert from '../../scripts/contract/convert.mjs';
// @ts-expect-error plain ESM script without types
import * as oav from '../../scripts/contract/oav.mjs';
// @ts-expect-error plain ESM script without types
import * as specs from '../../scripts/contract/specs.mjs';
// @ts-expect-error plain ESM script without types
import * as sup from '../../scripts/contract/suppressions.mjs';

const {
  toOavTraffic, oavUrl, buildSpecIndex, loadSpecIndex, classifyExchange, groupExchanges, resourceTypeOf, summarizeSkipped,
} = convert;

const SUB = '00000000-0000-0000-0000-000000000000';
const ARM = 'https://management.azure.com';
// The specs `npm run contract` uses: in the repository (test/fixtures/azure-rest-api-specs).
const SPEC_ROOT: string = specs.SPEC_ROOT;
const REPO = path.resolve(import.meta.dirname, '../..');

function line(over: Record<string, unknown> = {}) {
  return {
    time: '2026-01-01T00:00:00.000Z',
    method: 'PUT',
    url: `${ARM}/subscriptions/${SUB}/resourceGroups/rg1/providers/Microsoft.Network/virtualNetworks/vnet1?api-version=2025-05-01`,
    requestHeaders: { 'content-type': 'application/json', authorization: 'REDACTED', 'x-ms-client-request-id': 'abc' },
    requestBody: { location: 'westeurope', properties: { addressSpace: { addressPrefixes: ['10.0.0.0/16'] } } },
    status: 201,
    responseHeaders: { 'content-type': 'application/json; charset=utf-8', 'azure-asyncoperation': `${ARM}/subscriptions/${SUB}/providers/Microsoft.Network/locations/westeurope/operations/op1?api-version=2025-05-01` },
    responseBody: { id: `/subscriptions/${SUB}/resourceGroups/rg1/providers/Microsoft.Network/virtualNetworks/vnet1`, name: 'vnet1' },
    durationMs: 3,
    ...over,
  };
}

describe('toOavTraffic', () => {
  it('turns one traffic.jsonl line into oav liveRequest/liveResponse with a string status code', () => {
    const l = line();
    const out = toOavTraffic(JSON.stringify(l));
    expect(out).toEqual({
      liveRequest: {
        url: l.url,
        method: 'PUT',
        headers: { 'content-type': 'application/json', 'x-ms-client-request-id': 'abc' },
        body: l.requestBody,
      },
      liveResponse: {
        statusCode: '201',
        headers: { 'content-type': 'application/json; charset=utf-8', 'azure-asyncoperation': l.responseHeaders['azure-asyncoperation'] },
        body: l.responseBody,
      },
    });
  });

  it('maps header values to strings and drops credential headers', () => {
    const out = toOavTraffic(line({ requestHeaders: { 'retry-count': 2, Authorization: 'Bearer x', 'x-list': ['a', 'b'] }, responseHeaders: { 'retry-after': 5 } }));
    expect(out.liveRequest.headers).toEqual({ 'retry-count': '2', 'x-list': 'a, b' });
    expect(out.liveResponse.headers).toEqual({ 'retry-after': '5' });
  });

  it('leaves bodies out when there are none, and keeps a non-JSON request body as text', () => {
    const del = toOavTraffic(line({ method: 'delete', requestBody: null, status: 204, responseBody: null }));
    expect(del.liveRequest).not.toHaveProperty('body');
    expect(del.liveRequest.method).toBe('DELETE');
    expect(del.liveResponse).toEqual({ statusCode: '204', headers: expect.any(Object) });
    const bad = toOavTraffic(line({ requestBody: null, requestBodyText: '{not json' }));
    expect(bad.liveRequest.body).toBe('{not json');
  });

  it('keeps management.azure.com URLs; only a doubled leading slash (SDK getById) becomes one', () => {
    const u = `${ARM}//subscriptions/${SUB}/resourceGroups/rg1/providers/Microsoft.KeyVault/vaults/kv1?api-version=2026-02-01`;
    expect(toOavTraffic(line({ url: u })).liveRequest.url).toBe(`${ARM}/subscriptions/${SUB}/resourceGroups/rg1/providers/Microsoft.KeyVault/vaults/kv1?api-version=2026-02-01`);
    const plain = `${ARM}/subscriptions/${SUB}/resourcegroups/rg1?api-version=2025-04-01`;
    expect(oavUrl(plain)).toBe(plain);
  });
});

// A tiny spec set shaped like the real ones: a provider spec, a `{scope}` extension spec and a
// private-DNS-like pair of paths that oav 4.0.3 finds ambiguous.
const FIXTURE = [
  {
    file: '/specs/network/resource-manager/Microsoft.Network/stable/2025-05-01/virtualNetwork.json',
    json: {
      info: { version: '2025-05-01' },
      paths: {
        '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Network/virtualNetworks/{virtualNetworkName}': {
          put: { operationId: 'VirtualNetworks_CreateOrUpdate' }, get: { operationId: 'VirtualNetworks_Get' },
        },
      },
    },
  },
  {
    file: '/specs/authorization/resource-manager/Microsoft.Authorization/stable/2022-04-01/authorization-RoleAssignmentsCalls.json',
    json: {
      info: { version: '2022-04-01' },
      parameters: { Scope: { name: 'scope', in: 'path', required: true, type: 'string', 'x-ms-skip-url-encoding': true } },
      paths: {
        '/{scope}/providers/Microsoft.Authorization/roleAssignments/{roleAssignmentName}': {
          put: { operationId: 'RoleAssignments_Create', parameters: [{ $ref: '#/parameters/Scope' }, { name: 'roleAssignmentName', in: 'path', type: 'string' }] },
        },
      },
    },
  },
  {
    file: '/specs/privatedns/resource-manager/Microsoft.Network/stable/2020-06-01/privatedns.json',
    json: {
      info: { version: '2020-06-01' },
      paths: {
        '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Network/privateDnsZones/{privateZoneName}/virtualNetworkLinks/{virtualNetworkLinkName}': {
          put: { operationId: 'VirtualNetworkLinks_CreateOrUpdate' },
        },
        '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Network/privateDnsZones/{privateZoneName}/{recordType}/{relativeRecordSetName}': {
          put: { operationId: 'RecordSets_CreateOrUpdate', parameters: [{ name: 'recordType', in: 'path', type: 'string', enum: ['A', 'AAAA', 'CNAME'] }] },
        },
      },
    },
  },
];

describe('spec grouping', () => {
  const index = buildSpecIndex(FIXTURE);
  const rg = `${ARM}/subscriptions/${SUB}/resourceGroups/rg1`;

  it('puts an exchange under the folder of the spec whose operation oav will match', () => {
    const c = classifyExchange(line(), index, { specRoot: '/specs' });
    expect(c).toMatchObject({ validate: true, group: 'network/resource-manager/Microsoft.Network/stable/2025-05-01' });
    expect(c.op.operationId).toBe('VirtualNetworks_CreateOrUpdate');
    const get = classifyExchange(line({ method: 'GET', url: `${ARM}//subscriptions/${SUB}/resourceGroups/rg1/providers/Microsoft.Network/virtualNetworks/v?api-version=2025-05-01` }), index, { specRoot: '/specs' });
    expect(get.op.operationId).toBe('VirtualNetworks_Get');
  });

  it('matches extension resources at any scope through the leading {scope} parameter', () => {
    const url = `${rg}/providers/Microsoft.KeyVault/vaults/kv1/providers/Microsoft.Authorization/roleAssignments/6b2f?api-version=2022-04-01`;
    const c = classifyExchange(line({ url }), index, { specRoot: '/specs' });
    expect(c.validate).toBe(true);
    expect(c.op.operationId).toBe('RoleAssignments_Create');
  });

  it('lists api-versions without a spec, unknown paths and polling as not validated, with type and version', () => {
    const mi = classifyExchange(line({ url: `${rg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id1?api-version=2024-11-30` }), index);
    expect(mi).toMatchObject({ validate: false, type: 'Microsoft.ManagedIdentity/userAssignedIdentities', apiVersion: '2024-11-30' });
    const otherVersion = classifyExchange(line({ url: `${rg}/providers/Microsoft.Network/virtualNetworks/v?api-version=2024-05-01` }), index);
    expect(otherVersion).toMatchObject({ validate: false, apiVersion: '2024-05-01' });
    const nic = classifyExchange(line({ url: `${rg}/providers/Microsoft.Network/networkInterfaces/n?api-version=2025-05-01` }), index);
    expect(nic.validate).toBe(false);
    expect(nic.reason).toMatch(/no PUT operation/);
    const poll = classifyExchange(line({ method: 'GET', url: `${ARM}/subscriptions/${SUB}/providers/Microsoft.Network/locations/westeurope/operations/op1?api-version=2025-05-01` }), index);
    expect(poll).toMatchObject({ validate: false, reason: expect.stringMatching(/polling/) });
    const mlPoll = classifyExchange(line({ method: 'GET', url: `${ARM}/subscriptions/${SUB}/providers/Microsoft.MachineLearningServices/locations/westeurope/computeOperationsStatus/op1?api-version=2022-10-01` }), index);
    expect(mlPoll).toMatchObject({ validate: false, reason: expect.stringMatching(/polling/) });
    const fault = classifyExchange(line({ fault: '503', status: 503 }), index);
    expect(fault).toMatchObject({ validate: false, reason: 'injected fault (503)' });
  });

  it('picks the one operation whose path enums admit the URL where oav sees two, and records the other', () => {
    const url = `${rg}/providers/Microsoft.Network/privateDnsZones/privatelink.vaultcore.azure.net/virtualNetworkLinks/link1?api-version=2020-06-01`;
    const c = classifyExchange(line({ url }), index, { specRoot: '/specs' });
    expect(c.validate).toBe(true);
    expect(c.group).toBe('privatedns/resource-manager/Microsoft.Network/stable/2020-06-01 (disambiguated)');
    expect(c.op.operationId).toBe('VirtualNetworkLinks_CreateOrUpdate');
    expect(c.shadowed.map((o: { operationId: string }) => o.operationId)).toEqual(['RecordSets_CreateOrUpdate']);
    const rec = classifyExchange(line({ url: url.replace('virtualNetworkLinks', 'A') }), index, { specRoot: '/specs' });
    expect(rec.op.operationId).toBe('RecordSets_CreateOrUpdate');
  });

  it('groups a whole traffic log: every line lands in exactly one group or in the skipped list', () => {
    const lines = [
      line(),
      line({ method: 'GET', status: 200 }),
      line({ method: 'GET', url: line().responseHeaders['azure-asyncoperation'], requestBody: null, status: 200 }),
      line({ url: `${rg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id1?api-version=2024-11-30` }),
      line({ url: `${rg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id2?api-version=2024-11-30` }),
    ];
    const { groups, skipped } = groupExchanges(lines, index, { specRoot: '/specs' });
    const grouped = [...groups.values()].flatMap((g: { items: { index: number }[] }) => g.items.map((i) => i.index));
    expect(grouped).toEqual([0, 1]);
    expect(skipped.map((s: { index: number }) => s.index)).toEqual([2, 3, 4]);
    expect(summarizeSkipped(skipped)).toEqual([
      'not validated: Microsoft.ManagedIdentity/userAssignedIdentities 2024-11-30 (2 exchanges) — no spec for this api-version in the contract\'s specs',
      'not validated: Microsoft.Network operation polling 2025-05-01 (1 exchange) — LRO polling URL (not an operation in the specs)',
    ]);
  });

  it('names resource types, extension scopes and the ARM endpoints', () => {
    expect(resourceTypeOf(`${ARM}/subscriptions/${SUB}?api-version=2022-12-01`)).toBe('Microsoft.Resources/subscriptions');
    expect(resourceTypeOf(`${ARM}/subscriptions/${SUB}/providers/Microsoft.Storage?api-version=2025-04-01`)).toBe('Microsoft.Resources/providers (registration)');
    expect(resourceTypeOf(`${rg}?api-version=2025-04-01`)).toBe('Microsoft.Resources/resourceGroups');
    expect(resourceTypeOf(`${rg}/providers/Microsoft.Authorization/roleDefinitions/x?api-version=2022-04-01`)).toBe('Microsoft.Authorization/roleDefinitions @ resource group scope');
    expect(resourceTypeOf(`${rg}/providers/Microsoft.KeyVault/vaults/kv/providers/Microsoft.Insights/diagnosticSettings/d?api-version=2021-05-01-preview`)).toBe('Microsoft.Insights/diagnosticSettings @ resource scope');
    expect(resourceTypeOf(`${rg}/providers/Microsoft.MachineLearningServices/workspaces/w/computes/c?api-version=2025-06-01`)).toBe('Microsoft.MachineLearningServices/workspaces/computes');
  });
});

describe('the spec fixture (test/fixtures/azure-rest-api-specs)', () => {
  const walk = (d: string): string[] => readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]));

  it('lives in the repository', () => {
    expect(path.relative(REPO, SPEC_ROOT)).toBe(path.join('test', 'fixtures', 'azure-rest-api-specs', 'specification'));
  });

  it('holds exactly the seeds the contract needs and the closure of their $refs', () => {
    const { files, missing } = specs.specClosure(SPEC_ROOT);
    expect(missing).toEqual([]);
    const present = walk(SPEC_ROOT).map((f) => path.relative(SPEC_ROOT, f).split(path.sep).join('/')).sort();
    expect(present).toEqual(files);
    for (const seed of specs.SPEC_SEEDS as string[]) expect(files.some((f: string) => f === seed || f.startsWith(`${seed}/`)), seed).toBe(true);
  });

  it('resolves every $ref locally, file and JSON pointer, and has no remote one', () => {
    const { remote, unresolved, count } = specs.checkSpecRefs(SPEC_ROOT);
    expect(remote).toEqual([]);
    expect(unresolved).toEqual([]);
    expect(count).toBeGreaterThan(1000);
  });

  it('reports a $ref whose file or pointer is missing, and a remote one; examples are not followed', () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'specs-'));
    const json = {
      paths: {},
      definitions: { A: { $ref: '#/definitions/C' }, B: { $ref: './b.json#/definitions/Nope' }, C: { $ref: './missing.json#/x' }, D: { $ref: 'https://example.com/x.json' } },
      'x-ms-examples': { e: { $ref: './examples/e.json' } },
    };
    writeFileSync(path.join(root, 'a.json'), JSON.stringify(json));
    writeFileSync(path.join(root, 'b.json'), JSON.stringify({ definitions: { Yes: {} } }));
    expect(specs.checkSpecRefs(root)).toEqual({
      remote: ['a.json: https://example.com/x.json'],
      unresolved: ['a.json: ./b.json#/definitions/Nope (no such JSON pointer)', 'a.json: ./missing.json#/x (no such file)'],
      count: 3,
    });
    expect(specs.specClosure(root, ['a.json'])).toEqual({ files: ['a.json', 'b.json'], missing: ['missing.json'] });
  });
});

describe('grouping against the spec fixture', () => {
  const index = loadSpecIndex(SPEC_ROOT);
  const rg = `${ARM}/subscriptions/${SUB}/resourceGroups/rg1`;
  const group = (url: string, method = 'GET') => classifyExchange(line({ url, method }), index, { specRoot: SPEC_ROOT });

  it('uses the version folder of each provider', () => {
    expect(group(`${rg}/providers/Microsoft.Network/privateEndpoints/pe1?api-version=2025-05-01`).group).toBe('network/resource-manager/Microsoft.Network/stable/2025-05-01');
    expect(group(`${rg}/providers/Microsoft.Network/privateDnsZones/z?api-version=2020-06-01`).group).toBe('privatedns/resource-manager/Microsoft.Network/stable/2020-06-01');
    expect(group(`${rg}/providers/Microsoft.Storage/storageAccounts/s?api-version=2025-08-01`).op.operationId).toBe('StorageAccounts_GetProperties');
    expect(group(`${rg}?api-version=2025-04-01`, 'PUT').op.operationId).toBe('ResourceGroups_CreateOrUpdate');
    expect(group(`${rg}/providers/Microsoft.Authorization/roleDefinitions/d?api-version=2022-04-01`).op.operationId).toBe('RoleDefinitions_Get');
    expect(group(`${ARM}/subscriptions/${SUB}?api-version=2022-12-01`).op.operationId).toBe('Subscriptions_Get');
  });

  it('validates ML, AKS, identities and cluster extensions at the versions in the fixture', () => {
    const ml = 'machinelearningservices/resource-manager/Microsoft.MachineLearningServices/stable';
    expect(group(`${rg}/providers/Microsoft.MachineLearningServices/workspaces/w?api-version=2025-06-01`)).toMatchObject({ validate: true, group: `${ml}/2025-06-01`, op: { operationId: 'Workspaces_Get' } });
    // @azure/arm-machinelearning 2.1.1 sends 2022-10-01 for computes
    expect(group(`${rg}/providers/Microsoft.MachineLearningServices/workspaces/w/computes/c?api-version=2022-10-01`)).toMatchObject({ validate: true, group: `${ml}/2022-10-01`, op: { operationId: 'Compute_Get' } });
    expect(group(`${rg}/providers/Microsoft.ContainerService/managedClusters/a?api-version=2026-04-01`)).toMatchObject({ validate: true, op: { operationId: 'ManagedClusters_Get' } });
    expect(group(`${rg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/i?api-version=2024-11-30`)).toMatchObject({ validate: true, op: { operationId: 'UserAssignedIdentities_Get' } });
    const ext = `${rg}/providers/Microsoft.ContainerService/managedClusters/a/providers/Microsoft.KubernetesConfiguration/extensions/azureml?api-version=2024-11-01`;
    expect(group(ext, 'PUT')).toMatchObject({ validate: true, group: 'kubernetesconfiguration/resource-manager/Microsoft.KubernetesConfiguration/stable/2024-11-01', op: { operationId: 'Extensions_Create' } });
  });

  it('validates provider registration reads against Providers_Get with the namespace written into the path', () => {
    const c = group(`${ARM}/subscriptions/${SUB}/providers/Microsoft.Storage?api-version=2025-04-01`);
    expect(c).toMatchObject({
      validate: true,
      group: 'resources/resource-manager/Microsoft.Resources/stable/2025-04-01 (namespace literal)',
      op: { operationId: 'Providers_Get' },
      literal: {
        namespace: 'Microsoft.Storage',
        param: 'resourceProviderNamespace',
        template: '/subscriptions/{subscriptionId}/providers/{resourceProviderNamespace}',
        literalTemplate: '/subscriptions/{subscriptionId}/providers/Microsoft.Storage',
        provider: 'microsoft.storage',
      },
    });
    // one literal per namespace, whatever its spelling (oav matches paths case-insensitively)
    const lines = ['Microsoft.Storage', 'microsoft.storage', 'Microsoft.Network'].map((ns) => line({ method: 'GET', requestBody: null, status: 200, url: `${ARM}/subscriptions/${SUB}/providers/${ns}?api-version=2025-04-01` }));
    const { groups } = groupExchanges(lines, index, { specRoot: SPEC_ROOT });
    const g = groups.get('resources/resource-manager/Microsoft.Resources/stable/2025-04-01 (namespace literal)');
    expect(g.items).toHaveLength(3);
    expect(g.literals.map((l: { namespace: string }) => l.namespace)).toEqual(['Microsoft.Storage', 'Microsoft.Network']);
  });

  it('does not validate what oav cannot or what the fixture has no spec for', () => {
    const noSpec = { validate: false, reason: "no spec for this api-version in the contract's specs" };
    // what @azure/arm-containerservice 25.5 sends by default; ML 2025-09-01 is not stored
    expect(group(`${rg}/providers/Microsoft.ContainerService/managedClusters/a?api-version=2026-06-01`)).toMatchObject(noSpec);
    expect(group(`${rg}/providers/Microsoft.MachineLearningServices/workspaces/w?api-version=2025-09-01`)).toMatchObject(noSpec);
  });
});

describe('oav output parsing', () => {
  it('splits oav -p stderr into one result per traffic file', () => {
    const text = [
      'specFilePath: >-',
      '  /s/storage.json',
      'payloadFilePath: /t/00012.json',
      'errors:',
      '  - code: INVALID_RESPONSE_CODE',
      "    message: The swagger file does not define '404' response code",
      '    issueSource: response',
      'runtimeExceptions: []',
      'operationInfo:',
      '  operationId: StorageAccounts_GetProperties',
      '',
      'payloadFilePath: /t/00013.json',
      'runtimeExceptions:',
      '  - code: RUNTIME_ERROR',
      '    message: boom',
      '',
      '(node:1) Warning: something',
    ].join('\n');
    const { results, other } = oav.parseOavStderr(text);
    expect(results).toHaveLength(2);
    expect(results[0].errors[0].code).toBe('INVALID_RESPONSE_CODE');
    expect(results[0].operationInfo.operationId).toBe('StorageAccounts_GetProperties');
    expect(results[1]).toMatchObject({ payloadFilePath: '/t/00013.json', runtimeExceptions: [{ code: 'RUNTIME_ERROR' }] });
    expect(other).toEqual(['(node:1) Warning: something']);
  });

  it('reads the unmatched requests from stdout', () => {
    const u = `${ARM}/subscriptions/${SUB}/providers/Microsoft.Storage?api-version=2025-04-01`;
    const { undefinedOps } = oav.parseOavStdout(`Error: Undefined operation {"validationRequest":{"requestMethod":"get","requestUrl":"${u}"}}\n`);
    expect(undefinedOps).toEqual([{ method: 'GET', url: u }]);
  });

  it('suppresses only the listed code for the listed operation and status', () => {
    const e = { code: 'INVALID_RESPONSE_CODE', issueSource: 'response', jsonPathsInPayload: [] };
    expect(sup.suppressionFor(e, { operationId: 'StorageAccounts_GetProperties', status: 404 })).toBeDefined();
    expect(sup.suppressionFor(e, { operationId: 'StorageAccounts_GetProperties', status: 500 })).toBeUndefined();
    expect(sup.suppressionFor(e, { operationId: 'StorageAccounts_Create', status: 404 })).toBeUndefined();
    const wrap = { code: 'OBJECT_ADDITIONAL_PROPERTIES', issueSource: 'response', jsonPathsInPayload: ['$.error'] };
    expect(sup.suppressionFor(wrap, { operationId: 'PrivateEndpoints_Get', status: 404 })).toBeDefined();
    expect(sup.suppressionFor({ ...wrap, jsonPathsInPayload: ['$.properties.resourceGuid'] }, { operationId: 'PrivateEndpoints_Get', status: 200 })).toBeUndefined();
  });
});
