// `apply`: converge the environment to the config. On a terminal it shows the plan first, then asks
// (as Terraform and azd do); -y skips the question; without a terminal it needs -y.
import { applyEnvironment } from '../src/app/apply.js';
import type { PlanResult } from '../src/app/plan.js';
import { UsageError } from '../src/errors.js';
import type { CommonOptions } from '../src/options.js';
import { canPrompt, type Io } from '../src/ui/io.js';
import { widthFor } from '../src/ui/layout.js';
import { renderPlan } from '../src/ui/plan.js';
import { styleFor } from '../src/ui/style.js';
import { printSummary } from '../src/ui/summary.js';

export async function apply(o: CommonOptions, io: Io): Promise<number> {
  const interactive = canPrompt(io, o.prompt === false);
  const report = await applyEnvironment(o, io, {
    guard() {
      if (!o.yes && !interactive) {
        throw new UsageError('apply changes Azure resources and asks for confirmation, but this is not an interactive terminal.', [{ path: '--yes', message: 'required without a terminal' }],
          'Pass -y (--yes) to apply without asking.');
      }
    },
    confirm: o.yes ? undefined : (plan) => confirmPlan(plan, o, io),
  });
  printSummary(io, o.output ?? 'text', report, { color: o.color });
  if (report.failure) throw report.failure;
  return 0;
}

/** The plan on stderr (stdout stays the result), then the question, default No. */
async function confirmPlan(plan: PlanResult, o: CommonOptions, io: Io): Promise<boolean> {
  io.stderr.write(renderPlan(plan, { width: widthFor(io.stderr), style: styleFor(io, 'stderr', { color: o.color }) }));
  const changes = plan.counts.create + plan.counts.update;
  return io.prompt.confirm({ message: `Apply ${changes} change(s) to environment "${plan.environment}" in ${plan.location}?`, default: false });
}
