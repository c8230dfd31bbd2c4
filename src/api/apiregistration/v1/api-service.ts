// APIService defaulting and validation (upstream SetDefaults_ServiceReference and ValidateAPIService):
// the name is `<version>.<group>`, priorities are bounded, a remote service needs namespace, name and a
// valid port, and local APIServices carry no TLS settings.
import {
  invalid, notSupported, required, root, validateObjectMeta, validateObjectMetaUpdate,
  type FieldError, type KindRules, type KubeObject,
} from '../../meta/index.js';
import { isDns1035Label, isDns1123Subdomain, isValidPathSegmentName, isValidPortNum } from '../../meta/name-validation.js';
import type { APIService } from './types.js';

/** The port of a service reference when none is given (upstream's compatibility default). */
export const defaultServicePort = 443;

const conditionStatuses = ['True', 'False', 'Unknown'];

function asApiService(obj: KubeObject): APIService {
  return obj as APIService;
}

function validateSpec(obj: APIService): FieldError[] {
  const spec = obj.spec ?? { groupPriorityMinimum: 0, versionPriority: 0 };
  const group = String(spec.group ?? '');
  const version = String(spec.version ?? '');
  const errs: FieldError[] = [];
  // Only the legacy core group-version "v1" has an empty group.
  if (group === '' && version !== 'v1') errs.push(required(root('spec', 'group'), 'only v1 may have an empty group and it better be legacy kube'));
  if (group !== '') for (const m of isDns1123Subdomain(group)) errs.push(invalid(root('spec', 'group'), group, m));
  for (const m of isDns1035Label(version)) errs.push(invalid(root('spec', 'version'), version, m));
  const gpm = spec.groupPriorityMinimum;
  if (typeof gpm !== 'number' || !(gpm > 0 && gpm <= 20000)) errs.push(invalid(root('spec', 'groupPriorityMinimum'), gpm ?? 0, 'must be positive and less than 20000'));
  const vp = spec.versionPriority;
  if (typeof vp !== 'number' || !(vp > 0 && vp <= 1000)) errs.push(invalid(root('spec', 'versionPriority'), vp ?? 0, 'must be positive and less than 1000'));
  const ca = spec.caBundle ?? '';
  if (!spec.service) {
    if (ca.length > 0) errs.push(invalid(root('spec', 'caBundle'), `${Buffer.from(ca, 'base64').length} bytes`, 'local APIServices may not have a caBundle'));
    if (spec.insecureSkipTLSVerify === true) errs.push(invalid(root('spec', 'insecureSkipTLSVerify'), true, 'local APIServices may not have insecureSkipTLSVerify'));
    return errs;
  }
  const svc = spec.service;
  if (!svc.namespace) errs.push(required(root('spec', 'service', 'namespace'), ''));
  if (!svc.name) errs.push(required(root('spec', 'service', 'name'), ''));
  const port = svc.port ?? 0;
  const portErrs = isValidPortNum(port);
  if (portErrs.length) errs.push(invalid(root('spec', 'service', 'port'), port, `port is not valid: ${portErrs.join(', ')}`));
  if (spec.insecureSkipTLSVerify === true && ca.length > 0) errs.push(invalid(root('spec', 'insecureSkipTLSVerify'), true, 'may not be true if caBundle is present'));
  return errs;
}

function validateMeta(obj: APIService): FieldError[] {
  const requiredName = `${obj.spec?.version ?? ''}.${obj.spec?.group ?? ''}`;
  return validateObjectMeta(obj.metadata, {
    namespaced: false,
    nameFn: (name) => {
      const segment = isValidPathSegmentName(name);
      if (segment.length) return segment;
      return name === requiredName ? [] : [`must be \`spec.version+"."+spec.group\`: ${JSON.stringify(requiredName)}`];
    },
  });
}

function validateStatus(obj: APIService): FieldError[] {
  const errs: FieldError[] = [];
  (obj.status?.conditions ?? []).forEach((c, i) => {
    if (!conditionStatuses.includes(String(c.status))) errs.push(notSupported(root('status', 'conditions').index(i).child('status'), c.status, conditionStatuses));
  });
  return errs;
}

export const apiServiceRules: KindRules = {
  defaults(obj) {
    const svc = asApiService(obj).spec?.service;
    if (svc && svc.port === undefined) svc.port = defaultServicePort;
  },
  validate: (obj) => [...validateMeta(asApiService(obj)), ...validateSpec(asApiService(obj))],
  validateUpdate: (obj, old) => [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateMeta(asApiService(obj)), ...validateSpec(asApiService(obj))],
  validateStatusUpdate: (obj, old) => [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateStatus(asApiService(obj))],
};

/** Exposed for callers that must not accept a spec they could never store (the autoregister controller). */
export function validateApiService(obj: APIService): FieldError[] {
  return [...validateMeta(obj), ...validateSpec(obj)];
}
