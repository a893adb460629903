// Microsoft.Compute/virtualMachines: create (201 + Azure-AsyncOperation, provisioningState Creating), update
// by PUT or PATCH (200 + Azure-AsyncOperation), delete (202, removes the OS disk and NICs whose deleteOption
// is Delete). The rules are Compute's, each with its source in SPEC.md; secrets are checked and dropped.
import { randomBytes, randomUUID } from 'node:crypto';
import { ArmError, conflict, notFound } from '../../errors.js';
import { empty, json } from '../../http.js';
import { inFlight } from '../../lro.js';
import { parseBody } from '../../schemas/common.js';
import { VM_NOT_SIMULATED, VirtualMachine, VirtualMachineUpdate, type VirtualMachineBody, type VmProperties } from '../../schemas/compute.js';
import { getRecord, key, putRecord, recordsOfType, type CloudState, type ResourceRecord } from '../../state.js';
import { validateTags } from '../../tags.js';
import type { ArmResource, SimResponse } from '../../types.js';
import { featureState } from '../features.js';
import { startDelete } from '../kit/delete.js';
import { applyIdentity, renderIdentity } from '../kit/identity.js';
import { same, typeOfId } from '../kit/ids.js';
import { acceptedHeaders, startIn } from '../kit/lro-style.js';
import { notImplemented, rejectNotSimulated } from '../kit/not-simulated.js';
import { serveTracked } from '../kit/serve.js';
import { assertNameMatches, displayState, envelope, isoTime, newRecord, resolveLocation, trackedId } from '../kit/tracked.js';
import type { Ctx } from '../types.js';
import { COMPUTE, COMPUTE_LRO, T_EXTENSION, T_NIC, T_VM, invalidParameter, nicRefsOf, propertyChangeNotAllowed, type StoredNicRef } from './common.js';
import { diskId, newOsDisk } from './disks.js';
import { findVmSize } from './sizes.js';
import { findImage, type PlatformImage } from './images.js';
import { checkAdminUsername, checkComputerName, checkPassword, checkSshKey } from './os-profile.js';

const missing = (path: string): ArmError => invalidParameter(`Required parameter '${path}' is missing (null).`, path);

export const vmId = (group: ResourceRecord, name: string): string => trackedId(group, COMPUTE, 'virtualMachines', name);

/** 409 SkuNotAvailable (Azure/pcs-cli#147, Azure-Samples/azuresandbox#70) for a size the region does not offer. */
function checkSize(id: string, sub: string, location: string, vmSize: string): string {
  const size = findVmSize(location, vmSize);
  if (!size) {
    throw conflict(
      'SkuNotAvailable',
      `The requested size for resource '${id}' is currently not available in location '${location}' zones '' for subscription '${sub}'. ` +
        'Please try another size or deploy to a different location or zones. See https://aka.ms/azureskunotavailable for details.',
    );
  }
  return size;
}

/** 404 PlatformImageNotFound with Compute's wording and target (clear-code/firefox-support-common#31, hashicorp/packer#10600). */
function resolveImage(ref: NonNullable<NonNullable<VmProperties['storageProfile']>['imageReference']>): PlatformImage {
  if (ref.id || ref.sharedGalleryImageId || ref.communityGalleryImageId) throw notImplemented('Images other than marketplace platform images (imageReference.id, shared or community gallery)');
  const image = findImage(ref);
  if (!image) {
    const urn = `${ref.publisher ?? ''}:${ref.offer ?? ''}:${ref.sku ?? ''}:${ref.version ?? 'latest'}`;
    const msg = `The platform image '${urn}' is not available. Verify that all fields in the storage profile are correct. For more details about storage profile information, please refer to https://aka.ms/storageprofile`;
    throw new ArmError(404, 'PlatformImageNotFound', msg, [{ code: 'PlatformImageNotFound', target: 'imageReference', message: msg }]);
  }
  return image;
}

/** The VMs (other than `exceptId`) that use a NIC. */
export function vmsUsingNic(state: CloudState, nicId: string, exceptId?: string): ResourceRecord[] {
  return recordsOfType(state, T_VM).filter((vm) => !same(vm.id, exceptId) && nicRefsOf(vm).some((r) => same(r.id, nicId)));
}

