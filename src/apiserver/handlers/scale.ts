// The /scale subresource (autoscaling/v1 Scale) projected from any descriptor with a ScaleSubresource.
import {
  badRequest, formatLabelSelector, fromLabelSelectorObject, gvString,
  type KubeObject, type ResourceDescriptor, type ScaleSubresource,
} from '../../api/index.js';
import { invalid as fieldInvalid } from '../../api/meta/field-path.js';
import { invalid } from '../../api/index.js';
import { valueAtPath } from '../../api/patch/json-value.js';


function selectorString(obj: KubeObject, scale: ScaleSubresource): string {
  if (scale.selectorKind === 'path') {
    const v = scale.selectorPath ? valueAtPath(obj, scale.selectorPath) : undefined;
    return typeof v === 'string' ? v : '';
  }
  const sel = valueAtPath(obj, ['spec', 'selector']);
  if (scale.selectorKind === 'map') {
    const m = (sel ?? {}) as Record<string, string>;
    return Object.keys(m).sort().map((k) => `${k}=${m[k]}`).join(',');
  }
  if (!sel) return '';
  return formatLabelSelector(fromLabelSelectorObject(sel as Parameters<typeof fromLabelSelectorObject>[0]));
}

export function toScale(desc: ResourceDescriptor, obj: KubeObject): KubeObject {
  const scale = desc.scale!;
  const m = (obj.metadata ?? {}) as Record<string, unknown>;
  const metadata: Record<string, unknown> = { name: m['name'], uid: m['uid'], resourceVersion: m['resourceVersion'], creationTimestamp: m['creationTimestamp'] };
  if (m['namespace']) metadata['namespace'] = m['namespace'];
  const status: Record<string, unknown> = { replicas: Number(valueAtPath(obj, scale.statusReplicasPath) ?? 0) };
  const sel = selectorString(obj, scale);
  if (sel) status['selector'] = sel;
  return { kind: 'Scale', apiVersion: 'autoscaling/v1', metadata, spec: { replicas: Number(valueAtPath(obj, scale.specReplicasPath) ?? 0) }, status };
}

/** Applies a Scale's spec.replicas to a (mutable copy of the) parent. Validates the Scale. */
export function applyScale(desc: ResourceDescriptor, parent: KubeObject, scaleObj: KubeObject): KubeObject {
  const scale = desc.scale!;
  if (scaleObj.kind !== undefined && scaleObj.kind !== 'Scale') throw badRequest(`the kind in the data (${String(scaleObj.kind)}) does not match the expected kind (Scale)`);
  const replicas = valueAtPath(scaleObj, ['spec', 'replicas']);
  const name = String((parent.metadata as Record<string, unknown> | undefined)?.['name'] ?? '');
  if (replicas !== undefined && (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0)) {
    throw invalid({ group: 'autoscaling', kind: 'Scale' }, name, [fieldInvalid('spec.replicas', replicas, 'must be greater than or equal to 0')]);
  }
  let cur = parent as Record<string, unknown>;
  for (const k of scale.specReplicasPath.slice(0, -1)) {
    cur[k] ??= {};
    cur = cur[k] as Record<string, unknown>;
  }
  cur[scale.specReplicasPath[scale.specReplicasPath.length - 1]!] = replicas ?? 0;
  const rv = (scaleObj.metadata as Record<string, unknown> | undefined)?.['resourceVersion'];
  const pm = (parent.metadata ??= {}) as Record<string, unknown>;
  if (typeof rv === 'string' && rv !== '') pm['resourceVersion'] = rv;
  parent.apiVersion = gvString(desc);
  return parent;
}
