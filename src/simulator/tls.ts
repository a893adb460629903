// A self-signed certificate for the HTTPS server (server.ts): CN 127.0.0.1, SAN IP:127.0.0.1 and
// DNS:localhost, P-256 key. Generated in process with selfsigned (no openssl binary needed); clients
// trust it by passing its PEM as their CA.

/** Public-cloud hosts sim serve also answers for, as a proxy (server.ts): the certificate names them. */
export const PROXIED_HOSTS = ['login.microsoftonline.com', 'management.azure.com', 'graph.microsoft.com'];
export interface CertificatePair {
  /** PEM certificate (self-signed: it is its own CA). */
  cert: string;
  /** PEM private key. */
  key: string;
}

export async function selfSignedCertificate(validDays = 30): Promise<CertificatePair> {
  const { generate } = (await import('selfsigned')).default;
  const notBeforeDate = new Date(Date.now() - 60 * 60 * 1000); // tolerate clock skew
  const notAfterDate = new Date(notBeforeDate.getTime() + validDays * 24 * 60 * 60 * 1000);
  const pems = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', digitalSignature: true, keyCertSign: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      // The public-cloud hosts too: sim serve answers for them as a proxy (server.ts), for clients that trust this PEM.
      { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }, { type: 2, value: 'localhost' }, ...PROXIED_HOSTS.map((value) => ({ type: 2 as const, value }))] },
    ],
  });
  return { cert: pems.cert, key: pems.private };
}
