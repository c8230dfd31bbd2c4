// The machine's record of pod networks in use (see network-claims.ts): one JSON file per bridge under
// /run/skiff/networks (tmpfs: gone with the bridges at reboot), written by the agent that holds it.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { findNetworkConflict, suggestedClusterCidr, type HostAddress, type NetworkClaim } from './network-claims.js';

export const networkClaimsDir = '/run/skiff/networks';

/** A second Skiff on this machine would share a pod network with a running one: the start is refused. */
export class PodNetworkConflictError extends Error {
  override name = 'PodNetworkConflict';
}

function isNetworkClaim(v: unknown): v is NetworkClaim {
  if (v === null || typeof v !== 'object') return false;
  const o: Record<string, unknown> = { ...v };
  return typeof o['podCidr'] === 'string' && typeof o['bridge'] === 'string' && typeof o['dataDir'] === 'string' && typeof o['pid'] === 'number';
}

/** The claims on this machine; unreadable or malformed files are skipped. */
export function readNetworkClaims(dir = networkClaimsDir): NetworkClaim[] {
  let names: string[];
  try { names = readdirSync(dir).filter((n) => n.endsWith('.json')); } catch { return []; }
  const out: NetworkClaim[] = [];
  for (const n of names) {
    try {
      const v: unknown = JSON.parse(readFileSync(join(dir, n), 'utf8'));
      if (isNetworkClaim(v)) out.push(v);
    } catch { /* being written or removed: not a claim yet */ }
  }
  return out;
}

function hostAddresses(): HostAddress[] {
  return Object.entries(networkInterfaces()).flatMap(([iface, list]) => (list ?? []).filter((a) => a.family === 'IPv4').map((a) => ({ iface, address: a.address })));
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e: unknown) {
    return e instanceof Error && 'code' in e && e.code === 'EPERM';
  }
}

/** How to get out of a conflict: the flag that picks another range. */
export const serverNetworkHint = (clusterCidr: string): string =>
  `start this server with another --cluster-cidr (such as ${suggestedClusterCidr(clusterCidr)}), or with --disable-agent`;
export const agentNetworkHint = (podCidr: string): string =>
  `this agent's server must assign pod CIDRs from another --cluster-cidr (such as ${suggestedClusterCidr(podCidr)})`;

/** Throws PodNetworkConflictError when `range` may not be used by the agent of `dataDir` on this machine. */
export function checkPodNetworkFree(range: string, options: { dataDir: string; hint: string; dir?: string }): void {
  const reason = findNetworkConflict({ range, dataDir: options.dataDir, claims: readNetworkClaims(options.dir), addresses: hostAddresses(), isAlive: isProcessAlive });
  if (reason) throw new PodNetworkConflictError(`Cannot start the agent: ${reason}; ${options.hint}`);
}

/**
 * Checks that the pod network of `claim` is free and records the claim, both under the claims directory's lock, so
 * two agents starting at the same instant on overlapping ranges cannot both pass the check.
 */
export async function claimPodNetwork(claim: Omit<NetworkClaim, 'pid'> & { pid?: number }, options: { hint: string; dir?: string }): Promise<Disposable> {
  const dir = options.dir ?? networkClaimsDir;
  return withClaimsLock(dir, () => {
    checkPodNetworkFree(claim.podCidr, { dataDir: claim.dataDir, hint: options.hint, dir });
    return acquireNetworkClaim(claim, dir);
  });
}

/** A lock directory (mkdir is atomic); one older than 30 s is a crashed holder's and is taken over. */
async function withClaimsLock<T>(dir: string, fn: () => T): Promise<T> {
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  const lock = join(dir, '.lock');
  for (const deadline = Date.now() + 10_000; ;) {
    try {
      mkdirSync(lock);
      break;
    } catch (e: unknown) {
      if (!(e instanceof Error && 'code' in e && e.code === 'EEXIST')) throw e;
      const age = ((): number => { try { return Date.now() - statSync(lock).mtimeMs; } catch { return 0; } })();
      if (age > 30_000 || Date.now() > deadline) { rmSync(lock, { recursive: true, force: true }); continue; }
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  try {
    return fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/**
 * Records the claim (atomically) for the process that holds the network: by default this one; the agent names its
 * runtime process, whose pods keep the network in use after the agent stops. Disposing removes the claim unless
 * another agent took the bridge over since.
 */
export function acquireNetworkClaim(claim: Omit<NetworkClaim, 'pid'> & { pid?: number }, dir = networkClaimsDir): Disposable {
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  const file = join(dir, `${claim.bridge}.json`);
  const record: NetworkClaim = { ...claim, pid: claim.pid ?? process.pid };
  writeFileSync(`${file}.${process.pid}.tmp`, JSON.stringify(record));
  renameSync(`${file}.${process.pid}.tmp`, file);
  return { [Symbol.dispose]: () => releaseNetworkClaim(claim.bridge, claim.dataDir, dir) };
}

/** Removes the claim on bridge if dataDir holds it (skiff killall; an agent whose start failed). */
export function releaseNetworkClaim(bridge: string, dataDir: string, dir = networkClaimsDir): void {
  const still = readNetworkClaims(dir).find((c) => c.bridge === bridge);
  if (still?.dataDir === dataDir) rmSync(join(dir, `${bridge}.json`), { force: true });
}
