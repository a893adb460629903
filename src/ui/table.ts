// The resource table plan, apply, resume and teardown print: grouped by resource group, one line per
// step — its title, what happens to it, and the resource's type and name — with property diffs and
// errors indented under it. Fits `width` columns; full ids are in `-o json`.
import { groupOf, padEnd, shortenIds, shortId, truncate, visibleLength, wrap } from './layout.js';
import { plain, type Style } from './style.js';

export type Tone = 'add' | 'change' | 'remove' | 'bad' | 'same' | 'none';

export interface TableRow {
  mark: string;
  title: string;
  /** '' for none (the plan says it with the mark). */
  status: string;
  tone: Tone;
  resourceId?: string;
  /** Lines under the resource: property diffs (cut to fit), reasons and errors (wrapped, ARM ids shortened). */
  notes?: { text: string; tone?: Tone; fit?: 'cut' | 'wrap' }[];
}

/** Title column bounds: as wide as the type-and-name column leaves room for; longer titles wrap. */
const TITLE_MAX = 44;
const TITLE_MIN = 32;

export function tint(style: Style, tone: Tone | undefined, text: string): string {
  switch (tone) {
    case 'add': return style.green(text);
    case 'change': return style.yellow(text);
    case 'remove': return style.red(text);
    case 'bad': return style.red.bold(text);
    case 'same': return style.dim(text);
    default: return text;
  }
}

export function renderTable(rows: readonly TableRow[], opts: { width: number; style?: Style }): string[] {
  const style = opts.style ?? plain;
  const width = opts.width;
  const statusW = Math.max(0, ...rows.map((r) => r.status.length));
  // Make room for most type-and-name parts (the longest few go on a line of their own).
  const rights = rows.map((r) => shortId(r.resourceId).length).sort((a, b) => a - b);
  const rightW = rights.length ? rights[Math.floor((rights.length - 1) * 0.8)] : 0;
  const room = width - 4 - (statusW ? statusW + 2 : 0) - 2 - rightW;
  const titleW = Math.min(Math.max(10, ...rows.map((r) => visibleLength(r.title))), Math.max(TITLE_MIN, Math.min(TITLE_MAX, room)));
  const groups = new Map<string, TableRow[]>();
  for (const r of rows) {
    const g = groupOf(r.resourceId);
    groups.set(g, [...(groups.get(g) ?? []), r]);
  }
  // Steps without a resource id (never started) come last.
  const ordered = [...groups.entries()].sort(([a], [b]) => Number(a === '') - Number(b === ''));
  const lines: string[] = [];
  for (const [heading, members] of ordered) {
    lines.push(style.bold(heading || 'no resource yet'));
    for (const r of members) {
      const mark = `  ${tint(style, r.tone, r.mark)} `;
      const status = statusW ? `  ${tint(style, r.tone, r.status.padEnd(statusW))}` : '';
      const right = shortId(r.resourceId);
      const titleLines = wrap(r.title, titleW);
      const head = `${mark}${padEnd(titleLines[0], titleW)}${status}`;
      if (right === '' || visibleLength(head) + 2 + right.length <= width) {
        // One line (a long title wraps under itself).
        lines.push(right ? `${head}  ${style.dim(right)}` : head.trimEnd());
        for (const more of titleLines.slice(1)) lines.push(`    ${more}`);
      } else {
        // The type and name take a line of their own; the title stays whole if it can.
        const whole = `${mark}${padEnd(r.title, titleW)}${status}`;
        if (visibleLength(whole.trimEnd()) <= width) lines.push(whole.trimEnd());
        else { lines.push(head.trimEnd()); for (const more of titleLines.slice(1)) lines.push(`    ${more}`); }
        lines.push(`      ${style.dim(truncate(right, width - 6))}`);
      }
      for (const n of r.notes ?? []) {
        if (n.fit === 'wrap') for (const l of wrap(shortenIds(n.text), width, '      ', '        ')) lines.push(tint(style, n.tone, l));
        else lines.push(tint(style, n.tone, `      ${truncate(n.text, width - 6)}`));
      }
    }
  }
  return lines;
}
