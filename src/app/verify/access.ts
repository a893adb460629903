// verify: can people get in (access.mode)? The route is asked of the same models as compute's flows.
// - bastion: Bastion's subnet reaches the jumpbox on its sign-in port (Bastion's NSG outbound, the jumpbox
//   NSG inbound); the jumpbox has no public IP; from the jumpbox subnet the studio (ml.azure.com) is
//   reachable, and the workspace, notebook, storage, vault and registry names resolve privately and are
//   reachable (checks.ts runs the private-endpoint, required-outbound and exfiltration rows for it).
// - vpn: the gateway offers OpenVPN with Entra ID for the client pool; clients reach the DNS resolver's
//   inbound endpoint on 53; through it every private endpoint name resolves to its private address, and
//   clients (arriving through GatewaySubnet from the pool) reach each on 443.
import { reach, resolve, type ArmResource, type Cloud, type Destination, type Verdict } from '../../azure-model/network/index.js';
import { loginPort } from '../../../steps/access.js';
import type { StepEnv } from '../../../steps/env.js';
import type { Row } from './checks.js';

const lc = (s: unknown) => String(s ?? '').toLowerCase();
const nameOf = (id: string | undefined) => (id ?? '').split('/').pop() ?? '';
const propsOf = (r: ArmResource | undefined): Record<string, unknown> => (r?.properties ?? {}) as Record<string, unknown>;
const objs = (v: unknown): Record<string, unknown>[] => (Array.isArray(v) ? v.filter((x): x is Record<string, unknown> => !!x && typeof x === 'object') : []);
const refOf = (v: unknown): string | undefined => (v && typeof v === 'object' && typeof (v as { id?: unknown }).id === 'string' ? (v as { id: string }).id : undefined);
/** ARM GET bodies nest ipConfiguration fields under `properties`; SDK-shaped ones do not. */
const inner = (o: Record<string, unknown>): Record<string, unknown> => ({ ...o, ...((o.properties ?? {}) as Record<string, unknown>) });

export interface Endpoint { fqdn: string; ip: string; pe: ArmResource }

function subnetNamed(cloud: Cloud, env: StepEnv, key: string): ArmResource | undefined {
  const name = lc(env.names[`subnet:${key}`]);
  return cloud.ofType('Microsoft.Network/virtualNetworks/subnets').find((s) => lc(s.name ?? nameOf(s.id)) === name);
}

function verdictRow(base: Omit<Row, 'actual' | 'ok' | 'decidedBy' | 'fix'>, v: Verdict, fix: string, note?: string): Row {
  const actual = v.allowed ? 'allowed' : 'blocked';
  const ok = actual === base.expected;
  return { ...base, actual, ok, decidedBy: `${v.decidedBy.kind}: ${v.decidedBy.detail}`, ...(v.decidedBy.id ? { decidedById: v.decidedBy.id } : {}), fix: ok ? '' : fix, ...(note ? { note } : {}), ...(v.assumptions.length ? { assumptions: v.assumptions } : {}) };
}

function missing(subject: string, target: string, what: string): Row {
  return { section: 'required', kind: 'access', subject, target, expected: 'allowed', actual: 'blocked', ok: false, decidedBy: `${what} is not in the environment as read back`, fix: 'run secure-aml apply to create it' };
}

