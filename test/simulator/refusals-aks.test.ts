// Refusals of Microsoft.ContainerService managed clusters, one request per error code: a write while an
// operation runs, members fixed at creation, and the Kubernetes version rules of the control plane and of
// the agent pools. The offered minors are 1.31, 1.32 (default) and 1.33.
import { describe, expect, it } from 'vitest';
import { createGroup, harness, type Harness } from './helpers.js';
import { aksBody, clusterPath } from './compute-helpers.js';
import { expectRefused } from './refusal-helpers.js';

const refused = expectRefused;

const pool = (extra: Record<string, unknown> = {}) => ({ name: 'system', mode: 'System', count: 3, vmSize: 'Standard_D4s_v3', osType: 'Linux', type: 'VirtualMachineScaleSets', ...extra });

/** rg1 and a cluster aks1 (system-assigned identity, no custom subnet); settled unless `settle` is false. */
async function withCluster(version?: string, settle = true): Promise<Harness> {
  const h = await harness();
  await createGroup(h);
  const put = await h.call('PUT', clusterPath('aks1'), aksBody({ version }));
  expect(put.status, JSON.stringify(put.body)).toBe(201);
  if (settle) {
    h.clock.advance(1200);
    expect((await h.call('GET', clusterPath('aks1'))).body.properties.provisioningState).toBe('Succeeded');
  }
  return h;
}

describe('managed clusters', () => {
  it('OperationNotAllowed: a PUT while the cluster is still being created', async () => {
    const h = await withCluster('1.32', false);
    refused(await h.call('PUT', clusterPath('aks1'), aksBody({ version: '1.32' })), 409, 'OperationNotAllowed', "Operation is not allowed because there's an in progress create or update managed cluster operation");
  });

  it('PropertyChangeNotAllowed: a new dnsPrefix, and a new vmSize of an existing pool', async () => {
    const h = await withCluster('1.32');
    refused(await h.call('PUT', clusterPath('aks1'), aksBody({ version: '1.32', extra: { dnsPrefix: 'other' } })), 400, 'PropertyChangeNotAllowed', "Changing property 'dnsPrefix' is not allowed.");
    refused(
      await h.call('PUT', clusterPath('aks1'), aksBody({ version: '1.32', pools: [pool({ vmSize: 'Standard_D8s_v3' })] })),
      400,
      'PropertyChangeNotAllowed',
      "Changing property 'vmSize' of agent pool 'system' is not allowed.",
    );
  });

  it('NotAllowedK8sVersionDowngrading: 1.32 back to 1.31', async () => {
    const h = await withCluster('1.32');
    refused(await h.call('PUT', clusterPath('aks1'), aksBody({ version: '1.31' })), 400, 'NotAllowedK8sVersionDowngrading', 'Kubernetes version downgrading from 1.32.7 to 1.31.');
  });

  it('UpgradeNotAllowed: 1.31 straight to 1.33', async () => {
    const h = await withCluster('1.31');
    refused(await h.call('PUT', clusterPath('aks1'), aksBody({ version: '1.33' })), 400, 'UpgradeNotAllowed', 'skips a minor version; minor versions must be upgraded one at a time.');
  });
});

describe('agent pools of a managed cluster', () => {
  it('AgentPoolK8sVersionNotSupported: a pool orchestratorVersion the region does not offer', async () => {
    const h = await harness();
    await createGroup(h);
    const r = await h.call('PUT', clusterPath('aks1'), aksBody({ version: '1.32', pools: [pool({ orchestratorVersion: '1.29.9' })] }));
    refused(r, 400, 'AgentPoolK8sVersionNotSupported', "Version 1.29.9 of agent pool 'system' is not supported in this region.");
  });

  it('NodePoolMcVersionIncompatible: a pool newer than the control plane', async () => {
    const h = await harness();
    await createGroup(h);
    const r = await h.call('PUT', clusterPath('aks1'), aksBody({ version: '1.32', pools: [pool({ orchestratorVersion: '1.33' })] }));
    refused(r, 400, 'NodePoolMcVersionIncompatible', "Agent pool 'system' version 1.33.");
    expect(r.body.error.message).toContain('is greater than the control plane version 1.32.7');
  });
});
