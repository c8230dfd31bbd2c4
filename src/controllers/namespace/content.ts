// Which resources a namespace holds: every persisted, namespaced kind at its storage version.
import { resources, type ResourceDescriptor } from '../../api/index.js';

export function namespacedContentResources(): ResourceDescriptor[] {
  return resources.filter((r) => r.namespaced && r.persisted && !r.conversion && r.storage.group === r.group && r.storage.version === r.version);
}
