// Required outbound connectivity as data, per compute kind, with `<region>` (and a few name) placeholders
// that requirementsFor fills in. Every entry carries the URL that states it.
import { AKS_OUTBOUND } from './requirements-aks.js';
import { AML_MANAGED_COMPUTE_FQDNS, AML_MANAGED_COMPUTE_OUTBOUND } from './requirements-aml-compute.js';
import { AZUREML_EXTENSION_OUTBOUND, TRAINING as EXTENSION_TRAINING_ONLY } from './requirements-azureml-extension.js';
import { DOCUMENTED_FAILURES } from './requirements-failures.js';
import { VM_ENTRA_LOGIN_LINUX_OUTBOUND, VM_ENTRA_LOGIN_WINDOWS_OUTBOUND } from './requirements-vm-entra-login.js';
import type { ComputeKind, DocumentedFailure, OutboundRequirement } from './requirements-types.js';

export type { ComputeKind, DestinationKind, DocumentedFailure, OutboundRequirement, Protocol } from './requirements-types.js';
export { AKS_OUTBOUND, AML_MANAGED_COMPUTE_FQDNS, AML_MANAGED_COMPUTE_OUTBOUND, AZUREML_EXTENSION_OUTBOUND, DOCUMENTED_FAILURES, EXTENSION_TRAINING_ONLY, VM_ENTRA_LOGIN_LINUX_OUTBOUND, VM_ENTRA_LOGIN_WINDOWS_OUTBOUND };

/**
 * The documented lists by compute kind. `azuremlExtension` holds only what the extension adds: the
 * Azure ML page says these are needed "besides" the AKS requirements, so check it together with `aks`.
 */
export const OUTBOUND_REQUIREMENTS: Readonly<Record<ComputeKind, readonly OutboundRequirement[]>> = {
  amlCompute: AML_MANAGED_COMPUTE_OUTBOUND,
  computeInstance: AML_MANAGED_COMPUTE_OUTBOUND,
  aks: AKS_OUTBOUND,
  azuremlExtension: AZUREML_EXTENSION_OUTBOUND,
  vmEntraLoginLinux: VM_ENTRA_LOGIN_LINUX_OUTBOUND,
  vmEntraLoginWindows: VM_ENTRA_LOGIN_WINDOWS_OUTBOUND,
};

/** Names for the extension's placeholders; left in place when not given. */
export interface PlaceholderNames {
  acr?: string;
  storage?: string;
  workspaceId?: string;
}

// ARM location names ("westeurope") are lower-case letters and digits. Regional service tags are written
// with the same name (Learn: `BatchNodeManagement.<region>`); that NSGs match tag names case-insensitively
// is unconfirmed, so the name is used exactly as ARM spells locations.
const LOCATION = /^[a-z][a-z0-9]*$/;

function substitute(text: string, region: string, names: PlaceholderNames): string {
  let out = text.split('<region>').join(region);
  for (const [key, value] of Object.entries(names) as [keyof PlaceholderNames, string | undefined][]) {
    if (value) out = out.split(`<${key}>`).join(value);
  }
  return out;
}

function fill(list: readonly OutboundRequirement[], region: string, names: PlaceholderNames): OutboundRequirement[] {
  const location = region.toLowerCase();
  if (!LOCATION.test(location)) throw new RangeError(`'${region}' is not an ARM location name (such as westeurope)`);
  return list.map((r) => ({ ...r, destination: substitute(r.destination, location, names) }));
}

/** The requirements for one compute kind in one region, placeholders filled in. */
export function requirementsFor(kind: ComputeKind, region: string, names: PlaceholderNames = {}): OutboundRequirement[] {
  return fill(OUTBOUND_REQUIREMENTS[kind], region, names);
}

/** Azure ML managed compute's requirements as host names, for firewalls that cannot use service tags. */
export function amlComputeFqdnsFor(region: string): OutboundRequirement[] {
  return fill(AML_MANAGED_COMPUTE_FQDNS, region, {});
}

/** The published failures for one compute kind. */
export function failuresFor(kind: ComputeKind): DocumentedFailure[] {
  return DOCUMENTED_FAILURES.filter((f) => f.computes.includes(kind));
}
