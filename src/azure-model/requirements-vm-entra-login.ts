// Outbound a VM needs for Microsoft Entra ID sign-in (the AADSSHLoginForLinux / AADLoginForWindows VM
// extensions), as the two Learn pages list it under "Network" / "Network requirements": TCP 443 to each host
// for Azure Global. Left out: http://169.254.169.254 (Instance Metadata Service), which both pages list but
// which is a non-routable, host-local address that never leaves the VM's host
// (https://learn.microsoft.com/azure/virtual-machines/instance-metadata-service), so no route, NSG or firewall
// in the VNet decides it. Neither page names a service tag, so none is listed.
import type { OutboundRequirement } from './requirements-types.js';

const LINUX = 'https://learn.microsoft.com/entra/identity/devices/howto-vm-sign-in-azure-ad-linux#network';
const WINDOWS = 'https://learn.microsoft.com/entra/identity/devices/howto-vm-sign-in-azure-ad-windows#network-requirements';

const https = (destination: string, why: string, source: string, failsWithout?: 'install'): OutboundRequirement =>
  ({ destination, kind: 'fqdn', port: 443, protocol: 'Tcp', why, source, ...(failsWithout ? { failsWithout } : {}) });

/**
 * Linux: the extension installs the aadsshlogin packages from packages.microsoft.com, so without it the
 * install fails ("Configuring microsoft-prod repo / Cannot download the GPG public key / curl: (7) Failed
 * connect to packages.microsoft.com:443; Connection timed out": MicrosoftDocs/azure-docs#23916; a 403 from
 * it fails the install the same way: Azure/azure-linux-extensions#1902). The sign-in hosts are used when
 * someone signs in, not by the install.
 */
export const VM_ENTRA_LOGIN_LINUX_OUTBOUND: readonly OutboundRequirement[] = [
  https('packages.microsoft.com', 'Package installation and upgrades (the aadsshlogin packages).', LINUX, 'install'),
  https('login.microsoftonline.com', 'PAM-based authentication flows.', LINUX),
  https('pas.windows.net', 'Azure RBAC flows.', LINUX),
];

/**
 * Windows: installing AADLoginForWindows Microsoft Entra joins the VM ("The AADLoginForWindows extension must
 * be installed successfully for the VM to complete the Microsoft Entra join process", same page), which
 * registers the device with enterpriseregistration.windows.net after authenticating at
 * login.microsoftonline.com; that the install fails without either is the page's troubleshooting section's
 * reading (exit codes of the join), the exact failure is unconfirmed.
 */
export const VM_ENTRA_LOGIN_WINDOWS_OUTBOUND: readonly OutboundRequirement[] = [
  https('enterpriseregistration.windows.net', 'Device registration (Microsoft Entra join).', WINDOWS, 'install'),
  https('login.microsoftonline.com', 'Authentication flows.', WINDOWS, 'install'),
  https('pas.windows.net', 'Azure role-based access control flows.', WINDOWS),
];
