// Starts a benchmark child process (a `skiff server`, a baseline server) and waits for its ready line.
import { spawn } from 'node:child_process';

export async function startChild(args: string[], ready: RegExp): Promise<{ port: number; stop: () => void }> {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  const port = await new Promise<number>((res, rej) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = ready.exec(out);
      if (m) res(Number(m[1]));
    });
    child.once('exit', (c) => rej(new Error(`child exited ${c}: ${out}`)));
  });
  return { port, stop: () => child.kill('SIGTERM') };
}
