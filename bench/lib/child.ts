// Starts a benchmark child process (a `skiff server`, a baseline server) and waits for its ready line.
import { execFileSync, spawn } from 'node:child_process';

export async function startChild(args: string[], ready: RegExp): Promise<{ port: number; pid: number; stop: () => void; exited: Promise<void> }> {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  let out = '';
  const port = await new Promise<number>((res, rej) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = ready.exec(out);
      if (m) res(Number(m[1]));
    });
    child.once('exit', (c) => rej(new Error(`child exited ${c}: ${out}`)));
  });
  return { port, pid: child.pid!, stop: () => child.kill('SIGTERM'), exited };
}

/**
 * Stops what a bench server's embedded node left running (its pods outlive the server): `skiff killall` on its data
 * dir, once the server has exited.
 */
export async function killNode(repo: string, server: { exited: Promise<void> }, dataDir: string): Promise<void> {
  await server.exited;
  execFileSync(process.execPath, [`${repo}/dist/src/cmd/skiff.js`, 'killall', '--data-dir', dataDir], { stdio: 'ignore' });
}

/** A process's resident memory (MiB) and its CPU use (% of one core) over the next sampleMs (Linux /proc). */
export async function processUsage(pid: number, sampleMs = 10_000): Promise<{ rssMiB: number; cpuPercent: number }> {
  const { readFileSync } = await import('node:fs');
  const ticks = (): number => { const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' '); return Number(f[11]) + Number(f[12]); };
  const t0 = ticks();
  await new Promise((r) => setTimeout(r, sampleMs));
  const cpuPercent = ((ticks() - t0) / 100) / (sampleMs / 1000) * 100; // USER_HZ = 100
  const rssKiB = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  return { rssMiB: rssKiB / 1024, cpuPercent };
}
