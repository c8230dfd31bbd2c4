// The protobuf form of a swagger 2.0 document: gnostic's openapi_v2.Document (openapiv2/OpenAPIv2.proto),
// what kubectl asks /openapi/v2 for. Written field by field over protobufjs' wire Writer, in field-number
// order as Go's proto.Marshal writes them; vendor extensions are NamedAny { name, Any { yaml } }.
import protobuf from 'protobufjs';

type Writer = protobuf.Writer;
type Json = Readonly<Record<string, unknown>>;
/** Writes the fields of one message (without its tag and length) from a JSON value. */
type Body = (w: Writer, v: Json) => void;

/**
 * How one JSON key becomes a protobuf field. Scalars follow proto3: empty strings, false and 0 are not
 * written. `msg` / `msgs` nest one / repeated messages; `named` writes an object as repeated Named* pairs
 * ({ name = 1, value = 2 }) in key order; `ext` collects the object's `x-` keys as NamedAny.
 */
type ScalarCodec = 'string' | 'bool' | 'double' | 'int64' | 'strings' | 'any' | 'anys' | 'ext';
type Codec = ScalarCodec | { readonly msg: Body } | { readonly msgs: Body } | { readonly named: Body };

/** One field: the JSON key it reads ('' for `ext`, which reads the whole object), its number and codec. */
type Field = readonly [key: string, no: number, codec: Codec];

const varint = 0;
const fixed64 = 1;
const delimited = 2;

const isJson = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
const tag = (no: number, wire: number): number => ((no << 3) | wire) >>> 0;

/** The `yaml` of an Any. JSON is YAML, and the Go side (yaml.v2) reads it back to the same value. */
export function anyYaml(v: unknown): string {
  return `${JSON.stringify(v)}\n`;
}

function nested(w: Writer, no: number, body: Body, v: Json): void {
  w.uint32(tag(no, delimited)).fork();
  body(w, v);
  w.ldelim();
}

function writeAny(w: Writer, no: number, v: unknown): void {
  w.uint32(tag(no, delimited)).fork().uint32(tag(2, delimited)).string(anyYaml(v)).ldelim();
}

function writeNamedAny(w: Writer, no: number, name: string, v: unknown): void {
  w.uint32(tag(no, delimited)).fork().uint32(tag(1, delimited)).string(name);
  writeAny(w, 2, v);
  w.ldelim();
}

function writeNamed(w: Writer, no: number, name: string, body: Body, v: Json): void {
  w.uint32(tag(no, delimited)).fork();
  if (name !== '') w.uint32(tag(1, delimited)).string(name);
  nested(w, 2, body, v);
  w.ldelim();
}

/** Writes `v`'s `x-` keys as repeated NamedAny field `no`. */
function writeExtensions(w: Writer, no: number, v: Json): void {
  for (const k in v) if (k.startsWith('x-')) writeNamedAny(w, no, k, v[k]);
}

function writeScalar(w: Writer, no: number, codec: ScalarCodec, v: unknown, parent: Json): void {
  switch (codec) {
    case 'string': if (typeof v === 'string' && v !== '') w.uint32(tag(no, delimited)).string(v); return;
    case 'bool': if (v === true) w.uint32(tag(no, varint)).bool(true); return;
    case 'double': if (typeof v === 'number' && v !== 0) w.uint32(tag(no, fixed64)).double(v); return;
    case 'int64': if (typeof v === 'number' && v !== 0 && Number.isInteger(v)) w.uint32(tag(no, varint)).int64(v); return;
    case 'strings': if (Array.isArray(v)) for (const s of v) if (typeof s === 'string') w.uint32(tag(no, delimited)).string(s); return;
    case 'any': if (v !== undefined) writeAny(w, no, v); return;
    case 'anys': if (Array.isArray(v)) for (const x of v) writeAny(w, no, x); return;
    case 'ext': writeExtensions(w, no, parent); return;
    default: {
      const never: never = codec;
      throw new TypeError(`Cannot encode field ${no}: unknown codec ${String(never)}`);
    }
  }
}

function writeField(w: Writer, no: number, codec: Codec, v: unknown, parent: Json): void {
  if (typeof codec === 'string') writeScalar(w, no, codec, v, parent);
  else if ('msg' in codec) {
    if (isJson(v)) nested(w, no, codec.msg, v);
  } else if ('msgs' in codec) {
    if (Array.isArray(v)) for (const x of v) if (isJson(x)) nested(w, no, codec.msgs, x);
  } else if (isJson(v)) {
    for (const k in v) {
      const x = v[k];
      if (isJson(x)) writeNamed(w, no, k, codec.named, x);
    }
  }
}