/** NICs must exist (Network RP's NotFound), be in the VM's region, not be another VM's, and sit in an existing subnet. */
function checkNics(ctx: Ctx, id: string, location: string, refs: NonNullable<NonNullable<VmProperties['networkProfile']>['networkInterfaces']>): StoredNicRef[] {
  if (refs.length === 0) throw missing('networkProfile');
  if (refs.length > 1) throw notImplemented('More than one network interface per VM');
  return refs.map((ref) => {
    const nic = typeOfId(ref.id) && key(typeOfId(ref.id) as string) === key(T_NIC) ? getRecord(ctx.state, ref.id) : undefined;
    if (!nic || nic.provisioningState === 'Deleting') throw notFound('NotFound', `Resource ${ref.id} not found.`);
    if (nic.location !== location) {
      throw invalidParameter(`The network interface '${nic.id}' is in location '${nic.location}'; virtual machine '${id}' is in location '${location}'. A VM can only use network interfaces of its own location.`, 'networkProfile.networkInterfaces');
    }
    const other = vmsUsingNic(ctx.state, nic.id, id)[0];
    if (other) throw new ArmError(400, 'NicInUse', `Network Interface ${nic.id} is used by existing VM ${other.id}.`);
    const subnetId = ((nic.properties.ipConfigurations as { subnet?: { id?: string } }[] | undefined) ?? [])[0]?.subnet?.id;
    if (!subnetId || !getRecord(ctx.state, subnetId)) throw notFound('NotFound', `Resource ${subnetId ?? `${nic.id}/ipConfigurations`} not found.`);
    return { id: nic.id, properties: { primary: ref.properties?.primary ?? true, deleteOption: ref.properties?.deleteOption ?? 'Detach' } };
  });
}

/** Compute's osProfile checks at create; returns the stored (secret-free) profile. */
function osProfileAtCreate(p: VmProperties, image: PlatformImage, vmName: string): Record<string, unknown> {
  const os = p.osProfile;
  if (!os) throw missing('osProfile');
  const computerName = os.computerName ?? vmName;
  checkComputerName(computerName, image.osType);
  if (!os.adminUsername) throw missing('adminUsername');
  checkAdminUsername(os.adminUsername, image.osType);
  if (os.customData !== undefined) throw notImplemented("Property 'osProfile.customData'");
  if ((os.secrets ?? []).length > 0) throw notImplemented("Property 'osProfile.secrets'");
  if (image.osType === 'Windows') {
    if (os.linuxConfiguration) throw invalidParameter("Parameter 'linuxConfiguration' is not allowed for a Windows image.", 'linuxConfiguration');
    if (!os.adminPassword) throw missing('adminPassword');
    checkPassword(os.adminPassword, 'Windows');
    const w = os.windowsConfiguration ?? {};
    return { computerName, adminUsername: os.adminUsername, windowsConfiguration: { provisionVMAgent: w.provisionVMAgent ?? true, enableAutomaticUpdates: w.enableAutomaticUpdates ?? true, patchSettings: { patchMode: w.patchSettings?.patchMode ?? 'AutomaticByOS', assessmentMode: w.patchSettings?.assessmentMode ?? 'ImageDefault' }, enableVMAgentPlatformUpdates: w.enableVMAgentPlatformUpdates ?? false }, secrets: [], allowExtensionOperations: os.allowExtensionOperations ?? true, requireGuestProvisionSignal: true };
  }
  if (os.windowsConfiguration) throw invalidParameter("Parameter 'windowsConfiguration' is not allowed for a Linux image.", 'windowsConfiguration');
  const l = os.linuxConfiguration ?? {};
  const keys = l.ssh?.publicKeys ?? [];
  const disable = l.disablePasswordAuthentication ?? false;
  if (disable && keys.length === 0) throw invalidParameter('Authentication using either SSH or by user name and password must be enabled in Linux profile.', 'linuxConfiguration');
  if (!disable && !os.adminPassword) throw missing('adminPassword');
  if (os.adminPassword) checkPassword(os.adminPassword, 'Linux');
  for (const k of keys) {
    checkSshKey(k.keyData ?? '');
    if (k.path !== undefined && !k.path.startsWith(`/home/${os.adminUsername}/`)) {
      throw invalidParameter('The value of parameter linuxConfiguration.ssh.publicKeys.path is invalid.', 'linuxConfiguration.ssh.publicKeys.path');
    }
  }
  return {
    computerName, adminUsername: os.adminUsername,
    linuxConfiguration: {
      disablePasswordAuthentication: disable,
      ...(keys.length > 0 ? { ssh: { publicKeys: keys.map((k) => ({ path: k.path ?? `/home/${os.adminUsername}/.ssh/authorized_keys`, keyData: k.keyData })) } } : {}),
      provisionVMAgent: l.provisionVMAgent ?? true,
      patchSettings: { patchMode: l.patchSettings?.patchMode ?? 'ImageDefault', assessmentMode: l.patchSettings?.assessmentMode ?? 'ImageDefault' },
      enableVMAgentPlatformUpdates: l.enableVMAgentPlatformUpdates ?? false,
    },
    secrets: [], allowExtensionOperations: os.allowExtensionOperations ?? true, requireGuestProvisionSignal: true,
  };
}

