// The entry of `kubectl skiff why`'s logic: the explanation of a fetched pod or claim as lines. Pure.
import type { PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1.js';
import type { ClaimObject } from '../../api/index.js';
import type { ExplainedResource } from './args.js';
import { explainClaim } from './claim.js';
import { explainPod } from './pod.js';
import type { ClusterState } from './state.js';

/** The lines that explain `obj` (a pod or a claim, as `resource` says) in `state`. */
export function explain(resource: ExplainedResource, obj: Pod | PersistentVolumeClaim, state: ClusterState): string[] {
  switch (resource) {
    case 'pods': return explainPod(obj as Pod, state);
    case 'persistentvolumeclaims': return explainClaim(obj as ClaimObject, state);
    default: {
      const never: never = resource;
      return never;
    }
  }
}
