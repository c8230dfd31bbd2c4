// The fuzz suite's deterministic randomness: a seeded generator (mulberry32) and the run's seed and case count,
// read from SKIFF_FUZZ_SEED (replay a failure) and SKIFF_FUZZ_CASES (a multiplier for longer runs).

/** A small seeded pseudo-random generator: the same seed always yields the same cases. */
export class Rng {
  #state: number;
  constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('Cannot pick from an empty list');
    return items[this.int(items.length)]!;
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  bytes(n: number): Buffer {
    const b = Buffer.alloc(n);
    for (let i = 0; i < n; i++) b[i] = this.int(256);
    return b;
  }

  /** A string of n characters drawn from `alphabet`. */
  string(n: number, alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789-._~%/?#[]@!$&\'()*+,;= "{}\\\u00e9\u4e2d\u0000'): string {
    let s = '';
    for (let i = 0; i < n; i++) s += alphabet[this.int(alphabet.length)];
    return s;
  }
}

/** The generator of one case: from the run's seed, the batch's name and the case's index, so a case replays alone. */
export function caseRng(seed: number, batch: string, index: number): Rng {
  let h = seed ^ 0x811c9dc5;
  for (const ch of `${batch}#${index}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193);
  return new Rng(h);
}

/** The run's seed: SKIFF_FUZZ_SEED when set, else a fresh one (printed with every failure). */
export function fuzzSeed(): number {
  const s = process.env['SKIFF_FUZZ_SEED'];
  if (s !== undefined && s !== '') {
    const n = Number(s);
    if (!Number.isInteger(n)) throw new TypeError(`Cannot use SKIFF_FUZZ_SEED "${s}": expected an integer`);
    return n >>> 0;
  }
  return Math.floor(Math.random() * 0xffffffff) >>> 0;
}

/** How many random cases a generator runs: `base` times SKIFF_FUZZ_CASES (default 1). */
export function fuzzCases(base: number): number {
  const m = Number(process.env['SKIFF_FUZZ_CASES'] ?? '1');
  if (!Number.isFinite(m) || m <= 0) throw new TypeError(`Cannot use SKIFF_FUZZ_CASES "${process.env['SKIFF_FUZZ_CASES']}": expected a positive number`);
  return Math.max(1, Math.round(base * m));
}
