// CIDR arithmetic for address-space rules (containment, overlap, host bits, free-address search).
import ipaddr from 'ipaddr.js';

export interface Cidr {
  text: string;
  version: 4 | 6;
  prefix: number;
  /** First address of the block, as an integer. */
  start: bigint;
  /** Last address of the block. */
  end: bigint;
  /** The address as written (may have host bits set). */
  given: bigint;
}

const bits = (version: 4 | 6): number => (version === 4 ? 32 : 128);

function toBig(addr: ipaddr.IPv4 | ipaddr.IPv6): bigint {
  return addr.toByteArray().reduce((acc, b) => (acc << 8n) | BigInt(b), 0n);
}

export function fromBig(value: bigint, version: 4 | 6): string {
  const bytes: number[] = [];
  for (let i = 0; i < bits(version) / 8; i++) bytes.unshift(Number((value >> BigInt(8 * i)) & 0xffn));
  return ipaddr.fromByteArray(bytes).toString();
}

/** Strict parse: "a.b.c.d/n" (four-part decimal) or an IPv6 prefix; undefined when malformed. */
export function parseCidr(text: string): Cidr | undefined {
  const m = /^([^/]+)\/(\d{1,3})$/.exec(text);
  if (!m) return undefined;
  const [, addrText, prefixText] = m;
  let addr: ipaddr.IPv4 | ipaddr.IPv6;
  if (ipaddr.IPv4.isValidFourPartDecimal(addrText)) addr = ipaddr.IPv4.parse(addrText);
  else if (ipaddr.IPv6.isValid(addrText)) addr = ipaddr.IPv6.parse(addrText);
  else return undefined;
  const version = addr.kind() === 'ipv4' ? 4 : 6;
  const prefix = Number(prefixText);
  if (prefix > bits(version)) return undefined;
  const given = toBig(addr);
  const hostBits = BigInt(bits(version) - prefix);
  const start = (given >> hostBits) << hostBits;
  const end = start + (1n << hostBits) - 1n;
  return { text, version, prefix, start, end, given };
}

export function parseIp(text: string): { version: 4 | 6; value: bigint } | undefined {
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) return { version: 4, value: toBig(ipaddr.IPv4.parse(text)) };
  if (ipaddr.IPv6.isValid(text)) return { version: 6, value: toBig(ipaddr.IPv6.parse(text)) };
  return undefined;
}

export const hasHostBits = (c: Cidr): boolean => c.given !== c.start;

export const networkAddress = (c: Cidr): string => `${fromBig(c.start, c.version)}/${c.prefix}`;

export const contains = (outer: Cidr, inner: Cidr): boolean =>
  outer.version === inner.version && outer.start <= inner.start && inner.end <= outer.end;

export const overlaps = (a: Cidr, b: Cidr): boolean => a.version === b.version && a.start <= b.end && b.start <= a.end;
