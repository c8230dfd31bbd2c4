// api: the object model: kinds, errors, selectors, validation, printers, patch. Imports util only.
export * from './errors.js';
export * from './resource-descriptor.js';
export * from './kinds.js';
export { FieldPath, root, errorString, errorBody, type FieldError, type FieldErrorType } from './meta/field-path.js';
export * as field from './meta/field-path.js';
export * from './meta/kind-rules.js';
export * from './meta/labels.js';
export * from './meta/fields.js';
export { nodeSelectorMatches, nodeSelectorTermMatches, type NodeIdentity } from './core/v1/node-selector.js';
export { tolerates, untoleratedTaint } from './core/v1/taints.js';
export { scaledValueFromIntOrPercent } from './apps/v1/int-or-percent.js';
export { templateGenerationAnnotation } from './apps/v1/daemon-set.js';
export { parseQuantity, compareQuantities, Quantity } from './resource/quantity.js';
export * from './core/v1/volume-binding.js';
export { defaultStorageClassOf, isDefaultStorageClass } from './storage/v1/index.js';
export { parseCronSchedule, nextCronTime, TimeZone, formatRfc3339, cronJobScheduledTimestampAnnotation, type CronSchedule } from './batch/v1/index.js';
export { VolumeIndex, volumeMismatch, claimRequest, type MatchOptions } from './core/v1/volume-index.js';
export { semanticEqual } from './meta/equality.js';
export { defaultPersistentVolumeClaimSpec } from './core/v1/persistent-volume-claim.js';
export { ClaimUsers, podClaimNames } from './core/v1/claim-users.js';
export { isPodActive, isPodAvailable, isPodReady, msUntilPodAvailable } from './core/v1/pod-readiness.js';
export { serviceNameLabel } from './discovery/v1/index.js';
export { parseLogQuery, execRequestOf, type LogRequest, type ExecRequest, type StreamProcess, type NodeStreams, type NodeStreamsRegistry } from './core/v1/pod-streams.js';
export * from './core/v1/volume-attachment.js';
export { mirrorPodAnnotation } from './core/v1/pod.js';
export { rootCaConfigMapName } from './core/v1/service-account.js';
export {
  jobTrackingFinalizer, jobCompletionIndexAnnotation, jobIndexFailureCountAnnotation, jobIndexIgnoredFailureCountAnnotation, controllerUidLabel, jobNameLabel,
} from './batch/v1/index.js';
export * as apiregistration from './apiregistration/v1/index.js';
export * from './provider/index.js';
export { printerFor, type TablePrinter } from './printers/index.js';
export * from './stats/v1alpha1/index.js';
export * from './quota/index.js';
export * from './limit-range/index.js';
export * from './pod-security/index.js';
export * from './policy/v1/disruption.js';
export * from './policy/v1/eviction.js';
