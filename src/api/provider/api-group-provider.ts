// The contract between the API server and an in-process API group provider: one group-version whose
// resources are answered by code (no storage, no watch cache), listed in discovery and OpenAPI and
// registered as a Local APIService.
import type { KubeObject } from '../meta/kind-rules.js';
import type { TablePrinter } from '../printers/index.js';
import type { SchemaObject } from '../schema/index.js';
import type { ApiServicePriority } from '../apiregistration/v1/priorities.js';

/** The verbs a provider may serve. Watch is not part of the contract: a provider has no event stream. */
export type ProviderVerb = 'get' | 'list' | 'create' | 'update' | 'patch' | 'delete' | 'deletecollection';

/** One resource of a provider's group-version, as discovery lists it. */
export interface ProvidedResource {
  /**
   * Plural, lower case (`pods`): the URL segment and the discovery name. A name `<resource>/<sub>` (upstream's
   * custom metrics API lists `pods/<metric>`) serves `<resource>/<name>/<sub>`, the request's name being `<name>`.
   */
  readonly name: string;
  readonly singularName: string;
  readonly kind: string;
  readonly namespaced: boolean;
  /** Requests with any other verb answer 405 MethodNotAllowed without reaching the provider. */
  readonly verbs: readonly ProviderVerb[];
  readonly shortNames?: readonly string[];
  readonly categories?: readonly string[];
  /**
   * Server-side Table for `kubectl get`; without one the server prints upstream's default for
   * aggregated APIs (Name, Created At).
   */
  readonly printer?: TablePrinter;
}

/** The authenticated user a request runs as (the server authenticated and authorized it already). */
export interface ProviderUser {
  readonly name: string;
  readonly groups: readonly string[];
}

/** One request, already parsed and authorized. Fields are read-only; the provider must not keep it. */
export interface ProviderRequest {
  readonly verb: ProviderVerb;
  /** A resource the provider lists in `resources` (others answer 404 before reaching it). */
  readonly resource: string;
  /** The namespace of the URL; '' for cluster-scoped resources and for lists across all namespaces. */
  readonly namespace: string;
  /** '' for list, create and deletecollection. */
  readonly name: string;
  /** labelSelector, fieldSelector, limit, dryRun, …: the provider honours what it supports and rejects what it must. */
  readonly query: URLSearchParams;
  /** The decoded JSON body of create, update and patch (the patch document for patch). */
  readonly body?: unknown;
  /** The patch type of a patch request. */
  readonly patchType?: 'json' | 'merge' | 'strategic' | 'apply';
  readonly user: ProviderUser;
  /** Aborted when the client goes away. */
  readonly signal: AbortSignal;
}

/**
 * An API group-version served from code.
 *
 * Contract:
 * - `handle` answers one request with the object to send: the object itself for get/create/update/patch/
 *   delete, a `<Kind>List` (`items`, `metadata.resourceVersion` optional) for list and deletecollection.
 *   The server renders it as JSON, as a Table (the resource's `printer`, else Name/Created At) or as
 *   PartialObjectMetadata, as the client asked. create answers 201, everything else 200.
 * - To fail, `handle` throws an `ApiError` (notFound, badRequest, forbidden, …), which is sent as that
 *   Status; any other exception is a 500 InternalError. Nothing is retried.
 * - `handle` may be called concurrently and must not mutate the request; the returned object is not
 *   modified by the server.
 * - `schemas` (optional) are OpenAPI definitions by upstream-style name (`io.k8s.metrics.pkg.apis.metrics.
 *   v1beta1.PodMetrics`), swagger-2.0 refs (`#/definitions/…`) allowed to the api/schema definitions
 *   (ObjectMeta, ListMeta, Quantity, …); each kind's and list's schema carries
 *   `x-kubernetes-group-version-kind`. Without them OpenAPI describes the kinds as plain objects.
 * - `priority` orders the group in discovery (APIService groupPriorityMinimum / versionPriority).
 */
export interface ApiGroupProvider {
  readonly group: string;
  readonly version: string;
  readonly priority: ApiServicePriority;
  readonly resources: readonly ProvidedResource[];
  readonly schemas?: Readonly<Record<string, SchemaObject>>;
  handle(request: ProviderRequest): Promise<KubeObject>;
}

/*
 * `resources` is read at every discovery and routing: a provider whose resources follow its data (the custom
 * and external metrics APIs list the metrics they know) exposes it as a getter.
 */

/**
 * Checks a set of providers against the served registry: a non-empty group and version, one provider per
 * group-version, none on a group-version the registry serves, unique resource names. Throws TypeError.
 */
export function validateProviders(providers: readonly ApiGroupProvider[], servedGroupVersions: ReadonlySet<string>): void {
  const seen = new Set<string>();
  for (const p of providers) {
    const gv = `${p.group}/${p.version}`;
    if (!p.group || !p.version) throw new TypeError(`Cannot register API group provider "${gv}": group and version are required`);
    if (servedGroupVersions.has(gv)) throw new TypeError(`Cannot register API group provider "${gv}": the group-version is served from storage`);
    if (seen.has(gv)) throw new TypeError(`Cannot register API group provider "${gv}": registered twice`);
    seen.add(gv);
    const names = new Set<string>();
    for (const r of p.resources) {
      if (!/^[a-z0-9][a-z0-9.-]*(\/[A-Za-z0-9_:.-]+)?$/.test(r.name) || names.has(r.name)) throw new TypeError(`Cannot register API group provider "${gv}": resource name "${r.name}" is invalid or repeated`);
      names.add(r.name);
    }
  }
}
