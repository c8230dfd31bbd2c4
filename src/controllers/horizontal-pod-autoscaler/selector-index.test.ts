// The HPA selector index finds the same HPAs a scan of every selector would.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { everything, parseLabelSelector } from '../../api/index.js';
import { SelectorIndex } from './selector-index.js';

test('SelectorIndex.owners() finds every HPA whose selector matches, by equality label or without one', () => {
  const i = new SelectorIndex();
  i.set('ns/a', 'ns', parseLabelSelector('app=web'));
  i.set('ns/b', 'ns', parseLabelSelector('app=web,tier=front'));
  i.set('ns/c', 'ns', parseLabelSelector('tier notin (back)'));
  i.set('ns/d', 'ns', everything);
  i.set('other/e', 'other', parseLabelSelector('app=web'));
  assert.deepEqual(i.owners('ns', [{ app: 'web', tier: 'back' }]).sort(), ['ns/a', 'ns/d']);
  assert.deepEqual(i.owners('ns', [{ app: 'web', tier: 'front' }]).sort(), ['ns/a', 'ns/b', 'ns/c', 'ns/d']);
  i.set('ns/a', 'ns', parseLabelSelector('app=db'));
  i.delete('ns/d');
  assert.deepEqual(i.owners('ns', [{ app: 'web', tier: 'back' }]), []);
});
