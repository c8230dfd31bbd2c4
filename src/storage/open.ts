// openStore(): picks a Store backend from a datastore URL (the server's --datastore flag).
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Store } from './store.js';
import { MemoryStore } from './memory/memory-store.js';
import { SqliteStore } from './sqlite/sqlite-store.js';
import { EtcdStore } from './etcd/etcd-store.js';
import { parseEtcdUrl } from './etcd/etcd-url.js';
import { errorMessage } from '../util/index.js';

const accepted = 'sqlite:///absolute/path.db, sqlite://relative/path.db, sqlite://:memory:, memory://, etcd://host:2379[,host:2379…]';

/** TLS files for etcd members served over https (k3s's --datastore-cafile/-certfile/-keyfile). */
export interface DatastoreTlsFiles {
  readonly caFile?: string;
  readonly certFile?: string;
  readonly keyFile?: string;
}

/** How openStore() opens a datastore: etcd's TLS files, and for SQLite how the file is held. */
export interface OpenStoreOptions extends DatastoreTlsFiles {
  /** sqlite: hold the file exclusively while open; fails when another process (a server) has it open. */
  readonly exclusive?: boolean;
  /** sqlite: open an existing Skiff database only (nothing is created: neither the file nor its directory). */
  readonly mustExist?: boolean;
}

/**
 * Opens the store a URL names:
 * - `sqlite:///var/lib/skiff/state.db` (absolute) or `sqlite://data/state.db` (relative to the working
 *   directory): SqliteStore on that file, creating its parent directory; `sqlite://:memory:` keeps
 *   the database in memory.
 * - `memory://`: MemoryStore (nothing survives the process).
 * - `etcd://host:2379[,host:2379…][/prefix]`: EtcdStore on those members (failover in order), TLS when any
 *   of the TLS files is given (`exclusive` and `mustExist` are for SQLite only).
 * Throws an Error naming the accepted forms for anything else.
 */
export async function openStore(url: string, options: OpenStoreOptions = {}): Promise<Store> {
  const { exclusive = false, mustExist = false, ...tls } = options;
  if (url.startsWith('sqlite://')) {
    const rest = url.slice('sqlite://'.length);
    if (rest === ':memory:') return new SqliteStore({ path: ':memory:', exclusive, mustExist });
    if (rest === '' || rest === '/') throw new Error(`Cannot open datastore "${url}": a file path is required, e.g. sqlite:///var/lib/skiff/state.db`);
    const path = resolve(rest);
    try {
      if (mustExist && !existsSync(path)) throw new Error(`no such file "${path}"`);
      if (!mustExist) mkdirSync(dirname(path), { recursive: true });
      return new SqliteStore({ path, exclusive, mustExist });
    } catch (err: unknown) {
      throw new Error(`Cannot open datastore "${url}": ${errorMessage(err)}`, { cause: err });
    }
  }
  if (url.startsWith('memory://')) return new MemoryStore();
  if (url.startsWith('etcd://')) {
    const { endpoints, keyPrefix } = parseEtcdUrl(url);
    const read = (file: string | undefined) => (file ? readFileSync(file) : undefined);
    const secure = tls.caFile || tls.certFile || tls.keyFile;
    try {
      const files = secure ? { tls: { ...opt('ca', read(tls.caFile)), ...opt('cert', read(tls.certFile)), ...opt('key', read(tls.keyFile)) } } : {};
      const st = new EtcdStore({ endpoints, keyPrefix, ...files });
      try {
        await st.currentRevision();
      } catch (err: unknown) {
        await st.close();
        throw err;
      }
      return st;
    } catch (err: unknown) {
      throw new Error(`Cannot open datastore "${url}": ${errorMessage(err)}`, { cause: err });
    }
  }
  throw new Error(`Cannot open datastore "${url}": unknown scheme (accepted: ${accepted})`);
}

const opt = <K extends string>(k: K, v: Buffer | undefined): Partial<Record<K, Buffer>> => (v ? { [k]: v } as Record<K, Buffer> : {});
