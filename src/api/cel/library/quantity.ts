// Kubernetes' quantity library (k8s.io/apiserver/pkg/cel/library/quantity.go): quantity(), isQuantity() and
// arithmetic and comparison on kubernetes.Quantity values, on Skiff's own quantity parser (api/resource).
import { EvaluationError, type Environment } from '@marcbachmann/cel-js';
import { parseQuantity, Quantity } from '../../resource/index.js';

/** The CEL value of type kubernetes.Quantity. */
export class CelQuantity {
  constructor(readonly quantity: Quantity) {}

  celEquals(other: unknown): boolean {
    return other instanceof CelQuantity && other.quantity.cmp(this.quantity) === 0;
  }

  toString(): string {
    return this.quantity.toString();
  }
}

/** Parses a quantity, failing with upstream's resource.ParseQuantity message. */
function toQuantity(s: string): CelQuantity {
  try {
    return new CelQuantity(parseQuantity(s));
  } catch (e: unknown) {
    // Skiff's parser prefixes `Cannot parse quantity "x": `; CEL users see upstream's bare reason.
    const message = e instanceof Error ? e.message.replace(/^Cannot parse quantity "[^"]*": /, '') : String(e);
    throw new EvaluationError(message, undefined, e);
  }
}

function isQuantity(s: string): boolean {
  try {
    parseQuantity(s);
    return true;
  } catch {
    return false;
  }
}

function asInteger(q: CelQuantity): bigint {
  const v = q.quantity.asInt64();
  if (v === undefined) throw new EvaluationError('cannot convert value to integer');
  return v;
}

const fromInt = (n: bigint): Quantity => new Quantity(n, 0, 'DecimalExponent');
const plus = (a: CelQuantity, b: Quantity): CelQuantity => new CelQuantity(a.quantity.add(b));

/** Registers the quantity library into env. */
export function registerQuantity(env: Environment): void {
  const q = 'kubernetes.Quantity';
  env.registerType(q, CelQuantity);
  env.registerOperator(`${q} == ${q}`, (a: CelQuantity, b: CelQuantity) => a.celEquals(b));
  env.registerFunction(`quantity(string): ${q}`, toQuantity);
  env.registerFunction('isQuantity(string): bool', isQuantity);
  env.registerFunction(`${q}.sign(): int`, (a: CelQuantity) => BigInt(a.quantity.sign()));
  env.registerFunction(`${q}.isInteger(): bool`, (a: CelQuantity) => a.quantity.asInt64() !== undefined);
  env.registerFunction(`${q}.asInteger(): int`, asInteger);
  env.registerFunction(`${q}.asApproximateFloat(): double`, (a: CelQuantity) => a.quantity.value);
  env.registerFunction(`${q}.add(${q}): ${q}`, (a: CelQuantity, b: CelQuantity) => plus(a, b.quantity));
  env.registerFunction(`${q}.add(int): ${q}`, (a: CelQuantity, b: bigint) => plus(a, fromInt(b)));
  env.registerFunction(`${q}.sub(${q}): ${q}`, (a: CelQuantity, b: CelQuantity) => plus(a, b.quantity.negate()));
  env.registerFunction(`${q}.sub(int): ${q}`, (a: CelQuantity, b: bigint) => plus(a, fromInt(-b)));
  env.registerFunction(`${q}.compareTo(${q}): int`, (a: CelQuantity, b: CelQuantity) => BigInt(a.quantity.cmp(b.quantity)));
  env.registerFunction(`${q}.isGreaterThan(${q}): bool`, (a: CelQuantity, b: CelQuantity) => a.quantity.cmp(b.quantity) > 0);
  env.registerFunction(`${q}.isLessThan(${q}): bool`, (a: CelQuantity, b: CelQuantity) => a.quantity.cmp(b.quantity) < 0);
}