function bastionRows(cloud: Cloud, env: StepEnv, region: string): Row[] {
  const bastion = cloud.ofType('Microsoft.Network/bastionHosts').find((b) => lc(b.name) === lc(env.names.bastion));
  const vm = cloud.ofType('Microsoft.Compute/virtualMachines').find((v) => lc(v.name) === lc(env.names.jumpbox));
  const nic = cloud.ofType('Microsoft.Network/networkInterfaces').find((n) => lc(n.name) === lc(env.names.jumpboxNic));
  const bastionSubnet = subnetNamed(cloud, env, 'bastion');
  const jumpboxSubnet = subnetNamed(cloud, env, 'jumpbox');
  if (!bastion) return [missing('people (Azure Bastion)', `jumpbox ${env.names.jumpbox}`, `Azure Bastion ${env.names.bastion}`)];
  if (!vm || !nic) return [missing('people (Azure Bastion)', `jumpbox ${env.names.jumpbox}`, `jumpbox ${env.names.jumpbox} or its network interface`)];
  if (!bastionSubnet || !jumpboxSubnet) return [missing('people (Azure Bastion)', `jumpbox ${env.names.jumpbox}`, 'AzureBastionSubnet or the jumpbox subnet')];
  const rows: Row[] = [];
  const bp = propsOf(bastion);
  const sku = lc((bastion.sku as { name?: string } | undefined)?.name);
  const tunnelling = bp.enableTunneling === true;
  rows.push({
    section: 'required', kind: 'access', subject: 'people (Azure Bastion native client)', subjectId: bastion.id, target: `Bastion ${bastion.name} tunnelling (az network bastion ssh/rdp)`,
    expected: 'allowed', actual: sku !== 'basic' && sku !== 'developer' && tunnelling ? 'allowed' : 'blocked', ok: sku !== 'basic' && sku !== 'developer' && tunnelling,
    decidedBy: `bastion ${bastion.name}: sku ${sku || '(none)'}, enableTunneling ${String(bp.enableTunneling ?? false)}`, decidedById: bastion.id,
    fix: sku !== 'basic' && sku !== 'developer' && tunnelling ? '' : `set sku Standard and enableTunneling true on ${bastion.name} (native client needs both)`,
  });
  const ipc = objs(propsOf(nic).ipConfigurations).map(inner);
  const ip = String(ipc[0]?.privateIPAddress ?? '');
  const pip = ipc.map((c) => refOf(c.publicIPAddress)).find(Boolean);
  rows.push({
    section: 'required', kind: 'access', subject: 'internet', subjectId: vm.id, target: `jumpbox ${vm.name} from the internet (public IP)`,
    expected: 'blocked', actual: pip ? 'allowed' : 'blocked', ok: !pip,
    decidedBy: pip ? `nic ${nic.name} has public IP ${nameOf(pip)}` : `nic ${nic.name} has no public IP`, decidedById: pip ?? nic.id,
    fix: pip ? `remove public IP ${nameOf(pip)} from ${nic.name}: people come in through Bastion only` : '',
  });
  const os = env.config.access.jumpbox.os;
  const port = Number(loginPort(os));
  const d: Destination = { address: ip, kind: 'ip', port, protocol: 'Tcp' };
  const v = reach(cloud, bastionSubnet.id, d, { assumeRegion: region });
  rows.push(verdictRow(
    { section: 'required', kind: 'access', subject: 'AzureBastionSubnet', subjectId: bastionSubnet.id, target: `jumpbox ${vm.name} ${ip} Tcp/${port}`, expected: 'allowed' },
    v, `allow Tcp/${port} from AzureBastionSubnet (${String(propsOf(bastionSubnet).addressPrefix ?? '')}) inbound on the jumpbox subnet's NSG, and outbound to VirtualNetwork on AzureBastionSubnet's`,
  ));
  const studio: Destination = { address: 'ml.azure.com', kind: 'fqdn', port: 443, protocol: 'Tcp' };
  const s = reach(cloud, jumpboxSubnet.id, studio, { assumeRegion: region });
  rows.push(verdictRow(
    { section: 'required', kind: 'access', subject: jumpboxSubnet.name ?? 'jumpbox subnet', subjectId: jumpboxSubnet.id, target: 'studio ml.azure.com Tcp/443', expected: 'allowed' },
    s, `allow ml.azure.com (https) from ${jumpboxSubnet.name} in the firewall policy`, 'the studio\'s web app; its calls to the workspace go through the private endpoint (the private-endpoint rows of this subnet)',
  ));
  return rows;
}

