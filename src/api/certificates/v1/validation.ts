// CertificateSigningRequest validation (upstream pkg/apis/certificates/validation): the request must be a
// CERTIFICATE REQUEST whose signature verifies, signerName a qualified name, usages known and unique, conditions
// consistent; updates may not remove Approved/Denied/Failed, and only /approval and /status may change what they own.
import type { CertificateSigningRequest, CertificateSigningRequestCondition } from 'kubernetes-types/certificates/v1.js';
import { X509Certificate } from 'node:crypto';
import {
  duplicate, forbidden, invalid, notSupported, required, root, tooLong, isDns1123Label, isDns1123Subdomain,
  validateObjectMeta, validateObjectMetaUpdate, type FieldError, type FieldPath, type KubeObject,
} from '../../meta/index.js';
import { checkCertificateRequestSignature } from '../../../util/certificate-request.js';
import { decodeBytes, legacyUnknownSigner, parseCsrRequest } from './csr.js';

export const knownUsages = [
  'signing', 'digital signature', 'content commitment', 'key encipherment', 'key agreement', 'data encipherment', 'cert sign', 'crl sign',
  'encipher only', 'decipher only', 'any', 'server auth', 'client auth', 'code signing', 'email protection', 's/mime', 'ipsec end system',
  'ipsec tunnel', 'ipsec user', 'timestamping', 'ocsp signing', 'microsoft sgc', 'netscape sgc',
];
const sortedUsages = [...knownUsages].sort();
const trueOnly = ['Approved', 'Denied', 'Failed'];

/** Which update path is writing: the main resource, /status (certificate) or /approval (Approved/Denied). */
export type CsrUpdatePath = 'main' | 'status' | 'approval';

/** Tolerances upstream keeps for objects that already break a rule (compatibility with stored data). */
interface Options {
  allowSettingApprovalConditions: boolean;
  allowSettingCertificate: boolean;
  allowBothApprovedAndDenied: boolean;
  allowLegacySignerName: boolean;
  allowDuplicateConditionTypes: boolean;
  allowEmptyConditionType: boolean;
  allowArbitraryCertificate: boolean;
  allowUnknownUsages: boolean;
  allowDuplicateUsages: boolean;
}

/** Upstream names need no particular form; they must still be usable as a path segment. */
function pathSegmentName(name: string): string[] {
  if (name === '.' || name === '..') return [`may not be '${name}'`];
  const out: string[] = [];
  for (const c of ['/', '%']) if (name.includes(c)) out.push(`may not contain '${c}'`);
  return out;
}

/** upstream ValidateSignerName. */
export function validateSignerName(path: FieldPath, signerName: string): FieldError[] {
  if (signerName === '') return [required(path, '')];
  const segments = signerName.split('/');
  if (segments.length !== 2) return [invalid(path, signerName, "must be a fully qualified domain and path of the form 'example.com/signer-name'")];
  const [domain = '', name = ''] = segments;
  const errs: FieldError[] = [];
  if (domain.length > 253) errs.push(tooLong(path, '', 253));
  const labels = domain.split('.');
  for (const l of labels) {
    const msgs = isDns1123Label(l);
    if (msgs.length) {
      for (const m of msgs) errs.push(invalid(path, domain, `validating label "${l}": ${m}`));
      break;
    }
  }
  if (labels.length < 2) errs.push(invalid(path, domain, 'should be a domain with at least two segments separated by dots'));
  for (const l of name.split('.')) {
    const msgs = isDns1123Subdomain(l);
    if (msgs.length) {
      for (const m of msgs) errs.push(invalid(path, name, `validating label "${l}": ${m}`));
      break;
    }
  }
  const max = 253 + 253 + 63 + 1 + 1;
  if (signerName.length > max) errs.push(tooLong(path, '', max));
  return errs;
}

function certificateProblem(pem: Buffer): string | undefined {
  if (pem.length === 0) return undefined;
  const re = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([\s\S]*?)-----END \1-----/g;
  let blocks = 0;
  for (let m = re.exec(pem.toString('latin1')); m; m = re.exec(pem.toString('latin1'))) {
    if (m[1] !== 'CERTIFICATE') return `only CERTIFICATE PEM blocks are allowed, found "${m[1] ?? ''}"`;
    if (/^[\w-]+:/m.test(m[2] ?? '')) return 'no PEM block headers are permitted';
    blocks++;
    try {
      new X509Certificate(Buffer.from((m[2] ?? '').replace(/\s+/g, ''), 'base64'));
    } catch (e: unknown) {
      return `x509: malformed certificate${e instanceof Error ? `: ${e.message}` : ''}`;
    }
  }
  return blocks === 0 ? 'must contain at least one CERTIFICATE PEM block' : undefined;
}

function requestProblem(csr: CertificateSigningRequest): string | undefined {
  try {
    checkCertificateRequestSignature(parseCsrRequest(csr));
    return undefined;
  } catch (e: unknown) {
    return e instanceof Error ? e.message : String(e);
  }
}

function validateConditions(path: FieldPath, conditions: readonly CertificateSigningRequestCondition[], o: Options): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  let approved = false;
  let denied = false;
  conditions.forEach((c, i) => {
    const p = path.index(i);
    const type = c.type ?? '';
    if (!o.allowEmptyConditionType && type === '') errs.push(required(p.child('type'), ''));
    const allowed = trueOnly.includes(type) ? ['True'] : ['False', 'True', 'Unknown'];
    if (!c.status) errs.push(required(p.child('status'), ''));
    else if (!allowed.includes(c.status)) errs.push(notSupported(p.child('status'), c.status, allowed));
    if (!o.allowBothApprovedAndDenied) {
      if (type === 'Approved') {
        approved = true;
        if (denied) errs.push(invalid(p.child('type'), type, 'Approved and Denied conditions are mutually exclusive'));
      } else if (type === 'Denied') {
        denied = true;
        if (approved) errs.push(invalid(p.child('type'), type, 'Approved and Denied conditions are mutually exclusive'));
      }
    }
    if (!o.allowDuplicateConditionTypes) {
      if (seen.has(type)) errs.push(duplicate(p.child('type'), type));
      seen.add(type);
    }
  });
  return errs;
}

