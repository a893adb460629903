// PrincipalNotFound right after an identity is created (directory replication) is retried with
// backoff and shown on the progress line; RoleAssignmentExists counts as success.
import type { RoleAssignment } from '@azure/arm-authorization';
import { describe, expect, it } from 'vitest';
import { putAssignment } from '../../steps/support/role-assignment.js';
import type { Ctx } from '../../steps/env.js';

function armError(code: string, status: number) {
  return Object.assign(new Error(code), { name: 'RestError', code, statusCode: status, response: { bodyAsText: JSON.stringify({ error: { code, message: `${code} from ARM` } }), headers: { get: () => undefined } } });
}

function ctx(reports: string[]): Ctx {
  return { env: { timeScale: 0.001 }, report: (m: string) => reports.push(m), signal: new AbortController().signal } as unknown as Ctx;
}

const member = { id: '/subscriptions/s/providers/Microsoft.Authorization/roleAssignments/a', body: { roleDefinitionId: '/subscriptions/s/providers/Microsoft.Authorization/roleDefinitions/r', principalId: 'p' } };

describe('role assignment PUT', () => {
  it('ARM answers PrincipalNotFound twice, then success: the assignment succeeds, the waits are shown', async () => {
    const reports: string[] = [];
    let calls = 0;
    const result = await putAssignment(ctx(reports), member, async () => {
      calls++;
      if (calls <= 2) throw armError('PrincipalNotFound', 400);
      return { id: member.id } as RoleAssignment;
    });
    expect(calls).toBe(3);
    expect(result.id).toBe(member.id);
    expect(reports).toEqual([expect.stringMatching(/PrincipalNotFound.*retry 1\/7/), expect.stringMatching(/PrincipalNotFound.*retry 2\/7/)]);
  });

  it('RoleAssignmentExists is success; any other error is not retried', async () => {
    const reports: string[] = [];
    await expect(putAssignment(ctx(reports), member, async () => { throw armError('RoleAssignmentExists', 409); })).resolves.toMatchObject({ id: member.id, principalId: 'p' });
    let calls = 0;
    await expect(putAssignment(ctx(reports), member, async () => { calls++; throw armError('RoleDefinitionDoesNotExist', 400); })).rejects.toThrow();
    expect(calls).toBe(1);
  });

  it('gives up after its bounded retries', async () => {
    let calls = 0;
    await expect(putAssignment(ctx([]), member, async () => { calls++; throw armError('PrincipalNotFound', 400); })).rejects.toThrow();
    expect(calls).toBe(8);
  });
});
