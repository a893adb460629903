// `audit`: read every resource of the environment back from ARM and hold it to Microsoft's
// built-in Azure Policy definitions shipped in templates/policies. Exit 5 on findings.
import path from 'node:path';
import type { GenericResource } from '@azure/arm-resources';
import { isNotFound } from '../src/azure/arm-error.js';
import { evaluatePolicy, loadPolicies, type ArmResource, type Finding } from '../src/audit/policy.js';
import { AuditFindingsError } from '../src/errors.js';
import type { CommonOptions } from '../src/options.js';
import { templatePath } from '../src/paths.js';
import type { StateDoc } from '../src/state/state.js';
import type { Io } from '../src/ui/io.js';
import type { StepEnv } from '../steps/env.js';
import { apiVersionForType, typeOfId } from '../steps/support/ids.js';
import { configFileFor } from './support/config-from-state.js';
import { POLICY_EXEMPTIONS } from './support/policy-exemptions.js';
import { openSession } from './support/session.js';

/** Ids the environment owns: each step's resource and the members of set steps. */
function idsFromState(state: Readonly<StateDoc>): string[] {
  const ids = new Set<string>();
  for (const rec of Object.values(state.steps)) {
    if (rec.status !== 'done') continue;
    if (rec.resourceId) ids.add(rec.resourceId);
    if (rec.outputs?.members) for (const m of JSON.parse(rec.outputs.members) as string[]) ids.add(m);
  }
  return [...ids];
}

/** Nested child resources ARM returns inside their parent (subnets, rules) become resources too. */
function flatten(r: ArmResource): ArmResource[] {
  const out: ArmResource[] = [r];
  for (const v of Object.values(r.properties ?? {})) {
    if (!Array.isArray(v)) continue;
    for (const c of v) if (c && typeof c === 'object' && typeof c.id === 'string' && typeof c.type === 'string' && c.properties) out.push(c as ArmResource);
  }
  return out;
}

export async function collectResources(env: StepEnv, state: Readonly<StateDoc>): Promise<ArmResource[]> {
  const client = (await env.clients.resources()).resources;
  const ids = new Set(idsFromState(state).map((i) => i.toLowerCase()));
  const byId = new Map<string, string>(idsFromState(state).map((i) => [i.toLowerCase(), i]));
  try {
    for await (const r of client.listByResourceGroup(env.names.resourceGroup)) if (r.id && !ids.has(r.id.toLowerCase())) byId.set(r.id.toLowerCase(), r.id);
  } catch (e) {
    if (!isNotFound(e)) throw e;
  }
  const out: ArmResource[] = [];
  for (const id of byId.values()) {
    const type = typeOfId(id);
    const api = apiVersionForType(type);
    if (!api) continue;
    try {
      const r = (await client.getById(id, api)) as GenericResource & { type?: string };
      out.push(...flatten({ ...(r as object), id: r.id ?? id, name: r.name ?? id.split('/').pop()!, type: r.type ?? type } as ArmResource));
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }
  return out;
}

export async function audit(o: CommonOptions, io: Io): Promise<number> {
  const { configFile, state: prior } = await configFileFor(o, io, 'audit');
  const session = await openSession({ ...o, env: prior.environment }, io, 'audit', configFile);
  try {
    const resources = await collectResources(session.env, session.state.snapshot);
    const policies = loadPolicies(templatePath('policies'));
    const findings: (Finding & { file: string })[] = [];
    const exempted: { policy: string; reason: string }[] = [];
    for (const { file, def } of policies) {
      const base = path.basename(file);
      if (POLICY_EXEMPTIONS[base]) { exempted.push({ policy: def.properties.displayName, reason: POLICY_EXEMPTIONS[base] }); continue; }
      for (const f of evaluatePolicy(def, resources)) findings.push({ ...f, file: base });
    }
    const bad = findings.filter((f) => f.verdict === 'non-compliant');
    const evaluated = findings.filter((f) => f.verdict !== 'not-applicable');
    if (o.output === 'json') {
      io.stdout.write(JSON.stringify({
        command: 'audit', status: bad.length ? 'findings' : 'compliant', environment: prior.environment, resources: resources.length,
        policies: policies.length, evaluated: evaluated.length, findings: bad, exempted, next: bad.length ? [`secure-aml apply -c ${configFile}`] : [],
      }, null, 2) + '\n');
    } else {
      const lines = [`audit: ${resources.length} resources of "${prior.environment}" against ${policies.length} built-in policy definitions: ${bad.length ? `${bad.length} finding(s)` : 'compliant'}`];
      for (const f of bad) lines.push(`  ! ${f.displayName}\n      ${f.resourceId}${f.reason ? `\n      ${f.reason}` : ''}`);
      for (const e of exempted) lines.push(`  - exempt: ${e.policy} (${e.reason})`);
      lines.push(`${evaluated.length} evaluations, ${evaluated.length - bad.length} compliant, ${bad.length} non-compliant`);
      io.stdout.write(lines.join('\n') + '\n');
    }
    if (bad.length) throw new AuditFindingsError(`${bad.length} policy finding(s).`, 'Run apply to bring the environment back to the secure baseline, then audit again.');
    return 0;
  } finally {
    await session.close();
  }
}
