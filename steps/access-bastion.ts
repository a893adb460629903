// access.mode bastion: Azure Bastion Standard with native-client tunnelling (`az network bastion ssh`
// / `rdp`), and a jumpbox VM with no public IP that people sign in to with their Entra ID account
// (AADSSHLoginForLinux / AADLoginForWindows and the Virtual Machine User Login role). Seeds 001 §4, 002.
// https://learn.microsoft.com/azure/bastion/connect-vm-native-client-linux;
// https://learn.microsoft.com/entra/identity/devices/howto-vm-sign-in-azure-ad-linux.
// The jumpbox has no usable local credential: the admin key or password is generated for the create
// call and thrown away (never shown, logged or stored), so Entra ID, with its conditional access and
// the role assignments below, is the only way in.
import { generateKeyPairSync, randomBytes, randomInt } from 'node:crypto';
import type { BastionHost, NetworkInterface, NetworkManagementClient, PublicIPAddress } from '@azure/arm-network';
import type { GenericResource } from '@azure/arm-resources';
import { diffSubset } from '../src/engine/diff.js';
import { SecureAmlError } from '../src/errors.js';
import { runLro } from './support/lro.js';
import { isBastion, loginPort, type JumpboxOs } from './access.js';
import { rgId, type Ctx, type StepEnv, tagsFor } from './env.js';
import type { ResourceModule, SummaryItem, SummaryView } from './module.js';
import { armResourceStep, type ArmBody } from './support/arm-resource.js';
import { API } from './support/ids.js';
import { resolvedPrincipal } from '../src/config/fields.js';
import { roleAssignmentsStep, ROLES, type Assignment } from './support/role-assignment.js';
import { rgName, sdkStep } from './support/sdk-step.js';
import { subnetId } from './vnet.js';
import { encryptionAtHostStep, ENCRYPTION_AT_HOST_STEP } from './support/encryption-at-host.js';

const bastionOn = (env: StepEnv) => isBastion(env.config);
const net = (env: StepEnv) => `${rgId(env)}/providers/Microsoft.Network`;
export const jumpboxId = (env: StepEnv) => `${rgId(env)}/providers/Microsoft.Compute/virtualMachines/${env.names.jumpbox}`;
export const bastionId = (env: StepEnv) => `${net(env)}/bastionHosts/${env.names.bastion}`;
const nicId = (env: StepEnv) => `${net(env)}/networkInterfaces/${env.names.jumpboxNic}`;

/** Built-in roles for Entra ID sign-in to VMs (https://learn.microsoft.com/azure/role-based-access-control/built-in-roles/compute). */
export const VM_LOGIN_ROLES = {
  user: 'fb879df8-f326-4884-b1cf-06f3ad86be52',
  administrator: '1c0163c0-47e6-4577-8991-ea5c82e286e4',
} as const;

/**
 * Marketplace images, all Gen2 so Trusted Launch applies: Ubuntu 24.04 LTS, Windows Server 2025 Azure Edition
 * (the Windows release Learn's current Entra sign-in page lists for servers,
 * https://learn.microsoft.com/entra/identity/devices/howto-vm-sign-in-azure-ad-windows), the Ubuntu 22.04 Data Science VM.
 */
