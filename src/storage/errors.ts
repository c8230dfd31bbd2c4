// StorageError: what a Store reports. Translated to ApiError only in apiserver/registry.

export type StorageErrorCode = 'KeyExists' | 'KeyNotFound' | 'RevisionMismatch' | 'Compacted' | 'Unavailable';

export class StorageError extends Error {
  readonly code: StorageErrorCode;
  readonly key: string;
  /** For Compacted: the oldest revision still available. For RevisionMismatch: the current modRevision. */
  readonly revision: number;
  constructor(code: StorageErrorCode, key: string, revision = 0, options?: { cause?: unknown }) {
    super(`Storage operation failed on key "${key}": ${code}${revision ? ` (revision ${revision})` : ''}`, options);
    this.name = 'StorageError';
    this.code = code;
    this.key = key;
    this.revision = revision;
  }
}

export function isStorageError(e: unknown, code?: StorageErrorCode): e is StorageError {
  return e instanceof StorageError && (code === undefined || e.code === code);
}
