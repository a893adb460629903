// The `init` questions: what the seeds spend a week of portal clicks on, asked once, each answer
// validated as it is typed with the same rules `apply` enforces. Prompts are injected so tests can
// drive them (through the Io); the result is a plain config object (the same shape `apply -c` reads).
import { statSync } from 'node:fs';
import path from 'node:path';
import { cidrProblem, contains, overlaps, parseCidr } from '../config/cidr.js';
import { UPN } from '../config/fields.js';
import { checkNetwork } from '../config/layout.js';
import { validateConfig } from '../config/load.js';
import { AZURE_REGIONS } from '../config/regions.js';
import { ConfigSchema } from '../config/schema.js';
import { SUBNETS } from '../../steps/index.js';
import { ACCESS_COST, ACCESS_MODES, JUMPBOX_OS, type AccessMode, type JumpboxOs } from '../../steps/access.js';

export { ACCESS_MODES };
import { EGRESS_CHOICES, EGRESS_MODES, egressParagraphs, type EgressMode, OUTBOUND_GROUPS, type OutboundGroupKey } from './egress-choice.js';
import type { Prompter } from './io.js';
import { wrap } from './layout.js';

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
  /** network.egress: how compute reaches the internet and Azure services. */
  egress: EgressMode;
  /** network.outboundGroups: optional FQDN groups (firewall and managed only). */
  outboundGroups: OutboundGroupKey[];
  /** access.mode: how people reach the private workspace (bastion needs egress firewall). */
  access: AccessMode;
  /** access.jumpbox.os (bastion only). */
  jumpboxOs?: JumpboxOs;
  /** The chosen access mode's subnets (network.subnets.bastion/jumpbox or gateway/dnsInbound). */
  accessSubnets?: Record<string, string>;
  itAdmins: string;
  dataScientists: string;
  dataScientistSuperUsers: string;
  /** aks.tls (with AKS only): the scoring host name (default scoring.<name>.internal) ... */
  tlsCname?: string;
  /** ... and its PEM certificate and key, as typed: relative to the working directory, or absolute. */
  tlsCertFile?: string;
  tlsKeyFile?: string;
}

export const WIZARD_DEFAULTS: Omit<WizardAnswers, 'subscriptionId' | 'name'> = {
  location: 'westeurope', environment: 'dev', addressSpace: '10.0.0.0/16', training: '10.0.1.0/24', scoring: '10.0.2.0/24',
  privateEndpoints: '10.0.3.0/24', cmk: true, vmSize: 'Standard_DS3_v2', aks: true, egress: 'firewall', outboundGroups: [], access: 'none', itAdmins: '', dataScientists: '', dataScientistSuperUsers: '',
};

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One person or group as typed: an object id (prefix group: or sp:), a user principal name, or group:<display name>. */
type TypedPrincipal = { objectId: string; type: 'User' | 'Group' | 'ServicePrincipal' } | { user: string } | { group: string };

function parsePrincipal(entry: string): TypedPrincipal | undefined {
  const m = /^(user|group|sp):\s*(.*)$/i.exec(entry);
  const kind = m?.[1].toLowerCase();
  const value = (m ? m[2] : entry).trim();
  if (GUID.test(value)) return { objectId: value, type: kind === 'group' ? 'Group' : kind === 'sp' ? 'ServicePrincipal' : 'User' };
  if ((kind === undefined || kind === 'user') && UPN.test(value)) return { user: value };
  if (kind === 'group' && value) return { group: value };
  return undefined;
}

export function validatePrincipals(text: string): true | string {
  const bad = splitList(text).filter((e) => !parsePrincipal(e));
  return bad.length
    ? `not understood: ${bad.join(', ')}; give object ids (prefix group: or sp:), user principal names (alice@contoso.com) or group:<group name>, separated by commas`
    : true;
}

/**
 * Entries separated by commas, semicolons or new lines; an entry that is not `group:<name>` (group names
 * may hold spaces) is further split on spaces, since object ids and user principal names have none.
 */
