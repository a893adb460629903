// audit's documents for machines and people: SARIF 2.1.0 (one rule per policy definition, one result per
// non-compliant resource; code-scanning tools read it) and a markdown report an auditor reads, with verify's
// matrix beside the policy results. Where the environment's assignments exist, Azure Policy's own verdicts
// stand beside the offline ones: SARIF results carry them in properties (results only Azure found say so in
// `verdictSource`), the report's table has a column.
import type { AuditResult } from '../src/app/audit.js';
import type { Row, Section } from '../src/app/verify.js';
import { sarifLog } from './sarif.js';

const PORTAL_DEFINITION = 'https://portal.azure.com/#view/Microsoft_Azure_Policy/PolicyDetailBlade/definitionId/%2Fproviders%2FMicrosoft.Authorization%2FpolicyDefinitions%2F';

/** Deny is enforcement, the audit effects are warnings (SARIF `level`). */
const levelOf = (effect: string) => (/^deny/i.test(effect) ? 'error' : 'warning');

/** SARIF 2.1.0 (https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html). */
export function auditSarif(r: AuditResult): object {
  const rules = r.definitions.map((d) => ({
    id: d.id,
    name: d.file.replace(/\.json$/, ''),
    shortDescription: { text: d.displayName },
    fullDescription: { text: d.description ?? d.displayName },
    helpUri: `${PORTAL_DEFINITION}${encodeURIComponent(d.id)}`,
    defaultConfiguration: { level: levelOf(d.effect), enabled: d.exemption === undefined },
    properties: {
      effect: d.effect, file: d.file, evaluated: d.evaluated, nonCompliant: d.nonCompliant, offlineVerdict: d.offline,
      ...(d.exemption ? { exemption: d.exemption } : {}),
      ...(d.azure ? { azureVerdict: d.azure.verdict, azurePolicyAssignmentId: d.azure.assignmentId, disagreement: d.azure.disagrees } : {}),
    },
  }));
  const lower = (s: string) => s.toLowerCase();
  const location = (id: string) => [{ logicalLocations: [{ name: id.split('/').pop(), fullyQualifiedName: id, kind: 'resource' }] }];
  /** Azure's state of one resource under a definition's assignment, when Azure has one. */
  const azureStateOf = (i: number, resourceId: string) => {
    const a = r.definitions[i].azure;
    if (!a) return undefined;
    return r.azure.states.find((s) => lower(s.policyAssignmentId) === lower(a.assignmentId) && lower(s.resourceId) === lower(resourceId))?.complianceState ?? 'not yet evaluated';
  };
  const offline = r.findings.map((f) => {
    const i = f.definitionIndex;
    const azure = azureStateOf(i, f.resourceId);
    return {
      ruleId: r.definitions[i].id,
      ruleIndex: i,
      level: levelOf(f.effect),
      message: { text: `${f.displayName}: ${f.resourceId} is non-compliant${f.reason ? ` (${f.reason})` : ''}.` },
      locations: location(f.resourceId),
      properties: { environment: r.environment, effect: f.effect, verdictSource: 'offline', ...(azure ? { azureComplianceState: azure, disagreement: azure === 'Compliant' } : {}) },
    };
  });
  // Resources Azure Policy finds non-compliant that the offline evaluation did not flag.
  const flagged = new Set(r.findings.map((f) => `${f.definitionIndex}|${lower(f.resourceId)}`));
  const fromAzure = r.definitions.flatMap((d, i) => (d.azure?.nonCompliantResources ?? []).filter((id) => !flagged.has(`${i}|${lower(id)}`)).map((id) => ({
    ruleId: d.id,
    ruleIndex: i,
    level: levelOf(d.effect),
    message: { text: `${d.displayName}: Azure Policy reports ${id} non-compliant (the offline evaluation did not).` },
    locations: location(id),
    properties: { environment: r.environment, effect: d.effect, verdictSource: 'azure-policy-state', azureComplianceState: 'NonCompliant', policyAssignmentId: d.azure!.assignmentId, disagreement: true },
  })));
  const results = [...offline, ...fromAzure];
  return sarifLog({ name: 'secure-aml audit', informationUri: 'https://learn.microsoft.com/azure/governance/policy/samples/built-in-policies', rules }, results);
}

