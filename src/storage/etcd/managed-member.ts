// A server's own etcd member (k3s's embedded etcd, `skiff server --cluster-init`): Debian's `etcd` run as a child
// process on <data-dir>/db/etcd, TLS on its client and peer listeners with client-certificate auth. The first server
// starts a new one-member cluster; a joining server is added with `etcdctl member add` through a member that runs,
// then starts with the cluster it was given; a restart starts the member on its data dir again.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, openSync, closeSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

export interface MemberTls {
  /** The etcd CA: members trust it for peers and clients. */
  caFile: string;
  /** This member's certificate (server and client auth) and key, for its listeners and towards its peers. */
  certFile: string;
  keyFile: string;
}

/** A client certificate of the etcd CA (the API server's), to manage members with etcdctl. */
export interface ClientTls { caFile: string; certFile: string; keyFile: string }

export interface ManagedMemberOptions {
  /** <data-dir>/db: the member's data is db/etcd, its name db/name, its log db/etcd.log. */
  dir: string;
  /** Where other members and servers reach it. */
  advertiseAddress: string;
  clientPort: number;
  peerPort: number;
  tls: MemberTls;
  /** Joining: the cluster as `etcdctl member add` gave it (name=peerURL,…). Absent: a new cluster (or a restart). */
  initialCluster?: string;
  /** The member's name (default: hostname-like prefix and a random suffix, kept in db/name). */
  namePrefix?: string;
}

export class EtcdMemberError extends Error {
  override name = 'EtcdMemberError';
}

export const peerUrl = (address: string, port: number): string => `https://${address}:${port}`;

/** The member's name, made once and kept in <dir>/name. */
export function memberName(dir: string, prefix = 'skiff'): string {
  const file = join(dir, 'name');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const name = `${prefix}-${randomBytes(4).toString('hex')}`;
  writeFileSync(file, `${name}\n`);
  return name;
}

/** Whether the member has data already (a restart: it rejoins its cluster by itself). */
export const memberExists = (dir: string): boolean => existsSync(join(dir, 'etcd', 'member'));

function etcdctl(endpoints: readonly string[], tls: ClientTls, args: readonly string[]): string {
  const r = spawnSync('etcdctl', ['--endpoints', endpoints.join(','), '--cacert', tls.caFile, '--cert', tls.certFile, '--key', tls.keyFile, '--dial-timeout', '5s', ...args], { encoding: 'utf8', env: { ...process.env, ETCDCTL_API: '3' } });
  if (r.error || r.status !== 0) throw new EtcdMemberError(`etcdctl ${args.join(' ')}: ${(r.stderr || String(r.error ?? '')).trim()}`);
  return r.stdout;
}

/** Adds a member named name at peer URL through a running member (client URLs given); returns its initial cluster. */
export function addMember(clientUrls: readonly string[], tls: ClientTls, name: string, memberPeerUrl: string): string {
  const out = etcdctl(clientUrls, tls, ['member', 'add', name, '--peer-urls', memberPeerUrl]);
  const cluster = /ETCD_INITIAL_CLUSTER="([^"]*)"/.exec(out)?.[1];
  if (!cluster) throw new EtcdMemberError(`etcdctl member add answered no initial cluster: ${out}`);
  return cluster;
}

interface MemberList { members?: { ID: number | string; name?: string }[] }

/** The names of the cluster's members. */
export function listMembers(clientUrls: readonly string[], tls: ClientTls): string[] {
  const list = JSON.parse(etcdctl(clientUrls, tls, ['member', 'list', '-w', 'json'])) as MemberList;
  return (list.members ?? []).map((m) => m.name ?? '').filter(Boolean);
}

