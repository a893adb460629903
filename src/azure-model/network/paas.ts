// The PaaS resource behind a public FQDN, when the cloud holds it.

import type { Cloud } from './cloud.js';
import type { ArmResource } from './types.js';
import { classifyFqdn, PAAS_TYPES, type FqdnClass } from './destinations.js';
import { props, str } from './props.js';

export interface PaasEndpoint extends FqdnClass {
  resource?: ArmResource;
}

export function findPaasEndpoint(cloud: Cloud, fqdn: string): PaasEndpoint {
  const c = classifyFqdn(fqdn);
  const kind = c.row?.paas;
  if (!kind) return c;
  const candidates = cloud.ofType(PAAS_TYPES[kind]);
  const { name, wsid, cid } = c.groups;
  const resource = candidates.find((r) => {
    if (kind === 'mlWorkspace') return !!wsid && str(props(r), 'workspaceId')?.toLowerCase() === wsid;
    if (kind === 'logAnalytics') return !!cid && str(props(r), 'customerId')?.toLowerCase() === cid;
    return !!name && (r.name ?? '').toLowerCase() === name;
  });
  return { ...c, resource };
}