export function splitList(text: string): string[] {
  return text.split(/[,;\n]+/).map((s) => s.trim()).filter(Boolean)
    .flatMap((e) => (/^group:/i.test(e) ? [e] : e.split(/\s+/)));
}

/** Network answers so far → the first problem for the field being asked, or true. */
/** The subnets of an access mode the wizard asks for, with the question and default. */
const ACCESS_SUBNETS: Record<AccessMode, { key: string; message: string }[]> = {
  none: [],
  bastion: [{ key: 'bastion', message: 'AzureBastionSubnet (/26 or larger)' }, { key: 'jumpbox', message: 'Jumpbox subnet' }],
  vpn: [{ key: 'gateway', message: 'GatewaySubnet (/27 or larger)' }, { key: 'dnsInbound', message: 'DNS resolver subnet (/28 to /24)' }],
};
const defaultCidr = (key: string) => SUBNETS.find((s) => s.key === key)?.defaultCidr ?? '';

function networkCheck(a: Partial<WizardAnswers>, field: string, value: string, aks: boolean): true | string {
  const own = cidrProblem(value);
  if (own) return own;
  const layout = {
    addressSpace: field === 'addressSpace' ? value : a.addressSpace ?? WIZARD_DEFAULTS.addressSpace,
    subnets: {
      training: field === 'training' ? value : a.training ?? WIZARD_DEFAULTS.training,
      scoring: field === 'scoring' ? value : a.scoring ?? WIZARD_DEFAULTS.scoring,
      privateEndpoints: field === 'privateEndpoints' ? value : a.privateEndpoints ?? WIZARD_DEFAULTS.privateEndpoints,
      ...Object.fromEntries(ACCESS_SUBNETS[a.access ?? 'none'].map((s) => [s.key, field === s.key ? value : a.accessSubnets?.[s.key] ?? defaultCidr(s.key)])),
    },
  };
  const asked = field === 'addressSpace' ? 'network.addressSpace' : `network.subnets.${field}`;
  // Only complain about this field, and about subnets already answered.
  const problem = checkNetwork(layout, { aks: { enabled: aks, nodeCount: 3 }, access: { mode: a.access ?? 'none' } } as never).find((p) => p.path === asked);
  if (problem) return problem.message;
  // egress firewall peers a hub VNet (firewall.hubAddressSpace, not asked): the two must not overlap.
  if (field === 'addressSpace' && a.egress === 'firewall') {
    const hubText = ConfigSchema.shape.firewall.parse({}).hubAddressSpace;
    const hub = parseCidr(hubText);
    const spoke = parseCidr(value);
    if (hub && spoke && (overlaps(hub, spoke) || contains(spoke, hub))) return `overlaps the firewall hub VNet (${hubText}); pick another range`;
  }
  return true;
}

/** Where the wizard writes what it explains (the paragraphs before the egress question). */
export interface WizardOutput {
  write(text: string): void;
  /** Columns to wrap paragraphs to. */
  width?: number;
  /** What typed file paths are relative to (the working directory; default process.cwd()). */
  cwd?: string;
}

/** The scoring host name when none is given: a private name under the environment's short name. */
export function defaultCname(name: string): string {
  return `scoring.${name}.internal`;
}

/** A self-signed pair for a trial (the command the aks.tls finding of steps/aks.ts gives). */
export function opensslCommand(cname: string): string {
  return `openssl req -x509 -newkey rsa:2048 -nodes -days 365 -subj /CN=${cname} -keyout scoring.key -out scoring.crt`;
}

/** aks.tls.cname by the config schema's own rule. */
export function validateCname(v: string): true | string {
  const r = ConfigSchema.shape.aks.unwrap().shape.tls.unwrap().shape.cname.safeParse(v.trim());
  return r.success ? true : (r.error.issues[0]?.message ?? 'not a host name');
}

