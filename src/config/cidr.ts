// IPv4 CIDR math for the VNet layout: parse, contain, overlap, size, and the checks Azure would
// otherwise reject minutes into a run (or, worse, accept and fail later when AKS scales).
import ipaddr from 'ipaddr.js';
import { quote } from './problems.js';

export interface Cidr {
  /** The text as written, e.g. `10.0.1.0/24`. */
  text: string;
  /** First address as an unsigned 32-bit integer. */
  base: number;
  prefix: number;
}

/** Addresses Azure keeps in every subnet: network, gateway, 2 for DNS, broadcast. */
export const AZURE_RESERVED_PER_SUBNET = 5;
/** Pods per node AKS with Azure CNI reserves IPs for (the default max pods). */
export const AKS_CNI_MAX_PODS = 30;
export const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10'] as const;

export const CIDR_EXPECTED = 'expected a.b.c.d/n with n ≤ 32, e.g. 10.0.1.0/24';

const SHAPE = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

function toUint(bytes: number[]): number {
  return ((bytes[0] << 24) >>> 0) + (bytes[1] << 16) + (bytes[2] << 8) + bytes[3];
}

function fromUint(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

function maskOf(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

/**
 * Parse strict dotted-quad CIDR notation (`10.0.1.0/24`). Returns undefined for anything else,
 * including the forms ipaddr.js would tolerate but Azure rejects (`10.1/16`, `010.0.0.0/8`).
 * Host bits are allowed here; see `cidrProblem` / `networkOf`.
 */
export function parseCidr(text: string): Cidr | undefined {
  const m = SHAPE.exec(text.trim());
  if (!m) return undefined;
  const addr = `${m[1]}.${m[2]}.${m[3]}.${m[4]}`;
  if (!ipaddr.IPv4.isValidFourPartDecimal(addr)) return undefined;
  const prefix = Number(m[5]);
  if (prefix > 32 || (m[5].length > 1 && m[5].startsWith('0'))) return undefined;
  const bytes = ipaddr.IPv4.parse(addr).toByteArray();
  return { text, base: toUint(bytes), prefix };
}

/** The network a CIDR belongs to, with host bits cleared: `10.0.1.5/24` → `10.0.1.0/24`. */
export function networkOf(c: Cidr): string {
  return `${fromUint((c.base & maskOf(c.prefix)) >>> 0)}/${c.prefix}`;
}

export function hasHostBits(c: Cidr): boolean {
  return ((c.base & ~maskOf(c.prefix)) >>> 0) !== 0;
}

/** Number of addresses in the block (2^(32-n)). */
export function sizeOf(c: Cidr): number {
  return 2 ** (32 - c.prefix);
}

/** Addresses Azure lets you use in a subnet of this size. */
export function usableInSubnet(c: Cidr): number {
  return Math.max(0, sizeOf(c) - AZURE_RESERVED_PER_SUBNET);
}

function start(c: Cidr): number {
  return (c.base & maskOf(c.prefix)) >>> 0;
}

function end(c: Cidr): number {
  return start(c) + sizeOf(c) - 1;
}

/** True when every address of `inner` lies in `outer`. */
export function contains(outer: Cidr, inner: Cidr): boolean {
  return start(inner) >= start(outer) && end(inner) <= end(outer);
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  return start(a) <= end(b) && start(b) <= end(a);
}

/** RFC 1918 or carrier-grade NAT (100.64.0.0/10) space, as Azure recommends for VNets. */
export function isPrivate(c: Cidr): boolean {
  return PRIVATE_RANGES.some((r) => contains(parseCidr(r)!, c));
}

/** IPs Azure CNI takes for an AKS cluster: one per node plus max-pods per node, with one node of surge. */
export function aksCniAddressesNeeded(nodeCount: number, maxPods = AKS_CNI_MAX_PODS): number {
  return (nodeCount + 1) * (maxPods + 1);
}

/** Largest prefix whose usable addresses cover `needed`. */
export function prefixFor(needed: number): number {
  for (let p = 32; p >= 0; p--) if (2 ** (32 - p) - AZURE_RESERVED_PER_SUBNET >= needed) return p;
  return 0;
}

/**
 * The problem with one CIDR on its own, as a message that quotes it, or undefined when it is fine:
 * not a CIDR, or host bits set.
 */
export function cidrProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return `${quote(value)} is not a CIDR (${CIDR_EXPECTED})`;
  const c = parseCidr(value);
  if (!c) return `${quote(value)} is not a CIDR (${CIDR_EXPECTED})`;
  if (hasHostBits(c)) return `${quote(value)} has host bits set; use ${networkOf(c)}`;
  return undefined;
}

/** The `index`-th block of size /`prefix` inside `c` (`carve(10.100.0.0/24, 26, 1)` → 10.100.0.64/26), or undefined when it does not fit. */
export function carve(c: Cidr, prefix: number, index: number): string | undefined {
  if (prefix < c.prefix || prefix > 32) return undefined;
  const size = 2 ** (32 - prefix);
  if ((index + 1) * size > sizeOf(c)) return undefined;
  return `${fromUint(((c.base & maskOf(c.prefix)) >>> 0) + index * size)}/${prefix}`;
}
