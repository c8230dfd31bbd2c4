// openStore(): picks a Store backend from a datastore URL (the server's --datastore flag).
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Store } from './store.js';
import { MemoryStore } from './memory/memory-store.js';
import { SqliteStore } from './sqlite/sqlite-store.js';
import { errorMessage } from '../util/index.js';

const accepted = 'sqlite:///absolute/path.db, sqlite://relative/path.db, sqlite://:memory:, memory://';

/**
 * Opens the store a URL names:
 * - `sqlite:///var/lib/skiff/state.db` (absolute) or `sqlite://data/state.db` (relative to the working
 *   directory): SqliteStore on that file, creating its parent directory; `sqlite://:memory:` keeps
 *   the database in memory.
 * - `memory://`: MemoryStore (nothing survives the process).
 * - `etcd://…`: refused until the etcd backend exists.
 * Throws an Error naming the accepted forms for anything else.
 */
export async function openStore(url: string): Promise<Store> {
  if (url.startsWith('sqlite://')) {
    const rest = url.slice('sqlite://'.length);
    if (rest === ':memory:') return new SqliteStore({ path: ':memory:' });
    if (rest === '' || rest === '/') throw new Error(`Cannot open datastore "${url}": a file path is required, e.g. sqlite:///var/lib/skiff/state.db`);
    const path = resolve(rest);
    try {
      mkdirSync(dirname(path), { recursive: true });
      return new SqliteStore({ path });
    } catch (err: unknown) {
      throw new Error(`Cannot open datastore "${url}": ${errorMessage(err)}`, { cause: err });
    }
  }
  if (url.startsWith('memory://')) return new MemoryStore();
  if (url.startsWith('etcd://')) throw new Error(`Cannot open datastore "${url}": the etcd backend is not built yet`);
  throw new Error(`Cannot open datastore "${url}": unknown scheme (accepted: ${accepted})`);
}