/** A message whose fields map one-to-one onto JSON keys; `fields` must be in field-number order. */
function message(fields: () => readonly Field[]): Body {
  let resolved: readonly Field[] | undefined;
  return (w, v) => {
    resolved ??= fields();
    for (const [key, no, codec] of resolved) writeField(w, no, codec, key === '' ? undefined : v[key], v);
  };
}

/** Wraps a JSON value that is not an object (a list, a boolean) so a Body can take it. */
const boxed = (value: unknown): Json => ({ value });

// ---- The oneof wrappers and the messages whose JSON shape differs from their protobuf shape ----

/** Paths: `x-` keys as vendor_extension = 1, every other key a NamedPathItem in path = 2. */
const paths: Body = (w, v) => {
  writeExtensions(w, 1, v);
  for (const k in v) {
    const item = v[k];
    if (!k.startsWith('x-') && isJson(item)) writeNamed(w, 2, k, pathItem, item);
  }
};

/** Responses: status codes (and `default`) as NamedResponseValue = 1, `x-` keys as vendor_extension = 2. */
const responses: Body = (w, v) => {
  for (const k in v) {
    const r = v[k];
    if (!k.startsWith('x-') && isJson(r)) writeNamed(w, 1, k, responseValue, r);
  }
  writeExtensions(w, 2, v);
};

/** ResponseValue: a JsonReference (= 2) for `$ref`, else a Response (= 1). */
const responseValue: Body = (w, v) => (typeof v['$ref'] === 'string' ? nested(w, 2, jsonReference, v) : nested(w, 1, response, v));

/** ParametersItem: a JsonReference (= 2) for `$ref`, else a Parameter (= 1). */
const parametersItem: Body = (w, v) => (typeof v['$ref'] === 'string' ? nested(w, 2, jsonReference, v) : nested(w, 1, parameter, v));

/** Parameter: BodyParameter (= 1) for `in: body`, else NonBodyParameter (= 2). */
const parameter: Body = (w, v) => (v['in'] === 'body' ? nested(w, 1, bodyParameter, v) : nested(w, 2, nonBodyParameter, v));

/** NonBodyParameter: header = 1, formData = 2, query = 3, path = 4. */
const nonBodyParameter: Body = (w, v) => {
  switch (v['in']) {
    case 'header': return nested(w, 1, headerParameter, v);
    case 'formData': return nested(w, 2, formDataParameter, v);
    case 'path': return nested(w, 4, pathParameter, v);
    default: return nested(w, 3, queryParameter, v);
  }
};

/** SchemaItem: FileSchema (= 2) for `type: file`, else Schema (= 1). */
const schemaItem: Body = (w, v) => (v['type'] === 'file' ? nested(w, 2, fileSchema, v) : nested(w, 1, schema, v));

const additionalSchema: Body = (w, v) => nested(w, 1, schema, v);

/** AdditionalPropertiesItem: a Schema (= 1) or a boolean (= 2, written even when false). */
function writeAdditionalProperties(w: Writer, no: number, v: unknown): void {
  if (typeof v === 'boolean') w.uint32(tag(no, delimited)).fork().uint32(tag(2, varint)).bool(v).ldelim();
  else if (isJson(v)) nested(w, no, additionalSchema, v);
}

/** Schema: the generic fields, with `type` (TypeItem), `items` (ItemsItem) and `additionalProperties` shaped here. */
const schemaFields = message(() => [
  ['$ref', 1, 'string'], ['format', 2, 'string'], ['title', 3, 'string'], ['description', 4, 'string'], ['default', 5, 'any'],
  ['multipleOf', 6, 'double'], ['maximum', 7, 'double'], ['exclusiveMaximum', 8, 'bool'], ['minimum', 9, 'double'], ['exclusiveMinimum', 10, 'bool'],
  ['maxLength', 11, 'int64'], ['minLength', 12, 'int64'], ['pattern', 13, 'string'], ['maxItems', 14, 'int64'], ['minItems', 15, 'int64'],
  ['uniqueItems', 16, 'bool'], ['maxProperties', 17, 'int64'], ['minProperties', 18, 'int64'], ['required', 19, 'strings'], ['enum', 20, 'anys'],
]);
const schemaTail = message(() => [
  ['allOf', 24, { msgs: schema }], ['properties', 25, { msg: properties }], ['discriminator', 26, 'string'], ['readOnly', 27, 'bool'],
  ['xml', 28, { msg: xml }], ['externalDocs', 29, { msg: externalDocs }], ['example', 30, 'any'], ['', 31, 'ext'],
]);

