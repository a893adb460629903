import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../src/config/load.js';
import { deriveNames, nameProblem, nameSuffix, validateNames } from '../../src/config/naming.js';
import type { Config } from '../../src/config/schema.js';
import { lines, minimal, problemsOf, SUB } from './helpers.js';

const accepts = (section: string, key: string, value: string) => {
  const raw = minimal({ [section]: { [key]: value } });
  return validateConfig(raw).names;
};
const rejects = (section: string, key: string, value: string) => lines(problemsOf(minimal({ [section]: { [key]: value } })));

describe('derived names', () => {
  it('the suffix is 6 base-36 chars of sha256(subscription/name/env): stable, and different per input', () => {
    const s = nameSuffix(SUB, 'mlsec', 'dev');
    expect(s).toMatch(/^[0-9a-z]{6}$/);
    expect(nameSuffix(SUB, 'mlsec', 'dev')).toBe(s);
    expect(nameSuffix(SUB, 'mlsec', 'prod')).not.toBe(s);
    expect(nameSuffix('22222222-2222-3333-4444-555555555555', 'mlsec', 'dev')).not.toBe(s);
  });

  it('explicit names override the derived ones', () => {
    const { names } = validateConfig(minimal({ storage: { name: 'mystorage01' }, workspace: { name: 'my_ws' }, resourceGroup: { name: 'rg-shared', existing: true } }));
    expect(names).toMatchObject({ storage: 'mystorage01', workspace: 'my_ws', resourceGroup: 'rg-shared' });
  });

  it('the longest name and environment still give valid names', () => {
    const { names } = validateConfig(minimal({ name: 'abcdefghij', environment: 'abcdefghijklmnop' }));
    expect(names.workspace).toHaveLength(31);
  });

  it('an invalid derived name is reported on `name`, saying which resource it breaks', () => {
    const config = validateConfig(minimal()).config;
    const long = { ...config, name: 'averyveryverylongname', environment: 'production-eu-west' } as Config;
    const problems = validateNames(long, deriveNames(long));
    expect(problems.every((p) => p.path === 'name')).toBe(true);
    expect(lines(problems)).toEqual(expect.arrayContaining([
      expect.stringMatching(/^name: "averyveryverylongname" gives the storage account the name "stavery\w+", which must be 3-24 lowercase letters and digits; choose a shorter name or set storage\.name/),
      expect.stringMatching(/^name: .* gives the Azure ML workspace the name "mlw-averyveryverylongname-production-eu-west"/),
    ]));
  });
});

describe('name rules per resource type (boundary lengths)', () => {
  it('storage: 3-24 lowercase letters and digits', () => {
    expect(accepts('storage', 'name', 'abc').storage).toBe('abc');
    expect(accepts('storage', 'name', 'a'.repeat(24)).storage).toHaveLength(24);
    expect(rejects('storage', 'name', 'ab')).toEqual(['storage.name: "ab" must be 3-24 lowercase letters and digits']);
    expect(rejects('storage', 'name', 'a'.repeat(25))).toEqual([`storage.name: "${'a'.repeat(25)}" must be 3-24 lowercase letters and digits`]);
    expect(rejects('storage', 'name', 'My_Storage')).toEqual(['storage.name: "My_Storage" must be 3-24 lowercase letters and digits']);
  });

  it('registry: 5-50 letters and digits', () => {
    expect(accepts('registry', 'name', 'Abc12').registry).toBe('Abc12');
    expect(accepts('registry', 'name', 'r'.repeat(50)).registry).toHaveLength(50);
    expect(rejects('registry', 'name', 'abcd')).toEqual(['registry.name: "abcd" must be 5-50 letters and digits']);
    expect(rejects('registry', 'name', 'r'.repeat(51))).toHaveLength(1);
    expect(rejects('registry', 'name', 'my-registry')).toEqual(['registry.name: "my-registry" must be 5-50 letters and digits']);
  });

  it('key vault: 3-24, letters/digits/hyphens, starts with a letter, ends with a letter or digit, no "--"', () => {
    expect(accepts('keyVault', 'name', 'k-1').keyVault).toBe('k-1');
    expect(accepts('keyVault', 'name', 'k'.repeat(24)).keyVault).toHaveLength(24);
    for (const bad of ['kv', 'k'.repeat(25), '1kv', 'kv-', 'k--v', 'kv_1']) {
      expect(rejects('keyVault', 'name', bad), bad).toEqual([expect.stringMatching(/^keyVault\.name: ".*" must be 3-24 letters, digits and hyphens, starting with a letter, ending with a letter or digit, with no "--"$/)]);
    }
  });

  it('workspace: 3-33 letters, digits, "-" and "_", starting with a letter or digit', () => {
    expect(accepts('workspace', 'name', 'w_1').workspace).toBe('w_1');
    expect(accepts('workspace', 'name', '1' + 'w'.repeat(32)).workspace).toHaveLength(33);
    for (const bad of ['ws', 'w'.repeat(34), '_ws', '-ws', 'my.ws']) {
      expect(rejects('workspace', 'name', bad), bad).toEqual([expect.stringMatching(/^workspace\.name: ".*" must be 3-33 letters, digits, '-' and '_', starting with a letter or digit$/)]);
    }
  });

  it('compute cluster: 2-16, starts with a letter, does not end with a hyphen', () => {
    expect(nameProblem('cluster', 'c1')).toBeUndefined();
    expect(nameProblem('cluster', 'c'.repeat(16))).toBeUndefined();
    for (const bad of ['c', 'c'.repeat(17), '1cluster', 'cluster-']) expect(nameProblem('cluster', bad), bad).toBeDefined();
    expect(lines(problemsOf(minimal({ compute: { cluster: { name: 'gpu_cluster' } } })))).toEqual([
      'compute.cluster.name: "gpu_cluster" must be 2-16 letters, digits and hyphens, starting with a letter and not ending with a hyphen',
    ]);
  });

  it('compute instances: 3-24, starts with a letter; unique with the cluster', () => {
    expect(nameProblem('computeInstance', 'ci1')).toBeUndefined();
    expect(nameProblem('computeInstance', 'c'.repeat(24))).toBeUndefined();
    for (const bad of ['ci', 'c'.repeat(25), '1ci', 'ci_1']) expect(nameProblem('computeInstance', bad), bad).toBeDefined();
    const problems = lines(problemsOf(minimal({ compute: { instances: [{ name: 'ci-a', userObjectId: SUB }, { name: 'CI-A', userObjectId: SUB }] } })));
    expect(problems).toEqual(['compute.instances[1].name: "CI-A" is already used by compute.instances[0].name; compute names must be unique in the workspace']);
  });

  it('short name and environment rules', () => {
    expect(lines(problemsOf(minimal({ name: 'a' })))[0]).toMatch(/^name: "a" must be 2-10 lowercase letters and digits/);
    expect(lines(problemsOf(minimal({ name: 'abcdefghijk' })))).toHaveLength(1);
    expect(lines(problemsOf(minimal({ environment: 'dev-' })))[0]).toMatch(/^environment: "dev-" must be 1-16 lowercase letters, digits and hyphens/);
    expect(lines(problemsOf(minimal({ environment: 'a'.repeat(17) })))).toHaveLength(1);
    expect(validateConfig(minimal({ environment: 'a'.repeat(16) })).config.environment).toHaveLength(16);
  });
});
