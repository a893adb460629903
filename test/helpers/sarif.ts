// A SARIF 2.1.0 validator: the OASIS schema (test/fixtures/sarif, draft-04) as ajv 8 takes it — `id` as
// `$id`, plain regular expressions as draft-04 validators use, formats not checked.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { ROOT } from './cli.js';

export function sarifValidator() {
  const schema = JSON.parse(readFileSync(path.join(ROOT, 'test/fixtures/sarif/sarif-2.1.0-rtm.5.json'), 'utf8')) as Record<string, unknown>;
  const { $schema: _draft, id, ...rest } = schema;
  const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true, unicodeRegExp: false });
  return ajv.compile({ ...rest, $id: String(id) });
}
