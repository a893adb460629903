import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { evaluatePolicy, evaluatePolicies, loadPolicies, type ArmResource, type PolicyDefinition } from '../../src/audit/policy.js';
import {
  aks, allPolicies, clone, compliantEnvironment, computeInstance, diagnosticSetting, findingFor, ids, keyVault, nic, POLICY_DIR, policy, registry,
  notAnAudit, SECURE_PARAMETERS, storageAccount, subnetId, verdict, vnet, withPath, workspace, workspacePeZoneGroup, workspacePrivateEndpoint,
} from './fixtures.js';

describe('loadPolicies', () => {
  it('loads every shipped definition recursively', () => {
    const loaded = loadPolicies(POLICY_DIR);
    expect(loaded.length).toBe(58);
    for (const { file, def } of loaded) {
      expect(file.endsWith('.json')).toBe(true);
      expect(def.properties.displayName, file).toBeTruthy();
      expect(def.name, file).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  // SHA-256 of each upstream file (Azure/azure-policy built-in definitions), recorded when they were
  // copied: test/fixtures/README.md.
  const UPSTREAM_SHA256 = fileURLToPath(new URL('../fixtures/azure-policy-sha256.json', import.meta.url));
  it('ships byte-identical copies of the upstream files, and only those', () => {
    const upstream = JSON.parse(readFileSync(UPSTREAM_SHA256, 'utf8')) as Record<string, string>;
    const shipped = loadPolicies(POLICY_DIR).map(({ file }) => relative(POLICY_DIR, file).split(sep).join('/')).sort();
    expect(shipped).toEqual(Object.keys(upstream).sort());
    for (const rel of shipped) {
      expect(createHash('sha256').update(readFileSync(join(POLICY_DIR, rel))).digest('hex'), rel).toBe(upstream[rel]);
    }
  });
});

describe('a fully compliant environment', () => {
  it('is compliant with every shipped definition, and each definition applies to something', () => {
    const env = compliantEnvironment();
    for (const { file, def } of allPolicies()) {
      const findings = evaluatePolicy(def, env, { parameters: SECURE_PARAMETERS[def.name!] });
      expect(findings.length, `${file} applies to nothing`).toBeGreaterThan(0);
      const bad = findings.filter((f) => f.verdict !== 'compliant' && !notAnAudit(f));
      expect(bad, file).toEqual([]);
    }
  });

  it('evaluatePolicies tags findings with their file', () => {
    const f = evaluatePolicies(allPolicies(), compliantEnvironment(), { parametersByPolicy: SECURE_PARAMETERS });
    expect(f.every((x) => x.file.endsWith('.json') && (x.verdict === 'compliant' || notAnAudit(x)))).toBe(true);
    // Modify (DisableLocalAuth_Modify.json) is the one effect that is not an audit; it still finds both computes.
    expect(f.filter(notAnAudit).map((x) => x.file.replace(/^.*\//, ''))).toEqual(['DisableLocalAuth_Modify.json', 'DisableLocalAuth_Modify.json']);
  });
});

describe('Storage definitions: one compliant and one non-compliant account each', () => {
  const good = storageAccount();
  const pe = (status: string) => [{ ...(good.properties!.privateEndpointConnections as object[])[0], properties: { privateLinkServiceConnectionState: { status } } }];
  const cases: [string, ArmResource][] = [
    ['ASC_Storage_DisallowPublicBlobAccess_Audit.json', withPath(good, 'properties.allowBlobPublicAccess', true)],
    ['StorageAccess_TrustedMicrosoftServices_Audit.json', withPath(good, 'properties.networkAcls.bypass', 'None')],
    ['StorageAccountAllowCrossTenantReplication_Audit.json', withPath(good, 'properties.allowCrossTenantReplication', undefined)],
    ['StorageAccountAllowSharedKeyAccess_Audit.json', withPath(good, 'properties.allowSharedKeyAccess', true)],
    ['StorageAccountCustomerManagedKeyEnabled_Audit.json', withPath(good, 'properties.encryption.keySource', 'Microsoft.Storage')],
    ['StorageAccountInfrastructureEncryptionEnabled_Audit.json', withPath(good, 'properties.encryption.requireInfrastructureEncryption', false)],
    ['StorageAccountMinimumTLSVersion_Audit.json', withPath(good, 'properties.minimumTlsVersion', 'TLS1_0')],
    ['StorageAccountOnlyVnetRulesEnabled_Audit.json', withPath(good, 'properties.networkAcls.ipRules', [{ value: '203.0.113.7', action: 'Allow' }])],
    ['StorageAccountPrivateEndpointEnabled_Audit.json', withPath(good, 'properties.privateEndpointConnections', pe('Pending'))],
    ['StoragePublicNetworkAccess_AuditDeny.json', withPath(good, 'properties.publicNetworkAccess', 'Enabled')],
    ['Storage_AuditForHTTPSEnabled_Audit.json', withPath(good, 'properties.supportsHttpsTrafficOnly', false)],
    ['Storage_NetworkAcls_Audit.json', withPath(good, 'properties.networkAcls.defaultAction', 'Allow')],
  ];

  it('covers every shipped Storage definition', () => {
    const shipped = allPolicies().filter((p) => p.file.includes('/Storage/')).map((p) => p.file.replace(/^.*\//, '')).sort();
    expect(cases.map((c) => c[0]).sort()).toEqual(shipped);
  });

  for (const [file, bad] of cases) {
    it(file, () => {
      const def = policy(`Storage/${file}`);
      expect(verdict(def, [good], ids.storage)).toBe('compliant');
      const f = findingFor(evaluatePolicy(def, [bad]), ids.storage);
      expect(f.verdict).toBe('non-compliant');
      expect(f.reason).toBeTruthy();
    });
  }

  it('details: missing properties, parameters and the ARO exclusion', () => {
    expect(verdict(policy('Storage/StorageAccountAllowSharedKeyAccess_Audit.json'), [withPath(good, 'properties.allowSharedKeyAccess', undefined)], ids.storage)).toBe('non-compliant');
    expect(verdict(policy('Storage/Storage_AuditForHTTPSEnabled_Audit.json'), [withPath(good, 'properties.supportsHttpsTrafficOnly', undefined)], ids.storage)).toBe('compliant');
    expect(verdict(policy('Storage/StorageAccess_TrustedMicrosoftServices_Audit.json'), [withPath(good, 'properties.networkAcls.bypass', undefined)], ids.storage)).toBe('compliant');
    expect(verdict(policy('Storage/StorageAccountMinimumTLSVersion_Audit.json'), [withPath(good, 'properties.minimumTlsVersion', 'TLS1_1')], ids.storage, { parameters: { minimumTlsVersion: 'TLS1_1' } })).toBe('compliant');
    const aro = { ...withPath(good, 'properties.allowBlobPublicAccess', true), id: `${ids.storage.replace('rg-aml', 'aro-cluster1').replace('stamlgood', 'cluster123')}`, name: 'cluster123' };
    expect(verdict(policy('Storage/ASC_Storage_DisallowPublicBlobAccess_Audit.json'), [aro], aro.id)).toBe('compliant');
    // a separately supplied private endpoint connection resource counts as well
    const bare = withPath(good, 'properties.privateEndpointConnections', []);
    const conn = { id: `${ids.storage}/privateEndpointConnections/other`, name: 'other', type: 'Microsoft.Storage/storageAccounts/privateEndpointConnections', properties: { privateLinkServiceConnectionState: { status: 'Approved' } } };
    expect(verdict(policy('Storage/StorageAccountPrivateEndpointEnabled_Audit.json'), [bare], ids.storage)).toBe('non-compliant');
    expect(verdict(policy('Storage/StorageAccountPrivateEndpointEnabled_Audit.json'), [bare, conn], ids.storage)).toBe('compliant');
  });
});

describe('Container Registry', () => {
  it('a registry with adminUserEnabled true is non-compliant for ACR_AdminAccountDisabled', () => {
    const def = policy('Container Registry/ACR_AdminAccountDisabled_AuditDeny.json');
    const f = findingFor(evaluatePolicy(def, [withPath(registry(), 'properties.adminUserEnabled', true)]), ids.registry);
    expect(f).toMatchObject({ verdict: 'non-compliant', effect: 'Audit', policy: 'dc921057-6b28-4fbe-9b83-f7bec05db6c2' });
    expect(f.reason).toMatch(/adminUserEnabled equals true \(actual: true\)/);
    expect(verdict(def, [registry()], ids.registry)).toBe('compliant');
  });

  it('the effect parameter is honoured (Deny audits, Disabled is not evaluated)', () => {
    const def = policy('Container Registry/ACR_AdminAccountDisabled_AuditDeny.json');
    const bad = withPath(registry(), 'properties.adminUserEnabled', true);
    expect(findingFor(evaluatePolicy(def, [bad], { parameters: { effect: 'Deny' } }), ids.registry)).toMatchObject({ verdict: 'non-compliant', effect: 'Deny' });
    expect(findingFor(evaluatePolicy(def, [bad], { parameters: { effect: 'Disabled' } }), ids.registry)).toMatchObject({ verdict: 'not-applicable', reason: 'effect Disabled is not an audit' });
    expect(() => evaluatePolicy(def, [bad], { parameters: { effect: 'Modify' } })).toThrow(/not one of/);
    expect(() => evaluatePolicy(def, [bad], { parameters: { efect: 'Audit' } })).toThrow(/not declared/);
  });

  it('SKU, network rules, private link', () => {
    expect(verdict(policy('Container Registry/ACR_SkuSupportsPrivateEndpoints_AuditDeny.json'), [withPath(registry(), 'sku.name', 'Standard')], ids.registry)).toBe('non-compliant');
    expect(verdict(policy('Container Registry/ACR_NetworkRulesExist_AuditDeny.json'), [withPath(withPath(registry(), 'properties.networkRuleSet', undefined), 'properties.publicNetworkAccess', 'Enabled')], ids.registry)).toBe('non-compliant');
    expect(verdict(policy('Container Registry/ACR_NetworkRulesExist_AuditDeny.json'), [withPath(registry(), 'properties.networkRuleSet.defaultAction', 'Allow')], ids.registry)).toBe('compliant');
    expect(verdict(policy('Container Registry/ACR_PrivateEndpointEnabled_Audit.json'), [withPath(registry(), 'properties.privateEndpointConnections', [])], ids.registry)).toBe('non-compliant');
  });
});

describe('Key Vault', () => {
  const def = () => policy('Key Vault/AuditDiagnosticLog_Audit.json');

  it('is non-compliant without a diagnostic setting and compliant with one sending allLogs to a workspace', () => {
    const f = findingFor(evaluatePolicy(def(), [keyVault()]), ids.keyVault);
    expect(f).toMatchObject({ verdict: 'non-compliant', effect: 'AuditIfNotExists' });
    expect(f.reason).toMatch(/no related Microsoft\.Insights\/diagnosticSettings/);
    const diag: ArmResource = {
      id: `${ids.keyVault}/providers/Microsoft.Insights/diagnosticSettings/x`, name: 'x', type: 'Microsoft.Insights/diagnosticSettings',
      properties: { workspaceId: ids.law, logs: [{ categoryGroup: 'allLogs', enabled: true }] },
    };
    expect(findingFor(evaluatePolicy(def(), [keyVault(), diag]), ids.keyVault)).toMatchObject({ verdict: 'compliant' });
  });

  it('existenceCondition: enabled logs; retention to a storage account must be 0 (forever) or >= requiredRetentionDays', () => {
    const kv = keyVault();
    const withLogs = (logs: unknown[], extra: Record<string, unknown> = {}) => {
      const d = diagnosticSetting(ids.keyVault, 'x', logs);
      d.properties = { ...d.properties, ...extra };
      return [kv, d];
    };
    expect(verdict(def(), withLogs([{ categoryGroup: 'allLogs', enabled: false }]), ids.keyVault)).toBe('non-compliant');
    expect(verdict(def(), withLogs([]), ids.keyVault)).toBe('non-compliant');
    expect(verdict(def(), withLogs([{ category: 'AuditEvent', enabled: true, retentionPolicy: { enabled: false, days: 0 } }]), ids.keyVault)).toBe('compliant');
    const sa = { storageAccountId: ids.storage, workspaceId: undefined };
    expect(verdict(def(), withLogs([{ category: 'AuditEvent', enabled: true, retentionPolicy: { enabled: true, days: 30 } }], sa), ids.keyVault)).toBe('non-compliant');
    expect(verdict(def(), withLogs([{ category: 'AuditEvent', enabled: true, retentionPolicy: { enabled: true, days: 365 } }], sa), ids.keyVault)).toBe('compliant');
    expect(verdict(def(), withLogs([{ category: 'AuditEvent', enabled: true, retentionPolicy: { enabled: true, days: 0 } }], sa), ids.keyVault)).toBe('compliant');
    expect(verdict(def(), withLogs([{ category: 'AuditEvent', enabled: true, retentionPolicy: { enabled: true, days: 30 } }], sa), ids.keyVault, { parameters: { requiredRetentionDays: '30' } })).toBe('compliant');
    // a diagnostic setting on another resource does not count
    expect(verdict(def(), [kv, diagnosticSetting(ids.storage)], ids.keyVault)).toBe('non-compliant');
  });

  it('firewall: public access disabled or default action Deny; restrictIPAddresses checks ipRules with ipRangeContains', () => {
    const fw = policy('Key Vault/FirewallEnabled_Audit.json');
    const open = withPath(withPath(keyVault(), 'properties.publicNetworkAccess', 'Enabled'), 'properties.networkAcls.defaultAction', 'Allow');
    expect(verdict(fw, [open], ids.keyVault)).toBe('non-compliant');
    expect(verdict(fw, [withPath(open, 'properties.networkAcls.defaultAction', 'Deny')], ids.keyVault)).toBe('compliant');
    expect(verdict(fw, [withPath(open, 'properties.publicNetworkAccess', 'Disabled')], ids.keyVault)).toBe('compliant');
    const rules = withPath(withPath(open, 'properties.networkAcls.defaultAction', 'Deny'), 'properties.networkAcls.ipRules', [{ value: '10.1.2.3/32' }, { value: '203.0.113.9' }]);
    const params = (allowed: string[]) => ({ parameters: { restrictIPAddresses: 'Yes', allowedIPAddresses: allowed } });
    expect(verdict(fw, [rules], ids.keyVault, params(['10.0.0.0/8']))).toBe('non-compliant');
    expect(verdict(fw, [rules], ids.keyVault, params(['10.0.0.0/8', '203.0.113.0/24']))).toBe('compliant');
    expect(verdict(fw, [rules], ids.keyVault, { parameters: { restrictIPAddresses: 'Yes', forbiddenIPAddresses: ['203.0.113.0-203.0.113.255'] } })).toBe('non-compliant');
  });

  it('soft delete, purge protection, RBAC, private link', () => {
    expect(verdict(policy('Key Vault/Recoverable_Audit.json'), [withPath(keyVault(), 'properties.enablePurgeProtection', undefined)], ids.keyVault)).toBe('non-compliant');
    expect(verdict(policy('Key Vault/SoftDeleteMustBeEnabled_Audit.json'), [withPath(keyVault(), 'properties.enableSoftDelete', false)], ids.keyVault)).toBe('non-compliant');
    expect(verdict(policy('Key Vault/Should_Use_RBAC.json'), [withPath(keyVault(), 'properties.enableRbacAuthorization', false)], ids.keyVault)).toBe('non-compliant');
    expect(verdict(policy('Key Vault/Should_Use_PrivateEndpoint_Audit.json'), [withPath(keyVault(), 'properties.privateEndpointConnections', [])], ids.keyVault)).toBe('non-compliant');
    expect(verdict(policy('Key Vault/PublicNetworkAccess_Audit.json'), [keyVault()], ids.keyVault, { apiVersion: '2019-09-01' })).toBe('non-compliant');
  });
});

describe('Security Center: subnets should be associated with a network security group', () => {
  const def = () => policy('Security Center/ASC_NetworkSecurityGroupsOnSubnets_Audit.json');
  const vnetWith = (subnets: unknown[]): ArmResource => withPath(vnet(), 'properties.subnets', subnets);
  const sub = (name: string, nsgId?: string) => ({ id: subnetId(name), name, type: 'Microsoft.Network/virtualNetworks/subnets', properties: { addressPrefix: '10.0.9.0/24', ...(nsgId ? { networkSecurityGroup: { id: nsgId } } : {}) } });

  it('targets subnets, not virtual networks: a VNet whose subnet lacks an NSG fails on that subnet', () => {
    const findings = evaluatePolicy(def(), [vnetWith([sub('snet-a', ids.nsg), sub('snet-b')])]);
    expect(findings.map((f) => f.resourceId).sort()).toEqual([subnetId('snet-a'), subnetId('snet-b')]);
    expect(findingFor(findings, subnetId('snet-a')).verdict).toBe('compliant');
    const b = findingFor(findings, subnetId('snet-b'));
    expect(b.verdict).toBe('non-compliant');
    expect(b.reason).toMatch(/Unhealthy/);
  });

  it('subnets Azure cannot attach an NSG to are not applicable (assessment NotApplicable → compliant)', () => {
    expect(verdict(def(), [vnetWith([sub('GatewaySubnet')])], subnetId('GatewaySubnet'))).toBe('compliant');
  });

  it('a separately supplied subnet GET body, and a supplied assessment, take precedence', () => {
    const v = vnetWith([sub('snet-b')]);
    expect(verdict(def(), [v, sub('snet-b', ids.nsg) as ArmResource], subnetId('snet-b'))).toBe('compliant');
    const assessment: ArmResource = {
      id: `${subnetId('snet-b')}/providers/Microsoft.Security/assessments/eade5b56-eefd-444f-95c8-23f29e5d93cb`, name: 'eade5b56-eefd-444f-95c8-23f29e5d93cb',
      type: 'Microsoft.Security/assessments', properties: { status: { code: 'Healthy' } },
    };
    expect(verdict(def(), [v, assessment], subnetId('snet-b'))).toBe('compliant');
    expect(verdict(def(), [v], subnetId('snet-b'), { deriveAssessments: false })).toBe('non-compliant');
  });
});

describe('Machine Learning', () => {
  it('a workspace without a customer-managed key fails Workspace_CMKEnabled_Audit_V2', () => {
    const def = policy('Machine Learning/Workspace_CMKEnabled_Audit_V2.json');
    const noCmk = withPath(workspace(), 'properties.encryption', { status: 'Disabled' });
    const f = findingFor(evaluatePolicy(def, [noCmk]), ids.workspace);
    expect(f).toMatchObject({ verdict: 'non-compliant', effect: 'AuditIfNotExists' });
    expect(f.reason).toMatch(/encryption\.status equals "Enabled"/);
    expect(verdict(def, [withPath(workspace(), 'properties.encryption', undefined)], ids.workspace)).toBe('non-compliant');
    expect(verdict(def, [workspace()], ids.workspace)).toBe('compliant');
    // AI Foundry projects are excluded by the if condition
    expect(verdict(def, [{ ...noCmk, kind: 'Project' }], ids.workspace)).toBe('not-applicable');
  });

  it('network isolation mode uses the isolationMode parameter (default Disabled)', () => {
    const def = policy('Machine Learning/ManagedNetworkIsolationMode_Audit.json');
    expect(verdict(def, [workspace()], ids.workspace)).toBe('non-compliant');
    expect(verdict(def, [workspace()], ids.workspace, { parameters: { isolationMode: 'AllowOnlyApprovedOutbound' } })).toBe('compliant');
  });

  it('computes: subnet, idle shutdown, local auth, OS image', () => {
    const ci = computeInstance();
    expect(verdict(policy('Machine Learning/Vnet_Audit.json'), [withPath(ci, 'properties.properties.subnet', undefined)], ci.id)).toBe('non-compliant');
    expect(verdict(policy('Machine Learning/Vnet_Audit.json'), [withPath(ci, 'properties.properties.subnet.id', '')], ci.id)).toBe('non-compliant');
    expect(verdict(policy('Machine Learning/IdleShutdown_Audit.json'), [withPath(ci, 'properties.properties.idleTimeBeforeShutdown', undefined)], ci.id)).toBe('non-compliant');
    expect(verdict(policy('Machine Learning/DisableLocalAuth_Audit.json'), [withPath(ci, 'properties.disableLocalAuth', false)], ci.id)).toBe('non-compliant');
    expect(verdict(policy('Machine Learning/ComputeInstanceUpdates_Audit.json'), [withPath(ci, 'properties.properties.osImageMetadata.isLatestOsImageVersion', false)], ci.id)).toBe('non-compliant');
    // a Kubernetes compute is targeted by type but not by computeType
    expect(verdict(policy('Machine Learning/Vnet_Audit.json'), [withPath(ci, 'properties.computeType', 'Kubernetes')], ci.id)).toBe('compliant');
  });

  it('workspace diagnostic logs, public access, private link, UAI, v1LegacyMode', () => {
    expect(verdict(policy('Machine Learning/AuditDiagnosticLog_Audit.json'), [workspace()], ids.workspace)).toBe('non-compliant');
    expect(verdict(policy('Machine Learning/AuditDiagnosticLog_Audit.json'), [workspace(), diagnosticSetting(ids.workspace)], ids.workspace)).toBe('compliant');
    expect(verdict(policy('Machine Learning/Workspace_PublicNetworkAccessDisabled_Audit.json'), [withPath(workspace(), 'properties.publicNetworkAccess', 'Enabled')], ids.workspace)).toBe('non-compliant');
    expect(verdict(policy('Machine Learning/Workspace_PrivateEndpoint_Audit_V2.json'), [withPath(workspace(), 'properties.privateEndpointConnections', [])], ids.workspace)).toBe('non-compliant');
    expect(verdict(policy('Machine Learning/Workspace_UAIEnabled_Audit.json'), [withPath(workspace(), 'properties.primaryUserAssignedIdentity', '')], ids.workspace)).toBe('non-compliant');
    expect(verdict(policy('Machine Learning/Workspace_EnableV1LegacyMode_Audit.json'), [withPath(workspace(), 'properties.v1LegacyMode', false)], ids.workspace)).toBe('non-compliant');
    expect(verdict(policy('Machine Learning/Workspace_CMKEnabled_Audit.json'), [withPath(workspace(), 'properties.encryption.status', 'Disabled')], ids.workspace)).toBe('non-compliant');
  });
});

describe('the seed-004 remediation definitions (DeployIfNotExists, Modify)', () => {
  const dine = { privateEndpointSubnetId: subnetId('snet-pe') };
  it('Workspace_PrivateEndpoint_DINE: an approved private endpoint connection of the workspace satisfies it', () => {
    const def = policy('Machine Learning/Workspace_PrivateEndpoint_DINE.json');
    expect(findingFor(evaluatePolicy(def, [workspace()], { parameters: dine }), ids.workspace)).toMatchObject({ verdict: 'compliant', effect: 'DeployIfNotExists' });
    const pending = withPath(workspace(), 'properties.privateEndpointConnections', [{ ...(workspace().properties!.privateEndpointConnections as object[])[0], properties: { privateLinkServiceConnectionState: { status: 'Pending' } } }]);
    expect(findingFor(evaluatePolicy(def, [pending], { parameters: dine }), ids.workspace).reason).toMatch(/satisfies existenceCondition/);
    expect(verdict(def, [pending], ids.workspace, { parameters: dine })).toBe('non-compliant');
    expect(verdict(def, [withPath(workspace(), 'properties.privateEndpointConnections', [])], ids.workspace, { parameters: dine })).toBe('non-compliant');
  });

  it('Workspace_PrivateDnsZones_DINE: an amlworkspace endpoint needs a DNS zone group', () => {
    const def = policy('Machine Learning/Workspace_PrivateDnsZones_DINE.json');
    const params = { privateDnsZoneId: ids.apiZone, secondPrivateDnsZoneId: ids.notebooksZone };
    expect(verdict(def, [workspacePrivateEndpoint(), workspacePeZoneGroup()], ids.workspacePe, { parameters: params })).toBe('compliant');
    expect(verdict(def, [workspacePrivateEndpoint()], ids.workspacePe, { parameters: params })).toBe('non-compliant');
    // A blob endpoint is not the workspace's: the if condition does not hold.
    const blob = withPath(workspacePrivateEndpoint(), 'properties.privateLinkServiceConnections', [{ name: 'b', properties: { groupIds: ['blob'] } }]);
    expect(verdict(def, [blob], ids.workspacePe, { parameters: params })).toBe('not-applicable');
  });

  it('DisableLocalAuth_Modify: Modify is reported, not evaluated offline', () => {
    const def = policy('Machine Learning/DisableLocalAuth_Modify.json');
    const f = findingFor(evaluatePolicy(def, [withPath(computeInstance(), 'properties.disableLocalAuth', false)]), computeInstance().id);
    expect(f).toMatchObject({ verdict: 'not-applicable', effect: 'Modify' });
    expect(notAnAudit(f)).toBe(true);
  });
});

describe('Network and Kubernetes', () => {
  it('NICs: public IP and IP forwarding (literal deny effect)', () => {
    const withPip = withPath(nic(), 'properties.ipConfigurations', [{ ...(nic().properties!.ipConfigurations as object[])[0], properties: { publicIPAddress: { id: '/x/publicIPAddresses/pip' } } }]);
    expect(findingFor(evaluatePolicy(policy('Network/NetworkPublicIPNic_Deny.json'), [withPip]), ids.nic)).toMatchObject({ verdict: 'non-compliant', effect: 'Deny' });
    expect(verdict(policy('Network/NetworkPublicIPNic_Deny.json'), [withPath(nic(), 'properties.ipConfigurations', [])], ids.nic)).toBe('compliant');
    expect(verdict(policy('Network/NetworkIPForwardingNic_Deny.json'), [withPath(nic(), 'properties.enableIPForwarding', true)], ids.nic)).toBe('non-compliant');
  });

  it('private subnets: both the VNet and its subnet fail when defaultOutboundAccess is not false', () => {
    const v = clone(vnet());
    const subnets = v.properties!.subnets as { properties: Record<string, unknown> }[];
    delete subnets[0].properties.defaultOutboundAccess;
    const findings = evaluatePolicy(policy('Network/PrivateSubnetOnly_Audit.json'), [v]);
    expect(findingFor(findings, ids.vnet).verdict).toBe('non-compliant');
    expect(findingFor(findings, subnetId('snet-compute')).verdict).toBe('non-compliant');
    expect(findingFor(findings, subnetId('snet-pe')).verdict).toBe('compliant');
  });

  it('AKS', () => {
    expect(verdict(policy('Kubernetes/AKS_EncryptionAtHost_Deny.json'), [withPath(aks(), 'properties.agentPoolProfiles', [{ name: 'a', enableEncryptionAtHost: true }, { name: 'b' }])], ids.aks)).toBe('non-compliant');
    expect(verdict(policy('Kubernetes/AKS_MSI_Audit.json'), [withPath(aks(), 'properties.servicePrincipalProfile.clientId', '1234')], ids.aks)).toBe('non-compliant');
    expect(verdict(policy('Security Center/ASC_EnableIpRanges_KubernetesService_Audit.json'), [withPath(aks(), 'properties.apiServerAccessProfile.enablePrivateCluster', false)], ids.aks)).toBe('non-compliant');
    expect(verdict(policy('Kubernetes/AKS_AzurePolicyAddOn_Audit.json'), [withPath(aks(), 'properties.addonProfiles', {})], ids.aks)).toBe('non-compliant');
    expect(verdict(policy('Security Center/ASC_EnableRBAC_KubernetesService_Audit.json'), [withPath(aks(), 'properties.enableRBAC', false)], ids.aks)).toBe('non-compliant');
  });
});

describe('effects and applicability', () => {
  it('reports only resources whose type the rule targets', () => {
    const findings = evaluatePolicy(policy('Storage/Storage_NetworkAcls_Audit.json'), compliantEnvironment());
    expect(findings.map((f) => f.resourceId)).toEqual([ids.storage]);
  });

  it('Modify is not an audit', () => {
    const def: PolicyDefinition = {
      name: 'modify-tags',
      properties: {
        displayName: 'add a tag', mode: 'Indexed',
        policyRule: { if: { allOf: [{ field: 'type', equals: 'Microsoft.Storage/storageAccounts' }, { field: 'tags.env', exists: false }] }, then: { effect: 'modify', details: { operations: [] } } },
      },
    };
    expect(evaluatePolicy(def, compliantEnvironment())).toEqual([
      { policy: 'modify-tags', displayName: 'add a tag', resourceId: ids.storage, verdict: 'not-applicable', effect: 'Modify', reason: 'effect Modify is not an audit' },
    ]);
  });

  it('a failing template function makes the resource non-compliant, as Azure treats it as a match', () => {
    const def: PolicyDefinition = {
      properties: { displayName: 'broken', policyRule: { if: { allOf: [{ field: 'type', equals: 'Microsoft.Storage/storageAccounts' }, { value: "[substring(field('name'), 0, 99)]", equals: 'x' }] }, then: { effect: 'Audit' } } },
    };
    const f = findingFor(evaluatePolicy(def, [storageAccount()]), ids.storage);
    expect(f.verdict).toBe('non-compliant');
    expect(f.reason).toMatch(/evaluation failed: .*substring/);
  });
});
