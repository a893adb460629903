// Refreshes test/fixtures/azure-rest-api-specs/specification from a copy of Azure/azure-rest-api-specs
// (a checkout, or any folder with the upstream layout): the SPEC_SEEDS of specs.mjs plus the closure
// of their cross-file $refs, copied byte for byte. Maintainer tool, not run by tests or CI.
//
//   node scripts/contract/vendor-specs.mjs <path to azure-rest-api-specs>
//
// Then update the table in test/fixtures/azure-rest-api-specs/README.md (upstream commit per file) and
// run `npm run contract` and `npx vitest run test/contract`.
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { checkSpecRefs, SPEC_ROOT, specClosure } from './specs.mjs';

const arg = process.argv[2];
if (!arg) {
  console.error('usage: node scripts/contract/vendor-specs.mjs <path to azure-rest-api-specs>');
  process.exit(2);
}
const source = path.join(path.resolve(arg), 'specification');
if (!existsSync(source)) {
  console.error(`vendor-specs: no specification/ folder in ${path.resolve(arg)}`);
  process.exit(2);
}

const { files, missing } = specClosure(source);
if (missing.length) {
  console.error(`vendor-specs: missing in the source: ${missing.join(', ')}`);
  process.exit(1);
}
for (const f of files) {
  mkdirSync(path.dirname(path.join(SPEC_ROOT, f)), { recursive: true });
  copyFileSync(path.join(source, f), path.join(SPEC_ROOT, f));
}
const keep = new Set(files);
const extra = [];
(function walk(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p);
    else if (!keep.has(path.relative(SPEC_ROOT, p).split(path.sep).join('/'))) extra.push(path.relative(SPEC_ROOT, p));
  }
})(SPEC_ROOT);
const refs = checkSpecRefs(SPEC_ROOT);
console.log(`vendor-specs: ${files.length} files copied to ${path.relative(process.cwd(), SPEC_ROOT) || '.'}; ${refs.count} $refs checked`);
for (const f of files) console.log(`  ${f}`);
if (extra.length) console.log(`not needed any more (delete them): ${extra.join(', ')}`);
for (const r of [...refs.remote, ...refs.unresolved]) console.log(`bad $ref: ${r}`);
process.exit(refs.remote.length || refs.unresolved.length ? 1 : 0);
