// Cell formatting shared by the per-group printers: label maps and selectors, container lists,
// "a,b,c + N more..." lists, quantities and access modes, each as upstream prints them.
import type { Container } from 'kubernetes-types/core/v1.js';
import type { LabelSelector } from 'kubernetes-types/meta/v1.js';
import { canonicalQuantity } from '../resource/index.js';

/** labels.FormatLabels: `k=v` pairs with sorted keys joined by `,`; `<none>` when empty. */
export function formatLabels(m: Readonly<Record<string, string>> | undefined): string {
  const keys = Object.keys(m ?? {}).sort();
  return keys.length === 0 ? '<none>' : keys.map((k) => `${k}=${m?.[k] ?? ''}`).join(',');
}

/**
 * The string form of LabelSelectorAsSelector(sel): requirements sorted by key, `in`/`notin` values
 * sorted. `''` for a nil or empty selector, undefined when the selector is invalid.
 */
export function labelSelectorString(sel: LabelSelector | undefined): string | undefined {
  if (sel === undefined || sel === null) return '';
  const reqs: [string, string][] = [];
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) reqs.push([k, `${k}=${v}`]);
  for (const e of sel.matchExpressions ?? []) {
    const values = [...(e.values ?? [])].sort();
    switch (e.operator) {
      case 'In':
      case 'NotIn':
        if (values.length === 0) return undefined;
        reqs.push([e.key, `${e.key} ${e.operator === 'In' ? 'in' : 'notin'} (${values.join(',')})`]);
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length > 0) return undefined;
        reqs.push([e.key, e.operator === 'Exists' ? e.key : `!${e.key}`]);
        break;
      default:
        return undefined;
    }
  }
  return reqs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([, s]) => s).join(',');
}

/** metav1.FormatLabelSelector: `<none>` when it selects nothing or everything, `<error>` when invalid. */
export function formatLabelSelector(sel: LabelSelector | undefined): string {
  const s = labelSelectorString(sel);
  return s === undefined ? '<error>' : s === '' ? '<none>' : s;
}

/** The Containers and Images wide cells: names and images of the containers, each joined by `,`. */
export function containerCells(containers: readonly Container[] | undefined): [string, string] {
  const cs = containers ?? [];
  return [cs.map((c) => c.name).join(','), cs.map((c) => c.image ?? '').join(',')];
}

/** The first `max` items joined by `sep`, then ` + N more...` for the rest. */
export function joinWithMore(items: readonly string[], max: number, sep = ','): string {
  const shown = items.slice(0, max).join(sep);
  return items.length > max ? `${shown} + ${items.length - max} more...` : shown;
}

/** Quantity.String() of a resource-list entry: canonical form; `0` (the zero quantity) when missing. */
export function quantityString(q: string | number | undefined): string {
  if (q === undefined || q === null) return '0';
  return String(canonicalQuantity(q));
}

const accessModeAbbrev: readonly [string, string][] = [
  ['ReadWriteOnce', 'RWO'], ['ReadOnlyMany', 'ROX'], ['ReadWriteMany', 'RWX'], ['ReadWriteOncePod', 'RWOP'],
];

/** helper.GetAccessModesAsString: RWO, ROX, RWX, RWOP for the modes present, in that order, joined by `,`. */
export function accessModesString(modes: readonly string[] | undefined): string {
  const present = new Set(modes ?? []);
  return accessModeAbbrev.filter(([m]) => present.has(m)).map(([, a]) => a).join(',');
}