/** A certificate or key path as typed (relative to `cwd`): true when it names a file. */
export function tlsFileProblem(value: string, cwd: string, what: 'certificate' | 'private key', cname: string): true | string {
  const typed = value.trim();
  const how = `For a trial, make a self-signed pair with: ${opensslCommand(cname)}`;
  if (!typed) return `give the path of the PEM ${what} file. ${how}`;
  const file = path.resolve(cwd, typed);
  try {
    if (!statSync(file).isFile()) return `${file} is not a file; give the path of the PEM ${what} file`;
  } catch {
    return `no such file: ${file}${path.isAbsolute(typed) ? '' : ` (relative paths are from ${cwd})`}. ${how}`;
  }
  return true;
}

/** HTTPS for the scoring endpoint (aks.tls): the Azure ML extension refuses an insecure one. */
async function askAksTls(p: Prompts, a: Partial<WizardAnswers>, out: WizardOutput): Promise<void> {
  const cwd = out.cwd ?? process.cwd();
  a.tlsCname ??= (await p.input({ message: "Scoring host name (the certificate's CN or SAN)", default: defaultCname(a.name!), validate: validateCname })).trim();
  if (a.tlsCertFile === undefined || a.tlsKeyFile === undefined) {
    const text = `The scoring endpoint serves HTTPS only: give a PEM certificate for ${a.tlsCname} and its private key, from your internal CA, ` +
      `or for a trial a self-signed pair made with the command below. Paths are relative to ${cwd}.`;
    out.write(`${wrap(text, out.width ?? 80, '').join('\n')}\n  ${opensslCommand(a.tlsCname)}\n`); // the command on one line, to copy
  }
  a.tlsCertFile ??= (await p.input({ message: 'Scoring TLS certificate file (PEM)', validate: (v) => tlsFileProblem(v, cwd, 'certificate', a.tlsCname!) })).trim();
  a.tlsKeyFile ??= (await p.input({ message: 'Scoring TLS private key file (PEM)', validate: (v) => tlsFileProblem(v, cwd, 'private key', a.tlsCname!) })).trim();
}

/**
 * The egress question: one paragraph per mode, then the choice. Picking a mode that cannot carry
 * AKS while AKS is on asks whether to turn AKS off or go back to the choice, so the wizard never
 * writes a config that `apply` refuses.
 */
async function askEgress(p: Prompts, a: Partial<WizardAnswers>, out: WizardOutput): Promise<EgressMode> {
  out.write(egressParagraphs(out.width ?? 80));
  let last: EgressMode = WIZARD_DEFAULTS.egress;
  for (;;) {
    const mode = await p.select<EgressMode>({ message: 'Egress mode', choices: EGRESS_MODES.map((m) => ({ name: EGRESS_CHOICES[m].name, value: m })), default: last });
    if (!a.aks || EGRESS_CHOICES[mode].aks) return mode;
    const resolve = await p.select<'aks-off' | 'back'>({
      message: `AKS is on, and egress "${mode}" cannot carry it. Turn AKS off, or go back?`,
      choices: [
        { name: `Turn AKS off and use ${mode} (no real-time scoring cluster)`, value: 'aks-off' },
        { name: 'Go back and choose another egress mode', value: 'back' },
      ],
      default: 'back',
    });
    if (resolve === 'aks-off') {
      a.aks = false;
      return mode;
    }
    last = mode;
  }
}

/**
 * The way in for people, with what each costs per month. Bastion's jumpbox signs in through hosts only the
 * firewall can allow by name, so with another egress mode it is not offered.
 */
async function askAccess(p: Prompts, a: Partial<WizardAnswers>, out: WizardOutput): Promise<AccessMode> {
  const width = out.width ?? 80;
  const modes = ACCESS_MODES.filter((m) => m !== 'bastion' || a.egress === 'firewall');
  const blocks = ACCESS_MODES.map((m) => wrap(`${m}: ${ACCESS_COST[m]}${m === 'bastion' && a.egress !== 'firewall' ? ' (needs egress firewall: not offered)' : ''}`, width, '  ', '    ').join('\n'));
  out.write(`How people reach the private workspace (access.mode):\n\n${blocks.join('\n\n')}\n\n`);
  return p.select<AccessMode>({ message: 'Way in for people', choices: modes.map((m) => ({ name: m, value: m })), default: 'none' });
}

