// certificates.k8s.io/v1: CertificateSigningRequest rules, the built-in signers' checks and the helpers the
// certificate admission plugins and controllers share.
import type { KindRules } from '../../meta/index.js';
import { validateCsrCreate, validateCsrUpdate } from './validation.js';

export * from './csr.js';
export * from './signers.js';
export { knownUsages, validateSignerName, validateCsrCreate, validateCsrUpdate, type CsrUpdatePath } from './validation.js';

export const certificatesV1Rules: Record<string, KindRules> = {
  CertificateSigningRequest: {
    validate: validateCsrCreate,
    validateUpdate: (obj, old) => validateCsrUpdate(obj, old, 'main'),
    validateStatusUpdate: (obj, old) => validateCsrUpdate(obj, old, 'status'),
    validateSubresourceUpdate: (sub, obj, old) => validateCsrUpdate(obj, old, sub === 'approval' ? 'approval' : 'status'),
  },
};
