// The verify use case: read the environment back through ARM and answer a matrix — does it work
// (required outbound flows, private endpoint names), can data leave (exfiltration probes, public
// endpoints), and do the roles hold (personas). Exit 5 on any finding.
import { VerifyFindingsError } from '../errors.js';
import type { CommonOptions } from '../options.js';
import type { Io } from '../ui/io.js';
import { configFileFor } from './environment.js';
import { followUpFlags, openSession, type Session } from './session.js';
import { buildMatrix, CHECK_KINDS, type CheckKind, type Row, type Section, type Skipped } from './verify/checks.js';
import { collect } from './verify/collect.js';
import { diagnoseRows } from './verify/diagnose.js';

export { CHECK_KINDS, type CheckKind, type Row, type Section, type Skipped } from './verify/checks.js';

export interface VerifyCounts {
  rows: number;
  holding: number;
  findings: number;
  skipped: number;
  bySection: Record<Section, { rows: number; findings: number }>;
}

export interface VerifyResult {
  command: 'verify';
  status: 'holds' | 'findings';
  environment: string;
  /** How many resources were read back (children listed through their parents included). */
  resources: number;
  rows: Row[];
  findings: Row[];
  /** Requirements whose documented condition does not apply here, and why. */
  skipped: Skipped[];
  counts: VerifyCounts;
  next: string[];
  /** Exit 5 after printing, when there are findings. */
  failure?: VerifyFindingsError;
}

function countsOf(rows: Row[], skipped: Skipped[]): VerifyCounts {
  const bySection = { required: { rows: 0, findings: 0 }, exfiltration: { rows: 0, findings: 0 }, personas: { rows: 0, findings: 0 } };
  for (const r of rows) {
    bySection[r.section].rows += 1;
    if (!r.ok) bySection[r.section].findings += 1;
  }
  const findings = rows.filter((r) => !r.ok).length;
  return { rows: rows.length, holding: rows.length - findings, findings, skipped: skipped.length, bySection };
}

export async function verifyEnvironment(o: CommonOptions, io: Io): Promise<VerifyResult> {
  const { configFile, state: prior } = await configFileFor(o, io, 'verify');
  const session = await openSession({ ...o, env: prior.environment }, io, 'verify', configFile);
  try {
    return await verifyWith(session, `secure-aml verify ${followUpFlags(o, session.loaded, io)}`);
  } finally {
    await session.close();
  }
}

/** The matrix for the environment of an open session (verify itself, and the end of apply). */
export async function verifyWith(session: Session, verifyCommand: string): Promise<VerifyResult> {
  // Azure's own diagnosis runs while the environment is read back (it is a long-running POST).
  const [{ resources, cloud, rbac }, diagnosed] = await Promise.all([collect(session.env), diagnoseRows(session.env)]);
  const matrix = buildMatrix({ env: session.env, cloud, rbac });
  const order: Section[] = ['required', 'exfiltration', 'personas'];
  const rows = [...matrix.rows, ...diagnosed.rows].sort((a, b) => order.indexOf(a.section) - order.indexOf(b.section));
  const skipped = [...matrix.skipped, ...diagnosed.skipped];
  const findings = rows.filter((r) => !r.ok);
  const kinds = [...new Set(findings.map((f) => f.kind))] as CheckKind[];
  return {
    command: 'verify',
    status: findings.length ? 'findings' : 'holds',
    environment: session.loaded.config.environment,
    resources: resources.length,
    rows, findings, skipped,
    counts: countsOf(rows, skipped),
    next: findings.length ? [`apply each finding's fix, then: ${verifyCommand}`] : [],
    failure: findings.length
      ? new VerifyFindingsError(`${findings.length} verify finding(s): ${kinds.map((k) => CHECK_KINDS[k].title.toLowerCase()).join('; ')}.`, 'Each finding names what decided it and the fix; change that, then run verify again.')
      : undefined,
  };
}
