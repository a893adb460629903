// Lazy SDK client factory: no @azure package is imported until a step needs its client, so
// `--help` and config errors never pay for loading the SDK.
import type { AuthorizationManagementClient } from '@azure/arm-authorization';
import type { ContainerRegistryManagementClient } from '@azure/arm-containerregistry';
import type { ContainerServiceClient } from '@azure/arm-containerservice';
import type { KeyVaultManagementClient } from '@azure/arm-keyvault';
import type { AzureMachineLearningWorkspaces } from '@azure/arm-machinelearning';
import type { ManagedServiceIdentityClient } from '@azure/arm-msi';
import type { NetworkManagementClient } from '@azure/arm-network';
import type { PrivateDnsManagementClient } from '@azure/arm-privatedns';
import type { ResourceManagementClient } from '@azure/arm-resources';
import type { StorageManagementClient } from '@azure/arm-storage';
import type { ArmSimulator } from '../simulator/index.js';
import { credentialFor } from './credential.js';
import type { GraphClient } from './graph.js';
import { retryReportingPolicy } from './retry-reporting.js';
import { simHttpClient } from './sim-http-client.js';
import type { Target } from './target.js';

export interface AzureClients {
  readonly target: Target;
  resources(): Promise<ResourceManagementClient>;
  network(): Promise<NetworkManagementClient>;
  storage(): Promise<StorageManagementClient>;
  keyVault(): Promise<KeyVaultManagementClient>;
  registry(): Promise<ContainerRegistryManagementClient>;
  msi(): Promise<ManagedServiceIdentityClient>;
  authorization(): Promise<AuthorizationManagementClient>;
  privateDns(): Promise<PrivateDnsManagementClient>;
  /** Azure ML at the SDK's 2022-10-01: computes only (the workspace needs a newer version, see steps/workspace.ts). */
  machineLearning(): Promise<AzureMachineLearningWorkspaces>;
  containerService(): Promise<ContainerServiceClient>;
  /** Microsoft Graph (directory reads: service principals by application id), same credential and HTTP client. */
  graph(): Promise<GraphClient>;
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

  type Common = Awaited<ReturnType<typeof commonOptions>>;
  /** One memoised client per SDK, its module imported on first use, with the common options. */
  const client = <T>(key: string, make: (credential: Common['credential'], options: Common['options']) => Promise<T>) =>
    (): Promise<T> => once(key, async () => {
      const { credential, options } = await commonOptions();
      return make(credential, options);
    });

  return {
    target,
    simulator,
    resources: client('resources', async (credential, options) => {
      const { ResourceManagementClient } = await import('@azure/arm-resources');
      return new ResourceManagementClient(credential, target.subscriptionId, options);
    }),
    network: client('network', async (credential, options) => {
      const { NetworkManagementClient } = await import('@azure/arm-network');
      return new NetworkManagementClient(credential, target.subscriptionId, options);
    }),
    storage: client('storage', async (credential, options) => {
      const { StorageManagementClient } = await import('@azure/arm-storage');
      return new StorageManagementClient(credential, target.subscriptionId, options);
    }),
    keyVault: client('keyVault', async (credential, options) => {
      const { KeyVaultManagementClient } = await import('@azure/arm-keyvault');
      return new KeyVaultManagementClient(credential, target.subscriptionId, options);
    }),
    registry: client('registry', async (credential, options) => {
      const { ContainerRegistryManagementClient } = await import('@azure/arm-containerregistry');
      return new ContainerRegistryManagementClient(credential, target.subscriptionId, options);
    }),
    msi: client('msi', async (credential, options) => {
      const { ManagedServiceIdentityClient } = await import('@azure/arm-msi');
      return new ManagedServiceIdentityClient(credential, target.subscriptionId, options);
    }),
    authorization: client('authorization', async (credential, options) => {
      // Role assignments and definitions go out at the SDK's 2022-04-01 (the contract's version).
      const { AuthorizationManagementClient } = await import('@azure/arm-authorization');
      return new AuthorizationManagementClient(credential, target.subscriptionId, options);
    }),
    privateDns: client('privateDns', async (credential, options) => {
      // 3.2.0 sends 2020-06-01, the version of the contract's spec and the simulator.
      const { PrivateDnsManagementClient } = await import('@azure/arm-privatedns');
      return new PrivateDnsManagementClient(credential, target.subscriptionId, options);
    }),
    machineLearning: client('machineLearning', async (credential, options) => {
      const { AzureMachineLearningWorkspaces } = await import('@azure/arm-machinelearning');
      return new AzureMachineLearningWorkspaces(credential, target.subscriptionId, options);
    }),
    graph: client('graph', async (credential, options) => {
      const { createGraphClient } = await import('./graph.js');
      return createGraphClient(credential, { httpClient: options.httpClient, userAgentOptions: options.userAgentOptions, retryOptions: options.retryOptions });
    }),
    containerService: client('containerService', async (credential, options) => {
      // 25.3.0 is the newest release that supports Node 20 (25.5.0 needs Node 22); it speaks
      // 2026-04-01, the version of the spec in the repo and of the simulator (ids.ts API.aks).
      // Pinned explicitly so an upgrade cannot move the wire version silently.
      const { ContainerServiceClient } = await import('@azure/arm-containerservice');
      return new ContainerServiceClient(credential, target.subscriptionId, { ...options, apiVersion: '2026-04-01' });
    }),
  };
}
