// Public Azure regions the simulator accepts, and their pairs (Microsoft.Storage service endpoints
// report the VNet's region and its pair). ARM accepts display names ("East US") and normalises them.
const PAIRS: Record<string, string> = {
  eastus: 'westus', westus: 'eastus', eastus2: 'centralus', centralus: 'eastus2',
  southcentralus: 'northcentralus', northcentralus: 'southcentralus',
  westus2: 'westcentralus', westcentralus: 'westus2', westus3: 'eastus',
  northeurope: 'westeurope', westeurope: 'northeurope', uksouth: 'ukwest', ukwest: 'uksouth',
  francecentral: 'francesouth', francesouth: 'francecentral',
  germanywestcentral: 'germanynorth', germanynorth: 'germanywestcentral',
  norwayeast: 'norwaywest', norwaywest: 'norwayeast',
  switzerlandnorth: 'switzerlandwest', switzerlandwest: 'switzerlandnorth',
  swedencentral: 'swedensouth', swedensouth: 'swedencentral',
  australiaeast: 'australiasoutheast', australiasoutheast: 'australiaeast',
  australiacentral: 'australiacentral2', australiacentral2: 'australiacentral',
  japaneast: 'japanwest', japanwest: 'japaneast', koreacentral: 'koreasouth', koreasouth: 'koreacentral',
  eastasia: 'southeastasia', southeastasia: 'eastasia',
  centralindia: 'southindia', southindia: 'centralindia', westindia: 'southindia',
  canadacentral: 'canadaeast', canadaeast: 'canadacentral', brazilsouth: 'southcentralus',
  brazilsoutheast: 'brazilsouth', southafricanorth: 'southafricawest', southafricawest: 'southafricanorth',
  uaenorth: 'uaecentral', uaecentral: 'uaenorth', centraluseuap: 'eastus2euap', eastus2euap: 'centraluseuap',
};

/** Regions without a pair (newer "availability zone first" regions). */
const UNPAIRED = [
  'italynorth', 'polandcentral', 'spaincentral', 'mexicocentral', 'israelcentral', 'qatarcentral',
  'newzealandnorth', 'indonesiacentral', 'malaysiawest', 'chilecentral', 'austriaeast', 'belgiumcentral',
  'jioindiawest', 'jioindiacentral',
];

export const REGIONS: readonly string[] = [...new Set([...Object.keys(PAIRS), ...UNPAIRED])].sort();

/** "East US" / "EastUS" / "eastus" -> "eastus"; undefined when it is not a known public region. */
export function normalizeRegion(location: string): string | undefined {
  const key = location.replace(/\s+/g, '').toLowerCase();
  return REGIONS.includes(key) ? key : undefined;
}

export function pairedRegion(region: string): string | undefined {
  return PAIRS[region];
}
