// Metric selectors as upstream converts and prints them (the text lands in external metric names and errors).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { everything } from '../../api/index.js';
import { goLabelSelectorString, metricSelector } from './metrics-source.js';

const rows: { name: string; sel: Parameters<typeof goLabelSelectorString>[0]; want: string }[] = [
  { name: 'prints an unset selector as nil', sel: undefined, want: 'nil' },
  { name: 'prints an empty selector with empty collections', sel: {}, want: '&LabelSelector{MatchLabels:map[string]string{},MatchExpressions:[]LabelSelectorRequirement{},}' },
  {
    name: 'prints labels sorted by key and expressions in order',
    sel: { matchLabels: { queue: 'worker_tasks', app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['web', 'api'] }, { key: 'canary', operator: 'DoesNotExist' }] },
    want: '&LabelSelector{MatchLabels:map[string]string{app: web,queue: worker_tasks,},MatchExpressions:[]LabelSelectorRequirement{LabelSelectorRequirement{Key:tier,Operator:In,Values:[web api],},LabelSelectorRequirement{Key:canary,Operator:DoesNotExist,Values:[],},},}',
  },
];
for (const r of rows) test(`goLabelSelectorString() ${r.name}`, () => assert.equal(goLabelSelectorString(r.sel), r.want));

test('metricSelector() reads an unset selector as match-all and rejects unknown operators as upstream', () => {
  assert.deepEqual(metricSelector(undefined), everything);
  assert.deepEqual(metricSelector({ matchLabels: { a: 'b' } }), { requirements: [{ key: 'a', operator: '=', values: ['b'] }] });
  assert.throws(() => metricSelector({ matchExpressions: [{ key: 'a', operator: 'Bogus' }] }), { message: '"Bogus" is not a valid label selector operator' });
});
