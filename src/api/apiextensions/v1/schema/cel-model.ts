// The CEL view of a structural schema (upstream's model.SchemaDeclType and UnstructuredToVal): each schema
// node becomes a CEL type, declared in a cel-js environment, and each value is converted to match it. Objects
// with properties are typed objects (a class per node, so `has()`, field selection and the type checker work);
// additionalProperties are maps; int-or-string and untyped nodes are dyn; formats byte/duration/date-time are
// bytes/duration/timestamp. A resource root and embedded resources also get apiVersion, kind and
// metadata.{name,generateName}, as upstream declares them.
import { Environment } from '@marcbachmann/cel-js';
import { additionalSchema, isObject, itemsSchema, type JSONSchemaProps } from './types.js';

/** CEL keywords and reserved words; a property with one of these names is spelled `__name__` in rules. */
const celReserved = new Set(['true', 'false', 'null', 'in', 'as', 'break', 'const', 'continue', 'else', 'for', 'function', 'if', 'import', 'let', 'loop', 'package', 'namespace', 'return', 'var', 'void', 'while']);

/** A property name as rules spell it (upstream's cel.Escape), or undefined when no CEL identifier can name it. */
export function escapePropertyName(name: string): string | undefined {
  if (celReserved.has(name)) return `__${name}__`;
  if (!/^[a-zA-Z_.\-/][a-zA-Z0-9_.\-/]*$/.test(name)) return undefined;
  return name.replace(/__/g, '__underscores__').replace(/\./g, '__dot__').replace(/-/g, '__dash__').replace(/\//g, '__slash__');
}

/** Arrays converted from a set or map list carry their list type, so equality ignores order as upstream's does. */
const unorderedList = Symbol('celUnorderedList');

/** One schema node's CEL type and the conversion of its values. */
export interface CelNode {
  /** The type as cel-js spells it: `int`, `list<string>`, `map<string, T>`, a registered object type name. */
  readonly type: string;
  /** JSON value → CEL value of this type (null stays null). */
  convert(value: unknown): unknown;
}

/** Builds CEL types for the nodes of one schema tree inside one environment; names are unique per model. */
export class CelSchemaModel {
  readonly env: Environment;
  readonly #prefix: string;
  readonly #nodes = new WeakMap<JSONSchemaProps, CelNode>();
  #count = 0;

  constructor(env: Environment, prefix: string) {
    this.env = env;
    this.#prefix = prefix;
  }

  /** The CEL node of schema (root: a resource root or embedded resource gets apiVersion, kind and metadata). */
  node(schema: JSONSchemaProps, resourceRoot = false): CelNode {
    const key = resourceRoot ? undefined : this.#nodes.get(schema);
    if (key) return key;
    const built = this.#build(schema, resourceRoot || schema['x-kubernetes-embedded-resource'] === true);
    if (!resourceRoot) this.#nodes.set(schema, built);
    return built;
  }

  #build(s: JSONSchemaProps, resource: boolean): CelNode {
    if (s['x-kubernetes-int-or-string'] === true) return { type: 'dyn', convert: (v) => (typeof v === 'number' && Number.isInteger(v) ? BigInt(v) : v) };
    const dyn: CelNode = { type: 'dyn', convert: (v) => plainToCel(v) };
    switch (s.type) {
      case 'object':
        if (s.properties !== undefined || resource) return this.#object(s, resource);
        {
          const additional = additionalSchema(s);
          if (additional !== undefined) {
            const elem = this.node(additional);
            return { type: `map<string, ${elem.type}>`, convert: (v) => (isObject(v) ? new Map(Object.entries(v).map(([k, x]) => [k, x === null ? null : elem.convert(x)])) : v) };
          }
        }
        if (s['x-kubernetes-preserve-unknown-fields'] === true) return { type: 'map<string, dyn>', convert: (v) => plainToCel(v) };
        return this.#object(s, false);
      case 'array': {
        const items = itemsSchema(s);
        const elem = items === undefined ? dyn : this.node(items);
        const unordered = s['x-kubernetes-list-type'] === 'set' || s['x-kubernetes-list-type'] === 'map';
        return {
          type: `list<${elem.type}>`,
          convert: (v) => {
            if (!Array.isArray(v)) return v;
            const out = v.map((x: unknown) => (x === null ? null : elem.convert(x)));
            if (unordered) Object.defineProperty(out, unorderedList, { value: true });
            return out;
          },
        };
      }
      case 'string':
        if (s.format === 'byte') return { type: 'bytes', convert: (v) => (typeof v === 'string' ? new Uint8Array(Buffer.from(v, 'base64')) : v) };
        if (s.format === 'duration') return { type: 'duration', convert: (v) => (typeof v === 'string' ? celDuration(v) : v) };
        if (s.format === 'date-time' || s.format === 'date') return { type: 'timestamp', convert: (v) => (typeof v === 'string' && !Number.isNaN(Date.parse(v)) ? new Date(v) : v) };
        return { type: 'string', convert: (v) => v };
      case 'integer':
        return { type: 'int', convert: (v) => (typeof v === 'number' && Number.isInteger(v) ? BigInt(v) : v) };
      case 'number':
        return { type: 'double', convert: (v) => v };
      case 'boolean':
        return { type: 'bool', convert: (v) => v };
      default:
        return dyn;
    }
  }

  #object(s: JSONSchemaProps, resource: boolean): CelNode {
    const name = `${this.#prefix}${this.#count++ === 0 ? '' : `_${this.#count - 1}`}`;
    const fields: Record<string, string> = {};
    const converters: Array<[string, string, CelNode]> = [];
    if (resource) {
      const meta = this.#resourceMeta(name);
      fields['apiVersion'] = 'string';
      fields['kind'] = 'string';
      fields['metadata'] = meta.type;
      converters.push(['apiVersion', 'apiVersion', stringNode], ['kind', 'kind', stringNode], ['metadata', 'metadata', meta]);
    }
    for (const [prop, sub] of Object.entries(s.properties ?? {})) {
      if (resource && (prop === 'apiVersion' || prop === 'kind' || prop === 'metadata')) continue;
      const field = escapePropertyName(prop);
      if (field === undefined) continue;
      const node = this.node(sub);
      fields[field] = node.type;
      converters.push([prop, field, node]);
    }
    const ctor = objectClass(s);
    this.env.registerType(name, { ctor, fields });
    this.env.registerOperator(`${name} == ${name}`, celEquals);
    return {
      type: name,
      convert: (v) => {
        if (!isObject(v)) return v;
        const out = new ctor();
        const target = out as unknown as Record<string, unknown>;
        for (const [prop, field, node] of converters) {
          const x = v[prop];
          if (x !== undefined) target[field] = x === null ? null : node.convert(x);
        }
        return out;
      },
    };
  }

  /** metadata of a resource root: only name and generateName are visible to rules, as upstream. */
  #resourceMeta(owner: string): CelNode {
    const name = `${owner}.metadata`;
    const ctor = objectClass(undefined);
    this.env.registerType(name, { ctor, fields: { name: 'string', generateName: 'string' } });
    this.env.registerOperator(`${name} == ${name}`, celEquals);
    return {
      type: name,
      convert: (v) => {
        const out = new ctor() as unknown as Record<string, unknown>;
        if (isObject(v)) for (const f of ['name', 'generateName']) if (typeof v[f] === 'string') out[f] = v[f];
        return out;
      },
    };
  }
}

