// Probes and lifecycle handlers: defaults (timeouts, thresholds, httpGet path/scheme) and validation.
import { forbidden, invalid, notSupported, required, type FieldError, type FieldPath } from '../../meta/field-path.js';
import { validateNonnegativeField } from '../../meta/validation.js';
import { isValidPortName, isValidPortNum, regexError } from '../../meta/name-validation.js';
import { arr, isRec, rec, s0, setDefault, setDefaultNumber, type Rec } from './json.js';

function defaultHttpGet(h: unknown): void {
  if (!isRec(h)) return;
  setDefault(h, 'path', '/');
  setDefault(h, 'scheme', 'HTTP');
}

export function defaultProbe(p: unknown): void {
  if (!isRec(p)) return;
  setDefaultNumber(p, 'timeoutSeconds', 1);
  setDefaultNumber(p, 'periodSeconds', 10);
  setDefaultNumber(p, 'successThreshold', 1);
  setDefaultNumber(p, 'failureThreshold', 3);
  defaultHttpGet(p['httpGet']);
}

export function defaultLifecycle(l: unknown): void {
  if (!isRec(l)) return;
  for (const k of ['postStart', 'preStop']) if (isRec(l[k])) defaultHttpGet((l[k] as Rec)['httpGet']);
}

/** IntOrString port: a number in range or an IANA service name. */
export function validatePortNumOrName(port: unknown, path: FieldPath): FieldError[] {
  if (typeof port === 'number') return isValidPortNum(port).map((m) => invalid(path, port, m));
  if (typeof port === 'string') {
    if (/^\d+$/.test(port)) return isValidPortNum(Number(port)).map((m) => invalid(path, Number(port), m));
    return isValidPortName(port).map((m) => invalid(path, port, m));
  }
  return [invalid(path, 0, 'must be between 1 and 65535, inclusive')];
}

const headerNameFmt = '[-A-Za-z0-9]+';

function validateHttpGet(h: Rec, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (s0(h['path']) === '') errs.push(required(path.child('path')));
  errs.push(...validatePortNumOrName(h['port'], path.child('port')));
  const scheme = s0(h['scheme']);
  if (scheme !== 'HTTP' && scheme !== 'HTTPS') errs.push(notSupported(path.child('scheme'), scheme, ['HTTP', 'HTTPS']));
  for (const header of arr(h['httpHeaders'])) {
    const name = s0(rec(header)['name']);
    if (!new RegExp(`^${headerNameFmt}$`).test(name)) errs.push(invalid(path.child('httpHeaders'), name, regexError("a valid HTTP header must consist of alphanumeric characters or '-'", headerNameFmt, 'X-Header-Name')));
  }
  return errs;
}

function validateHandler(h: Rec, kinds: readonly string[], gracePeriod: unknown, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  let n = 0;
  for (const kind of kinds) {
    const v = h[kind];
    if (!isRec(v)) continue;
    if (n > 0) {
      errs.push(forbidden(path.child(kind), 'may not specify more than 1 handler type'));
      continue;
    }
    n++;
    const p = path.child(kind);
    if (kind === 'exec' && arr(v['command']).length === 0) errs.push(required(p.child('command')));
    if (kind === 'httpGet') errs.push(...validateHttpGet(v, p));
    if (kind === 'tcpSocket' || kind === 'grpc') errs.push(...validatePortNumOrName(v['port'], p.child('port')));
    if (kind === 'sleep') {
      const secs = typeof v['seconds'] === 'number' ? v['seconds'] : 0;
      if (typeof gracePeriod === 'number' && (secs <= 0 || secs > gracePeriod)) {
        errs.push(invalid(p, secs, `must be greater than 0 and less than terminationGracePeriodSeconds (${gracePeriod}). Enable AllowPodLifecycleSleepActionZeroValue feature gate for zero sleep.`));
      }
    }
  }
  if (n === 0) errs.push(required(path, 'must specify a handler type'));
  return errs;
}

const probeHandlers = ['exec', 'httpGet', 'tcpSocket', 'grpc'] as const;
const lifecycleHandlers = ['exec', 'httpGet', 'tcpSocket', 'sleep'] as const;

function validateProbe(probe: Rec, gracePeriod: unknown, path: FieldPath): FieldError[] {
  const errs = validateHandler(probe, probeHandlers, gracePeriod, path);
  for (const f of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold']) {
    errs.push(...validateNonnegativeField(probe[f], path.child(f)));
  }
  const tgp = probe['terminationGracePeriodSeconds'];
  if (typeof tgp === 'number' && tgp <= 0) errs.push(invalid(path.child('terminationGracePeriodSeconds'), tgp, 'must be greater than 0'));
  return errs;
}

export type ProbeKind = 'livenessProbe' | 'readinessProbe' | 'startupProbe';

/** Liveness and startup probes need successThreshold 1; readiness probes may not set terminationGracePeriodSeconds. */
export function validateContainerProbe(kind: ProbeKind, probe: unknown, gracePeriod: unknown, path: FieldPath): FieldError[] {
  if (!isRec(probe)) return [];
  const errs = validateProbe(probe, gracePeriod, path);
  const st = probe['successThreshold'];
  if (kind !== 'readinessProbe' && st !== 1) errs.push(invalid(path.child('successThreshold'), st ?? 0, 'must be 1'));
  if (kind === 'readinessProbe' && probe['terminationGracePeriodSeconds'] !== undefined && probe['terminationGracePeriodSeconds'] !== null) {
    errs.push(invalid(path.child('terminationGracePeriodSeconds'), probe['terminationGracePeriodSeconds'], 'must not be set for readinessProbes'));
  }
  return errs;
}

export function validateLifecycle(lifecycle: unknown, gracePeriod: unknown, path: FieldPath): FieldError[] {
  if (!isRec(lifecycle)) return [];
  const errs: FieldError[] = [];
  for (const k of ['postStart', 'preStop']) {
    const h = lifecycle[k];
    if (isRec(h)) errs.push(...validateHandler(h, lifecycleHandlers, gracePeriod, path.child(k)));
  }
  return errs;
}