/** An osProfile re-sent on update must agree with what the VM was created with (secrets are write-only and ignored). */
function checkOsProfileUnchanged(given: VmProperties['osProfile'], stored: Record<string, unknown>): void {
  if (!given) return;
  if (given.computerName !== undefined && given.computerName !== stored.computerName) throw propertyChangeNotAllowed('osProfile.computerName');
  if (given.adminUsername !== undefined && given.adminUsername !== stored.adminUsername) throw propertyChangeNotAllowed('osProfile.adminUsername');
  const l = stored.linuxConfiguration as { disablePasswordAuthentication?: boolean; ssh?: { publicKeys: { keyData: string }[] } } | undefined;
  const gl = given.linuxConfiguration;
  if (l && gl) {
    if (gl.disablePasswordAuthentication !== undefined && gl.disablePasswordAuthentication !== l.disablePasswordAuthentication) throw propertyChangeNotAllowed('linuxConfiguration.disablePasswordAuthentication');
    const was = (l.ssh?.publicKeys ?? []).map((k) => k.keyData.trim()).join('\n');
    if (gl.ssh?.publicKeys !== undefined && gl.ssh.publicKeys.map((k) => (k.keyData ?? '').trim()).join('\n') !== was) throw propertyChangeNotAllowed('linuxConfiguration.ssh.publicKeys');
  }
}

/** encryptionAtHost needs the subscription's Microsoft.Compute/EncryptionAtHost feature Registered. */
function checkSecurity(ctx: Ctx, sub: string, image: { trustedLaunch: boolean } | undefined, sec: VmProperties['securityProfile']): Record<string, unknown> | undefined {
  if (!sec) return undefined;
  if (sec.encryptionIdentity !== undefined || sec.proxyAgentSettings !== undefined) throw notImplemented("Property 'securityProfile.encryptionIdentity' / 'proxyAgentSettings'");
  if (sec.securityType === 'ConfidentialVM') throw notImplemented('Confidential VMs');
  if (sec.securityType === 'TrustedLaunch' && image && !image.trustedLaunch) {
    throw new ArmError(400, 'BadRequest', 'Use of TrustedLaunch setting is not supported for the provided image. Please select Trusted Launch Supported Gen2 OS Image. For more information, see https://aka.ms/TrustedLaunch-FAQ.');
  }
  if (sec.uefiSettings && sec.securityType !== 'TrustedLaunch') throw invalidParameter("'uefiSettings' can only be set when 'securityType' is 'TrustedLaunch' or 'ConfidentialVM'.", 'securityProfile.uefiSettings');
  if (sec.encryptionAtHost === true && featureState(ctx.state, sub, 'Microsoft.Compute/EncryptionAtHost', ctx.now) !== 'Registered') {
    throw invalidParameter("The property 'securityProfile.encryptionAtHost' is not valid because the 'Microsoft.Compute/EncryptionAtHost' feature is not enabled for this subscription.", 'securityProfile.encryptionAtHost');
  }
  return {
    ...(sec.securityType ? { securityType: sec.securityType } : {}),
    ...(sec.securityType === 'TrustedLaunch' ? { uefiSettings: { secureBootEnabled: sec.uefiSettings?.secureBootEnabled ?? false, vTpmEnabled: sec.uefiSettings?.vTpmEnabled ?? true } } : {}),
    ...(sec.encryptionAtHost !== undefined ? { encryptionAtHost: sec.encryptionAtHost } : {}),
  };
}

