// openStore(): picks a Store backend from a datastore URL.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Store } from './store.js';
import { MemoryStore } from './memory/memory-store.js';
import { SqliteStore } from './sqlite/sqlite-store.js';

export async function openStore(url: string): Promise<Store> {
  if (url.startsWith('sqlite://')) {
    const path = resolve(url.slice('sqlite://'.length));
    if (path === '/' || url === 'sqlite://') throw new Error(`Cannot open datastore "${url}": a file path is required, e.g. sqlite:///var/lib/skiff/state.db`);
    mkdirSync(dirname(path), { recursive: true });
    return new SqliteStore({ path });
  }
  if (url === 'memory://' || url.startsWith('memory://')) return new MemoryStore();
  if (url.startsWith('etcd://')) throw new Error(`Cannot open datastore "${url}": the etcd backend is not built yet`);
  throw new Error(`Cannot open datastore "${url}": unknown scheme (accepted: sqlite://<path>, memory://)`);
}
