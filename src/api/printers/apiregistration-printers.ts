// Printer for apiregistration.k8s.io APIService (kube-aggregator's table convertor): the service as
// `<namespace>/<name>` or `Local`, and the Available condition as `True`, `False (<Reason>)` or `Unknown`.
import type { APIService } from '../apiregistration/v1/types.js';
import { ageColumn, ageOf, col, nameColumn, nameOf, type PrinterSet } from './columns.js';

function availableCell(svc: APIService): string {
  const c = svc.status?.conditions?.find((x) => x.type === 'Available');
  if (!c) return 'Unknown';
  if (c.status === 'True') return 'True';
  return c.reason ? `${c.status} (${c.reason})` : c.status;
}

export const apiregistrationPrinters: PrinterSet = {
  'APIService.apiregistration.k8s.io': {
    columns: [nameColumn, col('Service'), col('Available'), ageColumn],
    cells(obj, now) {
      const svc = obj as APIService;
      const ref = svc.spec?.service;
      return [nameOf(svc), ref ? `${ref.namespace ?? ''}/${ref.name ?? ''}` : 'Local', availableCell(svc), ageOf(svc, now)];
    },
  },
};
