// Validating- and MutatingWebhookConfiguration validation (upstream pkg/apis/admissionregistration/validation and
// k8s.io/apiserver/pkg/util/webhook): fully qualified unique webhook names, rules, policies, timeouts, selectors,
// exactly one of url (https, no user, fragment or query) or service (name, namespace, port, path), the
// AdmissionReview versions and matchConditions. Updates relax the rules the stored object already breaks.
import type { MatchCondition, MutatingWebhook, ValidatingWebhook, WebhookClientConfig } from 'kubernetes-types/admissionregistration/v1.js';
import {
  duplicate, invalid, notSupported, required, root, tooMany, validateLabelSelector, validateObjectMeta, validateObjectMetaUpdate, validateQualifiedName,
  type FieldError, type FieldPath, type KubeObject,
} from '../../meta/index.js';
import { isDns1123Subdomain } from '../../meta/name-validation.js';
import { validateReviewVersions, validateWebhookService, validateWebhookUrl } from '../../webhook/index.js';
import { matchConditionError } from './match-conditions.js';
import type { RuleWithOperations } from './matching.js';

type Webhook = ValidatingWebhook & Partial<Pick<MutatingWebhook, 'reinvocationPolicy'>>;

/** What validation tolerates; on update, what the stored configuration already broke stays allowed. */
export interface WebhookValidationOptions {
  readonly ignoreMatchConditions: boolean;
  readonly requireNoSideEffects: boolean;
  readonly requireRecognizedAdmissionReviewVersion: boolean;
  readonly requireUniqueWebhookNames: boolean;
  readonly allowInvalidLabelValueInSelector: boolean;
}

export const acceptedAdmissionReviewVersions = ['v1', 'v1beta1'] as const;
const failurePolicies = ['Fail', 'Ignore'];
const matchPolicies = ['Equivalent', 'Exact'];
const allSideEffects = ['None', 'NoneOnDryRun', 'Some', 'Unknown'];
const noSideEffects = ['None', 'NoneOnDryRun'];
const operations = ['*', 'CONNECT', 'CREATE', 'DELETE', 'UPDATE'];
const reinvocationPolicies = ['IfNeeded', 'Never'];
const scopes = ['*', 'Cluster', 'Namespaced'];
export const maxMatchConditions = 64;

const createOptions: WebhookValidationOptions = {
  ignoreMatchConditions: false, requireNoSideEffects: true, requireRecognizedAdmissionReviewVersion: true, requireUniqueWebhookNames: true, allowInvalidLabelValueInSelector: false,
};

/** upstream IsFullyQualifiedName: a DNS subdomain with at least three segments. */
function validateFullyQualifiedName(path: FieldPath, name: string): FieldError[] {
  if (name === '') return [required(path, '')];
  const errs = isDns1123Subdomain(name);
  if (errs.length) return [invalid(path, name, errs.join(','))];
  if (name.split('.').length < 3) return [invalid(path, name, 'should be a domain with at least three segments separated by dots')];
  return [];
}

const hasWildcard = (xs: readonly string[]): boolean => xs.includes('*');

function validateResources(resources: readonly string[], path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (resources.length === 0) errs.push(required(path, ''));
  const wildcardSubresourceOf = new Set<string>();
  const wildcardResourceFor = new Set<string>();
  let doubleWildcard = false;
  let singleWildcard = false;
  let withoutSubresource = false;
  resources.forEach((resSub, i) => {
    if (resSub === '') {
      errs.push(required(path.index(i), ''));
      return;
    }
    if (resSub === '*/*') doubleWildcard = true;
    if (resSub === '*') singleWildcard = true;
    const slash = resSub.indexOf('/');
    if (slash < 0) {
      withoutSubresource = resSub !== '*';
      return;
    }
    const res = resSub.slice(0, slash);
    const sub = resSub.slice(slash + 1);
    if (wildcardSubresourceOf.has(res)) errs.push(invalid(path.index(i), resSub, `if '${res}/*' is present, must not specify ${resSub}`));
    if (wildcardResourceFor.has(sub)) errs.push(invalid(path.index(i), resSub, `if '*/${sub}' is present, must not specify ${resSub}`));
    if (sub === '*') wildcardSubresourceOf.add(res);
    if (res === '*') wildcardResourceFor.add(sub);
  });
  if (resources.length > 1 && doubleWildcard) errs.push(invalid(path, resources, "if '*/*' is present, must not specify other resources"));
  if (singleWildcard && withoutSubresource) errs.push(invalid(path, resources, "if '*' is present, must not specify other resources without subresources"));
  return errs;
}

