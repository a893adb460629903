// verify, Azure's own answer: the workspace diagnose API (POST {workspaceId}/diagnose, Workspaces_Diagnose,
// a long-running POST whose Location gives DiagnoseResponseResult: nine category lists of { code, level,
// message }; Learn how-to-workspace-diagnostic-api). Each Error is a failing row, each Warning a row that
// holds with the message as its note; a category with neither is one holding row. Unlike the model's rows,
// these are exact: the service inspects the deployed resources itself.
import { postAndPoll } from '../../azure/raw.js';
import { apiVersionForType, ids } from '../../../steps/support/ids.js';
import type { StepEnv } from '../../../steps/env.js';
import type { Row, Skipped } from './checks.js';

interface DiagnoseResult {
  code?: string;
  level?: 'Warning' | 'Error' | 'Information' | string;
  message?: string;
}

/** The categories of DiagnoseResponseResult.value, what each is about, and the fix for its Errors. */
const CATEGORIES: Record<string, { label: string; fix: string }> = {
  userDefinedRouteResults: { label: 'user-defined routes', fix: "give the compute subnet a way out as the message says: its 0.0.0.0/0 route to the Azure Firewall (the environment's route table), or a NAT gateway" },
  networkSecurityRuleResults: { label: 'network security rules', fix: "add the outbound rule the message names on the compute subnet's NSG (or raise its priority above the rule that denies it)" },
  resourceLockResults: { label: 'resource locks', fix: 'remove the lock the message names from the workspace or its dependent resources' },
  dnsResolutionResults: { label: 'DNS resolution', fix: "link the privatelink zone to the VNet and restore the private endpoint's A record (its DNS zone group)" },
  storageAccountResults: { label: 'storage account', fix: "give the workspace's storage account an approved private endpoint in the VNet and disable its public network access" },
  keyVaultResults: { label: 'key vault', fix: "give the workspace's key vault an approved private endpoint in the VNet and disable its public network access" },
  containerRegistryResults: { label: 'container registry', fix: "give the workspace's container registry an approved private endpoint in the VNet and disable its public network access" },
  applicationInsightsResults: { label: 'Application Insights', fix: "fix the workspace's Application Insights component as the message says" },
  otherResults: { label: 'other', fix: 'change what the message names, then run verify again' },
};

export interface DiagnoseRows {
  rows: Row[];
  skipped: Skipped[];
}

const SUBJECT = 'workspace diagnose';

/** Ask Azure ML to diagnose the environment's workspace; its results as verify rows (section 'required'). */
export async function diagnoseRows(env: StepEnv): Promise<DiagnoseRows> {
  const workspaceId = ids.workspace(env);
  let value: Record<string, DiagnoseResult[] | undefined>;
  try {
    const r = await postAndPoll<{ value?: Record<string, DiagnoseResult[]> }>(
      env.clients, `${workspaceId}/diagnose`, apiVersionForType('Microsoft.MachineLearningServices/workspaces') ?? '2025-06-01', { value: {} },
      { pollMs: env.pollIntervalMs, timeScale: env.timeScale },
    );
    value = r?.value ?? {};
  } catch (e) {
    const err = e as { statusCode?: number; code?: string; message?: string };
    if (err.statusCode === 404) {
      return { rows: [], skipped: [{ subject: SUBJECT, target: workspaceId, when: 'the workspace exists', reason: 'the workspace was not found' }] };
    }
    return {
      rows: [{
        section: 'required', kind: 'diagnose', subject: SUBJECT, subjectId: workspaceId, target: 'diagnose could run', expected: 'allowed', actual: 'blocked', ok: false,
        decidedBy: `workspace diagnose: ${err.code ?? err.statusCode ?? 'error'}: ${err.message ?? String(e)}`,
        fix: 'run verify as an identity allowed Microsoft.MachineLearningServices/workspaces/diagnose/action on the workspace, or retry',
      }],
      skipped: [],
    };
  }
  const rows: Row[] = [];
  for (const [category, meta] of Object.entries(CATEGORIES)) {
    const results = (value[category] ?? []).filter((r) => r.level === 'Error' || r.level === 'Warning');
    const base = { section: 'required' as const, kind: 'diagnose' as const, subject: `${SUBJECT}: ${meta.label}`, subjectId: workspaceId, expected: 'allowed' as const };
    if (results.length === 0) {
      rows.push({ ...base, target: 'no error', actual: 'allowed', ok: true, decidedBy: `workspace diagnose: ${category} holds no error or warning`, fix: '' });
      continue;
    }
    for (const r of results) {
      const error = r.level === 'Error';
      rows.push({
        ...base, target: r.code ?? 'unknown', actual: error ? 'blocked' : 'allowed', ok: !error,
        decidedBy: `workspace diagnose: ${r.code ?? 'unknown'}: ${r.message ?? ''}`,
        fix: error ? meta.fix : '',
        ...(error ? {} : { note: `Warning (holds): ${r.message ?? ''}` }),
      });
    }
  }
  return { rows, skipped: [] };
}
