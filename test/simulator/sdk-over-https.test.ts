// The Azure SDK for JavaScript as any other program would use it against `sim serve`: @azure/identity's
// ClientSecretCredential signs in at the simulator's Entra endpoint (authorityHost = the server, instance
// discovery off, as for any sovereign or private cloud), and a management client lists resource groups
// over HTTPS with the token it got.
import https from 'node:https';
import { ResourceManagementClient } from '@azure/arm-resources';
import { createHttpHeaders, type HttpClient, type PipelineRequest, type PipelineResponse } from '@azure/core-rest-pipeline';
import { ClientSecretCredential } from '@azure/identity';
import { describe, expect, it } from 'vitest';
import { startServer } from '../../src/simulator/server.js';
import { tmpDir } from '../helpers/cli.js';

const SUB = '00000000-0000-0000-0000-000000000000';

/** node:https with the simulator's CA, as NODE_EXTRA_CA_CERTS would give a separate process. */
function trustingClient(ca: string): HttpClient {
  return {
    sendRequest: (request: PipelineRequest) =>
      new Promise<PipelineResponse>((resolve, reject) => {
        const headers: Record<string, string> = {};
        for (const [k, v] of request.headers) headers[k] = v;
        const req = https.request(request.url, { method: request.method, headers, ca }, (res) => {
          let text = '';
          res.on('data', (d) => (text += d));
          res.on('end', () => {
            const h: Record<string, string> = {};
            for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) h[k] = Array.isArray(v) ? v.join(', ') : v;
            resolve({ request, status: res.statusCode ?? 0, headers: createHttpHeaders(h), bodyAsText: text });
          });
        });
        req.on('error', reject);
        req.end(typeof request.body === 'string' ? request.body : request.body instanceof URLSearchParams ? request.body.toString() : undefined);
      }),
  };
}

describe('the Azure SDK over sim serve', () => {
  it('ClientSecretCredential gets a token from the simulator; ResourceManagementClient uses it', async () => {
    const server = await startServer({ dir: await tmpDir('secure-aml-sdk-https-'), timeScale: 0 });
    try {
      const login = await server.sim.loginCredential();
      const httpClient = trustingClient(server.caPem);
      const credential = new ClientSecretCredential(login.tenantId, login.appId, login.secret, { authorityHost: server.url, disableInstanceDiscovery: true, httpClient });
      const token = await credential.getToken(`${server.url}/.default`);
      const claims = JSON.parse(Buffer.from(token.token.split('.')[1], 'base64url').toString()) as Record<string, string>;
      expect(claims).toMatchObject({ appid: login.appId, tid: login.tenantId, aud: server.url });
      const client = new ResourceManagementClient(credential, SUB, { endpoint: server.url, credentialScopes: [`${server.url}/.default`], httpClient });
      await client.resourceGroups.createOrUpdate('rg-sdk', { location: 'westeurope' });
      const names: string[] = [];
      for await (const g of client.resourceGroups.list()) names.push(g.name!);
      expect(names).toContain('rg-sdk');
      const wrong = new ClientSecretCredential(login.tenantId, login.appId, 'not-the-secret', { authorityHost: server.url, disableInstanceDiscovery: true, httpClient });
      await expect(wrong.getToken(`${server.url}/.default`)).rejects.toThrow(/AADSTS7000215/);
    } finally {
      await server.close();
    }
  });
});
