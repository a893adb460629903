// The endpoints a private endpoint to an Azure Monitor private link scope serves (group `azuremonitor`):
// one private IP per member, several FQDNs per member where Azure compresses endpoints. Read by
// network/private-link.ts when the endpoint is created.
//
// Sources:
// - Global members and zones: spec monitor/…/2023-06-01-preview/examples/PrivateLinkScopePrivateLinkResourceGet.json
//   (requiredMembers api, global.in.ai, profiler, live, snapshot, agentsolutionpackstore, dce-global; the five
//   requiredZoneNames); Azure/bicep-registry-modules avm/res/insights/private-link-scope/tests/e2e/max/main.test.bicep
//   (static ipConfigurations with those members plus diagservicesquery, and oms-/ods-/agent-{region}).
// - FQDNs: Learn "Configure private link for Azure Monitor" (private-link-configure, "Review your endpoint's DNS
//   settings": in.ai, api, live, profiler, snapshot, diagservices-query in privatelink.monitor.azure.com; one
//   {workspaceId} entry per linked workspace in the oms/ods/agentsvc zones; one blob entry for the agents'
//   solution packs); jpazmon-integ/blog articles/AMPLS/ampls-ip-ranges.md (Microsoft Japan support: the eight
//   base FQDNs incl. scadvisorcontentpl.blob.core.windows.net and global.handler.control.monitor.azure.com; three
//   IPs per Log Analytics region; {region}-{n}.in.ai and {region}.livediagnostics per Application Insights region).
// - Endpoint compression (workspaces of one region share the oms/ods/agentsvc IPs): private-link-configure.
// - The member names of the Application Insights regional endpoints are **unconfirmed**.
import { key, type CloudState, type ResourceRecord } from '../../state.js';
import { LA_WORKSPACE, linkedResourcesOf } from './scoped-links.js';

export interface AmplsMember {
  memberName: string;
  fqdn: string;
}

export const AZURE_MONITOR_ZONES = [
  'privatelink.monitor.azure.com',
  'privatelink.oms.opinsights.azure.com',
  'privatelink.ods.opinsights.azure.com',
  'privatelink.agentsvc.azure-automation.net',
  'privatelink.blob.core.windows.net',
] as const;

export const AZURE_MONITOR_GLOBAL_MEMBERS: readonly AmplsMember[] = [
  { memberName: 'api', fqdn: 'api.monitor.azure.com' },
  { memberName: 'global.in.ai', fqdn: 'global.in.ai.monitor.azure.com' },
  { memberName: 'profiler', fqdn: 'profiler.monitor.azure.com' },
  { memberName: 'live', fqdn: 'live.monitor.azure.com' },
  { memberName: 'diagservicesquery', fqdn: 'diagservices-query.monitor.azure.com' },
  { memberName: 'snapshot', fqdn: 'snapshot.monitor.azure.com' },
  { memberName: 'agentsolutionpackstore', fqdn: 'scadvisorcontentpl.blob.core.windows.net' },
  { memberName: 'dce-global', fqdn: 'global.handler.control.monitor.azure.com' },
];

/** Members for the resources the scope links now: the global ones, then per workspace and component region. */
export function amplsMembers(state: CloudState, scope: ResourceRecord): AmplsMember[] {
  const out: AmplsMember[] = [...AZURE_MONITOR_GLOBAL_MEMBERS];
  const add = (m: AmplsMember) => {
    if (!out.some((x) => x.fqdn === m.fqdn)) out.push(m);
  };
  for (const r of linkedResourcesOf(state, scope.id)) {
    const region = String(r.location ?? '').toLowerCase();
    if (key(r.type) === key(LA_WORKSPACE)) {
      const cid = String(r.properties.customerId ?? '').toLowerCase();
      add({ memberName: `oms-${region}`, fqdn: `${cid}.oms.opinsights.azure.com` });
      add({ memberName: `ods-${region}`, fqdn: `${cid}.ods.opinsights.azure.com` });
      add({ memberName: `agent-${region}`, fqdn: `${cid}.agentsvc.azure-automation.net` });
    } else {
      // The component's connection string (insights.ts) names {region}-0.in.applicationinsights.azure.com and
      // {region}.livediagnostics.monitor.azure.com; the former is served as {region}-0.in.ai.monitor.azure.com.
      add({ memberName: `in.ai-${region}`, fqdn: `${region}-0.in.ai.monitor.azure.com` });
      add({ memberName: `livediagnostics-${region}`, fqdn: `${region}.livediagnostics.monitor.azure.com` });
    }
  }
  return out;
}
