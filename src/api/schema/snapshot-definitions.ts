// OpenAPI definitions of the built-in snapshot.storage.k8s.io/v1 kinds, named as upstream's CRD-built
// definitions are (`io.k8s.storage.snapshot.v1.VolumeSnapshot`). client-node has no models for these kinds, so
// they are written here (field for field as external-snapshotter's CRDs declare them) instead of generated.
import type { SchemaObject } from './schema-object.js';

const group = 'snapshot.storage.k8s.io';
const prefix = 'io.k8s.storage.snapshot.v1.';
const ref = (name: string, description?: string): SchemaObject => ({ $ref: `#/definitions/${name}`, ...(description ? { description } : {}) });
const string = (description: string, format?: string): SchemaObject => ({ type: 'string', description, ...(format ? { format } : {}) });
const boolean = (description: string): SchemaObject => ({ type: 'boolean', description });
const integer = (description: string): SchemaObject => ({ type: 'integer', format: 'int64', description });
const object = (description: string, properties: Record<string, SchemaObject>, required?: string[]): SchemaObject =>
  ({ type: 'object', description, properties, ...(required ? { required } : {}) });

const apiVersion = string('The versioned schema of this representation of an object.');
const kindField = string('The REST resource this object represents, in CamelCase.');
const metadata = ref('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta', "Standard object's metadata.");

function kind(name: string, description: string, fields: Record<string, SchemaObject>, required: string[]): Record<string, SchemaObject> {
  return {
    [prefix + name]: { ...object(description, { apiVersion, kind: kindField, metadata, ...fields }, required), 'x-kubernetes-group-version-kind': [{ group, version: 'v1', kind: name }] },
    [`${prefix}${name}List`]: {
      ...object(`A list of ${name} objects.`, {
        apiVersion, kind: kindField, items: { type: 'array', description: `The ${name} objects.`, items: ref(prefix + name) },
        metadata: ref('io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta', 'Standard list metadata.'),
      }, ['items']),
      'x-kubernetes-group-version-kind': [{ group, version: 'v1', kind: `${name}List` }],
    },
  };
}

const error = object('The last error seen while taking the snapshot, cleared once it succeeds.', {
  message: string('What went wrong (may be logged: holds nothing secret).'),
  time: string('When the error happened.', 'date-time'),
});

const deletionPolicy = string('Whether the stored snapshot goes when its VolumeSnapshotContent is deleted ("Delete") or stays ("Retain"). Required.');

export const snapshotDefinitions: Readonly<Record<string, SchemaObject>> = {
  ...kind('VolumeSnapshot', 'A request to take a point-in-time snapshot of a PersistentVolumeClaim, or to use a snapshot that exists already.', {
    spec: object('What snapshot is wanted. Required.', {
      source: object('Where the snapshot comes from: exactly one of persistentVolumeClaimName and volumeSnapshotContentName. Immutable.', {
        persistentVolumeClaimName: string('The claim (in this namespace) to take a new snapshot of. Immutable.'),
        volumeSnapshotContentName: string('A pre-provisioned VolumeSnapshotContent this snapshot stands for. Immutable.'),
      }),
      volumeSnapshotClassName: string("The VolumeSnapshotClass to use; unset means the driver's default class. Must not be empty when set."),
    }, ['source']),
    status: object('What the snapshot controller observed. Check that snapshot and content name each other before trusting it.', {
      boundVolumeSnapshotContentName: string('The VolumeSnapshotContent this snapshot is bound to.'),
      creationTime: string('When the storage system took the snapshot.', 'date-time'),
      error,
      readyToUse: boolean('Whether a volume can be restored from the snapshot now.'),
      restoreSize: { ...ref('io.k8s.apimachinery.pkg.api.resource.Quantity'), description: 'The smallest volume the snapshot can be restored into.' },
      volumeGroupSnapshotName: string('The VolumeGroupSnapshot this snapshot belongs to, if any.'),
    }),
  }, ['spec']),
  ...kind('VolumeSnapshotContent', 'A snapshot held by the storage system: taken for a VolumeSnapshot, or pre-provisioned by an administrator.', {
    spec: object('The stored snapshot and the VolumeSnapshot it is bound to. Required.', {
      deletionPolicy,
      driver: string('The driver holding the snapshot (a CSI driver name; skiff.io/local-path for local-path volumes). Required.'),
      source: object('Exactly one of volumeHandle (a snapshot to take of that volume) and snapshotHandle (a snapshot that exists). Immutable.', {
        snapshotHandle: string('The storage system\'s name of an existing snapshot (local-path: "<node>:<absolute path>"). Immutable.'),
        volumeHandle: string('The storage system\'s name of the volume to snapshot. Immutable.'),
      }),
      sourceVolumeMode: string('The volume mode (Filesystem or Block) of the volume the snapshot was taken of. Immutable.'),
      volumeSnapshotClassName: string('The VolumeSnapshotClass the snapshot was taken with.'),
      volumeSnapshotRef: object('The VolumeSnapshot this content is bound to (name and namespace required; uid once bound). Required.', {
        apiVersion: string('API version of the referent.'),
        kind: string('Kind of the referent.'),
        name: string('Name of the referent.'),
        namespace: string('Namespace of the referent.'),
        resourceVersion: string('The referent\'s resourceVersion when the reference was made.'),
        uid: string('UID of the referent.'),
      }),
    }, ['deletionPolicy', 'driver', 'source', 'volumeSnapshotRef']),
    status: object('What the snapshotter observed.', {
      creationTime: integer('When the storage system took the snapshot, in nanoseconds since the Unix epoch.'),
      error,
      readyToUse: boolean('Whether a volume can be restored from the snapshot now.'),
      restoreSize: integer('The smallest volume, in bytes, the snapshot can be restored into.'),
      snapshotHandle: string('The storage system\'s name of the snapshot.'),
      volumeGroupSnapshotHandle: string('The storage system\'s name of the group snapshot this snapshot belongs to, if any.'),
    }),
  }, ['spec']),
  ...kind('VolumeSnapshotClass', 'How snapshots of a driver are taken: parameters and deletion policy. Annotated snapshot.storage.kubernetes.io/is-default-class: "true", it is the driver\'s default.', {
    deletionPolicy,
    driver: string('The driver that takes snapshots of this class. Required.'),
    parameters: { type: 'object', description: 'Driver-specific parameters.', additionalProperties: { type: 'string' } },
  }, ['deletionPolicy', 'driver']),
};
