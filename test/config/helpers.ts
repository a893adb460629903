// Shared by the config tests: a minimal valid config and a way to collect the problems of a bad one.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { ConfigError, type Problem } from '../../src/errors.js';
import { type ConfigOrigin, validateConfig } from '../../src/config/load.js';

export const SUB = '11111111-2222-3333-4444-555555555555';

/** The demonstration TLS pair (templates/demo-tls, generated before the tests), for configs with AKS on. */
const TEMPLATES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../templates');
export const DEMO_TLS = { cname: 'scoring.mlsec.internal', certFile: path.join(TEMPLATES, 'demo-tls/scoring.crt'), keyFile: path.join(TEMPLATES, 'demo-tls/scoring.key') };
export const minimal = (extra: Record<string, unknown> = {}) => ({ name: 'mlsec', subscriptionId: SUB, location: 'westeurope', ...extra });

/** The problems validateConfig reports for `raw`; fails the test if it accepts it. */
export function problemsOf(raw: unknown, origin?: ConfigOrigin): Problem[] {
  try {
    validateConfig(raw, origin);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).problems;
  }
  throw new Error('expected a ConfigError, but the config was accepted');
}

/** `path: message` lines, as the user sees them. */
export const lines = (problems: Problem[]) => problems.map((p) => `${p.path}: ${p.message}`);
