// The plan as people read it: grouped by resource group, each step with its action and the
// resource's type and name, property diffs indented under it; lines fit the width. `-o json`
// (planJson) keeps every field and the full resource ids.
import type { PlanAction, PlanResult } from '../app/plan.js';
import { wrap } from './layout.js';
import { plain, type Style } from './style.js';
import { renderTable, tint, type TableRow, type Tone } from './table.js';

const MARK: Record<PlanAction, string> = { create: '+', update: '~', delete: '-', 'no-op': '=', blocked: '!', error: '!' };
const TONE: Record<PlanAction, Tone> = { create: 'add', update: 'change', delete: 'remove', 'no-op': 'same', blocked: 'bad', error: 'bad' };

function value(v: unknown): string {
  return v === undefined ? '(none)' : JSON.stringify(v);
}

export function renderPlan(p: PlanResult, opts: { width: number; style?: Style }): string {
  const style = opts.style ?? plain;
  const rows: TableRow[] = p.steps.map((s) => ({
    mark: MARK[s.action], title: s.title, status: '', tone: TONE[s.action], resourceId: s.resourceId,
    notes: [
      ...(s.action === 'update' ? s.changes.map((c) => ({
        text: c.kind === 'add' ? `+ ${c.path}: ${value(c.after)}` : c.kind === 'remove' ? `- ${c.path}: ${value(c.before)}` : `~ ${c.path}: ${value(c.before)} -> ${value(c.after)}`,
        tone: (c.kind === 'add' ? 'add' : c.kind === 'remove' ? 'remove' : 'change') as Tone, fit: 'cut' as const,
      })) : []),
      ...s.reasons.map((why) => ({ text: `! ${why}`, tone: 'bad' as const, fit: 'wrap' as const })),
      ...(s.error ? [{ text: `! ${s.error.code ?? 'error'}: ${s.error.message}`, tone: 'bad' as const, fit: 'wrap' as const }] : []),
    ],
  }));
  const lines = [
    style.bold(`plan: environment "${p.environment}" in ${p.location}${p.target === 'simulate' ? ' (simulated)' : ''}`),
    style.dim(`  ${style.green('+')} create  ${style.yellow('~')} update  = no change  ${style.red('!')} blocked or unreadable`),
  ];
  lines.push(...renderTable(rows, { width: opts.width, style }));
  for (const problem of p.problems) lines.push(...wrap(`! ${problem}`, opts.width, '  ', '    ').map((l) => tint(style, 'bad', l)));
  const c = p.counts;
  lines.push(`Plan: ${style.green(`${c.create} to create`)}, ${style.yellow(`${c.update} to update`)}, ${c.delete ? `${style.red(`${c.delete} to delete (turned off)`)}, ` : ''}${c['no-op']} unchanged, ${c.blocked + c.error ? style.red(`${c.blocked} blocked`) : `${c.blocked} blocked`}${c.error ? `, ${style.red(`${c.error} could not be read`)}` : ''}.`);
  return lines.join('\n') + '\n';
}

/** The `-o json` document of `plan` (every step with its full resource id). */
export function planJson(p: PlanResult): string {
  return JSON.stringify({
    command: 'plan', status: p.status, environment: p.environment, location: p.location, target: p.target,
    steps: p.steps.map((s) => ({ id: s.id, title: s.title, action: s.action, resourceId: s.resourceId, changes: s.changes, reasons: s.reasons, error: s.error })),
    problems: p.problems, counts: p.counts, next: p.next,
  }, null, 2) + '\n';
}
