// A resource ARM left in provisioningState Failed (a failed long-running operation) is repaired
// the way ARM expects: by sending its PUT again, even when every property already matches.
import type { Change } from '../../src/engine/step.js';
import type { AzureStep } from '../env.js';

/** One resource as read (SDK models carry provisioningState at the top, raw ARM under properties). */
export function provisioningFailed(observed: unknown): boolean {
  if (!observed || typeof observed !== 'object') return false;
  const o = observed as { provisioningState?: string; properties?: { provisioningState?: string } };
  return o.provisioningState === 'Failed' || o.properties?.provisioningState === 'Failed';
}

function failedIn(observed: unknown): boolean {
  if (!observed || typeof observed !== 'object') return false;
  if (provisioningFailed(observed)) return true;
  // Pair and set steps observe several resources (their apply re-sends each failed member itself).
  return Object.values(observed).some(provisioningFailed);
}

export function repairFailedState(step: AzureStep): AzureStep {
  return {
    ...step,
    diff: (desired, observed) => {
      const changes: Change[] = step.diff(desired, observed);
      if (observed !== undefined && failedIn(observed) && changes.length === 0) changes.push({ path: 'provisioningState', kind: 'change', before: 'Failed', after: 'Succeeded' });
      return changes;
    },
  };
}
