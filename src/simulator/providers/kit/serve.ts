// Method dispatch every provider repeats: a tracked (top-level) resource and a child resource answer
// GET / PUT / PATCH / DELETE the same way around their own put, patch and remove. Missing resources:
// GET and PATCH 404, DELETE 204 (ARM's idempotent delete); other methods 405.
import { ArmError, methodNotAllowed, notFound, parentResourceNotFound, resourceNotFound } from '../../errors.js';
import { empty, json } from '../../http.js';
import { childrenOf, getRecord, type CloudState, type ResourceRecord } from '../../state.js';
import type { ArmResource, SimResponse } from '../../types.js';
import type { Ctx } from '../types.js';

export interface TrackedRoute {
  type: string;
  /** The resource kind named in the 405 message, e.g. 'network interface'. */
  label: string;
  name: string;
  group: ResourceRecord;
  existing: ResourceRecord | undefined;
  render: (state: CloudState, rec: ResourceRecord) => ArmResource;
  put: () => SimResponse;
  /** PATCH of an existing resource; without it PATCH is 405. */
  patch?: (existing: ResourceRecord) => SimResponse;
  remove: (existing: ResourceRecord) => SimResponse;
  /** DELETE of a name that does not exist (default 204). */
  removeMissing?: () => SimResponse;
}

/** GET / PUT / PATCH / DELETE of a tracked resource in a resource group. */
export function serveTracked(ctx: Ctx, r: TrackedRoute): SimResponse {
  const { existing } = r;
  switch (ctx.method) {
    case 'GET':
      if (!existing) throw resourceNotFound(r.type, r.name, r.group.name);
      return json(200, r.render(ctx.state, existing));
    case 'PUT':
      return r.put();
    case 'PATCH':
      if (!r.patch) break;
      if (!existing) throw resourceNotFound(r.type, r.name, r.group.name);
      return r.patch(existing);
    case 'DELETE':
      if (!existing) return r.removeMissing ? r.removeMissing() : empty(204);
      return r.remove(existing);
  }
  throw methodNotAllowed(ctx.method, r.label);
}

export interface ChildRoute {
  /** The child's type (its id is `{parent id}/{last type segment}/{name}`). */
  type: string;
  label: string;
  /** 405 label of the collection; default `${label} collection`. */
  collectionLabel?: string;
  parent: ResourceRecord | undefined;
  parentName: string;
  /** undefined: the collection. */
  name: string | undefined;
  /** Child bodies need not be tracked-resource shaped (a zone group's has no type). */
  render: (state: CloudState, rec: ResourceRecord) => unknown;
  put: (parent: ResourceRecord, name: string, existing: ResourceRecord | undefined) => SimResponse;
  patch?: (parent: ResourceRecord, existing: ResourceRecord) => SimResponse;
  remove: (parent: ResourceRecord, existing: ResourceRecord) => SimResponse;
  /** 404 of a missing child; default Network RP's `Resource {id} not found.` (NotFound). */
  missing?: (id: string, name: string) => ArmError;
  /** DELETE under a missing parent is 404 ParentResourceNotFound (default: 204, like a missing child). */
  deleteNeedsParent?: boolean;
  /** DELETE of a missing child under an existing parent (default 204). */
  removeMissing?: (parent: ResourceRecord) => SimResponse;
}

export const childId = (parentId: string, type: string, name: string): string => `${parentId}/${type.split('/').pop() as string}/${name}`;

/** GET (one or the collection) / PUT / PATCH / DELETE of a child resource; the parent must exist. */
export function serveChild(ctx: Ctx, c: ChildRoute): SimResponse {
  const { parent, name } = c;
  const orphan = () => parentResourceNotFound(c.parentName);
  if (name === undefined) {
    if (ctx.method !== 'GET') throw methodNotAllowed(ctx.method, c.collectionLabel ?? `${c.label} collection`);
    if (!parent) throw orphan();
    return json(200, { value: childrenOf(ctx.state, parent.id, c.type).map((r) => c.render(ctx.state, r)) });
  }
  const id = parent ? childId(parent.id, c.type, name) : undefined;
  const existing = id ? getRecord(ctx.state, id) : undefined;
  const missing = () => (c.missing ? c.missing(id as string, name) : notFound('NotFound', `Resource ${id as string} not found.`));
  switch (ctx.method) {
    case 'GET':
      if (!parent) throw orphan();
      if (!existing) throw missing();
      return json(200, c.render(ctx.state, existing));
    case 'PUT':
      if (!parent) throw orphan();
      return c.put(parent, name, existing);
    case 'PATCH':
      if (!c.patch) break;
      if (!parent) throw orphan();
      if (!existing) throw missing();
      return c.patch(parent, existing);
    case 'DELETE':
      if (!parent && c.deleteNeedsParent) throw orphan();
      if (!parent) return empty(204);
      if (!existing) return c.removeMissing ? c.removeMissing(parent) : empty(204);
      return c.remove(parent, existing);
  }
  throw methodNotAllowed(ctx.method, c.label);
}
