import { describe, expect, it } from 'vitest';
import { evaluateCondition, type EvalEnv } from '../../src/audit/conditions.js';
import { evaluateValue, ExpressionError, isExpression, literalCallArgs, parseExpression, type ExpressionContext } from '../../src/audit/expressions.js';
import { ipRangeContains } from '../../src/audit/ip.js';
import type { ArmResource } from '../../src/audit/policy.js';

const ctx = (over: Partial<ExpressionContext> = {}): ExpressionContext => ({
  apiVersion: '2024-11-01',
  parameter: (n) => ({ x: 'X', n: 1, list: ['a', 'b'], obj: { a: { b: 'deep' } }, days: '30' } as Record<string, unknown>)[n],
  field: (n) => ({ name: 'myName', 'Microsoft.Test/t/missing': '' } as Record<string, unknown>)[n],
  current: () => { throw new Error('no count'); },
  ...over,
});
const ev = (s: string, c = ctx()) => evaluateValue(s, c);

describe('template expressions', () => {
  it('recognises expressions and the [[ escape', () => {
    expect(isExpression("[parameters('x')]")).toBe(true);
    expect(isExpression('[[not an expression]')).toBe(false);
    expect(isExpression('plain')).toBe(false);
    expect(ev('[[literal]')).toBe('[literal]');
    expect(ev('plain')).toBe('plain');
    expect(evaluateValue(42, ctx())).toBe(42);
  });

  it('parameters(), field(), property and index access', () => {
    expect(ev("[parameters('x')]")).toBe('X');
    expect(ev("[parameters('obj').a.b]")).toBe('deep');
    expect(ev("[parameters('obj')['a']['b']]")).toBe('deep');
    expect(ev("[parameters('list')[1]]")).toBe('b');
    expect(ev("[field('name')]")).toBe('myName');
  });

  it('string functions', () => {
    expect(ev("[concat('a', parameters('x'), 'c', 1)]")).toBe('aXc1');
    expect(ev("[concat(parameters('list'), createArray('c'))]")).toEqual(['a', 'b', 'c']);
    expect(ev("[padLeft(parameters('days'), 3, '0')]")).toBe('030');
    expect(ev("[padLeft(7, 3, '0')]")).toBe('007');
    expect(ev("[padLeft('1234', 3, '0')]")).toBe('1234');
    expect(ev("[toLower('MiXeD')]")).toBe('mixed');
    expect(ev("[toUpper('MiXeD')]")).toBe('MIXED');
    expect(ev("[split('a,b;c', createArray(',', ';'))]")).toEqual(['a', 'b', 'c']);
    expect(ev("[first(split('rg/name', '/'))]")).toBe('rg');
    expect(ev("[last(split('rg/name', '/'))]")).toBe('name');
    expect(ev("[first('abc')]")).toBe('a');
    expect(ev("['it''s']")).toBe("it's");
    expect(ev("[substring('abcdef', 1, 3)]")).toBe('bcd');
  });

  it('logic and collection functions', () => {
    expect(ev("[if(equals(parameters('n'), 1), 'one', 'other')]")).toBe('one');
    expect(ev("[if(false(), field('no-such-field-is-evaluated'), 'lazy')]")).toBe('lazy');
    expect(ev("[empty('')]")).toBe(true);
    expect(ev("[empty(field('Microsoft.Test/t/missing'))]")).toBe(true);
    expect(ev("[empty(parameters('list'))]")).toBe(false);
    expect(ev("[empty(createArray())]")).toBe(true);
    expect(ev("[length(parameters('list'))]")).toBe(2);
    expect(ev("[length('abc')]")).toBe(3);
    expect(ev("[contains('abc', 'b')]")).toBe(true);
    expect(ev("[contains(parameters('list'), 'b')]")).toBe(true);
    expect(ev("[contains(parameters('list'), 'z')]")).toBe(false);
    expect(ev("[contains(parameters('obj'), 'A')]")).toBe(true);
    expect(ev("[and(true, not(false))]")).toBe(true);
    expect(ev("[or(false, equals('a', 'A'))]")).toBe(true);
    expect(ev("[less(1, 2)]")).toBe(true);
  });

  it('requestContext().apiVersion is the configured recent version', () => {
    expect(ev('[requestContext().apiVersion]')).toBe('2024-11-01');
  });

  it('ipRangeContains', () => {
    expect(ev("[ipRangeContains('10.0.0.0/8', '10.1.2.3')]")).toBe(true);
    expect(ipRangeContains('10.0.0.0/24', '10.0.0.0/23')).toBe(false);
    expect(ipRangeContains('192.168.0.1-192.168.0.9', '192.168.0.5')).toBe(true);
    expect(ipRangeContains('2001:db8::/32', '2001:db8::1')).toBe(true);
    expect(() => ipRangeContains('10.0.0.0/8', '2001:db8::1')).toThrow(/families|compare/);
  });

  it('reports errors with the expression', () => {
    expect(() => ev("[noSuchFunction('a')]")).toThrow(ExpressionError);
    expect(() => ev("[noSuchFunction('a')]")).toThrow(/noSuchFunction/);
    expect(() => parseExpression("concat('a'")).toThrow(ExpressionError);
    expect(() => parseExpression("'unterminated")).toThrow(/unterminated/);
  });

  it('finds literal field()/current() arguments', () => {
    expect(literalCallArgs("[padLeft(current('A/b/logs[*].days'), 3, field('name'))]", 'current')).toEqual(['A/b/logs[*].days']);
    expect(literalCallArgs("[padLeft(current('A/b/logs[*].days'), 3, field('name'))]", 'field')).toEqual(['name']);
  });
});