function schema(w: Writer, v: Json): void {
  schemaFields(w, v);
  writeAdditionalProperties(w, 21, v['additionalProperties']);
  const type = v['type'];
  const types = typeof type === 'string' ? [type] : Array.isArray(type) ? type : undefined;
  if (types) nested(w, 22, typeItem, boxed(types));
  const items = v['items'];
  if (isJson(items)) nested(w, 23, itemsItem, boxed([items]));
  else if (Array.isArray(items)) nested(w, 23, itemsItem, boxed(items));
  schemaTail(w, v);
}

const typeItem = message(() => [['value', 1, 'strings']]);
const itemsItem = message(() => [['value', 1, { msgs: schema }]]);
const properties: Body = (w, v) => writeField(w, 1, { named: schema }, v, v);
const jsonReference = message(() => [['$ref', 1, 'string'], ['description', 2, 'string']]);
const externalDocs = message(() => [['description', 1, 'string'], ['url', 2, 'string'], ['', 3, 'ext']]);
const xml = message(() => [['name', 1, 'string'], ['namespace', 2, 'string'], ['prefix', 3, 'string'], ['attribute', 4, 'bool'], ['wrapped', 5, 'bool'], ['', 6, 'ext']]);
const fileSchema = message(() => [
  ['format', 1, 'string'], ['title', 2, 'string'], ['description', 3, 'string'], ['default', 4, 'any'], ['required', 5, 'strings'], ['type', 6, 'string'],
  ['readOnly', 7, 'bool'], ['externalDocs', 8, { msg: externalDocs }], ['example', 9, 'any'], ['', 10, 'ext'],
]);

/**
 * The primitive-parameter fields shared by PrimitivesItems, Header and the non-body parameter messages,
 * from `type` on: their numbers differ only by where the list starts.
 */
function primitiveFields(first: number): Field[] {
  const keys: [string, Codec][] = [
    ['type', 'string'], ['format', 'string'], ['items', { msg: primitivesItems }], ['collectionFormat', 'string'], ['default', 'any'],
    ['maximum', 'double'], ['exclusiveMaximum', 'bool'], ['minimum', 'double'], ['exclusiveMinimum', 'bool'], ['maxLength', 'int64'],
    ['minLength', 'int64'], ['pattern', 'string'], ['maxItems', 'int64'], ['minItems', 'int64'], ['uniqueItems', 'bool'], ['enum', 'anys'], ['multipleOf', 'double'],
  ];
  return keys.map(([k, c], i) => [k, first + i, c]);
}

const primitivesItems: Body = message(() => [...primitiveFields(1), ['', 18, 'ext']]);
const header = message(() => [...primitiveFields(1), ['description', 18, 'string'], ['', 19, 'ext']]);
const parameterHead: Field[] = [['required', 1, 'bool'], ['in', 2, 'string'], ['description', 3, 'string'], ['name', 4, 'string']];
/** Query and formData parameters carry allowEmptyValue (= 5), so their primitive fields start at 6. */
const queryParameter = message(() => [...parameterHead, ['allowEmptyValue', 5, 'bool'], ...primitiveFields(6), ['', 23, 'ext']]);
const formDataParameter = queryParameter;
const pathParameter = message(() => [...parameterHead, ...primitiveFields(5), ['', 22, 'ext']]);
const headerParameter = pathParameter;
const bodyParameter = message(() => [
  ['description', 1, 'string'], ['name', 2, 'string'], ['in', 3, 'string'], ['required', 4, 'bool'], ['schema', 5, { msg: schema }], ['', 6, 'ext'],
]);

const response = message(() => [
  ['description', 1, 'string'], ['schema', 2, { msg: schemaItem }], ['headers', 3, { msg: headers }], ['examples', 4, { msg: examples }], ['', 5, 'ext'],
]);
const headers: Body = (w, v) => writeField(w, 1, { named: header }, v, v);
const examples: Body = (w, v) => { for (const k in v) writeNamedAny(w, 1, k, v[k]); };

const operation = message(() => [
  ['tags', 1, 'strings'], ['summary', 2, 'string'], ['description', 3, 'string'], ['externalDocs', 4, { msg: externalDocs }],
  ['operationId', 5, 'string'], ['produces', 6, 'strings'], ['consumes', 7, 'strings'], ['parameters', 8, { msgs: parametersItem }],
  ['responses', 9, { msg: responses }], ['schemes', 10, 'strings'], ['deprecated', 11, 'bool'], ['security', 12, { msgs: securityRequirement }], ['', 13, 'ext'],
]);
const pathItem: Body = message(() => [
  ['$ref', 1, 'string'], ['get', 2, { msg: operation }], ['put', 3, { msg: operation }], ['post', 4, { msg: operation }],
  ['delete', 5, { msg: operation }], ['options', 6, { msg: operation }], ['head', 7, { msg: operation }], ['patch', 8, { msg: operation }],
  ['parameters', 9, { msgs: parametersItem }], ['', 10, 'ext'],
]);

