// The one schema for secure-aml's configuration: the config file, the init wizard's answers and
// the flag/env overrides all go through it. The core fields are here; every other top-level field
// is a fragment declared by the module that owns it (steps/<x>.ts) and assembled by the registry,
// so a minimal file is still just name, subscriptionId and location. Cross-field checks run from
// load.ts (layout.ts, naming.ts and each module's own findings).
import { z } from 'zod';
import { MODULES, SUBNETS } from '../../steps/index.js';
import { bad, cidr, guid, tags } from './fields.js';
import { didYouMean, quote } from './problems.js';
import { AZURE_REGIONS } from './regions.js';

export { ENV_TAG_KEY, MAX_USER_TAGS } from './fields.js';

const core = {
  name: z
    .string(bad('must be 2-10 lowercase letters and digits, starting with a letter'))
    .regex(/^[a-z][a-z0-9]{1,9}$/, bad('must be 2-10 lowercase letters and digits, starting with a letter (every resource name is derived from it)'))
    .describe('Short name (2-10 lowercase letters and digits, starting with a letter) that every derived resource name is built from, e.g. mlsec.'),
  environment: z
    .string(bad('must be 1-16 lowercase letters, digits and hyphens'))
    .regex(/^[a-z](?:[a-z0-9-]{0,14}[a-z0-9])?$/, bad('must be 1-16 lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen'))
    .default('dev')
    .describe('Environment name (dev, test, prod...): names the state file and is the value of the secure-aml-env tag. Overridden by SECURE_AML_ENV and --env.'),
  subscriptionId: guid('a subscription ID').describe('Azure subscription ID. Overridden by AZURE_SUBSCRIPTION_ID and --subscription.'),
  location: z
    .enum(AZURE_REGIONS, {
      error: (iss) => {
        const hint = typeof iss.input === 'string' ? didYouMean(iss.input, AZURE_REGIONS) : '';
        return `${quote(iss.input)} is not an Azure region name${hint || '; expected a lowercase name like westeurope (see az account list-locations -o table)'}`;
      },
    })
    .describe('Azure region, lowercase as ARM spells it (e.g. westeurope). Overridden by AZURE_LOCATION and --location.'),
};

type Modules = typeof MODULES;
/** Every module's config fragment, merged (modules without one contribute nothing). */
type Merge<T extends readonly unknown[]> = T extends readonly [infer H, ...infer R] ? (H extends { config: infer C } ? C : unknown) & Merge<R> : unknown;
type Fragments = Merge<Modules>;

/** `network.subnets`: one CIDR per subnet some module declares, with its default and purpose. */
const subnetCidrs = z
  .strictObject(Object.fromEntries(SUBNETS.map((s) => [s.key, cidr(s.defaultCidr, s.description)])) as Record<string, ReturnType<typeof cidr>>)
  .prefault({})
  .describe('Subnet CIDRs; must not overlap and must lie inside addressSpace.');

function assemble() {
  const shape: Record<string, z.ZodType> = { ...core };
  for (const m of MODULES) if ('config' in m) Object.assign(shape, m.config);
  // The VNet's fragment gains the subnets every module declared.
  const network = shape.network as z.ZodPrefault<z.ZodObject>;
  shape.network = (network.unwrap() as z.ZodObject).extend({ subnets: subnetCidrs }).prefault({}).describe(network.description ?? '');
  shape.tags = tags;
  return z.strictObject(shape).describe('secure-aml configuration: a private, exfiltration-resistant Azure Machine Learning environment.');
}

type NetworkShape = Fragments['network'] extends z.ZodPrefault<z.ZodObject<infer S>> ? S : never;
type Shape = typeof core & Omit<Fragments, 'network'> & {
  network: z.ZodPrefault<z.ZodObject<NetworkShape & { subnets: typeof subnetCidrs }, z.core.$strict>>;
  tags: typeof tags;
};

export const ConfigSchema = assemble() as unknown as z.ZodObject<Shape, z.core.$strict>;

export type Config = z.output<typeof ConfigSchema>;
