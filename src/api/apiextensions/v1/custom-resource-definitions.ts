// apiextensions.k8s.io/v1 as Skiff serves it: the customresourcedefinitions resource, read-only and always
// empty, because Skiff serves no custom resources. kubectl lists it to decide how to validate a kind its
// OpenAPI v2 document does not describe (cli-runtime's CRD finder), and `kubectl get crd` answers truthfully.
import { notFound } from '../../errors.js';
import type { KubeObject } from '../../meta/kind-rules.js';
import type { ApiGroupProvider, ProviderRequest } from '../../provider/index.js';
import { builtInPriority } from '../../apiregistration/v1/priorities.js';

const group = 'apiextensions.k8s.io';
const version = 'v1';

/**
 * The provider: get answers 404 NotFound, list an empty CustomResourceDefinitionList; every other verb
 * (create, update, patch, delete) answers 405 MethodNotAllowed from the server, so a CRD manifest fails
 * loudly instead of being stored and never served.
 */
export function customResourceDefinitionsProvider(): ApiGroupProvider {
  return {
    group,
    version,
    priority: builtInPriority(group, version) ?? { groupPriorityMinimum: 16700, versionPriority: 15 },
    resources: [{
      name: 'customresourcedefinitions', singularName: 'customresourcedefinition', kind: 'CustomResourceDefinition', namespaced: false,
      verbs: ['get', 'list'], shortNames: ['crd', 'crds'], categories: ['api-extensions'],
    }],
    handle(r: ProviderRequest): Promise<KubeObject> {
      if (r.verb === 'list') return Promise.resolve({ apiVersion: `${group}/${version}`, kind: 'CustomResourceDefinitionList', metadata: {}, items: [] });
      return Promise.reject(notFound({ group, resource: 'customresourcedefinitions' }, r.name));
    },
  };
}
