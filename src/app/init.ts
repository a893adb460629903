// What `init` needs beyond its questions: the subscriptions the signed-in identity can see (for the
// first question) and writing the config file atomically, pointing editors at the JSON Schema.
import { existsSync } from 'node:fs';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { Document, isMap, isScalar } from 'yaml';
import { createClients } from '../azure/clients.js';
import { armRequest } from '../azure/raw.js';
import type { CommonOptions } from '../options.js';
import { templatePath } from '../paths.js';
import { egressComment } from '../ui/egress-choice.js';
import type { Io } from '../ui/io.js';
import { resolveTarget } from './session.js';

/** The subscriptions the signed-in identity can see; [] when not signed in (the wizard asks for an id). */
export async function listSubscriptions(o: CommonOptions, io: Pick<Io, 'env' | 'cwd'>): Promise<{ id: string; name: string }[]> {
  try {
    const target = resolveTarget(o, io, '00000000-0000-0000-0000-000000000000');
    const r = await armRequest<{ value?: { subscriptionId: string; displayName?: string }[] }>(createClients(target), 'GET', '/subscriptions', '2022-12-01');
    return (r.body?.value ?? []).map((s) => ({ id: s.subscriptionId, name: s.displayName ?? s.subscriptionId }));
  } catch {
    return []; // not signed in yet: ask for the id instead
  }
}

export function configExists(file: string): boolean {
  return existsSync(file);
}

/** The document as YAML, with a comment line per egress mode above `network.egress`. */
export function configYaml(doc: Record<string, unknown>): string {
  const yaml = new Document(doc);
  const network = yaml.get('network', true);
  const egress = isMap(network) ? network.items.find((p) => isScalar(p.key) && p.key.value === 'egress') : undefined;
  if (egress && isScalar(egress.key)) egress.key.commentBefore = egressComment();
  return yaml.toString();
}

/** Write the config document (validated already) atomically, with a schema pointer for editors. */
export async function writeConfigFile(file: string, doc: Record<string, unknown>): Promise<void> {
  const schema = path.relative(path.dirname(file), templatePath('secure-aml.schema.json'));
  const header = `# yaml-language-server: $schema=${schema}\n# Written by \`secure-aml init\`. Every key with its default and why: templates/secure-aml.example.yaml\n`;
  await writeFileAtomic(file, header + configYaml(doc), { mode: 0o644 });
}
