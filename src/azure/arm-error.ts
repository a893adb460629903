// ARM errors, classified: keep ARM's code, message and correlation id so the user (and Microsoft
// support) can trace the failing request.
import { AuthError, SecureAmlError } from '../errors.js';

export interface ArmErrorInfo {
  message: string;
  code?: string;
  status?: number;
  correlationId?: string;
  transient: boolean;
}

interface RestErrorLike {
  name?: string;
  message?: string;
  code?: string;
  statusCode?: number;
  details?: { error?: { code?: string; message?: string } } | unknown;
  response?: { headers?: { get?(name: string): string | undefined }; bodyAsText?: string | null };
}

const TRANSIENT_CODES = new Set(['RetryableErrorDueToAnotherOperation', 'AnotherOperationInProgress', 'TooManyRequests', 'ECONNRESET', 'ETIMEDOUT', 'REQUEST_SEND_ERROR']);

export function classifyArmError(err: unknown): ArmErrorInfo {
  if (err instanceof SecureAmlError) return { message: err.message, transient: false };
  const e = (err ?? {}) as RestErrorLike;
  if (e.name === 'CredentialUnavailableError' || e.name === 'AuthenticationError' || e.name === 'AggregateAuthenticationError') {
    return { message: e.message ?? String(err), code: 'AuthenticationFailed', transient: false };
  }
  let code = e.code;
  let message = e.message ?? String(err);
  const body = e.response?.bodyAsText;
  if (body) {
    try {
      const parsed = JSON.parse(body) as { error?: { code?: string; message?: string } };
      if (parsed.error?.code) code = parsed.error.code;
      if (parsed.error?.message) message = parsed.error.message;
    } catch { /* not JSON: keep the SDK's message */ }
  }
  const correlationId = e.response?.headers?.get?.('x-ms-correlation-request-id') ?? undefined;
  const status = e.statusCode;
  const transient = status === 429 || (status !== undefined && status >= 500) || (code !== undefined && TRANSIENT_CODES.has(code));
  return { message, code, status, correlationId, transient };
}

export function describeArmError(err: unknown): { message: string; code?: string; correlationId?: string } {
  const i = classifyArmError(err);
  return { message: i.message, code: i.code, correlationId: i.correlationId };
}

/** Authentication failures end the run with exit 3 instead of being recorded as step failures. */
export function toAuthErrorIfAny(err: unknown): AuthError | undefined {
  const i = classifyArmError(err);
  if (i.code === 'AuthenticationFailed' || i.status === 401 || i.code === 'InvalidAuthenticationToken' || i.code === 'ExpiredAuthenticationToken') {
    return new AuthError(`Authentication failed: ${i.message}`, 'Run `az login` (or set AZURE_CLIENT_ID/AZURE_TENANT_ID/AZURE_CLIENT_SECRET, or use workload identity) and try again.');
  }
  return undefined;
}

export function isNotFound(err: unknown): boolean {
  const e = err as RestErrorLike;
  return e?.statusCode === 404;
}
