// `sim serve`: the same simulator over HTTPS on 127.0.0.1 for any ARM client (Azure CLI with a
// custom cloud, Terraform's azurerm, a script). It shares DIR with `--simulate DIR` runs.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../src/errors.js';
import type { Io } from '../src/ui/io.js';

export interface ServeOptions { simulate?: string; port?: string; tlsCert?: string; tlsKey?: string; simTimeScale?: string; simLatency?: string; simFaults?: string; output?: string }

export async function simServe(o: ServeOptions, io: Io, untilSignal = true): Promise<number> {
  const dir = o.simulate ?? io.env.SECURE_AML_SIMULATE;
  const problems = [];
  if (!dir) problems.push({ path: '--simulate', message: 'required: the directory the simulated cloud lives in' });
  const port = o.port === undefined ? 0 : Number(o.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) problems.push({ path: '--port', message: `"${o.port}" is not a port (0-65535; 0 = any free port)` });
  if (Boolean(o.tlsCert) !== Boolean(o.tlsKey)) problems.push({ path: o.tlsCert ? '--tls-key' : '--tls-cert', message: 'give --tls-cert and --tls-key together' });
  const scale = Number(o.simTimeScale ?? io.env.SECURE_AML_SIM_TIME_SCALE ?? 1);
  if (!(scale > 0 && scale <= 10)) problems.push({ path: '--sim-time-scale', message: 'a number > 0 and ≤ 10' });
  if (problems.length) throw new UsageError('sim serve: ' + problems.map((p) => `${p.path}: ${p.message}`).join('; '), problems);
  const { startServer } = await import('../src/simulator/server.js');
  const { parseFaults } = await import('../src/simulator/faults.js');
  const faultSpec = o.simFaults ?? io.env.SECURE_AML_SIM_FAULTS;
  const cert = o.tlsCert && o.tlsKey ? { cert: await readFile(o.tlsCert, 'utf8'), key: await readFile(o.tlsKey, 'utf8') } : undefined;
  const server = await startServer({
    dir: path.resolve(io.cwd, dir!), port, cert, timeScale: scale, latency: (o.simLatency as 'median' | 'sampled') ?? 'sampled',
    faults: faultSpec ? parseFaults(faultSpec) : undefined,
  });
  const caFile = path.resolve(io.cwd, dir!, 'ca.pem');
  await writeFile(caFile, server.caPem, { mode: 0o644 });
  const doc = { url: server.url, ca: caFile, dir: path.resolve(io.cwd, dir!) };
  io.stdout.write(o.output === 'json' ? JSON.stringify(doc) + '\n' : `ARM simulator listening on ${server.url}\nCA to trust: ${caFile}  (e.g. NODE_EXTRA_CA_CERTS=${caFile}, or REQUESTS_CA_BUNDLE for the Azure CLI)\nCtrl-C to stop.\n`);
  if (!untilSignal) { await server.close(); return 0; }
  await new Promise<void>((resolve) => {
    const stop = () => { process.off('SIGINT', stop); process.off('SIGTERM', stop); resolve(); };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await server.close();
  io.stderr.write('stopped\n');
  return 0;
}
