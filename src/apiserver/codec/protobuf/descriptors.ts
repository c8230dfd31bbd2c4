// The committed fact table (descriptors.json, written by scripts/gen-proto-descriptors.ts): upstream
// generated.proto messages as a protobufjs Root, plus the Go JSON facts protobuf cannot express.
import protobuf from 'protobufjs';
import descriptorsJson from './descriptors.json' with { type: 'json' };

/**
 * Per message full name (no leading dot), per proto field name: 'z' = keep zero values (Go pointer or
 * no omitempty), 'i' = inline the sub-object into its parent, '=name' = JSON name differs ('=-': never in JSON).
 */
export type GoFieldFacts = Readonly<Record<string, Readonly<Record<string, string>>>>;

interface DescriptorTable {
  readonly root: protobuf.INamespace;
  readonly go: GoFieldFacts;
  readonly listWrappers: readonly string[];
}

function isDescriptorTable(v: unknown): v is DescriptorTable {
  if (v === null || typeof v !== 'object') return false;
  const t: Record<string, unknown> = { ...v };
  return typeof t['root'] === 'object' && typeof t['go'] === 'object' && Array.isArray(t['listWrappers']);
}

export interface Descriptors {
  readonly root: protobuf.Root;
  readonly go: GoFieldFacts;
  /** Messages that are a Go `[]string` in disguise (ExtraValue, Verbs): JSON is the bare array. */
  readonly listWrappers: ReadonlySet<string>;
}

let loaded: Descriptors | undefined;

/** The table, built once on first use (Root.fromJSON takes a few milliseconds). */
export function descriptors(): Descriptors {
  if (loaded) return loaded;
  const table: unknown = descriptorsJson;
  if (!isDescriptorTable(table)) throw new TypeError('Cannot load protobuf descriptors: descriptors.json has an unexpected shape');
  loaded = { root: protobuf.Root.fromJSON(table.root), go: table.go, listWrappers: new Set(table.listWrappers) };
  return loaded;
}

/** Kinds apimachinery registers into every group version (metav1.AddToGroupVersion). */
const metaKinds = new Set(['Status', 'ListOptions', 'GetOptions', 'DeleteOptions', 'CreateOptions', 'UpdateOptions', 'PatchOptions']);

/**
 * The message for a top-level object of apiVersion+kind, or undefined when the type is not known. Only
 * messages with `metadata` count as kinds, so a body cannot name a sub-message such as "DeploymentSpec".
 */
export function messageForKind(apiVersion: string, kind: string): protobuf.Type | undefined {
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
  if (!/^[A-Za-z0-9]+$/.test(kind) || !/^[a-z0-9]+$/.test(version)) return undefined;
  const { root } = descriptors();
  const lookup = (name: string): protobuf.Type | undefined => {
    const found = root.lookup(name);
    return found instanceof protobuf.Type ? found : undefined;
  };
  if (metaKinds.has(kind) && version === 'v1') return lookup(`k8s.io.apimachinery.pkg.apis.meta.v1.${kind}`);
  // Built-in groups are one word ("apps") or end in ".k8s.io" ("rbac.authorization.k8s.io" → rbac).
  if (group.includes('.') && !group.endsWith('.k8s.io')) return undefined;
  const pkg = group === '' ? 'core' : group.split('.')[0];
  if (pkg === undefined || !/^[a-z0-9]+$/.test(pkg)) return undefined;
  const type = lookup(`k8s.io.api.${pkg}.${version}.${kind}`);
  return type?.fields['metadata'] ? type : undefined;
}
