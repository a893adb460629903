// The simulator's Microsoft Entra endpoint (entra.ts) and sim serve's proxy (server.ts): what MSAL-based
// clients ask before and while signing in with a service principal, with Entra's error codes.
import tls from 'node:tls';
import { describe, expect, it } from 'vitest';
import { ArmSimulator } from '../../src/simulator/index.js';
import { startServer } from '../../src/simulator/server.js';
import { tmpDir } from '../helpers/cli.js';

const ORIGIN = 'https://127.0.0.1:8443';

async function simWithLogin() {
  const sim = await ArmSimulator.open({ dir: await tmpDir('secure-aml-entra-'), timeScale: 0 });
  const login = await sim.loginCredential();
  const call = async (method: string, path: string, body?: string) => {
    const res = await sim.handle({ method, url: `https://login.microsoftonline.com${path}`, headers: body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}, body, origin: ORIGIN });
    return { status: res.status, body: JSON.parse(res.body ?? '{}') as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
  };
  const token = (fields: Record<string, string>, tenant = login.tenantId) => call('POST', `/${tenant}/oauth2/v2.0/token`, new URLSearchParams(fields).toString());
  return { sim, login, call, token };
}

describe('Entra sign-in', () => {
  it('instance discovery and OpenID configuration point at the simulator', async () => {
    const { call, login } = await simWithLogin();
    const discovery = await call('GET', `/common/discovery/instance?api-version=1.0&authorization_endpoint=${encodeURIComponent(`https://127.0.0.1/${login.tenantId}/oauth2/v2.0/authorize`)}`);
    expect(discovery.body.tenant_discovery_endpoint).toBe(`${ORIGIN}/${login.tenantId}/v2.0/.well-known/openid-configuration`);
    const config = await call('GET', `/${login.tenantId}/v2.0/.well-known/openid-configuration`);
    expect(config.body).toMatchObject({ token_endpoint: `${ORIGIN}/${login.tenantId}/oauth2/v2.0/token`, authorization_endpoint: `${ORIGIN}/${login.tenantId}/oauth2/v2.0/authorize`, issuer: `${ORIGIN}/${login.tenantId}/v2.0` });
    expect((await call('GET', '/organizations/v2.0/.well-known/openid-configuration')).status).toBe(200);
    const other = await call('GET', '/11111111-2222-3333-4444-555555555555/v2.0/.well-known/openid-configuration');
    expect(other).toMatchObject({ status: 400, body: { error: 'invalid_tenant', error_codes: [90002] } });
  });

  it('client credentials: a token for the /.default resource with the app and tenant in its claims', async () => {
    const { login, token } = await simWithLogin();
    const ok = await token({ grant_type: 'client_credentials', client_id: login.appId, client_secret: login.secret, scope: 'https://management.azure.com/.default' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ token_type: 'Bearer', expires_in: 3599 });
    const claims = JSON.parse(Buffer.from(String(ok.body.access_token).split('.')[1], 'base64url').toString()) as Record<string, unknown>;
    expect(claims).toMatchObject({ aud: 'https://management.azure.com', appid: login.appId, tid: login.tenantId, idtyp: 'app' });
    expect(Number(claims.exp) - Math.floor(Date.now() / 1000)).toBeGreaterThan(3000);
  });

  it("refuses as Entra does: wrong secret, unknown app, no /.default, another grant, another tenant", async () => {
    const { login, token } = await simWithLogin();
    const base = { grant_type: 'client_credentials', client_id: login.appId, client_secret: login.secret, scope: 'https://management.azure.com/.default' };
    expect(await token({ ...base, client_secret: 'wrong' })).toMatchObject({ status: 401, body: { error: 'invalid_client', error_codes: [7000215] } });
    expect(await token({ ...base, client_id: '99999999-9999-4999-8999-999999999999' })).toMatchObject({ status: 400, body: { error: 'unauthorized_client', error_codes: [700016] } });
    expect(await token({ ...base, scope: 'https://management.azure.com/user_impersonation' })).toMatchObject({ status: 400, body: { error: 'invalid_scope', error_codes: [1002012] } });
    expect(await token({ ...base, grant_type: 'password' })).toMatchObject({ status: 400, body: { error: 'unsupported_grant_type', error_codes: [70003] } });
    expect(await token(base, '11111111-2222-3333-4444-555555555555')).toMatchObject({ status: 400, body: { error_codes: [90002] } });
    const { client_secret: _s, ...noSecret } = base;
    expect(await token(noSecret)).toMatchObject({ status: 401, body: { error: 'invalid_client', error_codes: [7000218] } });
    const { scope: _scope, ...noScope } = base;
    expect(await token(noScope)).toMatchObject({ status: 400, body: { error: 'invalid_request', error_codes: [90014] } });
  });

  it('the v1 endpoint takes resource instead of scope; the endpoints answer one method each', async () => {
    const { login, call } = await simWithLogin();
    const form = (f: Record<string, string>) => new URLSearchParams(f).toString();
    const fields = { grant_type: 'client_credentials', client_id: login.appId, client_secret: login.secret };
    const v1 = await call('POST', `/${login.tenantId}/oauth2/token`, form({ ...fields, resource: 'https://management.core.windows.net/' }));
    expect(v1).toMatchObject({ status: 200, body: { token_type: 'Bearer', resource: 'https://management.core.windows.net/' } });
    expect(await call('POST', `/${login.tenantId}/oauth2/token`, form(fields))).toMatchObject({ status: 400, body: { error_codes: [50001] } });
    expect(await call('GET', `/${login.tenantId}/oauth2/v2.0/token`)).toMatchObject({ status: 405, body: { error_codes: [900561] } });
    expect(await call('POST', `/${login.tenantId}/v2.0/.well-known/openid-configuration`, 'x=1')).toMatchObject({ status: 405, body: { error_codes: [900561] } });
  });

  it('keeps a saved credential; a forgotten one is replaced', async () => {
    const { sim, login } = await simWithLogin();
    expect(await sim.loginCredential({ appId: login.appId, secret: login.secret })).toMatchObject({ appId: login.appId, created: false });
    const fresh = await sim.loginCredential({ appId: login.appId, secret: 'not-it' });
    expect(fresh.created).toBe(true);
    expect(fresh.appId).not.toBe(login.appId);
  });
});

/** Opens TLS to the proxy (sim serve's own HTTPS port), sends CONNECT target, and reads the status line. */
function connect(port: number, ca: string, target: string): Promise<{ status: number; socket: tls.TLSSocket }> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: '127.0.0.1', port, ca }, () => socket.write(`CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\n\r\n`));
    let head = '';
    const onData = (d: Buffer) => {
      head += d.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      socket.off('data', onData);
      resolve({ status: Number(head.split(' ')[1]), socket });
    };
    socket.on('data', onData);
    socket.on('error', reject);
  });
}

