// `verify`: read the environment back from ARM and print the matrix — does it work, can data leave,
// do the roles hold. Text (grouped by section), `-o json` (one document) or `--format sarif` (SARIF
// 2.1.0: one rule per check kind, one result per finding). Exit 5 on findings.
import { CHECK_KINDS, verifyEnvironment, type CheckKind, type Row, type Section, type VerifyResult } from '../src/app/verify.js';
import { UsageError } from '../src/errors.js';
import type { CommonOptions } from '../src/options.js';
import type { Io } from '../src/ui/io.js';
import { padEnd, truncate, widthFor, wrap } from '../src/ui/layout.js';
import { styleFor, type Style } from '../src/ui/style.js';
import { sarifLog } from './sarif.js';

export interface VerifyOptions extends CommonOptions {
  format?: string;
}

export async function verify(o: VerifyOptions, io: Io): Promise<number> {
  const format = o.format ?? 'text';
  if (format !== 'text' && format !== 'sarif') throw new UsageError(`--format: "${format}" is not valid; expected text or sarif.`);
  if (format === 'sarif' && o.output === 'json') throw new UsageError('--format sarif and -o json both choose the document on stdout; pass one of them.');
  const r = await verifyEnvironment(o, io);
  if (format === 'sarif') {
    io.stdout.write(JSON.stringify(sarifOf(r), null, 2) + '\n');
  } else if (o.output === 'json') {
    const { command, status, environment, resources, rows, findings, skipped, counts, next } = r;
    io.stdout.write(JSON.stringify({ command, status, environment, resources, rows, findings, skipped, counts, next }, null, 2) + '\n');
  } else {
    io.stdout.write(verifyText(r, widthFor(io.stdout), styleFor(io, 'stdout', { color: o.color })));
  }
  if (r.failure) throw r.failure;
  return 0;
}

const SECTIONS: { section: Section; title: string }[] = [
  { section: 'required', title: 'required: does it work?' },
  { section: 'exfiltration', title: 'exfiltration: can data leave?' },
  { section: 'personas', title: 'personas: do the roles hold?' },
];

function verdictText(row: Row): string {
  return row.ok ? row.actual : `${row.actual} (want ${row.expected})`;
}

/** One line per row: mark, subject, target, verdict, what decided — cut to the width. */
function rowLine(row: Row, subjectWidth: number, targetWidth: number, width: number, style: Style): string {
  const mark = row.ok ? style.green('✓') : style.red('✗');
  const rest = `${padEnd(truncate(row.subject, subjectWidth), subjectWidth)}  ${padEnd(truncate(row.target, targetWidth), targetWidth)}  ${verdictText(row)}  ${row.decidedBy}`;
  return `  ${mark} ${truncate(rest, width - 4)}`;
}

function verifyText(r: VerifyResult, width: number, style: Style): string {
  const verdict = r.findings.length ? style.red(`${r.findings.length} finding(s)`) : style.green('everything holds');
  const lines = wrap(`verify: environment "${r.environment}", ${r.resources} resources read back, ${r.counts.rows} checks: ${verdict}`, width, '', '  ');
  for (const { section, title } of SECTIONS) {
    const rows = r.rows.filter((x) => x.section === section);
    if (!rows.length) continue;
    const c = r.counts.bySection[section];
    lines.push('', style.bold(`${title} ${c.rows - c.findings}/${c.rows} hold`));
    const subjectWidth = Math.min(30, Math.max(...rows.map((x) => x.subject.length)));
    const targetWidth = Math.min(section === 'personas' ? 36 : 44, Math.max(...rows.map((x) => x.target.length)));
    for (const row of rows) lines.push(rowLine(row, subjectWidth, targetWidth, width, style));
  }
  if (r.skipped.length) {
    lines.push('', `skipped (the documented condition does not apply, or secure-aml withholds it): ${r.skipped.length}`);
    for (const s of r.skipped) lines.push(...wrap(`${s.subject} → ${s.target}: ${s.reason}`, width, '  - ', '    '));
  }
  if (r.findings.length) {
    lines.push('', style.bold('findings:'));
    r.findings.forEach((f, i) => {
      lines.push(...wrap(`${f.subject} → ${f.target}: ${f.actual}, expected ${f.expected}`, width, `${style.red(`${String(i + 1).padStart(2)}.`)} `, '    '));
      lines.push(...wrap(f.decidedBy, width, '    decided by: ', '      '));
      lines.push(...wrap(f.fix, width, '    fix: ', '      '));
    });
  }
  lines.push('', `${r.counts.rows} checks, ${r.counts.holding} hold, ${r.counts.findings} finding(s), ${r.counts.skipped} skipped`);
  if (r.next.length) lines.push('', 'next:', ...r.next.flatMap((n) => wrap(n, width, '  ', '    ')));
  return lines.join('\n') + '\n';
}

/** SARIF 2.1.0 (https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html): one rule per check kind, one result per finding. */
export function sarifOf(r: VerifyResult): object {
  const kinds = Object.keys(CHECK_KINDS) as CheckKind[];
  const rules = kinds.map((k) => ({
    id: k,
    name: k.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase()),
    shortDescription: { text: CHECK_KINDS[k].title },
    fullDescription: { text: CHECK_KINDS[k].description },
    defaultConfiguration: { level: 'error' },
    properties: { section: CHECK_KINDS[k].section },
  }));
  return sarifLog({ name: 'secure-aml verify', rules }, r.findings.map((f) => ({
    ruleId: f.kind,
    ruleIndex: kinds.indexOf(f.kind),
    level: 'error',
    message: { text: `${f.subject} → ${f.target}: ${f.actual}, expected ${f.expected}. Decided by ${f.decidedBy}. Fix: ${f.fix}` },
    locations: [{
      logicalLocations: [{ name: f.subject, fullyQualifiedName: f.decidedById ?? f.subjectId ?? f.subject, kind: 'resource' }],
    }],
    properties: { environment: r.environment, ...f },
  })));
}
