// Cross-field checks of the network layout: the address space and every subnet a module declares
// (steps/<x>.ts `subnets`). Azure would otherwise reject these minutes into a run, or worse,
// accept them and fail later when AKS scales.
import { SUBNETS } from '../../steps/index.js';
import type { Problem } from '../errors.js';
import { AZURE_RESERVED_PER_SUBNET, type Cidr, cidrProblem, contains, isPrivate, overlaps, parseCidr, prefixFor, PRIVATE_RANGES, usableInSubnet } from './cidr.js';
import { type Finding, quote, toProblems } from './problems.js';
import type { Config } from './schema.js';

export interface NetworkLayout {
  addressSpace: string;
  subnets: Readonly<Record<string, string>>;
}

/**
 * Each finding lists the paths it read. Values that are not valid CIDRs are skipped here (the
 * schema reports them). `config` is what the subnets' own size needs read (AKS node count).
 */
export function networkFindings(net: NetworkLayout, config: Config): Finding[] {
  const out: Finding[] = [];
  const spacePath = 'network.addressSpace';
  const space = cidrProblem(net.addressSpace) ? undefined : parseCidr(net.addressSpace);
  if (space && !isPrivate(space)) {
    out.push({
      path: spacePath,
      message: `${quote(net.addressSpace)} is a public range; use a private range (${PRIVATE_RANGES.join(', ')}): a VNet on public addresses hides the real internet hosts that use them`,
      involves: [spacePath],
    });
  }
  const seen: { path: string; cidr: Cidr }[] = [];
  for (const spec of SUBNETS.filter((s) => s.enabled?.(config) ?? true)) {
    const path = `network.subnets.${spec.key}`;
    const text = net.subnets[spec.key];
    if (text === undefined || cidrProblem(text)) continue;
    const c = parseCidr(text)!;
    if (space && !contains(space, c)) {
      out.push({ path, message: `${quote(text)} is not inside the address space ${spacePath} (${quote(net.addressSpace)})`, involves: [path, spacePath] });
    }
    for (const other of seen) {
      if (overlaps(other.cidr, c)) {
        out.push({ path, message: `${quote(text)} overlaps ${other.path} (${quote(other.cidr.text)}); subnets must not share addresses`, involves: [path, other.path] });
      }
    }
    seen.push({ path, cidr: c });

    const need = spec.needs?.(config);
    if (need === false) continue;
    if (need) {
      const want = Math.min(spec.minPrefix, prefixFor(need.addresses));
      if (c.prefix > want) {
        out.push({
          path,
          message: `${quote(text)} is too small for ${need.why} = ${need.addresses} addresses and a /${c.prefix} has ${usableInSubnet(c)} usable (Azure reserves ${AZURE_RESERVED_PER_SUBNET}); use a /${want} or larger`,
          involves: [path, ...need.involves],
        });
      }
    } else if (c.prefix > spec.minPrefix) {
      out.push({
        path,
        message: `${quote(text)} is too small for ${spec.purpose}: use a /${spec.minPrefix} or larger (a /${c.prefix} has ${usableInSubnet(c)} usable addresses; Azure reserves ${AZURE_RESERVED_PER_SUBNET} in every subnet)`,
        involves: [path],
      });
    }
  }
  return out;
}

/** `networkFindings` as plain problems. */
export function checkNetwork(net: NetworkLayout, config: Config): Problem[] {
  return toProblems(networkFindings(net, config));
}