function diagnostics(d: VmProperties['diagnosticsProfile']): Record<string, unknown> | undefined {
  if (!d) return undefined;
  if (d.bootDiagnostics?.storageUri) throw notImplemented('Boot diagnostics to a customer storage account (storageUri)', 'managed boot diagnostics only');
  return { bootDiagnostics: { enabled: d.bootDiagnostics?.enabled ?? false } };
}

function rejectEnvelope(body: { zones?: unknown; plan?: unknown; extendedLocation?: unknown }): void {
  if (body.zones !== undefined && (body.zones as unknown[]).length > 0) throw notImplemented("Property 'zones'");
  if (body.plan !== undefined) throw notImplemented("Property 'plan'");
  if (body.extendedLocation !== undefined) throw notImplemented("Property 'extendedLocation'");
}

function busy(existing: ResourceRecord): ArmError {
  return conflict('OperationNotAllowed', `Operation on virtual machine '${existing.name}' is not allowed since another operation is in progress; retry when it has finished.`);
}

/** Starts the write and answers 201 (create) or 200 (update) with Azure-AsyncOperation. */
function accept(ctx: Ctx, rec: ResourceRecord, creating: boolean, also: ResourceRecord[]): SimResponse {
  const op = startIn(ctx, COMPUTE_LRO, {
    name: creating ? 'CreateVirtualMachine' : 'UpdateVirtualMachine', method: 'PUT', subscriptionId: rec.subscriptionId, location: rec.location as string,
    targetId: rec.id, lockKey: rec.id, touched: [rec.id, ...also.map((a) => a.id)], latencyKey: T_VM,
  });
  for (const r of [rec, ...also]) {
    r.provisioningState = 'Updating';
    r.operationId = op.id;
    putRecord(ctx.state, r);
  }
  return json(creating ? 201 : 200, renderVm(ctx.state, rec), acceptedHeaders(ctx, COMPUTE_LRO, op, { status: true }));
}