/** SecurityRequirement: `{ name: [scopes] }` as NamedStringArray { name, StringArray { value } }. */
const securityRequirement: Body = (w, v) => {
  for (const k in v) {
    const scopes = v[k];
    if (Array.isArray(scopes)) writeNamed(w, 1, k, stringArray, boxed(scopes));
  }
};
const stringArray = message(() => [['value', 1, 'strings']]);
const namedString = message(() => [['name', 1, 'string'], ['value', 2, 'string']]);
const oauth2Scopes: Body = (w, v) => {
  for (const k in v) {
    const s = v[k];
    if (typeof s === 'string') nested(w, 1, namedString, { name: k, value: s });
  }
};

const basicSecurity = message(() => [['type', 1, 'string'], ['description', 2, 'string'], ['', 3, 'ext']]);
const apiKeySecurity = message(() => [['type', 1, 'string'], ['name', 2, 'string'], ['in', 3, 'string'], ['description', 4, 'string'], ['', 5, 'ext']]);
const oauth2Head: Field[] = [['type', 1, 'string'], ['flow', 2, 'string'], ['scopes', 3, { msg: oauth2Scopes }]];
const oauth2Implicit = message(() => [...oauth2Head, ['authorizationUrl', 4, 'string'], ['description', 5, 'string'], ['', 6, 'ext']]);
const oauth2Password = message(() => [...oauth2Head, ['tokenUrl', 4, 'string'], ['description', 5, 'string'], ['', 6, 'ext']]);
const oauth2AccessCode = message(() => [...oauth2Head, ['authorizationUrl', 4, 'string'], ['tokenUrl', 5, 'string'], ['description', 6, 'string'], ['', 7, 'ext']]);

/** SecurityDefinitionsItem: basic = 1, apiKey = 2, oauth2 implicit = 3, password = 4, application = 5, accessCode = 6. */
const securityDefinitionsItem: Body = (w, v) => {
  if (v['type'] === 'basic') return nested(w, 1, basicSecurity, v);
  if (v['type'] === 'apiKey') return nested(w, 2, apiKeySecurity, v);
  switch (v['flow']) {
    case 'implicit': return nested(w, 3, oauth2Implicit, v);
    case 'password': return nested(w, 4, oauth2Password, v);
    case 'application': return nested(w, 5, oauth2Password, v);
    default: return nested(w, 6, oauth2AccessCode, v);
  }
};

const namedMap = (body: Body): Body => (w, v) => writeField(w, 1, { named: body }, v, v);
const contact = message(() => [['name', 1, 'string'], ['url', 2, 'string'], ['email', 3, 'string'], ['', 4, 'ext']]);
const license = message(() => [['name', 1, 'string'], ['url', 2, 'string'], ['', 3, 'ext']]);
const info = message(() => [
  ['title', 1, 'string'], ['version', 2, 'string'], ['description', 3, 'string'], ['termsOfService', 4, 'string'],
  ['contact', 5, { msg: contact }], ['license', 6, { msg: license }], ['', 7, 'ext'],
]);
const tagMessage = message(() => [['name', 1, 'string'], ['description', 2, 'string'], ['externalDocs', 3, { msg: externalDocs }], ['', 4, 'ext']]);

const document = message(() => [
  ['swagger', 1, 'string'], ['info', 2, { msg: info }], ['host', 3, 'string'], ['basePath', 4, 'string'], ['schemes', 5, 'strings'],
  ['consumes', 6, 'strings'], ['produces', 7, 'strings'], ['paths', 8, { msg: paths }], ['definitions', 9, { msg: namedMap(schema) }],
  ['parameters', 10, { msg: namedMap(parameter) }], ['responses', 11, { msg: namedMap(response) }], ['security', 12, { msgs: securityRequirement }],
  ['securityDefinitions', 13, { msg: namedMap(securityDefinitionsItem) }], ['tags', 14, { msgs: tagMessage }], ['externalDocs', 15, { msg: externalDocs }],
  ['', 16, 'ext'],
]);

/**
 * Encodes a swagger 2.0 document (as served in JSON) as gnostic's openapi_v2.Document. Keys the gnostic
 * model has no field for are left out (as gnostic's own compiler would reject them); `x-` keys become
 * vendor extensions wherever the model has them. Does not mutate `doc`.
 */
export function encodeOpenApiV2Document(doc: Json): Uint8Array {
  const w = protobuf.Writer.create();
  document(w, doc);
  return w.finish();
}
