// Container logs in the CRI format kubelet reads (`<RFC3339Nano> <stdout|stderr> <F|P> <text>` per line): the
// writer (with size rotation), and the reading side of `kubectl logs`: tail, timestamps, sinceTime, limitBytes.
import { promises as fs } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { checkLogRotation, rotatedLogName, rotateLogFile, tidyRotatedLogs, type LogRotation } from './log-rotation.js';

/** RFC 3339 with nanoseconds, as containerd writes it. */
export function nanoTimestamp(d: Date): string {
  return d.toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z');
}

export interface CriLogWriterOptions {
  path: string;
  /** Rotate the file by size (checkLogRotation's rules); absent: it grows without bound. */
  rotation?: LogRotation | undefined;
  /** The records' timestamps and rotated files' names (default: the system clock). */
  now?: () => Date;
}

/**
 * One CRI record, newline included, and when it was written (a rotation it causes is named by that time);
 * partial: a piece of a line longer than 16 KiB that the next record ends.
 */
interface CriRecord { text: string; partial: boolean; at: Date }

const maxRecordText = 16_384;

/**
 * Writes a container's stdout and stderr to its log in CRI format, lines longer than 16 KiB cut into partial (P)
 * records. One loop writes the records in order, never on the stream's path.
 *
 * With rotation the writer rotates its own file as it writes. Upstream's kubelet checks log sizes every 10 s and
 * asks the runtime to reopen the file after renaming it; Skiff's runtime is the writer, so it rotates exactly:
 * before a record would take the file past maxBytes, the file is closed, renamed `<log>.<timestamp>` and a new
 * one opened, and no record lands in a file already renamed away. Older rotated files are then compressed and
 * pruned in the background (log-rotation.ts). Two exceptions keep a file growing past maxBytes: a line cut into
 * partial records stays in one file, and rotated names have second resolution, so a file rotates once a second
 * at most (upstream's files grow for up to 10 s).
 */
export class CriLogWriter {
  readonly #path: string;
  readonly #rotation: LogRotation | undefined;
  readonly #now: () => Date;
  readonly #pending = new Map<string, string>();
  #queue: CriRecord[] = [];
  #running = false;
  #drained: Promise<void> = Promise.resolve();
  #file: FileHandle | undefined;
  #size = 0;
  #lastPartial = false;
  /** The rotated name last tried: the file rotates once per name. */
  #lastRotatedName = '';
  #tidying: Promise<void> = Promise.resolve();
  #closed = false;

  constructor(options: CriLogWriterOptions) {
    if (options.rotation) checkLogRotation(options.rotation);
    this.#path = options.path;
    this.#rotation = options.rotation;
    this.#now = options.now ?? ((): Date => new Date());
    // Opened at once: the file is there from the container's start, output or not.
    this.#kick();
  }

  attach(stream: Readable, name: 'stdout' | 'stderr'): Promise<void> {
    return new Promise((resolve) => {
      stream.on('data', (chunk: Buffer) => this.write(name, chunk.toString('utf8')));
      stream.on('close', () => { this.flush(name); resolve(); });
      stream.on('error', () => resolve());
    });
  }

  write(name: 'stdout' | 'stderr', text: string): void {
    let buf = (this.#pending.get(name) ?? '') + text;
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      this.#record(name, false, buf.slice(0, nl));
      buf = buf.slice(nl + 1);
    }
    while (buf.length > maxRecordText) {
      this.#record(name, true, buf.slice(0, maxRecordText));
      buf = buf.slice(maxRecordText);
    }
    this.#pending.set(name, buf);
  }

  flush(name: 'stdout' | 'stderr'): void {
    const rest = this.#pending.get(name);
    if (rest) this.#record(name, false, rest);
    this.#pending.delete(name);
  }

