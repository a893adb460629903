// osProfile rules Compute checks at create: computer name, admin user name, password complexity, SSH keys.
// Secrets (adminPassword, customData) are write-only: checked here, never stored or rendered.
import { invalidParameter } from './common.js';

/** Disallowed admin user names: the compute spec's OSProfile.adminUsername description (Azure/azure-rest-api-specs#7823). */
const DISALLOWED_USERS = new Set([
  'administrator', 'admin', 'user', 'user1', 'test', 'user2', 'test1', 'user3', 'admin1', '1', '123', 'a', 'actuser', 'adm', 'admin2',
  'aspnet', 'backup', 'console', 'david', 'guest', 'john', 'owner', 'root', 'server', 'sql', 'support', 'support_388945a0', 'sys',
  'test2', 'test3', 'user4', 'user5',
]);

/** Characters neither OS allows in a computer name (Windows also refuses '.'); message wording from memory (unconfirmed). */
const BAD_HOST_CHARS = /[`~!@#$%^&*()=+_[\]{}\\|;:'",<>/?\s]/;

export function checkComputerName(name: string, os: 'Linux' | 'Windows'): void {
  if (os === 'Windows') {
    if (name.length === 0 || name.length > 15 || /^\d+$/.test(name) || BAD_HOST_CHARS.test(name) || name.includes('.')) {
      throw invalidParameter(
        "Windows computer name cannot be more than 15 characters long, be entirely numeric, or contain the following characters: ` ~ ! @ # $ % ^ & * ( ) = + _ [ ] { } \\ | ; : . ' \" , < > / ?.",
        'computerName',
      );
    }
    return;
  }
  if (name.length === 0 || name.length > 64 || BAD_HOST_CHARS.test(name) || name.startsWith('-') || name.endsWith('.')) {
    throw invalidParameter(
      "Linux host name cannot exceed 64 characters in length or contain the following characters: ` ~ ! @ # $ % ^ & * ( ) = + _ [ ] { } \\ | ; : ' \" , < > / ?.",
      'computerName',
    );
  }
}

/** Learn VM FAQ: Windows user names up to 20 characters and not ending in '.', Linux up to 64; the disallowed list. */
export function checkAdminUsername(name: string, os: 'Linux' | 'Windows'): void {
  const tooLong = os === 'Windows' ? name.length > 20 : name.length > 64;
  if (name.length === 0 || tooLong || DISALLOWED_USERS.has(name.toLowerCase()) || (os === 'Windows' && name.endsWith('.')) || BAD_HOST_CHARS.test(name)) {
    throw invalidParameter('The Admin Username specified is not allowed.', 'adminUsername');
  }
}

/**
 * Learn VM FAQ ("What are the password requirements when creating a VM?"): Windows 12–123 characters, Linux
 * 6–72, and 3 of lower case, upper case, digit, special character; no control characters. The message is
 * Azure's (redhat-developer/mapt#405 for Windows "8-123", hashicorp/terraform#6542 for Linux "6-72"); the
 * simulator enforces the FAQ's stricter 12 for Windows.
 */
export function checkPassword(password: string, os: 'Linux' | 'Windows'): void {
  const [min, max, shown] = os === 'Windows' ? [12, 123, '8-123'] : [6, 72, '6-72'];
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((r) => r.test(password)).length;
  // eslint-disable-next-line no-control-regex
  if (password.length < min || password.length > max || classes < 3 || /[\x00-\x1f\x7f]/.test(password)) {
    throw invalidParameter(
      `The supplied password must be between ${shown} characters long and must satisfy at least 3 of password complexity requirements from the following:\r\n` +
        '1) Contains an uppercase character\r\n2) Contains a lowercase character\r\n3) Contains a numeric digit\r\n4) Contains a special character\r\n5) Control characters are not allowed',
      'adminPassword',
    );
  }
}

/** Reads the length-prefixed fields of an OpenSSH public key blob. */
function sshFields(blob: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let at = 0;
  while (at + 4 <= blob.length) {
    const len = blob.readUInt32BE(at);
    if (at + 4 + len > blob.length) return [];
    out.push(blob.subarray(at + 4, at + 4 + len));
    at += 4 + len;
  }
  return at === blob.length ? out : [];
}

/**
 * Azure accepts SSH-2 RSA keys of at least 2048 bits and Ed25519 keys
 * (https://learn.microsoft.com/azure/virtual-machines/linux/create-ssh-keys-detailed, "Supported SSH key
 * formats"); anything else is "The value of parameter linuxConfiguration.ssh.publicKeys.keyData is invalid."
 * (Azure/azure-cli#22725, MicrosoftDocs/azure-docs#27848). Only the OpenSSH one-line format is modelled.
 */
export function checkSshKey(keyData: string): void {
  const bad = () => invalidParameter('The value of parameter linuxConfiguration.ssh.publicKeys.keyData is invalid.', 'linuxConfiguration.ssh.publicKeys.keyData');
  const [type, b64] = keyData.trim().split(/\s+/);
  if (!type || !b64 || !/^[A-Za-z0-9+/]+=*$/.test(b64)) throw bad();
  const fields = sshFields(Buffer.from(b64, 'base64'));
  if (fields.length === 0 || fields[0].toString() !== type) throw bad();
  if (type === 'ssh-ed25519') {
    if (fields.length !== 2 || fields[1].length !== 32) throw bad();
    return;
  }
  if (type === 'ssh-rsa') {
    if (fields.length !== 3) throw bad();
    const n = fields[2][0] === 0 ? fields[2].subarray(1) : fields[2];
    const bits = n.length === 0 ? 0 : (n.length - 1) * 8 + (32 - Math.clz32(n[0]));
    if (bits < 2048) throw bad();
    return;
  }
  throw bad();
}
