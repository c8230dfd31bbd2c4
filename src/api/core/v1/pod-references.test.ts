import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { persistentVolumeSecrets, podReferences } from './pod-references.js';

const cases: { name: string; pod: Pod; want: ReturnType<typeof podReferences> }[] = [
  { name: 'bare pod: only the default service account', pod: { spec: { containers: [{ name: 'a' }] } }, want: { secrets: [], configMaps: [], claims: [], serviceAccount: 'default' } },
  {
    name: 'env, envFrom, volumes, projected sources, pull secrets; duplicates once',
    pod: {
      metadata: { name: 'web-0' },
      spec: {
        serviceAccountName: 'builder',
        imagePullSecrets: [{ name: 'pull' }],
        initContainers: [{ name: 'i', envFrom: [{ secretRef: { name: 'init-env' } }, { configMapRef: { name: 'init-cm' } }] }],
        containers: [{ name: 'a', env: [{ name: 'X', valueFrom: { secretKeyRef: { name: 'pull', key: 'k' } } }, { name: 'Y', valueFrom: { configMapKeyRef: { name: 'cm-env', key: 'k' } } }] }],
        volumes: [
          { name: 's', secret: { secretName: 'vol' } },
          { name: 'c', configMap: { name: 'cm-vol' } },
          { name: 'p', projected: { sources: [{ secret: { name: 'proj' } }, { configMap: { name: 'cm-proj' } }, { serviceAccountToken: { path: 't' } }] } },
          { name: 'csi', csi: { driver: 'd', nodePublishSecretRef: { name: 'csi-pub' } } },
          { name: 'data', persistentVolumeClaim: { claimName: 'data-web-0' } },
          { name: 'scratch', ephemeral: { volumeClaimTemplate: { spec: {} } } },
        ],
      },
    },
    want: { secrets: ['pull', 'init-env', 'vol', 'proj', 'csi-pub'], configMaps: ['cm-env', 'init-cm', 'cm-vol', 'cm-proj'], claims: ['data-web-0', 'web-0-scratch'], serviceAccount: 'builder' },
  },
  {
    name: 'ephemeral containers count too',
    pod: { spec: { containers: [{ name: 'a' }], ephemeralContainers: [{ name: 'dbg', envFrom: [{ secretRef: { name: 'dbg' } }] }] } },
    want: { secrets: ['dbg'], configMaps: [], claims: [], serviceAccount: 'default' },
  },
];

for (const c of cases) test(`podReferences: ${c.name}`, () => assert.deepEqual(podReferences(c.pod), c.want));

test('persistentVolumeSecrets: CSI secret references with their namespaces', () => {
  assert.deepEqual(persistentVolumeSecrets({ spec: { csi: { driver: 'd', volumeHandle: 'h', nodePublishSecretRef: { name: 'a', namespace: 'ns1' }, nodeStageSecretRef: { name: 'b', namespace: 'ns2' } } } }), [{ namespace: 'ns1', name: 'a' }, { namespace: 'ns2', name: 'b' }]);
  assert.deepEqual(persistentVolumeSecrets({ spec: { local: { path: '/x' } } }), []);
});
