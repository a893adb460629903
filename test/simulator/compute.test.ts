// Microsoft.Compute VMs, OS disks and the Entra ID sign-in extension, Microsoft.Features registration and
// Microsoft.DevTestLab auto-shutdown schedules, as the jumpbox uses them (SPEC.md "Microsoft.Compute").
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ResourceManagementClient, type GenericResource } from '@azure/arm-resources';
import { ArmSimulator } from '../../src/simulator/index.js';
import { SUB, createGroup, harness, netPath, pollUntil, rel, tempDir, type Harness } from './helpers.js';
import { credential, httpClient } from './sdk-client.js';

const API = '2024-07-01';
const RG = `/subscriptions/${SUB}/resourceGroups/rg1`;
const vmPath = (name: string, api = API) => `${RG}/providers/Microsoft.Compute/virtualMachines/${name}?api-version=${api}`;
const extPath = (vm: string, ext: string) => `${RG}/providers/Microsoft.Compute/virtualMachines/${vm}/extensions/${ext}?api-version=${API}`;
const feature = (action = '') => `/subscriptions/${SUB}/providers/Microsoft.Features/providers/Microsoft.Compute/features/EncryptionAtHost${action}?api-version=2021-07-01`;
const schedulePath = (name: string) => `${RG}/providers/Microsoft.DevTestLab/schedules/${name}?api-version=2018-09-15`;
const nicId = (n: string) => `${RG}/providers/Microsoft.Network/networkInterfaces/${n}`;

function ed25519(): string {
  const raw = generateKeyPairSync('ed25519').publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
  const field = (b: Buffer) => Buffer.concat([Buffer.from([0, 0, 0, b.length]), b]);
  return `ssh-ed25519 ${Buffer.concat([field(Buffer.from('ssh-ed25519')), field(raw)]).toString('base64')} test`;
}

async function world(opts: { outbound?: boolean } = {}): Promise<Harness> {
  const h = await harness();
  await createGroup(h);
  const vnet = { location: 'eastus', properties: { addressSpace: { addressPrefixes: ['10.0.0.0/16'] }, subnets: [{ name: 'jumpbox', properties: { addressPrefix: '10.0.1.0/24', defaultOutboundAccess: opts.outbound ?? true } }] } };
  expect((await h.call('PUT', netPath('rg1', 'virtualNetworks/vnet1'), vnet)).status).toBe(201);
  h.clock.advance(10);
  const nic = { location: 'eastus', properties: { ipConfigurations: [{ name: 'ipconfig1', properties: { subnet: { id: `${RG}/providers/Microsoft.Network/virtualNetworks/vnet1/subnets/jumpbox` } } }] } };
  expect((await h.call('PUT', netPath('rg1', 'networkInterfaces/nic1'), nic)).status).toBe(201);
  h.clock.advance(10);
  return h;
}

