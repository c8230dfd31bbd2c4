// Who holds a pod network on this machine: each running Skiff agent records the pod CIDR, bridge and cluster DNS
// address it uses, so a second server or agent (another data dir) refuses to start on an overlapping range
// instead of sharing the bridge and failing later on the DNS port. Pure: claims and interfaces come in.
import { formatIp, gatewayOf, parseCidr, parseIp, type Cidr } from './ipam.js';

/** What a running agent holds (one file per bridge). */
export interface NetworkClaim {
  readonly podCidr: string;
  readonly bridge: string;
  readonly dataDir: string;
  readonly pid: number;
}

/** One IPv4 address of a host interface (os.networkInterfaces()). */
export interface HostAddress {
  readonly iface: string;
  readonly address: string;
}

export interface NetworkConflictQuery {
  /** The range this start would use: the server's --cluster-cidr before the node has a podCIDR, then the podCIDR. */
  readonly range: string;
  readonly dataDir: string;
  readonly claims: readonly NetworkClaim[];
  readonly addresses: readonly HostAddress[];
  /** Whether a claim's process still runs (a claim left by a killed agent does not count). */
  isAlive(pid: number): boolean;
}

const size = (c: Cidr): number => 2 ** (32 - c.prefix);
/** Two CIDRs overlap when one contains the other's base. */
export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  const contains = (outer: Cidr, ip: number): boolean => ip >= outer.base && ip < outer.base + size(outer);
  return contains(a, b.base) || contains(b, a.base);
}

const isSkiffBridge = (iface: string): boolean => /^skiff[0-9a-f]{6}$/.test(iface);

/**
 * The reason this start may not use `range`, or undefined when it may: a live claim of another data dir on an
 * overlapping pod CIDR (its bridge and its DNS address on the gateway would be shared), or an address in the range
 * on an interface that is not a Skiff bridge (another cluster's cni0, a VPN). A Skiff bridge nobody claims is what
 * a killed agent left: it is taken over.
 */
export function findNetworkConflict(q: NetworkConflictQuery): string | undefined {
  const range = parseCidr(q.range);
  for (const c of q.claims) {
    if (c.dataDir === q.dataDir || !q.isAlive(c.pid)) continue;
    const theirs = parseCidr(c.podCidr);
    if (!cidrsOverlap(range, theirs)) continue;
    return `pod CIDR ${c.podCidr} (bridge ${c.bridge}, cluster DNS ${gatewayOf(theirs)}:53) is in use by another Skiff on this machine (pid ${c.pid}, data dir ${c.dataDir})`;
  }
  for (const a of q.addresses) {
    if (isSkiffBridge(a.iface)) continue;
    if (cidrsOverlap(range, { base: parseIp(a.address), prefix: 32 })) return `address ${a.address} of interface ${a.iface} lies in ${q.range}`;
  }
  return undefined;
}

/** A /16 next to `range` for the hint (10.42.0.0/16 → 10.43.0.0/16). */
export function suggestedClusterCidr(range: string): string {
  const c = parseCidr(range);
  const first = Math.floor(c.base / 2 ** 24);
  const second = Math.floor(c.base / 2 ** 16) % 256;
  return `${formatIp(first * 2 ** 24 + ((second + 1) % 256) * 2 ** 16)}/16`;
}
