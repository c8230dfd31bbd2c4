// DaemonSet: the server keeps the template generation (deprecated.daemonset.template.generation), as upstream's
// strategy keeps spec.templateGeneration and its apps/v1 conversion serves it as that annotation.
import { prepareDaemonSetForCreate, prepareDaemonSetForUpdate } from '../../../api/apps/v1/index.js';
import type { KindStrategy } from './strategy.js';

export const daemonSetStrategy: KindStrategy = {
  prepareForCreate: prepareDaemonSetForCreate,
  prepareForUpdate: prepareDaemonSetForUpdate,
};
