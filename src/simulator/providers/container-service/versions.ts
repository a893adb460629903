// Kubernetes versions: the regional list (GET .../locations/{l}/kubernetesVersions) and the version
// rules of a cluster PUT (offered in the region, no downgrade, one minor version at a time).
import { ArmError, badRequest, methodNotAllowed } from '../../errors.js';
import { json } from '../../http.js';
import { compareVersions, kubernetesVersionsIn, resolveKubernetesVersion, upgradesFrom } from '../../region-catalog.js';
import { normalizeRegion, REGIONS } from '../../regions.js';
import type { SimResponse } from '../../types.js';
import type { Ctx } from '../types.js';


export function listVersions(ctx: Ctx, location: string): SimResponse {
  if (ctx.method !== 'GET') throw methodNotAllowed(ctx.method, 'kubernetesVersions');
  const region = normalizeRegion(location);
  const offered = region ? kubernetesVersionsIn(region) : undefined;
  if (!region || !offered) {
    throw new ArmError(
      404,
      'NoRegisteredProviderFound',
      `No registered resource provider found for location '${location}' and API version '${ctx.requestedApiVersion ?? ctx.apiVersion}' for type 'locations/kubernetesVersions'. The supported locations are '${REGIONS.join(', ')}'.`,
    );
  }
  return json(200, {
    values: offered.map((m) => ({
      version: m.version,
      ...(m.isDefault ? { isDefault: true } : {}),
      ...(m.isPreview ? { isPreview: true } : {}),
      capabilities: { supportPlan: m.supportPlan },
      patchVersions: Object.fromEntries(m.patches.map((pv) => [pv, { upgrades: upgradesFrom(pv) }])),
    })),
  });
}

/** The control plane version a PUT asks for (default: the region's default), checked against the prior one. */
export function checkKubernetesVersion(clusterName: string, location: string, requested: string | undefined, priorVersion: string | undefined): string {
  const current = resolveKubernetesVersion(location, requested);
  if (!current) {
    // The cluster-level code carries the cluster's wording (Azure/Microsoft-Defender-for-Cloud#923); "Version …
    // is not supported in this region" is AgentPoolK8sVersionNotSupported's (agent-pools.ts).
    throw badRequest(
      'K8sVersionNotSupported',
      `Managed cluster ${clusterName} has invalid version ${requested ?? ''}. Please use [az aks get-versions] command to get the supported version list in this region. For more information, please check https://aka.ms/supported-version-list.`,
    );
  }
  if (priorVersion && compareVersions(current, priorVersion) < 0) {
    throw badRequest('NotAllowedK8sVersionDowngrading', `Kubernetes version downgrading from ${priorVersion} to ${current} is not allowed.`);
  }
  if (priorVersion && Number(current.split('.')[1]) - Number(priorVersion.split('.')[1]) > 1) {
    throw badRequest('UpgradeNotAllowed', `Upgrading from ${priorVersion} to ${current} skips a minor version; minor versions must be upgraded one at a time.`);
  }
  return current;
}
