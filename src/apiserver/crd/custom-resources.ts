// The custom resources this server serves, from its watch cache of CustomResourceDefinitions: a descriptor per
// served version of every established CRD (api/apiextensions), rebuilt when a CRD changes, for the generic
// registry (lookup), discovery and the aggregator (which group-versions are served here).
import type { CustomResourceDefinition } from 'kubernetes-types/apiextensions/v1.js';
import { apiextensions, type ResourceDescriptor } from '../../api/index.js';
import type { ServedGroupVersion } from '../aggregator/discovery-merge.js';
import type { CachedObjects } from '../auth/rbac-authorizer.js';
import { apiResourceList, discoveryResources } from '../handlers/discovery.js';

/** Upstream registers a CRD's group-versions with these APIService priorities (crdregistration). */
const crdPriority = { groupPriorityMinimum: 1000, versionPriority: 100 };

interface Served {
  readonly resourceVersion: number;
  readonly descriptors: readonly ResourceDescriptor[];
  readonly byGvr: ReadonlyMap<string, ResourceDescriptor>;
  readonly groupVersions: readonly ServedGroupVersion[];
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
    const descriptors = this.#crds.list().flatMap((o) => apiextensions.customResourceDescriptors(o as unknown as CustomResourceDefinition, this.#schemaRules));
    const byGvr = new Map(descriptors.map((d) => [`${d.group}/${d.version}/${d.plural}`, d]));
    const gvs = [...new Set(descriptors.map((d) => `${d.group}/${d.version}`))].map((k) => k.split('/') as [string, string]);
    const groupVersions = gvs.map(([group, version]) => ({ group, version, priority: crdPriority, resources: discoveryResources(group, version, descriptors) }));
    this.#served = { resourceVersion: rv, descriptors, byGvr, groupVersions };
    return this.#served;
  }

  lookup(group: string, version: string, plural: string): ResourceDescriptor | undefined {
    return this.#current().byGvr.get(`${group}/${version}/${plural}`);
  }

  serves(group: string, version: string): boolean {
    return this.#current().groupVersions.some((gv) => gv.group === group && gv.version === version);
  }

  /** The group-versions for discovery (aggregated and legacy), with upstream's CRD APIService priority. */
  groupVersions(): readonly ServedGroupVersion[] {
    return this.#current().groupVersions;
  }

  /** GET /apis/{group}/{version} of a CRD group-version. */
  resourceList(group: string, version: string): Record<string, unknown> | undefined {
    return apiResourceList(group, version, this.#current().descriptors);
  }
}
