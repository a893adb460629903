// egress: managed. The workspace's managed virtual network in AllowOnlyApprovedOutbound: Azure runs
// compute in a Microsoft-managed VNet whose only ways out are the rules Azure adds as required and
// the ones listed here (https://learn.microsoft.com/azure/machine-learning/how-to-managed-network).
// One-way: once a workspace has a managed network it cannot be turned off. The network is
// provisioned before any compute (provisionManagedNetwork), so the first compute does not wait on it
// and a failure shows on this step. Kubernetes compute is not supported with it, hence no AKS.
import { z } from 'zod';
import { armRequest, postAndWait } from '../src/azure/raw.js';
import { quote } from '../src/config/problems.js';
import type { Config } from '../src/config/schema.js';
import type { AzureStep, StepEnv } from './env.js';
import type { ResourceModule } from './module.js';
import { OUTBOUND_GROUPS } from './support/egress-data.js';
import { API, ids } from './support/ids.js';

export const MANAGED_FIREWALL_SKUS = ['Standard', 'Basic'] as const;

const managedMode = (env: StepEnv) => env.config.network.egress === 'managed';

/** User-defined outbound rules: the FQDN groups the user switched on (Azure adds the required ones). */
function outboundRules(c: Config): Record<string, unknown> {
  const rules: Record<string, unknown> = {};
  for (const g of OUTBOUND_GROUPS.filter((x) => c.network.outboundGroups.includes(x.key))) {
    g.fqdns.forEach((fqdn, i) => {
      rules[`${g.key}-${i + 1}`] = { type: 'FQDN', category: 'UserDefined', destination: fqdn };
    });
  }
  return rules;
}

/** The workspace's `managedNetwork` for the chosen egress mode. */
export function managedNetworkOf(c: Config): Record<string, unknown> {
  if (c.network.egress !== 'managed') return { isolationMode: 'Disabled' };
  const rules = outboundRules(c);
  return {
    isolationMode: 'AllowOnlyApprovedOutbound',
    // FQDN rules are enforced by a managed Azure Firewall of this SKU (billed to the subscription).
    firewallSku: c.managedNetwork.firewallSku,
    ...(Object.keys(rules).length ? { outboundRules: rules } : {}),
  };
}

interface Status { status?: string }

async function networkStatus(env: StepEnv): Promise<Status | undefined> {
  const r = await armRequest<{ properties?: { managedNetwork?: { status?: Status } } }>(env.clients, 'GET', ids.workspace(env), API.workspace);
  if (r.status === 404) return undefined;
  return r.body?.properties?.managedNetwork?.status ?? {};
}

const provisionStep: AzureStep<Status, Status> = {
  id: 'managed-network-provision',
  title: 'Managed network provisioned (before any compute)',
  dependsOn: ['workspace'],
  enabled: managedMode,
  typicalSeconds: 300,
  attachment: true,
  resourceId: (ctx) => `${ids.workspace(ctx.env)}/managedNetwork`,
  desired: () => ({ status: 'Active' }),
  read: (ctx) => networkStatus(ctx.env),
  diff: (desired, observed) => (observed?.status === desired.status ? [] : [{ path: 'status', kind: 'change', before: observed?.status ?? 'Inactive', after: desired.status }]),
  apply: async (ctx) => {
    const env = ctx.env;
    await postAndWait(env.clients, `${ids.workspace(env)}/provisionManagedNetwork`, API.workspace, { includeSpark: false },
      async () => (await networkStatus(env))?.status === 'Active',
      { pollMs: env.pollIntervalMs ?? 10_000, signal: ctx.signal, timeScale: env.timeScale, writeAhead: () => ctx.pending({ operation: 'update', resourceId: ids.workspace(env) }) });
    return { status: 'Active' };
  },
  // The network goes with the workspace.
  remove: async () => {},
  outputs: (_o, ctx) => ({ id: `${ids.workspace(ctx.env)}/managedNetwork` }),
};

// ---- module ----
export const config = {
  managedNetwork: z
    .strictObject({
      firewallSku: z.enum(MANAGED_FIREWALL_SKUS, { error: (iss) => `${quote(iss.input)} is not a managed network firewall SKU; expected ${MANAGED_FIREWALL_SKUS.join(', ')}` }).default('Standard')
        .describe('SKU of the Azure Firewall Azure ML creates for FQDN outbound rules (network.egress managed with network.outboundGroups).'),
    })
    .prefault({})
    .describe('The workspace managed network (network.egress managed).'),
};

export const definition: ResourceModule = {
  id: 'egress: workspace managed network',
  config,
  findings: (c) => (c.network.egress === 'managed' && c.aks.enabled
    ? [{
        path: 'network.egress',
        message: '"managed" does not support AKS: Kubernetes compute is not supported with a workspace managed network (https://learn.microsoft.com/azure/machine-learning/how-to-managed-network#limitations); set aks.enabled false, or use egress firewall',
        involves: ['network.egress', 'aks.enabled'],
      }]
    : []),
  steps: [provisionStep],
  teardownNotes: ({ env, deleting }) => (managedMode(env) && deleting.has('workspace')
    ? [{ note: 'the managed network, its private endpoints and its managed firewall go with the workspace.' }]
    : []),
};