/** GET through an established tunnel: TLS for `host` inside it, then one HTTP/1.1 request. */
function getThrough(tunnel: tls.TLSSocket, host: string, path: string, ca: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const inner = tls.connect({ socket: tunnel, servername: host, ca }, () => inner.write(`GET ${path} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`));
    let text = '';
    inner.on('data', (d: Buffer) => (text += d.toString('utf8')));
    inner.on('end', () => resolve(text.slice(text.indexOf('\r\n\r\n') + 4)));
    inner.on('error', reject);
  });
}

describe('sim serve as a proxy', () => {
  it('tunnels login.microsoftonline.com to itself and refuses every other host', async () => {
    const server = await startServer({ dir: await tmpDir('secure-aml-proxy-'), timeScale: 0 });
    try {
      const port = Number(new URL(server.url).port);
      const refused = await connect(port, server.caPem, 'example.com:443');
      expect(refused.status).toBe(403);
      refused.socket.destroy();
      const http80 = await connect(port, server.caPem, 'login.microsoftonline.com:80');
      expect(http80.status).toBe(403);
      http80.socket.destroy();
      const tunnel = await connect(port, server.caPem, 'login.microsoftonline.com:443');
      expect(tunnel.status).toBe(200);
      // The certificate names login.microsoftonline.com, so TLS inside the tunnel verifies against the CA.
      const body = await getThrough(tunnel.socket, 'login.microsoftonline.com', '/organizations/v2.0/.well-known/openid-configuration', server.caPem);
      const chunked = body.includes('token_endpoint') ? body.slice(body.indexOf('{'), body.lastIndexOf('}') + 1) : body;
      expect(JSON.parse(chunked).token_endpoint).toMatch(new RegExp(`^${server.url}/[0-9a-f-]{36}/oauth2/v2\\.0/token$`));
    } finally {
      await server.close();
    }
  });
});
