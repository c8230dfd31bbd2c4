import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kubeconfigPaths, resolveKubeconfig } from './kubeconfig-context.js';
import { renderKubeconfig } from './kubeconfig.js';

const skiff = renderKubeconfig({ server: 'https://127.0.0.1:6443', caPem: 'CA', certPem: 'CERT', keyPem: 'KEY' });
const other = `
apiVersion: v1
kind: Config
current-context: dev
clusters:
- name: skiff
  cluster: { server: https://shadowed:1 }
- name: dev
  cluster: { server: https://dev:6443, certificate-authority: certs/ca.crt, insecure-skip-tls-verify: true }
users:
- name: dev
  user: { token: t0ken }
- name: robot
  user: { exec: { command: get-token } }
contexts:
- name: dev
  context: { cluster: dev, user: dev, namespace: shop }
- name: robot
  context: { cluster: dev, user: robot }
`;

test('kubeconfigPaths() takes --kubeconfig, else $KUBECONFIG\'s list, else ~/.kube/config', () => {
  assert.deepEqual(kubeconfigPaths('/a', '/b:/c', '/home/u'), ['/a']);
  assert.deepEqual(kubeconfigPaths(undefined, '/b::/c', '/home/u'), ['/b', '/c']);
  assert.deepEqual(kubeconfigPaths(undefined, undefined, '/home/u'), ['/home/u/.kube/config']);
});

test('resolveKubeconfig() uses the current context, its data decoded and the first file winning', () => {
  assert.deepEqual(resolveKubeconfig([{ path: '/s/kubeconfig.yaml', text: skiff }, { path: '/etc/k/other', text: other }]), {
    server: 'https://127.0.0.1:6443', ca: { data: 'CA' }, insecureSkipTlsVerify: false, cert: { data: 'CERT' }, key: { data: 'KEY' }, token: undefined, namespace: 'default',
  });
  assert.deepEqual(resolveKubeconfig([{ path: '/etc/k/other', text: other }, { path: '/s/kubeconfig.yaml', text: skiff }]), {
    server: 'https://dev:6443', ca: { file: '/etc/k/certs/ca.crt' }, insecureSkipTlsVerify: true, cert: undefined, key: undefined, token: { data: 't0ken' }, namespace: 'shop',
  });
  assert.equal(resolveKubeconfig([{ path: '/etc/k/other', text: other }, { path: '/s/kubeconfig.yaml', text: skiff }], { context: 'skiff' }).server, 'https://shadowed:1');
});

test('resolveKubeconfig() refuses what kubectl cannot connect with', () => {
  assert.throws(() => resolveKubeconfig([]), /current-context is not set/);
  assert.throws(() => resolveKubeconfig([{ path: '/k', text: skiff }], { context: 'prod' }), /^KubeconfigError: context "prod" does not exist$/);
  assert.throws(() => resolveKubeconfig([{ path: '/k', text: other }], { context: 'robot' }), /user "robot" authenticates through an exec plugin/);
  assert.throws(() => resolveKubeconfig([{ path: '/k', text: 'a: [' }]), /error loading config file "\/k"/);
});
