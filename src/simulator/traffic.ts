// <dir>/traffic.jsonl: one JSON line per HTTP exchange, so tests can count writes and validate requests
// and responses against the REST specs. Credentials and write-only secrets (protected settings,
// passwords) never reach the file.
import { appendFile } from 'node:fs/promises';
import path from 'node:path';
import type { FaultKind, SimRequest, SimResponse } from './types.js';

/** What a secret's value becomes in the log. */
const MASK = 'REDACTED';

const SECRET_HEADERS = new Set(['authorization', 'x-ms-authorization-auxiliary']);

function redact(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) out[k] = SECRET_HEADERS.has(k.toLowerCase()) ? MASK : v;
  return out;
}

/**
 * Names (never values) of members to mask: write-only members of request bodies (ARM never returns them),
 * Graph's passwordProfile, and Entra's tokens and client credentials (form fields of a token request,
 * members of its answer).
 */
const MASKED_MEMBERS = new Set([
  'configurationProtectedSettings', 'protectedSettings', 'adminUserPassword', 'adminPassword', 'clientSecret', 'secret',
  'passwordProfile', 'password', 'client_secret', 'client_assertion', 'access_token', 'refresh_token', 'id_token',
].map((n) => n.toLowerCase()));
const masked = (name: string) => MASKED_MEMBERS.has(name.toLowerCase());

/**
 * A body that is not JSON, as logged: when it reads as a form with a masked field (Entra's token requests,
 * whatever content-type the client sent) those values are masked; anything else is kept as sent.
 */
function bodyText(text: string): string {
  const form = new URLSearchParams(text);
  const names = [...form.keys()].filter(masked);
  if (names.length === 0) return text;
  for (const k of names) form.set(k, MASK);
  return form.toString();
}

function redactBody(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(redactBody);
  if (!v || typeof v !== 'object') return v;
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, masked(k) ? redactValue(x) : redactBody(x)]));
}

/** Keeps the shape (so the contract still validates the request), not the values. */
function redactValue(v: unknown): unknown {
  if (typeof v === 'string') return MASK;
  if (v && typeof v === 'object' && !Array.isArray(v)) return Object.fromEntries(Object.keys(v).map((k) => [k, MASK]));
  return v;
}

function parseBody(body: string | undefined): unknown {
  if (body === undefined || body === '') return null;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return null;
  }
}

export interface TrafficLine {
  time: string;
  method: string;
  url: string;
  requestHeaders: Record<string, string>;
  requestBody: unknown;
  /** Present only when the request body was not valid JSON. */
  requestBodyText?: string;
  status: number;
  responseHeaders: Record<string, string>;
  responseBody: unknown;
  durationMs: number;
  /** The injected fault that replaced (or, for lro-failed, failed) this exchange (faults.ts). */
  fault?: FaultKind;
}

export function trafficLine(req: SimRequest, res: SimResponse, startedAt: number, endedAt: number): TrafficLine {
  const requestBody = redactBody(parseBody(req.body));
  return {
    time: new Date(startedAt).toISOString(),
    method: req.method.toUpperCase(),
    url: req.url,
    requestHeaders: redact(req.headers),
    requestBody,
    ...(requestBody === null && req.body ? { requestBodyText: bodyText(req.body) } : {}),
    status: res.status,
    responseHeaders: res.headers,
    responseBody: redactBody(parseBody(res.body)),
    durationMs: endedAt - startedAt,
  };
}

export async function appendTraffic(dir: string, line: TrafficLine): Promise<void> {
  await appendFile(path.join(dir, 'traffic.jsonl'), `${JSON.stringify(line)}\n`);
}
