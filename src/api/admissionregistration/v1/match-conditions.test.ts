import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateMatchConditions, matchConditionError, toCelValue } from './match-conditions.js';

const input = { object: { metadata: { name: 'web', labels: { app: 'web' } }, spec: { replicas: 3 } }, oldObject: null, request: { operation: 'CREATE', userInfo: { username: 'alice' } } };

test('toCelValue() makes whole numbers CEL ints', () => {
  assert.deepEqual(toCelValue({ a: 1, b: 1.5, c: ['x', 2] }), { a: 1n, b: 1.5, c: ['x', 2n] });
});

test('matchConditionError() accepts bool expressions and explains the others', () => {
  assert.equal(matchConditionError('object.metadata.name == "web" && request.operation == "CREATE"'), undefined);
  assert.equal(matchConditionError('oldObject == null'), undefined);
  assert.match(matchConditionError('"a" + 1') ?? '', /^compilation failed: /);
  assert.equal(matchConditionError('"text"'), 'must evaluate to bool, got string');
  assert.match(matchConditionError('authorizer.group("apps").resource("deployments").check("create").allowed()') ?? '', /authorizer variable is not supported/);
});

const cases: { name: string; conditions: { name: string; expression: string }[]; policy?: string; want: ReturnType<typeof evaluateMatchConditions> }[] = [
  { name: 'matches when every condition is true', conditions: [{ name: 'a', expression: 'object.spec.replicas == 3' }, { name: 'b', expression: 'request.userInfo.username == "alice"' }], want: { kind: 'match' } },
  { name: 'skips on the first false condition', conditions: [{ name: 'a', expression: 'object.spec.replicas > 5' }], want: { kind: 'skip', failedCondition: 'a' } },
  { name: 'a false condition wins over an error', conditions: [{ name: 'err', expression: 'object.spec.missing == 1' }, { name: 'no', expression: 'false' }], want: { kind: 'skip', failedCondition: 'no' } },
  { name: 'an error fails under Fail', conditions: [{ name: 'err', expression: 'object.spec.missing == 1' }], want: { kind: 'error', message: "expression 'object.spec.missing == 1' resulted in error: No such key: missing" } },
  { name: 'an error skips under Ignore', conditions: [{ name: 'err', expression: 'object.spec.missing == 1' }], policy: 'Ignore', want: { kind: 'skip' } },
];
for (const c of cases) test(`evaluateMatchConditions() ${c.name}`, () => assert.deepEqual(evaluateMatchConditions(c.conditions, input, c.policy ?? 'Fail'), c.want));
