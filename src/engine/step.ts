import type { Problem } from '../errors.js';

// The Step contract (DESIGN §2). The engine is generic over `Env`: whatever the steps need
// (config, names, Azure clients) is opaque to it, so the engine never imports Azure or steps.

export type ChangeKind = 'add' | 'remove' | 'change';

/** One property-level difference between what the config wants and what exists. */
export interface Change {
  path: string;
  kind: ChangeKind;
  before?: unknown;
  after?: unknown;
}

export type Operation = 'create' | 'update' | 'delete';

/** What a step records before a mutating call (write-ahead), so `resume` can settle it. */
export interface PendingOperation {
  operation: Operation;
  resourceId: string;
  /** Serialised LRO poller (SDK `poller.toString()`), once the call was accepted. */
  poller?: string;
}

export interface StepContext<Env> {
  env: Env;
  /** Outputs of a step this one depends on (throws if it is not a declared dependency or did not run). */
  outputs(stepId: string): Record<string, string>;
  /** A short progress line shown under the step's title (retries, throttling waits, polling). */
  report(message: string): void;
  /** Write-ahead: call before the mutating ARM call, and again with `poller` once it was accepted. */
  pending(op: PendingOperation): Promise<void>;
  /** A poller left in flight by an interrupted run: re-attach to it instead of sending the PUT again. */
  resumeFrom?: string;
  /** The resource id that poller belongs to (a step may write more than one resource). */
  resumeFor?: string;
  signal: AbortSignal;
}

export interface Step<Env, D = unknown, O = unknown> {
  id: string;
  title: string;
  dependsOn: string[];
  enabled(env: Env): boolean;
  /** Changes a resource another step owns (attaches a policy to a subnet): once applied, teardown detaches it. */
  attachment?: boolean;
  /**
   * Steps whose resource refers to this one while it exists (the VNet to each subnet's NSG). When the config
   * turns this step off, apply deletes its resource only after those steps have converged (and let go of it).
   */
  referencedBy?: readonly string[];
  /** Key of a resource that admits one change at a time (a VNet id); steps sharing it never overlap. */
  serialKey?(env: Env): string | undefined;
  /** The ARM id this step owns (for state, teardown and plan). */
  resourceId(ctx: StepContext<Env>): string;
  /** Pure: from config and the outputs of dependencies. */
  desired(ctx: StepContext<Env>): D;
  /** GET; undefined on 404. */
  read(ctx: StepContext<Env>): Promise<O | undefined>;
  /** [] = in sync; nothing is written. */
  diff(desired: D, observed: O | undefined): Change[];
  apply(ctx: StepContext<Env>, desired: D, observed: O | undefined): Promise<O>;
  remove(ctx: StepContext<Env>): Promise<void>;
  outputs(observed: O, ctx: StepContext<Env>): Record<string, string>;
  /** Teardown: a reason to keep this resource although we created it (it now holds others'). */
  keep?(ctx: StepContext<Env>): Promise<string | undefined>;
  /** Checks before the first write, run only when the resource does not exist yet (name taken...). */
  preflight?(ctx: StepContext<Env>): Promise<Problem[]>;
}

// Any-typed registry entry: steps are heterogeneous in D and O.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyStep<Env> = Step<Env, any, any>;
