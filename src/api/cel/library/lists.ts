// Kubernetes' lists library (k8s.io/apiserver/pkg/cel/library/lists.go): isSorted, sum, min, max, indexOf and
// lastIndexOf on lists, with overloads for the comparable and summable element types upstream declares.
import { Environment, EvaluationError } from '@marcbachmann/cel-js';
import { celEquals, compareValues } from './value-order.js';

const duration = 'google.protobuf.Duration';
const comparableTypes = ['int', 'uint', 'double', 'bool', duration, 'google.protobuf.Timestamp', 'string', 'bytes'];
const summableTypes = ['int', 'uint', 'double', duration];

interface Addable {
  addDuration(other: unknown): unknown;
}

let zeroValues: Map<string, unknown> | undefined;

/** The zero of each summable type, built through cel-js itself since it does not export uint or Duration. */
function zeroOf(type: string): unknown {
  zeroValues ??= new Map<string, unknown>([
    ['int', 0n],
    ['uint', new Environment().evaluate('0u')],
    ['double', 0],
    [duration, new Environment().evaluate('duration("0s")')],
  ]);
  return zeroValues.get(type);
}

function add(type: string, a: unknown, b: unknown): unknown {
  switch (type) {
    case 'int':
      return (a as bigint) + (b as bigint);
    case 'double':
      return (a as number) + (b as number);
    case 'uint': {
      // cel-js's UnsignedInt checks the range in its constructor, which it does not export.
      const Uint = (zeroOf('uint') as object).constructor as new (v: bigint) => unknown;
      return new Uint((a as bigint).valueOf() + (b as bigint).valueOf());
    }
    default:
      return (a as Addable).addDuration(b);
  }
}

function extreme(name: 'min' | 'max', list: readonly unknown[]): unknown {
  if (list.length === 0) throw new EvaluationError(`${name} called on empty list`);
  const prefer = name === 'min' ? 1 : -1;
  let result = list[0];
  for (const v of list.slice(1)) if (compareValues(result, v) === prefer) result = v;
  return result;
}

function isSorted(list: readonly unknown[]): boolean {
  for (let i = 1; i < list.length; i++) if (compareValues(list[i - 1], list[i]) === 1) return false;
  return true;
}

/** Registers the lists library into env. */
export function registerLists(env: Environment): void {
  for (const t of comparableTypes) {
    env.registerFunction(`list<${t}>.isSorted(): bool`, isSorted);
    env.registerFunction(`list<${t}>.min(): ${t}`, (l: unknown[]) => extreme('min', l));
    env.registerFunction(`list<${t}>.max(): ${t}`, (l: unknown[]) => extreme('max', l));
  }
  for (const t of summableTypes) {
    env.registerFunction(`list<${t}>.sum(): ${t}`, (l: unknown[]) => l.reduce((acc, v) => add(t, acc, v), zeroOf(t)));
  }
  env.registerFunction('list<A>.indexOf(A): int', (l: unknown[], x: unknown) => BigInt(l.findIndex((v) => celEquals(v, x))));
  env.registerFunction('list<A>.lastIndexOf(A): int', (l: unknown[], x: unknown) => BigInt(l.findLastIndex((v) => celEquals(v, x))));
}
