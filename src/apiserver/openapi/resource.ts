// The served-resource facts the OpenAPI builders need, and naming shared by the v2 and v3 documents.

/** A subresource as discovery lists it: its name, the kind it takes or answers, and its verbs. */
export interface OpenApiSubresource {
  name: string;
  kind: string;
  group: string;
  version: string;
  verbs: string[];
}

/** One served resource, as the registry describes it. `subresources` name their response kind. */
export interface OpenApiResource {
  group: string;
  version: string;
  kind: string;
  plural: string;
  namespaced: boolean;
  verbs: string[];
  subresources: OpenApiSubresource[];
  /**
   * Served for a CustomResourceDefinition: as apiextensions-apiserver publishes it, PATCH takes no strategic merge
   * patch and every operation, the subresources' included, carries the resource's own GVK.
   */
  custom?: boolean;
}

/** The OpenAPI flavour being written: refs and parameter shapes differ between swagger 2.0 and OpenAPI 3.0. */
export type Dialect = 'v2' | 'v3';

export const refPrefix: Readonly<Record<Dialect, string>> = { v2: '#/definitions/', v3: '#/components/schemas/' };

/** `api/v1` or `apis/<group>/<version>`: the key of a group-version in the v3 root and the URL prefix of its paths. */
export function groupVersionPath(group: string, version: string): string {
  return group === '' ? `api/${version}` : `apis/${group}/${version}`;
}

/** Upstream's operation-id stem for a group-version: `CoreV1`, `AppsV1`, `RbacAuthorizationV1`. */
export function operationStem(group: string, version: string): string {
  const words = group === '' ? ['core'] : group.replace(/\.k8s\.io$/, '').split(/[.-]/);
  return [...words, version].map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}

/** Upstream's tag for a group-version: `core_v1`, `apps_v1`, `rbacAuthorization_v1`. */
export function tagOf(group: string, version: string): string {
  const words = group === '' ? ['core'] : group.replace(/\.k8s\.io$/, '').split(/[.-]/);
  return `${words.map((w, i) => (i === 0 ? w : w.charAt(0).toUpperCase() + w.slice(1))).join('')}_${version}`;
}
