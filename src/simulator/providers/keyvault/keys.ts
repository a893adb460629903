// Vault keys through ARM (Keys_CreateIfNotExist): synchronous, always 200 (the only status the REST spec
// and @azure/arm-keyvault accept). A key that exists is returned unchanged: ARM cannot update keys, so a
// second PUT never creates a new version. Keys live under their vault and are deleted/recovered with it.
import { randomBytes } from 'node:crypto';
import { methodNotAllowed, parentResourceNotFound, resourceNotFound } from '../../errors.js';
import { json } from '../../http.js';
import { checkName } from '../../names.js';
import { parseBody } from '../../schemas/common.js';
import { KeyCreateParameters } from '../../schemas/keyvault.js';
import { childrenOf, getRecord, putRecord, type CloudState, type ResourceRecord } from '../../state.js';
import { validateTags } from '../../tags.js';
import type { ArmResource, SimResponse } from '../../types.js';
import { unixSeconds } from '../kit/tracked.js';
import type { Ctx } from '../types.js';
import { KEY_NAME_RULE, T, recoveryLevel, vaultBadRequest, vaultUri } from './common.js';

const RSA_SIZES = [2048, 3072, 4096];
const RSA_OPS = ['encrypt', 'decrypt', 'sign', 'verify', 'wrapKey', 'unwrapKey'];
const EC_OPS = ['sign', 'verify'];

export const keyId = (vault: ResourceRecord, name: string): string => `${vault.id}/keys/${name}`;

export function keyUri(vaultName: string, keyName: string, version?: string): string {
  return `${vaultUri(vaultName)}keys/${keyName}${version ? `/${version}` : ''}`;
}

export function renderKey(state: CloudState, rec: ResourceRecord): ArmResource {
  const p = rec.properties as Record<string, unknown> & { attributes: Record<string, unknown>; version: string };
  const vault = rec.parentId ? getRecord(state, rec.parentId) : undefined;
  const vaultName = vault?.name ?? rec.id.split('/')[8];
  return {
    id: rec.id,
    name: rec.name,
    type: T.key,
    location: rec.location,
    tags: rec.tags ?? {},
    properties: {
      attributes: { ...p.attributes, recoveryLevel: vault ? recoveryLevel(vault) : 'Recoverable+Purgeable' },
      kty: p.kty,
      keyOps: p.keyOps,
      ...(p.keySize !== undefined ? { keySize: p.keySize } : {}),
      ...(p.curveName !== undefined ? { curveName: p.curveName } : {}),
      keyUri: keyUri(vaultName, rec.name),
      keyUriWithVersion: keyUri(vaultName, rec.name, p.version),
      ...(p.rotationPolicy ? { rotationPolicy: p.rotationPolicy } : {}),
    },
  };
}

export function handleKeys(ctx: Ctx, vault: ResourceRecord | undefined, vaultName: string, keyName: string | undefined): SimResponse {
  if (!vault) throw parentResourceNotFound(vaultName);
  if (keyName === undefined) {
    if (ctx.method !== 'GET') throw methodNotAllowed(ctx.method, 'key collection');
    return json(200, { value: childrenOf(ctx.state, vault.id, T.key).map((k) => renderKey(ctx.state, k)) });
  }
  const existing = getRecord(ctx.state, keyId(vault, keyName));
  switch (ctx.method) {
    case 'GET':
      if (!existing) throw resourceNotFound(T.key, `${vault.name}/${keyName}`, vault.resourceGroup ?? '');
      return json(200, renderKey(ctx.state, existing));
    case 'PUT':
      return putKey(ctx, vault, keyName, existing);
    default:
      throw methodNotAllowed(ctx.method, 'key (keys are deleted through the data plane or with their vault)');
  }
}

function putKey(ctx: Ctx, vault: ResourceRecord, name: string, existing: ResourceRecord | undefined): SimResponse {
  checkName(name, KEY_NAME_RULE);
  const body = parseBody(KeyCreateParameters, ctx.body, 'resources');
  validateTags(body.tags);
  if (existing) return json(200, renderKey(ctx.state, existing));
  const p = body.properties;
  const kty = p.kty ?? 'RSA';
  const rsa = kty.startsWith('RSA');
  if (kty.endsWith('-HSM') && (vault.properties.sku as { name: string }).name.toLowerCase() !== 'premium') {
    throw vaultBadRequest(`Key type '${kty}' (HSM-protected) requires a premium vault; vault '${vault.name}' is standard.`);
  }
  let keySize: number | undefined;
  let curveName: string | undefined;
  if (rsa) {
    if (p.curveName !== undefined) throw vaultBadRequest(`Property 'curveName' is not valid for key type '${kty}'.`);
    keySize = p.keySize ?? 2048;
    if (!RSA_SIZES.includes(keySize)) throw vaultBadRequest(`Invalid key size ${keySize} for key type '${kty}'. The supported RSA key sizes are 2048, 3072 and 4096.`);
  } else {
    if (p.keySize !== undefined) throw vaultBadRequest(`Property 'keySize' is not valid for key type '${kty}'; use 'curveName'.`);
    curveName = p.curveName ?? 'P-256';
  }
  const allowed = rsa ? RSA_OPS : EC_OPS;
  const keyOps = p.keyOps ?? allowed;
  const bad = keyOps.find((op) => !allowed.includes(op) && op !== 'import' && op !== 'release');
  if (bad) throw vaultBadRequest(`Key operation '${bad}' is not valid for key type '${kty}'.`);
  const a = p.attributes ?? {};
  if (a.nbf !== undefined && a.exp !== undefined && a.nbf >= a.exp) throw vaultBadRequest("Key attribute 'nbf' (not before) must be earlier than 'exp' (expires).");
  const now = unixSeconds(ctx.now);
  const rec: ResourceRecord = {
    id: keyId(vault, name),
    type: T.key,
    name,
    subscriptionId: vault.subscriptionId,
    resourceGroup: vault.resourceGroup,
    parentId: vault.id,
    location: vault.location,
    ...(body.tags ? { tags: body.tags } : {}),
    provisioningState: 'Succeeded',
    properties: {
      kty,
      keyOps,
      ...(keySize !== undefined ? { keySize } : {}),
      ...(curveName !== undefined ? { curveName } : {}),
      attributes: {
        enabled: a.enabled ?? true,
        ...(a.nbf !== undefined ? { nbf: a.nbf } : {}),
        ...(a.exp !== undefined ? { exp: a.exp } : {}),
        created: now,
        updated: now,
        exportable: a.exportable ?? false,
      },
      version: randomBytes(16).toString('hex'),
      ...(p.rotationPolicy ? { rotationPolicy: p.rotationPolicy } : {}),
    },
    createdAt: ctx.now,
    changedAt: ctx.now,
  };
  putRecord(ctx.state, rec);
  return json(200, renderKey(ctx.state, rec));
}
