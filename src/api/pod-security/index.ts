// pod-security: the Pod Security Standards, namespace policies and what admission evaluates. Pure.
export { labelPrefix as podSecurityLabelPrefix, enforceLabel, defaultPolicy, levelVersionString, compareLevels, policyFromLabels, sameLevelVersion, type Level, type LevelVersion, type Policy, type Version } from './policy.js';
export { evaluatePod, forbiddenDetail, forbiddenReason, checksFor, type Evaluation } from './evaluate.js';
export { podTemplateOf, hasPodTemplate, isSignificantPodUpdate } from './pod-specs.js';
export { existingPodWarnings } from './namespace-check.js';
