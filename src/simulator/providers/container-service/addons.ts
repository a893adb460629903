// Addons (azurepolicy and omsagent simulated; the other known addons refused when enabled) and the
// managed identities AKS creates for them and for the kubelet in the node resource group.
import { randomUUID } from 'node:crypto';
import { getRecord, key, registerPrincipal } from '../../state.js';
import type { Ctx } from '../types.js';
import { invalid, type Identity3 } from './common.js';
import { notImplemented } from '../kit/not-simulated.js';

const SIMULATED_ADDONS = ['azurepolicy', 'omsagent'];
const KNOWN_ADDONS = ['azurepolicy', 'omsagent', 'azureKeyvaultSecretsProvider', 'ingressApplicationGateway', 'aciConnectorLinux', 'httpApplicationRouting', 'openServiceMesh', 'kubeDashboard', 'confcom', 'gitops'];

export function normalizeAddons(ctx: Ctx, given: Record<string, { enabled: boolean; config?: Record<string, string> }> | undefined): Record<string, { enabled: boolean; config?: Record<string, string> }> {
  const out: Record<string, { enabled: boolean; config?: Record<string, string> }> = {};
  for (const [name, a] of Object.entries(given ?? {})) {
    const known = KNOWN_ADDONS.find((k) => k.toLowerCase() === name.toLowerCase());
    if (!known) throw invalid(`The addon '${name}' is not supported. Supported addons: ${KNOWN_ADDONS.join(', ')}.`);
    if (!SIMULATED_ADDONS.includes(known)) {
      if (!a.enabled) continue;
      throw notImplemented(`Addon '${known}'`, 'azurepolicy and omsagent only');
    }
    if (known === 'omsagent' && a.enabled) {
      const wsId = Object.entries(a.config ?? {}).find(([k]) => k.toLowerCase() === 'loganalyticsworkspaceresourceid')?.[1];
      if (!wsId) throw invalid("The omsagent addon needs config.logAnalyticsWorkspaceResourceID (the Log Analytics workspace to send to).");
      const ws = getRecord(ctx.state, wsId);
      if (!ws || key(ws.type) !== key('Microsoft.OperationalInsights/workspaces')) {
        throw invalid(`The Log Analytics workspace '${wsId}' of the omsagent addon was not found.`);
      }
    }
    out[known] = { enabled: a.enabled, ...(a.config ? { config: a.config } : {}) };
  }
  return out;
}

/** A new managed identity AKS creates in the node resource group (kubelet, addons): principal registered, owned by the cluster. */
export function managedIdentity(ctx: Ctx, clusterId: string, sub: string, nodeRg: string, name: string): Identity3 {
  const objectId = randomUUID();
  registerPrincipal(ctx.state, objectId, ctx.now, clusterId);
  return { resourceId: `/subscriptions/${sub}/resourcegroups/${nodeRg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}`, clientId: randomUUID(), objectId };
}
