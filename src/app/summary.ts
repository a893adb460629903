// What a run leaves the user with, assembled from the registry: each module's summary sections
// (studio URL, private endpoints and their IPs, hosts-file lines...) read from the state.
import type { StepResult } from '../engine/run.js';
import type { SecureAmlError } from '../errors.js';
import { summaryFor } from '../../steps/index.js';
import type { SummaryItem } from '../../steps/module.js';
import type { Session, TargetKind } from './session.js';

export type { SummaryItem };

export type RunStatus = 'succeeded' | 'failed' | 'interrupted';

/** The result of apply, resume and teardown: plain data the command prints as text or JSON. */
export interface RunReport {
  command: string;
  status: RunStatus;
  environment: string;
  location: string;
  target: TargetKind;
  steps: StepResult[];
  /** Labelled sections after the steps; `json` goes into `-o json` under `key`, `lines` into the text. */
  sections: SummaryItem[];
  next: string[];
  /** What the command exits with after printing the report (a step failed, Ctrl-C...). */
  failure?: SecureAmlError;
}

/** The sections every module contributes for the environment as the state now records it. */
export function summarySections(session: Session): SummaryItem[] {
  return summaryFor({ state: session.state.snapshot, env: session.env });
}
