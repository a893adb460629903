// The VM sizes a region offers for virtual machines: region-catalog.ts (shared with Azure ML and AKS) plus the
// burstable B-series, which jumpboxes use and neither ML computes nor the catalog list
// (https://learn.microsoft.com/azure/virtual-machines/sizes/general-purpose/b-family; offered in every public
// region the simulator knows: unconfirmed per region).
import { findVmSize as catalogSize } from '../../region-catalog.js';
import { normalizeRegion } from '../../regions.js';

const B_SERIES: readonly string[] = ['Standard_B1s', 'Standard_B1ms', 'Standard_B2s', 'Standard_B2ms', 'Standard_B4ms', 'Standard_B2s_v2', 'Standard_B2as_v2', 'Standard_B2als_v2', 'Standard_B4s_v2'];

/** The size's canonical name if the region offers it (names match case-insensitively), else undefined. */
export function findVmSize(region: string, name: string): string | undefined {
  const fromCatalog = catalogSize(region, name);
  if (fromCatalog) return fromCatalog.name;
  if (!normalizeRegion(region)) return undefined;
  return B_SERIES.find((s) => s.toLowerCase() === name.toLowerCase());
}
