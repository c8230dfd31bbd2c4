// The custom resources this server serves, from its watch cache of CustomResourceDefinitions: a descriptor per
// served version of every established CRD (api/apiextensions), rebuilt when a CRD changes, for the generic
// registry (lookup), discovery, the aggregator (which group-versions are served here) and OpenAPI.
import type { CustomResourceDefinition } from 'kubernetes-types/apiextensions/v1.js';
import { apiextensions, isBuiltInResource, type ResourceDescriptor } from '../../api/index.js';
import type { ServedGroupVersion } from '../aggregator/discovery-merge.js';
import type { CachedObjects } from '../auth/rbac-authorizer.js';
import { apiResourceList, discoveryResources } from '../handlers/discovery.js';
import { openApiResourceOf } from '../handlers/openapi.js';
import type { OpenApiResource } from '../openapi/index.js';
import type { SchemaObject } from '../../api/schema/index.js';

/** What the OpenAPI documents publish of the custom resources: their resources and their kinds' definitions per dialect. */
export interface CustomResourcesOpenApi {
  readonly resources: readonly OpenApiResource[];
  readonly definitions: Readonly<Record<'v2' | 'v3', Readonly<Record<string, SchemaObject>>>>;
}

/** Upstream registers a CRD's group-versions with these APIService priorities (crdregistration). */
const crdPriority = { groupPriorityMinimum: 1000, versionPriority: 100 };

interface Served {
  readonly resourceVersion: number;
  readonly descriptors: readonly ResourceDescriptor[];
  readonly byGvr: ReadonlyMap<string, ResourceDescriptor>;
  readonly groupVersions: readonly ServedGroupVersion[];
  readonly crds: readonly CustomResourceDefinition[];
  openApi?: CustomResourcesOpenApi;
}

export class CustomResources {
  readonly #crds: CachedObjects;
  readonly #schemaRules: apiextensions.SchemaRules;
  #served: Served | undefined;

  constructor(crds: CachedObjects, schemaRules: apiextensions.SchemaRules = apiextensions.noSchemaRules) {
    this.#crds = crds;
    this.#schemaRules = schemaRules;
  }

  #current(): Served {
    const rv = this.#crds.resourceVersion;
    if (this.#served?.resourceVersion === rv) return this.#served;
    const crds = this.#crds.list() as unknown as CustomResourceDefinition[];
    // A CRD of a built-in resource (upstream's snapshot CRDs) is stored but the built-in keeps serving it.
    const descriptors = crds.flatMap((o) => apiextensions.customResourceDescriptors(o, this.#schemaRules)).filter((d) => !isBuiltInResource(d.group, d.plural));
    const byGvr = new Map(descriptors.map((d) => [`${d.group}/${d.version}/${d.plural}`, d]));
    const gvs = [...new Set(descriptors.map((d) => `${d.group}/${d.version}`))].map((k) => k.split('/') as [string, string]);
    const groupVersions = gvs.map(([group, version]) => ({ group, version, priority: crdPriority, resources: discoveryResources(group, version, descriptors) }));
    this.#served = { resourceVersion: rv, descriptors, byGvr, groupVersions, crds };
    return this.#served;
  }

  lookup(group: string, version: string, plural: string): ResourceDescriptor | undefined {
    return this.#current().byGvr.get(`${group}/${version}/${plural}`);
  }

  /** Every served version of every established CRD's resource. */
  descriptors(): readonly ResourceDescriptor[] {
    return this.#current().descriptors;
  }

  /** The served resource of a kind (a policy's paramKind names a kind, not a resource). */
  lookupKind(group: string, version: string, kind: string): ResourceDescriptor | undefined {
    return this.descriptors().find((d) => d.group === group && d.version === version && d.kind === kind);
  }

  serves(group: string, version: string): boolean {
    return this.#current().groupVersions.some((gv) => gv.group === group && gv.version === version);
  }

  /** The group-versions for discovery (aggregated and legacy), with upstream's CRD APIService priority. */
  groupVersions(): readonly ServedGroupVersion[] {
    return this.#current().groupVersions;
  }

  /**
   * The custom resources' OpenAPI paths and definitions (apiextensions-apiserver's builder), made on first use after
   * a CRD changed; the same object until one does again.
   */
  openApi(): CustomResourcesOpenApi {
    const served = this.#current();
    const crds = served.crds.filter((c) => !isBuiltInResource(c.spec.group, c.spec.names.plural));
    served.openApi ??= {
      resources: served.descriptors.map(openApiResourceOf),
      definitions: {
        v2: Object.assign({}, ...crds.map((c) => apiextensions.customResourceOpenApiDefinitions(c, 'v2'))) as Record<string, SchemaObject>,
        v3: Object.assign({}, ...crds.map((c) => apiextensions.customResourceOpenApiDefinitions(c, 'v3'))) as Record<string, SchemaObject>,
      },
    };
    return served.openApi;
  }

  /** GET /apis/{group}/{version} of a CRD group-version. */
  resourceList(group: string, version: string): Record<string, unknown> | undefined {
    return apiResourceList(group, version, this.#current().descriptors);
  }
}
