// The spawn helper's own process (see spawn-helper.ts): forks what the agent asks for and relays stdio and
// exits over the IPC channel. When the agent goes away it exits too; the processes it started stay (as they
// would have as the agent's own children), and the next agent cleans them up.
import { spawn, type ChildProcess } from 'node:child_process';
import { exitCodeOf, resizeTerminal, runCommand } from './exec.js';
import type { HelperReply, HelperRequest } from './spawn-helper.js';

const children = new Map<number, ChildProcess>();
const send = (m: HelperReply): void => { if (process.connected) process.send!(m); };

process.on('message', (m: HelperRequest) => {
  if (m.op === 'start') {
    let child: ChildProcess;
    try {
      child = spawn(m.file, m.args, { stdio: [m.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
    } catch (e: unknown) {
      send({ id: m.id, kind: 'error', message: (e as Error).message });
      return;
    }
    children.set(m.id, child);
    let spawnError: string | undefined;
    child.on('error', (e) => { spawnError = e.message; });
    child.stdout!.on('data', (d: Buffer) => send({ id: m.id, kind: 'stdout', data: d }));
    child.stderr!.on('data', (d: Buffer) => send({ id: m.id, kind: 'stderr', data: d }));
    child.stdin?.on('error', () => undefined);
    child.on('close', (code, signal) => {
      children.delete(m.id);
      if (spawnError !== undefined) send({ id: m.id, kind: 'error', message: spawnError });
      else send({ id: m.id, kind: 'exit', code: exitCodeOf(code, signal), rawCode: code });
    });
    if (m.input !== undefined) child.stdin?.end(m.input);
    return;
  }
  const child = children.get(m.id);
  if (!child) return;
  if (m.op === 'write') child.stdin?.write(m.data);
  else if (m.op === 'end') child.stdin?.end();
  else if (m.op === 'kill' && child.exitCode === null && child.signalCode === null) child.kill(m.signal);
  else if (m.op === 'resize' && child.pid) void resizeTerminal(child.pid, m.cols, m.rows, runCommand);
});
process.on('disconnect', () => process.exit(0));
