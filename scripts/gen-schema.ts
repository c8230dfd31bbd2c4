// Development-time generator: derives OpenAPI v2-style definitions for every served kind from the models of
// @kubernetes/client-node (attributeTypeMap + doc comments; kubernetes-types fills the descriptions client-node
// drops beside refs), renames them to upstream definition names and merges the upstream extension tables. Writes src/api/schema/definitions.json (committed; CI never runs this).
// Run: npx tsc -p tsconfig.json && node dist/scripts/gen-schema.js
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { resources } from '../src/api/kinds.js';
import { snapshotDefinitions } from '../src/api/schema/snapshot-definitions.js';

/** Kinds whose definitions are written by hand and layered over the generated ones. */
const handWritten = new Set(Object.values(snapshotDefinitions).flatMap((d) => (d['x-kubernetes-group-version-kind'] ?? []).map((g) => `${g.group}/${g.version}/${g.kind}`)));
import { fieldExtensions, typeExtensions } from '../src/api/schema/patch-extensions.js';
import { proposedDefinitions, proposedFields } from '../src/api/schema/proposed-fields.js';
import { fieldRefs, modelPackages } from '../src/api/schema/upstream-names.js';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const models = join(repo, 'node_modules/@kubernetes/client-node/dist/gen/models');

interface Attr { name: string; baseName: string; type: string; format: string }
interface Gvk { group: string; version: string; kind: string }
type Schema = Record<string, unknown>;

const meta = 'io.k8s.apimachinery.pkg.apis.meta.v1';
const quantity = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
const intOrString = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';
const apiextensionsV1 = 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1';

/** Named scalar and opaque types that client-node flattens; descriptions are ours. */
const scalarDefinitions: Record<string, Schema> = {
  [quantity]: { type: 'string', description: 'A fixed-point number with an optional SI or binary suffix, such as "500m", "1.5", "128Mi" or "2G". Serialized as a string.' },
  [intOrString]: { type: 'string', format: 'int-or-string', description: 'A value that holds either an integer or a string, such as a port number or a port name, or "25%".' },
  [`${meta}.Time`]: { type: 'string', format: 'date-time', description: 'A timestamp serialized in RFC 3339 form with second precision.' },
  [`${meta}.MicroTime`]: { type: 'string', format: 'date-time', description: 'A timestamp serialized in RFC 3339 form with microsecond precision.' },
  'io.k8s.apimachinery.pkg.runtime.RawExtension': { type: 'object', description: 'An embedded object of any kind, stored as it was received.' },
  [`${meta}.FieldsV1`]: { type: 'object', description: 'The set of fields a manager owns, in the "FieldsV1" trie format: keys such as "f:<name>", "k:<keys>", "v:<value>" and "i:<index>".' },
  // apiextensions' any-JSON values: typeless, as upstream publishes them (a default, an enum value, items that are a
  // schema or a list of schemas, additionalProperties that are a schema or a boolean).
  [`${apiextensionsV1}.JSON`]: { description: 'JSON represents any valid JSON value. These types are supported: bool, int64, float64, string, []interface{}, map[string]interface{} and nil.', 'x-kubernetes-preserve-unknown-fields': true },
  [`${apiextensionsV1}.JSONSchemaPropsOrArray`]: { description: 'JSONSchemaPropsOrArray represents a value that can either be a JSONSchemaProps or an array of JSONSchemaProps. Mainly here for serialization purposes.', 'x-kubernetes-preserve-unknown-fields': true },
  [`${apiextensionsV1}.JSONSchemaPropsOrBool`]: { description: 'JSONSchemaPropsOrBool represents JSONSchemaProps or a boolean value. Defaults to true for the boolean property.', 'x-kubernetes-preserve-unknown-fields': true },
  [`${apiextensionsV1}.JSONSchemaPropsOrStringArray`]: { description: 'JSONSchemaPropsOrStringArray represents a JSONSchemaProps or a string array.', 'x-kubernetes-preserve-unknown-fields': true },
};

/** Where client-node class names carry a group prefix (CoreV1Event), the prefix names the Go package. */
function packageOf(prefix: string | undefined, version: string, type: string): string {
  if (prefix) {
    // kube-aggregator's and apiextensions' packages live outside io.k8s.api (ApiregistrationV1ServiceReference).
    const outside = Object.keys(modelPackages).find((p) => !p.startsWith('io.k8s.api.') && p.endsWith(`.${prefix.toLowerCase()}.${version}`) && (modelPackages[p] ?? '').split(' ').includes(type));
    return outside ?? `io.k8s.api.${prefix.toLowerCase()}.${version}`;
  }
  const hits = Object.keys(modelPackages).filter((p) => p.endsWith(`.${version}`) && (modelPackages[p] ?? '').split(' ').includes(type));
  // The meta package wins ties: apimachinery types are shared by every group.
  const pick = hits.find((p) => p.startsWith(meta)) ?? hits[0];
  if (hits.length > 1 && !hits.some((p) => p.startsWith(meta))) process.stderr.write(`warning: ${version}.${type} is in ${hits.join(', ')}; using ${pick ?? ''}\n`);
  if (!pick) throw new Error(`Cannot find the upstream package of "${version} ${type}": add it to src/api/schema/upstream-names.ts`);
  return pick;
}

