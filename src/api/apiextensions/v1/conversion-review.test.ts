import { test } from 'node:test';
import assert from 'node:assert/strict';
import { conversionReview, conversionReviewVersion, convertedObjects } from './conversion-review.js';

const obj = { apiVersion: 'x.example.com/v1beta1', kind: 'Widget', metadata: { name: 'a', namespace: 'default', uid: 'u1', resourceVersion: '5', labels: { a: 'b' } }, spec: { hostPort: 'h:1' } };
const answer = (response: unknown): unknown => ({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'ConversionReview', response });

test('the review version is the first one the server speaks; the request carries uid, desiredAPIVersion and objects', () => {
  assert.equal(conversionReviewVersion(['v2', 'v1beta1', 'v1']), 'v1beta1');
  assert.equal(conversionReviewVersion(['v2']), undefined);
  assert.deepEqual(conversionReview('v1', 'id', 'x.example.com/v1', [obj]), { apiVersion: 'apiextensions.k8s.io/v1', kind: 'ConversionReview', request: { uid: 'id', desiredAPIVersion: 'x.example.com/v1', objects: [obj] } });
});

test('converted objects: checked as upstream, metadata restored except labels and annotations', () => {
  const good = { apiVersion: 'x.example.com/v1', kind: 'Widget', metadata: { name: 'changed', uid: 'other', labels: { c: 'd' }, annotations: { note: 'x' } }, spec: { host: 'h', port: 1 } };
  assert.deepEqual(convertedObjects(answer({ uid: 'id', result: { status: 'Success' }, convertedObjects: [good] }), 'id', 'x.example.com/v1', [obj]), [
    { apiVersion: 'x.example.com/v1', kind: 'Widget', metadata: { name: 'a', namespace: 'default', uid: 'u1', resourceVersion: '5', labels: { c: 'd' }, annotations: { note: 'x' } }, spec: { host: 'h', port: 1 } },
  ]);
  const cases: Array<[unknown, string]> = [
    [{ apiVersion: 'v1' }, 'no response provided'],
    [answer({ uid: 'nope', result: { status: 'Success' }, convertedObjects: [good] }), 'expected response.uid="id", got "nope"'],
    [answer({ uid: 'id', result: { status: 'Failure', message: 'cannot convert' } }), 'returned failure: cannot convert'],
    [answer({ uid: 'id', result: { status: 'Success' }, convertedObjects: [] }), 'expected 1 converted objects, got 0'],
    [answer({ uid: 'id', result: { status: 'Success' }, convertedObjects: [{ ...good, apiVersion: 'x.example.com/v1beta1' }] }), 'invalid converted object at index 0: invalid apiVersion "x.example.com/v1beta1", expected "x.example.com/v1"'],
    [answer({ uid: 'id', result: { status: 'Success' }, convertedObjects: [{ ...good, kind: 'Gadget' }] }), 'invalid converted object at index 0: invalid kind "Gadget", expected "Widget"'],
  ];
  for (const [a, message] of cases) assert.throws(() => convertedObjects(a, 'id', 'x.example.com/v1', [obj]), { message });
  assert.throws(() => convertedObjects(answer({ uid: 'id', result: { status: 'Success' }, convertedObjects: [{ ...good, metadata: { labels: { 'bad key!': 'x' } } }] }), 'id', 'x.example.com/v1', [obj]), /invalid metadata in converted object at index 0: metadata\.labels: Invalid value: "bad key!"/);
});
