// port-forward's connection to a pod: to localhost inside the pod's network namespace, as upstream runtimes
// connect, so a server bound only to the pod's loopback is reached too. Node cannot enter a namespace, so
// `nsenter --net=<ns> socat - TCP4:127.0.0.1:<port>` does (dockershim's way); socat's notices tell when the
// connection is up, or why it failed.
import { spawn } from 'node:child_process';
import { Duplex } from 'node:stream';

/** Raised when the port cannot be reached; the message is the reason ("connection refused"). */
export class ForwardError extends Error {}

/** socat's reason for a failed connect, as Go's dialer words it ("connection refused"). */
export function connectFailure(stderr: string): string {
  const m = /E connect\([^)]*\): (.+)$/m.exec(stderr) ?? /E (.+)$/m.exec(stderr);
  const reason = (m?.[1] ?? stderr.trim().split('\n').pop() ?? 'socat failed').trim();
  return reason.charAt(0).toLowerCase() + reason.slice(1);
}

/** Connects to 127.0.0.1:port inside the network namespace file `netns`; resolves once connected. */
export function connectInNamespace(netns: string, port: number): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    // -t: after one side ends, wait this long for the other before closing (a request's answer after a half-close).
    const child = spawn('nsenter', [`--net=${netns}`, 'socat', '-d', '-d', '-t', '5', '-', `TCP4:127.0.0.1:${port}`], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    let connected = false;
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => {
      if (connected) return;
      stderr += d;
      if (!/N starting data transfer loop/.test(stderr)) return;
      connected = true;
      const stream = Duplex.from({ readable: child.stdout, writable: child.stdin });
      stream.on('close', () => { if (child.exitCode === null) child.kill(); });
      resolve(stream);
    });
    child.once('error', (e) => reject(new ForwardError(e.message)));
    child.once('exit', () => { if (!connected) reject(new ForwardError(connectFailure(stderr))); });
  });
}
