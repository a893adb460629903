// The config's JSON Schema, for editor completion and validation (yaml-language-server,
// VS Code). Generated from ConfigSchema so the two cannot drift; a test compares the committed
// templates/secure-aml.schema.json with buildJsonSchema().
//
//   npm run schema        # node dist/src/config/write-json-schema.js [output-path]
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { packageRoot } from '../paths.js';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { ConfigSchema } from './schema.js';

export const SCHEMA_ID = 'urn:secure-aml:config';
export const SCHEMA_FILE = 'templates/secure-aml.schema.json';

export function buildJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(ConfigSchema, { io: 'input' }) as Record<string, unknown>;
  const { $schema, ...rest } = generated;
  return {
    $schema: $schema ?? 'https://json-schema.org/draft/2020-12/schema',
    $id: SCHEMA_ID,
    title: 'secure-aml configuration',
    ...rest,
  };
}

/** The schema exactly as it is written to disk. */
export function renderJsonSchema(): string {
  return `${JSON.stringify(buildJsonSchema(), null, 2)}\n`;
}

/** The package root: the nearest directory above this file that has a package.json. */

export async function writeJsonSchema(file = path.join(packageRoot(), SCHEMA_FILE)): Promise<string> {
  await writeFile(file, renderJsonSchema());
  return file;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  writeJsonSchema(process.argv[2] ? path.resolve(process.argv[2]) : undefined).then(
    (file) => process.stderr.write(`wrote ${path.relative(process.cwd(), file) || file}\n`),
    (e: unknown) => {
      process.stderr.write(`could not write the JSON schema: ${(e as Error).message}\n`);
      process.exitCode = 1;
    },
  );
}