/** A markdown table cell: pipes escaped, line breaks flattened. */
const cell = (s: string | number) => String(s).replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\s*\n\s*/g, ' ');
const table = (head: string[], rows: (string | number)[][]) =>
  [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`)].join('\n');

const SECTION_TITLE: Record<Section, string> = { required: 'Required flows', exfiltration: 'Exfiltration probes', personas: 'Personas' };

/** The report: verdicts first, then the policy table and findings, then verify's matrix by section. */
export function auditMarkdown(r: AuditResult, now = new Date()): string {
  const out: string[] = [];
  out.push(`# secure-aml audit: environment "${r.environment}"`, '');
  out.push(`Generated ${now.toISOString().replace(/\.\d+Z$/, 'Z')}. ${r.resources} resources read back from Azure Resource Manager.`, '');
  out.push(`- **Azure Policy:** ${r.findings.length ? `${r.findings.length} non-compliant result(s)` : 'compliant'} against ${r.policies} built-in definitions (${r.evaluated} evaluations, ${r.exempted.length} exemption(s)).`);
  if (r.azure.error) out.push(`- **Azure Policy's own states:** could not be read (${r.azure.error}).`);
  else if (r.azure.assigned) {
    const c = r.azure.counts;
    out.push(`- **Azure Policy's own states${r.azure.scanned ? ' (after an on-demand scan)' : ''}:** ${c.definitions} assignments: ${c.compliant} compliant, ${c.nonCompliant} non-compliant, ${c.exempt} exempt, ${c.notEvaluated} ${r.azure.scanned ? 'with no resource evaluated' : 'not yet evaluated'}; ${c.disagreements} disagreement(s) with the offline evaluation.`);
  }
  if (r.verify) out.push(`- **Verify:** ${r.verify.counts.findings ? `${r.verify.counts.findings} finding(s)` : 'everything holds'} in ${r.verify.counts.rows} checks (required flows, exfiltration probes, personas).`);
  out.push('', '## Azure Policy', '');
  const azureCell = (d: AuditResult['definitions'][number]) => (d.azure ? `${d.azure.verdict}${d.azure.disagrees ? ' ≠ offline' : ''}` : 'not assigned');
  out.push(table(['Definition', 'Effect', 'Evaluated', 'Non-compliant', 'Azure', 'Exemption'], r.definitions.map((d) => [d.displayName, d.effect, d.evaluated, d.nonCompliant, azureCell(d), d.exemption ?? ''])));
  if (r.findings.length) {
    out.push('', '### Non-compliant resources', '');
    out.push(table(['Definition', 'Resource', 'Why'], r.findings.map((f) => [f.displayName, `\`${f.resourceId}\``, f.reason ?? ''])));
  }
  if (r.verify) {
    const v = r.verify;
    out.push('', '## Verify: does it work, can data leave?', '');
    for (const section of ['required', 'exfiltration', 'personas'] as const) {
      const rows = v.rows.filter((row: Row) => row.section === section);
      const c = v.counts.bySection[section];
      out.push(`### ${SECTION_TITLE[section]}: ${c.rows - c.findings}/${c.rows} hold`, '');
      out.push(table(['', 'Subject', 'Target', 'Expected', 'Actual', 'Decided by', 'Fix'], rows.map((row) => [row.ok ? '✓' : '✗', row.subject, row.target, row.expected, row.actual, row.decidedBy, row.fix])), '');
    }
    if (v.skipped.length) {
      out.push('### Skipped (the documented condition does not apply, or secure-aml withholds it)', '');
      out.push(table(['Subject', 'Target', 'Condition', 'Why'], v.skipped.map((s) => [s.subject, s.target, s.when, s.reason])), '');
    }
  }
  return out.join('\n').trimEnd() + '\n';
}
