// limit-range: LimitRanger defaults and bound checks. Pure.
export { applyPodDefaults, podViolations, claimViolations, limitRangerAnnotation } from './limit-ranger.js';
export { aggregateMessages } from './constraints.js';
