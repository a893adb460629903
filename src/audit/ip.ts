// ipRangeContains(range, targetRange) as Azure Policy defines it: single addresses, CIDR ranges
// and "start-end" ranges, IPv4 or IPv6; mixing families or empty ranges is an evaluation error.
import ipaddr from 'ipaddr.js';

interface Span { family: 'ipv4' | 'ipv6'; start: bigint; end: bigint }

function toBig(bytes: number[]): bigint {
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  return n;
}

function parseAddr(s: string): { family: 'ipv4' | 'ipv6'; n: bigint; bits: number } {
  const t = s.trim();
  if (!ipaddr.isValid(t)) throw new Error(`ipRangeContains: '${s}' is not an IP address`);
  const a = ipaddr.parse(t);
  const family = a.kind();
  return { family, n: toBig(a.toByteArray()), bits: family === 'ipv4' ? 32 : 128 };
}

export function parseIpRange(s: unknown): Span {
  if (typeof s !== 'string' || s.trim() === '') throw new Error(`ipRangeContains: empty or non-string range ${JSON.stringify(s)}`);
  const t = s.trim();
  const dash = t.indexOf('-');
  if (dash > 0) {
    const a = parseAddr(t.slice(0, dash));
    const b = parseAddr(t.slice(dash + 1));
    if (a.family !== b.family) throw new Error(`ipRangeContains: '${s}' mixes IP families`);
    if (a.n > b.n) throw new Error(`ipRangeContains: '${s}' is an empty range`);
    return { family: a.family, start: a.n, end: b.n };
  }
  const slash = t.indexOf('/');
  if (slash > 0) {
    const a = parseAddr(t.slice(0, slash));
    const prefixText = t.slice(slash + 1);
    if (!/^\d{1,3}$/.test(prefixText)) throw new Error(`ipRangeContains: '${s}' has a bad prefix length`);
    const prefix = Number(prefixText);
    if (prefix > a.bits) throw new Error(`ipRangeContains: '${s}' has a bad prefix length`);
    const hostBits = BigInt(a.bits - prefix);
    const mask = (1n << hostBits) - 1n;
    const start = a.n & ~mask;
    return { family: a.family, start, end: start | mask };
  }
  const a = parseAddr(t);
  return { family: a.family, start: a.n, end: a.n };
}

export function ipRangeContains(range: unknown, target: unknown): boolean {
  const r = parseIpRange(range);
  const t = parseIpRange(target);
  if (r.family !== t.family) throw new Error(`ipRangeContains: cannot compare ${r.family} range with ${t.family} range`);
  return t.start >= r.start && t.end <= r.end;
}
