// Resources the config no longer asks for: a step that is switched off now (access.mode changed, the
// auto-shutdown turned off, nobody left to grant a role) but whose resource state says secure-aml
// created and has not deleted. apply deletes them, as Terraform does for what leaves the config, with
// teardown's rule (only what is ours and still carries the environment's tag); plan lists them.
// Order: most go first (Bastion before the VNet update drops its subnet); what an enabled step still refers
// to until it converges (Step.referencedBy: the NSG of a dropped subnet, which the VNet refers to until its
// update) goes after.
import type { AnyStep, StepContext } from '../engine/step.js';
import { ENV_TAG, type StepEnv } from '../../steps/env.js';
import type { Session } from './session.js';

export interface TurnedOff<S> {
  /** Deleted before the converge. */
  before: S[];
  /** Deleted after it: enabled steps refer to them until they are updated. */
  after: S[];
}

export function turnedOff<S extends AnyStep<StepEnv>>(all: readonly S[], session: Session): TurnedOff<S> {
  const off = all.filter((s) => !s.enabled(session.env) && session.state.step(s.id)?.created && session.state.step(s.id)?.status !== 'deleted');
  const enabled = new Set(all.filter((s) => s.enabled(session.env)).map((s) => s.id));
  const held = (s: S) => (s.referencedBy ?? []).some((id) => enabled.has(id));
  return { before: off.filter((s) => !held(s)), after: off.filter(held) };
}

/** Teardown's rule for deleting a step's resource: created by us, still there, still tagged for the environment. */
export function oursToDelete(session: Session) {
  return async (step: AnyStep<StepEnv>, ctx: StepContext<StepEnv>): Promise<true | string> => {
    const rec = session.state.step(step.id);
    if (!rec?.created) return 'not created by secure-aml: left alone';
    if (rec.status === 'deleted') return 'already deleted';
    const observed = (await step.read(ctx)) as { tags?: Record<string, string> } | undefined;
    if (observed === undefined) return 'already gone';
    if (observed.tags && observed.tags[ENV_TAG] !== session.env.config.environment) return `no longer tagged ${ENV_TAG}=${session.env.config.environment}: left alone`;
    return (await step.keep?.(ctx)) ?? true;
  };
}
