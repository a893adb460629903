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
  /** Already checked against the provider's supported versions. */
  apiVersion: string;
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
  apiVersions: readonly string[];
  /**
   * The api-versions one resource type path is served at, when the namespace versions its types separately
   * (Network vs private DNS): the front door's NoRegisteredProviderFound then lists only these.
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
