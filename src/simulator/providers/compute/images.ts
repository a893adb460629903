// The small marketplace image catalog the simulator knows: the jumpbox images and the Data Science VMs.
// An image not listed answers as Azure does for an unknown platform image (404 PlatformImageNotFound).
// Generation matters: Trusted Launch needs a Gen2 image that supports it
// (https://learn.microsoft.com/azure/virtual-machines/trusted-launch#virtual-machines-sizes and "Operating systems supported").

export interface PlatformImage {
  publisher: string;
  offer: string;
  sku: string;
  osType: 'Linux' | 'Windows';
  hyperVGeneration: 'V1' | 'V2';
  trustedLaunch: boolean;
  /** The version `latest` resolves to (rendered as exactVersion). */
  latest: string;
  osDiskSizeGB: number;
}

const img = (publisher: string, offer: string, sku: string, osType: 'Linux' | 'Windows', gen: 'V1' | 'V2', latest: string, osDiskSizeGB: number): PlatformImage =>
  ({ publisher, offer, sku, osType, hyperVGeneration: gen, trustedLaunch: gen === 'V2', latest, osDiskSizeGB });

/**
 * Ubuntu 24.04 LTS (Canonical's offer on Azure), Windows Server 2022 and 2025 Azure Edition, the Ubuntu 22.04 and
 * Windows Server 2022 Data Science VMs (https://learn.microsoft.com/azure/machine-learning/data-science-virtual-machine/dsvm-ubuntu-intro,
 * …/provision-vm: microsoft-dsvm ubuntu-2204 2204-gen2, dsvm-win-2022 winserver-2022), plus a Gen1 SKU of each
 * OS so Trusted Launch's refusal has something to refuse. Version strings are illustrative (unconfirmed).
 */
export const PLATFORM_IMAGES: readonly PlatformImage[] = [
  img('Canonical', 'ubuntu-24_04-lts', 'server', 'Linux', 'V2', '24.04.202411030', 30),
  img('Canonical', 'ubuntu-24_04-lts', 'server-gen1', 'Linux', 'V1', '24.04.202411030', 30),
  img('Canonical', '0001-com-ubuntu-server-jammy', '22_04-lts-gen2', 'Linux', 'V2', '22.04.202411010', 30),
  img('MicrosoftWindowsServer', 'WindowsServer', '2022-datacenter-azure-edition', 'Windows', 'V2', '20348.2849.241106', 127),
  img('MicrosoftWindowsServer', 'WindowsServer', '2025-datacenter-azure-edition', 'Windows', 'V2', '26100.2314.241107', 127),
  img('MicrosoftWindowsServer', 'WindowsServer', '2022-datacenter', 'Windows', 'V1', '20348.2849.241106', 127),
  img('microsoft-dsvm', 'ubuntu-2204', '2204-gen2', 'Linux', 'V2', '24.11.04', 150),
  img('microsoft-dsvm', 'dsvm-win-2022', 'winserver-2022', 'Windows', 'V2', '24.11.04', 128),
];

const eq = (a: string | undefined, b: string): boolean => a !== undefined && a.toLowerCase() === b.toLowerCase();

/** The image a reference names (publisher/offer/sku case-insensitive; version `latest` or the latest exact one). */
export function findImage(ref: { publisher?: string; offer?: string; sku?: string; version?: string }): PlatformImage | undefined {
  const image = PLATFORM_IMAGES.find((i) => eq(ref.publisher, i.publisher) && eq(ref.offer, i.offer) && eq(ref.sku, i.sku));
  if (!image) return undefined;
  const v = ref.version ?? 'latest';
  return eq(v, 'latest') || v === image.latest ? image : undefined;
}

/** The platform image id a managed OS disk's creationData names. */
export const platformImageId = (sub: string, location: string, i: PlatformImage): string =>
  `/Subscriptions/${sub}/Providers/Microsoft.Compute/Locations/${location}/Publishers/${i.publisher}/ArtifactTypes/VMImage/Offers/${i.offer}/Skus/${i.sku}/Versions/${i.latest}`;