  /** Resolves once every record so far is in the file (rotated files may still be being compressed). */
  async written(): Promise<void> {
    while (this.#running) await this.#drained;
  }

  /** Resolves once every record so far is written and the rotated files are tidied; later writes are dropped. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#drained;
    await this.#file?.close().catch(() => undefined);
    this.#file = undefined;
    await this.#tidying;
  }

  #record(name: 'stdout' | 'stderr', partial: boolean, text: string): void {
    if (this.#closed) return;
    const at = this.#now();
    this.#queue.push({ text: `${nanoTimestamp(at)} ${name} ${partial ? 'P' : 'F'} ${text}\n`, partial, at });
    this.#kick();
  }

  #kick(): void {
    if (this.#running) return;
    this.#running = true;
    this.#drained = this.#drain();
  }

  async #drain(): Promise<void> {
    for (;;) {
      try {
        this.#file ??= await this.#open();
      } catch {
        // No file (the directory went with the pod): the records are lost, as a runtime's would be.
        this.#queue = [];
      }
      const batch = this.#queue;
      this.#queue = [];
      // Checked and cleared in one step: a record queued after this starts a new loop.
      if (batch.length === 0) { this.#running = false; return; }
      try {
        await this.#writeRecords(batch);
      } catch {
        // A failed write (disk full) loses its records; the file is opened again for the next ones.
        await this.#file?.close().catch(() => undefined);
        this.#file = undefined;
      }
    }
  }

  async #open(): Promise<FileHandle> {
    const file = await open(this.#path, 'a', 0o640);
    this.#size = (await file.stat()).size;
    return file;
  }

  async #writeRecords(records: readonly CriRecord[]): Promise<void> {
    let chunk = '';
    let chunkBytes = 0;
    for (const r of records) {
      const bytes = Buffer.byteLength(r.text);
      if (this.#isDue(chunkBytes, bytes, r.at)) {
        await this.#append(chunk, chunkBytes);
        chunk = '';
        chunkBytes = 0;
        await this.#rotate(r.at);
      }
      chunk += r.text;
      chunkBytes += bytes;
      this.#lastPartial = r.partial;
    }
    await this.#append(chunk, chunkBytes);
  }

  /** Whether to rotate before a record of `bytes` written at `at`, with `pending` bytes not yet appended. */
  #isDue(pending: number, bytes: number, at: Date): boolean {
    const size = this.#size + pending;
    if (!this.#rotation || this.#lastPartial || size === 0 || size + bytes <= this.#rotation.maxBytes) return false;
    return rotatedLogName(this.#path, at) !== this.#lastRotatedName;
  }

  async #append(text: string, bytes: number): Promise<void> {
    if (bytes === 0) return;
    await this.#file!.write(text);
    this.#size += bytes;
  }

  async #rotate(at: Date): Promise<void> {
    this.#lastRotatedName = rotatedLogName(this.#path, at);
    await this.#file?.close();
    this.#file = undefined;
    const rotated = await rotateLogFile(this.#path, at).catch(() => false);
    this.#file = await this.#open();
    const maxFiles = this.#rotation?.maxFiles;
    if (!rotated || maxFiles === undefined) return;
    // Best effort, as upstream's: what fails now is done at the next rotation.
    this.#tidying = this.#tidying.then(() => tidyRotatedLogs(this.#path, maxFiles)).catch(() => undefined);
  }
}

export interface LogRecord { time: string; stream: string; partial: boolean; text: string }

export function parseLogLine(line: string): LogRecord | undefined {
  const m = /^(\S+) (stdout|stderr) ([FP]) (.*)$/.exec(line);
  if (!m) return undefined;
  return { time: m[1]!, stream: m[2]!, partial: m[3] === 'P', text: m[4]! };
}

export interface LogOptions {
  tailLines?: number;
  timestamps?: boolean;
  sinceTime?: Date;
  limitBytes?: number;
}

/** The text `kubectl logs` shows for a log file's content. */
export function renderLogs(content: string, options: LogOptions): string {
  const records = content.split('\n').map(parseLogLine).filter((r): r is LogRecord => r !== undefined);
  // Partial records join the next full one into one line.
  const lines: { time: string; text: string }[] = [];
  let partial = '';
  for (const r of records) {
    if (options.sinceTime && Date.parse(r.time) < options.sinceTime.getTime()) continue;
    if (r.partial) { partial += r.text; continue; }
    lines.push({ time: r.time, text: partial + r.text });
    partial = '';
  }
  const shown = options.tailLines !== undefined && options.tailLines >= 0 ? lines.slice(Math.max(0, lines.length - options.tailLines)) : lines;
  let out = shown.map((l) => (options.timestamps ? `${l.time} ${l.text}\n` : `${l.text}\n`)).join('');
  if (options.limitBytes !== undefined) out = Buffer.from(out).subarray(0, options.limitBytes).toString('utf8');
  return out;
}

export async function readLogFile(path: string): Promise<string> {
  return fs.readFile(path, 'utf8').catch(() => '');
}
