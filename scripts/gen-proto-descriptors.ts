// Development-time generator: parses upstream generated.proto files (kubernetes/api, kubernetes/apimachinery
// mirrors) plus the Go struct tags beside them, and writes src/apiserver/codec/protobuf/descriptors.json
// (committed; CI never regenerates it). Run: node dist/scripts/gen-proto-descriptors.js [apiRef] [machineryRef]
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const out = resolve(repo, 'src/apiserver/codec/protobuf/descriptors.json');
const mirrors = process.env['SKIFF_MIRROR'] ?? '/work/.mirror';
const apiRef = process.argv[2] ?? 'v0.36.3';
const machineryRef = process.argv[3] ?? 'v0.36.3';

interface Source { gitDir: string; ref: string; dir: string; importPath: string }

const apiGroups = [
  'core/v1', 'apps/v1', 'batch/v1', 'autoscaling/v1', 'autoscaling/v2', 'storage/v1', 'coordination/v1', 'discovery/v1',
  'events/v1', 'rbac/v1', 'policy/v1', 'networking/v1', 'scheduling/v1', 'authorization/v1', 'authentication/v1', 'certificates/v1',
];
const machineryPkgs = ['pkg/apis/meta/v1', 'pkg/runtime', 'pkg/runtime/schema', 'pkg/api/resource', 'pkg/util/intstr'];

const sources: Source[] = [
  ...machineryPkgs.map((dir) => ({ gitDir: `${mirrors}/kubernetes+apimachinery/repo`, ref: machineryRef, dir, importPath: `k8s.io/apimachinery/${dir}` })),
  ...apiGroups.map((dir) => ({ gitDir: `${mirrors}/kubernetes+api/repo`, ref: apiRef, dir, importPath: `k8s.io/api/${dir}` })),
];

function git(src: Source, ...args: string[]): string {
  return execFileSync('git', [`--git-dir=${src.gitDir}`, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
}

/**
 * Go JSON facts protobuf cannot express, per proto field name:
 * 'z' = zero values are meaningful (pointer, or no omitempty); 'i' = the struct is inlined into its parent;
 * '=name' = the JSON name differs from the proto name.
 */
type GoFacts = Record<string, Record<string, string>>;

function goFacts(src: Source, pkg: string, facts: GoFacts, wrappers: Set<string>): void {
  const files = git(src, 'ls-tree', '--name-only', `${src.ref}:${src.dir}`).split('\n')
    .filter((f) => f.endsWith('.go') && !f.endsWith('_test.go') && !f.startsWith('zz_generated') && !f.endsWith('.pb.go'));
  for (const file of files) {
    const text = git(src, 'show', `${src.ref}:${src.dir}/${file}`);
    for (const m of text.matchAll(/^type (\w+) \[\](\w+)\s*$/gm)) wrappers.add(`${pkg}.${m[1]}`);
    for (const m of text.matchAll(/^type (\w+) struct \{\n([\s\S]*?)\n\}/gm)) {
      const fields: Record<string, string> = {};
      for (const line of m[2]!.split('\n')) {
        const f = /^\t(?:(\w+)\s+)?([^\s`]+)\s+`([^`]*)`/.exec(line);
        if (!f) continue;
        const protoTag = /protobuf:"([^"]*)"/.exec(f[3]!)?.[1];
        // An embedded struct without name= takes its Go type name, first letter lowered (EphemeralContainerCommon).
        const typeName = f[2]!.replace(/^\*/, '').replace(/^\w+\./, '');
        const proto = protoTag === undefined ? undefined : /name=(\w+)/.exec(protoTag)?.[1] ?? (f[1] === undefined ? typeName.charAt(0).toLowerCase() + typeName.slice(1) : undefined);
        const json = /json:"([^"]*)"/.exec(f[3]!)?.[1];
        if (!proto || json === undefined) continue;
        const [jsonName = '', ...opts] = json.split(',');
        let flags = '';
        if (f[2]!.startsWith('*') || !opts.includes('omitempty')) flags += 'z';
        if (f[1] === undefined && (jsonName === '' || opts.includes('inline'))) flags += 'i';
        else if (jsonName !== '' && jsonName !== proto) flags += `=${jsonName}`;
        if (flags) fields[proto] = flags;
      }
      if (Object.keys(fields).length > 0) facts[`${pkg}.${m[1]}`] = fields;
    }
  }
}

/** Drops comments, options and empty members so the committed table stays small. */
function strip(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(strip);
  if (node === null || typeof node !== 'object') return node;
  const outNode: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === 'comment' || k === 'options' || k === 'comments' || k === 'parsedOptions') continue;
    if (k === 'rule' && v === 'optional') continue;
    outNode[k] = strip(v);
  }
  return outNode;
}

function main(): void {
  const root = new protobuf.Root();
  const facts: GoFacts = {};
  const wrappers = new Set<string>();
  for (const src of sources) {
    const text = git(src, 'show', `${src.ref}:${src.dir}/generated.proto`);
    const parsed = protobuf.parse(text, root, { keepCase: true, alternateCommentMode: false });
    if (!parsed.package) throw new Error(`Cannot find the package of ${src.importPath}/generated.proto`);
    goFacts(src, parsed.package, facts, wrappers);
  }
  root.resolveAll();
  // Keep only wrappers that really are messages of one repeated field (Go `type X []string`).
  const listWrappers = [...wrappers].filter((name) => {
    const t = root.lookup(name);
    return t instanceof protobuf.Type && t.fieldsArray.length === 1 && t.fieldsArray[0]!.repeated;
  }).sort();
  const descriptors = { root: strip(root.toJSON()), go: facts, listWrappers };
  writeFileSync(out, `${JSON.stringify(descriptors)}\n`);
  console.log(`wrote ${out} (${Object.keys(facts).length} annotated messages, ${listWrappers.length} list wrappers)`);
}

main();
