// Response building: every response carries ARM's request-id headers; bodies are JSON.
import { randomUUID } from 'node:crypto';
import type { SimResponse } from './types.js';

export function lowerHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) out[k.toLowerCase()] = v;
  return out;
}

/** ARM echoes the caller's correlation id (or client request id) so traces can be joined. */
export function requestIdHeaders(reqHeaders: Record<string, string>): Record<string, string> {
  const correlation = reqHeaders['x-ms-correlation-request-id'] ?? reqHeaders['x-ms-client-request-id'] ?? randomUUID();
  return { 'x-ms-request-id': randomUUID(), 'x-ms-correlation-request-id': correlation };
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): SimResponse {
  return { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers }, body: JSON.stringify(body) };
}

export function empty(status: number, headers: Record<string, string> = {}): SimResponse {
  return { status, headers: { ...headers } };
}
