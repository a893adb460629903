// `plan`: what apply would do, per step (create / update / no-op / blocked) with the property
// diff, writing nothing. --detailed-exitcode: 0 no changes, 1 error, 2 changes (as Terraform).
import { planEnvironment, planExitCode, type PlanOptions } from '../src/app/plan.js';
import type { Io } from '../src/ui/io.js';
import { widthFor } from '../src/ui/layout.js';
import { planJson, renderPlan } from '../src/ui/plan.js';
import { styleFor } from '../src/ui/style.js';

export async function plan(o: PlanOptions, io: Io): Promise<number> {
  const result = await planEnvironment(o, io);
  io.stdout.write(o.output === 'json' ? planJson(result) : renderPlan(result, { width: widthFor(io.stdout), style: styleFor(io, 'stdout', { color: o.color }) }));
  return planExitCode(result, Boolean(o.detailedExitcode));
}
