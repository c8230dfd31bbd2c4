// ObjectMeta handling shared by every kind: names, uid, timestamps, generation, what clients may not set.
import { randomUUID, randomInt } from 'node:crypto';
import type { FieldError, KubeObject } from '../../api/index.js';
import { invalid } from '../../api/meta/field-path.js';
import { rfc3339 } from '../../util/index.js';

export type Meta = Record<string, unknown> & {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string | null;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
  ownerReferences?: unknown[];
  managedFields?: unknown[];
};

export function metaOf(obj: KubeObject): Meta {
  if (obj.metadata === undefined || obj.metadata === null || typeof obj.metadata !== 'object') obj.metadata = {};
  return obj.metadata as Meta;
}

const alphabet = 'bcdfghjklmnpqrstvwxz2456789';

/** Upstream SimpleNameGenerator: prefix (cut to fit 63) + 5 random characters. */
export function generateName(prefix: string): string {
  let p = prefix;
  if (p.length > 58) p = p.slice(0, 58);
  let s = '';
  for (let i = 0; i < 5; i++) s += alphabet[randomInt(alphabet.length)];
  return p + s;
}

/** Fields the server owns on create. */
export function prepareMetaForCreate(obj: KubeObject, now: Date, tracksGeneration: boolean): void {
  const m = metaOf(obj);
  if (!m.name && m.generateName) m.name = generateName(m.generateName);
  m.uid = randomUUID();
  m.creationTimestamp = rfc3339(now);
  delete m.resourceVersion;
  delete m.deletionTimestamp;
  delete m.deletionGracePeriodSeconds;
  delete m['selfLink'];
  if (tracksGeneration) m.generation = 1;
  else delete m.generation;
  if (Array.isArray(m.finalizers) && m.finalizers.length === 0) delete m.finalizers;
  if (m.labels && Object.keys(m.labels).length === 0) delete m.labels;
  if (m.annotations && Object.keys(m.annotations).length === 0) delete m.annotations;
}

/** Fields clients cannot change through update: carried over from the stored object. */
export function prepareMetaForUpdate(obj: KubeObject, old: KubeObject): void {
  const m = metaOf(obj);
  const o = metaOf(old);
  // As upstream's BeforeUpdate: an update without a uid keeps the stored one; a different one is refused
  // (metadata.uid is immutable; see uidChange).
  if (o.uid !== undefined && (m.uid === undefined || m.uid === '')) m.uid = o.uid;
  if (o.creationTimestamp !== undefined) m.creationTimestamp = o.creationTimestamp;
  if (o.generation !== undefined) m.generation = o.generation;
  else delete m.generation;
  if (o.deletionTimestamp) m.deletionTimestamp = o.deletionTimestamp;
  else delete m.deletionTimestamp;
  if (o.deletionGracePeriodSeconds !== undefined) m.deletionGracePeriodSeconds = o.deletionGracePeriodSeconds;
  else delete m.deletionGracePeriodSeconds;
  if (!m.generateName && o.generateName) m.generateName = o.generateName;
  delete m['selfLink'];
  if (Array.isArray(m.finalizers) && m.finalizers.length === 0) delete m.finalizers;
  if (m.labels && Object.keys(m.labels).length === 0) delete m.labels;
  if (m.annotations && Object.keys(m.annotations).length === 0) delete m.annotations;
}

/** `metadata.uid: field is immutable` when an update names another uid than the stored one. */
export function uidChange(obj: KubeObject, old: KubeObject): FieldError[] {
  const u = metaOf(obj).uid;
  return u !== metaOf(old).uid ? [invalid('metadata.uid', u, 'field is immutable')] : [];
}

/** The object minus metadata and status: a change here bumps generation. */
export function specPart(obj: KubeObject): string {
  const { metadata: _m, status: _s, apiVersion: _a, kind: _k, ...rest } = obj;
  return JSON.stringify(rest);
}
