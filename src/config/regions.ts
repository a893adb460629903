// Azure public-cloud region names as ARM spells them (`az account list-locations --query "[].name"`),
// physical regions only: no logical geographies ("europe", "unitedstates"), no staging or EUAP
// canaries, no sovereign clouds. Sorted by geography so a reviewer can spot a missing one.
export const AZURE_REGIONS = [
  // Americas
  'eastus', 'eastus2', 'centralus', 'northcentralus', 'southcentralus', 'westcentralus',
  'westus', 'westus2', 'westus3',
  'canadacentral', 'canadaeast',
  'brazilsouth', 'brazilsoutheast',
  'mexicocentral', 'chilecentral',
  // Europe
  'northeurope', 'westeurope',
  'uksouth', 'ukwest',
  'francecentral', 'francesouth',
  'germanywestcentral', 'germanynorth',
  'switzerlandnorth', 'switzerlandwest',
  'norwayeast', 'norwaywest',
  'swedencentral', 'swedensouth',
  'italynorth', 'polandcentral', 'spaincentral', 'belgiumcentral', 'austriaeast',
  // Middle East and Africa
  'uaenorth', 'uaecentral', 'qatarcentral', 'israelcentral',
  'southafricanorth', 'southafricawest',
  // Asia Pacific
  'eastasia', 'southeastasia',
  'japaneast', 'japanwest',
  'koreacentral', 'koreasouth',
  'centralindia', 'southindia', 'westindia', 'jioindiacentral', 'jioindiawest',
  'australiaeast', 'australiasoutheast', 'australiacentral', 'australiacentral2',
  'newzealandnorth', 'indonesiacentral', 'malaysiawest',
] as const;

export type AzureRegion = (typeof AZURE_REGIONS)[number];
