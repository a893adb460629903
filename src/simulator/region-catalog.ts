// What each region offers: VM sizes (Azure ML's VirtualMachineSize shape, also used for AKS node pools) and
// the Kubernetes versions AKS supports. One table: every public region offers the same, except that a few
// smaller regions have no GPU capacity. Kubernetes 1.29 and 1.30 are retired (not offered any more).
import { normalizeRegion } from './regions.js';

interface VmSize {
  name: string;
  family: string;
  vCPUs: number;
  gpus: number;
  memoryGB: number;
  osVhdSizeMB: number;
  /** Temporary (resource) disk; 0 for sizes without one. */
  maxResourceVolumeMB: number;
  lowPriorityCapable: boolean;
  premiumIO: boolean;
  /** Azure ML compute types that may use the size. */
  supportedComputeTypes: readonly string[];
  /** Linux pay-as-you-go USD per hour (estimatedVMPrices derive from it). */
  linuxPrice: number;
}

const OS_VHD_MB = 1047552;
const CPU_TYPES = ['AmlCompute', 'ComputeInstance', 'MIR'] as const;
const GPU_TYPES = ['AmlCompute', 'ComputeInstance', 'MIR'] as const;

const size = (name: string, family: string, vCPUs: number, memoryGB: number, maxResourceVolumeMB: number, linuxPrice: number, gpus = 0): VmSize => ({
  name,
  family,
  vCPUs,
  gpus,
  memoryGB,
  osVhdSizeMB: OS_VHD_MB,
  maxResourceVolumeMB,
  lowPriorityCapable: true,
  premiumIO: true,
  supportedComputeTypes: gpus > 0 ? GPU_TYPES : CPU_TYPES,
  linuxPrice,
});

const VM_SIZES: readonly VmSize[] = [
  size('Standard_DS2_v2', 'standardDSv2Family', 2, 7, 14336, 0.146),
  size('Standard_DS3_v2', 'standardDSv2Family', 4, 14, 28672, 0.293),
  size('Standard_DS4_v2', 'standardDSv2Family', 8, 28, 57344, 0.585),
  size('Standard_DS5_v2', 'standardDSv2Family', 16, 56, 114688, 1.17),
  size('Standard_DS11_v2', 'standardDSv2Family', 2, 14, 28672, 0.185),
  size('Standard_DS12_v2', 'standardDSv2Family', 4, 28, 57344, 0.371),
  size('Standard_DS13_v2', 'standardDSv2Family', 8, 56, 114688, 0.741),
  size('Standard_D2s_v3', 'standardDSv3Family', 2, 8, 16384, 0.096),
  size('Standard_D4s_v3', 'standardDSv3Family', 4, 16, 32768, 0.192),
  size('Standard_D8s_v3', 'standardDSv3Family', 8, 32, 65536, 0.384),
  size('Standard_D16s_v3', 'standardDSv3Family', 16, 64, 131072, 0.768),
  size('Standard_D32s_v3', 'standardDSv3Family', 32, 128, 262144, 1.536),
  size('Standard_D2s_v5', 'standardDSv5Family', 2, 8, 0, 0.096),
  size('Standard_D4s_v5', 'standardDSv5Family', 4, 16, 0, 0.192),
  size('Standard_D8s_v5', 'standardDSv5Family', 8, 32, 0, 0.384),
  size('Standard_D2ds_v5', 'standardDDSv5Family', 2, 8, 76800, 0.113),
  size('Standard_D4ds_v5', 'standardDDSv5Family', 4, 16, 153600, 0.226),
  size('Standard_D8ds_v5', 'standardDDSv5Family', 8, 32, 307200, 0.452),
  size('Standard_E4s_v3', 'standardESv3Family', 4, 32, 65536, 0.252),
  size('Standard_E8s_v3', 'standardESv3Family', 8, 64, 131072, 0.504),
  size('Standard_E16s_v3', 'standardESv3Family', 16, 128, 262144, 1.008),
  size('Standard_E32s_v3', 'standardESv3Family', 32, 256, 524288, 2.016),
  size('Standard_F4s_v2', 'standardFSv2Family', 4, 8, 32768, 0.169),
  size('Standard_F8s_v2', 'standardFSv2Family', 8, 16, 65536, 0.338),
  size('Standard_F16s_v2', 'standardFSv2Family', 16, 32, 131072, 0.677),
  size('Standard_NC6s_v3', 'standardNCSv3Family', 6, 112, 344064, 3.06, 1),
  size('Standard_NC12s_v3', 'standardNCSv3Family', 12, 224, 688128, 6.12, 2),
  size('Standard_NC24s_v3', 'standardNCSv3Family', 24, 448, 1376256, 12.24, 4),
  size('Standard_NC4as_T4_v3', 'standardNCASv3_T4Family', 4, 28, 180224, 0.526, 1),
  size('Standard_NC8as_T4_v3', 'standardNCASv3_T4Family', 8, 56, 360448, 0.752, 1),
  size('Standard_NC24ads_A100_v4', 'standardNCADSA100v4Family', 24, 220, 65536, 3.673, 1),
  size('Standard_NC48ads_A100_v4', 'standardNCADSA100v4Family', 48, 440, 131072, 7.346, 2),
  size('Standard_ND96asr_v4', 'standardNDASv4_A100Family', 96, 900, 6553600, 27.197, 8),
];

