// Test support: a small protobuf wire reader and a decoder of gnostic's openapi_v2.Document back into
// swagger 2.0 JSON, written from OpenAPIv2.proto's field numbers independently of gnostic-v2.ts.

/** One decoded message: field number → values in wire order (varints as bigint, fixed64 as its 8 bytes). */
export type WireMessage = Map<number, (bigint | Uint8Array)[]>;

/** Reads the fields of one message. Throws RangeError on truncated or malformed input. */
export function readWire(buf: Uint8Array): WireMessage {
  const out: WireMessage = new Map();
  let pos = 0;
  const varint = (): bigint => {
    let result = 0n;
    for (let shift = 0n; ; shift += 7n) {
      if (pos >= buf.length) throw new RangeError(`Cannot read varint at ${pos}: the message is truncated`);
      const b = buf[pos++]!;
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result;
      if (shift > 63n) throw new RangeError(`Cannot read varint at ${pos}: it is longer than 10 bytes`);
    }
  };
  const take = (n: number): Uint8Array => {
    if (pos + n > buf.length) throw new RangeError(`Cannot read ${n} bytes at ${pos}: the message is truncated`);
    const v = buf.subarray(pos, pos + n);
    pos += n;
    return v;
  };
  while (pos < buf.length) {
    const key = Number(varint());
    const no = key >>> 3;
    let v: bigint | Uint8Array;
    switch (key & 7) {
      case 0: v = varint(); break;
      case 1: v = take(8); break;
      case 2: v = take(Number(varint())); break;
      case 5: v = take(4); break;
      default: throw new RangeError(`Cannot read field ${no}: wire type ${key & 7} is not supported`);
    }
    const list = out.get(no);
    if (list) list.push(v);
    else out.set(no, [v]);
  }
  return out;
}

type Json = Record<string, unknown>;
const text = new TextDecoder('utf-8', { fatal: true });

const bytesOf = (v: bigint | Uint8Array | undefined): Uint8Array => {
  if (v instanceof Uint8Array) return v;
  throw new TypeError('Cannot decode field: expected a length-delimited value');
};
const all = (m: WireMessage, no: number): (bigint | Uint8Array)[] => m.get(no) ?? [];
const last = (m: WireMessage, no: number): bigint | Uint8Array | undefined => all(m, no).at(-1);

interface Reader {
  str(no: number, key: string): void;
  bool(no: number, key: string): void;
  int(no: number, key: string): void;
  dbl(no: number, key: string): void;
  strs(no: number, key: string): void;
  any(no: number, key: string): void;
  anys(no: number, key: string): void;
  msg(no: number, key: string, f: (m: WireMessage) => unknown): void;
  msgs(no: number, key: string, f: (m: WireMessage) => unknown): void;
  ext(no: number): void;
}

/** Builds a JSON object from `m` with the field readers `build` calls. */
function obj(m: WireMessage, build: (r: Reader) => void): Json {
  const o: Json = {};
  const r: Reader = {
    str: (no, k) => { const v = last(m, no); if (v !== undefined) o[k] = text.decode(bytesOf(v)); },
    bool: (no, k) => { const v = last(m, no); if (v !== undefined) o[k] = v !== 0n; },
    int: (no, k) => { const v = last(m, no); if (typeof v === 'bigint') o[k] = Number(BigInt.asIntN(64, v)); },
    dbl: (no, k) => { const v = last(m, no); if (v instanceof Uint8Array) o[k] = new DataView(v.buffer, v.byteOffset, 8).getFloat64(0, true); },
    strs: (no, k) => { const v = all(m, no); if (v.length) o[k] = v.map((x) => text.decode(bytesOf(x))); },
    any: (no, k) => { const v = last(m, no); if (v !== undefined) o[k] = anyValue(readWire(bytesOf(v))); },
    anys: (no, k) => { const v = all(m, no); if (v.length) o[k] = v.map((x) => anyValue(readWire(bytesOf(x)))); },
    msg: (no, k, f) => { const v = last(m, no); if (v !== undefined) o[k] = f(readWire(bytesOf(v))); },
    msgs: (no, k, f) => { const v = all(m, no); if (v.length) o[k] = v.map((x) => f(readWire(bytesOf(x)))); },
    ext: (no) => { for (const x of all(m, no)) { const [name, value] = named(readWire(bytesOf(x)), anyValue); o[name] = value; } },
  };
  build(r);
  return o;
}

