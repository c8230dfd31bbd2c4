// Printers for certificates.k8s.io/v1: CertificateSigningRequest (NAME AGE SIGNERNAME REQUESTOR REQUESTEDDURATION CONDITION).
import type { CertificateSigningRequest } from 'kubernetes-types/certificates/v1.js';
import { ageColumn, ageOf, col, nameColumn, nameOf, type PrinterSet, type TablePrinter } from './columns.js';
import { humanDuration } from './human-duration.js';

/** upstream extractCSRStatus: Denied, else Approved, else Pending; then ",Failed" and ",Issued" when they apply. */
export function csrCondition(csr: CertificateSigningRequest): string {
  const types = new Set((csr.status?.conditions ?? []).map((c) => c.type));
  let s = types.has('Denied') ? 'Denied' : types.has('Approved') ? 'Approved' : 'Pending';
  if (types.has('Failed')) s += ',Failed';
  if (csr.status?.certificate) s += ',Issued';
  return s;
}

const csrPrinter: TablePrinter = {
  columns: [nameColumn, ageColumn, col('SignerName'), col('Requestor'), col('RequestedDuration'), col('Condition')],
  cells(obj, now) {
    const csr = obj as unknown as CertificateSigningRequest;
    const exp = csr.spec?.expirationSeconds;
    const duration = exp === undefined || exp === null ? '<none>' : humanDuration(exp * 1000);
    return [nameOf(csr), ageOf(csr, now), csr.spec?.signerName ?? '', csr.spec?.username ?? '', duration, csrCondition(csr)];
  },
};

export const certificatesPrinters: PrinterSet = {
  'CertificateSigningRequest.certificates.k8s.io': csrPrinter,
};