/** Regions without GPU capacity (no NC/ND sizes offered). */
const REGIONS_WITHOUT_GPUS: readonly string[] = ['brazilsoutheast', 'norwaywest'];

/** The VM sizes a region offers, in table order; undefined for an unknown region. */
export function vmSizesIn(region: string): readonly VmSize[] | undefined {
  const r = normalizeRegion(region);
  if (!r) return undefined;
  return REGIONS_WITHOUT_GPUS.includes(r) ? VM_SIZES.filter((s) => s.gpus === 0) : VM_SIZES;
}

/** A size by name (case-insensitive, as Azure matches sizes) if the region offers it. */
export function findVmSize(region: string, name: string): VmSize | undefined {
  return vmSizesIn(region)?.find((s) => s.name.toLowerCase() === name.toLowerCase());
}

/** estimatedVMPrices of Azure ML's VirtualMachineSize (Windows ~1.7x, low priority ~20%). */
export function estimatedVmPrices(s: VmSize): { billingCurrency: 'USD'; unitOfMeasure: 'OneHour'; values: { retailPrice: number; osType: string; vmTier: string }[] } {
  const round = (n: number) => Math.round(n * 1000) / 1000;
  return {
    billingCurrency: 'USD',
    unitOfMeasure: 'OneHour',
    values: [
      { retailPrice: round(s.linuxPrice), osType: 'Linux', vmTier: 'Standard' },
      { retailPrice: round(s.linuxPrice * 0.2), osType: 'Linux', vmTier: 'LowPriority' },
      { retailPrice: round(s.linuxPrice * 1.7), osType: 'Windows', vmTier: 'Standard' },
      { retailPrice: round(s.linuxPrice * 0.4), osType: 'Windows', vmTier: 'LowPriority' },
    ],
  };
}

// ---- Kubernetes versions (AKS) ----

interface KubernetesMinor {
  /** major.minor, e.g. 1.32 */
  version: string;
  isDefault?: boolean;
  isPreview?: boolean;
  supportPlan: readonly string[];
  /** Supported patch versions, oldest first. */
  patches: readonly string[];
}

const KUBERNETES: readonly KubernetesMinor[] = [
  { version: '1.31', supportPlan: ['KubernetesOfficial', 'AKSLongTermSupport'], patches: ['1.31.9', '1.31.10', '1.31.11'] },
  { version: '1.32', isDefault: true, supportPlan: ['KubernetesOfficial'], patches: ['1.32.5', '1.32.6', '1.32.7'] },
  { version: '1.33', supportPlan: ['KubernetesOfficial'], patches: ['1.33.1', '1.33.2', '1.33.3'] },
];

/** The Kubernetes minors AKS offers in a region; undefined for an unknown region. */
export function kubernetesVersionsIn(region: string): readonly KubernetesMinor[] | undefined {
  return normalizeRegion(region) ? KUBERNETES : undefined;
}

const minorOf = (v: string): string => v.split('.').slice(0, 2).join('.');

/** Numeric comparison of dotted versions (1.32.10 > 1.32.9). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** Upgrades from a patch: later patches of its minor, then every patch of the next minor. */
export function upgradesFrom(patch: string): string[] {
  const i = KUBERNETES.findIndex((m) => m.version === minorOf(patch));
  if (i < 0) return [];
  const same = KUBERNETES[i].patches.slice(KUBERNETES[i].patches.indexOf(patch) + 1);
  return [...same, ...(KUBERNETES[i + 1]?.patches ?? [])];
}

/**
 * The patch version a requested version resolves to in a region: '' / undefined -> the default minor's latest
 * patch; 'major.minor' -> its latest patch; 'major.minor.patch' -> itself if offered. Undefined when not offered.
 */
export function resolveKubernetesVersion(region: string, requested: string | undefined): string | undefined {
  const offered = kubernetesVersionsIn(region);
  if (!offered) return undefined;
  const latest = (m: KubernetesMinor) => m.patches[m.patches.length - 1];
  if (requested === undefined || requested === '') {
    const d = offered.find((m) => m.isDefault) ?? offered[offered.length - 1];
    return latest(d);
  }
  if (/^\d+\.\d+$/.test(requested)) {
    const m = offered.find((x) => x.version === requested);
    return m ? latest(m) : undefined;
  }
  return offered.some((m) => m.patches.includes(requested)) ? requested : undefined;
}

