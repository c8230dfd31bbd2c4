// A command run in a running container for its result, as probes and lifecycle hooks need it: the exit code and
// the first 10 KiB of its output, or -1 once the timeout has passed (the process is killed).
import type { Clock } from '../../util/index.js';
import type { ContainerRuntime } from '../runtime/container-runtime.js';

export function execCaptured(runtime: ContainerRuntime, request: { id: string; command: readonly string[]; timeoutMs: number; clock: Clock }): Promise<{ exitCode: number; output: string }> {
  const child = runtime.exec(request.id, request.command, { tty: false, stdin: false });
  let output = '';
  const keep = (c: Buffer): void => { if (output.length < 10_240) output += c.toString('utf8'); };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  return new Promise((resolve) => {
    const timer = request.clock.setTimeout(() => { child.kill('SIGKILL'); resolve({ exitCode: -1, output: `command timed out after ${request.timeoutMs / 1000}s` }); }, request.timeoutMs);
    void child.exited.then((code) => { timer[Symbol.dispose](); resolve({ exitCode: code, output }); });
  });
}
