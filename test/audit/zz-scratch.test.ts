import { it } from 'vitest';
import { evaluatePolicy } from '../../src/audit/policy.js';
import { allPolicies, compliantEnvironment, SECURE_PARAMETERS } from './fixtures.js';
it('scratch', () => {
  const env = compliantEnvironment();
  const bare = env.map((r) => ({ id: r.id, name: r.name, type: r.type, properties: {} }));
  for (const { file, def } of allPolicies()) {
    const fs = evaluatePolicy(def, env, { parameters: SECURE_PARAMETERS[def.name!] });
    const bad = fs.filter((f) => f.verdict !== 'compliant');
    const fb = evaluatePolicy(def, bare, { parameters: SECURE_PARAMETERS[def.name!] });
    console.log(file.split('policies/')[1], 'good:', fs.length, bad.map((b) => `${b.resourceId.split('/').slice(-2).join('/')}:${b.verdict}:${b.reason}`).join(' | '), '\n   bare:', fb.map((b) => `${b.resourceId.split('/').slice(-1)}:${b.verdict}:${b.reason}`).join(' | '));
  }
});