describe('count and current()', () => {
  const vault: ArmResource = {
    id: '/subscriptions/s/resourceGroups/g/providers/Microsoft.KeyVault/vaults/kv', name: 'kv', type: 'Microsoft.KeyVault/vaults',
    properties: { networkAcls: { ipRules: [{ value: '10.1.2.3' }, { value: '11.0.0.1/32' }] } },
  };
  const env = (parameters: Record<string, unknown> = {}): EvalEnv => ({ resource: vault, fieldFnResource: vault, parameters, apiVersion: '2024-11-01' });

  it("current('alias[*].x') inside a nested value count (the Key Vault firewall pattern)", () => {
    const cond = (allowed: string[]) => evaluateCondition({
      count: {
        field: 'Microsoft.KeyVault/vaults/networkAcls.ipRules[*]',
        where: {
          count: {
            value: '[parameters(\'allowed\')]', name: 'allowedIp',
            where: { value: "[ipRangeContains(current('allowedIp'), current('Microsoft.KeyVault/vaults/networkAcls.ipRules[*].value'))]", equals: true },
          },
          greater: 0,
        },
      },
      equals: "[length(field('Microsoft.KeyVault/vaults/networkAcls.ipRules[*]'))]",
    }, env({ allowed: allowed }));
    expect(cond(['10.0.0.0/8'])).toBe(false); // 11.0.0.1 is outside
    expect(cond(['10.0.0.0/8', '11.0.0.0/8'])).toBe(true);
  });

  it('value count without a name uses current()', () => {
    expect(evaluateCondition({ count: { value: ['kv*', 'x*'], where: { field: 'name', like: '[current()]' } }, equals: 1 }, env())).toBe(true);
  });

  it("padLeft(current(…)) compares retention days as the diagnostic-settings policies do", () => {
    const diag: ArmResource = {
      id: `${vault.id}/providers/Microsoft.Insights/diagnosticSettings/d`, name: 'd', type: 'Microsoft.Insights/diagnosticSettings',
      properties: { logs: [{ enabled: true, retentionPolicy: { enabled: true, days: 90 } }, { enabled: true, retentionPolicy: { enabled: true, days: 400 } }] },
    };
    const e: EvalEnv = { resource: diag, fieldFnResource: diag, parameters: { d: '365' }, apiVersion: '2024-11-01' };
    const where = { value: "[padLeft(current('Microsoft.Insights/diagnosticSettings/logs[*].retentionPolicy.days'), 3, '0')]", greaterOrEquals: "[padLeft(parameters('d'), 3, '0')]" };
    expect(evaluateCondition({ count: { field: 'Microsoft.Insights/diagnosticSettings/logs[*]', where }, equals: 1 }, e)).toBe(true);
  });
});
