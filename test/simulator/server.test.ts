// The simulator over HTTPS on 127.0.0.1: a generated certificate clients trust through `ca`, bearer
// tokens required (any), discovery routes, the real SDK over the network, resets as dead sockets.
import { X509Certificate } from 'node:crypto';
import https from 'node:https';
import { ResourceManagementClient } from '@azure/arm-resources';
import type { TokenCredential } from '@azure/core-auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArmSimulator } from '../../src/simulator/index.js';
import { startServer, type RunningServer } from '../../src/simulator/server.js';
import { RES_API, SUB, tempDir } from './helpers.js';

const credential: TokenCredential = { getToken: async () => ({ token: 'fake-token', expiresOnTimestamp: Date.now() + 3_600_000 }) };
const TOKEN = { authorization: 'Bearer fake-token' };

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

function request(url: string, ca: string, method = 'GET', headers: Record<string, string> = TOKEN, body?: unknown): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = https.request(url, { method, ca, headers: { ...headers, ...(body ? { 'content-type': 'application/json' } : {}) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text ? JSON.parse(text) : undefined }));
    });
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

describe('HTTPS server', () => {
  let server: RunningServer;
  let dir: string;

  beforeAll(async () => {
    dir = await tempDir();
    server = await startServer({ dir, port: 0, host: '127.0.0.1', timeScale: 0.001, latency: 'median' });
  });
  afterAll(async () => server.close());

  it('listens on 127.0.0.1 with a self-signed certificate for 127.0.0.1 and localhost', async () => {
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const cert = new X509Certificate(server.caPem);
    expect(cert.subjectAltName).toContain('IP Address:127.0.0.1');
    expect(cert.subjectAltName).toContain('DNS:localhost');
    const viaLocalhost = await request(`${server.url.replace('127.0.0.1', 'localhost')}/subscriptions/${SUB}?api-version=${RES_API}`, server.caPem);
    expect(viaLocalhost.status).toBe(200);
    // Without the CA, the certificate is refused.
    await expect(request(`${server.url}/subscriptions/${SUB}?api-version=${RES_API}`, undefined as unknown as string)).rejects.toThrow(/self[- ]signed/i);
  });

  it('refuses a request without a bearer token with 401 AuthenticationFailed', async () => {
    const missing = await request(`${server.url}/subscriptions/${SUB}/resourcegroups?api-version=${RES_API}`, server.caPem, 'GET', {});
    expect(missing.status).toBe(401);
    expect(missing.body.error).toEqual({ code: 'AuthenticationFailed', message: "Authentication failed. The 'Authorization' header is missing." });
    expect(missing.headers['www-authenticate']).toMatch(/^Bearer /);
    const basic = await request(`${server.url}/subscriptions/${SUB}?api-version=${RES_API}`, server.caPem, 'GET', { authorization: 'Basic dXNlcjpwYXNz' });
    expect(basic.status).toBe(401);
    expect(basic.body.error.message).toContain('invalid format');
  });

  it('serves cloud metadata pointing at itself (no token needed)', async () => {
    const meta = await request(`${server.url}/metadata/endpoints?api-version=2022-09-01`, server.caPem, 'GET', {});
    expect(meta.status).toBe(200);
    expect(meta.body).toHaveLength(1);
    expect(meta.body[0].resourceManager).toBe(`${server.url}/`);
    expect(meta.body[0].authentication.loginEndpoint).toMatch(/^https:\/\//);
    expect(meta.body[0].authentication.audiences).toContain(`${server.url}/`);
    const legacy = await request(`${server.url}/metadata/endpoints?api-version=2015-01-01`, server.caPem, 'GET', {});
    expect(legacy.body.authentication.audiences).toContain(`${server.url}/`);
  });

  it('lists subscriptions (used ones plus the default), tenants and providers', async () => {
    await request(`${server.url}/subscriptions/${SUB}/resourcegroups/rg-list?api-version=${RES_API}`, server.caPem, 'PUT', TOKEN, { location: 'eastus' });
    const subs = await request(`${server.url}/subscriptions?api-version=2022-12-01`, server.caPem);
    expect(subs.status).toBe(200);
    const ids = subs.body.value.map((s: { subscriptionId: string }) => s.subscriptionId);
    expect(ids).toEqual(['00000000-0000-0000-0000-000000000000', SUB]);
    const tenants = await request(`${server.url}/tenants?api-version=2022-12-01`, server.caPem);
    expect(tenants.body.value).toHaveLength(1);
    for (const s of subs.body.value) {
      expect(s.state).toBe('Enabled');
      expect(s.tenantId).toBe(tenants.body.value[0].tenantId);
    }
    const tenantProviders = await request(`${server.url}/providers?api-version=2021-04-01`, server.caPem);
    const network = tenantProviders.body.value.find((p: { namespace: string }) => p.namespace === 'Microsoft.Network');
    expect(network.id).toBe('/providers/Microsoft.Network');
    expect(network.resourceTypes.find((t: { resourceType: string }) => t.resourceType === 'virtualNetworks').apiVersions.length).toBeGreaterThan(0);
    const subProviders = await request(`${server.url}/subscriptions/${SUB}/providers?api-version=2021-04-01`, server.caPem);
    expect(subProviders.body.value.every((p: { registrationState: string }) => p.registrationState === 'Registered')).toBe(true);
    expect(subProviders.headers['x-ms-ratelimit-remaining-subscription-reads']).toBeDefined();
  });

  it('drives the real SDK over HTTPS (tlsOptions.ca, fake credential); the cloud is shared with in-process runs', async () => {
    const client = new ResourceManagementClient(credential, SUB, { endpoint: server.url, tlsOptions: { ca: server.caPem } });
    const created = await client.resourceGroups.createOrUpdate('rg-sdk', { location: 'westeurope', tags: { via: 'https' } });
    expect(created.properties?.provisioningState).toBe('Succeeded');
    const read = await client.resourceGroups.get('rg-sdk');
    expect(read).toMatchObject({ name: 'rg-sdk', location: 'westeurope', tags: { via: 'https' } });
    expect((await client.resourceGroups.checkExistence('rg-missing')).body).toBe(false);
    const inProcess = await ArmSimulator.open({ dir, timeScale: 0.001 });
    expect((await inProcess.dump()).map((r) => r.name)).toContain('rg-sdk');
  });

  it('destroys the socket on a reset fault', async () => {
    const faulty = await startServer({ dir: await tempDir(), faults: { rate: 1, seed: 1, kinds: ['reset'] } });
    try {
      await expect(request(`${faulty.url}/subscriptions/${SUB}?api-version=${RES_API}`, faulty.caPem)).rejects.toMatchObject({ code: 'ECONNRESET' });
    } finally {
      await faulty.close();
    }
  });

  it('refuses a host other than 127.0.0.1', async () => {
    await expect(startServer({ dir: await tempDir(), host: '0.0.0.0' as '127.0.0.1' })).rejects.toThrow(/127\.0\.0\.1/);
  });
});
