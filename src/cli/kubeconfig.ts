// The admin kubeconfig: cluster CA, server URL and client certificate, embedded as data.
import { stringify } from 'yaml';

export interface KubeconfigInput {
  server: string;
  caPem: string;
  certPem: string;
  keyPem: string;
}

const b64 = (s: string): string => Buffer.from(s).toString('base64');

export function renderKubeconfig(k: KubeconfigInput): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'skiff', cluster: { server: k.server, 'certificate-authority-data': b64(k.caPem) } }],
    users: [{ name: 'skiff-admin', user: { 'client-certificate-data': b64(k.certPem), 'client-key-data': b64(k.keyPem) } }],
    contexts: [{ name: 'skiff', context: { cluster: 'skiff', user: 'skiff-admin' } }],
    'current-context': 'skiff',
    preferences: {},
  });
}
