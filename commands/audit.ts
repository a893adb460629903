// `audit`: read every resource of the environment back from ARM and hold it to Microsoft's
// built-in Azure Policy definitions shipped in templates/policies, with Azure Policy's own compliance
// states of the environment's assignments beside them (`--scan`: evaluate now first). Text, `-o json`,
// `--format sarif` (SARIF 2.1.0) or `--format markdown` (a report with verify's matrix). Exit 5 on findings.
import { auditEnvironment, type AuditResult } from '../src/app/audit.js';
import { UsageError } from '../src/errors.js';
import type { CommonOptions } from '../src/options.js';
import type { Io } from '../src/ui/io.js';
import { shortId, widthFor, wrap } from '../src/ui/layout.js';
import { styleFor, type Style } from '../src/ui/style.js';
import { auditMarkdown, auditSarif } from './audit-report.js';

export interface AuditOptions extends CommonOptions {
  format?: string;
  /** Trigger an on-demand Azure Policy evaluation and wait for it before reading the states. */
  scan?: boolean;
}

export async function audit(o: AuditOptions, io: Io): Promise<number> {
  const format = o.format ?? 'text';
  if (!['text', 'sarif', 'markdown'].includes(format)) throw new UsageError(`--format: "${format}" is not valid; expected text, sarif or markdown.`, [{ path: '--format', message: 'expected text, sarif or markdown' }]);
  if (format !== 'text' && o.output === 'json') throw new UsageError(`--format ${format} and -o json both choose the document on stdout; pass one of them.`, [{ path: '--format', message: 'conflicts with -o json' }]);
  const r = await auditEnvironment(o, io, { withVerify: format === 'markdown', scan: Boolean(o.scan) });
  if (format === 'sarif') {
    io.stdout.write(JSON.stringify(auditSarif(r), null, 2) + '\n');
  } else if (format === 'markdown') {
    io.stdout.write(auditMarkdown(r));
  } else if (o.output === 'json') {
    const { command, status, environment, resources, policies, evaluated, findings, exempted, azure, next } = r;
    const compared = r.definitions.filter((d) => d.azure).map((d) => ({ definition: d.id, displayName: d.displayName, offline: d.offline, azure: d.azure }));
    io.stdout.write(JSON.stringify({ command, status, environment, resources, policies, evaluated, findings, exempted, azure: { ...azure, definitions: compared }, next }, null, 2) + '\n');
  } else {
    io.stdout.write(auditText(r, widthFor(io.stdout), styleFor(io, 'stdout', { color: o.color })));
  }
  if (r.failure) throw r.failure;
  return 0;
}

/** Azure Policy's verdicts beside the offline ones: the counts, then what Azure finds non-compliant or disagrees on. */
function azureText(r: AuditResult, width: number, style: Style): string[] {
  const a = r.azure;
  if (!a.assigned) return wrap('Azure Policy: no assignments of this environment in state (policy.assign false, or not applied yet); offline verdicts only.', width, '', '  ');
  if (a.error) return wrap(`Azure Policy: the compliance states could not be read (${a.error}); offline verdicts only.`, width, '', '  ');
  const c = a.counts;
  const lines = wrap(`Azure Policy${a.scanned ? ' (after an on-demand scan)' : ''}: ${c.definitions} assignments, ${c.compliant} compliant, ${c.nonCompliant} non-compliant, ${c.exempt} exempt, ${c.notEvaluated} ${a.scanned ? 'with no resource evaluated' : 'not yet evaluated'}${c.disagreements ? `, ${style.red(`${c.disagreements} disagree with the offline evaluation`)}` : ''}`, width, '', '  ');
  for (const d of r.definitions) {
    if (!d.azure || (d.azure.verdict !== 'NonCompliant' && !d.azure.disagrees)) continue;
    lines.push(...wrap(`${d.displayName}: Azure ${d.azure.verdict}, offline ${d.offline}${d.azure.disagrees ? ' (disagree)' : ''}`, width, `  ${d.azure.disagrees ? style.red('≠') : style.red('!')} `, '    '));
    for (const id of d.azure.nonCompliantResources.slice(0, 5)) lines.push(`      ${shortId(id)}`);
  }
  if (c.notEvaluated && !a.scanned) lines.push(...wrap('Azure evaluates a new assignment on its own some minutes after it is created (Learn: how-to/get-compliance-data, evaluation triggers); `audit --scan` asks for an evaluation now and waits.', width, '  ', '  '));
  return lines;
}

function auditText(r: AuditResult, width: number, style: Style): string {
  const verdict = r.findings.length ? style.red(`${r.findings.length} finding(s)`) : style.green('compliant');
  const lines = wrap(`audit: ${r.resources} resources of "${r.environment}" against ${r.policies} built-in policy definitions: ${verdict}`, width, '', '  ');
  for (const f of r.findings) {
    lines.push(...wrap(f.displayName, width, `  ${style.red('!')} `, '    '));
    lines.push(`      ${shortId(f.resourceId)}`);
    if (f.reason) lines.push(...wrap(f.reason, width, '      ', '      '));
  }
  for (const e of r.exempted) lines.push(...wrap(`exempt: ${e.policy} (${e.reason})`, width, '  - ', '    '));
  lines.push(`${r.evaluated} evaluations, ${r.evaluated - r.findings.length} compliant, ${r.findings.length} non-compliant`);
  lines.push(...azureText(r, width, style));
  if (r.next.length) lines.push('', 'next:', ...r.next.map((n) => `  ${n}`));
  return lines.join('\n') + '\n';
}
