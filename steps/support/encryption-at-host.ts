// Encryption at host is a subscription feature (Microsoft.Compute/EncryptionAtHost) that must be
// registered before a VM may ask for it; Azure refuses the VM otherwise. Registering is idempotent and
// subscription-wide, so secure-aml registers it when a jumpbox needs it and never unregisters it
// (other VMs may rely on it): the step reads as existing, so teardown leaves it.
// https://learn.microsoft.com/azure/virtual-machines/linux/disks-enable-host-based-encryption-cli#prerequisites
import { armRequest, postAndWait, providerRegistration } from '../../src/azure/raw.js';
import { isBastion } from '../access.js';
import type { AzureStep, StepEnv } from '../env.js';
import { API } from './ids.js';

export const ENCRYPTION_AT_HOST_STEP = 'encryption-at-host-feature';
/** Microsoft.Resources, as raw.ts providerRegistration reads it. */
const PROVIDERS_API = '2025-04-01';

interface FeatureState { state: string }

const featurePath = (env: StepEnv) => `/subscriptions/${env.subscriptionId}/providers/Microsoft.Features/providers/Microsoft.Compute/features/EncryptionAtHost`;

async function readState(env: StepEnv): Promise<FeatureState> {
  const r = await armRequest<{ properties?: { state?: string } }>(env.clients, 'GET', featurePath(env), API.features);
  return { state: r.status === 404 ? 'NotRegistered' : r.body?.properties?.state ?? 'NotRegistered' };
}

export const encryptionAtHostStep: AzureStep<FeatureState, FeatureState> = {
  id: ENCRYPTION_AT_HOST_STEP,
  title: 'Subscription feature Microsoft.Compute/EncryptionAtHost (for the jumpbox)',
  dependsOn: [],
  typicalSeconds: 60,
  enabled: (env) => isBastion(env.config),
  resourceId: (ctx) => featurePath(ctx.env),
  desired: () => ({ state: 'Registered' }),
  // Always "exists": an unregistered feature is an update, never a create, so teardown never touches it.
  read: (ctx) => readState(ctx.env),
  diff: (desired, observed) => (observed?.state === desired.state ? [] : [{ path: 'state', kind: 'change', before: observed?.state, after: desired.state }]),
  apply: async (ctx) => {
    const env = ctx.env;
    await postAndWait(env.clients, `${featurePath(env)}/register`, API.features, undefined, async () => (await readState(env)).state === 'Registered', {
      pollMs: env.pollIntervalMs ?? 10_000, signal: ctx.signal, timeScale: env.timeScale, deadlineMs: 60 * 60_000,
      writeAhead: () => ctx.pending({ operation: 'update', resourceId: featurePath(env) }),
    });
    // "Propagate the change": re-register the provider once the feature is on (same page), and wait for it.
    const provider = `/subscriptions/${env.subscriptionId}/providers/Microsoft.Compute`;
    await postAndWait(env.clients, `${provider}/register`, PROVIDERS_API, undefined, async () => (await providerRegistration(env.clients, env.subscriptionId, 'Microsoft.Compute')) === 'Registered', {
      pollMs: env.pollIntervalMs ?? 10_000, signal: ctx.signal, timeScale: env.timeScale, deadlineMs: 30 * 60_000,
    });
    return readState(env);
  },
  remove: async () => {},
  outputs: (o) => ({ state: o.state }),
};
