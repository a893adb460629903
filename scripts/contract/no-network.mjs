// Preloaded into every oav process (`node --import`): oav 4.0.3 only needs the local swagger files (every
// cross-file $ref in test/fixtures/azure-rest-api-specs resolves locally), so any socket it opens is a bug in
// the setup (a remote $ref, a git clone, telemetry). The connection is refused and a marker line goes to
// stderr, which run.mjs turns into a failure.
import dns from 'node:dns';
import net from 'node:net';

const MARK = 'CONTRACT-NO-NETWORK';
const report = (what) => process.stderr.write(`${MARK}: blocked ${what}\n`);

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  const o = args[0];
  const opts = Array.isArray(o) ? o[0] : o;
  // Local IPC (pipes, unix sockets) is allowed; TCP to anywhere is not.
  if (opts && typeof opts === 'object' && typeof opts.path === 'string') return connect.apply(this, args);
  if (typeof opts === 'string' && Number.isNaN(Number(opts))) return connect.apply(this, args);
  const where = typeof opts === 'object' && opts ? `${opts.host ?? 'localhost'}:${opts.port}` : `${args[1] ?? 'localhost'}:${opts}`;
  report(`connect to ${where}`);
  throw new Error(`${MARK}: network access is not allowed in the contract check (${where})`);
};
for (const name of ['lookup', 'resolve', 'resolve4', 'resolve6']) {
  dns[name] = (host, ...rest) => {
    report(`dns.${name}(${host})`);
    const cb = rest.find((a) => typeof a === 'function');
    const err = new Error(`${MARK}: DNS is not allowed in the contract check (${host})`);
    if (cb) process.nextTick(cb, err);
    else throw err;
  };
}
