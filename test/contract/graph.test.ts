// The contract check's Microsoft Graph part (scripts/contract/graph.mjs): the tool's three Graph v1.0
// reads against the OpenAPI excerpt in test/fixtures/msgraph-openapi.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
// @ts-expect-error plain ESM script without types
import * as convert from '../../scripts/contract/convert.mjs';
// @ts-expect-error plain ESM script without types
import * as graphCheck from '../../scripts/contract/graph.mjs';

const GRAPH = 'https://graph.microsoft.com/v1.0';
const SP_APP = 'a232010e-820c-4083-83bb-3ace5fc29d0b';
const spec = graphCheck.loadGraphSpec();
const validate = graphCheck.createGraphValidator(spec);

interface GraphError { side: string; code: string; path: string; message: string }

/** A Graph exchange as traffic.jsonl records it; bodies as the simulator sends them (src/simulator/graph.ts, directory.ts). */
function exchange(pathAndQuery: string, responseBody: unknown, over: Record<string, unknown> = {}) {
  return {
    method: 'GET',
    url: `${GRAPH}${pathAndQuery}`,
    requestHeaders: { authorization: 'REDACTED' },
    requestBody: null,
    status: 200,
    responseHeaders: { 'content-type': 'application/json; charset=utf-8' },
    responseBody,
    ...over,
  };
}
const sp = (body: Record<string, unknown> = {}) => exchange(`/servicePrincipals(appId='${SP_APP}')?$select=id,appId,displayName`, {
  '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#servicePrincipals(id,appId,displayName)/$entity',
  id: '353a80ad-6476-44c1-8bf7-bd9106c0572c', appId: SP_APP, displayName: 'Azure Cosmos DB', ...body,
});
const user = (body: Record<string, unknown> = {}) => exchange('/users/alice%40contoso.com?$select=id,displayName,userPrincipalName', {
  '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#users(id,displayName,userPrincipalName)/$entity',
  id: '6f1c2a3b-4d5e-4f60-8a71-9b8c7d6e5f40', userPrincipalName: 'alice@contoso.com', displayName: 'Alice Example', ...body,
});
const groups = (value: unknown[]) => exchange(`/groups?$filter=displayName%20eq%20'Data%20Science%20Team'&$select=id,displayName`, {
  '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#groups(id,displayName)', value,
});
const notFound = (over: Record<string, unknown> = {}) => ({
  ...sp(), status: 404,
  responseBody: { error: { code: 'Request_ResourceNotFound', message: `Resource '${SP_APP}' does not exist.`, innerError: { date: '2026-01-01T00:00:00', 'request-id': 'r', 'client-request-id': 'c' }, ...over } },
});
const errorsOf = (line: object): GraphError[] => validate(line).errors;

describe('the Graph OpenAPI excerpt (test/fixtures/msgraph-openapi)', () => {
  it('holds the three operations the tool calls, and every $ref in it resolves', () => {
    expect(spec.ops.map((o: { method: string; template: string; operationId: string }) => `${o.method} ${o.template} ${o.operationId}`)).toEqual([
      "get /servicePrincipals(appId='{appId}') servicePrincipal_GetServicePrincipalGraphBPreAppId",
      'get /users/{user-id} user_GetUser',
      'get /groups group_ListGroup',
    ]);
    const doc = YAML.parse(readFileSync(graphCheck.GRAPH_SPEC, 'utf8'));
    const refs = new Set<string>();
    JSON.stringify(doc, (k, v) => { if (k === '$ref') refs.add(v); return v; });
    const missing = [...refs].filter((r) => r.slice(2).split('/').reduce((o: Record<string, unknown> | undefined, t) => o?.[t] as Record<string, unknown> | undefined, doc) === undefined);
    expect(missing).toEqual([]);
    expect(path.basename(path.dirname(graphCheck.GRAPH_SPEC))).toBe('msgraph-openapi');
  });

  it('keeps every property of servicePrincipal, user and group with its type', () => {
    const props = (name: string) => spec.doc.components.schemas[`microsoft.graph.${name}`].allOf[1].properties;
    expect(Object.keys(props('servicePrincipal'))).toHaveLength(52);
    expect(Object.keys(props('user'))).toHaveLength(127);
    expect(Object.keys(props('group'))).toHaveLength(67);
    expect(props('user').deviceEnrollmentLimit).toMatchObject({ type: 'integer', format: 'int32' });
    expect(props('servicePrincipal').appRoleAssignmentRequired).toEqual({ type: 'boolean' });
  });
});

