// Writes the demonstration TLS pair templates/demo-tls/scoring.{crt,key} (self-signed, CN
// scoring.mlsec.internal) that the example config points at, when it is missing. Generated on each
// machine, never committed: a private key in the repository would be public. `npm run demo` and the
// test setup run it; for Azure make your own certificate (templates/demo-tls/README.md).
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import selfsigned from 'selfsigned';

const DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../templates/demo-tls');
export const DEMO_CNAME = 'scoring.mlsec.internal';

export async function ensureDemoTls() {
  const cert = path.join(DIR, 'scoring.crt');
  const key = path.join(DIR, 'scoring.key');
  if (existsSync(cert) && existsSync(key)) return { cert, key };
  mkdirSync(DIR, { recursive: true });
  const notBeforeDate = new Date(Date.now() - 60 * 60 * 1000);
  const pems = await selfsigned.generate([{ name: 'commonName', value: DEMO_CNAME }], {
    keyType: 'ec', curve: 'P-256', algorithm: 'sha256', notBeforeDate,
    notAfterDate: new Date(notBeforeDate.getTime() + 365 * 24 * 60 * 60 * 1000),
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 2, value: DEMO_CNAME }] }],
  });
  writeFileSync(key, pems.private, { mode: 0o600 });
  writeFileSync(cert, pems.cert);
  return { cert, key };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await ensureDemoTls();
