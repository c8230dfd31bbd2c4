// Printers for admissionregistration.k8s.io/v1 (as upstream): webhook configurations NAME WEBHOOKS AGE,
// ValidatingAdmissionPolicy NAME VALIDATIONS PARAMKIND AGE, its binding NAME POLICYNAME PARAMREF AGE.
import { ageColumn, ageOf, col, nameColumn, nameOf, type PrinterSet, type TablePrinter } from './columns.js';

const webhookConfigurationPrinter: TablePrinter = {
  columns: [nameColumn, col('Webhooks', { type: 'integer' }), ageColumn],
  cells(obj, now) {
    const hooks = obj['webhooks'];
    return [nameOf(obj), Array.isArray(hooks) ? hooks.length : 0, ageOf(obj, now)];
  },
};

const rec = (v: unknown): Record<string, unknown> => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

const policyPrinter: TablePrinter = {
  columns: [nameColumn, col('Validations', { type: 'integer' }), col('ParamKind'), ageColumn],
  cells(obj, now) {
    const spec = rec(obj['spec']);
    const validations = spec['validations'];
    const pk = spec['paramKind'];
    const paramKind = pk === undefined || pk === null ? '<unset>' : `${str(rec(pk)['apiVersion'])}/${str(rec(pk)['kind'])}`;
    return [nameOf(obj), Array.isArray(validations) ? validations.length : 0, paramKind, ageOf(obj, now)];
  },
};

/** A label selector as Go prints *metav1.LabelSelector (its generated String()). */
function goSelectorString(sel: Record<string, unknown>): string {
  const labels = Object.entries(rec(sel['matchLabels'])).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${k}: ${str(v)},`).join('');
  const exprs = (Array.isArray(sel['matchExpressions']) ? sel['matchExpressions'] : []).map((e) => {
    const r = rec(e);
    const values = Array.isArray(r['values']) ? r['values'].map(String) : [];
    return `LabelSelectorRequirement{Key:${str(r['key'])},Operator:${str(r['operator'])},Values:[${values.join(' ')}],},`;
  }).join('');
  return `&LabelSelector{MatchLabels:map[string]string{${labels}},MatchExpressions:[]LabelSelectorRequirement{${exprs}},}`;
}

const bindingPrinter: TablePrinter = {
  columns: [nameColumn, col('PolicyName'), col('ParamRef'), ageColumn],
  cells(obj, now) {
    const spec = rec(obj['spec']);
    const ref = spec['paramRef'];
    let paramRef = '<unset>';
    if (ref !== undefined && ref !== null) {
      const r = rec(ref);
      const name = str(r['name']);
      // As upstream: a name without a namespace may be cluster-scoped or the request's namespace, hence "*/".
      if (name !== '') paramRef = str(r['namespace']) !== '' ? `${str(r['namespace'])}/${name}` : `*/${name}`;
      else if (r['selector'] !== undefined && r['selector'] !== null) paramRef = goSelectorString(rec(r['selector']));
    }
    return [nameOf(obj), str(spec['policyName']), paramRef, ageOf(obj, now)];
  },
};

export const admissionregistrationPrinters: PrinterSet = {
  'ValidatingAdmissionPolicy.admissionregistration.k8s.io': policyPrinter,
  'ValidatingAdmissionPolicyBinding.admissionregistration.k8s.io': bindingPrinter,
  'ValidatingWebhookConfiguration.admissionregistration.k8s.io': webhookConfigurationPrinter,
  'MutatingWebhookConfiguration.admissionregistration.k8s.io': webhookConfigurationPrinter,
};
