// `audit`: read every resource of the environment back from ARM and hold it to Microsoft's
// built-in Azure Policy definitions shipped in templates/policies. Exit 5 on findings.
import { auditEnvironment, type AuditResult } from '../src/app/audit.js';
import type { CommonOptions } from '../src/options.js';
import type { Io } from '../src/ui/io.js';
import { shortId, widthFor, wrap } from '../src/ui/layout.js';
import { styleFor, type Style } from '../src/ui/style.js';

export async function audit(o: CommonOptions, io: Io): Promise<number> {
  const r = await auditEnvironment(o, io);
  if (o.output === 'json') {
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