describe('Graph exchanges', () => {
  it('pass as the simulator answers them: entity, collection and the documented error', () => {
    expect(errorsOf(sp())).toEqual([]);
    expect(errorsOf(user())).toEqual([]);
    expect(errorsOf(groups([{ id: '8d2f4e6a-1b3c-4d5e-8f90-a1b2c3d4e5f6', displayName: 'Data Science Team' }]))).toEqual([]);
    expect(errorsOf(groups([]))).toEqual([]);
    expect(errorsOf(notFound())).toEqual([]);
    expect(validate(sp()).op.operationId).toBe('servicePrincipal_GetServicePrincipalGraphBPreAppId');
  });

  it('reports a property of the wrong type', () => {
    expect(errorsOf(sp({ id: 42 }))).toEqual([{ side: 'response', code: 'INVALID_TYPE', path: '$.id', message: 'must be string' }]);
    expect(errorsOf(groups([{ id: 'g', displayName: ['Data Science Team'] }]))).toEqual([
      { side: 'response', code: 'INVALID_TYPE', path: '$.value[0].displayName', message: 'must be string,null' },
    ]);
    expect(errorsOf(user({ displayName: null }))).toEqual([]); // nullable upstream
  });

  it('reports properties outside the schema and, with $select, properties not selected', () => {
    expect(errorsOf(user({ upn: 'alice@contoso.com' })).map((e) => `${e.code} ${e.path}`)).toEqual(['OBJECT_ADDITIONAL_PROPERTIES $.upn', 'NOT_SELECTED $.upn']);
    expect(errorsOf(sp({ servicePrincipalType: 'Application' })).map((e) => `${e.code} ${e.path}`)).toEqual(['NOT_SELECTED $.servicePrincipalType']);
    expect(errorsOf(sp({ '@odata.etag': 'W/"1"' }))).toEqual([]);
  });

  it('checks the status against the operation and error bodies against its error schema', () => {
    expect(errorsOf({ ...sp(), status: 302 }).map((e) => e.code)).toEqual(['INVALID_RESPONSE_CODE']);
    expect(errorsOf(notFound({ code: 404 })).map((e) => `${e.code} ${e.path}`)).toEqual(['INVALID_TYPE $.error.code']);
    // ARM's unwrapped error shape is not Graph's
    expect(errorsOf({ ...notFound(), responseBody: { code: 'Request_ResourceNotFound', message: 'm' } }).map((e) => `${e.code} ${e.path}`).sort()).toEqual([
      'OBJECT_ADDITIONAL_PROPERTIES $.code', 'OBJECT_ADDITIONAL_PROPERTIES $.message', 'OBJECT_MISSING_REQUIRED_PROPERTY $.error',
    ]);
    expect(errorsOf({ ...sp(), responseBody: null }).map((e) => e.code)).toEqual(['MISSING_BODY']);
    expect(errorsOf({ ...sp(), responseHeaders: { 'content-type': 'text/plain' } }).map((e) => e.code)).toEqual(['INVALID_CONTENT_TYPE']);
  });

  it('checks the request: defined query parameters, no body on a GET', () => {
    expect(errorsOf(exchange(`/servicePrincipals(appId='${SP_APP}')?$filter=x`, sp().responseBody)).map((e) => `${e.side} ${e.code} ${e.path}`)).toEqual(['request UNDEFINED_QUERY_PARAMETER query.$filter']);
    expect(errorsOf({ ...user(), requestBody: { x: 1 } }).map((e) => `${e.side} ${e.code}`)).toEqual(['request BODY_NOT_DEFINED']);
    expect(errorsOf(exchange('/groups?$top=x', { value: [] })).map((e) => `${e.code} ${e.path}`)).toEqual(['INVALID_TYPE query.$top']);
  });

  it('are grouped for the Graph check, and Graph calls outside the excerpt are listed as not validated', () => {
    const { groups: g, graph, skipped } = convert.groupExchanges([sp(), user(), exchange('/beta/users/x', {}), exchange('/me', {})].map((l, i) => (i === 2 ? { ...l, url: 'https://graph.microsoft.com/beta/users/x' } : l)), [], { graphOps: spec.ops });
    expect(g.size).toBe(0);
    expect(graph.map((x: { index: number }) => x.index)).toEqual([0, 1]);
    expect(convert.summarizeSkipped(skipped)).toEqual([
      'not validated: Microsoft Graph beta (1 exchange) — no GET operation for this path in the Graph OpenAPI excerpt (test/fixtures/msgraph-openapi)',
      'not validated: Microsoft Graph v1.0 (1 exchange) — no GET operation for this path in the Graph OpenAPI excerpt (test/fixtures/msgraph-openapi)',
    ]);
  });
});