export const JUMPBOX_IMAGES: Record<JumpboxOs, { publisher: string; offer: string; sku: string; version: string }> = {
  linux: { publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server', version: 'latest' },
  windows: { publisher: 'MicrosoftWindowsServer', offer: 'WindowsServer', sku: '2025-datacenter-azure-edition', version: 'latest' },
  dsvm: { publisher: 'microsoft-dsvm', offer: 'ubuntu-2204', sku: '2204-gen2', version: 'latest' },
};

/** The Entra ID sign-in extension per image family. */
export function loginExtension(os: JumpboxOs): { name: string; publisher: string; type: string; typeHandlerVersion: string } {
  return os === 'windows'
    ? { name: 'AADLoginForWindows', publisher: 'Microsoft.Azure.ActiveDirectory', type: 'AADLoginForWindows', typeHandlerVersion: '2.0' }
    : { name: 'AADSSHLoginForLinux', publisher: 'Microsoft.Azure.ActiveDirectory', type: 'AADSSHLoginForLinux', typeHandlerVersion: '1.0' };
}

const ADMIN_USER = 'azureuser';

const bastionPublicIpStep = sdkStep<NetworkManagementClient, PublicIPAddress, PublicIPAddress>({
  id: 'bastion-public-ip',
  title: 'Bastion public IP (Standard, static)',
  dependsOn: ['resource-group'],
  enabled: bastionOn,
  typicalSeconds: 5,
  resourceId: (env) => `${net(env)}/publicIPAddresses/${env.names.bastionPublicIp}`,
  client: (c) => c.network(),
  body: (ctx): PublicIPAddress => ({ location: ctx.env.config.location, tags: tagsFor(ctx.env), sku: { name: 'Standard', tier: 'Regional' }, publicIPAllocationMethod: 'Static', publicIPAddressVersion: 'IPv4' }),
  read: (c, env) => c.publicIPAddresses.get(rgName(env), env.names.bastionPublicIp),
  put: (c, env, body, o) => c.publicIPAddresses.beginCreateOrUpdate(rgName(env), env.names.bastionPublicIp, body, o),
  del: (c, env, o) => c.publicIPAddresses.beginDeleteAndWait(rgName(env), env.names.bastionPublicIp, o),
  outputs: (o) => ({ ipAddress: o.ipAddress ?? '' }),
});

const bastionStep = sdkStep<NetworkManagementClient, BastionHost, BastionHost>({
  id: 'bastion',
  title: 'Azure Bastion (Standard, native client)',
  dependsOn: ['vnet', 'bastion-public-ip'],
  enabled: bastionOn,
  typicalSeconds: 600,
  resourceId: bastionId,
  client: (c) => c.network(),
  body: (ctx): BastionHost => ({
    location: ctx.env.config.location,
    tags: tagsFor(ctx.env),
    sku: { name: 'Standard' },
    // Native client (az network bastion ssh/rdp) is what the summary prints. It is a TCP tunnel: a signed-in
    // person can copy files and forward ports through it (scp, ssh -L/-D), so the jumpbox is a way to the
    // private endpoints for whoever may sign in to it. The portal-side extras are off: file copy, shareable
    // links, IP-based connections to arbitrary addresses, and copy/paste in browser sessions.
    enableTunneling: true,
    enableFileCopy: false,
    enableIpConnect: false,
    enableShareableLink: false,
    disableCopyPaste: true,
    scaleUnits: 2,
    ipConfigurations: [{ name: 'bastion-ipconfig', subnet: { id: subnetId(ctx.env, 'bastion') }, publicIPAddress: { id: ctx.outputs('bastion-public-ip').id } }],
  }),
  read: (c, env) => c.bastionHosts.get(rgName(env), env.names.bastion),
  put: (c, env, body, o) => c.bastionHosts.beginCreateOrUpdate(rgName(env), env.names.bastion, body, o),
  del: (c, env, o) => c.bastionHosts.beginDeleteAndWait(rgName(env), env.names.bastion, o),
  diff: (desired, observed) => diffSubset(
    { ...desired, ipConfigurations: desired.ipConfigurations?.map((i) => ({ subnet: i.subnet, publicIPAddress: i.publicIPAddress })) },
    { ...pick(observed, desired), ipConfigurations: observed.ipConfigurations?.map((i) => ({ subnet: i.subnet, publicIPAddress: i.publicIPAddress })) },
  ),
  outputs: (o) => ({ dnsName: o.dnsName ?? '' }),
});

function pick<T extends object>(observed: T, desired: object): Record<string, unknown> {
  return Object.fromEntries(Object.keys(desired).map((k) => [k, (observed as Record<string, unknown>)[k]]));
}

const jumpboxNicStep = sdkStep<NetworkManagementClient, NetworkInterface, NetworkInterface>({
  id: 'jumpbox-nic',
  title: 'Jumpbox network interface (no public IP)',
  // The route to the firewall comes first: the sign-in extension installs over it.
  dependsOn: ['vnet', 'egress-route-association'],
  enabled: bastionOn,
  typicalSeconds: 5,
  resourceId: nicId,
  client: (c) => c.network(),
  body: (ctx): NetworkInterface => ({
    location: ctx.env.config.location,
    tags: tagsFor(ctx.env),
    enableIPForwarding: false,
    ipConfigurations: [{ name: 'ipconfig1', primary: true, privateIPAllocationMethod: 'Dynamic', subnet: { id: subnetId(ctx.env, 'jumpbox') } }],
  }),
  read: (c, env) => c.networkInterfaces.get(rgName(env), env.names.jumpboxNic),
  put: (c, env, body, o) => c.networkInterfaces.beginCreateOrUpdate(rgName(env), env.names.jumpboxNic, body, o),
  del: (c, env, o) => c.networkInterfaces.beginDeleteAndWait(rgName(env), env.names.jumpboxNic, o),
  diff: (desired, observed) => diffSubset(
    { location: desired.location, tags: desired.tags, enableIPForwarding: false, subnet: desired.ipConfigurations?.[0]?.subnet?.id?.toLowerCase(), publicIp: undefined },
    { location: observed.location, tags: observed.tags, enableIPForwarding: observed.enableIPForwarding ?? false, subnet: observed.ipConfigurations?.[0]?.subnet?.id?.toLowerCase(), publicIp: observed.ipConfigurations?.[0]?.publicIPAddress?.id },
  ),
  outputs: (o) => ({ privateIp: o.ipConfigurations?.[0]?.privateIPAddress ?? '' }),
});

/** An OpenSSH ed25519 public key whose private half is dropped at once (Azure needs a credential at create). */
function throwawaySshKey(): string {
  const { publicKey } = generateKeyPairSync('ed25519');
  const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
  const field = (b: Buffer) => { const l = Buffer.alloc(4); l.writeUInt32BE(b.length); return Buffer.concat([l, b]); };
  return `ssh-ed25519 ${Buffer.concat([field(Buffer.from('ssh-ed25519')), field(raw)]).toString('base64')} secure-aml-discarded`;
}

/** A Windows admin password that meets Azure's complexity rule (12-123 chars, 3 of 4 classes), never kept. */
function throwawayPassword(): string {
  const one = (chars: string) => chars[randomInt(chars.length)];
  const base = randomBytes(24).toString('base64url');
  return `${base}${one('ABCDEFGHJKLMNPQRSTUVWXYZ')}${one('abcdefghijkmnopqrstuvwxyz')}${one('23456789')}${one('!@#%^*-_=+')}`;
}

/** What plan shows and diff compares: everything but the credentials, which only the create call carries. */
function jumpboxBody(ctx: Ctx): ArmBody {
  const env = ctx.env;
  const j = env.config.access.jumpbox;
  return {
    location: env.config.location,
    tags: tagsFor(env),
    // The sign-in extensions need the VM's system identity (Learn howto-vm-sign-in-azure-ad-linux, Requirements).
    identity: { type: 'SystemAssigned' },
    properties: {
      hardwareProfile: { vmSize: j.vmSize },
      storageProfile: {
        imageReference: JUMPBOX_IMAGES[j.os],
        osDisk: { name: `osdisk-${env.names.jumpbox}`, createOption: 'FromImage', caching: 'ReadWrite', managedDisk: { storageAccountType: 'Premium_LRS' }, deleteOption: 'Delete' },
      },
      networkProfile: { networkInterfaces: [{ id: ctx.outputs('jumpbox-nic').id, properties: { primary: true, deleteOption: 'Detach' } }] },
      // Trusted Launch (secure boot, vTPM) and encryption at host: temp disks and caches are encrypted
      // too, which server-side encryption alone does not do; Microsoft recommends it over Azure Disk
      // Encryption, which retires in 2028 (https://learn.microsoft.com/azure/virtual-machines/disk-encryption-overview).
      securityProfile: { securityType: 'TrustedLaunch', uefiSettings: { secureBootEnabled: true, vTpmEnabled: true }, encryptionAtHost: true },
      diagnosticsProfile: { bootDiagnostics: { enabled: true } },
    },
  };
}

function withCredentials(ctx: Ctx, body: ArmBody): ArmBody {
  const env = ctx.env;
  const windows = env.config.access.jumpbox.os === 'windows';
  const osProfile = windows
    ? { computerName: env.names.jumpbox, adminUsername: ADMIN_USER, adminPassword: throwawayPassword(), windowsConfiguration: { provisionVMAgent: true, enableAutomaticUpdates: true, patchSettings: { patchMode: 'AutomaticByPlatform' } } }
    : {
        computerName: env.names.jumpbox, adminUsername: ADMIN_USER,
        linuxConfiguration: {
          disablePasswordAuthentication: true,
          ssh: { publicKeys: [{ path: `/home/${ADMIN_USER}/.ssh/authorized_keys`, keyData: throwawaySshKey() }] },
          // Platform patching takes only images on Azure's supported list, which names Ubuntu, not the Data
          // Science VM (https://learn.microsoft.com/azure/virtual-machines/automatic-vm-guest-patching#supported-os-images).
          patchSettings: env.config.access.jumpbox.os === 'dsvm' ? { patchMode: 'ImageDefault' } : { patchMode: 'AutomaticByPlatform', assessmentMode: 'AutomaticByPlatform' },
        },
      };
  return { ...body, properties: { ...body.properties, osProfile } };
}

const jumpboxVm = armResourceStep({
  id: 'jumpbox',
  title: 'Jumpbox VM (no public IP, Entra ID sign-in, encryption at host)',
  dependsOn: ['jumpbox-nic', ENCRYPTION_AT_HOST_STEP],
  apiVersion: API.compute,
  typicalSeconds: 120,
  enabled: bastionOn,
  resourceId: jumpboxId,
  body: jumpboxBody,
  // Compared: size, tags, identity, security and the image; the image is fixed at create, so a different
  // one shows as a change that apply refuses with the way to get there (the update below).
  diff: (desired, observed) => {
    const d = desired.properties as Record<string, Record<string, unknown>>;
    const o = (observed.properties ?? {}) as Record<string, Record<string, unknown>>;
    return diffSubset(
      { tags: desired.tags, identity: { type: 'SystemAssigned' }, vmSize: d.hardwareProfile.vmSize, image: d.storageProfile.imageReference, securityProfile: d.securityProfile, bootDiagnostics: true },
      {
        tags: observed.tags, identity: { type: (observed.identity as { type?: string } | undefined)?.type }, vmSize: o.hardwareProfile?.vmSize,
        image: o.storageProfile?.imageReference && pick(o.storageProfile.imageReference as object, d.storageProfile.imageReference as object),
        securityProfile: o.securityProfile, bootDiagnostics: (o.diagnosticsProfile?.bootDiagnostics as { enabled?: boolean } | undefined)?.enabled,
      },
    );
  },
  outputs: (o) => ({ principalId: String((o.identity as { principalId?: string } | undefined)?.principalId ?? '') }),
});

/**
 * Create: PUT with the throwaway credential. Update: PATCH of what may change (size, tags, identity,
 * security), so no credential is ever sent again and immutable profiles are left alone.
 */
const jumpboxStep: typeof jumpboxVm = {
  ...jumpboxVm,
  apply: async (ctx, desired, observed) => {
    if (!observed) return jumpboxVm.apply(ctx, withCredentials(ctx, desired), observed);
    const want = (desired.properties as { storageProfile: { imageReference: Record<string, string> } }).storageProfile.imageReference;
    const have = ((observed.properties ?? {}) as { storageProfile?: { imageReference?: Record<string, string> } }).storageProfile?.imageReference ?? {};
    if (['publisher', 'offer', 'sku'].some((k) => String(have[k] ?? '').toLowerCase() !== want[k].toLowerCase())) {
      throw new SecureAmlError(
        `The jumpbox ${ctx.env.names.jumpbox} runs ${have.publisher}:${have.offer}:${have.sku}; a VM's image cannot change in place (access.jumpbox.os asks for ${want.publisher}:${want.offer}:${want.sku}).`,
        'Apply once with access.mode none (the jumpbox is deleted), then again with access.mode bastion and the new image.',
      );
    }
    const client = await ctx.env.clients.resources();
    const p = desired.properties as Record<string, unknown>;
    const patch: GenericResource = { tags: desired.tags, identity: desired.identity, properties: { hardwareProfile: p.hardwareProfile, securityProfile: p.securityProfile, diagnosticsProfile: p.diagnosticsProfile } };
    return runLro(ctx, 'update', jumpboxId(ctx.env), (o) => client.resources.beginUpdateById(jumpboxId(ctx.env), API.compute, patch, o));
  },
};

const loginExtensionStep = armResourceStep({
  id: 'jumpbox-login-extension',
  title: 'Jumpbox Entra ID sign-in extension',
  dependsOn: ['jumpbox'],
  apiVersion: API.compute,
  typicalSeconds: 60,
  enabled: bastionOn,
  resourceId: (env) => `${jumpboxId(env)}/extensions/${loginExtension(env.config.access.jumpbox.os).name}`,
  body: (ctx) => {
    const e = loginExtension(ctx.env.config.access.jumpbox.os);
    return { location: ctx.env.config.location, tags: tagsFor(ctx.env), properties: { publisher: e.publisher, type: e.type, typeHandlerVersion: e.typeHandlerVersion, autoUpgradeMinorVersion: true } };
  },
});

/** "Auto-shutdown" is a DevTestLab schedule named shutdown-computevm-<vm> (what the portal creates). */
const autoShutdownStep = armResourceStep({
  id: 'jumpbox-auto-shutdown',
  title: 'Jumpbox daily auto-shutdown',
  dependsOn: ['jumpbox'],
  apiVersion: API.devTestLab,
  typicalSeconds: 3,
  enabled: (env) => bastionOn(env) && env.config.access.jumpbox.autoShutdown !== 'off',
  resourceId: (env) => `${rgId(env)}/providers/Microsoft.DevTestLab/schedules/shutdown-computevm-${env.names.jumpbox}`,
  body: (ctx) => ({
    location: ctx.env.config.location,
    tags: tagsFor(ctx.env),
    properties: {
      status: 'Enabled',
      taskType: 'ComputeVmShutdownTask',
      dailyRecurrence: { time: ctx.env.config.access.jumpbox.autoShutdown.replace(':', '') },
      timeZoneId: ctx.env.config.access.jumpbox.timeZone,
      targetResourceId: jumpboxId(ctx.env),
      notificationSettings: { status: 'Disabled', timeInMinutes: 30 },
    },
  }),
});

/**
 * Who may sign in: data scientists and super users as users, IT admins as administrators, on the VM
 * only. Bastion also needs Reader on the VM, its NIC and the Bastion host
 * (https://learn.microsoft.com/azure/bastion/bastion-faq#roles).
 */
function jumpboxAssignments(ctx: Ctx): Assignment[] {
  const r = ctx.env.config.roles;
  const vm = jumpboxId(ctx.env);
  const users = [...r.dataScientists, ...r.dataScientistSuperUsers].map(resolvedPrincipal);
  const admins = r.itAdmins.map(resolvedPrincipal);
  const readers = [...users, ...admins];
  return [
    ...users.map((p) => ({ scope: vm, role: VM_LOGIN_ROLES.user, principalId: p.objectId, principalType: p.type })),
    ...admins.map((p) => ({ scope: vm, role: VM_LOGIN_ROLES.administrator, principalId: p.objectId, principalType: p.type })),
    ...readers.flatMap((p) => [vm, nicId(ctx.env), bastionId(ctx.env)].map((scope) => ({ scope, role: ROLES.reader, principalId: p.objectId, principalType: p.type }))),
  ];
}

const jumpboxRolesStep = roleAssignmentsStep({
  id: 'jumpbox-roles',
  title: 'Jumpbox sign-in roles for the people named in the config',
  dependsOn: ['jumpbox', 'bastion', 'jumpbox-nic'],
  enabled: (env) => bastionOn(env) && [env.config.roles.dataScientists, env.config.roles.dataScientistSuperUsers, env.config.roles.itAdmins].some((l) => l.length > 0),
  scopeId: (ctx) => jumpboxId(ctx.env),
  assignments: jumpboxAssignments,
});

/** The exact command people run to reach the jumpbox (native client; `az extension add -n bastion` first). */
export function bastionCommand(env: StepEnv): string {
  const os = env.config.access.jumpbox.os;
  const common = `--name ${env.names.bastion} --resource-group ${env.names.resourceGroup} --target-resource-id ${jumpboxId(env)}`;
  return os === 'windows' ? `az network bastion rdp ${common} --enable-mfa` : `az network bastion ssh ${common} --auth-type AAD`;
}

function summary({ state, env }: SummaryView): SummaryItem[] {
  if (state.steps.jumpbox?.status !== 'done' || state.steps.bastion?.status !== 'done') return [];
  const command = bastionCommand(env);
  const ip = state.steps['jumpbox-nic']?.outputs?.privateIp ?? '';
  return [{
    key: 'access',
    json: { mode: 'bastion', bastion: env.names.bastion, jumpbox: env.names.jumpbox, jumpboxPrivateIp: ip, os: env.config.access.jumpbox.os, loginPort: Number(loginPort(env.config.access.jumpbox.os)), command, autoShutdown: env.config.access.jumpbox.autoShutdown },
    lines: [
      `jumpbox ${env.names.jumpbox} (${ip}, no public IP) through Azure Bastion ${env.names.bastion}; sign in with your Entra ID account:`,
      `  az extension add -n bastion && az login && ${command}`,
      `  auto-shutdown: ${env.config.access.jumpbox.autoShutdown === 'off' ? 'off' : `${env.config.access.jumpbox.autoShutdown} ${env.config.access.jumpbox.timeZone}`}`,
    ],
  }];
}

// ---- module ----
export const definition: ResourceModule = {
  id: 'access: Bastion and jumpbox',
  names: [
    { key: 'bastion', kind: 'networkResource', label: 'Azure Bastion', derive: (_c, b) => `bas-${b.name}-${b.environment}` },
    { key: 'bastionPublicIp', kind: 'networkResource', label: 'public IP address', derive: (_c, b) => `pip-bas-${b.name}-${b.environment}` },
    // Doubles as the computer name: Windows allows 15 characters (the VM lives in the environment's group).
    { key: 'jumpbox', kind: 'virtualMachine', label: 'jumpbox VM', derive: (_c, b) => `jb-${b.name}` },
    { key: 'jumpboxNic', kind: 'networkResource', label: 'network interface', derive: (_c, b) => `nic-jb-${b.name}-${b.environment}` },
  ],
  steps: [bastionPublicIpStep, bastionStep, jumpboxNicStep, encryptionAtHostStep, jumpboxStep, loginExtensionStep, autoShutdownStep, jumpboxRolesStep],
  summary,
  teardownNotes: ({ deleting }) => deleting.has('jumpbox')
    ? [{ note: 'The subscription keeps the Microsoft.Compute/EncryptionAtHost feature registered (a subscription setting other VMs may rely on); unregister it with az feature unregister --namespace Microsoft.Compute --name EncryptionAtHost if nothing uses it.' }]
    : [],
};
