// Test helpers for the CEL libraries: type-check and evaluate an expression in the shared Kubernetes environment.
import assert from 'node:assert/strict';
import { kubernetesEnvironment } from '../environment.js';

// s: a string variable for inputs too long to inline.
const env = kubernetesEnvironment().registerVariable('s', 'string');

/** Type-checks expr (failing the test on a type error) and evaluates it. */
export function evalCel(expr: string, vars: Record<string, unknown> = {}): unknown {
  const checked = env.check(expr);
  assert.ok(checked.valid, `check(${expr}): ${checked.error?.message ?? ''}`);
  return env.evaluate(expr, vars);
}

/** Asserts each [expression, expected value] row. */
export function assertValues(rows: ReadonlyArray<readonly [string, unknown]>): void {
  for (const [expr, want] of rows) assert.deepEqual(evalCel(expr), want, expr);
}

/** Asserts each [expression, error message fragment] row fails at evaluation (after a successful check). */
export function assertErrors(rows: ReadonlyArray<readonly [string, string]>): void {
  for (const [expr, want] of rows) {
    assert.throws(() => evalCel(expr), (e: unknown) => e instanceof Error && e.message.includes(want), `${expr} should fail with "${want}"`);
  }
}

/** Asserts each expression is rejected by the type checker. */
export function assertCheckErrors(rows: ReadonlyArray<readonly [string, string]>): void {
  for (const [expr, want] of rows) {
    const checked = env.check(expr);
    assert.ok(!checked.valid && (checked.error?.message ?? '').includes(want), `${expr}: want check error "${want}", got ${checked.error?.message ?? 'valid'}`);
  }
}
