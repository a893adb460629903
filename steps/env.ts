// What every step receives from the command that runs it: the validated config, derived names,
// the lazy Azure clients and the tags that mark our resources.
import type { AzureClients } from '../src/azure/clients.js';
import type { Config } from '../src/config/schema.js';
import type { Step, StepContext } from '../src/engine/step.js';
import type { Names } from './module.js';

export interface StepEnv {
  config: Config;
  names: Names;
  clients: AzureClients;
  subscriptionId: string;
  /** Entra tenant of the subscription (key vault tenantId, studio URL). */
  tenantId: string;
  /** LRO poll interval (ms) for the target; undefined = ARM's Retry-After. */
  pollIntervalMs?: number;
  /** Teardown: delete permanently what would otherwise be soft-deleted (the workspace). */
  purge?: boolean;
  /** Multiplies the tool's own waits (retry backoff) so the simulator can run time-scaled. */
  timeScale?: number;
}

export const ENV_TAG = 'secure-aml-env';

export type Ctx = StepContext<StepEnv>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AzureStep<D = any, O = any> = Step<StepEnv, D, O> & { typicalSeconds?: number };

export function tagsFor(env: StepEnv): Record<string, string> {
  return { ...env.config.tags, [ENV_TAG]: env.config.environment };
}

export function rgId(env: StepEnv): string {
  return `/subscriptions/${env.subscriptionId}/resourceGroups/${env.names.resourceGroup}`;
}
