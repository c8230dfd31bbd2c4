// Kubernetes protobuf request bodies ("k8s\0" + runtime.Unknown) decoded to the equivalent JSON object,
// for the message types in messages.ts. Fields we do not know are accepted only when empty (Go writes
// zero values of non-pointer fields); a non-empty unknown field is a clear 415, never silently dropped.
import { ApiError, badRequest } from '../../../api/index.js';
import { readFields, WireError, type WireField } from './wire.js';
import { messages, topLevel, type FieldDesc, type FieldType } from './messages.js';

const magic = [0x6b, 0x38, 0x73, 0x00];
const utf8 = new TextDecoder('utf-8', { fatal: true });

export function isKubernetesProtobuf(body: Uint8Array): boolean {
  return body.length >= 4 && magic.every((b, i) => body[i] === b);
}

/** Integer fields that are pointers upstream, where an explicit 0 is meaningful. */
const meaningfulZero = new Set(['expirationSeconds', 'replicas', 'minReplicas', 'parallelism', 'completions', 'backoffLimit', 'revisionHistoryLimit', 'terminationGracePeriodSeconds', 'successfulJobsHistoryLimit', 'failedJobsHistoryLimit', 'ttlSecondsAfterFinished', 'startingDeadlineSeconds', 'activeDeadlineSeconds']);

function isEmptyWire(f: WireField): boolean {
  return typeof f.value === 'bigint' ? f.value === 0n : f.value.length === 0;
}

function rfc3339(seconds: bigint, nanos: number, micro: boolean): string {
  const d = new Date(Number(seconds) * 1000 + Math.floor(nanos / 1e6));
  const iso = d.toISOString();
  return micro ? iso.replace(/\.(\d{3})Z$/, `.${String(Math.floor(nanos / 1000)).padStart(6, '0')}Z`) : iso.replace(/\.\d{3}Z$/, 'Z');
}

function scalar(type: FieldType, f: WireField, where: string): unknown {
  const bytes = (): Uint8Array => {
    if (!(f.value instanceof Uint8Array)) throw badRequest(`unable to decode protobuf ${where}: expected a length-delimited value`);
    return f.value;
  };
  switch (type) {
    case 'string': return utf8.decode(bytes());
    case 'bytes': return Buffer.from(bytes()).toString('base64');
    case 'bool': return f.value !== 0n;
    case 'int32': return Number(BigInt.asIntN(32, f.value as bigint));
    case 'int64': return Number(BigInt.asIntN(64, f.value as bigint));
    case 'Time':
    case 'MicroTime': {
      let secs = 0n;
      let nanos = 0;
      for (const x of readFields(bytes())) {
        if (x.no === 1) secs = BigInt.asIntN(64, x.value as bigint);
        if (x.no === 2) nanos = Number(x.value);
      }
      return secs === 0n && nanos === 0 ? undefined : rfc3339(secs, nanos, type === 'MicroTime');
    }
    case 'IntOrString': {
      let t = 0n;
      let iv = 0;
      let sv = '';
      for (const x of readFields(bytes())) {
        if (x.no === 1) t = x.value as bigint;
        if (x.no === 2) iv = Number(BigInt.asIntN(32, x.value as bigint));
        if (x.no === 3) sv = utf8.decode(x.value as Uint8Array);
      }
      return t === 1n ? sv : iv;
    }
    default:
      throw badRequest(`unable to decode protobuf ${where}: unsupported field type`);
  }
}

function decodeMessage(name: string, buf: Uint8Array): Record<string, unknown> {
  // Status and other sub-messages a create ignores: accepted whatever they hold.
  if (name === 'Empty') return {};
  const desc = messages[name];
  if (!desc) throw badRequest(`unable to decode protobuf message ${name}: the type is not known`);
  const out: Record<string, unknown> = {};
  for (const f of readFields(buf)) {
    const fd: FieldDesc | undefined = desc[f.no];
    if (!fd) {
      if (isEmptyWire(f)) continue;
      throw new ApiError(415, 'UnsupportedMediaType', `the protobuf body uses field ${f.no} of ${name}, which this server does not decode yet; send the object as JSON (e.g. kubectl create ... --dry-run=client -o yaml | kubectl apply -f -)`);
    }
    let v: unknown;
    const t = fd.type;
    if (typeof t === 'object' && 'msg' in t) {
      v = t.msg === 'Quantity' ? decodeMessage('Quantity', f.value as Uint8Array)['string'] : decodeMessage(t.msg, f.value as Uint8Array);
    } else if (typeof t === 'object' && 'map' in t) {
      let k = '';
      let mv: unknown = t.map === 'string' ? '' : undefined;
      for (const x of readFields(f.value as Uint8Array)) {
        if (x.no === 1) k = utf8.decode(x.value as Uint8Array);
        if (x.no === 2) mv = t.map === 'string' ? utf8.decode(x.value as Uint8Array) : t.map === 'bytes' ? Buffer.from(x.value as Uint8Array).toString('base64') : decodeMessage(t.map.msg, x.value as Uint8Array)['string'];
      }
      const map = (out[fd.name] ??= {}) as Record<string, unknown>;
      map[k] = mv ?? (t.map === 'bytes' ? '' : mv);
      continue;
    } else {
      v = scalar(t, f, `${name}.${fd.name}`);
    }
    if (fd.repeated) {
      ((out[fd.name] ??= []) as unknown[]).push(v);
      continue;
    }
    if (v === undefined || v === '' || v === false) continue;
    if (v === 0 && !meaningfulZero.has(fd.name)) continue;
    if (typeof v === 'object' && v !== null && Object.keys(v).length === 0 && fd.name !== 'metadata') continue;
    out[fd.name] = v;
  }
  return out;
}

/** Decodes a whole request body. Throws ApiError 400 for corrupt bodies, 415 for types we cannot decode. */
export function decodeKubernetesProtobuf(body: Uint8Array): { apiVersion: string; kind: string; object: Record<string, unknown> } {
  if (!isKubernetesProtobuf(body)) throw badRequest('the protobuf body does not start with the Kubernetes magic prefix');
  try {
    let apiVersion = '';
    let kind = '';
    let raw: Uint8Array = new Uint8Array();
    for (const f of readFields(body.subarray(4))) {
      if (f.no === 1 && f.value instanceof Uint8Array) {
        for (const t of readFields(f.value)) {
          if (t.no === 1) apiVersion = utf8.decode(t.value as Uint8Array);
          if (t.no === 2) kind = utf8.decode(t.value as Uint8Array);
        }
      } else if (f.no === 2 && f.value instanceof Uint8Array) raw = f.value;
    }
    const msg = topLevel[`${apiVersion}/${kind}`];
    if (!msg) throw new ApiError(415, 'UnsupportedMediaType', `Cannot decode protobuf body for "${apiVersion}, Kind=${kind}": the type is not known to this server; send it as JSON`);
    const object = decodeMessage(msg, raw);
    return { apiVersion, kind, object: { apiVersion, kind, ...object } };
  } catch (e: unknown) {
    if (e instanceof ApiError) throw e;
    if (e instanceof WireError || e instanceof TypeError || e instanceof RangeError) throw badRequest(`unable to decode protobuf body: ${e.message}`);
    throw e;
  }
}
