// What a stdinOnce container (kubectl run -i) writes before its first attach: it may print, and even finish,
// between the moment kubectl sees it running and the attach, so its output from its very start (up to 1 MiB)
// is kept for that first attach. Shared by the runtimes.
import type { Readable } from 'node:stream';

export type OutputChunk = { stream: 'stdout' | 'stderr'; data: Buffer };

export class EarlyOutput {
  readonly #chunks: OutputChunk[] = [];
  #bytes = 0;
  readonly #off: () => void;
  constructor(stdout: Readable, stderr: Readable) {
    const on = (stream: 'stdout' | 'stderr') => (data: Buffer): void => {
      if (this.#bytes + data.length > 1 << 20) return;
      this.#bytes += data.length;
      this.#chunks.push({ stream, data });
    };
    const out = on('stdout');
    const err = on('stderr');
    stdout.on('data', out);
    stderr.on('data', err);
    this.#off = () => { stdout.off('data', out); stderr.off('data', err); };
  }
  /** The chunks kept so far; keeping stops here (later calls return nothing). */
  take(): OutputChunk[] {
    this.#off();
    return this.#chunks.splice(0);
  }
}
