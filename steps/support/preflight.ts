// Preflight checks shared by steps whose names are global across Azure.
import { checkNameAvailability } from '../../src/azure/raw.js';
import type { Problem } from '../../src/errors.js';
import type { Ctx } from '../env.js';

export async function globalNamePreflight(ctx: Ctx, path: string, namespace: string, type: string, name: string, apiVersion: string): Promise<Problem[]> {
  const r = await checkNameAvailability(ctx.env.clients, ctx.env.subscriptionId, namespace, type, name, apiVersion);
  if (r.nameAvailable) return [];
  return [{ path, message: `"${name}" is not available (${r.reason ?? 'unavailable'}${r.message ? `: ${r.message}` : ''}); set ${path} to another name` }];
}
