// The default VolumeSnapshotClass of skiff.io/local-path, `local-path` (deletionPolicy Delete), created at server
// start when absent, as the default StorageClass is: a VolumeSnapshot of a local-path claim needs no class name.
import { isAlreadyExists, isForbidden, lookupResource, snapshot, type KubeObject } from '../../api/index.js';
import type { Client } from '../../client/index.js';
import { localPathDriver } from './plan.js';

export const defaultSnapshotClassName = 'local-path';

export const defaultSnapshotClass: KubeObject = {
  apiVersion: 'snapshot.storage.k8s.io/v1',
  kind: 'VolumeSnapshotClass',
  metadata: { name: defaultSnapshotClassName, annotations: { [snapshot.isDefaultSnapshotClassAnnotation]: 'true' } },
  driver: localPathDriver,
  deletionPolicy: 'Delete',
};

/** Creates the class unless one of that name exists; another default of the driver (Forbidden) is the user's choice. */
export async function ensureDefaultSnapshotClass(client: Client): Promise<void> {
  try {
    await client.create(lookupResource('snapshot.storage.k8s.io', 'v1', 'volumesnapshotclasses')!, '', structuredClone(defaultSnapshotClass));
  } catch (e: unknown) {
    if (!isAlreadyExists(e) && !isForbidden(e)) throw e;
  }
}
