// resource.Quantity: exact parse, compare and canonical printing of upstream quantity strings ("1Gi", "500m", "1e3").
// Values are held as an exact decimal (bigint unscaled value × 10^-scale), rounded up to nano precision as upstream.

export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

const formatError = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
const decimalSuffixes: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const binarySuffixes: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const decimalByExponent = new Map(Object.entries(decimalSuffixes).map(([s, e]) => [e, s]));
const binaryNames = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];
const nanoScale = 9;
const maxInt64 = 2n ** 63n - 1n;
const numberRe = /^([+-]?)(\d*)(?:\.(\d*))?(.*)$/;
const suffixRe = /^[eEinumkKMGTP]*[+-]?\d*$/;

const pow10 = (n: number): bigint => 10n ** BigInt(n);
const abs = (v: bigint): bigint => (v < 0n ? -v : v);

/** Divides by 10^digits, rounding away from zero when anything is lost. */
function shrink(unscaled: bigint, digits: number): bigint {
  const d = pow10(digits);
  const q = unscaled / d;
  if (q * d === unscaled) return q;
  return unscaled < 0n ? q - 1n : q + 1n;
}

/** An immutable, exact resource quantity. */
export class Quantity {
  readonly #unscaled: bigint;
  readonly #scale: number;
  readonly format: QuantityFormat;

  constructor(unscaled: bigint, scale: number, format: QuantityFormat) {
    this.#unscaled = unscaled;
    this.#scale = scale;
    this.format = format;
  }

  /** The value in base units (bytes, cores) as a float; exact for integers below 2^53. */
  get value(): number {
    return this.#scale <= 0 ? Number(this.#unscaled * pow10(-this.#scale)) : Number(this.#unscaled) / 10 ** this.#scale;
  }

  /** Upstream Value(): the value rounded up (away from zero) to an integer. */
  integerValue(): bigint {
    return this.#scale <= 0 ? this.#unscaled * pow10(-this.#scale) : shrink(this.#unscaled, this.#scale);
  }

  /** Upstream MilliValue(): the value × 1000 rounded away from zero. */
  milliValue(): bigint {
    const s = this.#scale - 3;
    return s <= 0 ? this.#unscaled * pow10(-s) : shrink(this.#unscaled, s);
  }

