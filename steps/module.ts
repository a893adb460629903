// The contract of a resource module: one file in steps/ per resource type declares its steps and
// everything the rest of the tool must know about it. The registry (steps/index.ts) assembles the
// config schema, names, subnet layout, plan blocking, summary and teardown notes from the modules,
// so no command and no shared table names a step id.
import type { SecurityRule, Subnet } from '@azure/arm-network';
import type { ZodType } from 'zod';
import type { NameKind } from '../src/config/naming-rules.js';
import type { Finding } from '../src/config/problems.js';
import type { Config } from '../src/config/schema.js';
import type { StateDoc } from '../src/state/state.js';
import type { AzureStep, StepEnv } from './env.js';

/** Every derived resource name, by the key its module gave it (env.names.storage...). */
export type Names = Readonly<Record<string, string>>;

/** What every derived name is built from. */
export interface NameBase {
  name: string;
  environment: string;
  /** Stable 6-character suffix for globally unique names. */
  suffix: string;
}

/** One Azure resource name a module derives, with the Azure rule it must satisfy. */
export interface NameSpec {
  /** Key in `Names` (env.names.<key>). */
  key: string;
  kind: NameKind;
  /** What the name is for in messages when the rule's own label is too generic. */
  label?: string;
  /** Config path that overrides the derived name, when the user may set it. */
  path?: string;
  /** The value the user set at `path` (undefined = derived). */
  explicit?(config: Config): string | undefined;
  derive(config: Config, base: NameBase): string;
}

/** A subnet a module needs in the VNet; the VNet step, the NSG steps and the CIDR checks read these. */
export interface SubnetSpec {
  /** Key under `network.subnets` in the config. */
  key: string;
  /** Subnet name in the VNet. */
  name: string;
  /** Step id suffix of its NSG (`nsg-<nsgKey>`) and suffix of the NSG's name. */
  nsgKey: string;
  nsgNameSuffix: string;
  defaultCidr: string;
  /** Largest prefix (smallest subnet) it may use. */
  minPrefix: number;
  /** "the training subnet (compute cluster and instances)": completes "too small for ...". */
  purpose: string;
  /** For the JSON Schema and the wizard. */
  description: string;
  /**
   * More addresses than minPrefix gives when the config asks for them (AKS with Azure CNI), or
   * false when nothing will be placed in it (no size requirement).
   */
  needs?(config: Config): { addresses: number; why: string; involves: string[] } | false | undefined;
  /** Subnet properties beyond prefix, NSG and default outbound access. */
  properties?(config: Config): Partial<Subnet>;
  /** False when the config does not place this subnet in the VNet at all (default: always there). */
  enabled?(config: Config): boolean;
  /**
   * False for a subnet Azure does not allow an NSG on (GatewaySubnet: "Network security groups on the
   * gateway subnet aren't supported", Learn vpn-gateway-about-vpn-gateway-settings#gwsub).
   */
  nsg?: boolean;
  /** The subnet's NSG rules (allow-list, then deny); unused when `nsg` is false. */
  nsgRules(config: Config): (SecurityRule & { name: string })[];
}

/** A labelled section of the apply summary. `json` goes to `-o json`, `lines` to the text output. */
export interface SummaryItem {
  key: string;
  json: unknown;
  lines: string[];
}

/** What a module may read to describe the environment after a run. */
export interface SummaryView {
  state: Readonly<StateDoc>;
  env: StepEnv;
}

/** What a module says before its resources are deleted. */
export interface TeardownView {
  env: StepEnv;
  /** Step ids about to be deleted. */
  deleting: ReadonlySet<string>;
  purge: boolean;
}

export interface TeardownNote {
  /** Printed before the confirmation. */
  note: string;
  /** What stays reserved afterwards (soft delete), for the summary. */
  softDeleted?: string;
}

export interface ResourceModule {
  /** Short name of the resource type, for messages and the README. */
  id: string;
  /** Top-level config fields this module owns (zod, with defaults and descriptions). */
  config?: Record<string, ZodType>;
  names?: readonly NameSpec[];
  subnets?: readonly SubnetSpec[];
  /** Config paths that hold file names: resolved relative to the config file when loaded. */
  filePaths?: readonly string[];
  /** Cross-field checks on the validated config (run with every other module's). */
  findings?(config: Config, names: Names): Finding[];
  /** Its steps; a function of the layout when they depend on every module's subnets (the VNet). */
  steps: readonly AzureStep[] | ((layout: { subnets: readonly SubnetSpec[] }) => readonly AzureStep[]);
  summary?(view: SummaryView): SummaryItem[];
  teardownNotes?(view: TeardownView): TeardownNote[];
}
