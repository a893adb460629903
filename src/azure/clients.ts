// Lazy SDK client factory: no @azure package is imported until a step needs its client, so
// `--help` and config errors never pay for loading the SDK.
import type { NetworkManagementClient } from '@azure/arm-network';
import type { ResourceManagementClient } from '@azure/arm-resources';
import type { ArmSimulator } from '../simulator/index.js';
import { credentialFor } from './credential.js';
import { retryReportingPolicy } from './retry-reporting.js';
import { simHttpClient } from './sim-http-client.js';
import type { Target } from './target.js';

export interface AzureClients {
  readonly target: Target;
  resources(): Promise<ResourceManagementClient>;
  network(): Promise<NetworkManagementClient>;
  /** The simulator behind a simulate target (for `sim dump`); undefined against Azure. */
  simulator(): Promise<ArmSimulator | undefined>;
}

const USER_AGENT = 'secure-aml/0.1.0';

export function createClients(target: Target): AzureClients {
  const memo = new Map<string, Promise<unknown>>();
  const once = <T>(key: string, make: () => Promise<T>): Promise<T> => {
    if (!memo.has(key)) memo.set(key, make());
    return memo.get(key) as Promise<T>;
  };

  const simulator = () =>
    once('sim', async () => {
      if (target.kind !== 'simulate') return undefined;
      const { ArmSimulator } = await import('../simulator/index.js');
      const { parseFaults } = await import('../simulator/faults.js');
      return ArmSimulator.open({ dir: target.dir, timeScale: target.timeScale, latency: target.latency, seed: target.seed, faults: target.faults ? parseFaults(target.faults) : undefined });
    });

  const commonOptions = () =>
    once('options', async () => {
      const credential = await credentialFor(target);
      const sim = await simulator();
      const scale = target.kind === 'simulate' ? target.timeScale : 1;
      return {
        credential,
        options: {
          userAgentOptions: { userAgentPrefix: USER_AGENT },
          ...(sim ? { httpClient: await simHttpClient(sim) } : {}),
          // Backoff scales with simulated time so a retry in the simulator costs what it would in Azure, scaled.
          retryOptions: { maxRetries: 6, retryDelayInMs: Math.max(10, 1000 * scale), maxRetryDelayInMs: Math.max(100, 60_000 * scale) },
          additionalPolicies: [{ policy: retryReportingPolicy, position: 'perRetry' as const }],
        },
      };
    });

  return {
    target,
    simulator,
    resources: () =>
      once('resources', async () => {
        const { ResourceManagementClient } = await import('@azure/arm-resources');
        const { credential, options } = await commonOptions();
        return new ResourceManagementClient(credential, target.subscriptionId, options);
      }),
    network: () =>
      once('network', async () => {
        const { NetworkManagementClient } = await import('@azure/arm-network');
        const { credential, options } = await commonOptions();
        return new NetworkManagementClient(credential, target.subscriptionId, options);
      }),
  };
}
