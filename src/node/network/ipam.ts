// Pod IPs from the node's podCIDR (IPv4): the first host address is the bridge's (the pods' gateway), the
// rest go to pods. Like CNI's host-local IPAM, allocation goes round from the last address handed out, so a
// released address is not reused at once (other pods' ARP caches still map it to the old pod's interface).
// Pure; the caller persists `state()` so a restart keeps the addresses and the position.

export interface Cidr { base: number; prefix: number }

export function parseCidr(text: string): Cidr {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(text);
  if (!m) throw new RangeError(`invalid IPv4 CIDR "${text}"`);
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some((o) => o > 255) || prefix > 30 || prefix < 8) throw new RangeError(`invalid IPv4 CIDR "${text}" (prefix must be 8–30)`);
  const raw = octets.reduce((a, o) => a * 256 + o, 0);
  const size = 2 ** (32 - prefix);
  return { base: raw - (raw % size), prefix };
}

export function formatIp(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
}

export function parseIp(text: string): number {
  return text.split('.').reduce((a, o) => a * 256 + Number(o), 0);
}

export function gatewayOf(cidr: Cidr): string {
  return formatIp(cidr.base + 1);
}

export interface IpamState { assigned: Record<string, string>; last: string }

export class PodIpam {
  readonly cidr: Cidr;
  readonly #byOwner = new Map<string, string>();
  readonly #used = new Set<number>();
  #last: number;
  constructor(cidr: string, state: Partial<IpamState> = {}) {
    this.cidr = parseCidr(cidr);
    const assigned = state.assigned ?? {};
    this.#last = state.last && this.#contains(parseIp(state.last)) ? parseIp(state.last) : this.cidr.base + 1;
    for (const [owner, ip] of Object.entries(assigned)) if (this.#contains(parseIp(ip))) { this.#byOwner.set(owner, ip); this.#used.add(parseIp(ip)); }
  }
  #contains(n: number): boolean {
    return n > this.cidr.base + 1 && n < this.cidr.base + 2 ** (32 - this.cidr.prefix) - 1;
  }
  /** The owner's address (the same one on every call until released). */
  allocate(owner: string): string {
    const known = this.#byOwner.get(owner);
    if (known) return known;
    const first = this.cidr.base + 2;
    const count = 2 ** (32 - this.cidr.prefix) - 3;
    for (let i = 1; i <= count; i++) {
      const n = first + ((this.#last - first + i) % count + count) % count;
      if (this.#used.has(n)) continue;
      this.#used.add(n);
      this.#last = n;
      const ip = formatIp(n);
      this.#byOwner.set(owner, ip);
      return ip;
    }
    throw new RangeError(`no free pod IP in ${formatIp(this.cidr.base)}/${this.cidr.prefix}`);
  }
  release(owner: string): void {
    const ip = this.#byOwner.get(owner);
    if (!ip) return;
    this.#byOwner.delete(owner);
    this.#used.delete(parseIp(ip));
  }
  assigned(): Record<string, string> {
    return Object.fromEntries(this.#byOwner);
  }
  state(): IpamState {
    return { assigned: this.assigned(), last: formatIp(this.#last) };
  }
}
