// The kubelet's streams for the API server: container logs read from the CRI log files (followed while the
// container runs), `runc exec` processes and attach to a running container's stdio, shaped as the API
// server's StreamProcess.
import { promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { PassThrough } from 'node:stream';
import { renderLogs, type LogOptions } from '../runtime/cri-log.js';
import type { ContainerStreams } from '../runtime/container-runtime.js';
import type { LaunchedProcess } from '../runtime/exec.js';
import type { StreamProcess } from '../../api/index.js';

const pollMs = 100;

/** The bytes of the open file from offset to its current end. */
async function readFrom(file: FileHandle, offset: number): Promise<Buffer> {
  const size = (await file.stat()).size;
  if (size <= offset) return Buffer.alloc(0);
  const chunk = Buffer.alloc(size - offset);
  const { bytesRead } = await file.read(chunk, 0, chunk.length, offset);
  return chunk.subarray(0, bytesRead);
}

/** Whether path now names another file than the open one: the writer rotated it away and opened a new one. */
async function isReplaced(path: string, file: FileHandle): Promise<boolean> {
  const now = await fs.stat(path).catch(() => undefined);
  // Missing: between the writer's rename and its new file; the old file may still be the newest.
  if (!now) return false;
  const open = await file.stat();
  return now.ino !== open.ino || now.dev !== open.dev;
}

/**
 * The rendered log of a file; with follow, then every complete line appended to it until `running()` turns
 * false (and the file is drained) or the signal aborts. A follow holds the file open, as upstream's does: when
 * the writer rotates the log (renames it and starts a new file at the path), the rest of the old file is read,
 * then the new one from its start.
 */
export async function* readLog(path: string, options: LogOptions & { follow: boolean }, running: () => boolean, signal: AbortSignal): AsyncGenerator<string> {
  let file = await fs.open(path, 'r').catch(() => undefined);
  try {
    const content = file ? await readFrom(file, 0) : Buffer.alloc(0);
    // Only whole lines: a line still being written is read on the next round.
    let offset = content.lastIndexOf(0x0a) + 1;
    yield renderLogs(content.subarray(0, offset).toString('utf8'), options);
    if (!options.follow) return;
    // Appended lines: no tail, and no byte limit per chunk (the limit is the whole stream's; its writer applies it).
    const { tailLines: _tail, limitBytes: _limit, ...rest } = options;
    const render = (chunk: Buffer): string => renderLogs(chunk.toString('utf8'), rest);
    for (;;) {
      if (signal.aborted) return;
      const stillRunning = running();
      if (!file) {
        file = await fs.open(path, 'r').catch(() => undefined);
        offset = 0;
      }
      const chunk = file ? await readFrom(file, offset) : Buffer.alloc(0);
      const whole = chunk.lastIndexOf(0x0a) + 1;
      if (whole > 0) {
        offset += whole;
        const text = render(chunk.subarray(0, whole));
        if (text) yield text;
        continue;
      }
      // At the end of the open file. The writer finished the old file before renaming it, so once the path is
      // a new file, what the old one holds past offset is all there is: read it, then follow the new file.
      if (file && await isReplaced(path, file)) {
        const last = await readFrom(file, offset);
        await file.close();
        file = undefined;
        const text = last.length ? render(last) : '';
        if (text) yield text;
        continue;
      }
      if (!stillRunning) return;
      await new Promise<void>((resolve) => {
        const done = (): void => { clearTimeout(t); signal.removeEventListener('abort', done); resolve(); };
        const t = setTimeout(done, pollMs);
        signal.addEventListener('abort', done, { once: true });
      });
    }
  } finally {
    await file?.close();
  }
}

/** runc reports its own failures (no such executable, ...) as logrus lines on stderr. */
const runcError = /^time="[^"]*" level=(?:error|fatal) msg="(.*)"\s*$/;

/** A `runc exec` process as a stream process: runc's own errors become the session's error, not output. */
export function execProcess(child: LaunchedProcess): StreamProcess {
  const stderr = new PassThrough();
  let runcMessage: string | undefined;
  let pending = '';
  child.stderr.on('data', (d: Buffer) => {
    pending += d.toString('utf8');
    let nl: number;
    while ((nl = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, nl + 1);
      pending = pending.slice(nl + 1);
      const m = runcError.exec(line.trimEnd());
      if (m) runcMessage = m[1]!.replaceAll('\\"', '"');
      else stderr.write(line);
    }
  });
  child.stderr.on('end', () => { if (pending) stderr.write(pending); stderr.end(); });
  let running = true;
  const done = child.exited.then((code): { exitCode: number } | { error: string } => {
    running = false;
    if (runcMessage && (code === 255 || code === 1 || code === 127)) return { error: `error executing command in container: OCI runtime exec failed: ${runcMessage}: unknown` };
    return { exitCode: code };
  });
  return {
    stdin: child.stdin, stdout: child.stdout, stderr, done,
    resize(cols, rows) { child.resize(cols, rows); },
    detach() { if (running) child.kill('SIGKILL'); },
  };
}

/** Attach to a running container: its live output (from now on) and, when it has one, its stdin. */
export function attachProcess(started: ContainerStreams & { exited: Promise<unknown> }, request: { stdin: boolean; stdout: boolean; stderr: boolean; tty: boolean }, stdinOnce: boolean, early: readonly { stream: 'stdout' | 'stderr'; data: Buffer }[] = []): StreamProcess {
  const stdout = request.stdout ? new PassThrough() : null;
  const stderr = request.stderr && !request.tty ? new PassThrough() : null;
  for (const e of early) (e.stream === 'stderr' ? stderr ?? stdout : stdout)?.write(e.data);
  const onOut = (d: Buffer): void => { stdout?.write(d); };
  const onErr = (d: Buffer): void => { (stderr ?? stdout)?.write(d); };
  started.stdout.on('data', onOut);
  started.stderr.on('data', onErr);
  let finish: (r: { exitCode: number }) => void = () => undefined;
  const done = new Promise<{ exitCode: number }>((resolve) => { finish = resolve; });
  const end = (): void => {
    started.stdout.off('data', onOut);
    started.stderr.off('data', onErr);
    stdout?.end();
    stderr?.end();
    // Attach reports success: the container's own exit is in its status, not the attach session's.
    finish({ exitCode: 0 });
  };
  void started.exited.then(end, end);
  // stdinOnce: the container's stdin closes when the first attached client's does.
  const stdin = request.stdin && started.stdin ? new PassThrough() : null;
  if (stdin && started.stdin) {
    stdin.on('data', (d: Buffer) => started.stdin!.write(d));
    stdin.on('end', () => { if (stdinOnce) started.stdin!.end(); });
  }
  return {
    stdin, stdout, stderr, done,
    resize(cols, rows) { started.resize(cols, rows); },
    detach() { if (stdinOnce && started.stdin) started.stdin.end(); end(); },
  };
}
