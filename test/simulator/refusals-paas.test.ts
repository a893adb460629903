// Refusals of the PaaS providers, one request per error code: container registries (in-flight writes, zone
// redundancy, IP rules, the export policy, customer-managed key settings), key vault recovery, and the
// scopes Microsoft.Insights diagnostic settings accept.
import { describe, expect, it } from 'vitest';
import { SUB, type Harness } from './helpers.js';
import { ACR_API, KV_API, at, registryId, rgId, tenantOf, vaultBody, vaultId } from './paas-helpers.js';
import { expectRefused, withGroup } from './refusal-helpers.js';

const DS_API = '2021-05-01-preview';

const refused = expectRefused;

const group = (): Promise<Harness> => withGroup();

const putRegistry = (h: Harness, properties: Record<string, unknown>, sku = 'Premium') =>
  h.call('PUT', at(registryId('rg1', 'acrrefusals'), ACR_API), { location: 'eastus', sku: { name: sku }, properties });

describe('container registries', () => {
  it('OperationNotAllowed: a PUT while the registry is still being created', async () => {
    const h = await group();
    expect((await putRegistry(h, {})).status).toBe(201);
    refused(await putRegistry(h, { adminUserEnabled: true }), 409, 'OperationNotAllowed', "Registry 'acrrefusals' is creating; retry when the current operation has finished.");
  });

  it('ZoneRedundancyCannotBeUpdated: enabling zone redundancy on an existing registry', async () => {
    const h = await group();
    expect((await putRegistry(h, {})).status).toBe(201);
    h.clock.advance(60);
    refused(await putRegistry(h, { zoneRedundancy: 'Enabled' }), 400, 'ZoneRedundancyCannotBeUpdated', 'Zone redundancy can only be set when the registry is created.');
  });

  it('InvalidIpRule: an IP rule that is neither an IPv4 address nor a CIDR range', async () => {
    const h = await group();
    const r = await putRegistry(h, { networkRuleSet: { defaultAction: 'Deny', ipRules: [{ action: 'Allow', value: '10.0.0.0/8' }, { action: 'Allow', value: '300.1.2.3' }] } });
    refused(r, 400, 'InvalidIpRule', "The IP rule '300.1.2.3' at networkRuleSet.ipRules[1] is not a valid IPv4 address or CIDR range.");
  });

  it('ExportPolicyRequiresPublicNetworkAccessDisabled: export disabled while public access is enabled', async () => {
    const h = await group();
    const r = await putRegistry(h, { publicNetworkAccess: 'Enabled', policies: { exportPolicy: { status: 'disabled' } } });
    refused(r, 400, 'ExportPolicyRequiresPublicNetworkAccessDisabled', 'The export policy can only be disabled when public network access is disabled');
  });

  it('InvalidEncryptionSettings / InvalidKeyVaultKeyIdentifier: key settings without enabled status, a key id that is not a key URI', async () => {
    const h = await group();
    const disabled = await putRegistry(h, { encryption: { status: 'disabled', keyVaultProperties: { keyIdentifier: 'https://kvacr.vault.azure.net/keys/cmk' } } });
    refused(disabled, 400, 'InvalidEncryptionSettings', "encryption.keyVaultProperties requires encryption.status 'enabled'.");
    const secret = await putRegistry(h, { encryption: { status: 'enabled', keyVaultProperties: { keyIdentifier: 'https://kvacr.vault.azure.net/secrets/cmk' } } });
    refused(secret, 400, 'InvalidKeyVaultKeyIdentifier', "must be a key URI (https://{vault}.vault.azure.net/keys/{key}[/{version}]), was 'https://kvacr.vault.azure.net/secrets/cmk'.");
  });
});

describe('key vaults', () => {
  it("DeletedVaultNotFound: createMode 'recover' for a vault that was never deleted", async () => {
    const h = await group();
    const body = vaultBody(await tenantOf(h), { createMode: 'recover' });
    const r = await h.call('PUT', at(vaultId('rg1', 'kv-never-deleted'), KV_API), body);
    refused(r, 404, 'DeletedVaultNotFound', "A deleted vault with the name 'kv-never-deleted' was not found, so it cannot be recovered");
  });
});

describe('diagnostic settings (Microsoft.Insights)', () => {
  const settings = { properties: { logs: [], metrics: [{ category: 'AllMetrics', enabled: true }] } };
  const dsPath = (scope: string) => at(`${scope}/providers/Microsoft.Insights/diagnosticSettings/to-law`, DS_API);

  it('InvalidScope: a scope that is neither a subscription, a resource group nor a resource', async () => {
    const h = await group();
    const scope = `/subscriptions/${SUB}/locations/eastus`;
    refused(await h.call('PUT', dsPath(scope), settings), 400, 'InvalidScope', `The scope '${scope}' is not a tenant, subscription, resource group or resource scope`);
    refused(await h.call('GET', dsPath('/tenants/contoso')), 400, 'InvalidScope', "The scope '/tenants/contoso' is not a tenant, subscription, resource group or resource scope");
  });

  it('SimulatorUnsupportedScope: settings of a subscription or a resource group', async () => {
    const h = await group();
    refused(await h.call('PUT', dsPath(`/subscriptions/${SUB}`), settings), 400, 'SimulatorUnsupportedScope', `'/subscriptions/${SUB}' is a subscription scope`);
    refused(await h.call('GET', dsPath(rgId('rg1'))), 400, 'SimulatorUnsupportedScope', `'${rgId('rg1')}' is a resourceGroup scope`);
  });
});