const linuxVm = (key = ed25519(), nic = 'nic1') => ({
  location: 'eastus',
  tags: { env: 'dev' },
  identity: { type: 'SystemAssigned' },
  properties: {
    hardwareProfile: { vmSize: 'Standard_B2s' },
    storageProfile: {
      imageReference: { publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server', version: 'latest' },
      osDisk: { name: 'osdisk-jb', createOption: 'FromImage', caching: 'ReadWrite', managedDisk: { storageAccountType: 'Premium_LRS' }, deleteOption: 'Delete' },
    },
    osProfile: {
      computerName: 'jb', adminUsername: 'azureuser',
      linuxConfiguration: { disablePasswordAuthentication: true, ssh: { publicKeys: [{ path: '/home/azureuser/.ssh/authorized_keys', keyData: key }] }, patchSettings: { patchMode: 'AutomaticByPlatform', assessmentMode: 'AutomaticByPlatform' } },
    },
    networkProfile: { networkInterfaces: [{ id: nicId(nic), properties: { primary: true, deleteOption: 'Detach' } }] },
    securityProfile: { securityType: 'TrustedLaunch', uefiSettings: { secureBootEnabled: true, vTpmEnabled: true }, encryptionAtHost: true },
    diagnosticsProfile: { bootDiagnostics: { enabled: true } },
  },
});

async function registerEncryptionAtHost(h: Harness): Promise<void> {
  const r = await h.call('POST', feature('/register'));
  expect(r.status).toBe(200);
  h.clock.advance(3600);
}

describe('Microsoft.Features', () => {
  it('a subscription starts NotRegistered; register moves through Registering to Registered on the clock; unregister back', async () => {
    const h = await harness();
    const first = await h.call('GET', feature());
    expect(first.body).toEqual({ properties: { state: 'NotRegistered' }, id: `/subscriptions/${SUB}/providers/Microsoft.Features/providers/Microsoft.Compute/features/EncryptionAtHost`, type: 'Microsoft.Features/providers/features', name: 'Microsoft.Compute/EncryptionAtHost' });
    expect((await h.call('POST', feature('/register'))).body.properties.state).toBe('Registering');
    h.clock.advance(60);
    expect((await h.call('GET', feature())).body.properties.state).toBe('Registering');
    h.clock.advance(61);
    expect((await h.call('GET', feature())).body.properties.state).toBe('Registered');
    expect((await h.call('POST', feature('/register'))).body.properties.state).toBe('Registered');
    expect((await h.call('POST', feature('/unregister'))).body.properties.state).toBe('Unregistering');
    h.clock.advance(61);
    expect((await h.call('GET', feature())).body.properties.state).toBe('NotRegistered');
    expect((await h.call('GET', `/subscriptions/${SUB}/resources?api-version=2025-04-01`)).body.value).toEqual([]);
    const unknown = await h.call('GET', `/subscriptions/${SUB}/providers/Microsoft.Features/providers/Microsoft.Compute/features/NoSuchThing?api-version=2021-07-01`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('FeatureNotFound');
  });
});

describe('Microsoft.Compute virtual machines', () => {
  it('creates a Linux VM: 201 Creating + Azure-AsyncOperation, an OS disk record managed by it, GET without secrets', async () => {
    const h = await world();
    await registerEncryptionAtHost(h);
    const key = ed25519();
    const r = await h.call('PUT', vmPath('jb'), linuxVm(key));
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.properties.provisioningState).toBe('Creating');
    expect(r.headers['azure-asyncoperation']).toMatch(/\/providers\/Microsoft\.Compute\/locations\/eastus\/operations\/[0-9a-f-]+\?api-version=2024-07-01$/);
    const status = await h.call('GET', rel(r.headers['azure-asyncoperation']));
    expect(status.body.status).toBe('InProgress');
    h.clock.advance(60);
    expect((await h.call('GET', rel(r.headers['azure-asyncoperation']))).body.status).toBe('Succeeded');
    const vm = (await h.call('GET', vmPath('jb'))).body;
    expect(vm.properties.provisioningState).toBe('Succeeded');
    expect(vm.properties.vmId).toMatch(/^[0-9a-f-]{36}$/);
    expect(vm.identity.principalId).toMatch(/^[0-9a-f-]{36}$/);
    expect(vm.properties.osProfile).toMatchObject({ computerName: 'jb', adminUsername: 'azureuser', linuxConfiguration: { disablePasswordAuthentication: true, ssh: { publicKeys: [{ keyData: key }] } } });
    expect(vm.properties.osProfile.adminPassword).toBeUndefined();
    expect(vm.properties.securityProfile).toEqual({ securityType: 'TrustedLaunch', uefiSettings: { secureBootEnabled: true, vTpmEnabled: true }, encryptionAtHost: true });
    expect(vm.properties.storageProfile.imageReference.exactVersion).toBeDefined();
    const disk = (await h.call('GET', `${RG}/providers/Microsoft.Compute/disks/osdisk-jb?api-version=2024-03-02`)).body;
    expect(disk.managedBy).toBe(vm.id);
    expect(disk.properties).toMatchObject({ diskState: 'Attached', osType: 'Linux', hyperVGeneration: 'V2', encryption: { type: 'EncryptionAtRestWithPlatformKey' } });
    expect(vm.properties.storageProfile.osDisk.managedDisk.id).toBe(disk.id);
  });

  it('a Windows VM takes a password that is never rendered; PUT of the same body again is a no-op update', async () => {
    const h = await world();
    const body = {
      location: 'eastus', identity: { type: 'SystemAssigned' },
      properties: {
        hardwareProfile: { vmSize: 'Standard_D2s_v5' },
        storageProfile: { imageReference: { publisher: 'MicrosoftWindowsServer', offer: 'WindowsServer', sku: '2022-datacenter-azure-edition', version: 'latest' }, osDisk: { name: 'osdisk-win', createOption: 'FromImage' } },
        osProfile: { computerName: 'jb-win', adminUsername: 'azureuser', adminPassword: 'Corr3ct-Horse-Battery', windowsConfiguration: { provisionVMAgent: true, enableAutomaticUpdates: true, patchSettings: { patchMode: 'AutomaticByPlatform' } } },
        networkProfile: { networkInterfaces: [{ id: nicId('nic1') }] },
      },
    };
    const r = await h.call('PUT', vmPath('jbwin'), body);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(JSON.stringify(r.body)).not.toContain('Corr3ct');
    h.clock.advance(60);
    const again = await h.call('PUT', vmPath('jbwin'), body);
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(again.body.properties.provisioningState).toBe('Updating');
    h.clock.advance(60);
    const got = (await h.call('GET', vmPath('jbwin'))).body;
    expect(got.properties.osProfile.windowsConfiguration.patchSettings.patchMode).toBe('AutomaticByPlatform');
    expect(JSON.stringify(got)).not.toContain('adminPassword');
  });

  it('PATCH changes size and tags; DELETE (202) removes the VM and its Delete-option disk, leaves the Detach NIC', async () => {
    const h = await world();
    await registerEncryptionAtHost(h);
    await h.call('PUT', vmPath('jb'), linuxVm());
    h.clock.advance(60);
    const p = await h.call('PATCH', vmPath('jb'), { tags: { env: 'prod' }, properties: { hardwareProfile: { vmSize: 'Standard_B2ms' } } });
    expect(p.status, JSON.stringify(p.body)).toBe(200);
    h.clock.advance(60);
    const vm = (await h.call('GET', vmPath('jb'))).body;
    expect(vm.tags).toEqual({ env: 'prod' });
    expect(vm.properties.hardwareProfile.vmSize).toBe('Standard_B2ms');
    const d = await h.call('DELETE', vmPath('jb'));
    expect(d.status).toBe(202);
    expect(d.headers.location).toContain('monitor=true');
    h.clock.advance(45);
    expect((await h.call('GET', vmPath('jb'))).status).toBe(404);
    expect((await h.call('GET', `${RG}/providers/Microsoft.Compute/disks/osdisk-jb?api-version=2024-03-02`)).status).toBe(404);
    expect((await h.call('GET', netPath('rg1', 'networkInterfaces/nic1'))).status).toBe(200);
  });
});

describe('Entra ID sign-in extension', () => {
  it('installs AADSSHLoginForLinux when the subnet reaches packages.microsoft.com', async () => {
    const h = await world();
    await registerEncryptionAtHost(h);
    await h.call('PUT', vmPath('jb'), linuxVm());
    h.clock.advance(60);
    const body = { location: 'eastus', properties: { publisher: 'Microsoft.Azure.ActiveDirectory', type: 'AADSSHLoginForLinux', typeHandlerVersion: '1.0', autoUpgradeMinorVersion: true } };
    const r = await h.call('PUT', extPath('jb', 'AADSSHLoginForLinux'), body);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.properties.provisioningState).toBe('Creating');
    h.clock.advance(60);
    expect((await h.call('GET', rel(r.headers['azure-asyncoperation']))).body.status).toBe('Succeeded');
    expect((await h.call('GET', extPath('jb', 'AADSSHLoginForLinux'))).body.properties.provisioningState).toBe('Succeeded');
    expect((await h.call('GET', vmPath('jb'))).body.resources).toEqual([{ id: `${RG}/providers/Microsoft.Compute/virtualMachines/jb/extensions/AADSSHLoginForLinux` }]);
  });

  it('fails with VMExtensionProvisioningError naming the host when the subnet has no way out', async () => {
    const h = await world({ outbound: false });
    await registerEncryptionAtHost(h);
    await h.call('PUT', vmPath('jb'), linuxVm());
    h.clock.advance(60);
    const r = await h.call('PUT', extPath('jb', 'AADSSHLoginForLinux'), { location: 'eastus', properties: { publisher: 'Microsoft.Azure.ActiveDirectory', type: 'AADSSHLoginForLinux', typeHandlerVersion: '1.0' } });
    expect(r.status).toBe(201);
    h.clock.advance(60);
    const status = (await h.call('GET', rel(r.headers['azure-asyncoperation']))).body;
    expect(status.status).toBe('Failed');
    expect(status.error.code).toBe('VMExtensionProvisioningError');
    expect(status.error.message).toContain('packages.microsoft.com:443');
    expect((await h.call('GET', extPath('jb', 'AADSSHLoginForLinux'))).body.properties.provisioningState).toBe('Failed');
  });

  it('fails the same way without a system-assigned identity', async () => {
    const h = await world();
    await registerEncryptionAtHost(h);
    const { identity: _none, ...noIdentity } = linuxVm();
    await h.call('PUT', vmPath('jb'), noIdentity);
    h.clock.advance(60);
    const r = await h.call('PUT', extPath('jb', 'AADSSHLoginForLinux'), { location: 'eastus', properties: { publisher: 'Microsoft.Azure.ActiveDirectory', type: 'AADSSHLoginForLinux', typeHandlerVersion: '1.0' } });
    h.clock.advance(60);
    const status = (await h.call('GET', rel(r.headers['azure-asyncoperation']))).body;
    expect(status.error.code).toBe('VMExtensionProvisioningError');
    expect(status.error.message).toContain('system-assigned managed identity');
  });
});

