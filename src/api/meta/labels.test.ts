import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatLabelSelector, fromLabelSelectorObject, matchesLabels, parseLabelSelector } from './labels.js';
import { ApiError } from '../errors.js';

const m = (sel: string, labels: Record<string, string>) => matchesLabels(parseLabelSelector(sel), labels);

test('parseLabelSelector() matches equality, inequality and set-based requirements as upstream', () => {
  const rows: [string, Record<string, string>, boolean][] = [
    ['app=web', { app: 'web' }, true],
    ['app==web', { app: 'web' }, true],
    ['app=web', { app: 'db' }, false],
    ['app!=web', {}, true],
    ['app!=web', { app: 'web' }, false],
    ['app in (web, db)', { app: 'db' }, true],
    ['app notin (web,db)', {}, true],
    ['app notin (web,db)', { app: 'web' }, false],
    ['app', { app: '' }, true],
    ['!app', { app: 'x' }, false],
    ['!app', {}, true],
    ['tier=fe,app in (web)', { tier: 'fe', app: 'web' }, true],
    ['tier=fe,app in (web)', { tier: 'be', app: 'web' }, false],
    ['n>3', { n: '4' }, true],
    ['n<3', { n: '4' }, false],
    ['example.com/role=x', { 'example.com/role': 'x' }, true],
    ['', { any: 'thing' }, true],
  ];
  for (const [sel, labels, want] of rows) assert.equal(m(sel, labels), want, `${sel} on ${JSON.stringify(labels)}`);
});

test('parseLabelSelector() rejects malformed selectors with 400', () => {
  for (const bad of ['a=b=c', 'a in ()', 'a in (b', 'a=b,', '=b', 'a b']) {
    assert.throws(() => parseLabelSelector(bad), (e: unknown) => e instanceof ApiError && e.code === 400, bad);
  }
});

test('fromLabelSelectorObject() converts metav1.LabelSelector and formats it like kubectl', () => {
  const sel = fromLabelSelectorObject({ matchLabels: { app: 'nginx' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['b', 'a'] }, { key: 'x', operator: 'DoesNotExist' }] });
  assert.equal(formatLabelSelector(sel), 'app=nginx,tier in (a,b),!x');
  assert.equal(matchesLabels(sel, { app: 'nginx', tier: 'a' }), true);
  assert.equal(matchesLabels(fromLabelSelectorObject(undefined), {}), false);
  assert.equal(matchesLabels(fromLabelSelectorObject({}), { a: 'b' }), true);
});
