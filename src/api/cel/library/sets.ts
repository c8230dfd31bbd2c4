// cel-go's sets extension (ext/sets.go, enabled by Kubernetes since 1.29): sets.contains, sets.equivalent and
// sets.intersects on lists, with CEL's heterogeneous equality.
import type { Environment } from '@marcbachmann/cel-js';
import { registerNamespace } from './namespace.js';
import { celEquals } from './value-order.js';

const has = (list: readonly unknown[], x: unknown): boolean => list.some((v) => celEquals(v, x));
const contains = (a: readonly unknown[], b: readonly unknown[]): boolean => b.every((x) => has(a, x));

/** Registers the sets library into env. */
export function registerSets(env: Environment): void {
  const ns = registerNamespace(env, 'sets');
  env.registerFunction(`${ns}.contains(list<A>, list<A>): bool`, (_: unknown, a: unknown[], b: unknown[]) => contains(a, b));
  env.registerFunction(`${ns}.equivalent(list<A>, list<A>): bool`, (_: unknown, a: unknown[], b: unknown[]) => contains(a, b) && contains(b, a));
  env.registerFunction(`${ns}.intersects(list<A>, list<A>): bool`, (_: unknown, a: unknown[], b: unknown[]) => a.some((x) => has(b, x)));
}
