// Each resource provider answers an accepted long-running write in its own style: which headers
// (Azure-AsyncOperation for a status document, Location for a result), where they point, and the
// Retry-After it asks for. A provider declares its style once; starting operations and building the
// accepted response's headers go through it. ARM's contract for both headers:
// https://github.com/Azure/azure-resource-manager-rpc/blob/master/v1.0/async-api-reference.md
import { operationSeconds, scaledRetryAfter, startOperation, type StartOperation } from '../../lro.js';
import type { OperationRecord } from '../../state.js';
import type { Ctx } from '../types.js';

export type OperationUrl = (origin: string, op: OperationRecord, apiVersion: string) => string;

export interface LroStyle {
  namespace: string;
  /** Retry-After the provider sends, in real seconds (scaled by timeScale); absent: none. */
  retryAfter?: number;
  /** Where Azure-AsyncOperation points (a status document), if the provider sends it. */
  statusUrl?: OperationUrl;
  /** Where Location points (202 until done, then the result), if the provider sends it. */
  resultUrl?: OperationUrl;
}

/**
 * The common `/subscriptions/{s}/providers/{ns}/locations/{l}/{segment}/{id}?api-version=` operation URL;
 * `before`/`after` are query parameters the provider puts around api-version (`monitor=true&`, `&type=async`).
 */
export const locationOperationUrl =
  (segment: string, query: { before?: string; after?: string } = {}): OperationUrl =>
  (origin, op, apiVersion) =>
    `${origin}/subscriptions/${op.subscriptionId}/providers/${op.namespace}/locations/${op.location}/${segment}/${op.id}` +
    `?${query.before ?? ''}api-version=${encodeURIComponent(apiVersion)}${query.after ?? ''}`;

/**
 * Starts an operation in the style's namespace. Its duration is sampled from the latency model under
 * `latencyKey` (create or delete by method), unless `seconds` (unscaled) is given.
 */
export function startIn(ctx: Ctx, style: LroStyle, init: Omit<StartOperation, 'namespace' | 'seconds'> & { latencyKey: string; seconds?: number }): OperationRecord {
  const { latencyKey, seconds, ...rest } = init;
  return startOperation(ctx.state, ctx.now, ctx.latency, {
    namespace: style.namespace,
    ...rest,
    seconds: seconds ?? operationSeconds(ctx.state, ctx.latency, latencyKey, init.method === 'DELETE' ? 'delete' : 'create'),
  });
}

export const retryAfterOf = (ctx: Ctx, style: LroStyle): Record<string, string> =>
  style.retryAfter === undefined ? {} : { 'Retry-After': scaledRetryAfter(ctx.latency, style.retryAfter) };

/** Headers of an accepted write: the status URL, the result URL when asked for, and Retry-After. */
export function acceptedHeaders(ctx: Ctx, style: LroStyle, op: OperationRecord, parts: { status?: boolean; result?: boolean }): Record<string, string> {
  return {
    ...(parts.status && style.statusUrl ? { 'Azure-AsyncOperation': style.statusUrl(ctx.url.origin, op, ctx.apiVersion) } : {}),
    ...(parts.result && style.resultUrl ? { Location: style.resultUrl(ctx.url.origin, op, ctx.apiVersion) } : {}),
    ...retryAfterOf(ctx, style),
  };
}
