// Issue 12 item 4: Azure Cosmos DB's key access is granted to its service principal's object id, resolved
// through Microsoft Graph by the application id; a tenant without that service principal is a preflight
// problem (exit 2, nothing written).
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ArmSimulator } from '../../src/simulator/index.js';
import { COSMOS_DB_APP_ID } from '../../steps/support/role-assignment.js';
import { EXAMPLE, isWrite, runCli, tmpDir, traffic } from '../helpers/cli.js';

const FAST = ['--sim-time-scale', '0.002'];
const CRYPTO_USER = 'e147488a-f6f5-4113-8e2d-b22465e65bf6';
const SP_URL = `https://graph.microsoft.com/v1.0/servicePrincipals(appId='${COSMOS_DB_APP_ID}')`;
type Res = { type: string; properties?: { roleDefinitionId?: string; principalId?: string; principalType?: string } };

async function graph(sim: string, method: string): Promise<{ status: number; body: { id?: string } }> {
  const s = await ArmSimulator.open({ dir: sim, timeScale: 0 });
  const res = await s.handle({ method, url: SP_URL, headers: { authorization: 'Bearer test' } });
  return { status: res.status, body: res.body ? JSON.parse(res.body) : {} };
}

describe('CMK key access for Azure Cosmos DB', () => {
  it('apply assigns Key Vault Crypto Service Encryption User to the Graph object id, never the app id', async () => {
    const cwd = await tmpDir();
    const sim = path.join(cwd, 'sim');
    const run = await runCli(['apply', '-c', EXAMPLE, '--simulate', sim, '-y', '-o', 'json', ...FAST], { cwd });
    expect(run.code, run.stderr + run.stdout).toBe(0);
    const objectId = (await graph(sim, 'GET')).body.id;
    expect(objectId).toMatch(/^[0-9a-f-]{36}$/);
    expect(objectId).not.toBe(COSMOS_DB_APP_ID);
    const dump = JSON.parse((await runCli(['sim', 'dump', '--simulate', sim], { cwd })).stdout) as Res[];
    const crypto = dump.filter((r) => r.type === 'Microsoft.Authorization/roleAssignments' && r.properties?.roleDefinitionId?.endsWith(CRYPTO_USER));
    expect(crypto.map((r) => r.properties?.principalId)).toContain(objectId);
    expect(crypto.find((r) => r.properties?.principalId === objectId)?.properties?.principalType).toBe('ServicePrincipal');
    expect(dump.some((r) => r.properties?.principalId === COSMOS_DB_APP_ID)).toBe(false);
  }, 180_000);

  it('a tenant without the Azure Cosmos DB service principal fails preflight: exit 2, what to do, nothing written', async () => {
    const cwd = await tmpDir();
    const sim = path.join(cwd, 'sim');
    expect((await graph(sim, 'DELETE')).status).toBe(204);
    const before = (await traffic(sim)).length;
    const run = await runCli(['apply', '-c', EXAMPLE, '--simulate', sim, '-y', ...FAST], { cwd });
    expect(run.code, run.stderr + run.stdout).toBe(2);
    expect(run.stderr).toContain(COSMOS_DB_APP_ID);
    expect(run.stderr).toContain(`az ad sp create --id ${COSMOS_DB_APP_ID}`);
    expect(run.stderr).toContain('Microsoft.DocumentDB');
    expect((await traffic(sim)).slice(before).filter(isWrite)).toEqual([]);
  }, 120_000);
});
