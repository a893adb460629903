// Resources no typed client of the design card can write as the baseline needs them, as one ARM PUT
// of a JSON body at a pinned api-version through the generic resources client: the Azure ML
// workspace (the ML SDK's 2022-10-01 has no managedNetwork nor systemDatastoresAuthMode), Log
// Analytics, Application Insights and diagnostic settings (their SDKs are not on the card).
// Everything else goes through its provider's typed client (sdk-step.ts).
import type { GenericResource, ResourceManagementClient } from '@azure/arm-resources';
import type { Change } from '../../src/engine/step.js';
import type { Problem } from '../../src/errors.js';
import type { Ctx, StepEnv } from '../env.js';
import { sdkStep, type SdkStep } from './sdk-step.js';

export interface ArmBody {
  location?: string;
  tags?: Record<string, string>;
  kind?: string;
  sku?: Record<string, unknown>;
  identity?: Record<string, unknown>;
  properties?: Record<string, unknown>;
}

export interface ArmResourceSpec {
  id: string;
  title: string;
  dependsOn: string[];
  apiVersion: string;
  typicalSeconds?: number;
  enabled?: (env: StepEnv) => boolean;
  serialKey?: (env: StepEnv) => string | undefined;
  resourceId: (env: StepEnv) => string;
  body: (ctx: Ctx) => ArmBody;
  /** Which part of the GET to compare (default: the same keys as the body). */
  diff?: (desired: ArmBody, observed: GenericResource) => Change[];
  outputs?: (observed: GenericResource, ctx: Ctx) => Record<string, string>;
  /** Checks before the first write, for a resource that does not exist yet (name taken, soft-deleted...). */
  preflight?: (ctx: Ctx) => Promise<Problem[]>;
}

export type ArmStep = SdkStep<ArmBody, GenericResource>;

/** An sdkStep whose client is the generic one: same write-ahead, resume, diff and delete semantics. */
export function armResourceStep(spec: ArmResourceSpec): ArmStep {
  const { apiVersion, ...meta } = spec;
  return sdkStep<ResourceManagementClient, ArmBody, GenericResource>({
    ...meta,
    client: (clients) => clients.resources(),
    read: (c, env) => c.resources.getById(spec.resourceId(env), apiVersion),
    put: (c, env, body, o) => c.resources.beginCreateOrUpdateById(spec.resourceId(env), apiVersion, body as GenericResource, o),
    del: async (c, env, o) => (await c.resources.beginDeleteById(spec.resourceId(env), apiVersion, o)).pollUntilDone({ abortSignal: o.abortSignal }),
  });
}

/** Properties of a GET body as a plain record (the generic client types them as unknown). */
export function props(r: GenericResource): Record<string, unknown> {
  return (r.properties ?? {}) as Record<string, unknown>;
}
