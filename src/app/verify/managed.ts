// verify for egress "managed": compute runs in the workspace's managed VNet, not in a subnet of ours,
// so its ways out are the workspace's outbound rules (Required ones Azure adds and maintains, and
// UserDefined ones), not routes and NSGs (https://learn.microsoft.com/azure/machine-learning/how-to-managed-network).
// Required: the network is provisioned and the private endpoint rules to the workspace's own
// resources are active. Exfiltration: each probe against every rule (FQDN with Azure Firewall's
// wildcard semantics, service tags with their containment, private endpoints by target).
import { classifyFqdn, expandTags, fqdnMatchesTarget, tagCovers, type ArmResource } from '../../azure-model/network/index.js';
import type { MatrixInput, Row, Skipped } from './checks.js';

const lc = (s: unknown) => String(s ?? '').toLowerCase();
const propsOf = (r: ArmResource | undefined): Record<string, unknown> => (r?.properties ?? {}) as Record<string, unknown>;
const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' ? (v as Record<string, unknown>) : {});

interface Rule { name: string; type: string; category: string; status: string; destination: unknown }

/** The workspace whose managed network allows only approved outbound, if any. */
export function managedWorkspace(input: MatrixInput): ArmResource | undefined {
  return input.cloud.ofType('Microsoft.MachineLearningServices/workspaces').find((w) => lc(obj(propsOf(w).managedNetwork).isolationMode) === 'allowonlyapprovedoutbound');
}

function rulesOf(ws: ArmResource): Rule[] {
  const rules = obj(obj(propsOf(ws).managedNetwork).outboundRules);
  return Object.entries(rules).map(([name, r]) => {
    const o = obj(r);
    return { name, type: lc(o.type), category: String(o.category ?? ''), status: String(o.status ?? ''), destination: o.destination };
  });
}

function permits(rule: Rule, fqdn: string, tags: ReadonlySet<string>, resourceName: string | undefined): boolean {
  if (rule.type === 'fqdn') return String(rule.destination ?? '').split(',').some((d) => fqdnMatchesTarget(d.trim(), fqdn));
  if (rule.type === 'servicetag') return tagCovers(String(obj(rule.destination).serviceTag ?? ''), tags);
  if (rule.type === 'privateendpoint') {
    const target = String(obj(rule.destination).serviceResourceId ?? '');
    return !!resourceName && lc(target.split('/').pop()) === lc(resourceName);
  }
  return false;
}

export function managedRows(input: MatrixInput, ws: ArmResource, probes: { address: string; what: string }[], region: string, rows: Row[], skipped: Skipped[]): void {
  const subject = `managed network of ${ws.name}`;
  const net = obj(propsOf(ws).managedNetwork);
  const status = String(obj(net.status).status ?? 'Inactive');
  const base = { subject, subjectId: ws.id };
  rows.push({
    ...base, section: 'required', kind: 'required-outbound', target: 'managed network provisioned', expected: 'allowed',
    actual: status === 'Active' ? 'allowed' : 'blocked', ok: status === 'Active',
    decidedBy: `managedNetwork.status.status ${status}`, decidedById: ws.id,
    fix: status === 'Active' ? '' : 'provision it before any compute: secure-aml apply (provisionManagedNetwork)',
  });
  const rules = rulesOf(ws);
  const targets = [propsOf(ws).storageAccount, propsOf(ws).keyVault, propsOf(ws).containerRegistry].filter((x): x is string => typeof x === 'string');
  for (const t of targets) {
    const rule = rules.find((r) => r.type === 'privateendpoint' && lc(obj(r.destination).serviceResourceId) === lc(t));
    const ok = !!rule && (rule.status === '' || lc(rule.status) === 'active');
    rows.push({
      ...base, section: 'required', kind: 'private-endpoint', target: `private endpoint rule to ${t.split('/').pop()}`, expected: 'allowed', actual: ok ? 'allowed' : 'blocked', ok,
      decidedBy: rule ? `outbound rule ${rule.name} (${rule.category}) is ${rule.status || 'present'}` : 'no private endpoint outbound rule targets it', decidedById: ws.id,
      fix: ok ? '' : `provision the managed network (secure-aml apply); Azure adds this rule for the workspace's own ${t.split('/')[7] ?? 'resource'}`,
    });
  }
  skipped.push({
    subject, target: 'the service tags and hosts compute in a customer VNet needs', when: 'compute runs in a customer-managed VNet',
    reason: 'compute runs in the managed VNet; Azure adds and maintains its required outbound rules itself (how-to-managed-network, required rules)',
  });
  for (const p of probes) {
    const cls = classifyFqdn(p.address);
    const tags = expandTags((cls.row?.tags ?? []).map((t) => t.replace('{region}', region)).concat('Internet'));
    const rule = rules.find((r) => permits(r, p.address, tags, cls.groups.name));
    rows.push({
      ...base, section: 'exfiltration', kind: 'exfiltration', target: `${p.address} Tcp/443`, expected: 'blocked',
      actual: rule ? 'allowed' : 'blocked', ok: !rule,
      decidedBy: rule ? `outbound rule ${rule.name} (${rule.type}, ${rule.category}) permits it` : 'no outbound rule permits it (AllowOnlyApprovedOutbound denies the rest)',
      decidedById: ws.id,
      fix: !rule ? '' : rule.category === 'Required'
        ? `Azure adds ${rule.name} to every managed network; the path cannot be closed in this mode: use egress firewall`
        : `remove outbound rule ${rule.name} from the workspace's managed network (network.outboundGroups)`,
      note: p.what,
    });
  }
}
