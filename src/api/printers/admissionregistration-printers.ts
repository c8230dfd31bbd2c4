// Printers for admissionregistration.k8s.io/v1 webhook configurations (NAME WEBHOOKS AGE, as upstream).
import { ageColumn, ageOf, col, nameColumn, nameOf, type PrinterSet, type TablePrinter } from './columns.js';

const webhookConfigurationPrinter: TablePrinter = {
  columns: [nameColumn, col('Webhooks', { type: 'integer' }), ageColumn],
  cells(obj, now) {
    const hooks = obj['webhooks'];
    return [nameOf(obj), Array.isArray(hooks) ? hooks.length : 0, ageOf(obj, now)];
  },
};

export const admissionregistrationPrinters: PrinterSet = {
  'ValidatingWebhookConfiguration.admissionregistration.k8s.io': webhookConfigurationPrinter,
  'MutatingWebhookConfiguration.admissionregistration.k8s.io': webhookConfigurationPrinter,
};
