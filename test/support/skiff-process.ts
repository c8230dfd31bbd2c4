// Starts a real `skiff server` child process on 127.0.0.1 with a free port and a temp data dir,
// and runs the real kubectl (the dispatcher on PATH) against it.
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const skiffBin = join(repo, 'dist/src/cmd/skiff.js');
export const fixtures = join(repo, 'test/e2e/fixtures');

export function kubectlAvailable(): boolean {
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore', timeout: 20_000 });
    return true;
  } catch {
    return false;
  }
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface SkiffProcess {
  readonly url: string;
  readonly port: number;
  /** The cluster DNS server's port on 127.0.0.1 (UDP and TCP). */
  readonly dnsPort: number;
  readonly dataDir: string;
  readonly kubeconfig: string;
  readonly child: ChildProcess;
  readonly startupMs: number;
  /** What the server has printed on stdout so far. */
  output(): string;
  kubectl(args: readonly string[], options?: { input?: string; env?: Record<string, string>; timeoutMs?: number }): Promise<RunResult>;
  /** kubectl that must succeed: returns stdout, throws with stderr otherwise. */
  k(...args: string[]): Promise<string>;
  /** `kubectl create -f -` of input (YAML or JSON) that must succeed: returns stdout, throws with stderr otherwise. */
  create(input: string): Promise<string>;
  /**
   * Stops the server (SIGTERM unless told otherwise). Its pods outlive it, as upstream's outlive kubelet: unless
   * keepPods, `skiff killall` then stops them and removes the node's network, as every test must leave nothing.
   */
  stop(signal?: NodeJS.Signals, options?: { keepPods?: boolean }): Promise<void>;
}

export interface StartOptions {
  dataDir?: string;
  args?: readonly string[];
  keepDataDir?: boolean;
  /**
   * Run the embedded agent (real pods with runc) on its own cluster CIDR, so servers of tests running in
   * parallel get bridges and pod IPs of their own. Without it the server runs with --disable-agent.
   */
  agent?: boolean;
}

/**
 * A /22 of 10.100.0.0–10.227.255.255 per test server with an agent (four node subnets): one of 8,192, not in
 * use on this machine, so servers of tests running at once get bridges and DNS addresses of their own.
 */
export function uniqueClusterCidr(): string {
  const used = new Set(Object.values(networkInterfaces()).flatMap((l) => (l ?? []).map((a) => a.address.split('.').slice(0, 3).join('.'))));
  for (;;) {
    const cidr = `10.${100 + Math.floor(Math.random() * 128)}.${4 * Math.floor(Math.random() * 64)}`;
    if (![0, 1, 2, 3].some((i) => used.has(cidr.replace(/\.(\d+)$/, (_, n: string) => `.${Number(n) + i}`)))) return `${cidr}.0/22`;
  }
}

export async function startSkiff(options: StartOptions = {}): Promise<SkiffProcess> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'skiff-e2e-'));
  const kubeconfig = join(dataDir, 'kubeconfig.yaml');
  const cacheDir = mkdtempSync(join(tmpdir(), 'skiff-kcache-'));
  const t0 = Date.now();
  const agentArgs = options.agent ? ['--cluster-cidr', uniqueClusterCidr()] : options.args?.includes('--disable-agent') ? [] : ['--disable-agent'];
  const child = spawn(process.execPath, [skiffBin, 'server', '--data-dir', dataDir, '--https-listen-port', '0', '--write-kubeconfig', kubeconfig, ...agentArgs, ...(options.args ?? [])], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d: Buffer) => { err += d.toString(); if (err.length > 200_000) err = err.slice(-100_000); });
  // SKIFF_E2E_SERVER_LOG=<file>: every test server's log appended there (debugging a whole run).
  const logFile = process.env['SKIFF_E2E_SERVER_LOG'];
  if (logFile) child.stderr!.on('data', (d: Buffer) => appendFileSync(logFile, d));
  const url = await new Promise<string>((resolveUrl, reject) => {
    const onData = (d: Buffer): void => {
      out += d.toString();
      const m = /listening on (https:\/\/[^\s]+)/.exec(out);
      if (m && out.includes('Kubeconfig written')) {
        child.stdout!.off('data', onData);
        child.stdout!.on('data', (more: Buffer) => { out += more.toString(); if (out.length > 200_000) out = out.slice(-100_000); });
        resolveUrl(m[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`skiff server exited with code ${code} before it was ready:\n${out}\n${err}`)));
    setTimeout(() => reject(new Error(`skiff server did not start within 20 s:\n${out}\n${err}`)), 20_000).unref();
  });
  const startupMs = Date.now() - t0;
  const port = Number(new URL(url).port);
  const dnsPort = Number(/Cluster DNS \(cluster\.local\) on [\d.]+:(\d+)/.exec(out)?.[1] ?? 0);
  const kubectl = (args: readonly string[], o: { input?: string; env?: Record<string, string>; timeoutMs?: number } = {}): Promise<RunResult> =>
    new Promise((res) => {
      const p = execFile('kubectl', ['--cache-dir', cacheDir, ...args], { env: { ...process.env, KUBECONFIG: kubeconfig, ...(o.env ?? {}) }, timeout: o.timeoutMs ?? 60_000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
        const code = error ? (typeof (error as { code?: unknown }).code === 'number' ? (error as { code: number }).code : 1) : 0;
        res({ code, stdout: String(stdout), stderr: String(stderr) });
      });
      if (o.input !== undefined) p.stdin!.end(o.input);
      else p.stdin?.end();
    });
  return {
    url, port, dnsPort, dataDir, kubeconfig, child, startupMs, kubectl, output: () => out,
    async k(...args: string[]) {
      const r = await kubectl(args);
      if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
      return r.stdout;
    },
    async create(input: string) {
      const r = await kubectl(['create', '-f', '-'], { input });
      if (r.code !== 0) throw new Error(`kubectl create -f - failed (${r.code}): ${r.stderr}`);
      return r.stdout;
    },
    async stop(signal: NodeJS.Signals = 'SIGTERM', stopOptions: { keepPods?: boolean } = {}) {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill(signal);
        await exited;
      }
      if (!stopOptions.keepPods) await killall(dataDir);
      rmSync(cacheDir, { recursive: true, force: true });
      if (!options.keepDataDir && !options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** `skiff killall --data-dir dir`: stops what the node of dir left running (nothing when it had no agent). */
export function killall(dataDir: string): Promise<RunResult> {
  return new Promise((res) => {
    execFile(process.execPath, [skiffBin, 'killall', '--data-dir', dataDir], { timeout: 120_000 }, (error, stdout, stderr) => {
      res({ code: error ? (typeof (error as { code?: unknown }).code === 'number' ? (error as { code: number }).code : 1) : 0, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

/** Objects as one multi-document YAML stream (JSON documents). */
export const yamlStream = (docs: readonly object[]): string => docs.map((d) => `---\n${JSON.stringify(d)}\n`).join('');
