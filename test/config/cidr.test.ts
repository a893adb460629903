import { describe, expect, it } from 'vitest';
import { aksCniAddressesNeeded, cidrProblem, contains, isPrivate, networkOf, overlaps, parseCidr, sizeOf, usableInSubnet } from '../../src/config/cidr.js';
import { validateConfig } from '../../src/config/load.js';
import { DEMO_TLS, lines, minimal, problemsOf } from './helpers.js';

const net = (subnets: Record<string, string>, addressSpace?: string) => minimal({ network: { ...(addressSpace ? { addressSpace } : {}), subnets } });
const c = (s: string) => parseCidr(s)!;

describe('CIDR helpers', () => {
  it('parses strict dotted-quad CIDRs only', () => {
    expect(parseCidr('10.0.1.0/24')).toMatchObject({ prefix: 24 });
    for (const bad of ['10.0.0.0/33', '10.0.0/24', '10.1/16', '010.0.0.0/8', '256.0.0.0/8', '10.0.0.0', '10.0.0.0/024', ' ', 'fd00::/8']) {
      expect(parseCidr(bad), bad).toBeUndefined();
    }
  });

  it('does the arithmetic', () => {
    expect(sizeOf(c('10.0.1.0/24'))).toBe(256);
    expect(usableInSubnet(c('10.0.3.0/28'))).toBe(11);
    expect(contains(c('10.0.0.0/16'), c('10.0.255.0/24'))).toBe(true);
    expect(contains(c('10.0.0.0/16'), c('10.1.0.0/24'))).toBe(false);
    expect(overlaps(c('10.0.1.0/24'), c('10.0.1.128/25'))).toBe(true);
    expect(overlaps(c('10.0.1.0/25'), c('10.0.1.128/25'))).toBe(false);
    expect(networkOf(c('10.0.1.5/24'))).toBe('10.0.1.0/24');
    expect(isPrivate(c('172.16.0.0/12'))).toBe(true);
    expect(isPrivate(c('100.64.0.0/16'))).toBe(true);
    expect(isPrivate(c('172.32.0.0/16'))).toBe(false);
    expect(isPrivate(c('0.0.0.0/0'))).toBe(false);
    expect(aksCniAddressesNeeded(3)).toBe(124);
    expect(cidrProblem('10.0.1.0/24')).toBeUndefined();
  });
});

describe('network layout problems', () => {
  it('/33 is not a CIDR', () => {
    expect(lines(problemsOf(net({ training: '10.0.0.0/33' })))).toEqual([
      'network.subnets.training: "10.0.0.0/33" is not a CIDR (expected a.b.c.d/n with n ≤ 32, e.g. 10.0.1.0/24)',
    ]);
  });

  it('host bits set, with the network to use instead', () => {
    expect(lines(problemsOf(net({ training: '10.0.1.5/24' })))).toEqual(['network.subnets.training: "10.0.1.5/24" has host bits set; use 10.0.1.0/24']);
    expect(lines(problemsOf(net({}, '10.0.0.1/16')))).toEqual(['network.addressSpace: "10.0.0.1/16" has host bits set; use 10.0.0.0/16']);
  });

  it('overlapping subnets name both', () => {
    expect(lines(problemsOf(net({ scoring: '10.0.1.0/24' })))).toEqual([
      'network.subnets.scoring: "10.0.1.0/24" overlaps network.subnets.training ("10.0.1.0/24"); subnets must not share addresses',
    ]);
  });

  it('a subnet outside the address space', () => {
    expect(lines(problemsOf(net({ privateEndpoints: '192.168.3.0/24' })))).toEqual([
      'network.subnets.privateEndpoints: "192.168.3.0/24" is not inside the address space network.addressSpace ("10.0.0.0/16")',
    ]);
  });

  it('subnets that are too small for their job', () => {
    expect(lines(problemsOf(net({ privateEndpoints: '10.0.3.0/29', training: '10.0.1.0/28' })))).toEqual([
      expect.stringMatching(/^network\.subnets\.training: "10\.0\.1\.0\/28" is too small .*use a \/27 or larger/),
      expect.stringMatching(/^network\.subnets\.privateEndpoints: "10\.0\.3\.0\/29" is too small for private endpoints: use a \/28 or larger/),
    ]);
    expect(() => validateConfig(net({ privateEndpoints: '10.0.3.0/28', training: '10.0.1.0/27' }))).not.toThrow();
  });

  it('scoring is sized from aks.nodeCount (Azure CNI: (n + 1) × 31 addresses)', () => {
    const withAks = (scoring: string, nodeCount: number, enabled = true) => minimal({ network: { subnets: { scoring } }, aks: { enabled, nodeCount, tls: DEMO_TLS } });
    expect(lines(problemsOf(withAks('10.0.2.0/25', 3)))).toEqual([
      'network.subnets.scoring: "10.0.2.0/25" is too small for AKS with Azure CNI: 3 nodes need (3 + 1) × 31 = 124 addresses and a /25 has 123 usable (Azure reserves 5); use a /24 or larger',
    ]);
    expect(lines(problemsOf(withAks('10.0.2.0/24', 10)))[0]).toMatch(/10 nodes need \(10 \+ 1\) × 31 = 341 addresses .*use a \/23 or larger/);
    expect(() => validateConfig(withAks('10.0.2.0/25', 2))).not.toThrow(); // 93 addresses fit in 123
    expect(lines(problemsOf(withAks('10.0.2.0/26', 1)))[0]).toMatch(/use a \/25 or larger/); // /25 is the floor
    expect(() => validateConfig(withAks('10.0.2.0/28', 3, false))).not.toThrow(); // no AKS, no requirement
  });

  it('a public address space is a problem', () => {
    expect(lines(problemsOf(minimal({ network: { addressSpace: '20.0.0.0/16', subnets: { training: '20.0.1.0/24', scoring: '20.0.2.0/24', privateEndpoints: '20.0.3.0/24' } } })))).toEqual([
      expect.stringMatching(/^network\.addressSpace: "20\.0\.0\.0\/16" is a public range; use a private range \(10\.0\.0\.0\/8, 172\.16\.0\.0\/12, 192\.168\.0\.0\/16, 100\.64\.0\.0\/10\)/),
    ]);
  });
});
