// The label index answers selectors as matchesLabels over the namespace would, from the smaller candidate set.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { everything, parseLabelSelector } from '../../api/index.js';
import { LabelIndex } from './label-index.js';

const obj = (ns: string, name: string, labels: Record<string, string>) => ({ metadata: { namespace: ns, name, labels } });

test('LabelIndex.select() matches like matchesLabels, per namespace, after updates and deletes', () => {
  const i = new LabelIndex<ReturnType<typeof obj>>();
  const a = obj('ns', 'a', { app: 'web', tier: 'front' });
  i.set(a);
  i.set(obj('ns', 'b', { app: 'web', tier: 'back' }));
  i.set(obj('ns', 'c', { app: 'db' }));
  i.set(obj('other', 'd', { app: 'web' }));
  const names = (sel: string) => i.select('ns', sel === '' ? everything : parseLabelSelector(sel)).map((o) => o.metadata.name).sort();
  assert.deepEqual(names('app=web'), ['a', 'b']);
  assert.deepEqual(names('app=web,tier!=back'), ['a']);
  assert.deepEqual(names('app in (web,db)'), ['a', 'b', 'c']);
  assert.deepEqual(names('tier'), ['a', 'b']);
  assert.deepEqual(names(''), ['a', 'b', 'c']);
  i.delete(a);
  i.set(obj('ns', 'a', { app: 'db' }));
  assert.deepEqual(names('app=web'), ['b']);
  assert.deepEqual(names('app=db'), ['a', 'c']);
});
