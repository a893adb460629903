// Issue 14 items 2 and 4, without Azure: what the policy module assigns (one assignment per shipped
// built-in, its effect, enforcement mode, parameters, identity and remediation roles), where exemptions
// go, and the Defender for Cloud plans' config checks.
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../src/config/load.js';
import type { StepEnv } from '../../steps/env.js';
import { steps } from '../../steps/index.js';
import { assignmentName, exemptionScope, plannedAssignments, shippedDefinitions } from '../../steps/support/policy-plan.js';
import { policyExemptions } from '../../src/app/policy-exemptions.js';
import { lines, minimal, problemsOf, SUB } from '../config/helpers.js';
import type { AuditResult, AzureDefinitionState } from '../../src/app/audit.js';
import { auditMarkdown, auditSarif } from '../../commands/audit-report.js';
import { sarifValidator } from '../helpers/sarif.js';

function envFor(extra: Record<string, unknown> = {}): StepEnv {
  const { config, names } = validateConfig(minimal(extra));
  return { config, names, subscriptionId: SUB, tenantId: '00000000-0000-0000-0000-0000000000aa', clients: undefined as never };
}

const byFile = (env: StepEnv) => new Map(plannedAssignments(env).map((a) => [a.file, a]));

// The definitions seed 004 lists ("Assigning Azure Policies for compliance"), by definition GUID.
const SEED_004 = {
  'Customer-managed key': 'ba769a63-b8cc-4b2d-abf6-ac33c7204be8',
  'Private link': '45e05259-1eb5-4f70-9574-baf73e9d219b',
  'Private endpoint': '7838fd83-5cbb-4b5d-888c-bfa240972597',
  'Private DNS zone': 'ee40564d-486e-4f68-a5ca-7a621edae0fb',
  'User-assigned managed identity': '5f0c7d88-c7de-45b8-ac49-db49e72eaa78',
  'Disable public network access': '438c38d2-3772-465a-a9cc-7a6666a275ce',
  'Disable local authentication': 'e96a9a5f-07ca-471b-9bc5-6a0f33cbd68f',
  'Modify/disable local authentication': 'a6f9a2d0-cff7-4855-83ad-4cd750666512',
  'Compute cluster and instance is behind virtual network': '7804b5c7-01dc-4723-969b-ae300cc07ff1',
};

