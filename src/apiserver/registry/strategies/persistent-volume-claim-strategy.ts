// PersistentVolumeClaim strategy (upstream pkg/registry/core/persistentvolumeclaim): a new claim's data sources
// are normalized so dataSource and dataSourceRef mirror each other.
import { normalizeClaimDataSources, type KubeObject } from '../../../api/index.js';
import type { KindStrategy } from './strategy.js';

export const persistentVolumeClaimStrategy: KindStrategy = {
  prepareForCreate(obj: KubeObject) {
    const spec = obj['spec'];
    if (spec !== null && typeof spec === 'object' && !Array.isArray(spec)) normalizeClaimDataSources(spec);
  },
};
