// Go's omitempty for lists and maps in JSON objects of built-in kinds: upstream decodes every write into its Go
// type and encodes it again, so an emptied `ownerReferences: []` or `labels: {}` is gone from what it stores.
import protobuf from 'protobufjs';
import { descriptors, messageForKind } from './descriptors.js';

/** apimachinery messages with a JSON form of their own: their insides are not Go struct fields. */
const opaque = new Set([
  'k8s.io.apimachinery.pkg.apis.meta.v1.Time', 'k8s.io.apimachinery.pkg.apis.meta.v1.MicroTime', 'k8s.io.apimachinery.pkg.apis.meta.v1.Duration',
  'k8s.io.apimachinery.pkg.apis.meta.v1.FieldsV1', 'k8s.io.apimachinery.pkg.api.resource.Quantity', 'k8s.io.apimachinery.pkg.api.resource.QuantityValue',
  'k8s.io.apimachinery.pkg.util.intstr.IntOrString', 'k8s.io.apimachinery.pkg.runtime.RawExtension',
]);

type Json = Record<string, unknown>;
/** The message per apiVersion/kind (null: none, a custom resource). Bounded by the kinds clients write. */
const kinds = new Map<string, protobuf.Type | null>();
const isJson = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Removes, in place, the empty lists and maps of `obj` whose Go field is omitempty (metadata.ownerReferences,
 * finalizers, labels, spec lists, status.conditions …), as upstream's JSON encoding of the Go object leaves them
 * out. Lists and maps without omitempty (PodSpec.containers, ClusterRole.rules) stay. Objects of kinds without an
 * upstream message (custom resources) are left as they are. Returns obj.
 */
export function dropEmptyOmitemptyCollections<T extends Json>(obj: T): T {
  const apiVersion = obj['apiVersion'];
  const kind = obj['kind'];
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return obj;
  const gvk = `${apiVersion}/${kind}`;
  let type = kinds.get(gvk);
  if (type === undefined) kinds.set(gvk, (type = messageForKind(apiVersion, kind) ?? null));
  if (type) pruneStruct(type, obj);
  return obj;
}

/** What pruning needs of one JSON key of a message: whether it is an omitempty collection, and its element type. */
interface KeyPlan {
  readonly collection: 'list' | 'map' | undefined;
  /** Empty is left out (omitempty). */
  readonly omitEmpty: boolean;
  /** The message of the value (of each element or map value), when it is a struct to walk into. */
  readonly message: protobuf.Type | undefined;
}

/** Per message: its JSON keys (inline structs' keys merged in) that can hold something to prune. Built once. */
const plans = new Map<protobuf.Type, ReadonlyMap<string, KeyPlan>>();

function planOf(type: protobuf.Type): ReadonlyMap<string, KeyPlan> {
  const known = plans.get(type);
  if (known) return known;
  const plan = new Map<string, KeyPlan>();
  plans.set(type, plan); // recursive messages (JSONSchemaProps) see the plan being built
  const tables = descriptors();
  const name = type.fullName.slice(1);
  if (opaque.has(name) || tables.listWrappers.has(name)) return plan;
  const facts = tables.go[name] ?? {};
  for (const field of type.fieldsArray) {
    const flags = facts[field.name] ?? '';
    const rename = /=(.+)$/.exec(flags)?.[1];
    if (rename === '-') continue;
    const sub = field.resolve().resolvedType;
    const message = sub instanceof protobuf.Type && !opaque.has(sub.fullName.slice(1)) ? sub : undefined;
    // An inline struct's fields sit in the parent's JSON object.
    if (flags.includes('i')) { if (message) for (const [k, v] of planOf(message)) plan.set(k, v); continue; }
    const collection = field instanceof protobuf.MapField ? 'map' : field.repeated ? 'list' : undefined;
    if (collection === undefined && message === undefined) continue;
    plan.set(rename ?? field.name, { collection, omitEmpty: collection !== undefined && !flags.includes('z'), message });
  }
  return plan;
}

function pruneStruct(type: protobuf.Type, json: Json): void {
  const plan = planOf(type);
  if (plan.size === 0) return;
  for (const key of Object.keys(json)) {
    const p = plan.get(key);
    if (!p) continue;
    const v = json[key];
    if (p.collection === undefined) {
      if (p.message && isJson(v)) pruneStruct(p.message, v);
      continue;
    }
    const values = p.collection === 'list' ? (Array.isArray(v) ? v : undefined) : isJson(v) ? Object.values(v) : undefined;
    if (values === undefined) continue;
    if (values.length === 0) { if (p.omitEmpty) delete json[key]; continue; }
    if (p.message) for (const item of values) if (isJson(item)) pruneStruct(p.message, item);
  }
}
