// Resource lists (container resources, PV capacity, PVC requests): canonical quantities on defaulting,
// and upstream's name and quantity rules on validation.
import { forbidden, invalid, required, type FieldError, type FieldPath } from '../../meta/field-path.js';
import { isQualifiedName } from '../../meta/name-validation.js';
import { parseQuantity, type Quantity } from '../../resource/quantity.js';
import { isRec, rec, type Rec } from './json.js';

export const quantityFormatMessage = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

/** SetDefaults_ResourceList: every valid quantity is rounded up to milli precision and printed canonically. */
export function defaultResourceList(list: unknown): void {
  if (!isRec(list)) return;
  for (const [k, v] of Object.entries(list)) {
    if (typeof v !== 'string' && typeof v !== 'number') continue;
    try {
      list[k] = parseQuantity(v).roundUp(3).toString();
    } catch {
      // Left as is: validation reports it.
    }
  }
}

/** Canonical text for a single optional quantity field (e.g. emptyDir.sizeLimit). */
export function defaultQuantityField(o: Rec, key: string): void {
  const v = o[key];
  if (typeof v !== 'string' && typeof v !== 'number') return;
  try {
    o[key] = parseQuantity(v).toString();
  } catch {
    // Left as is: validation reports it.
  }
}

/** The parsed quantity or an error on path. */
export function readQuantity(v: unknown, path: FieldPath): Quantity | FieldError {
  if (typeof v !== 'string' && typeof v !== 'number') return invalid(path, v ?? null, quantityFormatMessage);
  try {
    return parseQuantity(v);
  } catch (e: unknown) {
    const msg = e instanceof Error ? e.message.replace(/^Cannot parse quantity "[^"]*": /, '') : quantityFormatMessage;
    return invalid(path, v, msg);
  }
}

export const isFieldError = (v: Quantity | FieldError): v is FieldError => !('cmp' in v);

export function validateNonnegativeQuantity(q: Quantity, value: unknown, path: FieldPath): FieldError[] {
  return q.sign() < 0 ? [invalid(path, value, 'must be greater than or equal to 0')] : [];
}

export function validatePositiveQuantity(q: Quantity, value: unknown, path: FieldPath): FieldError[] {
  return q.sign() <= 0 ? [invalid(path, value, 'must be greater than zero')] : [];
}

const standardContainerResources = new Set(['cpu', 'memory', 'ephemeral-storage']);
const isHugePages = (n: string): boolean => n.startsWith('hugepages-');
const isNative = (n: string): boolean => !n.includes('/') || n.startsWith('kubernetes.io/') || n.includes('.kubernetes.io/');
const isExtended = (n: string): boolean => !isNative(n) && !n.startsWith('requests.');
const isOvercommitAllowed = (n: string): boolean => isNative(n) && !isHugePages(n);
const isIntegerResource = (n: string): boolean => isExtended(n) || ['pods', 'services', 'replicationcontrollers', 'resourcequotas', 'secrets', 'configmaps', 'persistentvolumeclaims', 'services.nodeports', 'services.loadbalancers'].includes(n);

function validateContainerResourceName(name: string, path: FieldPath): FieldError[] {
  const errs = isQualifiedName(name).map((m) => invalid(path, name, m));
  if (errs.length) return errs;
  if (!name.includes('/')) {
    if (!standardContainerResources.has(name) && !isHugePages(name)) return [invalid(path, name, 'must be a standard resource for containers')];
  } else if (!isNative(name) && !isExtended(name)) {
    return [invalid(path, name, "doesn't follow extended resource name standard")];
  }
  return [];
}

/** ValidateResourceQuantityValue: non-negative, and whole for integer resources. */
export function validateResourceQuantityValue(name: string, q: Quantity, value: unknown, path: FieldPath): FieldError[] {
  const errs = validateNonnegativeQuantity(q, value, path);
  if (isIntegerResource(name) && q.milliValue() % 1000n !== 0n) errs.push(invalid(path, value, 'must be an integer'));
  return errs;
}

/** Container resources: names, quantities, requests ≤ limits, non-overcommitable resources. */
export function validateContainerResources(resources: unknown, path: FieldPath): FieldError[] {
  const r = rec(resources);
  const errs: FieldError[] = [];
  const limPath = path.child('limits');
  const reqPath = path.child('requests');
  const limits = new Map<string, Quantity>();
  let cpuOrMemory = false;
  let hugePages = false;
  for (const [name, v] of Object.entries(rec(r['limits']))) {
    const p = limPath.key(name);
    errs.push(...validateContainerResourceName(name, p));
    const q = readQuantity(v, p);
    if (isFieldError(q)) { errs.push(q); continue; }
    errs.push(...validateResourceQuantityValue(name, q, v, p));
    limits.set(name, q);
    if (isHugePages(name)) hugePages = true;
    if (name === 'cpu' || name === 'memory') cpuOrMemory = true;
  }
  for (const [name, v] of Object.entries(rec(r['requests']))) {
    const p = reqPath.key(name);
    errs.push(...validateContainerResourceName(name, p));
    const q = readQuantity(v, p);
    if (isFieldError(q)) { errs.push(q); continue; }
    errs.push(...validateResourceQuantityValue(name, q, v, p));
    const limit = limits.get(name);
    if (limit) {
      if (q.cmp(limit) !== 0 && !isOvercommitAllowed(name)) errs.push(invalid(reqPath, q.toString(), `must be equal to ${name} limit of ${limit.toString()}`));
      else if (q.cmp(limit) > 0) errs.push(invalid(reqPath, q.toString(), `must be less than or equal to ${name} limit of ${limit.toString()}`));
    } else if (!isOvercommitAllowed(name)) {
      errs.push(required(limPath, 'Limit must be set for non overcommitable resources'));
    }
    if (isHugePages(name)) hugePages = true;
    if (name === 'cpu' || name === 'memory') cpuOrMemory = true;
  }
  if (hugePages && !cpuOrMemory) errs.push(forbidden(path, 'HugePages require cpu or memory'));
  return errs;
}
