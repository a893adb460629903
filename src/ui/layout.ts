// Text layout for people: lines fit 100 columns (or a narrower terminal), resources are shown by
// resource group, type and name instead of their 150-character ARM ids (those stay in `-o json`).

export const MAX_WIDTH = 100;

/** The width to lay text out in: 100 columns, or the terminal's if it is narrower. */
export function widthFor(stream: { isTTY?: boolean; columns?: number }): number {
  return stream.isTTY && stream.columns && stream.columns > 40 ? Math.min(MAX_WIDTH, stream.columns) : MAX_WIDTH;
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

/** Columns a string takes on screen (colour codes take none). */
export function visibleLength(text: string): number {
  return [...stripAnsi(text)].length;
}

export function padEnd(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - visibleLength(text)));
}

/** Cut plain text to `width` columns, ending with … when cut. */
export function truncate(text: string, width: number): string {
  const chars = [...text];
  return chars.length <= width ? text : chars.slice(0, Math.max(0, width - 1)).join('') + '…';
}

/**
 * Word-wrap plain text: the first line starts at column `first.length` of `first`, the rest are
 * indented with `indent`. A word longer than a line (an id, a URL) is kept whole on its own line.
 */
export function wrap(text: string, width: number, first = '', indent = first.replace(/./g, ' ')): string[] {
  const lines: string[] = [];
  let line = first;
  let empty = true;
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = empty ? line + word : `${line} ${word}`;
    if (!empty && visibleLength(candidate) > width) {
      lines.push(line);
      line = indent + word;
    } else {
      line = candidate;
    }
    empty = false;
  }
  lines.push(line);
  return lines;
}

/** What a person reads for an ARM id: where it lives, its type and its name. */
export interface ResourceRef {
  subscription?: string;
  resourceGroup?: string;
  /** Innermost type without the provider namespace: `virtualNetworks`, `computes`. */
  type: string;
  /** Name, with its parents' for nested and extension resources: `kvmlsec/aml-cmk`. */
  name: string;
}

const eq = (a: string | undefined, b: string) => a?.toLowerCase() === b.toLowerCase();

export function describeResourceId(id: string | undefined): ResourceRef | undefined {
  if (!id) return undefined;
  const seg = id.split('/').filter(Boolean);
  if (!eq(seg[0], 'subscriptions') || seg.length < 2) return { type: '', name: id };
  const ref: ResourceRef = { subscription: seg[1], type: 'subscriptions', name: seg[1] };
  let i = 2;
  if (eq(seg[i], 'resourceGroups') && seg[i + 1]) {
    ref.resourceGroup = seg[i + 1];
    ref.type = 'resourceGroups';
    ref.name = seg[i + 1];
    i += 2;
  }
  const names: string[] = [];
  let types: string[] = [];
  while (i < seg.length) {
    if (eq(seg[i], 'providers')) {
      types = [];
      i += 2; // providers/<namespace>
      continue;
    }
    types.push(seg[i]);
    if (seg[i + 1] !== undefined) names.push(seg[i + 1]);
    i += 2;
  }
  if (types.length) {
    // The innermost type; the name path says whose child it is (subnets vnet-x/snet-y).
    ref.type = types[types.length - 1];
    ref.name = names.join('/');
  }
  return ref;
}

/** "type name" of an id, for one line. */
export function shortId(id: string | undefined): string {
  const ref = describeResourceId(id);
  if (!ref) return '';
  return ref.type ? `${ref.type} ${ref.name}` : ref.name;
}

/** The heading a resource is grouped under. */
export function groupOf(id: string | undefined): string {
  const ref = describeResourceId(id);
  if (!ref?.subscription) return '';
  return ref.resourceGroup ? `resource group ${ref.resourceGroup} (subscription ${ref.subscription})` : `subscription ${ref.subscription}`;
}

/** ARM ids inside prose (an ARM error message) as their type and name; `-o json` keeps them whole. */
export function shortenIds(text: string): string {
  return text.replace(/\/subscriptions\/[^\s'"(),;]+/gi, (id) => shortId(id));
}
