// Members of a REST model the simulator does not implement are refused loudly (400
// SimulatorUnsupportedProperty), never silently dropped: a client relying on them would pass here and
// fail against Azure. The code is the simulator's own; no Azure service answers it.
import { badRequest, type ArmError } from '../../errors.js';

/** 400 SimulatorUnsupportedProperty for something valid in Azure that the simulator does not implement. */
export const notImplemented = (what: string, only?: string): ArmError =>
  badRequest('SimulatorUnsupportedProperty', `${what} is valid in Azure but not implemented by the ARM simulator${only ? ` (${only})` : ''}.`);

/**
 * Refuses the first of `members` that `value` sets. Unset, null-dropped and empty-array members pass;
 * `emptyObjects` also lets `{}` pass (AKS clients send empty profile objects for members they do not use).
 */
export function rejectNotSimulated(value: Record<string, unknown> | undefined, members: readonly string[], path: string, opts: { emptyObjects?: boolean } = {}): void {
  if (!value) return;
  for (const m of members) {
    const v = value[m];
    if (v === undefined || (Array.isArray(v) && v.length === 0)) continue;
    if (opts.emptyObjects && v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0) continue;
    throw notImplemented(`Property '${path}${m}'`);
  }
}
