// Compute, DevTest Labs and Features refusals, each with Azure's status, code and wording (SPEC.md "Microsoft.Compute").
import { generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'vitest';
import { expectRefused } from './refusal-helpers.js';
import { SUB, createGroup, harness, netPath, type Harness } from './helpers.js';

const API = '2024-07-01';
const RG = `/subscriptions/${SUB}/resourceGroups/rg1`;
const vmPath = (name: string) => `${RG}/providers/Microsoft.Compute/virtualMachines/${name}?api-version=${API}`;
const nicId = (n: string) => `${RG}/providers/Microsoft.Network/networkInterfaces/${n}`;

function sshKey(type: 'ed25519' | 'rsa1024' | 'rsa2048'): string {
  const field = (b: Buffer) => { const l = Buffer.alloc(4); l.writeUInt32BE(b.length); return Buffer.concat([l, b]); };
  if (type === 'ed25519') {
    const raw = generateKeyPairSync('ed25519').publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
    return `ssh-ed25519 ${Buffer.concat([field(Buffer.from('ssh-ed25519')), field(raw)]).toString('base64')}`;
  }
  const jwk = generateKeyPairSync('rsa', { modulusLength: type === 'rsa1024' ? 1024 : 2048 }).publicKey.export({ format: 'jwk' });
  const n = Buffer.concat([Buffer.from([0]), Buffer.from(jwk.n as string, 'base64url')]);
  return `ssh-rsa ${Buffer.concat([field(Buffer.from('ssh-rsa')), field(Buffer.from(jwk.e as string, 'base64url')), field(n)]).toString('base64')}`;
}

async function world(): Promise<Harness> {
  const h = await harness();
  await createGroup(h);
  await h.call('PUT', netPath('rg1', 'virtualNetworks/vnet1'), { location: 'eastus', properties: { addressSpace: { addressPrefixes: ['10.0.0.0/16'] }, subnets: [{ name: 's1', properties: { addressPrefix: '10.0.1.0/24' } }] } });
  h.clock.advance(10);
  for (const n of ['nic1', 'nic2']) {
    await h.call('PUT', netPath('rg1', `networkInterfaces/${n}`), { location: 'eastus', properties: { ipConfigurations: [{ name: 'ipconfig1', properties: { subnet: { id: `${RG}/providers/Microsoft.Network/virtualNetworks/vnet1/subnets/s1` } } }] } });
  }
  h.clock.advance(10);
  return h;
}

type Body = { location: string; identity?: unknown; properties: Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any

const linux = (over: { key?: string; nic?: string; disk?: string; sku?: string; security?: unknown; size?: string; user?: string; computerName?: string; deleteOption?: string } = {}): Body => ({
  location: 'eastus',
  identity: { type: 'SystemAssigned' },
  properties: {
    hardwareProfile: { vmSize: over.size ?? 'Standard_B2s' },
    storageProfile: { imageReference: { publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: over.sku ?? 'server', version: 'latest' }, osDisk: { name: over.disk ?? 'osdisk-jb', createOption: 'FromImage', deleteOption: over.deleteOption ?? 'Delete' } },
    osProfile: { computerName: over.computerName ?? 'jb', adminUsername: over.user ?? 'azureuser', linuxConfiguration: { disablePasswordAuthentication: true, ssh: { publicKeys: [{ path: `/home/${over.user ?? 'azureuser'}/.ssh/authorized_keys`, keyData: over.key ?? sshKey('ed25519') }] } } },
    networkProfile: { networkInterfaces: [{ id: nicId(over.nic ?? 'nic1') }] },
    ...(over.security ? { securityProfile: over.security } : {}),
  },
});

const windows = (password: string, computerName = 'jb-win'): Body => ({
  location: 'eastus',
  properties: {
    hardwareProfile: { vmSize: 'Standard_D2s_v5' },
    storageProfile: { imageReference: { publisher: 'MicrosoftWindowsServer', offer: 'WindowsServer', sku: '2022-datacenter-azure-edition', version: 'latest' } },
    osProfile: { computerName, adminUsername: 'azureuser', adminPassword: password, windowsConfiguration: { provisionVMAgent: true } },
    networkProfile: { networkInterfaces: [{ id: nicId('nic2') }] },
  },
});

describe('Microsoft.Compute/virtualMachines refusals', () => {
  it('encryption at host without the subscription feature: 400 InvalidParameter', async () => {
    const h = await world();
    const r = await h.call('PUT', vmPath('jb'), linux({ security: { encryptionAtHost: true } }));
    expectRefused(r, 400, 'InvalidParameter', "'Microsoft.Compute/EncryptionAtHost' feature is not enabled for this subscription");
  });

  it('credentials: weak Windows password, disallowed user name, bad or short SSH keys, keyless Linux, long Windows computer name', async () => {
    const h = await world();
    expectRefused(await h.call('PUT', vmPath('w1'), windows('short1A!')), 400, 'InvalidParameter', 'The supplied password must be between 8-123 characters long');
    expectRefused(await h.call('PUT', vmPath('w1'), windows('alllowercaseletters')), 400, 'InvalidParameter', 'at least 3 of password complexity requirements');
    expectRefused(await h.call('PUT', vmPath('w1'), windows('Corr3ct-Horse-Battery', 'a-very-long-windows-name')), 400, 'InvalidParameter', 'Windows computer name cannot be more than 15 characters long');
    expectRefused(await h.call('PUT', vmPath('jb'), linux({ user: 'admin' })), 400, 'InvalidParameter', 'The Admin Username specified is not allowed.');
    expectRefused(await h.call('PUT', vmPath('jb'), linux({ key: 'ssh-ed25519 AAAAnotakey' })), 400, 'InvalidParameter', 'The value of parameter linuxConfiguration.ssh.publicKeys.keyData is invalid.');
    expectRefused(await h.call('PUT', vmPath('jb'), linux({ key: sshKey('rsa1024') })), 400, 'InvalidParameter', 'linuxConfiguration.ssh.publicKeys.keyData is invalid');
    expectRefused(await h.call('PUT', vmPath('jb'), linux({ computerName: 'bad_name!' })), 400, 'InvalidParameter', 'Linux host name cannot exceed 64 characters');
    const keyless = linux();
    keyless.properties.osProfile.linuxConfiguration.ssh.publicKeys = [];
    expectRefused(await h.call('PUT', vmPath('jb'), keyless), 400, 'InvalidParameter', 'Authentication using either SSH or by user name and password must be enabled in Linux profile.');
    // A 2048-bit RSA key is accepted.
    const ok = await h.call('PUT', vmPath('jb'), linux({ key: sshKey('rsa2048') }));
    if (ok.status !== 201) throw new Error(JSON.stringify(ok.body));
  });

  it('image, size and Trusted Launch: PlatformImageNotFound 404, SkuNotAvailable 409, Gen1 + TrustedLaunch 400 BadRequest', async () => {
    const h = await world();
    expectRefused(await h.call('PUT', vmPath('jb'), linux({ sku: 'no-such-sku' })), 404, 'PlatformImageNotFound', "The platform image 'Canonical:ubuntu-24_04-lts:no-such-sku:latest' is not available.");
    expectRefused(await h.call('PUT', vmPath('jb'), linux({ size: 'Standard_Z99' })), 409, 'SkuNotAvailable', "is currently not available in location 'eastus'");
    const gen1 = linux({ sku: 'server-gen1', security: { securityType: 'TrustedLaunch', uefiSettings: { secureBootEnabled: true, vTpmEnabled: true } } });
    expectRefused(await h.call('PUT', vmPath('jb'), gen1), 400, 'BadRequest', 'Use of TrustedLaunch setting is not supported for the provided image.');
  });

  it('NICs: missing (404 NotFound), used by another VM (400 NicInUse)', async () => {
    const h = await world();
    expectRefused(await h.call('PUT', vmPath('jb'), linux({ nic: 'ghost' })), 404, 'NotFound', `Resource ${nicId('ghost')} not found.`);
    const first = await h.call('PUT', vmPath('jb'), linux());
    if (first.status !== 201) throw new Error(JSON.stringify(first.body));
    h.clock.advance(60);
    expectRefused(await h.call('PUT', vmPath('jb2'), linux({ disk: 'osdisk-jb2' })), 400, 'NicInUse', `Network Interface ${nicId('nic1')} is used by existing VM`);
  });

  it('immutable properties on update: 409 PropertyChangeNotAllowed; the OS disk: taken name 409 ConflictingUserInput, attached delete 409 OperationNotAllowed', async () => {
    const h = await world();
    const body = linux({ deleteOption: 'Detach' });
    await h.call('PUT', vmPath('jb'), body);
    h.clock.advance(60);
    const renamed = structuredClone(body);
    renamed.properties.osProfile.adminUsername = 'someoneelse';
    renamed.properties.osProfile.linuxConfiguration.ssh.publicKeys[0].path = '/home/someoneelse/.ssh/authorized_keys';
    expectRefused(await h.call('PUT', vmPath('jb'), renamed), 409, 'PropertyChangeNotAllowed', "Changing property 'osProfile.adminUsername' is not allowed.");
    const reimaged = structuredClone(body);
    reimaged.properties.storageProfile.imageReference.sku = 'server-gen1';
    expectRefused(await h.call('PUT', vmPath('jb'), reimaged), 409, 'PropertyChangeNotAllowed', "Changing property 'imageReference' is not allowed.");
    expectRefused(await h.call('PATCH', vmPath('jb'), { properties: { securityProfile: { encryptionAtHost: true } } }), 409, 'PropertyChangeNotAllowed', "Changing property 'securityProfile.encryptionAtHost' is not allowed.");
    expectRefused(await h.call('DELETE', `${RG}/providers/Microsoft.Compute/disks/osdisk-jb?api-version=2024-03-02`), 409, 'OperationNotAllowed', 'is attached to VM');
    await h.call('DELETE', vmPath('jb'));
    h.clock.advance(60);
    expectRefused(await h.call('PUT', vmPath('jb'), body), 409, 'ConflictingUserInput', 'Disk osdisk-jb already exists');
  });
});

describe('virtual machine extension refusals', () => {
  it('an extension not in the repository for the VM OS: 404 ArtifactNotFound', async () => {
    const h = await world();
    const w = await h.call('PUT', vmPath('w1'), windows('Corr3ct-Horse-Battery'));
    if (w.status !== 201) throw new Error(JSON.stringify(w.body));
    h.clock.advance(60);
    const r = await h.call('PUT', `${RG}/providers/Microsoft.Compute/virtualMachines/w1/extensions/AADSSHLoginForLinux?api-version=${API}`, { location: 'eastus', properties: { publisher: 'Microsoft.Azure.ActiveDirectory', type: 'AADSSHLoginForLinux', typeHandlerVersion: '1.0' } });
    expectRefused(r, 404, 'ArtifactNotFound', "Extension with publisher 'Microsoft.Azure.ActiveDirectory', type 'AADSSHLoginForLinux'");
    const missing = await h.call('GET', `${RG}/providers/Microsoft.Compute/virtualMachines/w1/extensions/nothing?api-version=${API}`);
    expectRefused(missing, 404, 'NotFound', 'The entity was not found in this Azure location.');
  });
});

describe('Microsoft.DevTestLab schedule refusals', () => {
  it('name, time and time zone: 400 InvalidParameter', async () => {
    const h = await world();
    const w = await h.call('PUT', vmPath('w1'), windows('Corr3ct-Horse-Battery'));
    if (w.status !== 201) throw new Error(JSON.stringify(w.body));
    h.clock.advance(60);
    const body = (time: string, tz: string) => ({ location: 'eastus', properties: { status: 'Enabled', taskType: 'ComputeVmShutdownTask', dailyRecurrence: { time }, timeZoneId: tz, targetResourceId: `${RG}/providers/Microsoft.Compute/virtualMachines/w1`, notificationSettings: { status: 'Disabled', timeInMinutes: 30 } } });
    const path = (n: string) => `${RG}/providers/Microsoft.DevTestLab/schedules/${n}?api-version=2018-09-15`;
    expectRefused(await h.call('PUT', path('nightly'), body('1900', 'UTC')), 400, 'InvalidParameter', "must be named 'shutdown-computevm-w1'");
    expectRefused(await h.call('PUT', path('shutdown-computevm-w1'), body('19:00', 'UTC')), 400, 'InvalidParameter', "The daily recurrence time '19:00' is not valid");
    expectRefused(await h.call('PUT', path('shutdown-computevm-w1'), body('1900', 'Mars/Olympus')), 400, 'InvalidParameter', "The time zone id 'Mars/Olympus' is not a valid Windows time zone id.");
    const orphan = { ...body('1900', 'UTC'), properties: { ...body('1900', 'UTC').properties, targetResourceId: `${RG}/providers/Microsoft.Compute/virtualMachines/ghost` } };
    expectRefused(await h.call('PUT', path('shutdown-computevm-ghost'), orphan), 400, 'InvalidParameter', 'must be an existing virtual machine');
  });
});
