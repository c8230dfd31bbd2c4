// Type checking of decoded objects against their kind's schema, as decoding into upstream's Go structs does: a value
// of the wrong JSON type (a string for an int32, an array for a struct, a map value that is not a string) is refused.
import { definitionName, getDefinition, refName, resolve, type SchemaObject } from './schema.js';

const quantity = 'io.k8s.apimachinery.pkg.api.resource.Quantity';

function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'boolean') return 'bool';
  return typeof v;
}

function shortName(ref: string): string {
  const parts = refName(ref).split('.');
  return parts.slice(-2).join('.');
}

/** The Go type upstream declares for a schema (`int32`, `v1.DeploymentSpec`, `map[string]string`, `[]v1.Container`). */
function goType(s: SchemaObject | undefined): string {
  if (!s) return 'interface {}';
  if (s.$ref !== undefined) return refName(s.$ref) === quantity ? 'resource.Quantity' : shortName(s.$ref);
  if (s.format === 'int-or-string') return 'intstr.IntOrString';
  switch (s.type) {
    case 'string': return 'string';
    case 'integer': return s.format ?? 'int64';
    case 'number': return 'float64';
    case 'boolean': return 'bool';
    case 'array': return `[]${goType(s.items)}`;
    default: return s.additionalProperties ? `map[string]${goType(s.additionalProperties)}` : 'interface {}';
  }
}

// int64 spans ±2^63: values past 2^53 (nanosecond timestamps, as VolumeSnapshotContent.status.creationTime holds)
// arrive as doubles, still integers, and Go decodes them.
const intRange: Record<string, [number, number]> = { int32: [-(2 ** 31), 2 ** 31 - 1], int64: [-(2 ** 63), 2 ** 63 - 1] };

/** What is wrong with `v` as a value of `s`, in Go's words (`string`, `number 1.5`), or undefined. */
function mismatch(v: unknown, s: SchemaObject, ref: string | undefined): string | undefined {
  if (v === null) return undefined;
  if (ref === quantity) return typeof v === 'string' || typeof v === 'number' ? undefined : jsonKind(v);
  if (s.format === 'int-or-string') return typeof v === 'string' || (typeof v === 'number' && Number.isInteger(v)) ? undefined : jsonKind(v);
  switch (s.type) {
    case 'string': return typeof v === 'string' ? undefined : jsonKind(v);
    case 'boolean': return typeof v === 'boolean' ? undefined : jsonKind(v);
    case 'number': return typeof v === 'number' ? undefined : jsonKind(v);
    case 'integer': {
      if (typeof v !== 'number') return jsonKind(v);
      const [lo, hi] = intRange[s.format ?? 'int64'] ?? intRange['int64']!;
      return Number.isInteger(v) && v >= lo && v <= hi ? undefined : `number ${v}`;
    }
    case 'array': return Array.isArray(v) ? undefined : jsonKind(v);
    default:
      if (s.properties || s.additionalProperties || s.type === 'object') return v !== null && typeof v === 'object' && !Array.isArray(v) ? undefined : jsonKind(v);
      return undefined;
  }
}

interface Found { what: string; path: string; struct: string; type: string }

function walk(v: unknown, raw: SchemaObject | undefined, path: string, struct: string, depth: number): Found | undefined {
  const s = resolve(raw);
  if (!s || depth > 200) return undefined;
  const ref = raw?.$ref === undefined ? undefined : refName(raw.$ref);
  const what = mismatch(v, s, ref);
  if (what) return { what, path, struct, type: goType(raw) };
  if (v === null || typeof v !== 'object') return undefined;
  if (Array.isArray(v)) {
    if (!s.items) return undefined;
    for (let i = 0; i < v.length; i++) {
      const f = walk(v[i], s.items, path, struct, depth + 1);
      if (f) return f;
    }
    return undefined;
  }
  const here = ref ? shortName(ref).split('.').pop()! : struct;
  for (const [k, x] of Object.entries(v)) {
    const p = s.properties ? (Object.hasOwn(s.properties, k) ? s.properties[k] : undefined) : s.additionalProperties;
    if (!p) continue;
    const f = walk(x, p, path === '' ? k : `${path}.${k}`, here, depth + 1);
    if (f) return f;
  }
  return undefined;
}

/**
 * The first value in `obj` whose JSON type its kind's schema does not allow, as upstream's decoder words it
 * (`json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32`); undefined when
 * every value fits or the kind has no schema. null fits anything (Go decodes it as the zero value). Does not mutate.
 */
export function fieldTypeError(obj: unknown, group: string, version: string, kind: string): string | undefined {
  const name = definitionName(group, version, kind);
  const def = name === undefined ? undefined : getDefinition(name);
  if (!def || name === undefined) return undefined;
  const f = walk(obj, { $ref: `#/definitions/${name}` }, '', kind, 0);
  if (!f) return undefined;
  return f.path === ''
    ? `json: cannot unmarshal ${f.what} into Go value of type ${f.type}`
    : `json: cannot unmarshal ${f.what} into Go struct field ${f.struct}.${f.path} of type ${f.type}`;
}
