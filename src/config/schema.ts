// The one schema for secure-aml's configuration: the config file, the init wizard's answers and
// the flag/env overrides all go through it. Defaults live here, so a minimal file is just
// name, subscriptionId and location. Cross-field checks (CIDR layout, derived names) are in
// cidr.ts / naming.ts and run from load.ts.
import { z } from 'zod';
import { cidrProblem } from './cidr.js';
import { NAME_RULES, type NameKind } from './naming.js';
import { didYouMean, quote } from './problems.js';
import { AZURE_REGIONS } from './regions.js';

/** The tag secure-aml puts on everything it creates; users cannot set it. */
export const ENV_TAG_KEY = 'secure-aml-env';
/** Azure allows 50 tags per resource; one is ours. */
export const MAX_USER_TAGS = 49;

type IssueLike = { input?: unknown };
/** Error option whose message quotes the bad value: `"X" must be ...`. */
const bad = (rule: string) => ({ error: (iss: IssueLike) => `${quote(iss.input)} ${rule}` });

const bool = (description: string, def: boolean) =>
  z.boolean(bad('must be true or false')).default(def).describe(description);

const int = (min: number, max: number) => {
  const e = bad(`must be a whole number from ${min} to ${max}`);
  return z.number(e).int(e).min(min, e).max(max, e);
};

const guid = (what: string) =>
  z.guid(bad(`is not ${what} (expected a GUID like 00000000-0000-0000-0000-000000000000)`));

const cidr = (def: string, description: string) =>
  z
    .string(bad(`is not a CIDR (expected a.b.c.d/n, e.g. ${def})`))
    .superRefine((value, ctx) => {
      const message = cidrProblem(value);
      if (message) ctx.addIssue({ code: 'custom', message, input: value });
    })
    .default(def)
    .describe(description);

/** An optional name override, checked with Azure's rule for that resource type. */
const resourceName = (kind: NameKind, description: string) => {
  const r = NAME_RULES[kind];
  const e = bad(`must be ${r.rule}`);
  return z.string(e).min(r.min, e).max(r.max, e).regex(r.pattern, e).describe(description);
};

const vmSize = (def: string, description: string) =>
  z
    .string(bad('is not an Azure VM size'))
    .regex(/^Standard_[A-Za-z0-9_-]+$/i, bad(`is not an Azure VM size (expected e.g. ${def})`))
    .default(def)
    .describe(description);

const Principal = z
  .strictObject({
    objectId: guid('an Entra ID object ID').describe('Object ID of the user, group or service principal in Microsoft Entra ID.'),
    type: z
      .enum(['User', 'Group', 'ServicePrincipal'], {
        error: (iss) => `${quote(iss.input)} is not a principal type; expected User, Group or ServicePrincipal${typeof iss.input === 'string' ? didYouMean(iss.input, ['User', 'Group', 'ServicePrincipal']) : ''}`,
      })
      .describe('Principal type, so the role assignment does not wait on directory replication.'),
    displayName: z.string().optional().describe('Who this is, for the summary and audit output only.'),
  })
  .describe('A principal that gets the role.');

const principals = (description: string) => z.array(Principal).default([]).describe(description);

const ComputeInstance = z
  .strictObject({
    name: z.string().describe('Compute instance name: 3-24 letters, digits and hyphens, starting with a letter; unique in the region.'),
    vmSize: vmSize('Standard_DS3_v2', 'VM size of the instance.'),
    userObjectId: guid('an Entra ID object ID').describe('Object ID of the one user the instance is assigned to (personal compute: nobody else can use it).'),
    idleMinutesBeforeShutdown: int(15, 4320).default(60).describe('Shut the instance down after this many idle minutes (15-4320), so forgotten instances do not run for ever.'),
  })
  .describe('A personal compute instance in the training subnet: no public IP, SSH disabled.');

const tags = z
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

