// resource.Quantity: parse, compare and value upstream quantity strings ("1Gi", "500m", "1e3", "10Mi").

const binary: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const decimal: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };
const re = /^([+-]?(?:\d+\.?\d*|\.\d+))(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\d+)?$/;

export interface Quantity {
  /** The value in base units (bytes, cores); may be fractional. */
  readonly value: number;
  readonly text: string;
}

export function isQuantity(s: unknown): s is string | number {
  if (typeof s === 'number') return Number.isFinite(s);
  return typeof s === 'string' && re.test(s.trim());
}

/** Throws SyntaxError on malformed input (upstream: "quantities must match the regular expression ..."). */
export function parseQuantity(s: string | number): Quantity {
  if (typeof s === 'number') return { value: s, text: String(s) };
  const m = re.exec(s.trim());
  if (!m) throw new SyntaxError(`Cannot parse quantity "${s}": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`);
  const num = Number(m[1]);
  const suffix = m[2] ?? '';
  let mult = 1;
  if (suffix in binary) mult = binary[suffix]!;
  else if (suffix in decimal) mult = decimal[suffix]!;
  else mult = 10 ** Number(suffix.slice(1));
  return { value: num * mult, text: s };
}

export function quantityValue(s: string | number): number {
  return parseQuantity(s).value;
}

/** -1, 0, 1 like Quantity.Cmp. */
export function compareQuantities(a: string | number, b: string | number): number {
  const x = quantityValue(a);
  const y = quantityValue(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
