import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildJsonSchema, renderJsonSchema } from '../../src/config/write-json-schema.js';

const TEMPLATES = path.resolve(import.meta.dirname, '../../templates');

describe('the committed JSON schema', () => {
  it('equals buildJsonSchema() (regenerate with `npm run schema`)', async () => {
    const committed = await readFile(path.join(TEMPLATES, 'secure-aml.schema.json'), 'utf8');
    expect(JSON.parse(committed)).toEqual(buildJsonSchema());
    expect(committed).toBe(renderJsonSchema());
  });

  it('describes every field and forbids unknown keys, for editor completion', () => {
    const schema = buildJsonSchema() as { $id: string; title: string; required: string[]; additionalProperties: boolean; properties: Record<string, { description?: string }> };
    expect(schema.$id).toBeTruthy();
    expect(schema.title).toBe('secure-aml configuration');
    expect(schema.required).toEqual(['name', 'subscriptionId', 'location']);
    expect(schema.additionalProperties).toBe(false);
    for (const [key, prop] of Object.entries(schema.properties)) expect(prop.description, key).toBeTruthy();
  });

  it('the example points editors at it', async () => {
    const example = await readFile(path.join(TEMPLATES, 'secure-aml.example.yaml'), 'utf8');
    expect(example.split('\n')[0]).toBe('# yaml-language-server: $schema=./secure-aml.schema.json');
  });
});
