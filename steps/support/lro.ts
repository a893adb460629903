// Long-running ARM operations with write-ahead: the serialised poller is recorded as soon as ARM
// accepts the request, so an interrupted run's `resume` re-attaches instead of sending it again.
import { isNotFound } from '../../src/azure/arm-error.js';
import type { Operation } from '../../src/engine/step.js';
import type { Ctx } from '../env.js';

/**
 * What runLro needs of an SDK poller. Classic SDKs (core-lro 2) serialise with toString(); modular
 * ones (core-lro 3, wrapped by `modular` in sdk-step.ts) with serialize(), which is preferred.
 */
export interface PollerLike<T> {
  toString(): string;
  serialize?(): Promise<string>;
  pollUntilDone(options?: { abortSignal?: AbortSignal }): Promise<T>;
}

export interface LroOptions {
  resumeFrom?: string;
  updateIntervalInMs?: number;
  abortSignal?: AbortSignal;
}

export async function runLro<T>(ctx: Ctx, operation: Operation, resourceId: string, begin: (o: LroOptions) => Promise<PollerLike<T>>): Promise<T> {
  // Only the call the saved poller belongs to re-attaches; any other call is sent normally.
  const resumeFrom = operation !== 'delete' && ctx.resumeFor?.toLowerCase() === resourceId.toLowerCase() ? ctx.resumeFrom : undefined;
  const poller = await begin({ resumeFrom, updateIntervalInMs: ctx.env.pollIntervalMs, abortSignal: ctx.signal });
  if (!resumeFrom) await ctx.pending({ operation, resourceId, poller: poller.serialize ? await poller.serialize() : poller.toString() });
  ctx.report(resumeFrom ? 're-attached to the operation in flight' : `${operation === 'delete' ? 'deleting' : 'provisioning'}…`);
  return poller.pollUntilDone({ abortSignal: ctx.signal });
}

/** GET that maps ARM's 404 to undefined, as the Step contract asks. */
export async function readOrUndefined<T>(get: () => Promise<T>): Promise<T | undefined> {
  try {
    return await get();
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

/** DELETE that treats an already-absent resource as done (teardown is re-runnable). */
export async function deleteIfExists(fn: () => Promise<unknown>): Promise<void> {
  try {
    await fn();
  } catch (e) {
    if (isNotFound(e)) return;
    throw e;
  }
}