function create(ctx: Ctx, group: ResourceRecord, name: string, body: VirtualMachineBody, location: string): SimResponse {
  const id = vmId(group, name);
  const p = body.properties ?? {};
  const vmSize = p.hardwareProfile?.vmSize;
  if (!vmSize) throw missing('hardwareProfile.vmSize');
  const sizeName = checkSize(id, group.subscriptionId, location, vmSize);
  const sp = p.storageProfile;
  if ((sp?.dataDisks ?? []).length > 0) throw notImplemented("Property 'storageProfile.dataDisks'");
  if (!sp?.imageReference) throw missing('storageProfile.imageReference');
  const osDiskIn = sp.osDisk ?? { createOption: 'FromImage' as const };
  if (osDiskIn.createOption !== 'FromImage') throw notImplemented(`osDisk.createOption '${osDiskIn.createOption}'`, 'FromImage only');
  const image = resolveImage(sp.imageReference);
  const security = checkSecurity(ctx, group.subscriptionId, image, p.securityProfile);
  const osProfile = osProfileAtCreate(p, image, name);
  const nics = checkNics(ctx, id, location, p.networkProfile?.networkInterfaces ?? []);
  const diskName = osDiskIn.name ?? `${name}_OsDisk_1_${randomBytes(16).toString('hex')}`;
  if (getRecord(ctx.state, diskId(group, diskName))) {
    // Compute refuses a FromImage OS disk whose name is taken (unconfirmed wording).
    throw conflict('ConflictingUserInput', `Disk ${diskName} already exists in resource group ${group.name.toUpperCase()}. Only CreateOption.Attach is supported.`);
  }
  const rec = newRecord(ctx, { id, type: T_VM, name, group, location, tags: body.tags });
  const identity = applyIdentity(ctx, body.identity, undefined, id);
  if (identity) rec.identity = identity;
  const disk = newOsDisk(ctx, group, diskName, {
    vmId: id, location, image, storageAccountType: osDiskIn.managedDisk?.storageAccountType ?? 'Premium_LRS', diskSizeGB: osDiskIn.diskSizeGB ?? image.osDiskSizeGB,
    trustedLaunch: security?.securityType === 'TrustedLaunch', tags: body.tags,
  });
  rec.properties = {
    creating: true,
    vmId: randomUUID(),
    hardwareProfile: { vmSize: sizeName },
    storageProfile: {
      imageReference: { publisher: image.publisher, offer: image.offer, sku: image.sku, version: sp.imageReference.version ?? 'latest', exactVersion: image.latest },
      osDisk: { osType: image.osType, name: disk.name, createOption: 'FromImage', caching: osDiskIn.caching ?? 'ReadWrite', managedDisk: { storageAccountType: disk.sku?.name, id: disk.id }, deleteOption: osDiskIn.deleteOption ?? 'Detach', diskSizeGB: disk.properties.diskSizeGB },
      dataDisks: [],
    },
    osProfile,
    networkProfile: { networkInterfaces: nics },
    ...(security ? { securityProfile: security } : {}),
    ...(p.diagnosticsProfile ? { diagnosticsProfile: diagnostics(p.diagnosticsProfile) } : {}),
    timeCreated: isoTime(ctx.now),
  };
  return accept(ctx, rec, true, [disk]);
}

/** PUT or PATCH of an existing VM: immutable profiles checked, mutable ones applied. */
function update(ctx: Ctx, existing: ResourceRecord, body: { tags?: Record<string, string>; identity?: VirtualMachineBody['identity']; properties?: VmProperties }, replaceTags: boolean): SimResponse {
  if (inFlight(ctx.state, existing.id)) throw busy(existing);
  const p = body.properties ?? {};
  rejectNotSimulated(p as Record<string, unknown>, VM_NOT_SIMULATED, 'properties.');
  const stored = existing.properties;
  const sp = stored.storageProfile as { imageReference: Record<string, string>; osDisk: Record<string, unknown> };
  const ref = p.storageProfile?.imageReference;
  if (ref) {
    const fields = ['publisher', 'offer', 'sku', 'version'] as const;
    if (fields.some((f) => ref[f] !== undefined && key(String(ref[f])) !== key(String(sp.imageReference[f])))) throw propertyChangeNotAllowed('imageReference');
  }
  const od = p.storageProfile?.osDisk;
  if (od?.name !== undefined && key(od.name) !== key(String(sp.osDisk.name))) throw propertyChangeNotAllowed('osDisk.name');
  if (od?.createOption !== undefined && od.createOption !== sp.osDisk.createOption) throw propertyChangeNotAllowed('osDisk.createOption');
  if ((p.storageProfile?.dataDisks ?? []).length > 0) throw notImplemented("Property 'storageProfile.dataDisks'");
  checkOsProfileUnchanged(p.osProfile, stored.osProfile as Record<string, unknown>);
  const next: Record<string, unknown> = { ...stored };
  delete next.creating;
  const location = existing.location as string;
  if (p.hardwareProfile?.vmSize) next.hardwareProfile = { vmSize: checkSize(existing.id, existing.subscriptionId, location, p.hardwareProfile.vmSize) };
  if (p.securityProfile) {
    const was = stored.securityProfile as { securityType?: string } | undefined;
    if (p.securityProfile.securityType !== undefined && p.securityProfile.securityType !== (was?.securityType ?? 'Standard')) throw propertyChangeNotAllowed('securityProfile.securityType');
    // EAH: a VM must be deallocated before encryption at host changes; the simulator has no deallocate.
    const eah = (was as { encryptionAtHost?: boolean } | undefined)?.encryptionAtHost ?? false;
    if (p.securityProfile.encryptionAtHost !== undefined && p.securityProfile.encryptionAtHost !== eah) throw propertyChangeNotAllowed('securityProfile.encryptionAtHost');
    next.securityProfile = checkSecurity(ctx, existing.subscriptionId, undefined, { ...was, ...p.securityProfile });
  }
  if (p.diagnosticsProfile) next.diagnosticsProfile = diagnostics(p.diagnosticsProfile);
  if (p.networkProfile?.networkInterfaces) next.networkProfile = { networkInterfaces: checkNics(ctx, existing.id, location, p.networkProfile.networkInterfaces) };
  const rec: ResourceRecord = { ...existing, properties: next, changedAt: ctx.now };
  if (replaceTags || body.tags !== undefined) {
    if (body.tags) rec.tags = body.tags;
    else delete rec.tags;
  }
  const identity = applyIdentity(ctx, body.identity, existing.identity, existing.id);
  if (identity) rec.identity = identity;
  else delete rec.identity;
  return accept(ctx, rec, false, []);
}

