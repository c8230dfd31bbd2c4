// IntOrString rolling-update bounds (maxSurge/maxUnavailable): upstream ValidatePositiveIntOrPercent and friends.
import { invalid, type FieldError, type FieldPath } from '../../meta/index.js';

const percentRe = /^[0-9]+%$/;
const percentMessage = "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')";

/** The integer value of an int or a valid percent string ("25%" → 25); anything else is 0. */
export function intOrPercentValue(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && percentRe.test(v)) return Number(v.slice(0, -1));
  return 0;
}

export function validatePositiveIntOrPercent(v: unknown, path: FieldPath): FieldError[] {
  if (v === undefined || v === null) return [];
  if (typeof v === 'string') return percentRe.test(v) ? [] : [invalid(path, v, percentMessage)];
  if (typeof v === 'number') return v < 0 ? [invalid(path, v, 'must be greater than or equal to 0')] : [];
  return [invalid(path, v, "must be an integer or percentage (e.g '5%')")];
}

export function validateNotMoreThan100Percent(v: unknown, path: FieldPath): FieldError[] {
  return typeof v === 'string' && percentRe.test(v) && intOrPercentValue(v) > 100 ? [invalid(path, v, 'must not be greater than 100%')] : [];
}

/**
 * An int-or-percent against a total (upstream GetScaledValueFromIntOrPercent): a number as is, "n%" of the
 * total rounded up or down. A string that is not a percent (rejected by validation) counts as its number, or 0.
 */
export function scaledValueFromIntOrPercent(v: number | string, total: number, roundUp: boolean): number {
  if (typeof v === 'number') return v;
  if (!percentRe.test(v)) return Number(v) || 0;
  const exact = (Number(v.slice(0, -1)) * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}
