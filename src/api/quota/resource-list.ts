// Resource lists of quota (upstream quota/v1 helpers): named quantities added, subtracted, masked and compared,
// and printed the way upstream's quota messages print them (sorted `name=value` pairs).
import { parseQuantity, type Quantity } from '../resource/quantity.js';

/** A resource list with parsed quantities. Treated as immutable: every function returns a new list. */
export type ResourceList = Readonly<Record<string, Quantity>>;

const zero = parseQuantity('0');

/** Parses a wire resource list (status.hard, spec.hard, ...); entries that are not quantities are dropped. */
export function parseResourceList(raw: unknown): ResourceList {
  const out: Record<string, Quantity> = {};
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return out;
  for (const [k, v] of Object.entries(raw)) {
    if (typeof v !== 'string' && typeof v !== 'number') continue;
    try {
      out[k] = parseQuantity(v);
    } catch {
      // Validation keeps malformed quantities out of stored objects; a stray one counts as absent.
    }
  }
  return out;
}

/** The wire form: canonical quantity strings. */
export function formatResourceList(list: ResourceList): Record<string, string> {
  return Object.fromEntries(Object.entries(list).map(([k, v]) => [k, v.toString()]));
}

export const resourceNames = (list: ResourceList): string[] => Object.keys(list);

export function zeroList(names: readonly string[]): ResourceList {
  return Object.fromEntries(names.map((n) => [n, zero]));
}

/** a + b over the union of names. */
export function addLists(a: ResourceList, b: ResourceList): ResourceList {
  const out: Record<string, Quantity> = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = out[k] ? out[k].add(v) : v;
  return out;
}

/** a − b over the union of names, never below zero (upstream SubtractWithNonNegativeResult). */
export function subtractNonNegative(a: ResourceList, b: ResourceList): ResourceList {
  const out: Record<string, Quantity> = {};
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const d = (a[k] ?? zero).add((b[k] ?? zero).negate());
    out[k] = d.sign() < 0 ? zero : d;
  }
  return out;
}

/** The entries of list whose names are in names. */
export function maskList(list: ResourceList, names: Iterable<string>): ResourceList {
  const keep = new Set(names);
  return Object.fromEntries(Object.entries(list).filter(([k]) => keep.has(k)));
}

/** Upstream LessThanOrEqual: every name of b that a also has is not above b; the names that are. */
export function exceededNames(a: ResourceList, b: ResourceList): string[] {
  return Object.entries(b).filter(([k, limit]) => a[k] !== undefined && a[k].cmp(limit) > 0).map(([k]) => k);
}

export function removeZeros(list: ResourceList): ResourceList {
  return Object.fromEntries(Object.entries(list).filter(([, v]) => !v.isZero()));
}

export function negativeNames(list: ResourceList): string[] {
  return Object.entries(list).filter(([, v]) => v.sign() < 0).map(([k]) => k);
}

/** Same names with equal quantities. */
export function listsEqual(a: ResourceList, b: ResourceList): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => b[k] !== undefined && a[k]!.cmp(b[k]) === 0);
}

/** Upstream prettyPrint: `name=value` pairs in name order, comma-separated. */
export function prettyPrint(list: ResourceList): string {
  return Object.keys(list).sort().map((k) => `${k}=${list[k]!.toString()}`).join(',');
}

export const prettyPrintNames = (names: Iterable<string>): string => [...new Set(names)].sort().join(',');