function put(ctx: Ctx, group: ResourceRecord, name: string, existing: ResourceRecord | undefined): SimResponse {
  const body = parseBody(VirtualMachine, ctx.body, 'resources');
  assertNameMatches(body.name, name);
  const location = resolveLocation(body.location, T_VM, existing, group);
  validateTags(body.tags);
  rejectEnvelope(body);
  rejectNotSimulated(body.properties as Record<string, unknown> | undefined, VM_NOT_SIMULATED, 'properties.');
  if (existing) return update(ctx, existing, body, true);
  return create(ctx, group, name, body, location);
}

function patch(ctx: Ctx, existing: ResourceRecord): SimResponse {
  const body = parseBody(VirtualMachineUpdate, ctx.body, 'resources');
  validateTags(body.tags);
  rejectEnvelope(body);
  return update(ctx, existing, body, false);
}

/** DELETE: 202 + both headers; the OS disk and NICs go with the VM when their deleteOption is Delete. */
function remove(ctx: Ctx, existing: ResourceRecord): SimResponse {
  const running = inFlight(ctx.state, existing.id);
  if (running && running.method !== 'DELETE') throw busy(existing);
  const osDisk = (existing.properties.storageProfile as { osDisk: { managedDisk?: { id?: string }; deleteOption?: string } }).osDisk;
  const disk = osDisk.managedDisk?.id ? getRecord(ctx.state, osDisk.managedDisk.id) : undefined;
  const goes = [
    ...(disk && osDisk.deleteOption === 'Delete' ? [disk] : []),
    ...nicRefsOf(existing).filter((r) => r.properties?.deleteOption === 'Delete').map((r) => getRecord(ctx.state, r.id)).filter((r): r is ResourceRecord => !!r),
  ];
  const op = startDelete(ctx, COMPUTE_LRO, { name: 'DeleteVirtualMachine', target: existing, removes: [existing.id, ...goes.map((g) => g.id)], also: goes, rejoin: running });
  return empty(202, acceptedHeaders(ctx, COMPUTE_LRO, op, { status: true, result: true }));
}

export function renderVm(state: CloudState, rec: ResourceRecord): ArmResource {
  const p = rec.properties;
  const extensions = recordsOfType(state, T_EXTENSION).filter((e) => same(e.parentId, rec.id));
  const { creating: _creating, ...props } = p;
  return {
    ...envelope(rec),
    ...(rec.identity ? { identity: renderIdentity(state, rec.identity) } : {}),
    ...(extensions.length > 0 ? { resources: extensions.map((e) => ({ id: e.id })) } : {}),
    properties: { ...props, provisioningState: displayState(rec) },
  };
}

export function handleVm(ctx: Ctx, group: ResourceRecord, name: string): SimResponse {
  const existing = getRecord(ctx.state, vmId(group, name));
  return serveTracked(ctx, {
    type: T_VM, label: 'virtual machine', name, group, existing, render: renderVm,
    put: () => put(ctx, group, name, existing),
    patch: (vm) => patch(ctx, vm),
    remove: (vm) => remove(ctx, vm),
  });
}

