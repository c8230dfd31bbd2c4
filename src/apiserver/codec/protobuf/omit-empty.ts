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
  const type = messageForKind(apiVersion, kind);
  if (type) pruneStruct(type, obj);
  return obj;
}

function pruneStruct(type: protobuf.Type, json: Json): void {
  const tables = descriptors();
  const name = type.fullName.slice(1);
  if (opaque.has(name) || tables.listWrappers.has(name)) return;
  const facts = tables.go[name] ?? {};
  for (const field of type.fieldsArray) {
    const flags = facts[field.name] ?? '';
    const rename = /=(.+)$/.exec(flags)?.[1];
    if (rename === '-') continue;
    const sub = field.resolve().resolvedType;
    const message = sub instanceof protobuf.Type ? sub : undefined;
    // An inline struct's fields sit in the parent's JSON object.
    if (flags.includes('i')) { if (message) pruneStruct(message, json); continue; }
    const key = rename ?? field.name;
    const v = json[key];
    const keep = flags.includes('z');
    if (field instanceof protobuf.MapField || field.repeated) {
      const values = Array.isArray(v) ? v : field instanceof protobuf.MapField && isJson(v) ? Object.values(v) : undefined;
      if (values === undefined) continue;
      if (values.length === 0 && !keep) { delete json[key]; continue; }
      if (message) for (const item of values) if (isJson(item)) pruneStruct(message, item);
    } else if (message && isJson(v)) {
      pruneStruct(message, v);
    }
  }
}
