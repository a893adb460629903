// `sim serve`: the same simulator over HTTPS on 127.0.0.1 for any ARM client (Azure CLI with a
// custom cloud, Terraform's azurerm, a script). It shares DIR with `--simulate DIR` runs.
import { serveSimulator, type ServeOptions } from '../src/app/simulator.js';
import type { Io } from '../src/ui/io.js';

export async function simServe(o: ServeOptions & { output?: string }, io: Io, untilSignal = true): Promise<number> {
  const server = await serveSimulator(o, io);
  const doc = { url: server.url, ca: server.ca, dir: server.dir, tenant: server.tenant, appId: server.appId, credentialFile: server.credentialFile };
  io.stdout.write(o.output === 'json' ? JSON.stringify(doc) + '\n' : [
    `ARM simulator listening on ${server.url} (ARM, Microsoft Entra sign-in, Microsoft Graph; also an HTTPS proxy for login.microsoftonline.com, management.azure.com, graph.microsoft.com)`,
    `CA to trust: ${server.ca}  (e.g. NODE_EXTRA_CA_CERTS=${server.ca}, or REQUESTS_CA_BUNDLE for the Azure CLI)`,
    `Sign in as service principal ${server.appId} in tenant ${server.tenant}; its secret is in ${server.credentialFile}`,
    'Ctrl-C to stop.',
    '',
  ].join('\n'));
  if (untilSignal) {
    await new Promise<void>((resolve) => {
      const unsubscribe = io.onSignal(() => { unsubscribe(); resolve(); });
    });
  }
  await server.close();
  if (untilSignal) io.stderr.write('stopped\n');
  return 0;
}
