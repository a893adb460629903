// Microsoft.Compute/virtualMachines/extensions: a small catalog (the Entra ID sign-in extensions, each for the
// OS it runs on) and the install as Azure runs it: the operation ends Failed with VMExtensionProvisioningError
// when the VM has no system-assigned identity, or when its subnet cannot reach a host the extension's
// documented outbound list marks failsWithout 'install' (src/azure-model/requirements-vm-entra-login.ts,
// evaluated by runtime/egress-check.ts as runtime/aks-egress.ts does).
import { ArmError, badRequest, conflict } from '../../errors.js';
import { empty, json } from '../../http.js';
import { inFlight } from '../../lro.js';
import { parseBody } from '../../schemas/common.js';
import { VirtualMachineExtension } from '../../schemas/compute.js';
import { getRecord, putRecord, type CloudState, type ResourceRecord } from '../../state.js';
import { validateTags } from '../../tags.js';
import type { ArmResource, SimResponse } from '../../types.js';
import { checkRequiredOutbound, describeUnmet } from '../../runtime/egress-check.js';
import { startDelete } from '../kit/delete.js';
import { acceptedHeaders, startIn } from '../kit/lro-style.js';
import { notImplemented } from '../kit/not-simulated.js';
import { childId, serveChild } from '../kit/serve.js';
import { assertNameMatches, displayState, newRecord, resolveLocation } from '../kit/tracked.js';
import type { Ctx } from '../types.js';
import { COMPUTE_LRO, T_EXTENSION, invalidParameter, nicRefsOf, osTypeOf } from './common.js';
import type { ComputeKind } from '../../../azure-model/requirements.js';

interface CatalogEntry {
  publisher: string;
  type: string;
  os: 'Linux' | 'Windows';
  /** Major.minor handler versions published. */
  versions: readonly string[];
  /** The documented outbound list of the extension (requirements-vm-entra-login.ts). */
  kind: ComputeKind;
  /** Needs the VM's system-assigned identity (both Learn pages: "Virtual machine" / "Managed identities"). */
  needsSystemIdentity: boolean;
}

/**
 * Learn: az vm extension set --publisher Microsoft.Azure.ActiveDirectory --name AADSSHLoginForLinux (1.0 is
 * the version the portal installs, Azure/azure-linux-extensions#1834 shows 1.0.2385.1); AADLoginForWindows
 * 1.0 in the page's template, 2.0 published since 2024 (MicrosoftDocs/azure-docs#124678).
 */
const CATALOG: readonly CatalogEntry[] = [
  { publisher: 'Microsoft.Azure.ActiveDirectory', type: 'AADSSHLoginForLinux', os: 'Linux', versions: ['1.0'], kind: 'vmEntraLoginLinux', needsSystemIdentity: true },
  { publisher: 'Microsoft.Azure.ActiveDirectory', type: 'AADLoginForWindows', os: 'Windows', versions: ['1.0', '2.0'], kind: 'vmEntraLoginWindows', needsSystemIdentity: true },
];

const eq = (a: string | undefined, b: string): boolean => a !== undefined && a.toLowerCase() === b.toLowerCase();

/**
 * The extension repository is per OS, so an extension for the other OS is not found either (code and wording
 * unconfirmed: ArtifactNotFound, "Extension with publisher …, type …, and type handler version … could not be
 * found in the extension repository.").
 */
function lookUp(publisher: string, type: string, version: string, os: 'Linux' | 'Windows'): CatalogEntry {
  const entry = CATALOG.find((c) => eq(publisher, c.publisher) && eq(type, c.type) && c.os === os && c.versions.some((v) => v === version || `${v}.0` === version));
  if (!entry) {
    throw new ArmError(404, 'ArtifactNotFound', `Extension with publisher '${publisher}', type '${type}', and type handler version '${version}' could not be found in the extension repository.`);
  }
  return entry;
}

/**
 * Why the install fails at run time, or undefined. The message follows the VM agent's report shape
 * ("VM has reported a failure when processing extension '…'. Error message: \"…\"", Azure/WALinuxAgent#1876);
 * the unreachable host reads as the installer's curl failure (MicrosoftDocs/azure-docs#23916).
 */
function installFailure(state: CloudState, vm: ResourceRecord, name: string, entry: CatalogEntry): { code: string; message: string } | undefined {
  const doc = entry.os === 'Linux' ? 'https://aka.ms/vmextensionlinuxtroubleshoot' : 'https://aka.ms/vmextensionwindowstroubleshoot';
  const fail = (why: string) => ({ code: 'VMExtensionProvisioningError', message: `VM has reported a failure when processing extension '${name}' (publisher '${entry.publisher}' and type '${entry.type}'). Error message: "${why}". More information on troubleshooting is available at ${doc}.` });
  if (entry.needsSystemIdentity && typeof vm.identity?.principalId !== 'string') {
    return fail('The VM has no system-assigned managed identity; Microsoft Entra login requires one (unconfirmed wording)');
  }
  const nic = nicRefsOf(vm)[0] ? getRecord(state, nicRefsOf(vm)[0].id) : undefined;
  const subnetId = ((nic?.properties.ipConfigurations as { subnet?: { id?: string } }[] | undefined) ?? [])[0]?.subnet?.id;
  if (!subnetId || !getRecord(state, subnetId)) return undefined;
  const unmet = checkRequiredOutbound(state, subnetId, entry.kind).unmet.filter((u) => u.requirement.failsWithout === 'install');
  if (unmet.length === 0) return undefined;
  const host = unmet[0].requirement.destination;
  return fail(`curl: (7) Failed connect to ${host}:${unmet[0].requirement.port}; Connection timed out [simulator: ${describeUnmet(unmet[0])}]`);
}

