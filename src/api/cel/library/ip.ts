// Kubernetes' IP and CIDR libraries (k8s.io/apiserver/pkg/cel/library/ip.go, cidr.go): net.IP and net.CIDR values
// on Go netip semantics (ip-address.ts). Zones and IPv4-mapped IPv6 addresses are rejected, as upstream.
import { EvaluationError, type Environment } from '@marcbachmann/cel-js';
import {
  formatAddr, formatPrefix, isIPv4, isIPv4Mapped, maskedPrefix, parseAddr, parsePrefix, prefixContains,
  type IpAddress, type IpPrefix,
} from './ip-address.js';
import { registerNamespace } from './namespace.js';

/** The CEL value of type net.IP. */
export class CelIp {
  constructor(readonly addr: IpAddress) {}

  celEquals(other: unknown): boolean {
    return other instanceof CelIp && formatAddr(other.addr) === formatAddr(this.addr);
  }
}

/** The CEL value of type net.CIDR. */
export class CelCidr {
  constructor(readonly prefix: IpPrefix) {}

  celEquals(other: unknown): boolean {
    return other instanceof CelCidr && formatPrefix(other.prefix) === formatPrefix(this.prefix);
  }
}

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** Upstream parseIPAddr: netip.ParseAddr without zones or IPv4-mapped IPv6. Throws Error with upstream's messages. */
function parseIp(raw: string): IpAddress {
  let addr: IpAddress;
  try {
    addr = parseAddr(raw);
  } catch (e: unknown) {
    throw new Error(`IP Address ${JSON.stringify(raw)} parse error during conversion from string: ${messageOf(e)}`, { cause: e });
  }
  if (addr.zone !== '') throw new Error(`IP address ${JSON.stringify(raw)} with zone value is not allowed`);
  if (isIPv4Mapped(addr)) throw new Error(`IPv4-mapped IPv6 address ${JSON.stringify(raw)} is not allowed`);
  return addr;
}

function parseCidr(raw: string): IpPrefix {
  let prefix: IpPrefix;
  try {
    prefix = parsePrefix(raw);
  } catch (e: unknown) {
    throw new Error(`network address parse error during conversion from string: ${messageOf(e)}`, { cause: e });
  }
  if (isIPv4Mapped(prefix.addr)) throw new Error(`IPv4-mapped IPv6 address ${JSON.stringify(raw)} is not allowed`);
  return prefix;
}

/** Runs a parse, turning its Error into a CEL evaluation error. */
function evaluating<T>(parse: () => T): T {
  try {
    return parse();
  } catch (e: unknown) {
    throw new EvaluationError(messageOf(e), undefined, e);
  }
}

const succeeds = (parse: () => unknown): boolean => {
  try {
    parse();
    return true;
  } catch {
    return false;
  }
};

const b = (a: IpAddress, i: number): number => a.bytes[i] ?? 0;
const isLoopback = (a: IpAddress): boolean => (isIPv4(a) ? b(a, 0) === 127 : a.bytes.every((v, i) => v === (i === 15 ? 1 : 0)));
const isUnspecified = (a: IpAddress): boolean => a.bytes.every((v) => v === 0);
const isMulticast = (a: IpAddress): boolean => (isIPv4(a) ? (b(a, 0) & 0xf0) === 0xe0 : b(a, 0) === 0xff);
const isLinkLocalUnicast = (a: IpAddress): boolean =>
  isIPv4(a) ? b(a, 0) === 169 && b(a, 1) === 254 : b(a, 0) === 0xfe && (b(a, 1) & 0xc0) === 0x80;
const isLinkLocalMulticast = (a: IpAddress): boolean =>
  isIPv4(a) ? b(a, 0) === 224 && b(a, 1) === 0 && b(a, 2) === 0 : b(a, 0) === 0xff && (b(a, 1) & 0x0f) === 0x02;
