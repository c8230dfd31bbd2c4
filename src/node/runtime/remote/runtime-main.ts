// The node's runtime process (`skiff-runtime`): holds the containers of one agent data dir — their runc
// processes, stdio, CRI logs and exit codes — and serves them on <dir>/runtime.sock (runtime-server.ts). The agent
// starts it once (runtime-process.ts) in a session of its own, so stopping, killing or upgrading the agent leaves it
// and the pods running; `skiff killall` stops it. Usage: runtime-main.js --root <agent data dir>
import { writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { RuncRuntime } from '../runc/runc-runtime.js';
import { serveRuntime } from './runtime-server.js';
import { RemoteRuntime } from './remote-runtime.js';
import { runtimePidPath, runtimeSocketPath } from './runtime-process.js';

const log = (message: string): void => { process.stderr.write(`${new Date().toISOString()} skiff-runtime[${process.pid}] ${message}\n`); };

async function main(): Promise<void> {
  const i = process.argv.indexOf('--root');
  const root = i >= 0 ? process.argv[i + 1] : undefined;
  if (!root) throw new Error('usage: runtime-main.js --root <agent data dir>');
  process.title = 'skiff-runtime';
  const socketPath = runtimeSocketPath(root);
  // Another runtime process already serves this dir (two agents started at once): it stays, this one goes.
  const other = await RemoteRuntime.connect(socketPath).catch(() => undefined);
  if (other) {
    log(`pid ${other.pid} already serves ${socketPath}`);
    await other[Symbol.asyncDispose]();
    return;
  }
  const runtime = new RuncRuntime({ dataDir: root });
  let closing = false;
  const stop = async (why: string): Promise<void> => {
    if (closing) return;
    closing = true;
    log(`stopping (${why})`);
    await served[Symbol.asyncDispose]();
    rmSync(runtimePidPath(root), { force: true });
    process.exit(0);
  };
  const served = await serveRuntime(runtime, socketPath, { onShutdown: () => { setImmediate(() => { void stop('shutdown'); }); } });
  writeFileSync(runtimePidPath(root), `${process.pid}\n`);
  process.on('SIGTERM', () => { void stop('SIGTERM'); });
  // Its session has no terminal; a hangup or an interrupt is not meant for it.
  process.on('SIGHUP', () => undefined);
  process.on('SIGINT', () => undefined);
  log(`serving ${socketPath}`);
}

main().catch((e: unknown) => {
  log(`failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
  process.exit(1);
});
