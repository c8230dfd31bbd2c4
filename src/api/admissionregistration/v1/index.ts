// admissionregistration.k8s.io/v1: Validating- and MutatingWebhookConfiguration rules, and the pure parts of the
// webhook admission plugins (matching, matchConditions, the AdmissionReview exchange); ValidatingAdmissionPolicy and
// its Binding (defaults, validation, compiling and evaluating policies).
import type { KindRules } from '../../meta/index.js';
import { defaultWebhookConfiguration } from './defaults.js';
import { validateWebhookConfiguration, validateWebhookConfigurationUpdate } from './validation.js';
import { defaultValidatingAdmissionPolicy, defaultValidatingAdmissionPolicyBinding } from './policy-defaults.js';
import {
  validateValidatingAdmissionPolicy, validateValidatingAdmissionPolicyBinding, validateValidatingAdmissionPolicyBindingUpdate, validateValidatingAdmissionPolicyUpdate,
} from './policy-validation.js';

export * from './admission-review.js';
export * from './matching.js';
export { defaultServicePort, defaultTimeoutSeconds, defaultWebhookConfiguration } from './defaults.js';
export { evaluateMatchConditions, matchConditionError, toCelValue, type MatchConditionInput, type MatchConditionOutcome } from './match-conditions.js';
export * from './policy-evaluation.js';
export * from './policy-dispatch.js';
export * from './policy-matching.js';
export { compilePolicy, type CompiledPolicy } from './policy-compile.js';
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
  ValidatingAdmissionPolicy: {
    defaults: defaultValidatingAdmissionPolicy,
    validate: validateValidatingAdmissionPolicy,
    validateUpdate: validateValidatingAdmissionPolicyUpdate,
  },
  ValidatingAdmissionPolicyBinding: {
    defaults: defaultValidatingAdmissionPolicyBinding,
    validate: validateValidatingAdmissionPolicyBinding,
    validateUpdate: validateValidatingAdmissionPolicyBindingUpdate,
  },
};
