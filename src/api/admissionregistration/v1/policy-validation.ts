// ValidatingAdmissionPolicy and ValidatingAdmissionPolicyBinding validation (upstream
// pkg/apis/admissionregistration/validation): failurePolicy, paramKind, matchConstraints (with at least one
// resourceRule), matchConditions, variables (CEL identifiers, compiled in order), validations (expression,
// message, messageExpression, reason), auditAnnotations (keys qualified under the policy's name, value
// expressions), and for bindings policyName, paramRef (name xor selector, parameterNotFoundAction),
// matchResources and validationActions. Every expression must compile; details are upstream's.
import type {
  MatchResources, NamedRuleWithOperations, ParamKind, ParamRef, ValidatingAdmissionPolicySpec, ValidatingAdmissionPolicyBindingSpec,
} from 'kubernetes-types/admissionregistration/v1.js';
import {
  duplicate, forbidden, invalid, notSupported, required, root, validateLabelSelector, validateObjectMeta, validateObjectMetaUpdate, validateQualifiedName,
  type FieldError, type FieldPath, type GoStringer, type KubeObject,
} from '../../meta/index.js';
import { isDns1035Label, isDns1123Subdomain } from '../../meta/name-validation.js';
import { compilePolicy, type CompiledExpression } from './policy-compile.js';
import { validateMatchConditions, validateRule } from './validation.js';
import { isObject } from '../../patch/json-value.js';

const failurePolicies = ['Fail', 'Ignore'];
const matchPolicies = ['Equivalent', 'Exact'];
const validationActions = ['Audit', 'Deny', 'Warn'];
const reasons = ['Forbidden', 'Invalid', 'RequestEntityTooLarge', 'Unauthorized'];
const maxAuditAnnotations = 20;
const maxAuditAnnotationValueExpressionLength = 5 * 1024;
const celReserved = new Set(['true', 'false', 'null', 'in', 'as', 'break', 'const', 'continue', 'else', 'for', 'function', 'if', 'import', 'let', 'loop', 'package', 'namespace', 'return', 'var', 'void', 'while']);

const specOf = <T>(obj: KubeObject): T => (isObject(obj['spec']) ? obj['spec'] : {}) as T;

/** upstream path.ValidatePathSegmentName without prefix. */
function pathSegmentNameErrors(name: string): string[] {
  if (name === '.' || name === '..') return [`may not be '${name}'`];
  const errs: string[] = [];
  for (const illegal of ['/', '%']) if (name.includes(illegal)) errs.push(`may not contain '${illegal}'`);
  return errs;
}

