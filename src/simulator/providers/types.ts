// The contract between the core (routing, persistence, LRO clock) and a resource provider. Adding a
// resource type family (storage, key vault, ...) means one new Provider registered in registry.ts.
import type { LatencyConfig } from '../latency.js';
import type { ParsedUrl, TypedPath } from '../router.js';
import type { CloudState, ResourceRecord } from '../state.js';
import type { ArmResource, SimResponse } from '../types.js';

export interface Ctx {
  state: CloudState;
  now: number;
  latency: LatencyConfig;
  /** Upper-case HTTP method. */
  method: string;
  url: ParsedUrl;
  /** Request headers, lower-cased names. */
  headers: Record<string, string>;
  body?: string;
  /** Provider routes: already checked, and replaced by the modelled version whose shape answers (api-versions.ts). */
  apiVersion: string;
  /** The api-version the client sent, when apiVersion was mapped to a modelled one (api-versions.ts). */
  requestedApiVersion?: string;
}

export interface ProviderRoute {
  /** Canonical (lower-case) subscription id ('' for a tenant-level extension route). */
  sub: string;
  /** Extension routes only: the scope's path segments (empty = tenant), as written (doubled slashes removed). */
  scope?: string[];
  /** The existing resource group record, for resource-group scoped paths. */
  group?: ResourceRecord;
  typed: TypedPath;
}

export interface Provider {
  /** Canonical namespace, e.g. Microsoft.Network. */
  namespace: string;
  /**
   * The api-versions whose shape the provider models. The front door (index.ts) also accepts every version
   * published for the type (api-versions.ts) and hands the provider the modelled one that answers it.
   */
  apiVersions: readonly string[];
  /**
   * The modelled api-versions of one resource type path, when the namespace versions its types separately
   * (Network vs private DNS, Insights components vs diagnostic settings).
   */
  apiVersionsFor?(types: readonly string[]): readonly string[];
  /** Resource types, e.g. virtualNetworks, virtualNetworks/subnets (for routing and provider listings). */
  resourceTypes: readonly string[];
  handle(ctx: Ctx, route: ProviderRoute): SimResponse;
  /** The record's ARM GET body. */
  render(state: CloudState, rec: ResourceRecord): ArmResource;
  /** Latency-model key used when the record is deleted as part of its resource group. */
  deleteLatencyKey(rec: ResourceRecord): string;
}
