// The simulator verbs: `sim dump` (every simulated resource as ARM GET bodies) and `sim serve` (the
// same cloud over HTTPS on 127.0.0.1 for any ARM client). The simulator is loaded only here.
import { chmod, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { UsageError, type Problem } from '../errors.js';
import type { Io } from '../ui/io.js';

function simulatorDir(o: { simulate?: string }, io: Pick<Io, 'env'>): string | undefined {
  return o.simulate ?? io.env.SECURE_AML_SIMULATE;
}

export async function dumpSimulator(o: { simulate?: string }, io: Io): Promise<unknown[]> {
  const dir = simulatorDir(o, io);
  if (!dir) throw new UsageError('sim dump needs the simulator directory.', [{ path: '--simulate', message: 'required' }], 'Pass --simulate <dir> or set SECURE_AML_SIMULATE.');
  const { ArmSimulator } = await import('../simulator/index.js');
  const sim = await ArmSimulator.open({ dir: path.resolve(io.cwd, dir) });
  return sim.dump();
}

export interface ServeOptions { simulate?: string; port?: string; tlsCert?: string; tlsKey?: string; simTimeScale?: string; simLatency?: string; simFaults?: string }

export interface ServingSimulator {
  url: string;
  /** The CA certificate file to trust. */
  ca: string;
  dir: string;
  /** The service principal to sign in with, its tenant, and the file (mode 0600) that holds its secret. */
  appId: string;
  tenant: string;
  credentialFile: string;
  close(): Promise<void>;
}

/** A saved sign-in credential, or undefined when the file holds something else (a new one is made). */
function savedCredential(text: string): { appId: string; secret: string } | undefined {
  try {
    const v = JSON.parse(text) as { appId?: unknown; secret?: unknown };
    return typeof v.appId === 'string' && typeof v.secret === 'string' ? { appId: v.appId, secret: v.secret } : undefined;
  } catch {
    return undefined;
  }
}

export async function serveSimulator(o: ServeOptions, io: Io): Promise<ServingSimulator> {
  const dir = simulatorDir(o, io);
  const problems: Problem[] = [];
  if (!dir) problems.push({ path: '--simulate', message: 'required: the directory the simulated cloud lives in' });
  const port = o.port === undefined ? 0 : Number(o.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) problems.push({ path: '--port', message: `"${o.port}" is not a port (0-65535; 0 = any free port)` });
  if (Boolean(o.tlsCert) !== Boolean(o.tlsKey)) problems.push({ path: o.tlsCert ? '--tls-key' : '--tls-cert', message: 'give --tls-cert and --tls-key together' });
  const scale = Number(o.simTimeScale ?? io.env.SECURE_AML_SIM_TIME_SCALE ?? 1);
  if (!(scale > 0 && scale <= 10)) problems.push({ path: '--sim-time-scale', message: 'a number > 0 and ≤ 10' });
  if (problems.length) throw new UsageError('sim serve: ' + problems.map((p) => `${p.path}: ${p.message}`).join('; '), problems);
  const { startServer } = await import('../simulator/server.js');
  const { parseFaults } = await import('../simulator/faults.js');
  const faultSpec = o.simFaults ?? io.env.SECURE_AML_SIM_FAULTS;
  const cert = o.tlsCert && o.tlsKey ? { cert: await readFile(o.tlsCert, 'utf8'), key: await readFile(o.tlsKey, 'utf8') } : undefined;
  const root = path.resolve(io.cwd, dir!);
  const server = await startServer({
    dir: root, port, cert, timeScale: scale, latency: (o.simLatency as 'median' | 'sampled') ?? 'sampled',
    faults: faultSpec ? parseFaults(faultSpec) : undefined,
  });
  const ca = path.join(root, 'ca.pem');
  await writeFile(ca, server.caPem, { mode: 0o644 });
  // The service principal real clients sign in with (az login --service-principal): its secret goes to a
  // file only the user can read, never to stdout.
  const credentialFile = path.join(root, 'service-principal.json');
  try {
    const saved = await readFile(credentialFile, 'utf8').then(savedCredential, () => undefined);
    const login = await server.sim.loginCredential(saved);
    if (login.created) await writeFile(credentialFile, JSON.stringify({ appId: login.appId, tenant: login.tenantId, secret: login.secret }, null, 2) + '\n', { mode: 0o600 });
    await chmod(credentialFile, 0o600); // writeFile's mode applies only to a new file
    return { url: server.url, ca, dir: root, appId: login.appId, tenant: login.tenantId, credentialFile, close: () => server.close() };
  } catch (e) {
    await server.close();
    throw e;
  }
}