function validateParamKind(kind: ParamKind, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const apiVersion = kind.apiVersion ?? '';
  if (apiVersion === '') errs.push(required(path.child('apiVersion'), ''));
  else if ((apiVersion.match(/\//g) ?? []).length > 1) errs.push(invalid(path.child('apiVersion'), apiVersion, `unexpected GroupVersion string: ${apiVersion}`));
  else if (apiVersion !== '/') {
    const slash = apiVersion.indexOf('/');
    const group = slash < 0 ? '' : apiVersion.slice(0, slash);
    const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
    if (group !== '') {
      const m = isDns1123Subdomain(group);
      if (m.length) errs.push(invalid(path.child('apiVersion'), group, m.join(',')));
    }
    if (version === '') errs.push(invalid(path.child('apiVersion'), apiVersion, 'version must be specified'));
    else {
      const m = isDns1035Label(version);
      if (m.length) errs.push(invalid(path.child('apiVersion'), version, m.join(',')));
    }
  }
  const k = kind.kind ?? '';
  if (k === '') errs.push(required(path.child('kind'), ''));
  else {
    const m = isDns1035Label(k.toLowerCase());
    if (m.length) errs.push(invalid(path.child('kind'), k, `may have mixed case, but should otherwise match: ${m.join(',')}`));
  }
  return errs;
}

function validateNamedRule(rule: NamedRuleWithOperations, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  (rule.resourceNames ?? []).forEach((n, i) => {
    for (const m of pathSegmentNameErrors(n)) errs.push(invalid(path.child('resourceNames').index(i), n, m));
    if (seen.has(n)) errs.push(duplicate(path.child('resourceNames').index(i), n));
    seen.add(n);
  });
  return [...errs, ...validateRule(rule, path)];
}

function validateMatchResources(mr: MatchResources | undefined, path: FieldPath): FieldError[] {
  if (mr === undefined || mr === null) return [];
  const errs: FieldError[] = [];
  if (mr.matchPolicy === undefined) errs.push(required(path.child('matchPolicy'), ''));
  else if (!matchPolicies.includes(mr.matchPolicy)) errs.push(notSupported(path.child('matchPolicy'), mr.matchPolicy, matchPolicies));
  if (mr.namespaceSelector === undefined) errs.push(required(path.child('namespaceSelector'), ''));
  else errs.push(...validateLabelSelector(mr.namespaceSelector, path.child('namespaceSelector')));
  if (mr.objectSelector === undefined) errs.push(required(path.child('objectSelector'), ''));
  else errs.push(...validateLabelSelector(mr.objectSelector, path.child('objectSelector')));
  (mr.resourceRules ?? []).forEach((r, i) => errs.push(...validateNamedRule(r, path.child('resourceRules').index(i))));
  (mr.excludeResourceRules ?? []).forEach((r, i) => errs.push(...validateNamedRule(r, path.child('excludeResourceRules').index(i))));
  return errs;
}

const isCelIdentifier = (name: string): boolean => /^[_a-zA-Z][_a-zA-Z0-9]*$/.test(name) && !celReserved.has(name);

/** A compile error as upstream's field error (Invalid with the expression). */
function compileErrors(c: CompiledExpression | undefined, path: FieldPath, value: string): FieldError[] {
  return c?.error !== undefined ? [invalid(path, value, c.error)] : [];
}

function validatePolicySpec(name: string, spec: ValidatingAdmissionPolicySpec, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const compiled = compilePolicy(spec);
  if (spec.failurePolicy === undefined) errs.push(required(path.child('failurePolicy'), ''));
  else if (!failurePolicies.includes(spec.failurePolicy)) errs.push(notSupported(path.child('failurePolicy'), spec.failurePolicy, failurePolicies));
  if (spec.paramKind !== undefined && spec.paramKind !== null) errs.push(...validateParamKind(spec.paramKind, path.child('paramKind')));
  if (spec.matchConstraints === undefined || spec.matchConstraints === null) errs.push(required(path.child('matchConstraints'), ''));
  else {
    errs.push(...validateMatchResources(spec.matchConstraints, path.child('matchConstraints')));
    if ((spec.matchConstraints.resourceRules ?? []).length === 0) errs.push(required(path.child('matchConstraints', 'resourceRules'), ''));
  }
  const conditionErrors = new Map(compiled.matchConditions.map((c) => [c.expression, c.error]));
  errs.push(...validateMatchConditions(spec.matchConditions ?? [], path.child('matchConditions'), (e) => conditionErrors.get(e)));
  (spec.variables ?? []).forEach((v, i) => {
    const p = path.child('variables').index(i);
    if ((v.name ?? '').trim() === '') errs.push(required(p.child('name'), 'name is not specified'));
    else if (!isCelIdentifier(v.name)) errs.push(invalid(p.child('name'), v.name, 'name is not a valid CEL identifier'));
    if ((v.expression ?? '').trim() === '') errs.push(required(p.child('expression'), 'expression is not specified'));
    else errs.push(...compileErrors(compiled.variables[i], p.child('expression'), v.expression));
  });
  const validations = spec.validations ?? [];
  const annotations = spec.auditAnnotations ?? [];
  if (validations.length === 0 && annotations.length === 0) {
    const detail = 'validations or auditAnnotations must contain at least one item';
    return [...errs, required(path.child('validations'), detail), required(path.child('auditAnnotations'), detail)];
  }
  validations.forEach((v, i) => {
    const p = path.child('validations').index(i);
    const c = compiled.validations[i];
    if ((v.expression ?? '').trim() === '') errs.push(required(p.child('expression'), 'expression is not specified'));
    else errs.push(...compileErrors(c?.condition, p.child('expression'), v.expression));
    const me = v.messageExpression;
    if (me !== undefined && me.length > 0 && me.trim() === '') errs.push(invalid(p.child('messageExpression'), me, 'must be non-empty if specified'));
    else if (me !== undefined && me.trim() !== '') errs.push(...compileErrors(c?.messageExpression, p.child('messageExpression'), me));
    const msg = (v.message ?? '').trim();
    if (v.message !== undefined && v.message.length > 0 && msg === '') errs.push(invalid(p.child('message'), v.message, 'message must be non-empty if specified'));
    else if (/[\n\r]/.test(msg)) errs.push(invalid(p.child('message'), v.message, 'message must not contain line breaks'));
    if (v.reason !== undefined && !reasons.includes(v.reason)) errs.push(notSupported(p.child('reason'), v.reason, reasons));
  });
  if (annotations.length > maxAuditAnnotations) errs.push(invalid(path.child('auditAnnotations'), annotations, `must not have more than ${maxAuditAnnotations} auditAnnotations`));
  const keys = new Set<string>();
  annotations.forEach((a, i) => {
    const p = path.child('auditAnnotations').index(i);
    if (name !== '') errs.push(...validateQualifiedName(`${name}/${a.key ?? ''}`, p.child('key')));
    else errs.push(invalid(p.child('key'), a.key, 'requires metadata.name be non-empty'));
    const value = (a.valueExpression ?? '').trim();
    if (value === '') errs.push(required(p.child('valueExpression'), 'valueExpression is not specified'));
    else if (value.length > maxAuditAnnotationValueExpressionLength) errs.push(required(p.child('valueExpression'), `must not exceed ${maxAuditAnnotationValueExpressionLength} bytes in length`));
    else errs.push(...compileErrors(compiled.auditAnnotations[i], p.child('valueExpression'), a.valueExpression));
    if (keys.has(a.key)) errs.push(duplicate(p.child('key'), a.key));
    keys.add(a.key);
  });
  return errs;
}

function validateParamRef(ref: ParamRef | undefined, path: FieldPath): FieldError[] {
  if (ref === undefined || ref === null) return [];
  const errs: FieldError[] = [];
  const name = ref.name ?? '';
  const hasSelector = ref.selector !== undefined && ref.selector !== null;
  if (name !== '') {
    for (const m of pathSegmentNameErrors(name)) errs.push(invalid(path.child('name'), name, m));
    if (hasSelector) errs.push(forbidden(path.child('name'), 'name and selector are mutually exclusive'));
  }
  if (hasSelector) {
    errs.push(...validateLabelSelector(ref.selector, path.child('selector')));
    if (name !== '') errs.push(forbidden(path.child('selector'), 'name and selector are mutually exclusive'));
  }
  if (name === '' && !hasSelector) errs.push(required(path, 'one of name or selector must be specified'));
  const action = ref.parameterNotFoundAction ?? '';
  if (action === '') errs.push(required(path.child('parameterNotFoundAction'), ''));
  else if (action !== 'Deny' && action !== 'Allow') errs.push(notSupported(path.child('parameterNotFoundAction'), action, ['Deny', 'Allow']));
  return errs;
}

/** The actions as upstream's field error prints its []ValidationAction value. */
function goActions(actions: readonly string[]): GoStringer & { toJSON(): readonly string[] } {
  return { goString: () => `[]admissionregistration.ValidationAction{${actions.map((a) => JSON.stringify(a)).join(', ')}}`, toJSON: () => actions };
}

function validateActions(actions: readonly string[], path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  actions.forEach((a, i) => {
    if (!validationActions.includes(a)) errs.push(notSupported(path.index(i), a, validationActions));
    if (seen.has(a)) errs.push(duplicate(path.index(i), a));
    seen.add(a);
  });
  if (seen.has('Deny') && seen.has('Warn')) errs.push(invalid(path, goActions(actions), 'must not contain both Deny and Warn (repeating the same validation failure information in the API response and headers serves no purpose)'));
  if (seen.size === 0) errs.push(required(path, 'at least one validation action is required'));
  return errs;
}

function validateBindingSpec(spec: ValidatingAdmissionPolicyBindingSpec, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const policyName = spec.policyName ?? '';
  if (policyName === '') errs.push(required(path.child('policyName'), ''));
  else for (const m of isDns1123Subdomain(policyName)) errs.push(invalid(path.child('policyName'), policyName, m));
  errs.push(...validateParamRef(spec.paramRef, path.child('paramRef')));
  // upstream's field path carries this misspelling.
  errs.push(...validateMatchResources(spec.matchResources, path.child('matchResouces')));
  errs.push(...validateActions(spec.validationActions ?? [], path.child('validationActions')));
  return errs;
}

const nameOf = (obj: KubeObject): string => String((obj.metadata as { name?: unknown } | undefined)?.name ?? '');

export function validateValidatingAdmissionPolicy(obj: KubeObject): FieldError[] {
  return [...validateObjectMeta(obj.metadata, { namespaced: false }), ...validatePolicySpec(nameOf(obj), specOf(obj), root('spec'))];
}

export function validateValidatingAdmissionPolicyUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  return [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validatePolicySpec(nameOf(obj), specOf(obj), root('spec'))];
}

export function validateValidatingAdmissionPolicyBinding(obj: KubeObject): FieldError[] {
  return [...validateObjectMeta(obj.metadata, { namespaced: false }), ...validateBindingSpec(specOf(obj), root('spec'))];
}

export function validateValidatingAdmissionPolicyBindingUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  return [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateBindingSpec(specOf(obj), root('spec'))];
}