const isBroadcast = (a: IpAddress): boolean => isIPv4(a) && a.bytes.every((v) => v === 255);
const isGlobalUnicast = (a: IpAddress): boolean =>
  !isUnspecified(a) && !isBroadcast(a) && !isLoopback(a) && !isMulticast(a) && !isLinkLocalUnicast(a);

function containsCidr(outer: IpPrefix, inner: IpPrefix): boolean {
  return inner.bits >= outer.bits && prefixContains(outer, inner.addr);
}

/** Registers the IP library into env. */
export function registerIp(env: Environment): void {
  const ip = 'net.IP';
  env.registerType(ip, CelIp);
  env.registerOperator(`${ip} == ${ip}`, (x: CelIp, y: CelIp) => x.celEquals(y));
  env.registerFunction(`ip(string): ${ip}`, (s: string) => new CelIp(evaluating(() => parseIp(s))));
  env.registerFunction('isIP(string): bool', (s: string) => succeeds(() => parseIp(s)));
  const ns = registerNamespace(env, 'ip');
  env.registerFunction(`${ns}.isCanonical(string): bool`, (_: unknown, s: string) => formatAddr(evaluating(() => parseIp(s))) === s);
  env.registerFunction(`${ip}.family(): int`, (x: CelIp) => (isIPv4(x.addr) ? 4n : 6n));
  env.registerFunction(`${ip}.isUnspecified(): bool`, (x: CelIp) => isUnspecified(x.addr));
  env.registerFunction(`${ip}.isLoopback(): bool`, (x: CelIp) => isLoopback(x.addr));
  env.registerFunction(`${ip}.isLinkLocalMulticast(): bool`, (x: CelIp) => isLinkLocalMulticast(x.addr));
  env.registerFunction(`${ip}.isLinkLocalUnicast(): bool`, (x: CelIp) => isLinkLocalUnicast(x.addr));
  env.registerFunction(`${ip}.isGlobalUnicast(): bool`, (x: CelIp) => isGlobalUnicast(x.addr));
  env.registerFunction(`string(${ip}): string`, (x: CelIp) => formatAddr(x.addr));
}

/** Registers the CIDR library into env (after the IP library, whose type it uses). */
export function registerCidr(env: Environment): void {
  const cidr = 'net.CIDR';
  env.registerType(cidr, CelCidr);
  env.registerOperator(`${cidr} == ${cidr}`, (x: CelCidr, y: CelCidr) => x.celEquals(y));
  env.registerFunction(`cidr(string): ${cidr}`, (s: string) => new CelCidr(evaluating(() => parseCidr(s))));
  env.registerFunction('isCIDR(string): bool', (s: string) => succeeds(() => parseCidr(s)));
  env.registerFunction(`${cidr}.containsIP(string): bool`, (c: CelCidr, s: string) => prefixContains(c.prefix, evaluating(() => parseIp(s))));
  env.registerFunction(`${cidr}.containsIP(net.IP): bool`, (c: CelCidr, x: CelIp) => prefixContains(c.prefix, x.addr));
  env.registerFunction(`${cidr}.containsCIDR(string): bool`, (c: CelCidr, s: string) => containsCidr(c.prefix, evaluating(() => parseCidr(s))));
  env.registerFunction(`${cidr}.containsCIDR(${cidr}): bool`, (c: CelCidr, o: CelCidr) => containsCidr(c.prefix, o.prefix));
  env.registerFunction(`${cidr}.ip(): net.IP`, (c: CelCidr) => new CelIp(c.prefix.addr));
  env.registerFunction(`${cidr}.masked(): ${cidr}`, (c: CelCidr) => new CelCidr(maskedPrefix(c.prefix)));
  env.registerFunction(`${cidr}.prefixLength(): int`, (c: CelCidr) => BigInt(c.prefix.bits));
  env.registerFunction(`string(${cidr}): string`, (c: CelCidr) => formatPrefix(c.prefix));
}
