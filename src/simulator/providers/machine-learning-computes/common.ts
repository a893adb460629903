// Azure ML computes: types, the compute LRO style, latency keys per compute type, name rules and the
// formats Azure ML prints (times, ISO 8601 durations).
import { ArmError, badRequest } from '../../errors.js';
import type { NameRule } from '../../names.js';
import type { ComputeType } from '../../schemas/machine-learning-computes.js';
import type { ResourceRecord } from '../../state.js';
import { mlLro } from '../machine-learning-rules.js';

export const ML_NS = 'Microsoft.MachineLearningServices';
export const T_COMPUTE = 'Microsoft.MachineLearningServices/workspaces/computes';

/** PUT 201/200 + Azure-AsyncOperation; DELETE 202 + both headers (.../computeOperationsStatus/{id}?type=async|location). */
export const COMPUTE_LRO = mlLro('computeOperationsStatus');

export const LATENCY: Record<string, string> = {
  AmlCompute: `${T_COMPUTE}#AmlCompute`,
  ComputeInstance: `${T_COMPUTE}#ComputeInstance`,
  AKS: `${T_COMPUTE}#AKS-attach`,
};

export const NAME_RULES: Record<'AmlCompute' | 'ComputeInstance' | 'AKS', NameRule> = {
  AmlCompute: {
    min: 2,
    max: 16,
    pattern: /^[a-zA-Z](?:[a-zA-Z0-9-]{0,14}[a-zA-Z0-9])?$/,
    describe: 'Compute cluster names are 2-16 characters of letters, digits and hyphens, start with a letter and end with a letter or digit.',
  },
  ComputeInstance: {
    min: 3,
    max: 24,
    pattern: /^[a-zA-Z](?:[a-zA-Z0-9-]{1,22}[a-zA-Z0-9])$/,
    describe: 'Compute instance names are 3-24 characters of letters, digits and hyphens, start with a letter and end with a letter or digit.',
  },
  AKS: {
    min: 2,
    max: 16,
    pattern: /^[a-zA-Z](?:[a-zA-Z0-9-]{0,14}[a-zA-Z0-9])?$/,
    describe: 'Attached compute names are 2-16 characters of letters, digits and hyphens, start with a letter and end with a letter or digit.',
  },
};

export const bad = (message: string): ArmError => badRequest('BadArgument', message);

/** ISO 8601 duration (PnDTnHnMnS subset Azure ML accepts) in seconds; undefined when malformed. */
export function isoDurationSeconds(text: string): number | undefined {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(text);
  if (!m || text === 'P' || text.endsWith('T')) return undefined;
  return Number(m[1] ?? 0) * 86400 + Number(m[2] ?? 0) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0);
}

/** Time as Azure ML prints it: 2021-04-01T22:00:00.0000000+00:00 */
export const mlTime = (ms: number): string => new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$10000+00:00');

export const computeTypeOf = (rec: ResourceRecord): ComputeType => rec.properties.computeType as ComputeType;

export const computeLatencyKey = (rec: ResourceRecord): string => LATENCY[computeTypeOf(rec)] ?? T_COMPUTE;