/** `V1PodSpec` → `io.k8s.api.core.v1.PodSpec`; `EventsV1Event` → `io.k8s.api.events.v1.Event`. */
function definitionNameForClass(cls: string): string {
  const m = /^([A-Z][a-z]+)?(V\d+(?:alpha\d+|beta\d+)?)([A-Z]\w*)$/.exec(cls);
  if (!m?.[2] || !m[3]) throw new Error(`Cannot parse client-node model name "${cls}"`);
  return `${packageOf(m[1], m[2].toLowerCase(), m[3])}.${m[3]}`;
}

/** The client-node class of a kind: the group-qualified name where upstream names collide (CoreV1Event). */
function classForKind(gvk: Gvk): string {
  const upper = (w: string): string => w.charAt(0).toUpperCase() + w.slice(1);
  const v = upper(gvk.version);
  const dir = gvk.group === '' ? 'core' : gvk.group.split('.')[0] ?? gvk.group;
  const qualified = `${upper(dir)}${v}${gvk.kind}`;
  for (const c of [qualified, `${v}${gvk.kind}`]) if (existsSync(join(models, `${c}.js`))) return c;
  throw new Error(`Cannot find a client-node model for ${gvk.group}/${gvk.version} ${gvk.kind}`);
}

const unescape = (s: string): string => s.replace(/\\(['"\\])/g, '$1');

function docs(cls: string): { description: string; props: Map<string, string>; required: string[] } {
  const text = readFileSync(join(models, `${cls}.d.ts`), 'utf8');
  const clean = (c: string): string => unescape(c.split('\n').map((l) => l.replace(/^\s*\*\s?/, '').trim()).filter((l) => l !== '').join(' ').trim());
  const classDoc = /\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*export declare class/.exec(text);
  const props = new Map<string, string>();
  const required: string[] = [];
  for (const m of text.matchAll(/(?:\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*)?'([^']+)'(\??):/g)) {
    if (!m[2]) continue;
    if (m[1]) props.set(m[2], clean(m[1]));
    if (m[3] !== '?') required.push(m[2]);
  }
  return { description: classDoc?.[1] ? clean(classDoc[1]) : '', props, required };
}

/** kubernetes-types file of a definition package: `io.k8s.api.core.v1` → core/v1.d.ts. */
function typesFileOf(pkg: string): string | undefined {
  const m = /^io\.k8s\.api\.(\w+)\.(\w+)$/.exec(pkg);
  if (m) return `${m[1]}/${m[2]}.d.ts`;
  return pkg === meta ? 'meta/v1.d.ts' : undefined;
}

const typesDocs = new Map<string, Map<string, { description: string; props: Map<string, string> }>>();

/** Doc comments of kubernetes-types interfaces in one file, by type name. */
function typesDocsOf(file: string): Map<string, { description: string; props: Map<string, string> }> {
  let out = typesDocs.get(file);
  if (out) return out;
  out = new Map();
  const path = join(repo, 'node_modules/kubernetes-types', file);
  const text = existsSync(path) ? readFileSync(path, 'utf8') : '';
  const clean = (c: string): string => c.split('\n').map((l) => l.replace(/^\s*\*\s?/, '').trim()).filter((l) => l !== '').join(' ').trim();
  for (const m of text.matchAll(/(?:\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*)?export interface (\w+) \{([\s\S]*?)\n\}/g)) {
    if (!m[2] || m[3] === undefined) continue;
    const props = new Map<string, string>();
    for (const p of m[3].matchAll(/\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*(?:readonly )?(\w+)\??:/g)) if (p[1] && p[2]) props.set(p[2], clean(p[1]));
    out.set(m[2], { description: m[1] ? clean(m[1]) : '', props });
  }
  typesDocs.set(file, out);
  return out;
}

function fallbackDocs(name: string): { description: string; props: Map<string, string> } | undefined {
  const dot = name.lastIndexOf('.');
  const file = typesFileOf(name.slice(0, dot));
  return file === undefined ? undefined : typesDocsOf(file).get(name.slice(dot + 1));
}

const definitions: Record<string, Schema> = {};
const pending: string[] = [];
const refTo = (name: string): Schema => ({ $ref: `#/definitions/${name}` });

/** Schema of a client-node type expression; `leaf` (from fieldRefs) replaces the innermost scalar. */
function typeSchema(t: string, format: string, leaf: string | undefined): Schema {
  let m: RegExpExecArray | null;
  if ((m = /^Array<(.+)>$/.exec(t)) && m[1]) return { type: 'array', items: typeSchema(m[1], '', leaf) };
  if ((m = /^\{ \[key: string\]: (.+); \}$/.exec(t)) && m[1]) return { type: 'object', additionalProperties: typeSchema(m[1], '', leaf) };
  if (leaf === 'byte') return { type: 'string', format: 'byte' };
  if (leaf) return refTo(leaf);
  switch (t) {
    case 'string': return format ? { type: 'string', format } : { type: 'string' };
    case 'number': return { type: format === 'double' || format === 'float' ? 'number' : 'integer', ...(format ? { format } : {}) };
    case 'boolean': return { type: 'boolean' };
    case 'Date': return refTo(`${meta}.Time`);
    case 'IntOrString': return refTo(intOrString);
    case 'any': return { type: 'object' };
    default:
      if (!existsSync(join(models, `${t}.js`))) throw new Error(`Cannot map client-node type "${t}"`);
      pending.push(t);
      return refTo(definitionNameForClass(t));
  }
}

async function define(cls: string): Promise<void> {
  const name = definitionNameForClass(cls);
  if (definitions[name]) return;
  const mod = await import(pathToFileURL(join(models, `${cls}.js`)).href) as Record<string, { attributeTypeMap?: Attr[] } | undefined>;
  const attrs = mod[cls]?.attributeTypeMap;
  if (!attrs) throw new Error(`Cannot read attributeTypeMap of "${cls}"`);
  const d = docs(cls);
  const fallback = fallbackDocs(name);
  const properties: Record<string, Schema> = {};
  for (const a of attrs) {
    // client-node writes a named scalar type's own description on fields of that type; prefer the field's.
    const own = d.props.get(a.name);
    const typeDoc = own !== undefined && /^(IntOrString|MicroTime|RawExtension|Quantity|FieldsV1) is /.test(own);
    const desc = typeDoc ? fallback?.props.get(a.baseName) ?? own : own ?? fallback?.props.get(a.baseName);
    const s = typeSchema(a.type, a.format, fieldRefs[name]?.[a.baseName]);
    properties[a.baseName] = { ...(desc ? { description: desc } : {}), ...s, ...(fieldExtensions[name]?.[a.baseName] ?? {}) };
  }
  const required = attrs.filter((a) => d.required.includes(a.name)).map((a) => a.baseName);
  definitions[name] = {
    type: 'object',
    description: d.description || (fallback?.description ?? ''),
    properties,
    ...(required.length ? { required } : {}),
    ...(typeExtensions[name] ?? {}),
  };
  Object.assign(properties, proposedFields[name] ?? {});
}

/** Kinds served as documents beyond the registry's resources (subresources, options, reviews). */
const extraKinds: Gvk[] = [
  { group: 'autoscaling', version: 'v1', kind: 'Scale' },
  { group: 'policy', version: 'v1', kind: 'Eviction' },
  { group: 'authentication.k8s.io', version: 'v1', kind: 'TokenRequest' },
  { group: 'authorization.k8s.io', version: 'v1', kind: 'SelfSubjectAccessReview' },
  { group: '', version: 'v1', kind: 'Binding' },
  { group: '', version: 'v1', kind: 'Status' },
  { group: '', version: 'v1', kind: 'APIResourceList' },
  { group: '', version: 'v1', kind: 'WatchEvent' },
];

async function main(): Promise<void> {
  const gvkOf = new Map<string, Gvk[]>();
  const add = (cls: string, gvk: Gvk): void => { gvkOf.set(cls, [...(gvkOf.get(cls) ?? []), gvk]); };
  const groupVersions = new Map<string, Gvk>();
  for (const r of resources) {
    if (handWritten.has(`${r.group}/${r.version}/${r.kind}`)) continue; // no client-node model (src/api/schema/snapshot-definitions.ts)
    const gvk = { group: r.group, version: r.version, kind: r.kind };
    add(classForKind(gvk), gvk);
    const list = { ...gvk, kind: `${r.kind}List` };
    if (r.verbs.includes('list')) add(classForKind(list), list);
    groupVersions.set(`${r.group}/${r.version}`, gvk);
  }
  for (const gvk of extraKinds) add(classForKind(gvk), gvk);
  // Upstream lists DeleteOptions under every group-version whose resources accept it.
  for (const gv of groupVersions.values()) add('V1DeleteOptions', { group: gv.group, version: gv.version, kind: 'DeleteOptions' });
  pending.push(...gvkOf.keys());
  for (let cls = pending.pop(); cls !== undefined; cls = pending.pop()) await define(cls);
  for (const [name, s] of Object.entries(scalarDefinitions)) definitions[name] = s;
  for (const [name, s] of Object.entries(proposedDefinitions)) definitions[name] = s;
  for (const [cls, gvks] of gvkOf) {
    const def = definitions[definitionNameForClass(cls)];
    if (def) def['x-kubernetes-group-version-kind'] = gvks;
  }
  const names = Object.keys(definitions).sort();
  const body = names.map((n) => `${JSON.stringify(n)}:${JSON.stringify(definitions[n])}`).join(',\n');
  writeFileSync(join(repo, 'src/api/schema/definitions.json'), `{\n${body}\n}\n`);
  process.stdout.write(`wrote ${names.length} definitions\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  process.exit(1);
});
