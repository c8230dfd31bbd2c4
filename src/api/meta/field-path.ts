// Field errors: the structured result of validation, rendered in Status causes and Invalid messages.
// Validation functions return FieldError[] and never throw; the registry turns a non-empty list into 422.

export type FieldErrorType =
  | 'FieldValueRequired'
  | 'FieldValueInvalid'
  | 'FieldValueNotSupported'
  | 'FieldValueDuplicate'
  | 'FieldValueForbidden'
  | 'FieldValueTooLong'
  | 'FieldValueTooMany'
  | 'FieldValueTypeInvalid'
  | 'FieldValueNotFound'
  | 'InternalError';

export interface FieldError {
  readonly type: FieldErrorType;
  /** Dotted path with indices and keys, e.g. `spec.containers[0].image`, `metadata.labels[app]`. */
  readonly field: string;
  readonly badValue?: unknown;
  /** The message leaves the value out (upstream field.OmitValueType): `Invalid value: <detail>`. */
  readonly omitValue?: boolean;
  readonly detail?: string;
}

/** An immutable field path builder: `root('spec').child('containers').index(0).child('name')`. */
export class FieldPath {
  readonly #text: string;
  constructor(text: string) {
    this.#text = text;
  }
  child(name: string, ...more: string[]): FieldPath {
    let t = this.#text === '' ? name : `${this.#text}.${name}`;
    for (const m of more) t = `${t}.${m}`;
    return new FieldPath(t);
  }
  index(i: number): FieldPath {
    return new FieldPath(`${this.#text}[${i}]`);
  }
  key(k: string): FieldPath {
    return new FieldPath(`${this.#text}[${k}]`);
  }
  toString(): string {
    return this.#text;
  }
}

export function root(name: string, ...more: string[]): FieldPath {
  return new FieldPath('').child(name, ...more);
}

type PathLike = FieldPath | string;
const s = (p: PathLike): string => p.toString();

export function required(path: PathLike, detail?: string): FieldError {
  return detail === undefined ? { type: 'FieldValueRequired', field: s(path) } : { type: 'FieldValueRequired', field: s(path), detail };
}
export function invalid(path: PathLike, value: unknown, detail?: string): FieldError {
  return detail === undefined
    ? { type: 'FieldValueInvalid', field: s(path), badValue: value }
    : { type: 'FieldValueInvalid', field: s(path), badValue: value, detail };
}
/** An invalid field whose value is not worth printing (upstream field.OmitValueType). */
export function invalidOmitValue(path: PathLike, detail: string): FieldError {
  return { type: 'FieldValueInvalid', field: s(path), omitValue: true, detail };
}
export function notSupported(path: PathLike, value: unknown, valid: readonly string[]): FieldError {
  const detail = valid.length ? `supported values: ${valid.map((v) => JSON.stringify(v)).join(', ')}` : '';
  return { type: 'FieldValueNotSupported', field: s(path), badValue: value, detail };
}
export function duplicate(path: PathLike, value: unknown): FieldError {
  return { type: 'FieldValueDuplicate', field: s(path), badValue: value };
}
export function forbidden(path: PathLike, detail: string): FieldError {
  return { type: 'FieldValueForbidden', field: s(path), detail };
}
export function notFound(path: PathLike, value: unknown): FieldError {
  return { type: 'FieldValueNotFound', field: s(path), badValue: value };
}
export function tooLong(path: PathLike, value: unknown, maxLength: number): FieldError {
  return { type: 'FieldValueTooLong', field: s(path), badValue: value, detail: `may not be more than ${maxLength} bytes` };
}
export function tooMany(path: PathLike, actual: number, max: number): FieldError {
  return { type: 'FieldValueTooMany', field: s(path), badValue: actual, detail: `must have at most ${max} items` };
}
export function typeInvalid(path: PathLike, value: unknown, detail: string): FieldError {
  return { type: 'FieldValueTypeInvalid', field: s(path), badValue: value, detail };
}

/** A bad value that prints itself as upstream's Go value would (`%#v` of a struct). */
export interface GoStringer { goString(): string }
const isGoStringer = (v: unknown): v is GoStringer => typeof v === 'object' && v !== null && typeof (v as Partial<GoStringer>).goString === 'function';

/** Renders a bad value the way upstream's field.Error does (strings quoted, numbers bare, objects as Go-ish JSON). */
function renderValue(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (isGoStringer(v)) return v.goString();
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return JSON.stringify(v);
}

/** The body of one field error, without the field path: `Invalid value: "x": must be ...`. */
export function errorBody(e: FieldError): string {
  switch (e.type) {
    case 'FieldValueRequired':
      return e.detail ? `Required value: ${e.detail}` : 'Required value';
    case 'FieldValueForbidden':
      return e.detail ? `Forbidden: ${e.detail}` : 'Forbidden';
    case 'FieldValueTooLong':
      return `Too long: ${e.detail ?? ''}`;
    case 'FieldValueTooMany':
      return `Too many: ${renderValue(e.badValue)}: ${e.detail ?? ''}`;
    case 'InternalError':
      return `Internal error: ${e.detail ?? ''}`;
    case 'FieldValueInvalid':
    case 'FieldValueNotSupported':
    case 'FieldValueDuplicate':
    case 'FieldValueNotFound':
    case 'FieldValueTypeInvalid': {
      const label = {
        FieldValueInvalid: 'Invalid value',
        FieldValueNotSupported: 'Unsupported value',
        FieldValueDuplicate: 'Duplicate value',
        FieldValueNotFound: 'Not found',
        FieldValueTypeInvalid: 'Invalid value',
      }[e.type];
      const head = e.omitValue ? label : `${label}: ${renderValue(e.badValue)}`;
      return e.detail ? `${head}: ${e.detail}` : head;
    }
    default: {
      const never: never = e.type;
      return String(never);
    }
  }
}

/** `spec.replicas: Invalid value: -1: must be greater than or equal to 0` */
export function errorString(e: FieldError): string {
  return `${e.field}: ${errorBody(e)}`;
}