function validateCsr(csr: CertificateSigningRequest, o: Options): FieldError[] {
  const errs = validateObjectMeta(csr.metadata, { namespaced: false, nameFn: pathSegmentName });
  const spec = root('spec');
  const problem = requestProblem(csr);
  if (problem !== undefined) errs.push(invalid(spec.child('request'), csr.spec?.request ?? '', problem));
  const usages = csr.spec?.usages ?? [];
  if (usages.length === 0) errs.push(required(spec.child('usages'), ''));
  if (!o.allowUnknownUsages) usages.forEach((u, i) => { if (!knownUsages.includes(u)) errs.push(notSupported(spec.child('usages').index(i), u, sortedUsages)); });
  if (!o.allowDuplicateUsages) usages.forEach((u, i) => { if (usages.indexOf(u) !== i) errs.push(duplicate(spec.child('usages').index(i), u)); });
  const signerName = csr.spec?.signerName ?? '';
  if (!o.allowLegacySignerName && signerName === legacyUnknownSigner) errs.push(invalid(spec.child('signerName'), signerName, 'the legacy signerName is not allowed via this API version'));
  else errs.push(...validateSignerName(spec.child('signerName'), signerName));
  const exp = csr.spec?.expirationSeconds;
  if (exp !== undefined && exp !== null && exp < 600) errs.push(invalid(spec.child('expirationSeconds'), exp, 'may not specify a duration less than 600 seconds (10 minutes)'));
  errs.push(...validateConditions(root('status', 'conditions'), csr.status?.conditions ?? [], o));
  if (!o.allowArbitraryCertificate) {
    const cp = certificateProblem(decodeBytes(csr.status?.certificate));
    if (cp !== undefined) errs.push(invalid(root('status', 'certificate'), '<certificate data>', cp));
  }
  return errs;
}

function hasDuplicateTypes(csr: CertificateSigningRequest): boolean {
  const types = (csr.status?.conditions ?? []).map((c) => c.type ?? '');
  return new Set(types).size !== types.length;
}

/** upstream getValidationOptions: what an update tolerates because the stored object already had it. */
function optionsFor(next: CertificateSigningRequest, old: CertificateSigningRequest | undefined): Options {
  const oldConds = old?.status?.conditions ?? [];
  const oldUsages = old?.spec?.usages ?? [];
  const sameCert = old !== undefined && decodeBytes(next.status?.certificate).equals(decodeBytes(old.status?.certificate));
  return {
    allowSettingApprovalConditions: false,
    allowSettingCertificate: false,
    allowBothApprovedAndDenied: oldConds.some((c) => c.type === 'Approved') && oldConds.some((c) => c.type === 'Denied'),
    allowLegacySignerName: old?.spec?.signerName === legacyUnknownSigner,
    allowDuplicateConditionTypes: old !== undefined && hasDuplicateTypes(old),
    allowEmptyConditionType: oldConds.some((c) => !c.type),
    allowArbitraryCertificate: sameCert || (old !== undefined && certificateProblem(decodeBytes(old.status?.certificate)) !== undefined),
    allowUnknownUsages: oldUsages.some((u) => !knownUsages.includes(u)),
    allowDuplicateUsages: new Set(oldUsages).size !== oldUsages.length,
  };
}

export function validateCsrCreate(obj: KubeObject): FieldError[] {
  const csr = obj as unknown as CertificateSigningRequest;
  return validateCsr(csr, optionsFor(csr, undefined));
}

const ofType = (csr: CertificateSigningRequest, t: string): CertificateSigningRequestCondition[] => (csr.status?.conditions ?? []).filter((c) => c.type === t);

/** upstream ValidateCertificateSigningRequest{,Status,Approval}Update. */
export function validateCsrUpdate(obj: KubeObject, prev: KubeObject, path: CsrUpdatePath): FieldError[] {
  const next = obj as unknown as CertificateSigningRequest;
  const old = prev as unknown as CertificateSigningRequest;
  const o = optionsFor(next, old);
  o.allowSettingCertificate = path === 'status';
  o.allowSettingApprovalConditions = path === 'approval';
  const errs = validateCsr(next, o);
  const conditions = root('status', 'conditions');
  for (const t of ['Approved', 'Denied', 'Failed']) {
    if (ofType(next, t).length < ofType(old, t).length) errs.push(forbidden(conditions, `updates may not remove a condition of type "${t}"`));
  }
  if (!o.allowSettingApprovalConditions) {
    for (const t of ['Approved', 'Denied']) {
      const before = ofType(old, t);
      const after = ofType(next, t);
      if (after.length > before.length) errs.push(forbidden(conditions, `updates may not add a condition of type "${t}"`));
      else if (after.length === before.length && JSON.stringify(after) !== JSON.stringify(before)) errs.push(forbidden(conditions, `updates may not modify a condition of type "${t}"`));
    }
  }
  if (!decodeBytes(next.status?.certificate).equals(decodeBytes(old.status?.certificate))) {
    if (!o.allowSettingCertificate) errs.push(forbidden(root('status', 'certificate'), 'updates may not set certificate content'));
    else if (decodeBytes(old.status?.certificate).length > 0) errs.push(forbidden(root('status', 'certificate'), 'updates may not modify existing certificate content'));
  }
  return [...errs, ...validateObjectMetaUpdate(next.metadata, old.metadata)];
}
