// migrateStore(): copies every key of one Store into another, empty one, in the source's modRevision order,
// so that resourceVersions keep their order across datastores (k3s's `datastore migrate`). Bytes in, bytes out.
import type { KeyValue, Store } from './store.js';
import { errorMessage } from '../util/index.js';

export interface MigrateOptions {
  /** Keys per source list page (default 500). */
  readonly pageSize?: number;
  /** Stops between two writes; the target then holds the keys written so far. */
  readonly signal?: AbortSignal;
  /** Called after each key is written, with the keys written so far and the keys to write. */
  readonly onProgress?: (written: number, total: number) => void;
}

export interface MigrateResult {
  /** Keys written to the target. */
  readonly keys: number;
  /** Bytes of their values. */
  readonly bytes: number;
  /** The source revision every key was read at. */
  readonly sourceRevision: number;
  /** The target's revisions of the first and last key written (0 when no key was). */
  readonly firstTargetRevision: number;
  readonly lastTargetRevision: number;
}

export type MigrateErrorCode = 'TargetNotEmpty' | 'SourceEmpty' | 'SourceChanged' | 'Interrupted';

/** Why migrateStore() refused or stopped. `written` keys are in the target (0 for a refusal before any write). */
export class MigrateError extends Error {
  readonly code: MigrateErrorCode;
  readonly written: number;
  constructor(code: MigrateErrorCode, message: string, written: number, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MigrateError';
    this.code = code;
    this.written = written;
  }
}

/**
 * Reads every key of `source` at its current revision (pages of `pageSize`) and creates each in `target` in
 * ascending source modRevision, one write at a time: the Store contract orders revisions only for writes that
 * do not overlap, so one at a time is what makes "A's target revision < B's iff A's source revision < B's"
 * hold. The target's revisions are its own numbers; values are copied byte for byte.
 *
 * Contract:
 * - `source` is only read (list, count, currentRevision). Nothing else may write it during the copy: when
 *   its revision moved and its keys differ afterwards, the copy fails with SourceChanged (the target then
 *   holds the state as of `sourceRevision`).
 * - `target` must hold no key (TargetNotEmpty, before any write); an empty source is refused (SourceEmpty),
 *   as it is most often the wrong URL or prefix.
 * - A failed write or an aborted signal stops the copy (the error's `written` says how far it got): the
 *   target must be emptied before trying again. Neither store is closed here.
 * - Every source key and value is held in memory until written (sorting by revision needs all of them).
 */
export async function migrateStore(source: Store, target: Store, options: MigrateOptions = {}): Promise<MigrateResult> {
  const pageSize = options.pageSize ?? 500;
  if (!Number.isSafeInteger(pageSize) || pageSize <= 0) throw new RangeError(`Cannot migrate with page size ${pageSize}: must be a positive integer`);
  const present = await target.count('');
  if (present > 0) {
    const first = (await target.list('', { limit: 1 })).kvs[0]?.key ?? '';
    throw new MigrateError('TargetNotEmpty', `the target already holds ${present} key${present === 1 ? '' : 's'} (first: "${first}")`, 0);
  }
  const sourceRevision = await source.currentRevision();
  const kvs = await readAll(source, { revision: sourceRevision, pageSize });
  if (kvs.length === 0) throw new MigrateError('SourceEmpty', `the source holds no key at revision ${sourceRevision}`, 0);
  // Each Skiff write touches one key, so modRevisions are distinct; a tie (an etcd transaction written by
  // another tool) is broken by key so the result does not depend on the page order.
  kvs.sort((a, b) => a.modRevision - b.modRevision || (a.key < b.key ? -1 : 1));

  let bytes = 0;
  let firstTargetRevision = 0;
  let lastTargetRevision = 0;
  for (const [i, kv] of kvs.entries()) {
    if (options.signal?.aborted) throw new MigrateError('Interrupted', `interrupted after ${i} of ${kvs.length} keys`, i, { cause: options.signal.reason });
    let written: KeyValue;
    try {
      written = await target.create(kv.key, kv.value);
    } catch (e: unknown) {
      throw new MigrateError('Interrupted', `cannot write key "${kv.key}" after ${i} of ${kvs.length} keys: ${errorMessage(e)}`, i, { cause: e });
    }
    // One write at a time gives increasing revisions; anything else means another writer on the target.
    if (written.modRevision <= lastTargetRevision) {
      throw new MigrateError('Interrupted', `key "${kv.key}" got target revision ${written.modRevision}, not above ${lastTargetRevision}: is something else writing the target?`, i + 1);
    }
    firstTargetRevision ||= written.modRevision;
    lastTargetRevision = written.modRevision;
    bytes += kv.value.byteLength;
    options.onProgress?.(i + 1, kvs.length);
  }
  await checkUnchanged(source, { revision: sourceRevision, copied: kvs, pageSize });
  return { keys: kvs.length, bytes, sourceRevision, firstTargetRevision, lastTargetRevision };
}

/** Every key of store at revision, in key order, page by page. */
async function readAll(store: Store, { revision, pageSize }: { revision: number; pageSize: number }): Promise<KeyValue[]> {
  const out: KeyValue[] = [];
  let startAfter: string | undefined;
  for (;;) {
    const page = await store.list('', { revision, limit: pageSize, ...(startAfter !== undefined ? { startAfter } : {}) });
    out.push(...page.kvs);
    const last = page.kvs.at(-1);
    if (!page.more || !last) return out;
    startAfter = last.key;
  }
}

/**
 * Fails with SourceChanged when the source's keys moved past `revision`. An etcd revision is cluster-wide, so
 * a moved revision alone proves nothing (another prefix's writes): the keys and their modRevisions decide.
 */
async function checkUnchanged(source: Store, { revision, copied, pageSize }: { revision: number; copied: readonly KeyValue[]; pageSize: number }): Promise<void> {
  if ((await source.currentRevision()) === revision) return;
  const now = await readAll(source, { revision: 0, pageSize });
  const before = new Map(copied.map((kv) => [kv.key, kv.modRevision]));
  const changed = now.filter((kv) => before.get(kv.key) !== kv.modRevision).map((kv) => kv.key);
  const nowKeys = new Set(now.map((kv) => kv.key));
  const deleted = copied.filter((kv) => !nowKeys.has(kv.key)).map((kv) => kv.key);
  if (changed.length === 0 && deleted.length === 0) return;
  const sample = [...changed, ...deleted].slice(0, 3).map((k) => `"${k}"`).join(', ');
  throw new MigrateError('SourceChanged', `the source was written during the copy (${changed.length + deleted.length} keys changed after revision ${revision}, e.g. ${sample}): is a server still running on it?`, copied.length);
}
