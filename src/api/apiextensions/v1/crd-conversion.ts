// spec.conversion of a CustomResourceDefinition (upstream validateCustomResourceConversion and the webhook client
// config checks of k8s.io/apiserver/pkg/util/webhook). Field paths use upstream's internal names:
// `spec.conversion.webhookClientConfig` and `spec.conversion.conversionReviewVersions`.
import type { CustomResourceConversion, WebhookClientConfig } from 'kubernetes-types/apiextensions/v1.js';
import { X509Certificate } from 'node:crypto';
import {
  forbidden, invalid, isDns1035Label, notSupported, required, type FieldError, type FieldPath,
} from '../../meta/index.js';
import { validateReviewVersions, validateWebhookService, validateWebhookUrl } from '../../webhook/index.js';

/** ConversionReview versions this server understands. */
export const acceptedConversionReviewVersions = ['v1', 'v1beta1'];

export function hasRecognizedConversionReviewVersionOrNone(versions: readonly string[] | undefined): boolean {
  return !versions?.length || versions.some((v) => acceptedConversionReviewVersions.includes(v));
}

function validateConversionReviewVersions(versions: readonly string[] | undefined, requireRecognized: boolean, path: FieldPath): FieldError[] {
  return validateReviewVersions(path, versions, { accepted: acceptedConversionReviewVersions, requireRecognized, missingDetail: '' });
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
      else if (hasUrl) errs.push(...validateWebhookUrl(ccPath.child('url'), cc.url ?? ''));
      else if (cc.service) errs.push(...validateWebhookService(ccPath.child('service'), cc.service));
      if (cc.caBundle && !o.allowInvalidCaBundle) errs.push(...validateCaBundle(cc.caBundle, ccPath.child('caBundle')));
    }
    errs.push(...validateConversionReviewVersions(reviewVersions, o.requireRecognizedConversionReviewVersion, path.child('conversionReviewVersions')));
  } else {
    if (cc) errs.push(forbidden(ccPath, 'should not be set when strategy is not set to Webhook'));
    if (reviewVersions?.length) errs.push(forbidden(path.child('conversionReviewVersions'), 'should not be set when strategy is not set to Webhook'));
  }
  return errs;
}
