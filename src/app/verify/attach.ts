// verify: does the scoring cluster's attachment to the workspace work? A v1 attach (`computeType: AKS`)
// fetches the cluster's static credentials, which AKS refuses when local accounts are disabled — as the
// baseline creates it. The failure is documented in requirements-failures (Azure/AML-Kubernetes#261;
// Learn how-to-deploy-kubernetes-extension#limitations).
import type { ArmResource, Cloud } from '../../azure-model/network/index.js';
import { failuresFor } from '../../azure-model/requirements.js';
import type { Row } from './checks.js';

const T_COMPUTE = 'microsoft.machinelearningservices/workspaces/computes';

const propsOf = (r: ArmResource | undefined): Record<string, unknown> => (r?.properties ?? {}) as Record<string, unknown>;

export function attachRows(cloud: Cloud): Row[] {
  const refusal = failuresFor('azuremlExtension').find((f) => /static credential/i.test(f.message));
  return cloud.ofType(T_COMPUTE).flatMap((compute): Row[] => {
    const p = propsOf(compute);
    if (String(p.computeType).toLowerCase() !== 'aks') return [];
    const clusterId = typeof p.resourceId === 'string' ? p.resourceId : '';
    const cluster = cloud.get(clusterId);
    const name = compute.name ?? compute.id.split('/').pop() ?? '';
    const base = { section: 'required' as const, kind: 'aks-attach' as const, subject: name, subjectId: compute.id, target: `AKS attach (v1) of ${clusterId.split('/').pop()}`, expected: 'allowed' as const };
    if (propsOf(cluster).disableLocalAccounts === true) {
      return [{
        ...base, actual: 'blocked', ok: false,
        decidedBy: `cluster ${cluster!.name} has disableLocalAccounts true: the v1 attach needs static credentials ("${refusal?.message ?? 'Getting static credential is not allowed'}", ${refusal?.source ?? 'Azure/AML-Kubernetes#261'})`,
        decidedById: cluster!.id,
        fix: 'attach the cluster through the Azure ML extension (microsoft.azureml.kubernetes) as a Kubernetes compute with its identity, instead of the v1 AKS attach (SDK and CLI v1, out of support)',
      }];
    }
    return [{
      ...base, actual: 'allowed', ok: true,
      decidedBy: cluster ? `cluster ${cluster.name} keeps local accounts` : `cluster ${clusterId} not found in the resource group`,
      fix: '',
      note: 'the v1 AKS attach belongs to SDK and CLI v1, which are out of support; local accounts stay enabled for it',
    }];
  });
}
