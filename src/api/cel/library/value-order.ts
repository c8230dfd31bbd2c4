// Ordering and equality of CEL runtime values as cel-js represents them (bigint, UnsignedInt, number, string,
// boolean, Uint8Array, Date, Duration, lists, maps and the Kubernetes object types), following cel-go's rules.

/** A Kubernetes CEL object type (Quantity, IP, CIDR, Semver) that knows its own equality and order. */
export interface ComparableObject {
  celEquals(other: unknown): boolean;
}

const isComparableObject = (v: unknown): v is ComparableObject =>
  typeof v === 'object' && v !== null && typeof (v as Partial<ComparableObject>).celEquals === 'function';

const sign = (d: number | bigint): -1 | 0 | 1 => (d < 0 ? -1 : d > 0 ? 1 : 0);

/** The numeric value of int, uint (cel-js UnsignedInt has valueOf(): bigint) and double, or undefined. */
function numeric(v: unknown): bigint | number | undefined {
  if (typeof v === 'bigint' || typeof v === 'number') return v;
  if (typeof v === 'object' && v !== null && v.constructor?.name === 'UnsignedInt') {
    const n: unknown = v.valueOf();
    return typeof n === 'bigint' ? n : undefined;
  }
  return undefined;
}

function compareNumbers(a: bigint | number, b: bigint | number): -1 | 0 | 1 {
  if (typeof a === 'bigint' && typeof b === 'bigint') return sign(a - b);
  const x = Number(a);
  const y = Number(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Go compares strings by UTF-8 bytes, which is code point order (JS's < compares UTF-16 units). */
export function compareStrings(a: string, b: string): -1 | 0 | 1 {
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done === true || y.done === true) return x.done === true ? (y.done === true ? 0 : -1) : 1;
    const d = (x.value.codePointAt(0) ?? 0) - (y.value.codePointAt(0) ?? 0);
    if (d !== 0) return sign(d);
  }
}

function compareBytes(a: Uint8Array, b: Uint8Array): -1 | 0 | 1 {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return sign((a[i] ?? 0) - (b[i] ?? 0));
  return sign(a.length - b.length);
}

interface DurationLike {
  seconds: bigint;
  nanos: number;
}
const isDuration = (v: unknown): v is DurationLike =>
  typeof v === 'object' && v !== null && typeof (v as Partial<DurationLike>).seconds === 'bigint' && typeof (v as Partial<DurationLike>).nanos === 'number';

/**
 * Orders two values of one comparable CEL type (numbers across int, uint and double as cel-go's cross-type
 * comparisons do). Throws TypeError for values that have no order.
 */
export function compareValues(a: unknown, b: unknown): -1 | 0 | 1 {
  const na = numeric(a);
  const nb = numeric(b);
  if (na !== undefined && nb !== undefined) return compareNumbers(na, nb);
  if (typeof a === 'string' && typeof b === 'string') return compareStrings(a, b);
  if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : a ? 1 : -1;
  if (a instanceof Uint8Array && b instanceof Uint8Array) return compareBytes(a, b);
  if (a instanceof Date && b instanceof Date) return sign(a.getTime() - b.getTime());
  if (isDuration(a) && isDuration(b)) return a.seconds === b.seconds ? sign(a.nanos - b.nanos) : sign(a.seconds - b.seconds);
  throw new TypeError(`Cannot compare values of types "${typeName(a)}" and "${typeName(b)}"`);
}

const typeName = (v: unknown): string => (typeof v === 'object' ? (v?.constructor?.name ?? 'null') : typeof v);

function entriesOf(m: object): Map<unknown, unknown> {
  return m instanceof Map ? (m as Map<unknown, unknown>) : new Map(Object.entries(m));
}

const isList = (v: unknown): v is readonly unknown[] | ReadonlySet<unknown> => Array.isArray(v) || v instanceof Set;
const isMap = (v: unknown): v is object =>
  typeof v === 'object' && v !== null && (v instanceof Map || Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null);

/** CEL's heterogeneous equality (numbers compare by value across int, uint and double; lists and maps deeply). */
export function celEquals(a: unknown, b: unknown): boolean {
  const na = numeric(a);
  const nb = numeric(b);
  if (na !== undefined || nb !== undefined) return na !== undefined && nb !== undefined && compareNumbers(na, nb) === 0;
  if (a === b) return true;
  if (isComparableObject(a)) return a.celEquals(b);
  if (a instanceof Uint8Array && b instanceof Uint8Array) return compareBytes(a, b) === 0;
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (isDuration(a) && isDuration(b)) return a.seconds === b.seconds && a.nanos === b.nanos;
  if (isList(a) && isList(b)) {
    const x = [...a];
    const y = [...b];
    return x.length === y.length && x.every((v, i) => celEquals(v, y[i]));
  }
  if (isMap(a) && isMap(b)) {
    const x = entriesOf(a);
    const y = entriesOf(b);
    if (x.size !== y.size) return false;
    for (const [k, v] of x) if (!y.has(k) || !celEquals(v, y.get(k))) return false;
    return true;
  }
  return false;
}
