// Finds or starts the node's runtime process (runtime-main.ts) for an agent data dir, and connects to it. It is
// started detached — a session and process group of its own, stdio to <dir>/runtime.log — so it outlives the agent
// that started it: the next agent connects to the same process and finds its containers running.
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RemoteRuntime, RuntimeUnavailableError } from './remote-runtime.js';

export const runtimeSocketPath = (dir: string): string => join(dir, 'runtime.sock');
export const runtimePidPath = (dir: string): string => join(dir, 'runtime.pid');
export const runtimeLogPath = (dir: string): string => join(dir, 'runtime.log');

/** A unix socket path longer than this does not fit sockaddr_un. */
const maxSocketPath = 107;

/** Connects to the runtime process of dir, if one runs. */
export async function connectRuntimeProcess(dir: string): Promise<RemoteRuntime | undefined> {
  try {
    return await RemoteRuntime.connect(runtimeSocketPath(dir));
  } catch (e: unknown) {
    if (e instanceof RuntimeUnavailableError && /does not answer/.test(e.message)) return undefined;
    throw e;
  }
}

/** Connects to the runtime process of dir, starting one first when none runs (it is not stopped with the caller). */
export async function ensureRuntimeProcess(dir: string, options: { timeoutMs?: number } = {}): Promise<{ runtime: RemoteRuntime; started: boolean }> {
  const socketPath = runtimeSocketPath(dir);
  if (socketPath.length > maxSocketPath) throw new RuntimeUnavailableError(`the runtime socket path ${socketPath} is longer than ${maxSocketPath} bytes: use a shorter --data-dir`);
  const running = await connectRuntimeProcess(dir);
  if (running) return { runtime: running, started: false };
  const main = fileURLToPath(new URL('./runtime-main.js', import.meta.url));
  const logFd = openSync(runtimeLogPath(dir), 'a', 0o600);
  const child = spawn(process.execPath, [main, '--root', dir], { detached: true, stdio: ['ignore', logFd, logFd] });
  closeSync(logFd);
  child.unref();
  let exited: number | null | undefined;
  child.once('exit', (code: number | null) => { exited = code; });
  const deadline = Date.now() + (options.timeoutMs ?? 15_000);
  for (;;) {
    const runtime = await connectRuntimeProcess(dir);
    if (runtime) return { runtime, started: true };
    if (exited !== undefined || Date.now() > deadline) {
      const tail = ((): string => { try { return readFileSync(runtimeLogPath(dir), 'utf8').split('\n').slice(-6).join('\n'); } catch { return ''; } })();
      throw new RuntimeUnavailableError(`the container runtime process for ${dir} did not start${exited !== undefined ? ` (exit code ${exited})` : ''}; ${runtimeLogPath(dir)}:\n${tail}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
}