function vpnRows(cloud: Cloud, env: StepEnv, region: string, endpoints: Endpoint[]): Row[] {
  const gw = cloud.ofType('Microsoft.Network/virtualNetworkGateways').find((g) => lc(g.name) === lc(env.names.vpnGateway));
  const inbound = cloud.ofType('Microsoft.Network/dnsResolvers/inboundEndpoints').find((e) => lc(e.id).startsWith(`${lc(cloud.ofType('Microsoft.Network/dnsResolvers').find((r) => lc(r.name) === lc(env.names.dnsResolver))?.id)}/`));
  const gatewaySubnet = subnetNamed(cloud, env, 'gateway');
  const pool = env.config.access.vpn.clientAddressPool;
  const subject = `VPN clients (${pool})`;
  if (!gw) return [missing(subject, 'the workspace', `VPN gateway ${env.names.vpnGateway}`)];
  if (!inbound) return [missing(subject, 'private DNS', `DNS resolver ${env.names.dnsResolver}'s inbound endpoint`)];
  if (!gatewaySubnet) return [missing(subject, 'the workspace', 'GatewaySubnet')];
  const rows: Row[] = [];
  const cfg = (propsOf(gw).vpnClientConfiguration ?? {}) as Record<string, unknown>;
  const pools = ((cfg.vpnClientAddressPool ?? {}) as { addressPrefixes?: string[] }).addressPrefixes ?? [];
  const protocols = ((cfg.vpnClientProtocols ?? []) as string[]).map(lc);
  const auth = ((cfg.vpnAuthenticationTypes ?? []) as string[]).map(lc);
  // Entra ID sign-in works only against this tenant, with a client application as audience, on a gateway that provisioned.
  const tenant = lc(env.tenantId);
  const entra = lc(cfg.aadTenant).includes(tenant) && lc(cfg.aadIssuer).includes(tenant) && /^[0-9a-f-]{36}$/.test(lc(cfg.aadAudience));
  const state = String(propsOf(gw).provisioningState ?? '');
  const ok = pools.includes(pool) && protocols.includes('openvpn') && auth.includes('aad') && entra && state === 'Succeeded';
  rows.push({
    section: 'required', kind: 'access', subject, subjectId: gw.id, target: `gateway ${gw.name}: point-to-site with Entra ID`,
    expected: 'allowed', actual: ok ? 'allowed' : 'blocked', ok,
    decidedBy: `gateway ${gw.name} (${state || 'no state'}): pool ${pools.join(', ') || '(none)'}, protocols ${protocols.join(', ') || '(none)'}, authentication ${auth.join(', ') || '(none)'}, tenant ${entra ? 'this one' : `${String(cfg.aadTenant ?? '(none)')} / issuer ${String(cfg.aadIssuer ?? '(none)')}`}`, decidedById: gw.id,
    fix: ok ? '' : `give ${gw.name} a point-to-site configuration with pool ${pool}, protocol OpenVPN and authentication AAD for tenant ${env.tenantId} (secure-aml apply)`,
  });
  const epConfig = objs(propsOf(inbound).ipConfigurations).map(inner)[0] ?? {};
  const dnsIp = String(epConfig.privateIpAddress ?? '');
  const viaGateway = { sourcePrefixes: [pool], assumeRegion: region };
  for (const protocol of ['Udp', 'Tcp'] as const) {
    const v = reach(cloud, gatewaySubnet.id, { address: dnsIp, kind: 'ip', port: 53, protocol }, viaGateway);
    rows.push(verdictRow(
      { section: 'required', kind: 'access', subject, subjectId: inbound.id, target: `DNS resolver inbound ${dnsIp} ${protocol}/53`, expected: 'allowed' },
      v, `allow ${protocol}/53 from ${pool} inbound on the DNS resolver subnet's NSG`,
    ));
  }
  const vnetId = String(refOf(propsOf(cloud.ofType('Microsoft.Network/dnsResolvers')[0]).virtualNetwork) ?? gatewaySubnet.id.split('/subnets/')[0]);
  for (const { fqdn, ip } of endpoints) {
    const host = fqdn.startsWith('*.') ? `probe.${fqdn.slice(2)}` : fqdn;
    const base = { section: 'required' as const, kind: 'access' as const, subject, subjectId: gatewaySubnet.id, target: `${fqdn} → ${ip} Tcp/443 (DNS via ${dnsIp})`, expected: 'allowed' as const };
    const r = resolve(cloud, vnetId, host);
    if (r.answer.kind !== 'private' || r.answer.ip !== ip) {
      const got = r.answer.kind === 'private' ? `A ${r.answer.ip}` : r.answer.kind === 'public' ? 'its public address' : 'NXDOMAIN';
      rows.push({ ...base, actual: 'blocked', ok: false, decidedBy: `dns: the resolver answers ${got} for ${host}, not ${ip} (${r.chain.join(' → ')})`, fix: `link the private DNS zone of ${fqdn} to the resolver's VNet with an A record for ${ip}` });
      continue;
    }
    const v = reach(cloud, gatewaySubnet.id, { address: ip, kind: 'ip', port: 443, protocol: 'Tcp' }, viaGateway);
    const row = verdictRow(base, v, `admit ${pool} to ${ip}:443 (NSG of the private endpoint subnet)`);
    rows.push({ ...row, decidedBy: `dns A ${ip} (${nameOf(r.answer.zoneId)}); ${row.decidedBy}` });
  }
  return rows;
}

/** The access route rows for the configured mode (none: no rows). */
export function accessRows(cloud: Cloud, env: StepEnv, region: string, endpoints: Endpoint[]): Row[] {
  const mode = env.config.access?.mode ?? 'none';
  if (mode === 'bastion') return bastionRows(cloud, env, region);
  if (mode === 'vpn') return vpnRows(cloud, env, region, endpoints);
  return [];
}