/** One confirm per optional FQDN group (the Io's prompter has no multi-select). */
async function askOutboundGroups(p: Prompts, egress: EgressMode, out: WizardOutput): Promise<OutboundGroupKey[]> {
  // Managed network: FQDN outbound rules are what make Azure ML create its managed Azure Firewall.
  if (egress === 'managed') out.write('Optional outbound groups: with egress managed, any of them adds the managed Azure Firewall, billed to you (about USD 900/month Standard, about USD 300 Basic: managedNetwork.firewallSku).\n');
  const chosen: OutboundGroupKey[] = [];
  for (const g of OUTBOUND_GROUPS) {
    if (await p.confirm({ message: `Allow outbound to ${g.label}: ${g.fqdns.join(', ')}?`, default: false })) chosen.push(g.key);
  }
  return chosen;
}

export async function runWizard(p: Prompts, subscriptions: { id: string; name: string }[], preset: Partial<WizardAnswers> = {}, out: WizardOutput = { write: () => {} }): Promise<WizardAnswers> {
  const a: Partial<WizardAnswers> = { ...preset };
  if (!a.subscriptionId) {
    a.subscriptionId = subscriptions.length
      ? await p.select({ message: 'Subscription', choices: subscriptions.map((s) => ({ name: `${s.name} (${s.id})`, value: s.id })) })
      : await p.input({ message: 'Subscription id', validate: (v) => (GUID.test(v.trim()) ? true : 'a subscription id is a GUID') });
  }
  a.location ??= await p.select({ message: 'Region', choices: AZURE_REGIONS.map((r) => ({ name: r, value: r })), default: WIZARD_DEFAULTS.location });
  a.name ??= await p.input({ message: 'Short name (2-10 lowercase letters and digits; every resource name derives from it)', validate: (v) => (/^[a-z][a-z0-9]{1,9}$/.test(v) ? true : 'use 2-10 lowercase letters and digits, starting with a letter') });
  a.environment ??= await p.input({ message: 'Environment', default: WIZARD_DEFAULTS.environment, validate: (v) => (/^[a-z][a-z0-9-]{0,15}$/.test(v) && !v.endsWith('-') ? true : 'lowercase letters, digits and -, up to 16') });
  if (a.aks === undefined && a.egress !== undefined && !EGRESS_CHOICES[a.egress].aks) {
    a.aks = false; // the egress mode was given (--egress / SECURE_AML_EGRESS) and cannot carry AKS
    out.write(`AKS: off (egress "${a.egress}" cannot carry an AKS cluster)\n`);
  }
  a.aks ??= await p.confirm({ message: 'Private AKS cluster for real-time scoring?', default: WIZARD_DEFAULTS.aks });
  a.egress ??= await askEgress(p, a, out);
  a.outboundGroups ??= EGRESS_CHOICES[a.egress].groups ? await askOutboundGroups(p, a.egress, out) : [];
  if (a.aks) await askAksTls(p, a, out);
  a.addressSpace ??= await p.input({ message: 'VNet address space', default: WIZARD_DEFAULTS.addressSpace, validate: (v) => networkCheck(a, 'addressSpace', v, a.aks!) });
  a.training ??= await p.input({ message: 'Training subnet', default: WIZARD_DEFAULTS.training, validate: (v) => networkCheck(a, 'training', v, a.aks!) });
  a.scoring ??= await p.input({ message: 'Scoring subnet', default: WIZARD_DEFAULTS.scoring, validate: (v) => networkCheck(a, 'scoring', v, a.aks!) });
  a.privateEndpoints ??= await p.input({ message: 'Private endpoint subnet', default: WIZARD_DEFAULTS.privateEndpoints, validate: (v) => networkCheck(a, 'privateEndpoints', v, a.aks!) });
  a.access ??= await askAccess(p, a, out);
  if (a.access === 'bastion') a.jumpboxOs ??= await p.select<JumpboxOs>({ message: 'Jumpbox image', choices: JUMPBOX_OS.map((o) => ({ name: o, value: o })), default: 'linux' });
  for (const s of ACCESS_SUBNETS[a.access]) {
    if (a.accessSubnets?.[s.key] !== undefined) continue;
    const value = await p.input({ message: s.message, default: defaultCidr(s.key), validate: (v) => networkCheck(a, s.key, v, a.aks!) });
    a.accessSubnets = { ...a.accessSubnets, [s.key]: value };
  }
  a.cmk ??= await p.confirm({ message: 'Encrypt with a customer-managed key?', default: WIZARD_DEFAULTS.cmk });
  a.vmSize ??= await p.input({ message: 'Compute cluster VM size', default: WIZARD_DEFAULTS.vmSize, validate: (v) => (/^Standard_[A-Za-z0-9_]+$/.test(v) ? true : 'a VM size such as Standard_DS3_v2') });
  a.itAdmins ??= await p.input({ message: 'IT admins (user principal names, group:<name> or object ids; comma-separated; blank for none)', default: '', validate: validatePrincipals });
  a.dataScientists ??= await p.input({ message: 'Data scientists (alice@contoso.com, group:Data Science Team or object ids)', default: '', validate: validatePrincipals });
  a.dataScientistSuperUsers ??= await p.input({ message: 'Data scientist super users (user principal names, group:<name> or object ids)', default: '', validate: validatePrincipals });
  return a as WizardAnswers;
}

