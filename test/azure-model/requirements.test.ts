// Required outbound as data: every entry sourced, regions substituted, no duplicates, and the
// documented failure modes.
import { describe, expect, it } from 'vitest';
import {
  AML_MANAGED_COMPUTE_FQDNS,
  DOCUMENTED_FAILURES,
  OUTBOUND_REQUIREMENTS,
  amlComputeFqdnsFor,
  failuresFor,
  requirementsFor,
  type ComputeKind,
  type OutboundRequirement,
} from '../../src/azure-model/requirements.js';

const KINDS = Object.keys(OUTBOUND_REQUIREMENTS) as ComputeKind[];
const SOURCE = /^https:\/\/(learn\.microsoft\.com\/(en-us\/)?|github\.com\/[\w.-]+\/[\w.-]+\/issues\/\d+)/;
const key = (r: OutboundRequirement) => `${r.destination}|${r.port}|${r.protocol}`.toLowerCase();
const has = (list: OutboundRequirement[], destination: string, port: number, protocol: OutboundRequirement['protocol']) =>
  list.some((r) => r.destination === destination && r.port === port && r.protocol === protocol);

describe('outbound requirements', () => {
  it('every entry has a source URL, a reason and a valid port', () => {
    for (const r of [...Object.values(OUTBOUND_REQUIREMENTS).flat(), ...AML_MANAGED_COMPUTE_FQDNS]) {
      expect(r.source, r.destination).toMatch(SOURCE);
      expect(r.why.length, r.destination).toBeGreaterThan(10);
      expect(Number.isInteger(r.port) && r.port > 0 && r.port < 65536, r.destination).toBe(true);
    }
  });

  it('has no duplicates within a kind', () => {
    for (const kind of KINDS) {
      const keys = requirementsFor(kind, 'westeurope').map(key);
      expect(new Set(keys).size, kind).toBe(keys.length);
    }
    const fqdns = amlComputeFqdnsFor('westeurope').map(key);
    expect(new Set(fqdns).size).toBe(fqdns.length);
  });

  it("requirementsFor('amlCompute', 'westeurope') substitutes the region", () => {
    const list = requirementsFor('amlCompute', 'westeurope');
    expect(list.some((r) => r.destination.includes('<region>'))).toBe(false);
    expect(has(list, 'BatchNodeManagement.westeurope', 443, 'Any')).toBe(true);
    expect(has(list, 'Storage.westeurope', 443, 'Tcp')).toBe(true);
    expect(has(list, 'Storage.westeurope', 445, 'Tcp')).toBe(true);
    // The data is not modified in place.
    expect(OUTBOUND_REQUIREMENTS.amlCompute.some((r) => r.destination === 'BatchNodeManagement.<region>')).toBe(true);
  });

  it('lists what Learn documents for no-public-IP compute clusters and instances', () => {
    for (const kind of ['amlCompute', 'computeInstance'] as const) {
      const list = requirementsFor(kind, 'westeurope');
      for (const port of [443, 8787, 18881]) expect(has(list, 'AzureMachineLearning', port, 'Tcp')).toBe(true);
      expect(has(list, 'AzureMachineLearning', 5831, 'Udp')).toBe(true);
      for (const tag of ['AzureActiveDirectory', 'AzureResourceManager', 'AzureFrontDoor.FirstParty', 'MicrosoftContainerRegistry', 'AzureMonitor']) {
        expect(has(list, tag, 443, 'Tcp'), tag).toBe(true);
      }
      expect(list.find((r) => r.destination === '*.data.mcr.microsoft.com')?.kind).toBe('fqdn');
    }
  });

  it('lists the AKS rules, with the tunnel ports conditional on konnectivity', () => {
    const list = requirementsFor('aks', 'WestEurope');
    expect(has(list, '*.hcp.westeurope.azmk8s.io', 443, 'Tcp')).toBe(true);
    for (const host of ['mcr.microsoft.com', '*.data.mcr.microsoft.com', 'management.azure.com', 'login.microsoftonline.com', 'packages.microsoft.com', 'acs-mirror.azureedge.net', 'packages.aks.azure.com']) {
      expect(has(list, host, 443, 'Tcp'), host).toBe(true);
    }
    expect(has(list, 'ntp.ubuntu.com', 123, 'Udp')).toBe(true);
    const tunnel = list.filter((r) => r.destination === 'AzureCloud.westeurope');
    expect(tunnel.map((r) => `${r.protocol}:${r.port}`).sort()).toEqual(['Tcp:9000', 'Udp:1194']);
    expect(tunnel.every((r) => r.when?.includes('konnectivity'))).toBe(true);
    expect(list.find((r) => r.destination === 'AzureKubernetesService')?.kind).toBe('fqdnTag');
  });

  it('fills the extension placeholders it is given and keeps the others', () => {
    const list = requirementsFor('azuremlExtension', 'westeurope', { acr: 'crsecureaml' });
    expect(has(list, 'westeurope.dp.kubernetesconfiguration.azure.com', 443, 'Tcp')).toBe(true);
    expect(has(list, 'crsecureaml.westeurope.data.azurecr.io', 443, 'Tcp')).toBe(true);
    expect(list.some((r) => r.destination === '<storage>.blob.core.windows.net')).toBe(true);
  });

  it('rejects a region that is not an ARM location name', () => {
    expect(() => requirementsFor('aks', 'West Europe')).toThrow(RangeError);
    expect(() => requirementsFor('aks', '')).toThrow(RangeError);
  });
});

describe('documented failure modes', () => {
  it('every failure has a source; unconfirmed ones say so', () => {
    for (const f of DOCUMENTED_FAILURES) {
      expect(f.source).toMatch(SOURCE);
      if (!f.confirmed) expect(f.message).toMatch(/^unconfirmed/);
    }
  });

  it('AKS outbound failure: VMExtensionProvisioningError / OutboundConnFailVMExtensionError, exit status 50', () => {
    const f = failuresFor('aks').find((x) => x.subCode === 'OutboundConnFailVMExtensionError');
    expect(f?.code).toBe('VMExtensionProvisioningError');
    expect(f?.exitStatus).toBe(50);
    expect(f?.message).toContain('Unable to establish outbound connection from agents');
  });

  it('attaching AKS with local accounts disabled', () => {
    const f = failuresFor('azuremlExtension')[0];
    expect(f.message).toContain('Getting static credential is not allowed because this cluster is set to disable local accounts');
    expect(f.source).toBe('https://github.com/Azure/AML-Kubernetes/issues/261');
  });

  it('compute failures apply to clusters and instances alike', () => {
    expect(failuresFor('amlCompute')).toEqual(failuresFor('computeInstance'));
    expect(failuresFor('amlCompute').length).toBeGreaterThan(0);
  });
});
