// The audit log backend (--audit-log-path): events are queued and written by one loop, in order, never on the
// request's path. A full queue drops events and counts them instead of stalling requests. The file rotates by
// size (--audit-log-maxsize) and keeps --audit-log-maxbackup/--audit-log-maxage rotated files; `-` is stdout.
import { open, readdir, rename, rm, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Writable } from 'node:stream';
import { errorMessage, type Clock, type Logger } from '../../util/index.js';
import { backupName, backupsToRemove } from './rotation.js';

/** Where audit events go. Must not block: it is called on the request's path. */
export interface AuditSink {
  write(line: string): void;
}

export interface AuditLogWriterOptions {
  /** A file path, or '-' for stdout. */
  path: string;
  /** Rotate before the file would grow past this many MiB; 0 means lumberjack's default of 100. */
  maxSizeMb: number;
  /** Rotated files to keep; 0 keeps any number (subject to maxAgeDays). */
  maxBackups: number;
  /** Days to keep rotated files, by the time in their name; 0 keeps them regardless of age. */
  maxAgeDays: number;
  /** Events that may wait for the writer before new ones are dropped (upstream's batch buffer size: 10,000). */
  bufferSize: number;
  clock: Clock;
  logger: Logger;
  /** Where '-' writes (process.stdout unless a test passes another stream). */
  stdout?: Writable;
}

const defaultMaxSizeMb = 100;

export class AuditLogWriter implements AuditSink, AsyncDisposable {
  readonly #o: AuditLogWriterOptions;
  readonly #maxBytes: number;
  #queue: string[] = [];
  #draining: Promise<void> | undefined;
  #file: FileHandle | undefined;
  #size = 0;
  #written = 0;
  #dropped = 0;
  #failed = 0;
  #closed = false;

  constructor(options: AuditLogWriterOptions) {
    if (options.path === '') throw new TypeError('Cannot write the audit log: "path" must be a file path or "-"');
    for (const k of ['maxSizeMb', 'maxBackups', 'maxAgeDays'] as const) {
      if (!Number.isInteger(options[k]) || options[k] < 0) throw new RangeError(`Cannot write the audit log: "${k}" must be a non-negative integer, not ${options[k]}`);
    }
    if (!Number.isInteger(options.bufferSize) || options.bufferSize < 1) throw new RangeError(`Cannot write the audit log: "bufferSize" must be a positive integer, not ${options.bufferSize}`);
    this.#o = options;
    this.#maxBytes = (options.maxSizeMb || defaultMaxSizeMb) * 1024 * 1024;
  }

  /** Events written so far. */
  get written(): number { return this.#written; }
  /** Events dropped because the queue was full (upstream: apiserver_audit_error_total). */
  get dropped(): number { return this.#dropped; }
  /** Events lost to write errors. */
  get failed(): number { return this.#failed; }

  write(line: string): void {
    if (this.#closed) return;
    if (this.#queue.length >= this.#o.bufferSize) {
      this.#dropped++;
      // One warning per power of two dropped: visible without flooding the log.
      if ((this.#dropped & (this.#dropped - 1)) === 0) this.#o.logger.warn('audit log queue full, events dropped', { dropped: this.#dropped, bufferSize: this.#o.bufferSize });
      return;
    }
    this.#queue.push(line);
    this.#draining ??= this.#drain().finally(() => { this.#draining = undefined; });
  }

  /** Resolves when everything queued so far is written. */
  async flush(): Promise<void> {
    while (this.#draining) await this.#draining;
  }

  async #drain(): Promise<void> {
    // Let the requests of this tick queue their events first: one write per batch, not per event.
    await new Promise<void>((r) => setImmediate(r));
    while (this.#queue.length) {
      const batch = this.#queue;
      this.#queue = [];
      try {
        if (this.#o.path === '-') await this.#writeStdout(batch.join(''));
        else await this.#writeFile(batch);
        this.#written += batch.length;
      } catch (e: unknown) {
        this.#failed += batch.length;
        this.#o.logger.error('cannot write audit events', { path: this.#o.path, events: batch.length, error: errorMessage(e) });
        await this.#file?.close().catch(() => undefined);
        this.#file = undefined;
      }
    }
  }

  async #writeStdout(text: string): Promise<void> {
    const out = this.#o.stdout ?? process.stdout;
    if (!out.write(text)) await new Promise<void>((r) => out.once('drain', () => r()));
  }

  async #writeFile(lines: readonly string[]): Promise<void> {
    let chunk: string[] = [];
    let chunkBytes = 0;
    for (const line of lines) {
      const n = Buffer.byteLength(line);
      if (this.#file === undefined) await this.#openFile();
      if (this.#size + chunkBytes + n > this.#maxBytes && this.#size + chunkBytes > 0) {
        await this.#append(chunk.join(''), chunkBytes);
        chunk = [];
        chunkBytes = 0;
        await this.#rotate();
      }
      chunk.push(line);
      chunkBytes += n;
    }
    if (chunk.length) await this.#append(chunk.join(''), chunkBytes);
  }

  async #append(text: string, bytes: number): Promise<void> {
    if (bytes === 0) return;
    await this.#file!.write(text);
    this.#size += bytes;
  }

  async #openFile(): Promise<void> {
    this.#file = await open(this.#o.path, 'a', 0o600);
    this.#size = (await this.#file.stat()).size;
  }

  async #rotate(): Promise<void> {
    await this.#file?.close();
    this.#file = undefined;
    await rename(this.#o.path, backupName(this.#o.path, this.#o.clock.now()));
    await this.#openFile();
    if (this.#o.maxBackups === 0 && this.#o.maxAgeDays === 0) return;
    const dir = dirname(this.#o.path);
    const names = await readdir(dir);
    for (const f of backupsToRemove(basename(this.#o.path), names, this.#o.clock.now(), this.#o)) await rm(join(dir, f), { force: true });
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.flush();
    this.#closed = true;
    await this.#file?.close();
    this.#file = undefined;
  }
}
