// cel-go's string.format (ext strings version 1+): printf-style clauses %s %d %f %e %b %x %X %o and %%, with an
// optional precision for %f and %e, following cel-go's formatting of CEL values.
import { EvaluationError } from '@marcbachmann/cel-js';

const typeOf = (v: unknown): string => {
  if (typeof v === 'bigint') return 'int';
  if (typeof v === 'number') return 'double';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (v === null) return 'null_type';
  if (v instanceof Uint8Array) return 'bytes';
  if (Array.isArray(v)) return 'list';
  if (v instanceof Date) return 'google.protobuf.Timestamp';
  const name = typeof v === 'object' ? v.constructor.name : typeof v;
  return name === 'UnsignedInt' ? 'uint' : name === 'Duration' ? 'google.protobuf.Duration' : name === 'Object' || name === 'Map' ? 'map' : name;
};

const isInteger = (v: unknown): boolean => typeof v === 'bigint' || typeOf(v) === 'uint';
const intValue = (v: unknown): bigint => (typeof v === 'bigint' ? v : (v as { valueOf(): bigint }).valueOf());

function quoted(v: unknown): string {
  const t = typeOf(v);
  if (t === 'string') return JSON.stringify(v);
  if (t === 'bytes') return `b${JSON.stringify(new TextDecoder().decode(v as Uint8Array))}`;
  if (t === 'double' && !Number.isFinite(v as number)) return `"${formatString(v)}"`;
  return formatString(v);
}

function formatDouble(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? 'Infinity' : '-Infinity';
  return String(n);
}

/** The %s rendering of a CEL value. */
export function formatString(v: unknown): string {
  switch (typeOf(v)) {
    case 'string':
      return v as string;
    case 'int':
    case 'uint':
    case 'bool':
      return String(v);
    case 'double':
      return formatDouble(v as number);
    case 'null_type':
      return 'null';
    case 'bytes':
      return new TextDecoder().decode(v as Uint8Array);
    case 'list':
      return `[${(v as unknown[]).map(quoted).join(', ')}]`;
    case 'map': {
      const entries = v instanceof Map ? [...(v as Map<unknown, unknown>)] : Object.entries(v as object);
      const parts = entries.map(([k, x]) => [quoted(k), quoted(x)] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      return `{${parts.map(([k, x]) => `${k}:${x}`).join(', ')}}`;
    }
    case 'google.protobuf.Timestamp':
      return (v as Date).toISOString().replace('.000Z', 'Z');
    default:
      return String(v);
  }
}

function fixed(v: unknown, precision: number, exponent: boolean): string {
  if (typeof v === 'string' && ['NaN', 'Infinity', '-Infinity'].includes(v)) return v;
  if (typeof v !== 'number') throw new EvaluationError(`fixed-point clause can only be used on doubles, was given ${typeOf(v)}`);
  if (!Number.isFinite(v)) return formatDouble(v);
  if (!exponent) return v.toFixed(precision);
  // Go prints at least two exponent digits: 2.718280e+00.
  return v.toExponential(precision).replace(/e([+-])(\d)$/, 'e$10$2');
}

function radix(v: unknown, base: number, clause: string): string {
  if (typeof v === 'boolean' && base === 2) return v ? '1' : '0';
  if (isInteger(v)) {
    const n = intValue(v);
    return n < 0n ? `-${(-n).toString(base)}` : n.toString(base);
  }
  if (base === 16 && typeof v === 'string') return [...new TextEncoder().encode(v)].map((b) => b.toString(16).padStart(2, '0')).join('');
  if (base === 16 && v instanceof Uint8Array) return [...v].map((b) => b.toString(16).padStart(2, '0')).join('');
  const what = base === 2 ? 'binary clause can only be used on integers and bools' : base === 8 ? 'octal clause can only be used on integers' : 'only integers, byte buffers, and strings can be formatted as hex';
  throw new EvaluationError(`error during formatting: ${what}, was given ${typeOf(v)}`.replace(`${clause}`, clause));
}

/** Formats s with args as cel-go's "...".format([...]). Throws EvaluationError on a bad clause or argument. */
export function formatCel(s: string, args: readonly unknown[]): string {
  let out = '';
  let next = 0;
  const take = (): unknown => {
    if (next >= args.length) throw new EvaluationError(`index ${next} out of range`);
    return args[next++];
  };
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c !== '%') {
      out += c;
      continue;
    }
    const m = /^(?:\.(\d+))?([sdfeEbxXo%])/.exec(s.slice(i + 1));
    if (m === null) throw new EvaluationError(`could not parse formatting clause: unrecognized formatting clause "${s[i + 1] ?? ''}"`);
    i += m[0].length;
    const precision = m[1] === undefined ? 6 : Number(m[1]);
    switch (m[2]) {
      case '%':
        out += '%';
        break;
      case 's': {
        out += formatString(take());
        break;
      }
      case 'd': {
        const v = take();
        if (!isInteger(v)) throw new EvaluationError(`error during formatting: decimal clause can only be used on integers, was given ${typeOf(v)}`);
        out += String(intValue(v));
        break;
      }
      case 'f':
        out += fixed(take(), precision, false);
        break;
      case 'e':
      case 'E':
        out += fixed(take(), precision, true);
        break;
      case 'b':
        out += radix(take(), 2, 'b');
        break;
      case 'o':
        out += radix(take(), 8, 'o');
        break;
      case 'x':
        out += radix(take(), 16, 'x');
        break;
      default:
        out += radix(take(), 16, 'X').toUpperCase();
    }
  }
  return out;
}
