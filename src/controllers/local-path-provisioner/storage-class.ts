// The cluster's default StorageClass, `local-path` (as k3s ships it): created at server start when absent,
// so a claim that names no class is provisioned on the node its pod lands on.
import { isAlreadyExists, lookupResource, type KubeObject } from '../../api/index.js';
import type { Client } from '../../client/index.js';
import { localPathProvisioner } from './provision.js';

export const defaultStorageClassName = 'local-path';

export const defaultStorageClass: KubeObject = {
  apiVersion: 'storage.k8s.io/v1',
  kind: 'StorageClass',
  metadata: { name: defaultStorageClassName, annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
  provisioner: localPathProvisioner,
  reclaimPolicy: 'Delete',
  volumeBindingMode: 'WaitForFirstConsumer',
  allowVolumeExpansion: true,
};

/** Creates the default class unless a class of that name exists (a user's edits are kept). */
export async function ensureDefaultStorageClass(client: Client): Promise<void> {
  const sc = lookupResource('storage.k8s.io', 'v1', 'storageclasses')!;
  try {
    await client.create(sc, '', structuredClone(defaultStorageClass));
  } catch (e: unknown) {
    if (!isAlreadyExists(e)) throw e;
  }
}
