import { describe, expect, it } from 'vitest';
import { buildTarget, classifyFqdn, cloudOf, DESTINATION_CLASSES, expandTags, parseTag, subnetContext, tagCovers, tagRouteRank } from '../../../src/azure-model/network/index.js';
import { ids, storageAccount, tcp, vnet } from './builders.js';

describe('service tags as named sets', () => {
  it('Storage.westeurope ⊂ Storage ⊂ AzureCloud, and ⊂ AzureCloud.westeurope', () => {
    const members = expandTags(['Storage.WestEurope']);
    for (const tag of ['Storage.westeurope', 'Storage', 'AzureCloud.westeurope', 'AzureCloud', 'storage.WESTEUROPE']) {
      expect(tagCovers(tag, members), tag).toBe(true);
    }
    for (const tag of ['Storage.northeurope', 'AzureCloud.northeurope', 'AzureKeyVault', 'Internet', 'VirtualNetwork']) {
      expect(tagCovers(tag, members), tag).toBe(false);
    }
  });

  it('a global tag is not covered by one of its regional subsets', () => {
    expect(tagCovers('Storage.westeurope', expandTags(['Storage']))).toBe(false);
    expect(tagCovers('Storage', expandTags(['Storage']))).toBe(true);
  });

  it('AzureFrontDoor.FirstParty is one tag, not the region "firstparty"', () => {
    expect(parseTag('AzureFrontDoor.FirstParty')).toEqual({ name: 'AzureFrontDoor.FirstParty', service: 'azurefrontdoor.firstparty' });
    expect(parseTag('BatchNodeManagement.WestEurope')).toMatchObject({ service: 'batchnodemanagement', region: 'westeurope' });
  });

  it('address-space tags are not part of AzureCloud', () => {
    expect(tagCovers('AzureCloud', expandTags(['Internet']))).toBe(false);
  });

  it('orders service-tag routes regional > top-level > AzureCloud regional > AzureCloud', () => {
    const ranks = ['Storage.westeurope', 'Storage', 'AzureCloud.westeurope', 'AzureCloud'].map(tagRouteRank);
    expect(ranks).toEqual([...ranks].sort((a, b) => b - a));
    expect(new Set(ranks).size).toBe(4);
  });
});

describe('destination classification (destinations.ts)', () => {
  const cases: [string, string[]][] = [
    ['login.microsoftonline.com', ['AzureActiveDirectory']],
    ['management.azure.com', ['AzureResourceManager']],
    ['mcr.microsoft.com', ['MicrosoftContainerRegistry.{region}']],
    ['westeurope.data.mcr.microsoft.com', ['AzureFrontDoor.FirstParty']],
    ['westeurope.api.azureml.ms', ['AzureMachineLearning']],
    ['abc.westeurope.batch.azure.com', ['BatchNodeManagement.{region}']],
    ['abc.westeurope.service.batch.azure.com', ['BatchNodeManagement.{region}']],
    ['0c4a2a3e-1111-2222-3333-444444444444.ods.opinsights.azure.com', ['AzureMonitor']],
    ['stacct.blob.core.windows.net', ['Storage.{region}']],
    ['kvx.vault.azure.net', ['AzureKeyVault.{region}']],
    ['pypi.org', []],
    ['registry-1.docker.io', []],
    ['github.com', []],
    ['example.org', []],
  ];
  it.each(cases)('%s → %j', (fqdn, tags) => {
    expect(classifyFqdn(fqdn).row?.tags ?? []).toEqual(tags);
  });

  it('every row cites a source', () => {
    for (const row of DESTINATION_CLASSES) expect(row.source).toMatch(/https:\/\//);
  });

  it('a blob FQDN of an account in westeurope is in Storage.westeurope, AzureCloud and Internet', () => {
    const cloud = cloudOf([vnet([{ name: 'a', prefix: '10.0.1.0/24' }]), storageAccount('stacct')]);
    const built = buildTarget(cloud, subnetContext(cloud, ids.subnet('a')), tcp('stacct.blob.core.windows.net'), {}, [], []);
    expect(built.ok).toBe(true);
    if (!built.ok) return;
    expect([...built.target.tags].sort()).toEqual(['azurecloud', 'azurecloud.westeurope', 'internet', 'storage', 'storage.westeurope']);
  });

  it('a destination named by a service tag belongs to it and its supersets', () => {
    const cloud = cloudOf([vnet([{ name: 'a', prefix: '10.0.1.0/24' }])]);
    const built = buildTarget(cloud, subnetContext(cloud, ids.subnet('a')), tcp('BatchNodeManagement.westeurope', 443, 'serviceTag'), {}, [], []);
    if (!built.ok) throw new Error('not built');
    expect(built.target.tags.has('batchnodemanagement.westeurope')).toBe(true);
    expect(built.target.tags.has('batchnodemanagement')).toBe(true);
    expect(built.target.tags.has('internet')).toBe(true);
  });

  it('an IP inside the VNet is in VirtualNetwork, not Internet', () => {
    const cloud = cloudOf([vnet([{ name: 'a', prefix: '10.0.1.0/24' }])]);
    const built = buildTarget(cloud, subnetContext(cloud, ids.subnet('a')), tcp('10.0.3.4', 443, 'ip'), {}, [], []);
    if (!built.ok) throw new Error('not built');
    expect([...built.target.tags]).toEqual(['virtualnetwork']);
  });
});