/** Any { yaml = 2 }: the served YAML is JSON text. */
function anyValue(m: WireMessage): unknown {
  return JSON.parse(text.decode(bytesOf(last(m, 2)))) as unknown;
}

/** Named* { name = 1, value = 2 }. */
function named<T>(m: WireMessage, f: (m: WireMessage) => T): [string, T] {
  const n = last(m, 1);
  return [n === undefined ? '' : text.decode(bytesOf(n)), f(readWire(bytesOf(last(m, 2) ?? new Uint8Array())))];
}

const namedMap = (f: (m: WireMessage) => unknown) => (m: WireMessage): Json =>
  Object.fromEntries(all(m, 1).map((x) => named(readWire(bytesOf(x)), f)));

function schema(m: WireMessage): Json {
  const o = obj(m, (r) => {
    r.str(1, '$ref'); r.str(2, 'format'); r.str(3, 'title'); r.str(4, 'description'); r.any(5, 'default');
    r.dbl(6, 'multipleOf'); r.dbl(7, 'maximum'); r.bool(8, 'exclusiveMaximum'); r.dbl(9, 'minimum'); r.bool(10, 'exclusiveMinimum');
    r.int(11, 'maxLength'); r.int(12, 'minLength'); r.str(13, 'pattern'); r.int(14, 'maxItems'); r.int(15, 'minItems');
    r.bool(16, 'uniqueItems'); r.int(17, 'maxProperties'); r.int(18, 'minProperties'); r.strs(19, 'required'); r.anys(20, 'enum');
    r.msg(21, 'additionalProperties', (a) => (a.has(2) ? last(a, 2) !== 0n : schema(readWire(bytesOf(last(a, 1))))));
    r.msg(22, 'type', (t) => all(t, 1).map((x) => text.decode(bytesOf(x))));
    r.msg(23, 'items', (i) => all(i, 1).map((x) => schema(readWire(bytesOf(x)))));
    r.msgs(24, 'allOf', schema); r.msg(25, 'properties', namedMap(schema)); r.str(26, 'discriminator'); r.bool(27, 'readOnly');
    r.msg(30, 'example', anyValue); r.ext(31);
  });
  // The JSON forms: a single type is a string, a single items schema an object.
  if (Array.isArray(o['type']) && o['type'].length === 1) o['type'] = o['type'][0];
  if (Array.isArray(o['items']) && o['items'].length === 1) o['items'] = o['items'][0];
  return o;
}

const primitive = (r: Reader, first: number): void => {
  r.str(first, 'type'); r.str(first + 1, 'format'); r.msg(first + 2, 'items', (m) => obj(m, (x) => primitive(x, 1))); r.str(first + 3, 'collectionFormat');
  r.any(first + 4, 'default'); r.dbl(first + 5, 'maximum'); r.bool(first + 6, 'exclusiveMaximum'); r.dbl(first + 7, 'minimum');
  r.bool(first + 8, 'exclusiveMinimum'); r.int(first + 9, 'maxLength'); r.int(first + 10, 'minLength'); r.str(first + 11, 'pattern');
  r.int(first + 12, 'maxItems'); r.int(first + 13, 'minItems'); r.bool(first + 14, 'uniqueItems'); r.anys(first + 15, 'enum'); r.dbl(first + 16, 'multipleOf');
};

function nonBody(m: WireMessage): Json {
  const head = (r: Reader): void => { r.bool(1, 'required'); r.str(2, 'in'); r.str(3, 'description'); r.str(4, 'name'); };
  const query = (p: WireMessage): Json => obj(p, (r) => { head(r); r.bool(5, 'allowEmptyValue'); primitive(r, 6); r.ext(23); });
  const path = (p: WireMessage): Json => obj(p, (r) => { head(r); primitive(r, 5); r.ext(22); });
  for (const [no, f] of [[1, path], [2, query], [3, query], [4, path]] as const) if (m.has(no)) return f(readWire(bytesOf(last(m, no))));
  throw new TypeError('Cannot decode NonBodyParameter: no oneof field is set');
}

function parameter(m: WireMessage): Json {
  if (m.has(1)) return obj(readWire(bytesOf(last(m, 1))), (r) => { r.str(1, 'description'); r.str(2, 'name'); r.str(3, 'in'); r.bool(4, 'required'); r.msg(5, 'schema', schema); r.ext(6); });
  return nonBody(readWire(bytesOf(last(m, 2))));
}

