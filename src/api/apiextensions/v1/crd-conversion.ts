// spec.conversion of a CustomResourceDefinition (upstream validateCustomResourceConversion and the webhook client
// config checks of k8s.io/apiserver/pkg/util/webhook). Field paths use upstream's internal names:
// `spec.conversion.webhookClientConfig` and `spec.conversion.conversionReviewVersions`.
import type { CustomResourceConversion, WebhookClientConfig } from 'kubernetes-types/apiextensions/v1.js';
import { X509Certificate } from 'node:crypto';
import {
  forbidden, invalid, isDns1035Label, isDns1123Subdomain, isValidPortNum, notSupported, required, type FieldError, type FieldPath,
} from '../../meta/index.js';

/** ConversionReview versions this server understands. */
export const acceptedConversionReviewVersions = ['v1', 'v1beta1'];
const form = '; desired format: https://host[/path]';

export function hasRecognizedConversionReviewVersionOrNone(versions: readonly string[] | undefined): boolean {
  return !versions?.length || versions.some((v) => acceptedConversionReviewVersions.includes(v));
}

function validateReviewVersions(versions: readonly string[] | undefined, requireRecognized: boolean, path: FieldPath): FieldError[] {
  if (!versions?.length) return [required(path, '')];
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
  if (requireRecognized && !versions.some((v) => acceptedConversionReviewVersions.includes(v))) {
    errs.push(invalid(path, versions, `must include at least one of ${acceptedConversionReviewVersions.join(', ')}`));
  }
  return errs;
}

/** upstream ValidateWebhookURL with https forced. */
export function validateWebhookUrl(raw: string, path: FieldPath): FieldError[] {
  let u: URL;
  try {
    u = new URL(raw);
  } catch (e: unknown) {
    return [required(path, `url must be a valid URL: ${e instanceof Error ? e.message : String(e)}${form}`)];
  }
  const errs: FieldError[] = [];
  const scheme = u.protocol.replace(/:$/, '');
  if (scheme !== 'https') errs.push(invalid(path, scheme, `'https' is the only allowed URL scheme${form}`));
  if (!u.host) errs.push(invalid(path, u.host, `host must be specified${form}`));
  if (u.username || u.password) errs.push(invalid(path, u.password ? `${u.username}:${u.password}` : u.username, 'user information is not permitted in the URL'));
  if (u.hash.length > 1) errs.push(invalid(path, u.hash.slice(1), 'fragments are not permitted in the URL'));
  if (u.search.length > 1) errs.push(invalid(path, u.search.slice(1), 'query parameters are not permitted in the URL'));
  return errs;
}

/**
 * upstream ValidateWebhookService. Upstream's CRD caller passes name and namespace in swapped order, so a
 * missing name is reported at `namespace` (kubernetes#141353); Skiff reports each at its own field.
 */
export function validateWebhookService(svc: NonNullable<WebhookClientConfig['service']>, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (!svc.name) errs.push(required(path.child('name'), ''));
  if (!svc.namespace) errs.push(required(path.child('namespace'), ''));
  const port = svc.port ?? 443;
  const portErrs = isValidPortNum(port);
  if (portErrs.length) errs.push(invalid(path.child('port'), port, `port is not valid: ${portErrs.join(', ')}`));
  const p = svc.path;
  if (p === undefined || p === null || p === '' || p === '/') return errs;
  if (p === '//') return [...errs, invalid(path.child('path'), p, 'segment[0] may not be empty')];
  if (!p.startsWith('/')) errs.push(invalid(path.child('path'), p, "must start with a '/'"));
  let rest = p.slice(1);
  if (rest.endsWith('/')) rest = rest.slice(0, -1);
  rest.split('/').forEach((step, i) => {
    if (step === '') errs.push(invalid(path.child('path'), p, `segment[${i}] may not be empty`));
    else for (const m of isDns1123Subdomain(step)) errs.push(invalid(path.child('path'), p, `segment[${i}]: ${m}`));
  });
  return errs;
}

/** upstream ValidateCABundle: the bundle must hold at least one parsable PEM certificate. */
export function validateCaBundle(caBundle: string, path: FieldPath): FieldError[] {
  const pem = Buffer.from(caBundle, 'base64').toString('latin1');
  const re = /-----BEGIN CERTIFICATE-----\r?\n([\s\S]*?)-----END CERTIFICATE-----/g;
  let found = 0;
  for (let m = re.exec(pem); m; m = re.exec(pem)) {
    try {
      new X509Certificate(Buffer.from((m[1] ?? '').replace(/\s+/g, ''), 'base64'));
      found++;
    } catch {
      // upstream skips blocks that do not parse and fails only when none does
    }
  }
  return found > 0 ? [] : [invalid(path, caBundle, 'data does not contain any valid RSA or ECDSA certificates')];
}

export interface ConversionOptions {
  requireRecognizedConversionReviewVersion: boolean;
  allowInvalidCaBundle: boolean;
}

/** upstream validateCustomResourceConversion for the v1 shape (webhook settings under `conversion.webhook`). */
export function validateConversion(conversion: CustomResourceConversion | undefined | null, path: FieldPath, o: ConversionOptions): FieldError[] {
  if (!conversion) return [];
  const errs: FieldError[] = [];
  const strategy = conversion.strategy ?? '';
  if (strategy === '') errs.push(required(path.child('strategy'), ''));
  else if (strategy !== 'None' && strategy !== 'Webhook') errs.push(notSupported(path.child('strategy'), strategy, ['None', 'Webhook']));
  const cc = conversion.webhook?.clientConfig;
  const reviewVersions = conversion.webhook?.conversionReviewVersions;
  const ccPath = path.child('webhookClientConfig');
  if (strategy === 'Webhook') {
    if (!cc) {
      errs.push(required(ccPath, 'required when strategy is set to Webhook'));
    } else {
      const hasUrl = cc.url !== undefined && cc.url !== null;
      const hasService = cc.service !== undefined && cc.service !== null;
      if (hasUrl === hasService) errs.push(required(ccPath, 'exactly one of url or service is required'));
      else if (hasUrl) errs.push(...validateWebhookUrl(cc.url ?? '', ccPath.child('url')));
      else if (cc.service) errs.push(...validateWebhookService(cc.service, ccPath.child('service')));
      if (cc.caBundle && !o.allowInvalidCaBundle) errs.push(...validateCaBundle(cc.caBundle, ccPath.child('caBundle')));
    }
    errs.push(...validateReviewVersions(reviewVersions, o.requireRecognizedConversionReviewVersion, path.child('conversionReviewVersions')));
  } else {
    if (cc) errs.push(forbidden(ccPath, 'should not be set when strategy is not set to Webhook'));
    if (reviewVersions?.length) errs.push(forbidden(path.child('conversionReviewVersions'), 'should not be set when strategy is not set to Webhook'));
  }
  return errs;
}
