// storage: revisioned key/value stores (bytes in, bytes out). Imports util only, never api.
export type { KeyValue, ListOptions, ListResult, Store, StoreEvent, WatchOptions } from './store.js';
export { StorageError, isStorageError, type StorageErrorCode } from './errors.js';
export { MemoryStore, type MemoryStoreOptions } from './memory/memory-store.js';
export { SqliteStore, type SqliteStoreOptions } from './sqlite/sqlite-store.js';
export { EtcdStore, type EtcdStoreOptions } from './etcd/etcd-store.js';
export { openStore, type DatastoreTlsFiles, type OpenStoreOptions } from './open.js';
export { migrateStore, MigrateError, type MigrateErrorCode, type MigrateOptions, type MigrateResult } from './migrate.js';