export function renderExtension(_state: CloudState, rec: ResourceRecord): ArmResource {
  const { creating: _creating, ...props } = rec.properties;
  return {
    id: rec.id, name: rec.name, type: T_EXTENSION, location: rec.location, ...(rec.tags ? { tags: rec.tags } : {}),
    properties: { ...props, provisioningState: displayState(rec) },
  } as ArmResource;
}

function put(ctx: Ctx, vm: ResourceRecord, name: string, existing: ResourceRecord | undefined): SimResponse {
  const body = parseBody(VirtualMachineExtension, ctx.body, 'resources');
  assertNameMatches(body.name, name);
  const location = resolveLocation(body.location, T_EXTENSION, existing);
  if (location !== vm.location) throw invalidParameter(`The extension's location '${location}' must be the virtual machine's location '${vm.location}'.`, 'location');
  validateTags(body.tags);
  if (vm.provisioningState === 'Deleting') throw conflict('OperationNotAllowed', `Operation on virtual machine '${vm.name}' is not allowed since it is being deleted.`);
  if (inFlight(ctx.state, vm.id)) throw conflict('OperationNotAllowed', `Operation on virtual machine '${vm.name}' is not allowed since another operation is in progress; retry when it has finished.`);
  const p = body.properties ?? {};
  if (!p.publisher) throw invalidParameter("Required parameter 'publisher' is missing (null).", 'publisher');
  if (!p.type) throw invalidParameter("Required parameter 'type' is missing (null).", 'type');
  if (!p.typeHandlerVersion) throw invalidParameter("Required parameter 'typeHandlerVersion' is missing (null).", 'typeHandlerVersion');
  if (p.protectedSettingsFromKeyVault !== undefined || p.provisionAfterExtensions !== undefined) throw notImplemented("Property 'protectedSettingsFromKeyVault' / 'provisionAfterExtensions'");
  if (existing && (!eq(String(existing.properties.publisher), p.publisher) || !eq(String(existing.properties.type), p.type))) {
    throw badRequest('PropertyChangeNotAllowed', "Changing property 'publisher' or 'type' of an extension is not allowed.");
  }
  const entry = lookUp(p.publisher, p.type, p.typeHandlerVersion, osTypeOf(vm));
  const id = childId(vm.id, T_EXTENSION, name);
  const rec = newRecord(ctx, { id, type: T_EXTENSION, name, parent: vm, existing, location, tags: body.tags });
  rec.properties = {
    ...(existing ? {} : { creating: true }),
    autoUpgradeMinorVersion: p.autoUpgradeMinorVersion ?? false,
    ...(p.enableAutomaticUpgrade !== undefined ? { enableAutomaticUpgrade: p.enableAutomaticUpgrade } : {}),
    ...(p.forceUpdateTag !== undefined ? { forceUpdateTag: p.forceUpdateTag } : {}),
    publisher: entry.publisher,
    type: entry.type,
    typeHandlerVersion: p.typeHandlerVersion,
    ...(p.settings ? { settings: p.settings } : {}),
    ...(p.suppressFailures !== undefined ? { suppressFailures: p.suppressFailures } : {}),
  };
  const op = startIn(ctx, COMPUTE_LRO, { name: 'CreateOrUpdateVMExtension', method: 'PUT', subscriptionId: vm.subscriptionId, location, targetId: id, lockKey: vm.id, touched: [id], latencyKey: T_EXTENSION });
  const failure = installFailure(ctx.state, vm, name, entry);
  if (failure) op.error = failure;
  rec.provisioningState = 'Updating';
  rec.operationId = op.id;
  putRecord(ctx.state, rec);
  return json(existing ? 200 : 201, renderExtension(ctx.state, rec), acceptedHeaders(ctx, COMPUTE_LRO, op, { status: true }));
}

export function handleExtension(ctx: Ctx, vm: ResourceRecord | undefined, vmName: string, name: string | undefined): SimResponse {
  return serveChild(ctx, {
    type: T_EXTENSION, label: 'virtual machine extension', parent: vm, parentName: vmName, name, render: renderExtension,
    put: (parent, n, existing) => put(ctx, parent, n, existing),
    remove: (parent, existing) => {
      const op = startDelete(ctx, COMPUTE_LRO, { name: 'DeleteVMExtension', target: existing, parent, latencyKey: T_EXTENSION, rejoin: inFlight(ctx.state, parent.id) });
      return empty(202, acceptedHeaders(ctx, COMPUTE_LRO, op, { status: true, result: true }));
    },
    missing: () => new ArmError(404, 'NotFound', 'The entity was not found in this Azure location.'),
  });
}
