// Every Azure resource name the tool uses, derived from the short `name`, the environment and a
// stable suffix by the module that owns the resource (steps/<x>.ts `names`), and checked against
// Azure's naming rules (naming-rules.ts) before any call is made.
import { NAME_SPECS } from '../../steps/index.js';
import type { Names } from '../../steps/module.js';
import type { Problem } from '../errors.js';
import { NAME_RULES, nameProblem, nameSuffix } from './naming-rules.js';
import { type Finding, quote, toProblems } from './problems.js';
import type { Config } from './schema.js';

export type { Names } from '../../steps/module.js';

export function deriveNames(config: Config): Names {
  const base = { name: config.name, environment: config.environment, suffix: nameSuffix(config.subscriptionId, config.name, config.environment) };
  return { suffix: base.suffix, ...Object.fromEntries(NAME_SPECS.map((s) => [s.key, s.derive(config, base)])) };
}

/** Name checks with the paths each one read (see problems.ts `Finding`). */
export function nameFindings(config: Config, names: Names): Finding[] {
  const out: Finding[] = [];
  const base = ['name', 'environment'];
  for (const s of NAME_SPECS) {
    const value = names[s.key];
    const msg = nameProblem(s.kind, value);
    if (!msg) continue;
    if (s.path && s.explicit?.(config) !== undefined) {
      out.push({ path: s.path, message: `${quote(value)} ${msg}`, involves: [s.path] });
      continue;
    }
    out.push({
      path: 'name',
      message: `${quote(config.name)} gives the ${s.label ?? NAME_RULES[s.kind].label} the name ${quote(value)}, which ${msg}; choose a shorter name${s.path ? ` or set ${s.path}` : ''}`,
      involves: s.path ? [...base, s.path] : base,
    });
  }
  return out;
}

/** Problems with the names in `names` (derived or set in `config`), each on the path that sets it. */
export function validateNames(config: Config, names: Names): Problem[] {
  return toProblems(nameFindings(config, names));
}

export { nameProblem, nameSuffix } from './naming-rules.js';
