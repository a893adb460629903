// The `init` questions: what the seeds spend a week of portal clicks on, asked once, each answer
// validated as it is typed with the same rules `apply` enforces. Prompts are injected so tests can
// drive them (through the Io); the result is a plain config object (the same shape `apply -c` reads).
import { cidrProblem } from '../config/cidr.js';
import { checkNetwork } from '../config/layout.js';
import { validateConfig } from '../config/load.js';
import { AZURE_REGIONS } from '../config/regions.js';
import type { Prompter } from './io.js';

/** The wizard asks through the Io's prompter (io.prompt), so a test Io can answer from a script. */
export type Prompts = Prompter;

export interface WizardAnswers {
  subscriptionId: string;
  location: string;
  name: string;
  environment: string;
  addressSpace: string;
  training: string;
  scoring: string;
  privateEndpoints: string;
  cmk: boolean;
  vmSize: string;
  aks: boolean;
  itAdmins: string;
  dataScientists: string;
  dataScientistSuperUsers: string;
}

export const WIZARD_DEFAULTS: Omit<WizardAnswers, 'subscriptionId' | 'name'> = {
  location: 'westeurope', environment: 'dev', addressSpace: '10.0.0.0/16', training: '10.0.1.0/24', scoring: '10.0.2.0/24',
  privateEndpoints: '10.0.3.0/24', cmk: true, vmSize: 'Standard_DS3_v2', aks: true, itAdmins: '', dataScientists: '', dataScientistSuperUsers: '',
};

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function validatePrincipals(text: string): true | string {
  const ids = splitList(text);
  const bad = ids.filter((i) => !GUID.test(i.replace(/^(user|group|sp):/i, '')));
  return bad.length ? `not object ids (GUIDs): ${bad.join(', ')}; separate several with commas, prefix group: or sp: for groups and service principals` : true;
}

export function splitList(text: string): string[] {
  return text.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean);
}

/** Network answers so far → the first problem for the field being asked, or true. */
function networkCheck(a: Partial<WizardAnswers>, field: 'addressSpace' | 'training' | 'scoring' | 'privateEndpoints', value: string, aks: boolean): true | string {
  const own = cidrProblem(value);
  if (own) return own;
  const layout = {
    addressSpace: field === 'addressSpace' ? value : a.addressSpace ?? WIZARD_DEFAULTS.addressSpace,
    subnets: {
      training: field === 'training' ? value : a.training ?? WIZARD_DEFAULTS.training,
      scoring: field === 'scoring' ? value : a.scoring ?? WIZARD_DEFAULTS.scoring,
      privateEndpoints: field === 'privateEndpoints' ? value : a.privateEndpoints ?? WIZARD_DEFAULTS.privateEndpoints,
    },
  };
  const asked = field === 'addressSpace' ? 'network.addressSpace' : `network.subnets.${field}`;
  // Only complain about this field, and about subnets already answered.
  const problem = checkNetwork(layout, { aks: { enabled: aks, nodeCount: 3 } } as never).find((p) => p.path === asked);
  return problem ? problem.message : true;
}

export async function runWizard(p: Prompts, subscriptions: { id: string; name: string }[], preset: Partial<WizardAnswers> = {}): Promise<WizardAnswers> {
  const a: Partial<WizardAnswers> = { ...preset };
  if (!a.subscriptionId) {
    a.subscriptionId = subscriptions.length
      ? await p.select({ message: 'Subscription', choices: subscriptions.map((s) => ({ name: `${s.name} (${s.id})`, value: s.id })) })
      : await p.input({ message: 'Subscription id', validate: (v) => (GUID.test(v.trim()) ? true : 'a subscription id is a GUID') });
  }
  a.location ??= await p.select({ message: 'Region', choices: AZURE_REGIONS.map((r) => ({ name: r, value: r })), default: WIZARD_DEFAULTS.location });
  a.name ??= await p.input({ message: 'Short name (2-10 lowercase letters and digits; every resource name derives from it)', validate: (v) => (/^[a-z][a-z0-9]{1,9}$/.test(v) ? true : 'use 2-10 lowercase letters and digits, starting with a letter') });
  a.environment ??= await p.input({ message: 'Environment', default: WIZARD_DEFAULTS.environment, validate: (v) => (/^[a-z][a-z0-9-]{0,15}$/.test(v) && !v.endsWith('-') ? true : 'lowercase letters, digits and -, up to 16') });
  a.aks ??= await p.confirm({ message: 'Private AKS cluster for real-time scoring?', default: WIZARD_DEFAULTS.aks });
  a.addressSpace ??= await p.input({ message: 'VNet address space', default: WIZARD_DEFAULTS.addressSpace, validate: (v) => networkCheck(a, 'addressSpace', v, a.aks!) });
  a.training ??= await p.input({ message: 'Training subnet', default: WIZARD_DEFAULTS.training, validate: (v) => networkCheck(a, 'training', v, a.aks!) });
  a.scoring ??= await p.input({ message: 'Scoring subnet', default: WIZARD_DEFAULTS.scoring, validate: (v) => networkCheck(a, 'scoring', v, a.aks!) });
  a.privateEndpoints ??= await p.input({ message: 'Private endpoint subnet', default: WIZARD_DEFAULTS.privateEndpoints, validate: (v) => networkCheck(a, 'privateEndpoints', v, a.aks!) });
  a.cmk ??= await p.confirm({ message: 'Encrypt with a customer-managed key?', default: WIZARD_DEFAULTS.cmk });
  a.vmSize ??= await p.input({ message: 'Compute cluster VM size', default: WIZARD_DEFAULTS.vmSize, validate: (v) => (/^Standard_[A-Za-z0-9_]+$/.test(v) ? true : 'a VM size such as Standard_DS3_v2') });
  a.itAdmins ??= await p.input({ message: 'IT admins (object ids, comma-separated; blank for none)', default: '', validate: validatePrincipals });
  a.dataScientists ??= await p.input({ message: 'Data scientists (object ids)', default: '', validate: validatePrincipals });
  a.dataScientistSuperUsers ??= await p.input({ message: 'Data scientist super users (object ids)', default: '', validate: validatePrincipals });
  return a as WizardAnswers;
}

function principals(text: string): { objectId: string; type: 'User' | 'Group' | 'ServicePrincipal' }[] {
  return splitList(text).map((entry) => {
    const m = /^(user|group|sp):(.*)$/i.exec(entry);
    const kind = m?.[1].toLowerCase();
    return { objectId: m ? m[2] : entry, type: kind === 'group' ? 'Group' : kind === 'sp' ? 'ServicePrincipal' : 'User' };
  });
}

/** Answers → the config document `apply -c` reads (validated with the same schema). */
export function configFromAnswers(a: WizardAnswers): Record<string, unknown> {
  const doc = {
    name: a.name,
    environment: a.environment,
    subscriptionId: a.subscriptionId,
    location: a.location,
    network: { addressSpace: a.addressSpace, subnets: { training: a.training, scoring: a.scoring, privateEndpoints: a.privateEndpoints }, computePublicIp: false },
    cmk: { enabled: a.cmk },
    compute: { cluster: { vmSize: a.vmSize } },
    aks: { enabled: a.aks },
    roles: { itAdmins: principals(a.itAdmins), dataScientists: principals(a.dataScientists), dataScientistSuperUsers: principals(a.dataScientistSuperUsers) },
  };
  validateConfig(doc); // throws ConfigError listing every problem: the wizard never writes a file apply would refuse
  return doc;
}
