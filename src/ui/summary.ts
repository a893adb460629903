// The result a verb prints on stdout: a short table for people, or exactly one JSON document
// (`-o json`) with status, steps and the next commands to run.
import type { StepResult } from '../engine/run.js';
import type { Io } from './io.js';
import { describeResourceId, shortId, visibleLength, widthFor } from './layout.js';
import { styleFor, type Style, type StyleOptions } from './style.js';
import { renderTable, type TableRow, type Tone } from './table.js';

export type RunStatus = 'succeeded' | 'failed' | 'interrupted' | 'planned';

export interface Summary {
  command: string;
  status: RunStatus;
  environment: string;
  location: string;
  target: 'azure' | 'simulate';
  steps: StepResult[];
  next: string[];
  /** Sections after the steps (studio URL, endpoints, hosts lines...): `json` under `key` in `-o json`, `lines` in text. */
  sections?: { key: string; json: unknown; lines: string[] }[];
}

const MARK: Record<string, string> = {
  created: '+', updated: '~', 'in sync': '=', adopted: '=', deleted: '-', absent: '-', failed: '!', skipped: ' ', cancelled: ' ', planned: '?',
};
const TONE: Record<string, Tone> = {
  created: 'add', updated: 'change', 'in sync': 'same', adopted: 'same', deleted: 'remove', absent: 'same', failed: 'bad',
};

/**
 * A section's lines for people. An ARM id becomes its type and name. Lines that are the data itself
 * (the section's JSON holds the same strings: the studio URL, hosts-file entries) are printed
 * verbatim, never wrapped: a broken URL or hosts entry is useless. Other lines are a presentation
 * of the data and may break before their last field.
 */
function sectionLines(section: { json: unknown; lines: string[] }, width: number): string[] {
  const data = new Set(Array.isArray(section.json) ? section.json.filter((x) => typeof x === 'string') : typeof section.json === 'string' ? [section.json] : []);
  return section.lines.flatMap((line) => {
    if (line.startsWith('/subscriptions/')) {
      const ref = describeResourceId(line);
      return [`  ${shortId(line)}${ref?.resourceGroup && ref.type !== 'resourceGroups' ? ` (resource group ${ref.resourceGroup})` : ''}`];
    }
    if (visibleLength(line) + 2 <= width || data.has(line)) return [`  ${line}`];
    const m = /^(.*\S)\s+(\S+)$/.exec(line);
    return m ? [`  ${m[1]}`, `    ${m[2]}`] : [`  ${line}`];
  });
}

export function summaryText(s: Summary, opts: { width: number; style: Style }): string {
  const { width, style } = opts;
  const tone = s.status === 'succeeded' ? style.green : s.status === 'failed' ? style.red : style.yellow;
  const lines = [`${style.bold(`${s.command}: environment "${s.environment}" in ${s.location}`)}${s.target === 'simulate' ? ' (SIMULATED — nothing real was created)' : ''}: ${tone(s.status)}`];
  const rows: TableRow[] = s.steps.map((r) => ({
    mark: MARK[r.outcome] ?? ' ',
    title: r.title,
    status: r.outcome === 'skipped' ? 'not started' : r.outcome === 'cancelled' ? 'interrupted' : r.outcome,
    tone: TONE[r.outcome] ?? 'none',
    resourceId: r.resourceId,
    notes: r.error ? [{ text: `${r.error.code ? r.error.code + ': ' : ''}${r.error.message}${r.error.correlationId ? ` (correlation id ${r.error.correlationId})` : ''}`, tone: r.outcome === 'failed' ? 'bad' : 'none', fit: 'wrap' }] : [],
  }));
  lines.push(...renderTable(rows, { width, style }));
  const count = (o: string) => s.steps.filter((r) => r.outcome === o).length;
  lines.push(`${count('created')} created, ${count('updated')} updated, ${count('in sync')} in sync, ${count('failed')} failed, ${count('skipped') + count('cancelled')} not started`);
  for (const section of s.sections ?? []) {
    if (section.lines.length === 0) continue;
    lines.push('', style.bold(`${section.key}:`));
    lines.push(...sectionLines(section, width));
  }
  if (s.next.length) lines.push('', style.bold('next:'), ...s.next.map((n) => `  ${n}`));
  return lines.join('\n') + '\n';
}

export function summaryJson(s: Summary): string {
  return JSON.stringify({
    command: s.command, status: s.status, environment: s.environment, location: s.location, target: s.target,
    steps: s.steps.map((r) => ({ id: r.id, title: r.title, outcome: r.outcome, resourceId: r.resourceId, durationMs: r.durationMs, changes: r.changes.length ? r.changes : undefined, error: r.error })),
    ...Object.fromEntries((s.sections ?? []).map((x) => [x.key, x.json])),
    next: s.next,
  }, null, 2) + '\n';
}

/** The summary on stdout: JSON with `-o json`, text otherwise (coloured only on a terminal that shows it). */
export function printSummary(io: Io, format: string, s: Summary, opts: StyleOptions = {}): void {
  if (format === 'json') {
    io.stdout.write(summaryJson(s));
    return;
  }
  io.stdout.write(summaryText(s, { width: widthFor(io.stdout), style: styleFor(io, 'stdout', opts) }));
}
