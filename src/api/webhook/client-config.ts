// The checks of a webhook's client configuration shared by admission webhooks and CRD conversion webhooks
// (upstream k8s.io/apiserver/pkg/util/webhook ValidateWebhookURL and ValidateWebhookService) and their review versions.
import { invalid, required, type FieldError, type FieldPath } from '../meta/index.js';
import { isDns1035Label, isDns1123Subdomain, isValidPortNum } from '../meta/name-validation.js';

/** upstream ValidateWebhookURL with https required. */
export function validateWebhookUrl(path: FieldPath, raw: string): FieldError[] {
  const form = '; desired format: https://host[/path]';
  let u: URL | undefined;
  try {
    u = new URL(raw);
  } catch {
    // Go's url.Parse accepts a relative reference: no scheme and no host.
    const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(raw)?.[1] ?? '';
    return [invalid(path, scheme, `'https' is the only allowed URL scheme${form}`), invalid(path, '', `host must be provided${form}`)];
  }
  const errs: FieldError[] = [];
  const scheme = u.protocol.replace(/:$/, '');
  if (scheme !== 'https') errs.push(invalid(path, scheme, `'https' is the only allowed URL scheme${form}`));
  if (u.host === '') errs.push(invalid(path, u.host, `host must be provided${form}`));
  if (u.username !== '' || u.password !== '') errs.push(invalid(path, u.password !== '' ? `${u.username}:${u.password}` : u.username, 'user information is not permitted in the URL'));
  if (u.hash.length > 1) errs.push(invalid(path, u.hash.slice(1), 'fragments are not permitted in the URL'));
  if (u.search.length > 1) errs.push(invalid(path, u.search.slice(1), 'query parameters are not permitted in the URL'));
  return errs;
}

/** upstream ValidateWebhookService; the port defaults to 443. */
export function validateWebhookService(path: FieldPath, svc: { name?: string; namespace?: string; path?: string; port?: number }): FieldError[] {
  const errs: FieldError[] = [];
  if (!svc.name) errs.push(required(path.child('name'), 'service name is required'));
  if (!svc.namespace) errs.push(required(path.child('namespace'), 'service namespace is required'));
  const port = svc.port ?? 443;
  const portErrs = isValidPortNum(port);
  if (portErrs.length) errs.push(invalid(path.child('port'), port, `port is not valid: ${portErrs.join(', ')}`));
  const p = svc.path;
  if (p === undefined || p === '' || p === '/') return errs;
  if (p === '//') return [...errs, invalid(path.child('path'), p, 'segment[0] may not be empty')];
  if (!p.startsWith('/')) errs.push(invalid(path.child('path'), p, "must start with a '/'"));
  let rest = p.slice(1);
  if (rest.endsWith('/')) rest = rest.slice(0, -1);
  rest.split('/').forEach((step, i) => {
    if (step === '') {
      errs.push(invalid(path.child('path'), p, `segment[${i}] may not be empty`));
      return;
    }
    for (const m of isDns1123Subdomain(step)) errs.push(invalid(path.child('path'), p, `segment[${i}]: ${m}`));
  });
  return errs;
}

/**
 * The AdmissionReview / ConversionReview versions of a webhook: DNS-1035 labels without duplicates, at least one the
 * server speaks when `requireRecognized`. `missingDetail` is the detail of the Required error for an empty list.
 */
export function validateReviewVersions(path: FieldPath, versions: readonly string[] | undefined, o: { accepted: readonly string[]; requireRecognized: boolean; missingDetail: string }): FieldError[] {
  if (!versions || versions.length === 0) return [required(path, o.missingDetail)];
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  versions.forEach((v, i) => {
    if (seen.has(v)) {
      errs.push(invalid(path.index(i), v, 'duplicate version'));
      return;
    }
    seen.add(v);
    for (const m of isDns1035Label(v)) errs.push(invalid(path.index(i), v, m));
  });
  if (o.requireRecognized && !versions.some((v) => o.accepted.includes(v))) errs.push(invalid(path, versions, `must include at least one of ${o.accepted.join(', ')}`));
  return errs;
}
