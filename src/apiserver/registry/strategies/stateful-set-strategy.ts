// StatefulSet: fields of disabled feature gates are dropped on create and update, as upstream's strategy does
// (MaxUnavailableStatefulSet is off in 1.32, so rollingUpdate.maxUnavailable is not stored).
import { dropStatefulSetDisabledFields } from '../../../api/apps/v1/index.js';
import type { KindStrategy } from './strategy.js';

export const statefulSetStrategy: KindStrategy = {
  prepareForCreate: (obj) => dropStatefulSetDisabledFields(obj),
  prepareForUpdate: (obj, old) => dropStatefulSetDisabledFields(obj, old),
};