  /** Upstream AsInt64(): the exact integer value when it is whole and fits in an int64, else undefined. */
  asInt64(): bigint | undefined {
    if (this.#scale > 0 && this.#unscaled % pow10(this.#scale) !== 0n) return undefined;
    const v = this.integerValue();
    return v > maxInt64 || v < -maxInt64 - 1n ? undefined : v;
  }

  sign(): -1 | 0 | 1 {
    return this.#unscaled < 0n ? -1 : this.#unscaled > 0n ? 1 : 0;
  }

  isZero(): boolean {
    return this.#unscaled === 0n;
  }

  /** -1, 0 or 1 as upstream Cmp. */
  cmp(other: Quantity): -1 | 0 | 1 {
    const s = Math.max(this.#scale, other.#scale);
    const a = this.#unscaled * pow10(s - this.#scale);
    const b = other.#unscaled * pow10(s - other.#scale);
    return a < b ? -1 : a > b ? 1 : 0;
  }

  /** this + other; a zero takes other's format, as upstream's Add does. */
  add(other: Quantity): Quantity {
    const s = Math.max(this.#scale, other.#scale);
    const sum = this.#unscaled * pow10(s - this.#scale) + other.#unscaled * pow10(s - other.#scale);
    return new Quantity(sum, s, this.#unscaled === 0n ? other.format : this.format);
  }

  /** The quantity with its sign flipped (for subtraction: a.add(b.negate())). */
  negate(): Quantity {
    return new Quantity(-this.#unscaled, this.#scale, this.format);
  }

  /** Upstream RoundUp(scale): drops precision below 10^-scale, rounding away from zero (e.g. milli: 3). */
  roundUp(scale: number): Quantity {
    if (this.#scale <= scale) return this;
    return new Quantity(shrink(this.#unscaled, this.#scale - scale), scale, this.format);
  }

  /** Canonical form as upstream prints it: "1Gi", "1536Mi", "500m", "2k", "1e3". */
  toString(): string {
    if (this.#unscaled === 0n) return '0';
    let format = this.format;
    if (format === 'BinarySI') {
      const integral = this.#scale <= 0 || this.#unscaled % pow10(this.#scale) === 0n;
      const small = this.cmp(new Quantity(-1024n, 0, format)) > 0 && this.cmp(new Quantity(1024n, 0, format)) < 0;
      if (small || !integral) format = 'DecimalSI';
      else return canonicalBinary(this.integerValue());
    }
    let m = this.#unscaled;
    let e = -this.#scale;
    while (m % 10n === 0n) {
      m /= 10n;
      e++;
    }
    while (e % 3 !== 0) {
      m *= 10n;
      e--;
    }
    if (format === 'DecimalSI') {
      const suffix = decimalByExponent.get(e);
      return `${m}${suffix ?? `e${e}`}`;
    }
    return e === 0 ? `${m}` : `${m}e${e}`;
  }

  toJSON(): string {
    return this.toString();
  }
}

function canonicalBinary(n: bigint): string {
  let k = 0;
  let v = n;
  while (k < 6 && v % 1024n === 0n) {
    v /= 1024n;
    k++;
  }
  return `${v}${binaryNames[k]}`;
}

function interpretSuffix(suffix: string, text: string): { base: 2 | 10; exponent: number; format: QuantityFormat } {
  const dec = decimalSuffixes[suffix];
  if (dec !== undefined) return { base: 10, exponent: dec, format: 'DecimalSI' };
  const bin = binarySuffixes[suffix];
  if (bin !== undefined) return { base: 2, exponent: bin, format: 'BinarySI' };
  if (suffix.length > 1 && (suffix[0] === 'e' || suffix[0] === 'E') && /^[+-]?\d+$/.test(suffix.slice(1))) {
    const exponent = Number(suffix.slice(1));
    if (!Number.isSafeInteger(exponent) || Math.abs(exponent) > 4096) throw new RangeError(`Cannot parse quantity "${text}": exponent is out of range`);
    return { base: 10, exponent, format: 'DecimalExponent' };
  }
  throw new SyntaxError(`Cannot parse quantity "${text}": unable to parse quantity's suffix`);
}

/**
 * Parses a quantity. JSON numbers are read through their decimal text, as upstream does.
 * Throws SyntaxError on malformed input and RangeError on absurd exponents.
 */
export function parseQuantity(input: string | number): Quantity {
  if (typeof input === 'number' && !Number.isFinite(input)) throw new RangeError(`Cannot parse quantity ${input}: must be finite`);
  const s = typeof input === 'number' ? String(input) : input;
  if (s.length === 0) throw new SyntaxError(`Cannot parse quantity "": ${formatError}`);
  const m = numberRe.exec(s);
  if (!m || !suffixRe.test(m[4] ?? '')) throw new SyntaxError(`Cannot parse quantity "${s}": ${formatError}`);
  const negative = m[1] === '-';
  const num = m[2] ?? '';
  const denom = m[3] ?? '';
  const { base, exponent, format: parsedFormat } = interpretSuffix(m[4] ?? '', s);
  let format = parsedFormat;
  let unscaled = BigInt(`${num}${denom}` || '0');
  let scale = denom.length;
  if (base === 10) scale -= exponent;
  else unscaled *= 2n ** BigInt(exponent);
  if (scale > nanoScale) {
    unscaled = shrink(unscaled, scale - nanoScale);
    scale = nanoScale;
  }
  if (format === 'BinarySI') {
    const whole = scale <= 0 ? unscaled * pow10(-scale) : unscaled / pow10(scale);
    if (whole > maxInt64) {
      unscaled = maxInt64;
      scale = 0;
    } else if (whole === 0n && unscaled !== 0n) {
      format = 'DecimalSI';
    }
  }
  return new Quantity(negative ? -unscaled : unscaled, scale, format);
}

/** The quantity of a decoded JSON value, or undefined when it is not a string or number or does not parse. */
export function tryParseQuantity(v: unknown): Quantity | undefined {
  if (typeof v !== 'string' && typeof v !== 'number') return undefined;
  try {
    return parseQuantity(v);
  } catch {
    return undefined;
  }
}

/** True when s parses as a quantity (strings and JSON numbers). */
export function isQuantity(s: unknown): s is string | number {
  if (typeof s !== 'string' && typeof s !== 'number') return false;
  try {
    parseQuantity(s);
    return true;
  } catch {
    return false;
  }
}

/** The value in base units (bytes, cores) as a float. Throws like parseQuantity. */
export function quantityValue(s: string | number): number {
  return parseQuantity(s).value;
}

/** -1, 0, 1 like Quantity.Cmp. Throws like parseQuantity. */
export function compareQuantities(a: string | number, b: string | number): -1 | 0 | 1 {
  return parseQuantity(a).cmp(parseQuantity(b));
}

/** The canonical text of a valid quantity ("1024Mi" → "1Gi"), or the input unchanged when it does not parse. */
export function canonicalQuantity(s: unknown): unknown {
  if (typeof s !== 'string' && typeof s !== 'number') return s;
  try {
    return parseQuantity(s).toString();
  } catch {
    return s;
  }
}
