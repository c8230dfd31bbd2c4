// PersistentVolume: defaults (Retain, Filesystem, phase Pending), exactly one source, capacity, node affinity.
import { forbidden, invalid, notSupported, required, root, type FieldError } from '../../meta/field-path.js';
import type { KindRules } from '../../meta/kind-rules.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../meta/validation.js';
import { isQuantity } from '../../resource/quantity.js';
import { validateAccessModes } from './persistent-volume-claim.js';
import { arr, child, deepEqual, isRec, rec, setDefault, str } from './json.js';

const sources = ['gcePersistentDisk', 'awsElasticBlockStore', 'hostPath', 'glusterfs', 'nfs', 'rbd', 'iscsi', 'cinder', 'cephfs', 'fc', 'flocker', 'flexVolume', 'azureFile', 'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'portworxVolume', 'scaleIO', 'local', 'storageos', 'csi'];
const reclaimPolicies = ['Delete', 'Recycle', 'Retain'];

export const persistentVolumeRules: KindRules = {
  defaults(obj) {
    const spec = child(obj, 'spec');
    setDefault(spec, 'persistentVolumeReclaimPolicy', 'Retain');
    setDefault(spec, 'volumeMode', 'Filesystem');
    if (isRec(spec['hostPath'])) setDefault(spec['hostPath'], 'type', '');
    setDefault(child(obj, 'status'), 'phase', 'Pending');
  },
  validate(obj) {
    const errs: FieldError[] = validateObjectMeta(obj.metadata, { namespaced: false });
    const spec = rec(obj['spec']);
    const p = root('spec');
    errs.push(...validateAccessModes(spec['accessModes'], p.child('accessModes'), true));
    const storage = rec(spec['capacity'])['storage'];
    if (storage === undefined) errs.push(required(p.child('capacity'), 'must specify a storage capacity'));
    else if (!isQuantity(storage)) errs.push(invalid(p.child('capacity').key('storage'), storage, 'must be a valid quantity'));
    const present = sources.filter((s) => spec[s] !== undefined && spec[s] !== null);
    if (present.length === 0) errs.push(required(p, 'must specify a volume type'));
    if (present.length > 1) errs.push(forbidden(p.child(present[1]!), 'may not specify more than 1 volume type'));
    const rp = spec['persistentVolumeReclaimPolicy'];
    if (rp !== undefined && !reclaimPolicies.includes(String(rp))) errs.push(notSupported(p.child('persistentVolumeReclaimPolicy'), rp, reclaimPolicies));
    if (rp === 'Recycle' && present[0] && present[0] !== 'hostPath' && present[0] !== 'nfs') errs.push(forbidden(p.child('persistentVolumeReclaimPolicy'), 'may only be \'Delete\' or \'Retain\' for volume plugins other than hostPath and nfs'));
    const local = spec['local'];
    if (isRec(local)) {
      if (!str(local['path'])) errs.push(required(p.child('local', 'path')));
      if (!isRec(spec['nodeAffinity'])) errs.push(required(p.child('nodeAffinity'), 'Local volume requires node affinity'));
    }
    const hp = spec['hostPath'];
    if (isRec(hp) && !str(hp['path'])) errs.push(required(p.child('hostPath', 'path')));
    const nfs = spec['nfs'];
    if (isRec(nfs)) {
      if (!str(nfs['server'])) errs.push(required(p.child('nfs', 'server')));
      if (!str(nfs['path'])) errs.push(required(p.child('nfs', 'path')));
    }
    const na = spec['nodeAffinity'];
    if (isRec(na)) {
      const terms = arr(rec(na['required'])['nodeSelectorTerms']);
      if (isRec(na['required']) && terms.length === 0) errs.push(required(p.child('nodeAffinity', 'required', 'nodeSelectorTerms'), 'must have at least one node selector term'));
    }
    return errs;
  },
  validateUpdate(obj, old) {
    const errs = [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...persistentVolumeRules.validate!(obj).filter((e) => !e.field.startsWith('metadata'))];
    const n = rec(obj['spec']);
    const o = rec(old['spec']);
    // The volume source is immutable; claimRef, reclaim policy, capacity (expansion), class, mount options may change.
    for (const s of sources) if (o[s] !== undefined && !deepEqual(n[s], o[s])) errs.push(forbidden(root('spec', 'persistentvolumesource'), 'spec.persistentvolumesource is immutable after creation'));
    if (o['nodeAffinity'] !== undefined && !deepEqual(n['nodeAffinity'], o['nodeAffinity'])) errs.push(invalid(root('spec', 'nodeAffinity'), n['nodeAffinity'] ?? null, 'field is immutable'));
    if (o['volumeMode'] !== undefined && n['volumeMode'] !== o['volumeMode']) errs.push(invalid(root('spec', 'volumeMode'), n['volumeMode'] ?? '', 'field is immutable'));
    return errs;
  },
  validateStatusUpdate(obj, old) {
    return validateObjectMetaUpdate(obj.metadata, old.metadata);
  },
};
