// Converts a protobufjs-decoded upstream message into the JSON Go's encoding/json would write for the same
// Go object: omitempty zeros dropped, pointers kept, inline structs merged, apimachinery types as text.
import protobuf from 'protobufjs';
import { descriptors, type GoFieldFacts } from './descriptors.js';
import { formatDuration, formatMicroTime, formatTime } from './go-format.js';

const meta = 'k8s.io.apimachinery.pkg.apis.meta.v1';

/** Thrown for payloads that decode as protobuf but make no sense as the JSON value (e.g. bad RawExtension). */
export class ConversionError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ConversionError';
  }
}

type Fields = Readonly<Record<string, unknown>>;

function has(msg: Fields, name: string): boolean {
  return Object.prototype.hasOwnProperty.call(msg, name);
}

function isFields(v: unknown): v is Fields {
  return v !== null && typeof v === 'object' && !(v instanceof Uint8Array) && !Array.isArray(v);
}

/** protobufjs yields int64 as Long (when installed) or number. */
function toBigInt(v: unknown): bigint {
  if (typeof v === 'number') return BigInt(v);
  if (isFields(v) && typeof v['low'] === 'number' && typeof v['high'] === 'number') {
    return (BigInt(v['high']) << 32n) + BigInt(v['low'] >>> 0);
  }
  return 0n;
}

function toNumber(v: unknown): number {
  return typeof v === 'number' ? v : Number(toBigInt(v));
}

function base64(v: unknown): string {
  return v instanceof Uint8Array ? Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64') : '';
}

function parseRawJson(v: unknown, where: string): unknown {
  if (!(v instanceof Uint8Array) || v.length === 0) return undefined;
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(v));
  } catch (e: unknown) {
    throw new ConversionError(`Cannot decode ${where}: the embedded raw value is not JSON`, { cause: e });
  }
}

const absent = Symbol('absent');
type Converted = unknown | typeof absent;

/**
 * apimachinery types with a custom JSON form. Returns `absent` for Go's zero value unless `keepZero`
 * (a pointer field) asks for it; returns undefined when the message is an ordinary struct.
 */
function special(type: protobuf.Type, msg: Fields, keepZero: boolean): { value: Converted } | undefined {
  const name = type.fullName.slice(1);
  switch (name) {
    case `${meta}.Time`:
    case `${meta}.MicroTime`: {
      const seconds = toNumber(msg['seconds']);
      const nanos = toNumber(msg['nanos']);
      if (seconds === 0 && nanos === 0) return { value: absent };
      return { value: name.endsWith('MicroTime') ? formatMicroTime(seconds, nanos) : formatTime(seconds) };
    }
    case `${meta}.Duration`: {
      const ns = toBigInt(msg['duration']);
      return { value: ns === 0n && !keepZero ? absent : formatDuration(ns) };
    }
    case 'k8s.io.apimachinery.pkg.api.resource.Quantity':
    case 'k8s.io.apimachinery.pkg.api.resource.QuantityValue': {
      const s = typeof msg['string'] === 'string' ? msg['string'] : '';
      return { value: s === '' ? absent : s };
    }
    case 'k8s.io.apimachinery.pkg.util.intstr.IntOrString': {
      const isString = toNumber(msg['type']) === 1;
      const value = isString ? (typeof msg['strVal'] === 'string' ? msg['strVal'] : '') : toNumber(msg['intVal']);
      return { value: !keepZero && (value === 0 || value === '') ? absent : value };
    }
    case 'k8s.io.apimachinery.pkg.runtime.RawExtension': {
      const v = parseRawJson(msg['raw'], 'a RawExtension');
      return { value: v === undefined ? absent : v };
    }
    case `${meta}.FieldsV1`: {
      const v = parseRawJson(msg['Raw'], 'managedFields[].fieldsV1');
      return { value: v === undefined ? absent : v };
    }
    default:
      return undefined;
  }
}

function isZero(v: unknown): boolean {
  return v === '' || v === 0 || v === false;
}

function scalar(field: protobuf.Field, v: unknown): unknown {
  switch (field.type) {
    case 'bytes': return base64(v);
    case 'int64': case 'uint64': case 'sint64': case 'fixed64': case 'sfixed64': return toNumber(v);
    default: return v;
  }
}

/** Converts one value of a field (an element when repeated, the value when a map). */
function value(field: protobuf.Field, v: unknown, keepZero: boolean): Converted {
  const type = field.resolvedType;
  if (type instanceof protobuf.Type) {
    if (!isFields(v)) return absent;
    return convertMessage(type, v, keepZero);
  }
  const out = scalar(field, v);
  return !keepZero && isZero(out) ? absent : out;
}

function convertMessage(type: protobuf.Type, msg: Fields, keepZero: boolean): Converted {
  const tables = descriptors();
  const fullName = type.fullName.slice(1);
  const sp = special(type, msg, keepZero);
  if (sp) return sp.value;
  if (tables.listWrappers.has(fullName)) {
    const items = msg['items'];
    return Array.isArray(items) ? [...items] : [];
  }
  return convertStruct(type, msg, tables.go[fullName] ?? {});
}

function convertStruct(type: protobuf.Type, msg: Fields, facts: GoFieldFacts[string]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of type.fieldsArray) {
    if (!has(msg, field.name)) continue;
    const flags = facts[field.name] ?? '';
    const rename = /=(.+)$/.exec(flags)?.[1];
    if (rename === '-') continue;
    const jsonName = rename ?? field.name;
    const raw = msg[field.name];
    if (field instanceof protobuf.MapField) {
      if (!isFields(raw) || Object.keys(raw).length === 0) continue;
      const map: Record<string, unknown> = {};
      // Go writes every map value, zero or not, so values keep their zeros.
      for (const [k, v] of Object.entries(raw)) {
        const conv = value(field, v, true);
        map[k] = conv === absent ? null : conv;
      }
      out[jsonName] = map;
    } else if (field.repeated) {
      if (!Array.isArray(raw) || raw.length === 0) continue;
      out[jsonName] = raw.map((v: unknown) => {
        const conv = value(field, v, true);
        return conv === absent ? null : conv;
      });
    } else {
      const conv = value(field, raw, flags.includes('z'));
      if (conv === absent) continue;
      if (flags.includes('i') && isFields(conv)) Object.assign(out, conv);
      else out[jsonName] = conv;
    }
  }
  return out;
}

/** The JSON object for a decoded top-level message (without apiVersion/kind). */
export function messageToJson(type: protobuf.Type, msg: Fields): Record<string, unknown> {
  return convertStruct(type, msg, descriptors().go[type.fullName.slice(1)] ?? {});
}