function principals(text: string): TypedPrincipal[] {
  return splitList(text).map((entry) => {
    const p = parsePrincipal(entry);
    if (!p) throw new Error(`not a principal: ${entry} (validatePrincipals runs first)`);
    return p;
  });
}

/** Where the config file goes: `file` (default secure-aml.yaml) relative to `cwd` (default process.cwd()). */
export interface ConfigPlace {
  cwd?: string;
  file?: string;
}

/**
 * Answers → the config document `apply -c` reads (validated with the same schema). File paths typed
 * relative to `cwd` are written relative to the config file's directory (how the loader reads them).
 */
export function configFromAnswers(a: WizardAnswers, place: ConfigPlace = {}): Record<string, unknown> {
  const cwd = place.cwd ?? process.cwd();
  const file = path.resolve(cwd, place.file ?? 'secure-aml.yaml');
  const fromConfig = (p: string) => (path.isAbsolute(p) ? p : path.relative(path.dirname(file), path.resolve(cwd, p)));
  const tls = a.aks && a.tlsCertFile !== undefined && a.tlsKeyFile !== undefined
    ? { tls: { cname: a.tlsCname ?? defaultCname(a.name), certFile: fromConfig(a.tlsCertFile), keyFile: fromConfig(a.tlsKeyFile) } }
    : {};
  const doc = {
    name: a.name,
    environment: a.environment,
    subscriptionId: a.subscriptionId,
    location: a.location,
    network: {
      addressSpace: a.addressSpace, subnets: { training: a.training, scoring: a.scoring, privateEndpoints: a.privateEndpoints, ...a.accessSubnets }, computePublicIp: false,
      egress: a.egress ?? WIZARD_DEFAULTS.egress,
      ...(a.outboundGroups?.length ? { outboundGroups: a.outboundGroups } : {}),
    },
    cmk: { enabled: a.cmk },
    compute: { cluster: { vmSize: a.vmSize } },
    aks: { enabled: a.aks, ...tls },
    ...(a.access && a.access !== 'none' ? { access: { mode: a.access, ...(a.access === 'bastion' ? { jumpbox: { os: a.jumpboxOs ?? 'linux' } } : {}) } } : {}),
    roles: { itAdmins: principals(a.itAdmins), dataScientists: principals(a.dataScientists), dataScientistSuperUsers: principals(a.dataScientistSuperUsers) },
  };
  validateConfig(doc, { file }); // throws ConfigError listing every problem: the wizard never writes a file apply would refuse
  return doc;
}
