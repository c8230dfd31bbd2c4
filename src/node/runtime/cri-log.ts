// Container logs in the CRI format kubelet reads (`<RFC3339Nano> <stdout|stderr> <F|P> <text>` per line), and
// the reading side of `kubectl logs`: tail, timestamps, sinceSeconds/sinceTime, limitBytes, follow.
import { createWriteStream, promises as fs, type WriteStream } from 'node:fs';
import type { Readable } from 'node:stream';

/** RFC 3339 with nanoseconds, as containerd writes it. */
export function nanoTimestamp(d: Date): string {
  return d.toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z');
}

/** Splits a stream's chunks into log lines; a line longer than 16 KiB is cut into partial (P) records. */
export class CriLogWriter {
  readonly #out: WriteStream;
  readonly #pending = new Map<string, string>();
  readonly #now: () => Date;
  constructor(path: string, now: () => Date = () => new Date()) {
    this.#out = createWriteStream(path, { flags: 'a', mode: 0o640 });
    this.#now = now;
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
      this.#out.write(`${nanoTimestamp(this.#now())} ${name} F ${buf.slice(0, nl)}\n`);
      buf = buf.slice(nl + 1);
    }
    while (buf.length > 16_384) {
      this.#out.write(`${nanoTimestamp(this.#now())} ${name} P ${buf.slice(0, 16_384)}\n`);
      buf = buf.slice(16_384);
    }
    this.#pending.set(name, buf);
  }
  flush(name: 'stdout' | 'stderr'): void {
    const rest = this.#pending.get(name);
    if (rest) this.#out.write(`${nanoTimestamp(this.#now())} ${name} F ${rest}\n`);
    this.#pending.delete(name);
  }
  close(): Promise<void> {
    return new Promise((resolve) => this.#out.end(resolve));
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