const jsonReference = (m: WireMessage): Json => obj(m, (r) => { r.str(1, '$ref'); r.str(2, 'description'); });
const parametersItem = (m: WireMessage): Json => (m.has(2) ? jsonReference(readWire(bytesOf(last(m, 2)))) : parameter(readWire(bytesOf(last(m, 1)))));

function response(m: WireMessage): Json {
  return obj(m, (r) => {
    r.str(1, 'description');
    r.msg(2, 'schema', (s) => (s.has(1) ? schema(readWire(bytesOf(last(s, 1)))) : obj(readWire(bytesOf(last(s, 2))), (x) => { x.str(6, 'type'); x.str(3, 'description'); })));
    r.msg(3, 'headers', namedMap((h) => obj(h, (x) => { primitive(x, 1); x.str(18, 'description'); x.ext(19); })));
    r.msg(4, 'examples', (e) => obj(e, (x) => x.ext(1)));
    r.ext(5);
  });
}

function responses(m: WireMessage): Json {
  const o: Json = {};
  for (const x of all(m, 1)) {
    const [code, value] = named(readWire(bytesOf(x)), (v) => (v.has(2) ? jsonReference(readWire(bytesOf(last(v, 2)))) : response(readWire(bytesOf(last(v, 1))))));
    o[code] = value;
  }
  return Object.assign(o, obj(m, (r) => r.ext(2)));
}

function operation(m: WireMessage): Json {
  return obj(m, (r) => {
    r.strs(1, 'tags'); r.str(2, 'summary'); r.str(3, 'description'); r.str(5, 'operationId'); r.strs(6, 'produces'); r.strs(7, 'consumes');
    r.msgs(8, 'parameters', parametersItem); r.msg(9, 'responses', responses); r.strs(10, 'schemes'); r.bool(11, 'deprecated');
    r.msgs(12, 'security', securityRequirement); r.ext(13);
  });
}

function pathItem(m: WireMessage): Json {
  return obj(m, (r) => {
    r.str(1, '$ref');
    for (const [no, k] of [[2, 'get'], [3, 'put'], [4, 'post'], [5, 'delete'], [6, 'options'], [7, 'head'], [8, 'patch']] as const) r.msg(no, k, operation);
    r.msgs(9, 'parameters', parametersItem); r.ext(10);
  });
}

const securityRequirement = namedMap((a) => all(a, 1).map((x) => text.decode(bytesOf(x))));

function securityDefinition(m: WireMessage): Json {
  if (m.has(1)) return obj(readWire(bytesOf(last(m, 1))), (r) => { r.str(1, 'type'); r.str(2, 'description'); r.ext(3); });
  if (m.has(2)) return obj(readWire(bytesOf(last(m, 2))), (r) => { r.str(1, 'type'); r.str(2, 'name'); r.str(3, 'in'); r.str(4, 'description'); r.ext(5); });
  throw new TypeError('Cannot decode SecurityDefinitionsItem: only basic and apiKey are read by this test decoder');
}

/** Decodes gnostic openapi_v2.Document bytes back into swagger 2.0 JSON (the subset Skiff serves). */
export function decodeOpenApiV2Document(bytes: Uint8Array): Json {
  return obj(readWire(bytes), (r) => {
    r.str(1, 'swagger');
    r.msg(2, 'info', (m) => obj(m, (x) => { x.str(1, 'title'); x.str(2, 'version'); x.str(3, 'description'); x.ext(7); }));
    r.str(3, 'host'); r.str(4, 'basePath'); r.strs(5, 'schemes'); r.strs(6, 'consumes'); r.strs(7, 'produces');
    r.msg(8, 'paths', (m) => Object.assign(obj(m, (x) => x.ext(1)), Object.fromEntries(all(m, 2).map((x) => named(readWire(bytesOf(x)), pathItem)))));
    r.msg(9, 'definitions', namedMap(schema));
    r.msg(10, 'parameters', namedMap(parameter));
    r.msg(11, 'responses', namedMap(response));
    r.msgs(12, 'security', securityRequirement);
    r.msg(13, 'securityDefinitions', namedMap(securityDefinition));
    r.msgs(14, 'tags', (m) => obj(m, (x) => { x.str(1, 'name'); x.str(2, 'description'); x.ext(4); }));
    r.ext(16);
  });
}
