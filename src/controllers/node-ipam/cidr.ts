// The range allocator's arithmetic (upstream node-ipam, "RangeAllocator"): the cluster CIDR cut into
// per-node subnets (/24 from a /16 by default); each node without a podCIDR gets the lowest subnet that no
// node holds. Pure.

export interface ClusterCidr { base: number; prefix: number; nodePrefix: number }

const toInt = (ip: string): number => ip.split('.').reduce((a, o) => a * 256 + Number(o), 0);
const toIp = (n: number): string => [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');

export function parseClusterCidr(text: string, nodePrefix = 24): ClusterCidr {
  const m = /^(\d{1,3}(?:\.\d{1,3}){3})\/(\d{1,2})$/.exec(text);
  if (!m || m[1]!.split('.').some((o) => Number(o) > 255)) throw new RangeError(`invalid CIDR address: ${text}`);
  const prefix = Number(m[2]);
  if (prefix > nodePrefix || prefix < 8) throw new RangeError(`the cluster CIDR ${text} must be between /8 and /${nodePrefix}`);
  const size = 2 ** (32 - prefix);
  const raw = toInt(m[1]!);
  return { base: raw - (raw % size), prefix, nodePrefix };
}

export function formatSubnet(base: number, prefix: number): string {
  return `${toIp(base)}/${prefix}`;
}

/** The lowest per-node subnet of the cluster CIDR not in `used` (podCIDR strings), or undefined when all are taken. */
export function nextSubnet(cidr: ClusterCidr, used: ReadonlySet<string>): string | undefined {
  const count = 2 ** (cidr.nodePrefix - cidr.prefix);
  const step = 2 ** (32 - cidr.nodePrefix);
  for (let i = 0; i < count; i++) {
    const s = formatSubnet(cidr.base + i * step, cidr.nodePrefix);
    if (!used.has(s)) return s;
  }
  return undefined;
}