describe('Entra ID sign-in on Windows', () => {
  it('AADLoginForWindows 2.0 fails on a subnet without a way out, naming the device registration host', async () => {
    const h = await world({ outbound: false });
    const win = {
      location: 'eastus', identity: { type: 'SystemAssigned' },
      properties: {
        hardwareProfile: { vmSize: 'Standard_D2s_v5' },
        storageProfile: { imageReference: { publisher: 'MicrosoftWindowsServer', offer: 'WindowsServer', sku: '2022-datacenter-azure-edition', version: 'latest' } },
        osProfile: { computerName: 'jb-win', adminUsername: 'azureuser', adminPassword: 'Corr3ct-Horse-Battery' },
        networkProfile: { networkInterfaces: [{ id: nicId('nic1') }] },
      },
    };
    expect((await h.call('PUT', vmPath('jbwin'), win)).status).toBe(201);
    h.clock.advance(60);
    const r = await h.call('PUT', extPath('jbwin', 'AADLoginForWindows'), { location: 'eastus', properties: { publisher: 'Microsoft.Azure.ActiveDirectory', type: 'AADLoginForWindows', typeHandlerVersion: '2.0', autoUpgradeMinorVersion: true } });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    h.clock.advance(60);
    const status = (await h.call('GET', rel(r.headers['azure-asyncoperation']))).body;
    expect(status.error.code).toBe('VMExtensionProvisioningError');
    expect(status.error.message).toContain('enterpriseregistration.windows.net:443');
    expect(status.error.message).toContain('vmextensionwindowstroubleshoot');
  });
});

