// Azure naming rules per resource type (learn.microsoft.com "Naming rules and restrictions for Azure
// resources"). Checked before anything else, as the resource providers do.
import { badRequest, type ArmError } from './errors.js';

export interface NameRule {
  min: number;
  max: number;
  pattern: RegExp;
  /** Human description used in the error message. */
  describe: string;
}

/** Network RP's common rule: word chars, '.', '-', '_'; start with a word char; end with a word char or '_'. */
function networkRule(min: number, max: number): NameRule {
  return {
    min,
    max,
    pattern: /^[A-Za-z0-9](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?$/,
    describe:
      `The name can be ${min === 1 ? 'up to' : `between ${min} and`} ${max} characters long. It must begin with a word character, ` +
      "and it must end with a word character or with '_'. The name may contain word characters or '.', '-', '_'.",
  };
}

export const NAME_RULES = {
  resourceGroup: {
    min: 1,
    max: 90,
    pattern: /^[-\w._()\p{L}\p{N}]*[-\w_()\p{L}\p{N}]$/u,
    describe:
      'Resource group names can be 1-90 characters long and may only contain underscores, hyphens, periods, parentheses, letters and digits, and cannot end in a period.',
  },
  virtualNetwork: networkRule(2, 64),
  subnet: networkRule(1, 80),
  networkSecurityGroup: networkRule(1, 80),
  securityRule: networkRule(1, 80),
  networkInterface: networkRule(1, 80),
  ipConfiguration: networkRule(1, 80),
} satisfies Record<string, NameRule>;

/**
 * Resource group names: ARM answers InvalidResourceGroup (Azure/azure-cli#14481: "The provided resource group
 * name '…' has these invalid characters: '…'. The name can only be a letter, digit, '-', '.', '(', ')' or '_'.").
 */
export function resourceGroupNameError(name: string): ArmError | undefined {
  const invalid = [...new Set([...name].filter((c) => !/[-\w.()\p{L}\p{N}]/u.test(c)))].join('');
  if (invalid !== '') {
    return badRequest(
      'InvalidResourceGroup',
      `The provided resource group name '${name}' has these invalid characters: '${invalid}'. The name can only be a letter, digit, '-', '.', '(', ')' or '_'.`,
    );
  }
  // Length and the trailing period (ARM-names): same code, wording **unconfirmed**.
  if (name.length < 1 || name.length > 90) return badRequest('InvalidResourceGroup', `The provided resource group name '${name}' must be between 1 and 90 characters long.`);
  if (name.endsWith('.')) return badRequest('InvalidResourceGroup', `The provided resource group name '${name}' cannot end with a period.`);
  return undefined;
}

export function nameError(name: string, rule: NameRule): ArmError | undefined {
  const ok = name.length >= rule.min && name.length <= rule.max && rule.pattern.test(name);
  return ok ? undefined : badRequest('InvalidResourceName', `Resource name ${name} is invalid. ${rule.describe}`);
}

export function checkName(name: string, rule: NameRule): void {
  const err = nameError(name, rule);
  if (err) throw err;
}