export const ConfigSchema = z
  .strictObject({
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
    resourceGroup: z
      .strictObject({
        name: resourceName('resourceGroup', 'Resource group name (default rg-<name>-<environment>).').optional(),
        existing: bool('true = use a resource group you already have; secure-aml never deletes it on teardown.', false),
      })
      .prefault({})
      .describe('The resource group that holds everything.'),
    network: z
      .strictObject({
        vnetName: resourceName('vnet', 'Virtual network name (default vnet-<name>-<environment>).').optional(),
        addressSpace: cidr('10.0.0.0/16', 'VNet address space; must be private (RFC 1918 or 100.64.0.0/10) and contain every subnet.'),
        subnets: z
          .strictObject({
            training: cidr('10.0.1.0/24', 'Training subnet (compute cluster and instances; /27 or larger). Egress allow-listed by NSG and service endpoint policy.'),
            scoring: cidr('10.0.2.0/24', 'Scoring subnet for AKS with Azure CNI: needs (nodeCount + 1) × 31 usable addresses, /25 or larger.'),
            privateEndpoints: cidr('10.0.3.0/24', 'Subnet for the private endpoints of the workspace, storage, key vault and registry (/28 or larger).'),
          })
          .prefault({})
          .describe('Subnet CIDRs; must not overlap and must lie inside addressSpace.'),
        computePublicIp: bool('true gives compute nodes public IPs and opens inbound BatchNodeManagement/AzureMachineLearning rules. Not recommended: the default keeps compute unreachable from the internet.', false),
      })
      .prefault({})
      .describe('Customer-managed VNet: every service is reached through private endpoints; outbound traffic is allow-listed.'),
    keyVault: z
      .strictObject({ name: resourceName('keyVault', 'Key vault name (default kv<name><suffix>; globally unique).').optional() })
      .prefault({})
      .describe('Key vault for the workspace and the customer-managed key: RBAC, purge protection, no public network access.'),
    storage: z
      .strictObject({ name: resourceName('storage', 'Storage account name (default st<name><suffix>; globally unique, 3-24 lowercase letters and digits).').optional() })
      .prefault({})
      .describe('Workspace storage account: no public access, network default Deny, TLS 1.2.'),
    registry: z
      .strictObject({ name: resourceName('registry', 'Container registry name (default cr<name><suffix>; globally unique, 5-50 letters and digits).').optional() })
      .prefault({})
      .describe('Premium container registry (needed for private endpoints), admin user disabled, no public access.'),
    logAnalytics: z
      .strictObject({
        name: resourceName('logAnalytics', 'Log Analytics workspace name (default log-<name>-<environment>).').optional(),
        retentionInDays: int(30, 730).default(30).describe('How long logs are kept (30-730 days).'),
      })
      .prefault({})
      .describe('Log Analytics workspace behind Application Insights.'),
    appInsights: z
      .strictObject({ name: resourceName('appInsights', 'Application Insights name (default appi-<name>-<environment>).').optional() })
      .prefault({})
      .describe('Application Insights component of the workspace.'),
    workspace: z
      .strictObject({
        name: resourceName('workspace', 'Azure ML workspace name (default mlw-<name>-<environment>).').optional(),
        friendlyName: z.string().max(256).optional().describe('Display name shown in the studio.'),
        hbi: bool('High business impact: Microsoft-side diagnostics collect less data and local scratch disks are encrypted.', true),
      })
      .prefault({})
      .describe('The Azure ML workspace: public network access disabled, system-assigned identity.'),
    cmk: z
      .strictObject({
        enabled: bool('Encrypt workspace data with your own key from the key vault instead of a Microsoft-managed key.', true),
        keyName: z
          .string(bad(`must be ${NAME_RULES.cmkKey.rule}`))
          .min(1, bad(`must be ${NAME_RULES.cmkKey.rule}`))
          .max(127, bad(`must be ${NAME_RULES.cmkKey.rule}`))
          .regex(NAME_RULES.cmkKey.pattern, bad(`must be ${NAME_RULES.cmkKey.rule}`))
          .default('aml-cmk')
          .describe('Name of the RSA key in the key vault.'),
        keySize: z.literal([2048, 3072, 4096], bad('must be 2048, 3072 or 4096')).default(2048).describe('RSA key size in bits (2048 as the reference baseline; 3072 or 4096 if your policy asks for more).'),
      })
      .prefault({})
      .describe('Customer-managed key, created through ARM so the tool never needs data-plane access to the private vault.'),
    compute: z
      .strictObject({
        cluster: z
          .strictObject({
            name: z.string(bad('must be a string')).default('cpu-cluster').describe('Cluster name: 2-16 letters, digits and hyphens, starting with a letter, not ending with a hyphen.'),
            vmSize: vmSize('Standard_DS3_v2', 'VM size of the cluster nodes.'),
            minNodes: int(0, 1000).default(0).describe('Minimum nodes; 0 lets the cluster scale to zero when idle.'),
            maxNodes: int(1, 1000).default(4).describe('Maximum nodes.'),
            idleSecondsBeforeScaledown: int(0, 604800).default(1800).describe('Idle seconds before nodes are released.'),
          })
          .prefault({})
          .describe('Compute cluster (AmlCompute) in the training subnet without public IPs; also builds images, since the registry is private.'),
        instances: z.array(ComputeInstance).default([]).describe('Personal compute instances, one per data scientist.'),
      })
      .prefault({})
      .describe('Compute in the training subnet.'),
    aks: z
      .strictObject({
        enabled: bool('Create a private AKS cluster in the scoring subnet (internal load balancer) and attach it for online inference.', true),
        name: resourceName('aks', 'AKS cluster name (default aks-<name>-<environment>).').optional(),
        vmSize: vmSize('Standard_D4s_v3', 'VM size of the AKS nodes.'),
        nodeCount: int(1, 100).default(3).describe('Number of AKS nodes (1-100; 3 recommended for production).'),
      })
      .prefault({})
      .describe('Private AKS cluster for scoring.'),
    roles: z
      .strictObject({
        itAdmins: principals('Principals that get the IT admin custom role (manage the workspace, not the data).'),
        dataScientists: principals('Principals that get the data scientist custom role (run jobs, no workspace or compute management).'),
        dataScientistSuperUsers: principals('Principals that get the data scientist super user role (data scientist plus compute management).'),
      })
      .prefault({})
      .describe('Least-privilege custom roles and who gets them.'),
    tags,
  })
  .describe('secure-aml configuration: a private, exfiltration-resistant Azure Machine Learning environment.');

export type Config = z.output<typeof ConfigSchema>;
export type ConfigInput = z.input<typeof ConfigSchema>;
