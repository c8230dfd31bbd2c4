// Test support: runs real etcd members (Debian's etcd-server) on loopback with free ports and a temp
// data dir. Not used by the server; tests skip when `etcd` is not installed.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Why etcd tests cannot run here, or undefined when the `etcd` binary is available. */
export function etcdMissing(): string | undefined {
  const r = spawnSync('etcd', ['--version'], { encoding: 'utf8' });
  return r.error || r.status !== 0 ? 'etcd is not installed (apt-get install etcd-server; scripts/setup.sh does it)' : undefined;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

export interface EtcdCluster {
  /** host:port of each member's client URL. */
  readonly endpoints: string[];
  /** With tls: the files of the members' CA and of a client certificate they accept (client-cert-auth). */
  readonly tls?: { caFile: string; certFile: string; keyFile: string };
  /** etcd://… for openStore and --datastore. */
  readonly url: string;
  /** Runs etcdctl against the cluster; returns stdout. */
  etcdctl(...args: string[]): string;
  /** Kills member i (SIGKILL), as a machine that goes away. */
  killMember(i: number): Promise<void>;
  /** Starts member i again on its data dir (it rejoins the cluster). */
  restartMember(i: number): void;
  stop(): Promise<void>;
}

interface Member { name: string; client: number; peer: number; dir: string }

/** A CA, a serving certificate for 127.0.0.1 and a client certificate, made with openssl under dir. */
function testCertificates(dir: string): { caFile: string; certFile: string; keyFile: string; serverCert: string; serverKey: string } {
  const ssl = (...args: string[]): void => {
    const r = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`openssl ${args.join(' ')}: ${r.stderr}`);
  };
  ssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '2', '-subj', '/CN=etcd-test-ca');
  for (const [name, ext] of [['server', 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth'], ['client', 'extendedKeyUsage=clientAuth']] as const) {
    ssl('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=etcd-${name}`);
    writeFileSync(join(dir, `${name}.ext`), `${ext}\n`);
    ssl('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.crt`, '-days', '2', '-extfile', `${name}.ext`);
  }
  return { caFile: join(dir, 'ca.crt'), certFile: join(dir, 'client.crt'), keyFile: join(dir, 'client.key'), serverCert: join(dir, 'server.crt'), serverKey: join(dir, 'server.key') };
}

/** Starts `size` members (1 or 3) and waits until the cluster answers; with tls, clients need a certificate. */
export async function startEtcd(size = 1, options: { tls?: boolean; progressNotifyMs?: number } = {}): Promise<EtcdCluster> {
  const base = mkdtempSync(join(tmpdir(), 'skiff-etcd-'));
  const certs = options.tls ? testCertificates(base) : undefined;
  const scheme = certs ? 'https' : 'http';
  const tlsFlags = certs ? ['--cert-file', certs.serverCert, '--key-file', certs.serverKey, '--trusted-ca-file', certs.caFile, '--client-cert-auth'] : [];
  const members: Member[] = [];
  for (let i = 0; i < size; i++) members.push({ name: `m${i}`, client: await freePort(), peer: await freePort(), dir: join(base, `m${i}`) });
  const initialCluster = members.map((m) => `${m.name}=http://127.0.0.1:${m.peer}`).join(',');
  const stderr: string[] = [];
  const run = (m: Member, state: 'new' | 'existing'): ChildProcess => {
    const p = spawn('etcd', [
      '--name', m.name, '--data-dir', m.dir,
      '--listen-client-urls', `${scheme}://127.0.0.1:${m.client}`, '--advertise-client-urls', `${scheme}://127.0.0.1:${m.client}`, ...tlsFlags,
      '--listen-peer-urls', `http://127.0.0.1:${m.peer}`, '--initial-advertise-peer-urls', `http://127.0.0.1:${m.peer}`,
      '--initial-cluster', initialCluster, '--initial-cluster-state', state, '--initial-cluster-token', `skiff-test-${process.pid}`,
      '--log-level', 'error', '--logger', 'zap', ...(options.progressNotifyMs ? ['--experimental-watch-progress-notify-interval', `${options.progressNotifyMs}ms`] : []),
    ], { stdio: ['ignore', 'ignore', 'pipe'] });
    p.stderr?.on('data', (d: Buffer) => { stderr.push(d.toString()); if (stderr.length > 50) stderr.shift(); });
    return p;
  };
  const procs: ChildProcess[] = members.map((m) => run(m, 'new'));
  const killMember = async (i: number): Promise<void> => {
    const p = procs[i]!;
    if (p.exitCode !== null || p.signalCode !== null) return;
    const exited = new Promise((r) => p.once('exit', r));
    p.kill('SIGKILL');
    await exited;
  };
  const restartMember = (i: number): void => { procs[i] = run(members[i]!, 'existing'); };
  const endpoints = members.map((m) => `127.0.0.1:${m.client}`);
  const etcdctl = (...args: string[]): string => {
    const tlsArgs = certs ? ['--cacert', certs.caFile, '--cert', certs.certFile, '--key', certs.keyFile] : [];
    const r = spawnSync('etcdctl', ['--endpoints', endpoints.map((e) => `${scheme}://${e}`).join(','), ...tlsArgs, ...args], { encoding: 'utf8', env: { ...process.env, ETCDCTL_API: '3' } });
    if (r.status !== 0) throw new Error(`etcdctl ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  const stop = async () => {
    await Promise.all(procs.map((p) => new Promise<void>((resolve) => {
      if (p.exitCode !== null || p.signalCode !== null) { resolve(); return; }
      p.once('exit', () => resolve());
      p.kill('SIGTERM');
    })));
    rmSync(base, { recursive: true, force: true });
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      etcdctl('endpoint', 'health', '--cluster=false');
      break;
    } catch (e: unknown) {
      if (Date.now() > deadline || procs.some((p) => p.exitCode !== null)) {
        await stop();
        throw new Error(`etcd did not start: ${String(e)}\n${stderr.join('')}`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  return { endpoints, url: `etcd://${endpoints.join(',')}`, etcdctl, killMember, restartMember, stop, ...(certs ? { tls: { caFile: certs.caFile, certFile: certs.certFile, keyFile: certs.keyFile } } : {}) };
}