describe('policy assignments', () => {
  it('one per shipped definition, named from its GUID, seed 004 included', () => {
    const planned = plannedAssignments(envFor());
    expect(planned).toHaveLength(shippedDefinitions().length);
    expect(planned).toHaveLength(58);
    for (const a of planned) {
      expect(a.name).toBe(assignmentName(a.guid));
      expect(a.name.length).toBeLessThanOrEqual(64);
      expect(a.id).toBe(`/subscriptions/${SUB}/resourceGroups/rg-mlsec-dev/providers/Microsoft.Authorization/policyAssignments/${a.name}`);
    }
    expect(new Set(planned.map((a) => a.name)).size).toBe(58);
    const guids = new Set(planned.map((a) => a.guid));
    for (const [what, guid] of Object.entries(SEED_004)) expect(guids.has(guid), what).toBe(true);
  });

  it('audit by default: Audit / AuditIfNotExists, literal denies and remediations not enforced', () => {
    const a = byFile(envFor());
    expect(a.get('StoragePublicNetworkAccess_AuditDeny.json')).toMatchObject({ effect: 'Audit', enforcementMode: 'Default', remediates: false, parameters: { effect: { value: 'Audit' } } });
    expect(a.get('StorageAccountPrivateEndpointEnabled_Audit.json')).toMatchObject({ effect: 'AuditIfNotExists', enforcementMode: 'Default' });
    // A literal deny has no audit to choose: it reports without blocking.
    expect(a.get('NetworkPublicIPNic_Deny.json')).toMatchObject({ effect: 'deny', enforcementMode: 'DoNotEnforce', parameters: {} });
    expect(a.get('DisableLocalAuth_Modify.json')).toMatchObject({ effect: 'Modify', enforcementMode: 'DoNotEnforce', remediates: true, roleDefinitionIds: ['/providers/microsoft.authorization/roleDefinitions/b24988ac-6180-42a0-ab88-20f7382dd24c'] });
    const counts = new Map<string, number>();
    for (const p of a.values()) counts.set(p.effect, (counts.get(p.effect) ?? 0) + 1);
    expect(counts.get('Deny')).toBeUndefined();
  });

  it('enforce: Deny wherever the definition allows it, remediations enforced', () => {
    const plain = byFile(envFor());
    const enforced = byFile(envFor({ policy: { enforce: true } }));
    expect(enforced.get('StoragePublicNetworkAccess_AuditDeny.json')).toMatchObject({ effect: 'Deny', enforcementMode: 'Default', parameters: { effect: { value: 'Deny' } } });
    // The Storage definition that spells its values in both cases keeps the canonical "Deny".
    expect(enforced.get('ASC_Storage_DisallowPublicBlobAccess_Audit.json')?.effect).toBe('Deny');
    // Definitions without Deny keep their audit.
    expect(enforced.get('Vnet_Audit.json')?.effect).toBe('Audit');
    expect(enforced.get('NetworkPublicIPNic_Deny.json')?.enforcementMode).toBe('Default');
    expect(enforced.get('Workspace_PrivateEndpoint_DINE.json')).toMatchObject({ effect: 'DeployIfNotExists', enforcementMode: 'Default' });
    const denies = [...enforced.values()].filter((x) => x.effect === 'Deny').map((x) => x.file);
    // Offered: Deny among the allowed values of the parameter the rule's effect reads (Key Vault's
    // Should_Use_PrivateEndpoint_Audit reads audit_effect; its deprecated `effect` offers Deny and is not used).
    const offered = shippedDefinitions().filter(({ def }) => {
      const param = /^\[parameters\('([^']+)'\)\]$/.exec(def.properties.policyRule.then.effect)?.[1];
      return param !== undefined && (def.properties.parameters?.[param]?.allowedValues ?? []).includes('Deny');
    }).map((d) => d.file);
    expect(enforced.get('Should_Use_PrivateEndpoint_Audit.json')?.effect).toBe('Audit');
    expect(denies.sort()).toEqual(offered.sort());
    expect([...plain.values()].some((x) => x.effect === 'Deny')).toBe(false);
  });

  it('the DeployIfNotExists definitions get their required parameters from the environment', () => {
    const a = byFile(envFor());
    const rg = `/subscriptions/${SUB}/resourceGroups/rg-mlsec-dev/providers`;
    expect(a.get('Workspace_PrivateEndpoint_DINE.json')?.parameters.privateEndpointSubnetId).toEqual({ value: `${rg}/Microsoft.Network/virtualNetworks/vnet-mlsec-dev/subnets/snet-pe` });
    expect(a.get('Workspace_PrivateDnsZones_DINE.json')?.parameters).toMatchObject({
      privateDnsZoneId: { value: `${rg}/Microsoft.Network/privateDnsZones/privatelink.api.azureml.ms` },
      secondPrivateDnsZoneId: { value: `${rg}/Microsoft.Network/privateDnsZones/privatelink.notebooks.azure.net` },
    });
    expect(a.get('Workspace_PrivateEndpoint_DINE.json')?.roleDefinitionIds).toEqual(['/providers/Microsoft.Authorization/roleDefinitions/4d97b98b-1d4f-4787-a291-c67834d212e7']);
    // Parameters that follow the config (policyParameters).
    expect(a.get('ManagedNetworkIsolationMode_Audit.json')?.parameters.isolationMode).toEqual({ value: 'Disabled' });
    expect(byFile(envFor({ network: { egress: 'managed' } })).get('ManagedNetworkIsolationMode_Audit.json')?.parameters.isolationMode).toEqual({ value: 'AllowOnlyApprovedOutbound' });
  });

  it('exemptions at the narrowest scope that holds them', () => {
    const env = envFor({ network: { egress: 'managed' } });
    const reasons = policyExemptions(env.config);
    expect(Object.keys(reasons).sort()).toEqual(['Vnet_Audit.json', 'Workspace_EnableV1LegacyMode_Audit.json']);
    const ws = `/subscriptions/${SUB}/resourceGroups/rg-mlsec-dev/providers/Microsoft.MachineLearningServices/workspaces/mlw-mlsec-dev`;
    expect(exemptionScope(env, 'Workspace_EnableV1LegacyMode_Audit.json')).toMatch(new RegExp(`^${ws.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    expect(exemptionScope(env, 'AKS_DisableLocalAccounts_Deny.json')).toMatch(/\/managedClusters\/[^/]+$/);
    expect(exemptionScope(env, 'Storage_NetworkAcls_Audit.json')).toBe(`/subscriptions/${SUB}/resourceGroups/rg-mlsec-dev`);
  });

  it('steps: assignments, exemptions, and the remediation roles only with enforce', () => {
    const ids = steps.map((s) => s.id);
    for (const id of ['policy-assignments', 'policy-exemptions', 'policy-remediation-roles', 'defender-plans']) expect(ids).toContain(id);
    const roles = steps.find((s) => s.id === 'policy-remediation-roles')!;
    expect(roles.enabled(envFor())).toBe(false);
    expect(roles.enabled(envFor({ policy: { enforce: true } }))).toBe(true);
    expect(steps.find((s) => s.id === 'policy-assignments')!.enabled(envFor({ policy: { assign: false } }))).toBe(false);
    expect(steps.find((s) => s.id === 'defender-plans')!.enabled(envFor())).toBe(false);
  });
});

describe('defender.plans', () => {
  it('off by default; the plans of the resource types in use are accepted', () => {
    expect(envFor().config.defender.plans).toEqual([]);
    expect(envFor({ defender: { plans: ['StorageAccounts', 'KeyVaults', 'Containers', 'Arm'] } }).config.defender.plans).toHaveLength(4);
  });

  it('an unknown plan names the field and the choices', () => {
    const p = lines(problemsOf(minimal({ defender: { plans: ['Storage'] } })));
    expect(p.join('\n')).toMatch(/^defender\.plans\[0\]: "Storage" is not a Defender for Cloud plan secure-aml turns on; expected VirtualMachines, StorageAccounts, KeyVaults, Containers, Arm/m);
  });

  it('VirtualMachines only when there is a jumpbox (access.mode bastion)', () => {
    const p = lines(problemsOf(minimal({ defender: { plans: ['VirtualMachines'] } })));
    expect(p.join('\n')).toMatch(/defender\.plans: "VirtualMachines" protects virtual machines, and this environment has none/);
  });
});

describe('audit documents with Azure Policy states beside the offline verdicts', () => {
  const ASSIGNMENT = `/subscriptions/${SUB}/resourceGroups/rg-mlsec-dev/providers/Microsoft.Authorization/policyAssignments/secure-aml-`;
  const storage = `/subscriptions/${SUB}/resourceGroups/rg-mlsec-dev/providers/Microsoft.Storage/storageAccounts/stmlsec`;
  const vault = `/subscriptions/${SUB}/resourceGroups/rg-mlsec-dev/providers/Microsoft.KeyVault/vaults/kvmlsec`;
  const def = (id: string, offline: AuditResult['definitions'][number]['offline'], azure: AzureDefinitionState | undefined, nonCompliant = 0): AuditResult['definitions'][number] => ({
    id, file: `${id}.json`, displayName: `definition ${id}`, effect: 'Audit', evaluated: 1, nonCompliant, offline, ...(azure ? { azure } : {}),
  });
  const state = (verdict: AzureDefinitionState['verdict'], id: string, bad: string[] = []): AzureDefinitionState => ({
    verdict, assignmentId: `${ASSIGNMENT}${id}`, resources: 1, nonCompliant: bad.length, exempt: 0, disagrees: false, nonCompliantResources: bad,
  });
  const result: AuditResult = {
    command: 'audit', status: 'findings', environment: 'dev', resources: 2, policies: 3, evaluated: 3,
    findings: [{ policy: 'a', displayName: 'definition a', resourceId: storage, verdict: 'non-compliant', effect: 'Audit', file: 'a.json', definitionIndex: 0 }],
    exempted: [],
    definitions: [
      def('a', 'NonCompliant', { ...state('Compliant', 'a'), disagrees: true }, 1),
      def('b', 'Compliant', { ...state('NonCompliant', 'b', [vault]), disagrees: true }),
      def('c', 'Compliant', undefined),
    ],
    azure: {
      assigned: true, scanned: true,
      states: [{ resourceId: storage, policyAssignmentId: `${ASSIGNMENT}a`, complianceState: 'Compliant' }, { resourceId: vault, policyAssignmentId: `${ASSIGNMENT}b`, complianceState: 'NonCompliant' }],
      counts: { definitions: 2, compliant: 1, nonCompliant: 1, exempt: 0, notEvaluated: 0, disagreements: 2 },
    },
    next: [],
  };

  it('SARIF: offline results carry Azure\'s state, Azure-only findings are results of their own; the schema accepts it', () => {
    const log = auditSarif(result) as { runs: { tool: { driver: { rules: { id: string; properties: Record<string, unknown> }[] } }; results: { ruleId: string; ruleIndex: number; properties: Record<string, unknown> }[] }[] };
    expect(sarifValidator()(log)).toBe(true);
    const [offline, azureOnly, ...rest] = log.runs[0].results;
    expect(rest).toEqual([]);
    expect(offline).toMatchObject({ ruleId: 'a', properties: { verdictSource: 'offline', azureComplianceState: 'Compliant', disagreement: true } });
    expect(azureOnly).toMatchObject({ ruleId: 'b', ruleIndex: 1, properties: { verdictSource: 'azure-policy-state', azureComplianceState: 'NonCompliant', disagreement: true } });
    expect(log.runs[0].tool.driver.rules[2].properties.azureVerdict).toBeUndefined();
    expect(log.runs[0].tool.driver.rules[1].properties).toMatchObject({ azureVerdict: 'NonCompliant', offlineVerdict: 'Compliant', disagreement: true });
  });

  it('markdown: an Azure column, disagreements marked', () => {
    const md = auditMarkdown(result, new Date('2026-01-01T00:00:00Z'));
    expect(md).toContain('| Definition | Effect | Evaluated | Non-compliant | Azure | Exemption |');
    expect(md).toContain('| definition a | Audit | 1 | 1 | Compliant ≠ offline |  |');
    expect(md).toContain('| definition c | Audit | 1 | 0 | not assigned |  |');
    expect(md).toContain("- **Azure Policy's own states (after an on-demand scan):** 2 assignments: 1 compliant, 1 non-compliant, 0 exempt, 0 with no resource evaluated; 2 disagreement(s) with the offline evaluation.");
    // Azure's states unreadable (no right on Microsoft.PolicyInsights): said, and the offline report stands.
    const refused = auditMarkdown({ ...result, azure: { ...result.azure, states: [], error: 'AuthorizationFailed: no read on policyStates' } });
    expect(refused).toContain("- **Azure Policy's own states:** could not be read (AuthorizationFailed: no read on policyStates).");
    expect(refused).toContain('| definition a | Audit | 1 | 1 |');
  });
});
