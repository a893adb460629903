// verify: does the scoring cluster's attachment to the workspace work? The supported way is the Azure
// ML extension (microsoft.azureml.kubernetes) plus a Kubernetes compute; the extension needs the
// cluster's local accounts ("doesn't support disabling local accounts for AKS", Learn
// how-to-deploy-kubernetes-extension#limitations; Azure/AML-Kubernetes#261). A v1 attach
// (`computeType: AKS`) belongs to SDK/CLI v1, out of support, and fails the same way.
import type { ArmResource, Cloud } from '../../azure-model/network/index.js';
import { failuresFor } from '../../azure-model/requirements.js';
import type { Row } from './checks.js';

const T_COMPUTE = 'microsoft.machinelearningservices/workspaces/computes';
const T_EXTENSION = 'microsoft.kubernetesconfiguration/extensions';

const propsOf = (r: ArmResource | undefined): Record<string, unknown> => (r?.properties ?? {}) as Record<string, unknown>;
const lc = (v: unknown) => String(v ?? '').toLowerCase();

export function azuremlExtensionOf(cloud: Cloud, clusterId: string): ArmResource | undefined {
  return cloud.ofType(T_EXTENSION).find((e) => lc(e.id).startsWith(`${lc(clusterId)}/`) && lc(propsOf(e).extensionType) === 'microsoft.azureml.kubernetes');
}

export function attachRows(cloud: Cloud): Row[] {
  const refusal = failuresFor('azuremlExtension').find((f) => /static credential/i.test(f.message));
  const localAccounts = `"${refusal?.message ?? 'Getting static credential is not allowed'}", ${refusal?.source ?? 'Azure/AML-Kubernetes#261'}`;
  return cloud.ofType(T_COMPUTE).flatMap((compute): Row[] => {
    const p = propsOf(compute);
    const type = lc(p.computeType);
    if (type !== 'aks' && type !== 'kubernetes') return [];
    const clusterId = typeof p.resourceId === 'string' ? p.resourceId : '';
    const cluster = cloud.get(clusterId);
    const clusterName = clusterId.split('/').pop();
    const name = compute.name ?? compute.id.split('/').pop() ?? '';
    const base = { section: 'required' as const, kind: 'aks-attach' as const, subject: name, subjectId: compute.id, expected: 'allowed' as const };
    const blocked = (target: string, decidedBy: string, decidedById: string | undefined, fix: string): Row[] =>
      [{ ...base, target, actual: 'blocked', ok: false, decidedBy, decidedById, fix }];
    if (type === 'aks') {
      return blocked(`AKS attach (v1) of ${clusterName}`,
        propsOf(cluster).disableLocalAccounts === true
          ? `cluster ${clusterName} has disableLocalAccounts true: the v1 attach needs static credentials (${localAccounts})`
          : 'the v1 AKS attach belongs to SDK and CLI v1, which are out of support',
        cluster?.id ?? compute.id,
        `detach ${name} and attach ${clusterName} through the Azure ML extension (microsoft.azureml.kubernetes) as a Kubernetes compute with its identity, instead of the v1 AKS attach`
          + (propsOf(cluster).disableLocalAccounts === true ? `; the extension needs local accounts: set disableLocalAccounts false on ${clusterName}` : ''));
    }
    const target = `Kubernetes compute on ${clusterName} (Azure ML extension)`;
    if (!cluster) return blocked(target, `cluster ${clusterId} not found in the resource group`, compute.id, 'run secure-aml apply to recreate the cluster');
    if (propsOf(cluster).disableLocalAccounts === true) {
      return blocked(target, `cluster ${clusterName} has disableLocalAccounts true, which the Azure ML extension does not support (${localAccounts})`, cluster.id,
        `set disableLocalAccounts false on ${clusterName} (Entra ID and Azure RBAC stay on), then attach again`);
    }
    const ext = azuremlExtensionOf(cloud, cluster.id);
    const state = propsOf(ext).provisioningState;
    if (!ext || lc(state) !== 'succeeded') {
      return blocked(target, ext ? `extension ${ext.name} is ${String(state)}` : `no microsoft.azureml.kubernetes extension on ${clusterName}`, ext?.id ?? cluster.id,
        `install the Azure ML extension on ${clusterName} (secure-aml apply), then attach again`);
    }
    if (lc(p.provisioningState) !== 'succeeded') {
      return blocked(target, `compute ${name} is ${String(p.provisioningState)}`, compute.id, 'run secure-aml apply to attach the cluster again');
    }
    return [{ ...base, target, actual: 'allowed', ok: true, decidedBy: `extension ${ext.name} Succeeded; compute ${name} Succeeded; local accounts kept for the extension`, fix: '' }];
  });
}
