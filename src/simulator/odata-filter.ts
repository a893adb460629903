// The small $filter subset ARM list calls support for resources and resource groups: tagName/tagValue
// and resourceType equality. Anything else fails loudly instead of being ignored.
import { badRequest } from './errors.js';

interface ListFilter {
  tagName?: string;
  tagValue?: string;
  resourceType?: string;
}

export function parseFilter(filter: string | null): ListFilter {
  if (filter === null || filter.trim() === '') return {};
  const out: ListFilter = {};
  for (const clause of filter.split(/\s+and\s+/i)) {
    const m = /^\s*(tagName|tagValue|resourceType)\s+eq\s+'((?:[^']|'')*)'\s*$/i.exec(clause);
    if (!m) {
      throw badRequest('InvalidFilterInQueryString', `The filter '${filter}' is not supported. Supported: tagName eq '...' [and tagValue eq '...'], resourceType eq '...'.`);
    }
    const field = m[1].toLowerCase();
    const value = m[2].replace(/''/g, "'");
    if (field === 'tagname') out.tagName = value;
    else if (field === 'tagvalue') out.tagValue = value;
    else out.resourceType = value;
  }
  if (out.tagValue !== undefined && out.tagName === undefined) {
    throw badRequest('InvalidFilterInQueryString', 'A tagValue filter requires a tagName filter.');
  }
  return out;
}

export function matchesFilter(f: ListFilter, type: string, tags: Record<string, string> | undefined): boolean {
  if (f.resourceType !== undefined && f.resourceType.toLowerCase() !== type.toLowerCase()) return false;
  if (f.tagName !== undefined) {
    const entry = Object.entries(tags ?? {}).find(([k]) => k.toLowerCase() === f.tagName!.toLowerCase());
    if (!entry) return false;
    if (f.tagValue !== undefined && entry[1] !== f.tagValue) return false;
  }
  return true;
}
