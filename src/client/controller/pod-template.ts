// The pod a workload controller creates from its template (upstream GetPodFromTemplate): labels,
// annotations and finalizers of the template, a generated name, a controller reference to the owner.
import type { Pod, PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import { controllerRefTo, type Owner } from './ownership.js';

/** Upstream's longest generateName prefix (63 less the five random characters). */
export const maxGeneratedNamePrefix = 58;

/** The pod from the template, named `<owner>-<random>` unless generateName is given. Does not mutate the template. */
export function podFromTemplate(owner: Owner, template: PodTemplateSpec | undefined, options: { generateName?: string } = {}): Pod {
  const prefix = owner.metadata.name.length > maxGeneratedNamePrefix - 1 ? owner.metadata.name.slice(0, maxGeneratedNamePrefix - 1) : owner.metadata.name;
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: {
      generateName: options.generateName ?? `${prefix}-`, namespace: owner.metadata.namespace,
      ...(template?.metadata?.labels ? { labels: { ...template.metadata.labels } } : {}),
      ...(template?.metadata?.annotations ? { annotations: { ...template.metadata.annotations } } : {}),
      ...(template?.metadata?.finalizers ? { finalizers: [...template.metadata.finalizers] } : {}),
      ownerReferences: [controllerRefTo(owner)],
    },
    spec: structuredClone(template?.spec ?? { containers: [] }),
  };
}
