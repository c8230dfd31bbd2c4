// Development-time generator: derives OpenAPI definitions for every served kind from the type maps and
// doc comments of @kubernetes/client-node, merges our table of patch extensions, and writes
// src/api/schema/definitions.json (committed; CI never regenerates it).
// Run: node dist/scripts/gen-schema.js
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { resources } from '../src/api/kinds.js';
import { classForKind, definitionNameForClass } from '../src/api/schema/names.js';
import { patchExtensions } from '../src/api/schema/patch-extensions.js';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const models = join(repo, 'node_modules/@kubernetes/client-node/dist/gen/models');

interface Attr { name: string; baseName: string; type: string; format: string }
type Schema = Record<string, unknown>;

const definitions: Record<string, Schema> = {};
const pending: string[] = [];

function docs(cls: string): { description: string; props: Map<string, string>; required: string[] } {
  const text = readFileSync(join(models, `${cls}.d.ts`), 'utf8');
  const clean = (c: string): string => c.split('\n').map((l) => l.replace(/^\s*\*\s?/, '').trim()).filter((l) => l !== '/' && l !== '').join(' ').replace(/^\/\*\*?\s*/, '').replace(/\s*\*\/$/, '').trim();
  const classDoc = /\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*export declare class/.exec(text);
  const props = new Map<string, string>();
  const required: string[] = [];
  for (const m of text.matchAll(/(?:\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*)?'([^']+)'(\??):/g)) {
    if (m[1]) props.set(m[2]!, clean(m[1]));
    if (m[3] !== '?') required.push(m[2]!);
  }
  return { description: classDoc ? clean(classDoc[1]!) : '', props, required };
}

function typeSchema(t: string, format: string): Schema {
  let m: RegExpExecArray | null;
  if ((m = /^Array<(.+)>$/.exec(t))) return { type: 'array', items: typeSchema(m[1]!, '') };
  if ((m = /^\{ \[key: string\]: (.+); \}$/.exec(t))) return { type: 'object', additionalProperties: typeSchema(m[1]!, '') };
  switch (t) {
    case 'string': return format ? { type: 'string', format } : { type: 'string' };
    case 'number': return { type: format === 'double' ? 'number' : 'integer', ...(format ? { format } : {}) };
    case 'boolean': return { type: 'boolean' };
    case 'Date': return { type: 'string', format: 'date-time' };
    case 'IntOrString': return { type: 'string', format: 'int-or-string', 'x-kubernetes-int-or-string': true };
    case 'any': return { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
    default:
      if (!existsSync(join(models, `${t}.js`))) return { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
      pending.push(t);
      return { $ref: `#/definitions/${definitionNameForClass(t)}` };
  }
}

async function define(cls: string): Promise<void> {
  const name = definitionNameForClass(cls);
  if (definitions[name]) return;
  const mod = await import(pathToFileURL(join(models, `${cls}.js`)).href) as Record<string, { attributeTypeMap?: Attr[] }>;
  const attrs = mod[cls]?.attributeTypeMap ?? [];
  const d = docs(cls);
  const properties: Record<string, Schema> = {};
  const ext = patchExtensions[cls] ?? {};
  for (const a of attrs) {
    const s = typeSchema(a.type, a.format);
    const desc = d.props.get(a.name);
    properties[a.baseName] = { ...(desc ? { description: desc } : {}), ...s, ...(ext[a.baseName] ?? {}) };
  }
  const def: Schema = { type: 'object', description: d.description, properties };
  const req = d.required.filter((r) => attrs.some((a) => a.name === r)).map((r) => attrs.find((a) => a.name === r)!.baseName);
  if (req.length) def['required'] = req;
  definitions[name] = def;
}

async function main(): Promise<void> {
  const roots = new Set<string>(['V1Status', 'V1DeleteOptions', 'V1Scale', 'V1Eviction', 'AuthenticationV1TokenRequest', 'V1SelfSubjectAccessReview', 'V1SelfSubjectRulesReview', 'V1SelfSubjectReview']);
  const gvkOf = new Map<string, { group: string; version: string; kind: string }[]>();
  for (const r of resources) {
    const cls = classForKind(r.group, r.version, r.kind);
    if (!existsSync(join(models, `${cls}.js`))) throw new Error(`Cannot find a client-node model for ${r.group}/${r.version} ${r.kind} (tried ${cls})`);
    roots.add(cls);
    gvkOf.set(cls, [...(gvkOf.get(cls) ?? []), { group: r.group, version: r.version, kind: r.kind }]);
  }
  gvkOf.set('V1Scale', [{ group: 'autoscaling', version: 'v1', kind: 'Scale' }]);
  gvkOf.set('V1Status', [{ group: '', version: 'v1', kind: 'Status' }]);
  gvkOf.set('V1DeleteOptions', [{ group: '', version: 'v1', kind: 'DeleteOptions' }]);
  pending.push(...roots);
  while (pending.length) await define(pending.pop()!);
  for (const [cls, gvks] of gvkOf) definitions[definitionNameForClass(cls)]!['x-kubernetes-group-version-kind'] = gvks;
  const sorted = Object.fromEntries(Object.keys(definitions).sort().map((k) => [k, definitions[k]]));
  writeFileSync(join(repo, 'src/api/schema/definitions.json'), JSON.stringify(sorted) + '\n');
  process.stdout.write(`wrote ${Object.keys(sorted).length} definitions\n`);
}

main().catch((e: unknown) => { process.stderr.write(String(e instanceof Error ? e.stack : e) + '\n'); process.exit(1); });