/** Removes the member named name (a server leaving the cluster); unknown names are fine. */
export function removeMember(clientUrls: readonly string[], tls: ClientTls, name: string): boolean {
  // etcdctl prints member IDs in hex and takes them so; its JSON has them as (unsafe-sized) decimal numbers.
  const out = etcdctl(clientUrls, tls, ['member', 'list']);
  const m = out.split('\n').map((l) => l.split(', ')).find((f) => f[2] === name);
  if (!m) return false;
  etcdctl(clientUrls, tls, ['member', 'remove', m[0]!]);
  return true;
}

export class ManagedEtcdMember implements AsyncDisposable {
  readonly name: string;
  /** host:port the local API server uses. */
  readonly localEndpoint: string;
  /** https://advertise:clientPort, for other servers. */
  readonly clientUrl: string;
  readonly #child: ChildProcess;
  readonly #exited: Promise<void>;

  private constructor(name: string, child: ChildProcess, o: ManagedMemberOptions) {
    this.name = name;
    this.localEndpoint = `127.0.0.1:${o.clientPort}`;
    this.clientUrl = `https://${o.advertiseAddress}:${o.clientPort}`;
    this.#child = child;
    this.#exited = new Promise((r) => { if (child.exitCode !== null || child.signalCode !== null) r(); else child.once('exit', () => r()); });
  }

  /** Starts the member and waits until it answers (a joining member once it has caught up with the cluster). */
  static async start(o: ManagedMemberOptions, timeoutMs = 60_000): Promise<ManagedEtcdMember> {
    const name = memberName(o.dir, o.namePrefix);
    const fresh = !memberExists(o.dir);
    const peer = peerUrl(o.advertiseAddress, o.peerPort);
    const cluster = o.initialCluster ?? `${name}=${peer}`;
    const args = [
      '--name', name, '--data-dir', join(o.dir, 'etcd'),
      '--listen-client-urls', `https://127.0.0.1:${o.clientPort},https://${o.advertiseAddress}:${o.clientPort}`, '--advertise-client-urls', `https://${o.advertiseAddress}:${o.clientPort}`,
      '--listen-peer-urls', peer, '--initial-advertise-peer-urls', peer,
      '--cert-file', o.tls.certFile, '--key-file', o.tls.keyFile, '--trusted-ca-file', o.tls.caFile, '--client-cert-auth',
      '--peer-cert-file', o.tls.certFile, '--peer-key-file', o.tls.keyFile, '--peer-trusted-ca-file', o.tls.caFile, '--peer-client-cert-auth',
      ...(fresh ? ['--initial-cluster', cluster, '--initial-cluster-state', o.initialCluster ? 'existing' : 'new'] : []),
      '--logger', 'zap', '--log-level', 'warn',
    ];
    mkdirSync(o.dir, { recursive: true, mode: 0o700 });
    const log = openSync(join(o.dir, 'etcd.log'), 'a', 0o600);
    let child: ChildProcess;
    try {
      child = spawn('etcd', args, { stdio: ['ignore', log, log] });
    } finally {
      closeSync(log);
    }
    if (child.pid) writeFileSync(join(o.dir, 'etcd.pid'), `${child.pid}\n`);
    const member = new ManagedEtcdMember(name, child, o);
    const tls = { caFile: o.tls.caFile, certFile: o.tls.certFile, keyFile: o.tls.keyFile };
    for (const deadline = Date.now() + timeoutMs; ;) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new EtcdMemberError(`the managed etcd member exited (${child.exitCode ?? child.signalCode}): ${readFileSync(join(o.dir, 'etcd.log'), 'utf8').split('\n').slice(-8).join('\n')}`);
      }
      try {
        etcdctl([`https://${member.localEndpoint}`], tls, ['endpoint', 'health']);
        return member;
      } catch (e: unknown) {
        if (Date.now() > deadline) { await member[Symbol.asyncDispose](); throw e; }
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  async [Symbol.asyncDispose](): Promise<void> {
    if (this.#child.exitCode === null && this.#child.signalCode === null) this.#child.kill('SIGTERM');
    await this.#exited;
  }
}
