// Azure's naming rules per resource type, and the stable suffix of globally unique names. Pure data
// and checks: the modules in steps/ say which of their names follows which rule.
import { createHash } from 'node:crypto';

export interface NameRule {
  /** What the name is for, in words ("storage account"). */
  label: string;
  min: number;
  max: number;
  /** Character/shape rule; length is checked separately with min/max. */
  pattern: RegExp;
  /** The rule in words, completing "must be ...". */
  rule: string;
}

// Azure's rules: https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules
export const NAME_RULES = {
  resourceGroup: { label: 'resource group', min: 1, max: 90, pattern: /^[-\w.()]*[-\w()]$/, rule: "1-90 letters, digits, '_', '-', '.', '(' and ')', not ending with '.'" },
  vnet: { label: 'virtual network', min: 2, max: 64, pattern: /^[A-Za-z0-9][\w.-]*[\w]$/, rule: "2-64 letters, digits, '_', '-' and '.', starting with a letter or digit and ending with a letter, digit or '_'" },
  keyVault: { label: 'key vault', min: 3, max: 24, pattern: /^(?!.*--)[A-Za-z][A-Za-z0-9-]*[A-Za-z0-9]$/, rule: '3-24 letters, digits and hyphens, starting with a letter, ending with a letter or digit, with no "--"' },
  cmkKey: { label: 'key', min: 1, max: 127, pattern: /^[A-Za-z0-9-]+$/, rule: '1-127 letters, digits and hyphens' },
  storage: { label: 'storage account', min: 3, max: 24, pattern: /^[a-z0-9]+$/, rule: '3-24 lowercase letters and digits' },
  registry: { label: 'container registry', min: 5, max: 50, pattern: /^[A-Za-z0-9]+$/, rule: '5-50 letters and digits' },
  logAnalytics: { label: 'Log Analytics workspace', min: 4, max: 63, pattern: /^[A-Za-z0-9][A-Za-z0-9-]*[A-Za-z0-9]$/, rule: '4-63 letters, digits and hyphens, starting and ending with a letter or digit' },
  appInsights: { label: 'Application Insights component', min: 1, max: 260, pattern: /^[\w.()-]*[\w()-]$/, rule: "1-260 letters, digits, '_', '-', '.', '(' and ')', not ending with '.'" },
  workspace: { label: 'Azure ML workspace', min: 3, max: 33, pattern: /^[A-Za-z0-9][\w-]*$/, rule: "3-33 letters, digits, '-' and '_', starting with a letter or digit" },
  aks: { label: 'AKS cluster', min: 1, max: 63, pattern: /^[A-Za-z0-9]([\w-]*[A-Za-z0-9])?$/, rule: "1-63 letters, digits, '_' and '-', starting and ending with a letter or digit" },
  cluster: { label: 'compute cluster', min: 2, max: 16, pattern: /^[A-Za-z][A-Za-z0-9-]*[A-Za-z0-9]$/, rule: '2-16 letters, digits and hyphens, starting with a letter and not ending with a hyphen' },
  networkResource: { label: 'network resource', min: 1, max: 80, pattern: /^[A-Za-z0-9]([\w.-]*\w)?$/, rule: "1-80 letters, digits, '_', '-' and '.', starting with a letter or digit and ending with a letter, digit or '_'" },
  computeInstance: { label: 'compute instance', min: 3, max: 24, pattern: /^[A-Za-z][A-Za-z0-9-]*$/, rule: '3-24 letters, digits and hyphens, starting with a letter' },
  // The VM name doubles as its computer name, so the stricter Windows rule applies to both images
  // (https://learn.microsoft.com/troubleshoot/windows-server/active-directory/naming-conventions-for-computer-domain-site-ou).
  virtualMachine: { label: 'virtual machine', min: 1, max: 15, pattern: /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/, rule: '1-15 letters, digits and hyphens, starting and ending with a letter or digit' },
} as const satisfies Record<string, NameRule>;

export type NameKind = keyof typeof NAME_RULES;

/** The rule `value` breaks, as "must be ...", or undefined when it is a valid name. */
export function nameProblem(kind: NameKind, value: string): string | undefined {
  const r: NameRule = NAME_RULES[kind];
  const ok = value.length >= r.min && value.length <= r.max && r.pattern.test(value);
  return ok ? undefined : `must be ${r.rule}`;
}

/** First 6 chars of base-36 sha256(`subscriptionId/name/environment`): stable, random-looking. */
export function nameSuffix(subscriptionId: string, name: string, environment: string): string {
  const hex = createHash('sha256').update(`${subscriptionId.toLowerCase()}/${name}/${environment}`).digest('hex');
  return BigInt(`0x${hex}`).toString(36).slice(0, 6);
}

