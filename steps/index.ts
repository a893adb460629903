// The registry: one line per resource module (see module.ts). Config schema, names, subnet layout,
// plan blocking, summary and teardown notes are all assembled from this list; plan, apply, resume,
// teardown and audit walk the steps it yields. Adding a resource type is one file in steps/ and
// one line here.
import * as access from './access.js';
import * as accessBastion from './access-bastion.js';
import * as accessVpn from './access-vpn.js';
import * as aks from './aks.js';
import * as cmkAccess from './cmk-access.js';
import * as compute from './compute.js';
import * as defender from './defender.js';
import * as diagnostics from './diagnostics.js';
import * as egressFirewall from './egress-firewall.js';
import * as egressNat from './egress-nat.js';
import type { AzureStep } from './env.js';
import * as identity from './identity.js';
import * as keyVault from './key-vault.js';
import * as managedNetwork from './managed-network.js';
import type { NameSpec, ResourceModule, SubnetSpec, SummaryItem, SummaryView, TeardownNote, TeardownView } from './module.js';
import * as monitoring from './monitoring.js';
import * as monitorPrivateLink from './monitor-private-link.js';
import * as policy from './policy.js';
import * as privateDns from './private-dns.js';
import * as privateEndpoints from './private-endpoints.js';
import * as registry from './registry.js';
import * as resourceGroup from './resource-group.js';
import * as roles from './roles.js';
import * as serviceEndpointPolicy from './service-endpoint-policy.js';
import * as storage from './storage.js';
import { repairFailedState } from './support/failed-state.js';
import * as network from './vnet.js';
import * as workspace from './workspace.js';

/** In the order they are shown; dependencies between steps decide the order they run in. */
export const MODULES = [
  resourceGroup,
  network,
  egressFirewall,
  egressNat,
  identity,
  monitoring,
  monitorPrivateLink,
  keyVault,
  cmkAccess,
  storage,
  registry,
  workspace,
  managedNetwork,
  diagnostics,
  compute,
  aks,
  access,
  accessBastion,
  accessVpn,
  privateDns,
  privateEndpoints,
  serviceEndpointPolicy,
  roles,
  policy,
  defender,
] as const;

const definitions: readonly ResourceModule[] = MODULES.map((m) => m.definition);

/** Every subnet the modules need, in module order (the VNet, its NSGs and the CIDR checks read this). */
export const SUBNETS: readonly SubnetSpec[] = definitions.flatMap((d) => d.subnets ?? []);

/** Every derived name: each module's, plus each subnet's and its NSG's (subnetName/nsgName in vnet.ts). */
export const NAME_SPECS: readonly NameSpec[] = [
  ...definitions.flatMap((d) => d.names ?? []),
  ...SUBNETS.flatMap((s): NameSpec[] => [
    { key: `subnet:${s.key}`, kind: 'networkResource', label: 'subnet', derive: () => s.name },
    { key: `nsg:${s.key}`, kind: 'networkResource', label: 'network security group', derive: (_c, b) => `nsg-${b.name}-${b.environment}-${s.nsgNameSuffix}` },
  ]),
];

export { definitions as MODULE_DEFINITIONS };

export const steps: readonly AzureStep[] = definitions
  .flatMap((d) => (typeof d.steps === 'function' ? d.steps({ subnets: SUBNETS }) : d.steps))
  .map(repairFailedState);

/** The summary sections every module contributes after a run (studio URL, endpoints, hosts file...). */
export function summaryFor(view: SummaryView): SummaryItem[] {
  return definitions.flatMap((d) => d.summary?.(view) ?? []);
}

/** What the modules whose resources are about to be deleted want the user to know first. */
export function teardownNotesFor(view: TeardownView): TeardownNote[] {
  return definitions.flatMap((d) => d.teardownNotes?.(view) ?? []);
}
