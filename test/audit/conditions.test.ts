import { describe, expect, it } from 'vitest';
import { applyOperator, evaluateCondition, typeApplicability, type EvalEnv } from '../../src/audit/conditions.js';
import type { ArmResource } from '../../src/audit/policy.js';

const nsg: ArmResource = {
  id: '/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/networkSecurityGroups/nsg', name: 'nsg-web', type: 'Microsoft.Network/networkSecurityGroups',
  location: 'westeurope', tags: { Env: 'prod', 'cost.center': '42' }, identity: { type: 'SystemAssigned' },
  properties: {
    securityRules: [
      { name: 'a', properties: { access: 'Allow', direction: 'Inbound', destinationPortRange: '443' } },
      { name: 'b', properties: { access: 'Deny', direction: 'Inbound', destinationPortRange: '3389' } },
    ],
  },
};
const env = (r: ArmResource = nsg, parameters: Record<string, unknown> = {}): EvalEnv => ({ resource: r, fieldFnResource: r, parameters, apiVersion: '2024-11-01' });
const check = (cond: unknown, r: ArmResource = nsg) => evaluateCondition(cond, env(r));

describe('operators', () => {
  it('compare strings case-insensitively and booleans/numbers loosely', () => {
    expect(applyOperator('equals', 'Deny', 'deny')).toBe(true);
    expect(applyOperator('equals', true, 'true')).toBe(true);
    expect(applyOperator('equals', false, 'False')).toBe(true);
    expect(applyOperator('equals', 0, '0')).toBe(true);
    expect(applyOperator('notequals', undefined, 'Disabled')).toBe(true);
    expect(applyOperator('equals', undefined, '')).toBe(false);
  });

  it('like/notLike with a wildcard; missing values never match', () => {
    expect(applyOperator('like', 'imageregistry123', 'imageRegistry*')).toBe(true);
    expect(applyOperator('like', 'x.y', 'x?y')).toBe(false);
    expect(applyOperator('notlike', undefined, '*')).toBe(true);
    expect(applyOperator('like', '', '*')).toBe(true);
  });

  it('match: # digit, ? letter, . any; case-sensitive unless matchInsensitively', () => {
    expect(applyOperator('match', 'ab12-x', '??##-.')).toBe(true);
    expect(applyOperator('match', 'AB12-x', 'ab##-.')).toBe(false);
    expect(applyOperator('matchinsensitively', 'AB12-x', 'ab##-.')).toBe(true);
    expect(applyOperator('notmatch', 'abc', '###')).toBe(true);
  });

  it('contains / in / containsKey / ordering / exists', () => {
    expect(applyOperator('contains', 'Logging, AzureServices', 'azureservices')).toBe(true);
    expect(applyOperator('notcontains', 'None', 'AzureServices')).toBe(true);
    expect(applyOperator('contains', ['a', 'B'], 'b')).toBe(true);
    expect(applyOperator('in', 'healthy', ['NotApplicable', 'Healthy'])).toBe(true);
    expect(applyOperator('notin', undefined, ['x'])).toBe(true);
    expect(() => applyOperator('in', 'x', 'x')).toThrow(/array/);
    expect(applyOperator('containskey', { Env: 1 }, 'env')).toBe(true);
    expect(applyOperator('notcontainskey', { Env: 1 }, 'owner')).toBe(true);
    expect(applyOperator('less', 0, 1)).toBe(true);
    expect(applyOperator('greaterorequals', '365', '365')).toBe(true);
    expect(applyOperator('less', '2019-09-01', '2021-06-01-preview')).toBe(true);
    expect(applyOperator('greater', undefined, 1)).toBe(false);
    expect(applyOperator('exists', undefined, 'false')).toBe(true);
    expect(applyOperator('exists', 'x', 'True')).toBe(true);
    expect(applyOperator('exists', null, true)).toBe(false);
    expect(() => applyOperator('exists', 1, 'maybe')).toThrow();
  });
});

