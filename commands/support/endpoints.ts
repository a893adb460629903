// What a user needs after apply to reach a private workspace: the studio URL, each private
// endpoint's FQDNs and private IPs, and the hosts-file lines a VPN user without a DNS forwarder
// needs (seed 001 §4). Read from the outputs the steps recorded in state.
import type { StateDoc } from '../../src/state/state.js';

export interface EndpointRecord { endpoint: string; fqdn: string; ip: string }

export interface AccessDetails {
  studioUrl?: string;
  privateEndpoints: EndpointRecord[];
  hostsFile: string[];
}

export function accessDetails(state: Readonly<StateDoc>, tenantId: string): AccessDetails {
  const ws = state.steps.workspace;
  const studioUrl = ws?.status === 'done' && ws.outputs?.id ? `https://ml.azure.com/?wsid=${ws.outputs.id}&tid=${tenantId}` : undefined;
  const privateEndpoints: EndpointRecord[] = [];
  for (const [id, rec] of Object.entries(state.steps)) {
    if (!id.startsWith('pe-') || rec.status !== 'done' || !rec.outputs?.dns) continue;
    for (const r of JSON.parse(rec.outputs.dns) as { fqdn: string; ip: string }[]) privateEndpoints.push({ endpoint: id.slice(3), ...r });
  }
  privateEndpoints.sort((a, b) => a.endpoint.localeCompare(b.endpoint) || a.fqdn.localeCompare(b.fqdn));
  // A hosts file cannot hold wildcards (the inference endpoint): those need the private DNS zone.
  const hostsFile = privateEndpoints.filter((p) => !p.fqdn.startsWith('*')).map((p) => `${p.ip.padEnd(15)} ${p.fqdn}`);
  return { studioUrl, privateEndpoints, hostsFile };
}
