// Preflight checks shared by steps whose names are global across Azure: each asks its own typed
// client (storage, key vault, registry checkNameAvailability) and reports a taken name.
import type { Problem } from '../../src/errors.js';

/** What every provider's checkNameAvailability answers. */
export interface NameCheck {
  nameAvailable?: boolean;
  reason?: string;
  message?: string;
}

export async function globalNamePreflight(path: string, name: string, check: () => Promise<NameCheck>): Promise<Problem[]> {
  const r = await check();
  if (r.nameAvailable) return [];
  return [{ path, message: `"${name}" is not available (${r.reason ?? 'unavailable'}${r.message ? `: ${r.message}` : ''}); set ${path} to another name` }];
}
