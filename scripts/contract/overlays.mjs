// Spec folders as oav 4.0.3 must see them for two known limitations (README "Adjustments to oav 4.0.3").
// Each overlay is a mirror of the specification tree (symlinks, so every relative $ref resolves as in the
// fixture) in which one version folder holds generated copies; request and response schemas are never
// touched.
//   overlayWithoutShadowed  the folder's swagger files without the paths that oav also matches but whose
//                           path enums rule them out (private DNS RecordSets vs virtualNetworkLinks)
//   overlayLiteralNamespace per resource provider namespace, a copy of the swagger file whose operation
//                           (Providers_Get) has that namespace written into its path template, so oav
//                           indexes it under the namespace it looks up
//   literalizedSwagger      the pure part of the latter, exported for test/contract
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { resolveRef } from './convert.mjs';

/** Swagger documents are plain JSON. */
const clone = (v) => JSON.parse(JSON.stringify(v));

/** Mirrors `specRoot` under `root` down to `specDir` (siblings symlinked); returns the empty target folder. */
function mirrorTo(specRoot, specDir, root) {
  const rel = path.relative(specRoot, specDir).split(path.sep);
  let src = specRoot;
  let dst = root;
  for (const part of rel) {
    mkdirSync(dst, { recursive: true });
    for (const e of readdirSync(src)) if (e !== part) symlinkSync(path.join(src, e), path.join(dst, e));
    src = path.join(src, part);
    dst = path.join(dst, part);
  }
  mkdirSync(dst, { recursive: true });
  return dst;
}

/** `specDir` without the path templates of `shadowed` (ops from convert.mjs matchOperation). */
export function overlayWithoutShadowed({ specRoot, specDir, shadowed, root }) {
  const dst = mirrorTo(specRoot, specDir, root);
  for (const e of readdirSync(specDir)) {
    const from = path.join(specDir, e);
    if (!e.endsWith('.json')) { symlinkSync(from, path.join(dst, e)); continue; }
    const json = JSON.parse(readFileSync(from, 'utf8'));
    for (const o of shadowed.filter((x) => x.file === from)) {
      if (json.paths) delete json.paths[o.template];
      if (json['x-ms-paths']) delete json['x-ms-paths'][o.template];
    }
    writeFileSync(path.join(dst, e), JSON.stringify(json, null, 2));
  }
  return dst;
}

/**
 * A copy of swagger `json` (at `file`) whose only paths are `literals` ({ template, method, param,
 * literalTemplate }): each operation under its literal template, without the path parameter `param`
 * that the literal replaces (oav would report it missing). Definitions, parameters and responses stay
 * as they are, so the bodies are validated against the unchanged schemas.
 */
export function literalizedSwagger(json, file, literals, load = () => undefined) {
  const out = clone(json);
  const isParam = (p, name) => {
    const param = p?.$ref ? resolveRef(p.$ref, file, (f) => (f === file ? json : load(f))) : p;
    return param?.in === 'path' && param.name === name;
  };
  const paths = {};
  for (const l of literals) {
    const item = json.paths?.[l.template] ?? json['x-ms-paths']?.[l.template];
    if (!item?.[l.method]) throw new Error(`literalizedSwagger: no ${l.method} ${l.template} in ${file}`);
    const target = (paths[l.literalTemplate] ??= {});
    if (item.parameters) target.parameters = clone(item.parameters).filter((p) => !isParam(p, l.param));
    const op = clone(item[l.method]);
    if (op.parameters) op.parameters = op.parameters.filter((p) => !isParam(p, l.param));
    target[l.method] = op;
  }
  out.paths = paths;
  delete out['x-ms-paths'];
  return out;
}

/**
 * `specDir` holding, per namespace of `literals` (convert.mjs: { file, template, method, param,
 * namespace, literalTemplate }), one copy per source file named `<file>.<namespace>.json`: oav 4.0.3
 * accepts an operation only from a file whose path contains the namespace of the URL.
 */
export function overlayLiteralNamespace({ specRoot, specDir, literals, root }) {
  const dst = mirrorTo(specRoot, specDir, root);
  const cache = new Map();
  const load = (f) => {
    if (!cache.has(f)) cache.set(f, JSON.parse(readFileSync(f, 'utf8')));
    return cache.get(f);
  };
  const byFileAndNs = new Map();
  for (const l of literals) {
    const key = `${l.file}\n${l.namespace.toLowerCase()}`;
    if (!byFileAndNs.has(key)) byFileAndNs.set(key, []);
    byFileAndNs.get(key).push(l);
  }
  const written = [];
  for (const [key, ls] of byFileAndNs) {
    const [file, ns] = key.split('\n');
    const name = `${path.basename(file, '.json')}.${ns}.json`;
    writeFileSync(path.join(dst, name), JSON.stringify(literalizedSwagger(load(file), file, ls, load), null, 2));
    written.push(name);
  }
  return { dir: dst, files: written.sort() };
}
