// The simulator's records as Azure Policy sees them: ARM GET bodies rendered by their providers (as dump()
// does), without the policy artefacts themselves.
import type { ArmResource as PolicyResource } from '../../audit/policy.js';
import { providerForType } from '../providers/registry.js';
import type { CloudState, ResourceRecord } from '../state.js';

const SKIPPED = ['microsoft.authorization/', 'microsoft.policyinsights/', 'microsoft.security/'];

/** Every record of the subscription (resource groups included) as its GET body; records a provider cannot render are left out. */
export function renderedResources(state: CloudState, sub: string): { rec: ResourceRecord; body: PolicyResource }[] {
  const out: { rec: ResourceRecord; body: PolicyResource }[] = [];
  for (const rec of Object.values(state.resources)) {
    if (rec.subscriptionId.toLowerCase() !== sub.toLowerCase()) continue;
    if (SKIPPED.some((p) => rec.type.toLowerCase().startsWith(p))) continue;
    try {
      const body = providerForType(rec.type)?.render(state, rec) as PolicyResource | undefined;
      if (body) out.push({ rec, body });
    } catch {
      // A record mid-change that its provider cannot render yet is not evaluated (it is not in ARM's cache either).
    }
  }
  return out;
}
