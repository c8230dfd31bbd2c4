// quota: ResourceQuota evaluators, the admission decision and the controller's usage calculation. Pure.
export * from './resource-list.js';
export * from './evaluator.js';
export { evaluatorFor, evaluatorsForQuota } from './registry.js';
export { isPodChargeable } from './pod-evaluator.js';
export { quotaServiceType, allocatedStorageChanged } from './evaluators.js';
export * from './check-request.js';
export * from './usage.js';