/** upstream validateRuleWithOperations (shared with the admission policies' resource rules). */
export function validateRule(rule: RuleWithOperations, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const ops = rule.operations ?? [];
  if (ops.length === 0) errs.push(required(path.child('operations'), ''));
  if (ops.length > 1 && hasWildcard(ops)) errs.push(invalid(path.child('operations'), ops, "if '*' is present, must not specify other operations"));
  ops.forEach((op, i) => {
    if (!operations.includes(op)) errs.push(notSupported(path.child('operations').index(i), op, operations));
  });
  const groups = rule.apiGroups ?? [];
  if (groups.length === 0) errs.push(required(path.child('apiGroups'), ''));
  if (groups.length > 1 && hasWildcard(groups)) errs.push(invalid(path.child('apiGroups'), groups, "if '*' is present, must not specify other API groups"));
  const versions = rule.apiVersions ?? [];
  if (versions.length === 0) errs.push(required(path.child('apiVersions'), ''));
  if (versions.length > 1 && hasWildcard(versions)) errs.push(invalid(path.child('apiVersions'), versions, "if '*' is present, must not specify other API versions"));
  versions.forEach((v, i) => {
    if (v === '') errs.push(required(path.child('apiVersions').index(i), ''));
  });
  errs.push(...validateResources(rule.resources ?? [], path.child('resources')));
  if (rule.scope !== undefined && !scopes.includes(rule.scope)) errs.push(notSupported(path.child('scope'), rule.scope, scopes));
  return errs;
}

function validateClientConfig(cc: WebhookClientConfig | undefined, path: FieldPath): FieldError[] {
  const url = cc?.url;
  const svc = cc?.service;
  if ((url === undefined) === (svc === undefined)) return [required(path, 'exactly one of url or service is required')];
  if (url !== undefined) return validateWebhookUrl(path.child('url'), url);
  return svc ? validateWebhookService(path.child('service'), svc) : [];
}

/** upstream validateMatchConditions; `compileError` says why an expression does not compile (policies pass theirs). */
export function validateMatchConditions(conditions: readonly MatchCondition[], path: FieldPath, compileError: (expression: string) => string | undefined = matchConditionError): FieldError[] {
  const errs: FieldError[] = [];
  if (conditions.length > maxMatchConditions) errs.push(tooMany(path, conditions.length, maxMatchConditions));
  const names = new Set<string>();
  conditions.forEach((c, i) => {
    const p = path.index(i);
    const expression = String(c.expression ?? '').trim();
    if (expression === '') errs.push(required(p.child('expression'), ''));
    else {
      const problem = compileError(expression);
      if (problem !== undefined) errs.push(invalid(p.child('expression'), expression, problem));
    }
    const name = String(c.name ?? '');
    if (name === '') errs.push(required(p.child('name'), ''));
    else errs.push(...validateQualifiedName(name, p.child('name')));
    if (name !== '') {
      if (names.has(name)) errs.push(duplicate(p.child('name'), name));
      names.add(name);
    }
  });
  return errs;
}

function validateAdmissionReviewVersions(versions: readonly string[] | undefined, requireRecognized: boolean, path: FieldPath): FieldError[] {
  const accepted = acceptedAdmissionReviewVersions;
  return validateReviewVersions(path, versions, { accepted, requireRecognized, missingDetail: `must specify one of ${accepted.join(', ')}` });
}