describe('Microsoft.DevTestLab auto-shutdown', () => {
  it('creates shutdown-computevm-<vm> synchronously (201, then 200) and lists it', async () => {
    const h = await world();
    await registerEncryptionAtHost(h);
    await h.call('PUT', vmPath('jb'), linuxVm());
    h.clock.advance(60);
    const body = { location: 'eastus', properties: { status: 'Enabled', taskType: 'ComputeVmShutdownTask', dailyRecurrence: { time: '1900' }, timeZoneId: 'W. Europe Standard Time', targetResourceId: `${RG}/providers/Microsoft.Compute/virtualMachines/jb`, notificationSettings: { status: 'Disabled', timeInMinutes: 30 } } };
    const r = await h.call('PUT', schedulePath('shutdown-computevm-jb'), body);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.properties).toMatchObject({ provisioningState: 'Succeeded', dailyRecurrence: { time: '1900' }, timeZoneId: 'W. Europe Standard Time' });
    expect((await h.call('PUT', schedulePath('shutdown-computevm-jb'), body)).status).toBe(200);
    expect((await h.call('GET', `${RG}/providers/Microsoft.DevTestLab/schedules?api-version=2018-09-15`)).body.value).toHaveLength(1);
  });
});

describe('the generic ARM client (as the jumpbox step uses it)', () => {
  it('creates, patches and deletes the VM and installs the extension through beginCreateOrUpdateById / beginUpdateById / beginDeleteById', async () => {
    const sim = await ArmSimulator.open({ dir: await tempDir(), timeScale: 0.001 });
    const client = new ResourceManagementClient(credential, SUB, { httpClient: httpClient(sim) });
    const poll = { updateIntervalInMs: 5 };
    await client.resourceGroups.createOrUpdate('rg1', { location: 'eastus' });
    const vnetId = `${RG}/providers/Microsoft.Network/virtualNetworks/vnet1`;
    await client.resources.beginCreateOrUpdateByIdAndWait(vnetId, '2025-05-01', { location: 'eastus', properties: { addressSpace: { addressPrefixes: ['10.0.0.0/16'] }, subnets: [{ name: 'jumpbox', properties: { addressPrefix: '10.0.1.0/24' } }] } }, poll);
    await client.resources.beginCreateOrUpdateByIdAndWait(nicId('nic1'), '2025-05-01', { location: 'eastus', properties: { ipConfigurations: [{ name: 'ipconfig1', properties: { subnet: { id: `${vnetId}/subnets/jumpbox` } } }] } }, poll);
    const reg = await sim.handle({ method: 'POST', url: `https://management.azure.com${feature('/register')}`, headers: { authorization: 'Bearer t' } });
    expect(reg.status).toBe(200);
    await pollUntil(async () => JSON.parse((await sim.handle({ method: 'GET', url: `https://management.azure.com${feature()}`, headers: { authorization: 'Bearer t' } })).body ?? '{}').properties?.state === 'Registered', 'EncryptionAtHost registered');
    const id = `${RG}/providers/Microsoft.Compute/virtualMachines/jb`;
    const vm = await client.resources.beginCreateOrUpdateByIdAndWait(id, API, linuxVm() as GenericResource, poll);
    expect(vm.properties).toMatchObject({ provisioningState: 'Succeeded', hardwareProfile: { vmSize: 'Standard_B2s' } });
    const ext = await client.resources.beginCreateOrUpdateByIdAndWait(`${id}/extensions/AADSSHLoginForLinux`, API, { location: 'eastus', properties: { publisher: 'Microsoft.Azure.ActiveDirectory', type: 'AADSSHLoginForLinux', typeHandlerVersion: '1.0', autoUpgradeMinorVersion: true } }, poll);
    expect(ext.properties).toMatchObject({ provisioningState: 'Succeeded' });
    const patched = await client.resources.beginUpdateByIdAndWait(id, API, { tags: { env: 'prod' }, identity: { type: 'SystemAssigned' }, properties: { hardwareProfile: { vmSize: 'Standard_B2ms' } } }, poll);
    expect(patched.tags).toEqual({ env: 'prod' });
    expect((await client.resources.getById(id, API)).properties).toMatchObject({ hardwareProfile: { vmSize: 'Standard_B2ms' } });
    await client.resources.beginDeleteByIdAndWait(id, API, poll);
    await expect(client.resources.getById(id, API)).rejects.toMatchObject({ statusCode: 404 });
  });
});
