import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mirrorPodAnnotation } from '../../api/index.js';
import { ManifestError, staticPodOf } from './static-pods.js';

const node = { metadata: { name: 'node-a', uid: 'uid-a' } };
const manifest = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  labels: {app: web}\nspec:\n  containers:\n  - name: c\n    image: busybox\n';

test('staticPodOf() names the mirror pod <name>-<node>, binds it, annotates the hash and owns it by the Node', () => {
  const pod = staticPodOf(manifest, '/m/web.yaml', node);
  assert.equal(pod.metadata?.name, 'web-node-a');
  assert.equal(pod.metadata?.namespace, 'default');
  assert.equal(pod.spec?.nodeName, 'node-a');
  assert.deepEqual(pod.metadata?.labels, { app: 'web' });
  assert.match(pod.metadata?.annotations?.[mirrorPodAnnotation] ?? '', /^[a-f0-9]{32}$/);
  assert.equal(pod.metadata?.annotations?.['kubernetes.io/config.source'], 'file');
  assert.deepEqual(pod.metadata?.ownerReferences, [{ apiVersion: 'v1', kind: 'Node', name: 'node-a', uid: 'uid-a', controller: true }]);
  // The hash follows the content and the node.
  assert.equal(staticPodOf(manifest, '/m/web.yaml', node).metadata?.annotations?.[mirrorPodAnnotation], pod.metadata?.annotations?.[mirrorPodAnnotation]);
  assert.notEqual(staticPodOf(manifest.replace('busybox', 'nginx'), '/m/web.yaml', node).metadata?.annotations?.[mirrorPodAnnotation], pod.metadata?.annotations?.[mirrorPodAnnotation]);
});

test('staticPodOf() refuses what is not one Pod with a name', () => {
  assert.throws(() => staticPodOf('kind: Service\napiVersion: v1\nmetadata: {name: x}\n', 'f.yaml', node), ManifestError);
  assert.throws(() => staticPodOf(`${manifest}---\n${manifest}`, 'f.yaml', node), /exactly one Pod \(found 2 documents\)/);
  assert.throws(() => staticPodOf('kind: Pod\napiVersion: v1\nmetadata: {}\n', 'f.yaml', node), /metadata.name is required/);
});
