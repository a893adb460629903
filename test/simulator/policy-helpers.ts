// Shared by the Azure Policy tests: assignment/exemption paths and bodies, and the built-ins they use.
import { SUB, type Harness, type Reply } from './helpers.js';
import { rgId } from './paas-helpers.js';

export const POLICY_API = '2025-03-01';
export const EXEMPTION_API = '2022-07-01-preview';
export const INSIGHTS_API = '2019-10-01';

/** Built-ins in templates/policies: Key Vault RBAC (Audit/Deny/Disabled), public network access; NIC public IP (literal deny). */
export const KV_RBAC = '12d4fa5e-1f9f-4c21-97a9-b99b3c6611b5';
export const KV_PUBLIC = '405c5871-3e91-4644-8a63-58e19d68ff5b';
export const STORAGE_TLS = 'fe83a0eb-a853-422d-aac2-1bffd182c5d0';
export const defId = (guid: string) => `/providers/Microsoft.Authorization/policyDefinitions/${guid}`;

export const assignmentPath = (scope: string, name: string, api = POLICY_API) => `${scope}/providers/Microsoft.Authorization/policyAssignments/${name}?api-version=${api}`;
export const exemptionPath = (scope: string, name: string, api = EXEMPTION_API) => `${scope}/providers/Microsoft.Authorization/policyExemptions/${name}?api-version=${api}`;

export const assignmentBody = (guid: string, parameters: Record<string, unknown> = {}, extra: Record<string, unknown> = {}, props: Record<string, unknown> = {}) => ({
  ...extra,
  properties: {
    displayName: `assign ${guid.slice(0, 8)}`,
    policyDefinitionId: defId(guid),
    parameters: Object.fromEntries(Object.entries(parameters).map(([k, v]) => [k, { value: v }])),
    enforcementMode: 'Default',
    metadata: { 'secure-aml-env': 'dev' },
    ...props,
  },
});

export async function assign(h: Harness, rg: string, name: string, guid: string, parameters: Record<string, unknown> = {}): Promise<Reply['body']> {
  const r = await h.call('PUT', assignmentPath(rgId(rg), name), assignmentBody(guid, parameters));
  if (r.status !== 201) throw new Error(`assignment failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

export async function queryStates(h: Harness, rg: string, query = ''): Promise<Reply> {
  return h.call('POST', `/subscriptions/${SUB}/resourceGroups/${rg}/providers/Microsoft.PolicyInsights/policyStates/latest/queryResults?api-version=${INSIGHTS_API}${query}`);
}
