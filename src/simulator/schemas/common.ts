// Strict request-body validation with zod, reporting failures the way the resource providers do
// (Network RP: InvalidRequestFormat + Newtonsoft-style InvalidJson details; ARM/Resources:
// InvalidRequestContent). Read-only properties clients echo back are accepted and ignored.
import { z } from 'zod';
import { ArmError, badRequest, invalidRequestFormat } from '../errors.js';

type Iss = { code: string; input?: unknown; keys?: string[] };

const show = (v: unknown): string => (typeof v === 'string' ? `"${v}"` : JSON.stringify(v) ?? 'undefined');

/** Newtonsoft's message for a value it cannot convert (without the trailing path). */
const convert = (dotnetType: string) => (iss: Iss) =>
  iss.code === 'unrecognized_keys' ? undefined : `Error converting value ${show(iss.input)} to type '${dotnetType}'.`;

/** A strict object named like the REST model, so unknown members are reported against that type. */
export function obj<T extends z.ZodRawShape>(typeName: string, shape: T) {
  return z.strictObject(shape, {
    error: (iss: Iss) =>
      iss.code === 'unrecognized_keys'
        ? `Could not find member '${iss.keys?.[0] ?? ''}' on object of type '${typeName}'.`
        : `Error converting value ${show(iss.input)} to type '${typeName}'.`,
  });
}

export const str = () => z.string({ error: convert('System.String') });
export const int = () => z.number({ error: convert('System.Int32') }).int({ error: convert('System.Int32') });
export const bool = () => z.boolean({ error: convert('System.Boolean') });
export const arr = <T extends z.ZodType>(item: T, itemType: string) =>
  z.array(item, { error: convert(`System.Collections.Generic.IList\`1[${itemType}]`) });
export const strArr = () => arr(str(), 'System.String');
export const enumOf = <const V extends readonly [string, ...string[]]>(typeName: string, values: V) =>
  z.enum(values, { error: convert(typeName) });
/**
 * An enum the service matches case-insensitively: any casing of a value passes and is kept as sent (Key Vault
 * sku.name, Azure/azure-rest-api-specs#10082: "We can't change ... it will be breaking change").
 */
export const enumOfAnyCase = <const V extends readonly [string, ...string[]]>(typeName: string, values: V) =>
  z.string({ error: convert(typeName) }).refine((v) => values.some((x) => x.toLowerCase() === v.toLowerCase()), { error: convert(typeName) });
export const tags = () => z.record(z.string(), str(), { error: convert('System.Collections.Generic.IDictionary`2[System.String,System.String]') });
/** A reference to another resource ({id}). */
export const subResource = (typeName = 'SubResource') => obj(typeName, { id: str() });
/** Read-only in the REST model: accepted when echoed back, then ignored. */
export const readOnly = () => z.unknown().optional();

/**
 * The ARM tracked-resource envelope (common-types Resource + TrackedResource): id, type and systemData are
 * read-only. `name` is settable (then checked against the URL) in some RPs' models, read-only in others.
 */
const envelopeBase = { id: readOnly(), type: readOnly(), systemData: readOnly(), location: str().optional(), tags: tags().optional() };
export const trackedEnvelope = { ...envelopeBase, name: str().optional() };
export const trackedEnvelopeReadOnlyName = { ...envelopeBase, name: readOnly() };

function azurePath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)), '');
}

/** Newtonsoft ignores nulls for optional members; so do we. */
function dropNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(dropNulls);
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null).map(([k, x]) => [k, dropNulls(x)]));
  }
  return v;
}

type BodyFlavour = 'network' | 'resources';

function failure(flavour: BodyFlavour, message: string): ArmError {
  return flavour === 'network'
    ? invalidRequestFormat([{ code: 'InvalidJson', message }])
    : badRequest('InvalidRequestContent', `The request content was invalid and could not be deserialized: '${message}'.`);
}

/** Parses and validates a JSON body; throws the provider's 400 on any mismatch. */
export function parseBody<T extends z.ZodType>(schema: T, text: string | undefined, flavour: BodyFlavour): z.output<T> {
  if (text === undefined || text.trim() === '') throw failure(flavour, 'The request body is empty.');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw failure(flavour, `Unexpected character encountered while parsing value: ${(err as Error).message}`);
  }
  let input = dropNulls(raw);
  let result = schema.safeParse(input, { reportInput: true });
  // Network RP deserializes with Newtonsoft (its InvalidJson wording, Azure/azure-powershell#13544), whose
  // JsonReader.ReadAsBoolean turns a string token into a boolean with bool.TryParse ("false", " TRUE ").
  for (let i = 0; flavour === 'network' && !result.success && i < 100; i++) {
    const coerced = coerceBooleanString(input, result.error.issues[0] as { code: string; expected?: string; input?: unknown; path: PropertyKey[] });
    if (coerced === undefined) break;
    input = coerced;
    result = schema.safeParse(input, { reportInput: true });
  }
  if (result.success) return result.data;
  const iss = result.error.issues[0] as (typeof result.error.issues)[number] & { input?: unknown; keys?: string[] };
  const path = [...iss.path];
  let message: string;
  if (iss.code === 'unrecognized_keys') {
    message = `${iss.message} Path '${azurePath([...path, iss.keys?.[0] ?? ''])}'.`;
  } else if ((iss.code === 'invalid_type' || iss.code === 'invalid_value') && iss.input === undefined) {
    const member = path.pop();
    message = `Required property '${String(member)}' not found in JSON. Path '${azurePath(path)}'.`;
  } else {
    message = `${iss.message} Path '${azurePath(path)}'.`;
  }
  throw failure(flavour, message);
}

/** .NET bool.TryParse: "true"/"false" in any casing, surrounding white space allowed. */
function dotnetBool(v: string): boolean | undefined {
  const t = v.trim().toLowerCase();
  return t === 'true' ? true : t === 'false' ? false : undefined;
}

/** The body with the string at the issue's path replaced by its boolean, when the issue is exactly that. */
function coerceBooleanString(input: unknown, iss: { code: string; expected?: string; input?: unknown; path: PropertyKey[] }): unknown {
  if (iss.code !== 'invalid_type' || iss.expected !== 'boolean' || typeof iss.input !== 'string') return undefined;
  const value = dotnetBool(iss.input);
  if (value === undefined || iss.path.length === 0) return undefined;
  const copy = structuredClone(input) as Record<PropertyKey, unknown>;
  let at: Record<PropertyKey, unknown> = copy;
  for (const k of iss.path.slice(0, -1)) at = at[k as string] as Record<PropertyKey, unknown>;
  at[iss.path[iss.path.length - 1] as string] = value;
  return copy;
}
