// Pod volume defaulting and validation: exactly one source per volume, with the common sources checked.
import { duplicate, forbidden, invalid, notSupported, required, type FieldError, type FieldPath } from '../../meta/field-path.js';
import { isDns1123Label } from '../../meta/name-validation.js';
import { isQuantity } from '../../resource/quantity.js';
import { isRec, rec, setDefault, str, type Rec } from './json.js';

const sources = [
  'hostPath', 'emptyDir', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'secret', 'nfs', 'iscsi', 'glusterfs',
  'persistentVolumeClaim', 'rbd', 'flexVolume', 'cinder', 'cephfs', 'flocker', 'downwardAPI', 'fc', 'azureFile', 'configMap',
  'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'projected', 'portworxVolume', 'scaleIO', 'storageos', 'csi',
  'ephemeral', 'image',
];
const hostPathTypes = ['', 'DirectoryOrCreate', 'Directory', 'FileOrCreate', 'File', 'Socket', 'CharDevice', 'BlockDevice'];

export function defaultVolume(v: Rec): void {
  const present = sources.filter((s) => v[s] !== undefined && v[s] !== null);
  if (present.length === 0) v['emptyDir'] = {};
  if (isRec(v['hostPath'])) setDefault(v['hostPath'], 'type', '');
  for (const k of ['secret', 'configMap', 'downwardAPI', 'projected']) if (isRec(v[k])) setDefault(v[k], 'defaultMode', 420);
}

export function validateVolumes(volumes: unknown[], path: FieldPath): { errs: FieldError[]; names: Set<string> } {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  volumes.forEach((v, i) => {
    const o = rec(v);
    const p = path.index(i);
    const name = str(o['name']);
    if (!name) errs.push(required(p.child('name')));
    else {
      for (const m of isDns1123Label(name)) errs.push(invalid(p.child('name'), name, m));
      if (names.has(name)) errs.push(duplicate(p.child('name'), name));
      names.add(name);
    }
    const present = sources.filter((s) => o[s] !== undefined && o[s] !== null);
    if (present.length === 0) errs.push(required(p, 'must specify a volume type'));
    if (present.length > 1) errs.push(forbidden(p.child(present[1]!), `may not specify more than 1 volume type`));
    const hp = o['hostPath'];
    if (isRec(hp)) {
      if (!str(hp['path'])) errs.push(required(p.child('hostPath', 'path')));
      if (hp['type'] !== undefined && !hostPathTypes.includes(String(hp['type']))) errs.push(notSupported(p.child('hostPath', 'type'), hp['type'], hostPathTypes.slice(1)));
    }
    const pvc = o['persistentVolumeClaim'];
    if (isRec(pvc) && !str(pvc['claimName'])) errs.push(required(p.child('persistentVolumeClaim', 'claimName')));
    const nfs = o['nfs'];
    if (isRec(nfs)) {
      if (!str(nfs['server'])) errs.push(required(p.child('nfs', 'server')));
      const np = str(nfs['path']);
      if (!np) errs.push(required(p.child('nfs', 'path')));
      else if (!np.startsWith('/')) errs.push(invalid(p.child('nfs', 'path'), np, 'must be an absolute path'));
    }
    const ed = o['emptyDir'];
    if (isRec(ed)) {
      if (ed['medium'] !== undefined && ed['medium'] !== '' && ed['medium'] !== 'Memory' && ed['medium'] !== 'HugePages') errs.push(notSupported(p.child('emptyDir', 'medium'), ed['medium'], ['', 'Memory', 'HugePages']));
      if (ed['sizeLimit'] !== undefined && !isQuantity(ed['sizeLimit'])) errs.push(invalid(p.child('emptyDir', 'sizeLimit'), ed['sizeLimit'], 'must be a valid quantity'));
    }
    for (const k of ['configMap', 'secret']) {
      const s = o[k];
      if (isRec(s) && k === 'configMap' && !str(s['name'])) errs.push(required(p.child('configMap', 'name')));
    }
  });
  return { errs, names };
}
