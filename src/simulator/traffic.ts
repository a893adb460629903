// <dir>/traffic.jsonl: one JSON line per HTTP exchange, so tests can count writes and validate requests
// and responses against the REST specs. Credentials and write-only secrets (protected settings,
// passwords) never reach the file.
import { appendFile } from 'node:fs/promises';
import path from 'node:path';
import { isEntraPath } from './entra.js';
import type { FaultKind, SimRequest, SimResponse } from './types.js';

const SECRET_HEADERS = new Set(['authorization', 'x-ms-authorization-auxiliary']);

function redact(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) out[k] = SECRET_HEADERS.has(k.toLowerCase()) ? 'REDACTED' : v;
  return out;
}

/**
 * Secret members: write-only ones of request bodies (ARM never returns them), Graph's passwordProfile, and
 * Entra's tokens and client credentials (form fields of a token request, members of its answer).
 */
const SECRET_MEMBERS = /^(configurationProtectedSettings|protectedSettings|adminUserPassword|adminPassword|clientSecret|secret|passwordProfile|password|client_secret|client_assertion|access_token|refresh_token|id_token)$/i;

const isForm = (headers: Record<string, string>) =>
  Object.entries(headers).some(([k, v]) => k.toLowerCase() === 'content-type' && /application\/x-www-form-urlencoded/i.test(v));

/** A form-encoded body (Entra's token requests, which are read as forms whatever their content-type) with its secret fields' values replaced. */
function redactForm(text: string): string {
  const form = new URLSearchParams(text);
  for (const k of [...form.keys()]) if (SECRET_MEMBERS.test(k)) form.set(k, 'REDACTED');
  return form.toString();
}

function redactBody(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(redactBody);
  if (!v || typeof v !== 'object') return v;
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, SECRET_MEMBERS.test(k) ? redactValue(x) : redactBody(x)]));
}

/** Keeps the shape (so the contract still validates the request), not the values. */
function redactValue(v: unknown): unknown {
  if (typeof v === 'string') return 'REDACTED';
  if (v && typeof v === 'object' && !Array.isArray(v)) return Object.fromEntries(Object.keys(v).map((k) => [k, 'REDACTED']));
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
    ...(requestBody === null && req.body ? { requestBodyText: isForm(req.headers) || isEntraPath(new URL(req.url).pathname) ? redactForm(req.body) : req.body } : {}),
    status: res.status,
    responseHeaders: res.headers,
    responseBody: redactBody(parseBody(res.body)),
    durationMs: endedAt - startedAt,
  };
}

export async function appendTraffic(dir: string, line: TrafficLine): Promise<void> {
  await appendFile(path.join(dir, 'traffic.jsonl'), `${JSON.stringify(line)}\n`);
}
