// The simulator over HTTPS, for clients that cannot take an in-process HttpClient (other SDKs, az,
// Terraform): a node:https server on 127.0.0.1 only that feeds ArmSimulator.handle(). The same directory
// gives the same cloud as in-process runs (cloud.json is shared under the cross-process lock).
//
// Besides ARM routes it serves GET /metadata/endpoints (cloud metadata pointing at itself, no token
// needed); every other request needs `Authorization: Bearer <anything>` (no signature or audience check;
// without one: 401 AuthenticationFailed, as ARM). A reset fault destroys the socket. Without a
// certificate, a self-signed one for 127.0.0.1/localhost is generated (tls.ts); `caPem` is what clients trust.
import type { IncomingMessage, ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { json, requestIdHeaders } from './http.js';
import { isEntraPath } from './entra.js';
import { ArmSimulator } from './index.js';
import { PROXIED_HOSTS, selfSignedCertificate, type CertificatePair } from './tls.js';
import type { SimResponse, SimulatorOptions } from './types.js';

interface ServerOptions extends SimulatorOptions {
  /** 0 or absent: an ephemeral port. */
  port?: number;
  /** Loopback only. */
  host?: '127.0.0.1';
  /** PEM certificate and key; default: a generated self-signed certificate. */
  cert?: CertificatePair;
}

export interface RunningServer {
  /** https://127.0.0.1:<port> (no trailing slash). */
  url: string;
  /** The simulator behind it (sim serve asks it for the sign-in credential). */
  sim: ArmSimulator;
  /** The PEM to trust (`ca`): the given certificate or the generated self-signed one. */
  caPem: string;
  close(): Promise<void>;
}

const HOST = '127.0.0.1';
/** The first api-version whose metadata is a list of clouds (earlier ones: the legacy single object). */
const CLOUD_LIST_API = '2019-05-01';
const LOGIN = 'https://login.microsoftonline.com';

export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const host = opts.host ?? HOST;
  if (host !== HOST) throw new Error(`startServer: host must be ${HOST} (the simulator listens on loopback only), got ${String(host)}`);
  const port = opts.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`startServer: port must be an integer from 0 to 65535, got ${port}`);
  const { port: _port, host: _host, cert: given, ...simOptions } = opts;
  const sim = await ArmSimulator.open(simOptions);
  const cert = given ?? (await selfSignedCertificate());

  const server = https.createServer({ cert: cert.cert, key: cert.key });
  let bound = port;
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    serve(sim, bound, req, res).catch((err: unknown) => {
      if (res.headersSent) return void res.destroy();
      send(res, req.method, json(500, { error: { code: 'InternalServerError', message: `ARM simulator server failure: ${(err as Error).message}` } }));
    });
  });
  // A forward proxy for clients that cannot point every host at the simulator (MSAL's instance discovery
  // always asks login.microsoftonline.com, and a client left on the public cloud asks management.azure.com
  // and graph.microsoft.com): CONNECT to one of those, or to this server, is tunnelled into this same TLS
  // server (its certificate names them). Anything else is refused: nothing leaves the machine.
  server.on('connect', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const [host, portText] = (req.url ?? '').toLowerCase().split(':');
    const own = (host === HOST || host === 'localhost') && Number(portText) === bound;
    if (!own && !(PROXIED_HOSTS.includes(host) && portText === '443')) {
      socket.end('HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n');
      return;
    }
    socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    if (head.length) socket.unshift(head);
    server.emit('connection', socket);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  bound = (server.address() as AddressInfo).port;
  return {
    url: `https://${HOST}:${bound}`,
    sim,
    caPem: cert.cert,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function serve(sim: ArmSimulator, port: number, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = chunks.length > 0 ? Buffer.concat(chunks).toString('utf8') : undefined;
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
  const origin = originOf(headers.host, port);
  const url = new URL(req.url ?? '/', origin);
  const method = (req.method ?? 'GET').toUpperCase();

  if (url.pathname.replace(/\/+$/, '').toLowerCase() === '/metadata/endpoints') {
    if (method !== 'GET') return send(res, method, json(405, { error: { code: 'MethodNotAllowed', message: `The requested resource does not support http method '${method}'.` } }));
    return send(res, method, json(200, cloudMetadata(origin, url.searchParams.get('api-version') ?? '')));
  }
  // Entra's login endpoint (entra.ts) is where tokens come from: no token needed there.
  const entra = isEntraPath(url.pathname);
  const refused = entra ? undefined : authenticate(headers);
  if (refused) return send(res, method, refused);

  const out = await sim.handle({ method, url: url.toString(), headers, body, origin: `https://${HOST}:${port}` });
  // A connection reset fault: the client sees the socket die without a response.
  if (out.status === 0 || out.headers['x-sim-connection-reset'] !== undefined) return void req.socket.destroy();
  send(res, method, out);
}

/** Location / Azure-AsyncOperation URLs point back at the address the client used (127.0.0.1 or localhost). */
function originOf(hostHeader: string | undefined, port: number): string {
  const h = hostHeader?.toLowerCase();
  return h !== undefined && (h === `${HOST}:${port}` || h === `localhost:${port}`) ? `https://${h}` : `https://${HOST}:${port}`;
}

function send(res: ServerResponse, method: string | undefined, out: SimResponse): void {
  res.writeHead(out.status, out.headers);
  const bodyless = method?.toUpperCase() === 'HEAD' || out.status === 204 || out.status === 304;
  res.end(bodyless ? undefined : (out.body ?? ''));
}

/** ARM's 401 for a request without a usable bearer token; undefined when the request may pass. */
export function authenticate(headers: Record<string, string>): SimResponse | undefined {
  const auth = headers.authorization;
  if (auth !== undefined && /^bearer\s+\S+/i.test(auth.trim())) return undefined;
  const missing = auth === undefined || auth.trim() === '';
  const message = missing ? "Authentication failed. The 'Authorization' header is missing." : "Authentication failed. The 'Authorization' header is provided in an invalid format.";
  const description = missing ? "The authentication failed because of missing 'Authorization' header." : "The 'Authorization' header is provided in an invalid format.";
  return json(401, { error: { code: 'AuthenticationFailed', message } }, {
    ...requestIdHeaders(headers),
    'www-authenticate': `Bearer authorization_uri="${LOGIN}/common", error="invalid_token", error_description="${description}"`,
  });
}

/**
 * Azure's cloud metadata (`/metadata/endpoints`): from api-version 2019-05-01 a list with one cloud whose
 * resourceManager, login endpoint and Microsoft Graph are this server; before that the legacy single
 * object. The simulator accepts any bearer token, so tokens from elsewhere work too.
 */
function cloudMetadata(origin: string, apiVersion: string): unknown {
  const arm = `${origin}/`;
  const audiences = [arm, 'https://management.core.windows.net/', 'https://management.azure.com/'];
  if (apiVersion === '' || apiVersion < CLOUD_LIST_API) {
    return {
      galleryEndpoint: arm,
      graphEndpoint: 'https://graph.windows.net/',
      portalEndpoint: arm,
      authentication: { loginEndpoint: arm, audiences },
    };
  }
  return [
    {
      name: 'ArmSimulator',
      portal: origin,
      resourceManager: arm,
      authentication: { loginEndpoint: origin, audiences, tenant: 'common', identityProvider: 'AAD' },
      graph: 'https://graph.windows.net/',
      graphAudience: 'https://graph.windows.net/',
      microsoftGraphResourceId: arm,
      gallery: arm,
      media: 'https://rest.media.azure.net',
      batch: 'https://batch.core.windows.net/',
      sqlManagement: 'https://management.core.windows.net:8443/',
      activeDirectoryDataLake: 'https://datalake.azure.net/',
      appInsightsResourceId: 'https://api.applicationinsights.io',
      appInsightsTelemetryChannelResourceId: 'https://dc.applicationinsights.azure.com/v2/track',
      attestationResourceId: 'https://attest.azure.net',
      synapseAnalyticsResourceId: 'https://dev.azuresynapse.net',
      logAnalyticsResourceId: 'https://api.loganalytics.io',
      ossrDbmsResourceId: 'https://ossrdbms-aad.database.windows.net',
      suffixes: {
        acrLoginServer: 'azurecr.io',
        attestationEndpoint: 'attest.azure.net',
        azureDataLakeAnalyticsCatalogAndJob: 'azuredatalakeanalytics.net',
        azureDataLakeStoreFileSystem: 'azuredatalakestore.net',
        azureFrontDoorEndpointSuffix: 'azurefd.net',
        keyvaultDns: 'vault.azure.net',
        mhsmDns: 'managedhsm.azure.net',
        mysqlServerEndpoint: 'mysql.database.azure.com',
        postgresqlServerEndpoint: 'postgres.database.azure.com',
        sqlServerHostname: 'database.windows.net',
        storage: 'core.windows.net',
        storageSyncEndpointSuffix: 'afs.azure.net',
        synapseAnalytics: 'dev.azuresynapse.net',
      },
    },
  ];
}