describe('fields and logical operators', () => {
  it('built-in fields and tags', () => {
    expect(check({ field: 'type', equals: 'microsoft.network/networksecuritygroups' })).toBe(true);
    expect(check({ field: 'name', like: 'nsg-*' })).toBe(true);
    expect(check({ field: 'location', equals: 'WestEurope' })).toBe(true);
    expect(check({ field: 'identity.type', equals: 'SystemAssigned' })).toBe(true);
    expect(check({ field: "tags['env']", equals: 'PROD' })).toBe(true);
    expect(check({ field: 'tags[cost.center]', equals: '42' })).toBe(true);
    expect(check({ field: 'tags.owner', exists: false })).toBe(true);
    expect(check({ field: 'tags', containsKey: 'Env' })).toBe(true);
    expect(check({ field: 'fullName', equals: 'nsg' })).toBe(true);
  });

  it('allOf / anyOf / not, with case-insensitive keywords', () => {
    expect(check({ allOf: [{ field: 'name', equals: 'nsg-web' }, { not: { field: 'location', equals: 'eastus' } }] })).toBe(true);
    expect(check({ anyof: [{ field: 'name', equals: 'x' }, { field: 'name', notequals: 'y' }] })).toBe(true);
    expect(() => check({ field: 'name' })).toThrow(/operator/);
  });

  it('[*] outside count holds only if every member matches; an empty array matches vacuously', () => {
    expect(check({ field: 'Microsoft.Network/networkSecurityGroups/securityRules[*].direction', equals: 'Inbound' })).toBe(true);
    expect(check({ field: 'Microsoft.Network/networkSecurityGroups/securityRules[*].access', equals: 'Allow' })).toBe(false);
    // "not every rule is non-Allow" = "some rule allows"
    expect(check({ not: { field: 'Microsoft.Network/networkSecurityGroups/securityRules[*].access', notEquals: 'Allow' } })).toBe(true);
    expect(check({ not: { field: 'Microsoft.Network/networkSecurityGroups/securityRules[*].access', notEquals: 'Audit' } })).toBe(false);
    const empty = { ...nsg, properties: { securityRules: [] } };
    expect(check({ field: 'Microsoft.Network/networkSecurityGroups/securityRules[*].access', equals: 'Allow' }, empty)).toBe(true);
  });

  it('field count with and without where, and comparison against an expression', () => {
    expect(check({ count: { field: 'Microsoft.Network/networkSecurityGroups/securityRules[*]' }, equals: 2 })).toBe(true);
    expect(check({
      count: {
        field: 'Microsoft.Network/networkSecurityGroups/securityRules[*]',
        where: { allOf: [{ field: 'Microsoft.Network/networkSecurityGroups/securityRules[*].access', equals: 'Allow' }, { field: 'Microsoft.Network/networkSecurityGroups/securityRules[*].destinationPortRange', equals: '443' }] },
      },
      equals: 1,
    })).toBe(true);
    expect(check({
      count: { field: 'Microsoft.Network/networkSecurityGroups/securityRules[*]', where: { field: 'Microsoft.Network/networkSecurityGroups/securityRules[*].direction', equals: 'Inbound' } },
      equals: "[length(field('Microsoft.Network/networkSecurityGroups/securityRules[*]'))]",
    })).toBe(true);
    expect(() => check({ count: { field: 'Microsoft.Network/networkSecurityGroups/securityRules[*].access' }, equals: 0 })).not.toThrow();
    expect(() => check({ count: { field: 'name' }, equals: 0 })).toThrow(/array/);
  });

  it('an alias of another resource type has no value on this resource', () => {
    expect(check({ field: 'Microsoft.Storage/storageAccounts/publicNetworkAccess', exists: false })).toBe(true);
  });

  it('the legacy logs.enabled alias selects the counted member inside count and every member outside', () => {
    const diag: ArmResource = {
      id: '/x/providers/Microsoft.Insights/diagnosticSettings/d', name: 'd', type: 'Microsoft.Insights/diagnosticSettings',
      properties: { logs: [{ category: 'AuditEvent', enabled: false }, { categoryGroup: 'allLogs', enabled: true }] },
    };
    expect(check({ field: 'Microsoft.Insights/diagnosticSettings/logs.enabled', equals: 'true' }, diag)).toBe(false);
    expect(check({
      count: { field: 'Microsoft.Insights/diagnosticSettings/logs[*]', where: { field: 'Microsoft.Insights/diagnosticSettings/logs.enabled', equals: 'true' } },
      equals: 1,
    }, diag)).toBe(true);
  });
});

describe('typeApplicability', () => {
  it('decides only the type conditions (Kleene logic)', () => {
    const rule = { anyOf: [
      { allOf: [{ field: 'type', equals: 'Microsoft.Network/virtualNetworks' }, { field: 'name', equals: 'x' }] },
      { allOf: [{ field: 'type', equals: 'Microsoft.Network/networkSecurityGroups' }, { value: 'a', equals: 'b' }] },
    ] };
    expect(typeApplicability(rule, env())).toBeUndefined();
    expect(typeApplicability(rule, env({ ...nsg, type: 'Microsoft.Storage/storageAccounts' }))).toBe(false);
    expect(typeApplicability({ field: 'type', equals: 'Microsoft.Network/networkSecurityGroups' }, env())).toBe(true);
    expect(typeApplicability({ not: { field: 'type', equals: 'Microsoft.Network/networkSecurityGroups' } }, env())).toBe(false);
  });
});
