// One error hierarchy; exitCodeFor() is the only place that maps errors to exit codes (DESIGN §2).

/** Base of every error the tool raises on purpose. `hint` is the exact next thing the user can do. */
export class SecureAmlError extends Error {
  readonly exitCode: number = 1;
  constructor(message: string, readonly hint?: string) {
    super(message);
    this.name = new.target.name;
  }
}

export interface Problem {
  /** Dotted path of the offending field, e.g. `network.subnets.training`. */
  path: string;
  message: string;
  /** The step a preflight problem blocks (set by the engine for each step's own checks). */
  stepId?: string;
}

/** Bad flags, bad config, failed preflight: nothing was called in Azure. Exit 2. */
export class UsageError extends SecureAmlError {
  override readonly exitCode = 2;
  constructor(message: string, readonly problems: Problem[] = [], hint?: string) {
    super(message, hint);
  }
}

/** Config file / flags / env failed validation. Every problem is listed at once. */
export class ConfigError extends UsageError {
  constructor(problems: Problem[], hint = 'Fix the fields above and run the command again.') {
    super(`Invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
      problems.map((p) => `  - ${p.path}: ${p.message}`).join('\n'), problems, hint);
  }
}

export class AuthError extends SecureAmlError {
  override readonly exitCode = 3;
}

/** An ARM call failed. Everything already created is kept and recorded; `resume` continues. Exit 4. */
export class StepFailedError extends SecureAmlError {
  override readonly exitCode = 4;
  constructor(message: string, readonly failures: { stepId: string; message: string; code?: string }[], hint?: string) {
    super(message, hint);
  }
}

export class AuditFindingsError extends SecureAmlError {
  override readonly exitCode = 5;
}

/** `verify` found a required flow blocked, an exfiltration path open or a role that does not hold. Exit 5. */
export class VerifyFindingsError extends SecureAmlError {
  override readonly exitCode = 5;
}

export class NoStateError extends SecureAmlError {
  override readonly exitCode = 6;
}

/** Another process holds the environment's lock. */
export class LockedError extends SecureAmlError {
  override readonly exitCode = 1;
}

export class DeclinedError extends SecureAmlError {
  override readonly exitCode = 8;
}

export class InterruptedError extends SecureAmlError {
  override readonly exitCode = 130;
}

export function exitCodeFor(err: unknown): number {
  if (err instanceof SecureAmlError) return err.exitCode;
  // commander's own usage errors are mapped by the CLI wiring before they reach here.
  return 1;
}
