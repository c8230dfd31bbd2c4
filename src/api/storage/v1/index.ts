// storage.k8s.io/v1: StorageClass defaulting and validation rules keyed by Kind.
import type { KindRules } from '../../meta/index.js';
import { storageClassRules } from './storage-class.js';

export { storageClassRules } from './storage-class.js';
export { defaultStorageClassOf, fsTypeParameter, isDefaultStorageClass } from './default-class.js';

export const storageV1Rules: Record<string, KindRules> = { StorageClass: storageClassRules };
