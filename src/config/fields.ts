// The building blocks of the config schema: every module's fragment (steps/<x>.ts) is made of these,
// so a bad value gets the same kind of message wherever it sits.
import { z } from 'zod';
import { cidrProblem } from './cidr.js';
import { NAME_RULES, type NameKind } from './naming-rules.js';
import { didYouMean, quote } from './problems.js';

/** The tag secure-aml puts on everything it creates; users cannot set it. */
export const ENV_TAG_KEY = 'secure-aml-env';
/** Azure allows 50 tags per resource; one is ours. */
export const MAX_USER_TAGS = 49;

type IssueLike = { input?: unknown };
/** Error option whose message quotes the bad value: `"X" must be ...`. */
export const bad = (rule: string) => ({ error: (iss: IssueLike) => `${quote(iss.input)} ${rule}` });

export const bool = (description: string, def: boolean) =>
  z.boolean(bad('must be true or false')).default(def).describe(description);

export const int = (min: number, max: number) => {
  const e = bad(`must be a whole number from ${min} to ${max}`);
  return z.number(e).int(e).min(min, e).max(max, e);
};

export const guid = (what: string) =>
  z.guid(bad(`is not ${what} (expected a GUID like 00000000-0000-0000-0000-000000000000)`));

export const cidr = (def: string, description: string) =>
  z
    .string(bad(`is not a CIDR (expected a.b.c.d/n, e.g. ${def})`))
    .superRefine((value, ctx) => {
      const message = cidrProblem(value);
      if (message) ctx.addIssue({ code: 'custom', message, input: value });
    })
    .default(def)
    .describe(description);

/** An optional name override, checked with Azure's rule for that resource type. */
export const resourceName = (kind: NameKind, description: string) => {
  const r = NAME_RULES[kind];
  const e = bad(`must be ${r.rule}`);
  return z.string(e).min(r.min, e).max(r.max, e).regex(r.pattern, e).describe(description);
};

export const vmSize = (def: string, description: string) =>
  z
    .string(bad('is not an Azure VM size'))
    .regex(/^Standard_[A-Za-z0-9_-]+$/i, bad(`is not an Azure VM size (expected e.g. ${def})`))
    .default(def)
    .describe(description);

/** A user principal name as Entra ID writes it: local part, @, a verified domain. */
export const UPN = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const PRINCIPAL_KINDS = 'objectId (with type), user (a user principal name such as alice@contoso.com) or group (a group\'s display name)';

const Principal = z
  .strictObject({
    objectId: guid('an Entra ID object ID').optional().describe('Object ID of the user, group or service principal in Microsoft Entra ID.'),
    type: z
      .enum(['User', 'Group', 'ServicePrincipal'], {
        error: (iss) => `${quote(iss.input)} is not a principal type; expected User, Group or ServicePrincipal${typeof iss.input === 'string' ? didYouMean(iss.input, ['User', 'Group', 'ServicePrincipal']) : ''}`,
      })
      .optional()
      .describe('Principal type (with objectId), so the role assignment does not wait on directory replication.'),
    user: z.string().regex(UPN, bad('is not a user principal name (expected e.g. alice@contoso.com)')).optional()
      .describe('A user by user principal name, looked up in Microsoft Graph (GET /users/{upn}) before anything is created.'),
    group: z.string().min(1).max(256).optional()
      .describe('A group by display name, looked up in Microsoft Graph before anything is created; the name must be unique in the tenant.'),
    displayName: z.string().optional().describe('Who this is, for the summary and audit output only.'),
  })
  .superRefine((p, ctx) => {
    const given = (['objectId', 'user', 'group'] as const).filter((k) => p[k] !== undefined);
    if (given.length !== 1) {
      ctx.addIssue({ code: 'custom', input: p, message: given.length ? `gives ${given.join(' and ')}; give exactly one of ${PRINCIPAL_KINDS}` : `names nobody; give ${PRINCIPAL_KINDS}` });
      return;
    }
    if (p.objectId !== undefined && p.type === undefined) ctx.addIssue({ code: 'custom', path: ['type'], input: p.type, message: 'required with objectId: User, Group or ServicePrincipal' });
    if (p.user !== undefined && p.type !== undefined && p.type !== 'User') ctx.addIssue({ code: 'custom', path: ['type'], input: p.type, message: `"${p.type}" contradicts user (a user); leave type out` });
    if (p.group !== undefined && p.type !== undefined && p.type !== 'Group') ctx.addIssue({ code: 'custom', path: ['type'], input: p.type, message: `"${p.type}" contradicts group; leave type out` });
  })
  .describe('A principal that gets the role: by object id, or by name (resolved through Microsoft Graph).');

export type PrincipalRef = z.infer<typeof Principal>;

/** The object id and type of a principal resolved before any step runs (src/app/people.ts). */
export function resolvedPrincipal(p: PrincipalRef): { objectId: string; type: 'User' | 'Group' | 'ServicePrincipal' } {
  if (p.objectId === undefined || p.type === undefined) throw new Error(`principal ${p.user ?? p.group ?? '?'} was not resolved to an object id`);
  return { objectId: p.objectId, type: p.type };
}

export const principals = (description: string) => z.array(Principal).default([]).describe(description);

export const tags = z
  .record(z.string(), z.string(bad('is not a string; quote it in YAML, e.g. "1234"')))
  .superRefine((value, ctx) => {
    const keys = Object.keys(value);
    if (keys.length > MAX_USER_TAGS) {
      ctx.addIssue({ code: 'custom', input: value, message: `has ${keys.length} tags; Azure allows 50 per resource and secure-aml adds ${ENV_TAG_KEY}, so at most ${MAX_USER_TAGS}` });
    }
    for (const key of keys) {
      const add = (message: string) => ctx.addIssue({ code: 'custom', path: [key], input: key, message });
      const bad = key.match(/[<>%&\\?/]/);
      if (key.toLowerCase() === ENV_TAG_KEY) add(`reserved: secure-aml sets this tag to the environment name (use "environment")`);
      else if (key.trim() === '') add('a tag name must not be empty');
      else if (key.length > 512) add(`tag name is ${key.length} characters; Azure allows at most 512`);
      else if (bad) add(`${quote(key)} is not a valid tag name: Azure forbids the characters < > % & \\ ? / (found "${bad[0]}")`);
      else if (/^(microsoft|azure|windows)/i.test(key)) add(`${quote(key)} is not a valid tag name: Azure reserves names starting with microsoft, azure or windows`);
      const v = value[key];
      if (typeof v === 'string' && v.length > 256) add(`tag value is ${v.length} characters; Azure allows at most 256`);
    }
  }, { when: (payload) => typeof payload.value === 'object' && payload.value !== null && !Array.isArray(payload.value) })
  .default({})
  .describe(`Extra tags for every resource (at most ${MAX_USER_TAGS}; names ≤ 512 characters without < > % & \\ ? /, values ≤ 256). "${ENV_TAG_KEY}" is reserved.`);

