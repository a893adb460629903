// The extension's completion point: what the install on the cluster will end in, decided when the write is
// accepted (the simulator's operations settle by time, so a failure is attached to the operation up front and
// shows once it ends). `installFailure` is the single place its rules live, the cluster's egress to the
// extension's required destinations (src/azure-model/requirements-azureml-extension.ts) among them.
import type { CloudState, ResourceRecord } from '../../state.js';
import { clusterEgress, clusterUnmet } from '../../runtime/aks-egress.js';
import { describeUnmet } from '../../runtime/egress-check.js';
import { clusterFacts } from '../container-service/index.js';
import type { AzureMlSettingsView } from './azureml-settings.js';

export interface InstallFailure {
  code: string;
  message: string;
}

/** The RP's wrapper around the agent's error (code as in Azure/api-management-self-hosted-gateway-ingress#19). */
const failed = (inner: string): InstallFailure => ({ code: 'ExtensionOperationFailed', message: `The extension operation failed with the following error: ${inner}` });

/**
 * Why installing (or updating) the Azure ML extension with `view` on `cluster` fails, or undefined when it
 * succeeds.
 * - Learn how-to-troubleshoot-kubernetes-extension, HealthCheck E40002 INSUFFICIENT_NODE:
 *   inferenceRouterHA (default True) needs at least three nodes.
 * - The nodes cannot reach what the install needs (the extension's requirements marked
 *   failsWithout 'install': its data plane and MCR): Helm times out (message shape from Learn's extension
 *   troubleshooting, "Helm installation failed: context deadline exceeded"; the cause mapping is unconfirmed).
 */
export function installFailure(state: CloudState, cluster: ResourceRecord, view: AzureMlSettingsView): InstallFailure | undefined {
  const facts = clusterFacts(state, cluster);
  if (view.inference && view.routerHA && facts && facts.agentCount < 3) {
    return failed(
      `HealthCheck pre-install E40002 INSUFFICIENT_NODE: inferenceRouterHA requires at least three nodes in the cluster; '${cluster.name}' has ${facts.agentCount}. Set inferenceRouterHA=False or add nodes.`,
    );
  }
  const egress = clusterEgress(state, cluster);
  const blocked = egress ? clusterUnmet(state, egress, 'azuremlExtension').filter((u) => u.requirement.failsWithout === 'install') : [];
  if (blocked.length > 0) return failed(`Helm installation failed: context deadline exceeded [simulator: ${describeUnmet(blocked[0])}]`);
  return undefined;
}
