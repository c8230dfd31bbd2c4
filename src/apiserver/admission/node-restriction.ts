// NodeRestriction admission (upstream plugin/pkg/admission/noderestriction): a kubelet (system:node:<name>)
// writes only its own Node (never its taints, nor labels in the node-restriction prefix or outside the kubelet's
// own kubernetes.io set), its own Lease, pods bound to it (status, deletion, eviction; only mirror pods may be
// created), the resize fields of its pods' claims, and tokens bound to its own pods.
import { forbidden, type KubeObject, type ResourceDescriptor } from '../../api/index.js';
import { nodeNameOf } from '../auth/node-authorizer.js';
import type { UserInfo } from '../registry/context.js';
import type { Admission } from '../registry/generic-store.js';

type Obj = KubeObject & { metadata?: { name?: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string>; ownerReferences?: { kind?: string; controller?: boolean }[] }; spec?: Record<string, unknown>; status?: Record<string, unknown> };

const mirrorAnnotation = 'kubernetes.io/config.mirror';

/** Labels a kubelet may set on its own Node in the kubernetes.io / k8s.io namespaces (upstream kubeletapis). */
const kubeletLabels = new Set([
  'kubernetes.io/hostname', 'kubernetes.io/arch', 'kubernetes.io/os', 'beta.kubernetes.io/arch', 'beta.kubernetes.io/os', 'beta.kubernetes.io/instance-type',
  'node.kubernetes.io/instance-type', 'topology.kubernetes.io/region', 'topology.kubernetes.io/zone', 'failure-domain.beta.kubernetes.io/region', 'failure-domain.beta.kubernetes.io/zone',
]);
const kubeletLabelNamespaces = ['kubelet.kubernetes.io', 'node.kubernetes.io'];

function labelNamespace(key: string): string {
  const i = key.indexOf('/');
  return i < 0 ? '' : key.slice(0, i);
}

function restrictedLabel(key: string): boolean {
  const ns = labelNamespace(key);
  if (ns === 'node-restriction.kubernetes.io' || ns.endsWith('.node-restriction.kubernetes.io')) return true;
  if (kubeletLabels.has(key) || kubeletLabelNamespaces.some((k) => ns === k || ns.endsWith(`.${k}`))) return false;
  return ns === 'kubernetes.io' || ns.endsWith('.kubernetes.io') || ns === 'k8s.io' || ns.endsWith('.k8s.io');
}

const nameOf = (o: Obj | undefined): string => o?.metadata?.name ?? '';
const podNode = (o: Obj | undefined): string => String(o?.spec?.['nodeName'] ?? '');

/** The upstream 403 (reason Forbidden) for the object. */
function deny(desc: ResourceDescriptor, obj: Obj | undefined, message: string): never {
  throw forbidden({ group: desc.group, resource: desc.plural }, nameOf(obj), message);
}

export const nodeRestriction: Admission = {
  admit(op, desc, obj, old, attrs) {
    const node = attrs ? nodeNameOf(attrs.ctx.user) : undefined;
    if (node === undefined || !attrs) return;
    const o = obj as Obj;
    const prev = old as Obj | undefined;
    switch (`${desc.group}/${desc.plural}`) {
      case '/pods': return admitPod(node, op, attrs.subresource, desc, o, prev);
      case '/nodes': return admitNode(node, op, desc, o, prev);
      case 'coordination.k8s.io/leases':
        if (op === 'CREATE' && nameOf(o) !== node) deny(desc, o, 'can only access node lease with the same name as the requesting node');
        return;
      case '/persistentvolumeclaims':
        if (op === 'UPDATE' && attrs.subresource === 'status') return admitClaimStatus(node, desc, o, prev);
        return;
      default:
        return;
    }
  },
};

function admitPod(node: string, op: 'CREATE' | 'UPDATE' | 'DELETE', subresource: string, desc: ResourceDescriptor, obj: Obj, old: Obj | undefined): void {
  if (op === 'CREATE') {
    if (obj.metadata?.annotations?.[mirrorAnnotation] === undefined) deny(desc, obj, `pod does not have "${mirrorAnnotation}" annotation, node "${node}" can only create mirror pods`);
    if (podNode(obj) !== node) deny(desc, obj, `node "${node}" can only create pods with spec.nodeName set to itself`);
    if ((obj.metadata?.ownerReferences ?? []).some((r) => r.controller && r.kind !== 'Node')) deny(desc, obj, `node "${node}" can only create pods with a controller owner reference set to itself`);
    return;
  }
  // Status updates, deletion and eviction (which deletes through here): only of pods bound to this node.
  if (op === 'UPDATE' && subresource !== 'status') deny(desc, obj, `node "${node}" can only update pod status`);
  if (podNode(old ?? obj) !== node) deny(desc, obj, `node "${node}" can only ${op === 'DELETE' ? 'delete' : 'update'} pods with spec.nodeName set to itself`);
}

function admitNode(node: string, op: 'CREATE' | 'UPDATE' | 'DELETE', desc: ResourceDescriptor, obj: Obj, old: Obj | undefined): void {
  if (nameOf(obj) !== node) deny(desc, obj, `node "${node}" is not allowed to modify node "${nameOf(obj)}"`);
  if (op === 'DELETE') return;
  const labels = obj.metadata?.labels ?? {};
  const oldLabels = old?.metadata?.labels ?? {};
  const changed = op === 'CREATE' ? Object.keys(labels) : [...new Set([...Object.keys(labels), ...Object.keys(oldLabels)])].filter((k) => labels[k] !== oldLabels[k]);
  const bad = changed.filter(restrictedLabel).sort();
  if (bad.length) deny(desc, obj, `node "${node}" is not allowed to ${op === 'CREATE' ? 'set' : 'modify'} the following labels: ${bad.join(', ')}`);
  if (op === 'UPDATE' && JSON.stringify(obj.spec?.['taints'] ?? []) !== JSON.stringify(old?.spec?.['taints'] ?? [])) deny(desc, obj, `node "${node}" is not allowed to modify taints`);
}

/** A kubelet may report a resize it finished (capacity, conditions, allocated resources), nothing else. */
function admitClaimStatus(node: string, desc: ResourceDescriptor, obj: Obj, old: Obj | undefined): void {
  const strip = (o: Obj | undefined): string => {
    const { capacity: _c, conditions: _k, allocatedResources: _a, allocatedResourceStatuses: _s, ...rest } = (o?.status ?? {}) as Record<string, unknown>;
    return JSON.stringify({ spec: o?.spec, status: rest, labels: o?.metadata?.labels, annotations: o?.metadata?.annotations });
  };
  if (strip(obj) !== strip(old)) deny(desc, obj, `node "${node}" is not allowed to update fields other than status.capacity, status.conditions, status.allocatedResources and status.allocatedResourceStatuses`);
}

/** A kubelet may request tokens only bound to a pod on its node (checked where TokenRequests are answered). */
export function checkNodeTokenRequest(user: UserInfo, bound: { kind: string; nodeName?: string } | undefined): void {
  const node = nodeNameOf(user);
  if (node === undefined) return;
  const gr = { group: '', resource: 'serviceaccounts' };
  if (bound?.kind !== 'Pod') throw forbidden(gr, '', 'node requested token not bound to a pod');
  if (bound.nodeName !== node) throw forbidden(gr, '', 'node requested token bound to a pod scheduled on a different node');
}
