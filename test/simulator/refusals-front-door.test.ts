// Refusals of ARM's front door and Microsoft.Resources, one request per error code: the request URI, the
// $filter of listings, subscription operation results, body/URL name agreement, a tracked resource's
// region, and reserved characters in tag names.
import { describe, it } from 'vitest';
import { HOST, RES_API, SUB, createGroup, harness, rgPath } from './helpers.js';
import { MSI_API, at, createIdentity, identityId } from './paas-helpers.js';
import { expectRefused } from './refusal-helpers.js';

const refused = expectRefused;

describe('request URI', () => {
  it('InvalidRequestUri: a path segment that does not percent-decode', async () => {
    const h = await harness();
    const url = `${HOST}/subscriptions/${SUB}/resourcegroups/%E0%A4%A?api-version=${RES_API}`;
    const res = await h.sim.handle({ method: 'GET', url, headers: {} });
    refused({ status: res.status, headers: res.headers, body: JSON.parse(res.body ?? '{}') }, 400, 'InvalidRequestUri', `The request URI '${url}' is not valid.`);
  });
});

describe('resource and resource group listings ($filter)', () => {
  it('InvalidFilterInQueryString: an unsupported clause, and tagValue without tagName', async () => {
    const h = await harness();
    await createGroup(h);
    const groups = await h.call('GET', `/subscriptions/${SUB}/resourcegroups?api-version=${RES_API}&$filter=${encodeURIComponent("location eq 'eastus'")}`);
    refused(groups, 400, 'InvalidFilterInQueryString', "The filter 'location eq 'eastus'' is not supported.");
    const resources = await h.call('GET', `/subscriptions/${SUB}/resourceGroups/rg1/resources?api-version=${RES_API}&$filter=${encodeURIComponent("tagValue eq 'dev'")}`);
    refused(resources, 400, 'InvalidFilterInQueryString', 'A tagValue filter requires a tagName filter.');
  });
});

describe('subscription operation results', () => {
  it('OperationNotFound: the result of an operation the subscription never started', async () => {
    const h = await harness();
    const r = await h.call('GET', `/subscriptions/${SUB}/operationresults/bm90LWEtam9i?api-version=${RES_API}`);
    refused(r, 404, 'OperationNotFound', "The operation result 'bm90LWEtam9i' could not be found.");
  });
});

describe('resource groups', () => {
  it('ResourceNameMismatch: a body name other than the URL name, on PUT and on PATCH', async () => {
    const h = await harness();
    const put = await h.call('PUT', rgPath('rg1'), { location: 'eastus', name: 'rg2' });
    refused(put, 400, 'ResourceNameMismatch', "The resource name 'rg2' in the request body does not match the name 'rg1' in the request URL.");
    await createGroup(h);
    refused(await h.call('PATCH', rgPath('rg1'), { name: 'rg2' }), 400, 'ResourceNameMismatch', "does not match the name 'rg1'");
  });

  it('InvalidTagNameCharacters: a tag name with a reserved character', async () => {
    const h = await harness();
    const r = await h.call('PUT', rgPath('rg1'), { location: 'eastus', tags: { 'cost/centre': '42' } });
    refused(r, 400, 'InvalidTagNameCharacters', "The tag names 'cost/centre' have reserved characters");
  });
});

describe('tracked resources (provider kit)', () => {
  it('InvalidResourceLocation: PUT of an existing name in another region', async () => {
    const h = await harness();
    await createGroup(h);
    await createIdentity(h, 'rg1', 'id-app');
    const r = await h.call('PUT', at(identityId('rg1', 'id-app'), MSI_API), { location: 'westus' });
    refused(r, 400, 'InvalidResourceLocation', "The resource 'id-app' already exists in location 'eastus' in resource group 'rg1'. A resource with the same name cannot be created in location 'westus'.");
  });
});