function validateWebhook(hook: Webhook, mutating: boolean, opts: WebhookValidationOptions, path: FieldPath): FieldError[] {
  const errs = validateFullyQualifiedName(path.child('name'), hook.name ?? '');
  (hook.rules ?? []).forEach((r, i) => errs.push(...validateRule(r, path.child('rules').index(i))));
  if (hook.failurePolicy !== undefined && !failurePolicies.includes(hook.failurePolicy)) errs.push(notSupported(path.child('failurePolicy'), hook.failurePolicy, failurePolicies));
  if (hook.matchPolicy !== undefined && !matchPolicies.includes(hook.matchPolicy)) errs.push(notSupported(path.child('matchPolicy'), hook.matchPolicy, matchPolicies));
  const allowedSideEffects = opts.requireNoSideEffects ? noSideEffects : allSideEffects;
  if (hook.sideEffects === undefined || hook.sideEffects === null) errs.push(required(path.child('sideEffects'), `must specify one of ${allowedSideEffects.join(', ')}`));
  else if (!allowedSideEffects.includes(hook.sideEffects)) errs.push(notSupported(path.child('sideEffects'), hook.sideEffects, allowedSideEffects));
  const t = hook.timeoutSeconds;
  if (t !== undefined && (t > 30 || t < 1)) errs.push(invalid(path.child('timeoutSeconds'), t, 'the timeout value must be between 1 and 30 seconds'));
  const selectorOpts = { allowInvalidLabelValueInSelector: opts.allowInvalidLabelValueInSelector };
  errs.push(...validateLabelSelector(hook.namespaceSelector, path.child('namespaceSelector'), selectorOpts));
  errs.push(...validateLabelSelector(hook.objectSelector, path.child('objectSelector'), selectorOpts));
  if (mutating && hook.reinvocationPolicy !== undefined && !reinvocationPolicies.includes(hook.reinvocationPolicy)) {
    errs.push(notSupported(path.child('reinvocationPolicy'), hook.reinvocationPolicy, reinvocationPolicies));
  }
  errs.push(...validateClientConfig(hook.clientConfig, path.child('clientConfig')));
  if (!opts.ignoreMatchConditions) errs.push(...validateMatchConditions(hook.matchConditions ?? [], path.child('matchConditions')));
  return errs;
}

function webhooksOf(obj: KubeObject): Webhook[] {
  const hooks = obj['webhooks'];
  return Array.isArray(hooks) ? (hooks.filter((h) => h !== null && typeof h === 'object') as Webhook[]) : [];
}

function validateWebhooks(obj: KubeObject, mutating: boolean, opts: WebhookValidationOptions): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  webhooksOf(obj).forEach((hook, i) => {
    const p = root('webhooks').index(i);
    errs.push(...validateWebhook(hook, mutating, opts, p));
    errs.push(...validateAdmissionReviewVersions(hook.admissionReviewVersions, opts.requireRecognizedAdmissionReviewVersion, p.child('admissionReviewVersions')));
    const name = hook.name ?? '';
    if (opts.requireUniqueWebhookNames && name !== '') {
      if (names.has(name)) errs.push(duplicate(p.child('name'), name));
      names.add(name);
    }
  });
  return errs;
}

/** Validation of a new configuration (upstream ValidateValidating/MutatingWebhookConfiguration). */
export function validateWebhookConfiguration(obj: KubeObject, mutating: boolean): FieldError[] {
  return [...validateObjectMeta(obj.metadata, { namespaced: false }), ...validateWebhooks(obj, mutating, createOptions)];
}

/** The options of an update: what the stored webhooks already break is tolerated (upstream *Update). */
export function updateOptions(obj: KubeObject, old: KubeObject): WebhookValidationOptions {
  const hooks = webhooksOf(obj);
  const oldHooks = webhooksOf(old);
  const sameConditions = hooks.length === oldHooks.length && oldHooks.every((o, i) => JSON.stringify(o.matchConditions ?? []) === JSON.stringify(hooks[i]?.matchConditions ?? []));
  const oldNames = oldHooks.map((h) => h.name);
  const selectorInvalid = oldHooks.some((h) => validateLabelSelector(h.namespaceSelector, root('x')).length > 0 || validateLabelSelector(h.objectSelector, root('x')).length > 0);
  return {
    ignoreMatchConditions: sameConditions,
    requireNoSideEffects: oldHooks.every((h) => h.sideEffects !== undefined && noSideEffects.includes(h.sideEffects)),
    requireRecognizedAdmissionReviewVersion: oldHooks.every((h) => (h.admissionReviewVersions ?? []).length === 0 || (h.admissionReviewVersions ?? []).some((v) => (acceptedAdmissionReviewVersions as readonly string[]).includes(v))),
    requireUniqueWebhookNames: new Set(oldNames).size === oldNames.length,
    allowInvalidLabelValueInSelector: selectorInvalid,
  };
}

/** Validation of an update (upstream Validate*WebhookConfigurationUpdate). */
export function validateWebhookConfigurationUpdate(obj: KubeObject, old: KubeObject, mutating: boolean): FieldError[] {
  return [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateWebhooks(obj, mutating, updateOptions(obj, old))];
}
