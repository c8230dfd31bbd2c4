// admissionregistration.k8s.io/v1: Validating- and MutatingWebhookConfiguration rules, and the pure parts of the
// webhook admission plugins (matching, matchConditions, the AdmissionReview exchange).
import type { KindRules } from '../../meta/index.js';
import { defaultWebhookConfiguration } from './defaults.js';
import { validateWebhookConfiguration, validateWebhookConfigurationUpdate } from './validation.js';

export * from './admission-review.js';
export * from './matching.js';
export { defaultServicePort, defaultTimeoutSeconds, defaultWebhookConfiguration } from './defaults.js';
export { evaluateMatchConditions, matchConditionError, toCelValue, type MatchConditionInput, type MatchConditionOutcome } from './match-conditions.js';
export { acceptedAdmissionReviewVersions, maxMatchConditions, validateWebhookConfiguration, validateWebhookConfigurationUpdate } from './validation.js';

function rulesFor(mutating: boolean): KindRules {
  return {
    defaults: (obj) => defaultWebhookConfiguration(obj, mutating),
    validate: (obj) => validateWebhookConfiguration(obj, mutating),
    validateUpdate: (obj, old) => validateWebhookConfigurationUpdate(obj, old, mutating),
  };
}

export const admissionregistrationV1Rules: Record<string, KindRules> = {
  ValidatingWebhookConfiguration: rulesFor(false),
  MutatingWebhookConfiguration: rulesFor(true),
};