/** A duration-format string as CEL's duration (cel-js keeps its Duration class to itself); the string when invalid. */
let durationProbe: Environment | undefined;
function celDuration(s: string): unknown {
  durationProbe ??= new Environment().registerVariable('s', 'string');
  try {
    return durationProbe.evaluate('duration(s)', { s }) as unknown;
  } catch {
    return s;
  }
}

const stringNode: CelNode = { type: 'string', convert: (v) => v };

/** A fresh class per object type: cel-js tells object types apart by constructor. */
function objectClass(schema: JSONSchemaProps | undefined): new () => object {
  return class CelObject {
    static readonly schema = schema;
  };
}

/** An untyped JSON value as CEL sees dyn: integers as int, objects as maps. */
function plainToCel(v: unknown): unknown {
  if (typeof v === 'number') return Number.isInteger(v) ? BigInt(v) : v;
  if (Array.isArray(v)) return v.map(plainToCel);
  if (isObject(v)) return new Map(Object.entries(v).map(([k, x]) => [k, plainToCel(x)]));
  return v;
}

/** CEL equality over converted values: objects field by field, set and map lists ignoring order. */
export function celEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') {
    if (typeof a === 'bigint' && typeof b === 'number') return Number(a) === b;
    if (typeof a === 'number' && typeof b === 'bigint') return a === Number(b);
    return false;
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    const unordered = (a as unknown as Record<symbol, unknown>)[unorderedList] === true;
    if (!unordered) return a.every((x, i) => celEquals(x, b[i]));
    const left = [...b];
    return a.every((x) => {
      const i = left.findIndex((y) => celEquals(x, y));
      if (i < 0) return false;
      left.splice(i, 1);
      return true;
    });
  }
  if (a instanceof Map || b instanceof Map) {
    if (!(a instanceof Map) || !(b instanceof Map) || a.size !== b.size) return false;
    for (const [k, v] of a) if (!b.has(k) || !celEquals(v, b.get(k))) return false;
    return true;
  }
  if (a instanceof Uint8Array && b instanceof Uint8Array) return Buffer.from(a).equals(Buffer.from(b));
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (a.constructor !== b.constructor) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  return ka.every((k) => Object.hasOwn(rb, k) && celEquals(ra[k], rb[k]));
}
