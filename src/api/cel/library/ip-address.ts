// IP addresses and prefixes as Go's net/netip parses and prints them (ParseAddr, ParsePrefix, Addr.String):
// strict dotted quads without leading zeros, RFC 5952 IPv6 text, prefixes "addr/bits". Pure and allocation-light.

/** An IPv4 (4 bytes) or IPv6 (16 bytes) address; zone is the IPv6 "%zone" suffix, if any. */
export interface IpAddress {
  readonly bytes: Uint8Array;
  readonly zone: string;
}

/** An address with a prefix length, as netip.Prefix. */
export interface IpPrefix {
  readonly addr: IpAddress;
  readonly bits: number;
}

function parseIPv4(s: string): Uint8Array {
  const fields = s.split('.');
  if (fields.length !== 4) throw new Error(`ParseAddr(${JSON.stringify(s)}): IPv4 address too ${fields.length < 4 ? 'short' : 'long'}`);
  const out = new Uint8Array(4);
  fields.forEach((f, i) => {
    if (!/^\d{1,3}$/.test(f)) throw new Error(`ParseAddr(${JSON.stringify(s)}): unexpected character`);
    if (f.length > 1 && f.startsWith('0')) throw new Error(`ParseAddr(${JSON.stringify(s)}): IPv4 field has octet with leading zero`);
    const v = Number(f);
    if (v > 255) throw new Error(`ParseAddr(${JSON.stringify(s)}): IPv4 field has value >255`);
    out[i] = v;
  });
  return out;
}

function parseIPv6(s: string, whole: string): Uint8Array {
  const bad = (why: string): Error => new Error(`ParseAddr(${JSON.stringify(whole)}): ${why}`);
  const halves = s.split('::');
  if (halves.length > 2) throw bad('multiple :: in address');
  const groups = (part: string): number[] => {
    if (part === '') return [];
    const out: number[] = [];
    const items = part.split(':');
    items.forEach((g, i) => {
      if (i === items.length - 1 && g.includes('.')) {
        const v4 = parseIPv4(g);
        out.push(((v4[0] ?? 0) << 8) | (v4[1] ?? 0), ((v4[2] ?? 0) << 8) | (v4[3] ?? 0));
        return;
      }
      if (!/^[0-9A-Fa-f]{1,4}$/.test(g)) throw bad(g.length > 4 ? 'IPv6 field has value >=2^16' : 'unexpected character');
      out.push(parseInt(g, 16));
    });
    return out;
  };
  const head = groups(halves[0] ?? '');
  const tail = halves.length === 2 ? groups(halves[1] ?? '') : [];
  const fill = 8 - head.length - tail.length;
  if (halves.length === 1 ? fill !== 0 : fill < 1) throw bad(fill < 0 || halves.length === 2 ? 'address too long' : 'address too short');
  const all = [...head, ...new Array<number>(halves.length === 2 ? fill : 0).fill(0), ...tail];
  const out = new Uint8Array(16);
  all.forEach((g, i) => {
    out[2 * i] = g >> 8;
    out[2 * i + 1] = g & 0xff;
  });
  return out;
}

/** netip.ParseAddr. Throws Error with Go's message. */
export function parseAddr(s: string): IpAddress {
  if (s === '') throw new Error('ParseAddr(""): unable to parse IP');
  if (s.includes(':')) {
    const pct = s.indexOf('%');
    const zone = pct < 0 ? '' : s.slice(pct + 1);
    if (pct >= 0 && zone === '') throw new Error(`ParseAddr(${JSON.stringify(s)}): zone must be a non-empty string`);
    return { bytes: parseIPv6(pct < 0 ? s : s.slice(0, pct), s), zone };
  }
  return { bytes: parseIPv4(s), zone: '' };
}

/** netip.ParsePrefix. Throws Error with Go's message. */
export function parsePrefix(s: string): IpPrefix {
  const slash = s.lastIndexOf('/');
  if (slash < 0) throw new Error(`netip.ParsePrefix(${JSON.stringify(s)}): no '/'`);
  const addr = parseAddr(s.slice(0, slash));
  if (addr.zone !== '') throw new Error(`netip.ParsePrefix(${JSON.stringify(s)}): IPv6 zones cannot be present in a prefix`);
  const bitsText = s.slice(slash + 1);
  const max = addr.bytes.length * 8;
  if (!/^\d+$/.test(bitsText) || (bitsText.length > 1 && bitsText.startsWith('0')) || Number(bitsText) > max) {
    throw new Error(`netip.ParsePrefix(${JSON.stringify(s)}): bad bits after slash: ${JSON.stringify(bitsText)}`);
  }
  return { addr, bits: Number(bitsText) };
}

export const isIPv4 = (a: IpAddress): boolean => a.bytes.length === 4;

/** True for ::ffff:a.b.c.d. */
export function isIPv4Mapped(a: IpAddress): boolean {
  return a.bytes.length === 16 && a.bytes.slice(0, 10).every((b) => b === 0) && a.bytes[10] === 0xff && a.bytes[11] === 0xff;
}

/** netip.Addr.String(). */
export function formatAddr(a: IpAddress): string {
  const b = a.bytes;
  if (b.length === 4) return b.join('.');
  if (isIPv4Mapped(a)) return `::ffff:${b.slice(12).join('.')}`;
  const groups = Array.from({ length: 8 }, (_, i) => ((b[2 * i] ?? 0) << 8) | (b[2 * i + 1] ?? 0));
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) [bestStart, bestLen] = [i, j - i];
    i = j === i ? i + 1 : j;
  }
  const hex = (g: number[]): string => g.map((x) => x.toString(16)).join(':');
  const text = bestStart < 0 ? hex(groups) : `${hex(groups.slice(0, bestStart))}::${hex(groups.slice(bestStart + bestLen))}`;
  return a.zone === '' ? text : `${text}%${a.zone}`;
}

/** The prefix with host bits cleared (netip.Prefix.Masked). */
export function maskedPrefix(p: IpPrefix): IpPrefix {
  const bytes = p.addr.bytes.map((v, i) => {
    const keep = Math.max(0, Math.min(8, p.bits - 8 * i));
    return v & (0xff << (8 - keep)) & 0xff;
  });
  return { addr: { bytes, zone: '' }, bits: p.bits };
}

/** netip.Prefix.Contains: same family and the first bits match. */
export function prefixContains(p: IpPrefix, a: IpAddress): boolean {
  if (a.bytes.length !== p.addr.bytes.length || a.zone !== '') return false;
  const m = maskedPrefix(p).addr.bytes;
  const n = maskedPrefix({ addr: a, bits: p.bits }).addr.bytes;
  return m.every((v, i) => v === n[i]);
}

export const formatPrefix = (p: IpPrefix): string => `${formatAddr(p.addr)}/${p.bits}`;
