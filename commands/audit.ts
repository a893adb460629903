// `audit`: read every resource of the environment back from ARM and hold it to Microsoft's
// built-in Azure Policy definitions shipped in templates/policies. Text, `-o json`, `--format sarif`
// (SARIF 2.1.0) or `--format markdown` (a report with verify's matrix). Exit 5 on findings.
import { auditEnvironment, type AuditResult } from '../src/app/audit.js';
import { UsageError } from '../src/errors.js';
import type { CommonOptions } from '../src/options.js';
import type { Io } from '../src/ui/io.js';
import { shortId, widthFor, wrap } from '../src/ui/layout.js';
import { styleFor, type Style } from '../src/ui/style.js';
import { auditMarkdown, auditSarif } from './audit-report.js';

export interface AuditOptions extends CommonOptions {
  format?: string;
}

export async function audit(o: AuditOptions, io: Io): Promise<number> {
  const format = o.format ?? 'text';
  if (!['text', 'sarif', 'markdown'].includes(format)) throw new UsageError(`--format: "${format}" is not valid; expected text, sarif or markdown.`, [{ path: '--format', message: 'expected text, sarif or markdown' }]);
  if (format !== 'text' && o.output === 'json') throw new UsageError(`--format ${format} and -o json both choose the document on stdout; pass one of them.`, [{ path: '--format', message: 'conflicts with -o json' }]);
  const r = await auditEnvironment(o, io, { withVerify: format === 'markdown' });
  if (format === 'sarif') {
    io.stdout.write(JSON.stringify(auditSarif(r), null, 2) + '\n');
  } else if (format === 'markdown') {
    io.stdout.write(auditMarkdown(r));
  } else if (o.output === 'json') {
    const { command, status, environment, resources, policies, evaluated, findings, exempted, next } = r;
    io.stdout.write(JSON.stringify({ command, status, environment, resources, policies, evaluated, findings, exempted, next }, null, 2) + '\n');
  } else {
    io.stdout.write(auditText(r, widthFor(io.stdout), styleFor(io, 'stdout', { color: o.color })));
  }
  if (r.failure) throw r.failure;
  return 0;
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
  if (r.next.length) lines.push('', 'next:', ...r.next.map((n) => `  ${n}`));
  return lines.join('\n') + '\n';
}
