// Why a PersistentVolumeClaim is Pending (or Lost), from the PV controller's, the provisioner's and the
// scheduler's point of view: its class, the binding mode, the provisioner it waits for, the volumes the
// binder considered and why none fits, and its latest events. Pure: a function of the claim and ClusterState.
import type { PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1.js';
import type { StorageClass } from 'kubernetes-types/storage/v1.js';
import {
  annSelectedNode, annStorageProvisioner, annotation, claimClass, defaultStorageClassOf, formatLabelSelector, fromLabelSelectorObject,
  isDefaultStorageClass, notSupportedProvisioner, podClaimNames, volumeMismatch, type ClaimObject, type VolumeObject,
} from '../../api/index.js';
import { eventLines } from './events.js';
import { indent, someNames, unreadableLine, type ClusterState } from './state.js';
import { volumeLines } from './volumes.js';

const podName = (p: Pod): string => p.metadata?.name ?? '';

/** The pods of the claim's namespace whose volumes reference it. */
export function claimUsers(claim: ClaimObject, pods: readonly Pod[]): Pod[] {
  return pods.filter((p) => (p.metadata?.namespace ?? '') === claim.metadata.namespace && podClaimNames(p).includes(claim.metadata.name));
}

function podState(p: Pod): string {
  const node = p.spec?.nodeName;
  return `pod/${podName(p)} (${p.status?.phase ?? 'Pending'}${node ? ` on ${node}` : ''})`;
}

/** The class line: which class the claim asks for and what that means for provisioning. */
function classLines(claim: ClaimObject, state: ClusterState): { lines: string[]; cls: StorageClass | undefined } {
  const name = claimClass(claim);
  const classes = state.classes;
  if (name === '' && claim.spec?.storageClassName === '') return { lines: ['No storage class (storageClassName ""): only a PV without a class can bind it; nothing provisions one'], cls: undefined };
  if (state.unreadable.includes('storageclasses')) return { lines: [unreadableLine(name === '' ? 'StorageClasses' : `StorageClass "${name}"`)], cls: undefined };
  if (name === '') {
    const def = defaultStorageClassOf(classes);
    return def
      ? { lines: [`No storage class yet: the PV controller assigns the default class "${def.metadata?.name ?? ''}"`], cls: undefined }
      : { lines: ['No storage class and no default StorageClass: only a PV without a class can bind it; nothing provisions one'], cls: undefined };
  }
  const cls = classes.find((c) => c.metadata?.name === name);
  if (!cls) return { lines: [`StorageClass "${name}" not found: nothing provisions a volume; only a PV with storageClassName "${name}" can bind it`], cls };
  const mode = cls.volumeBindingMode ?? 'Immediate';
  const line = `StorageClass "${name}"${isDefaultStorageClass(cls) ? ' (default)' : ''}: provisioner ${cls.provisioner}, volumeBindingMode ${mode}`;
  if (cls.provisioner === notSupportedProvisioner) return { lines: [line, `  ${notSupportedProvisioner} provisions nothing: a PV must be created by hand`], cls };
  return { lines: [line], cls };
}

/** WaitForFirstConsumer: binding waits for a pod; a scheduled pod's node becomes the claim's selected node. */
function consumerLines(claim: ClaimObject, users: readonly Pod[], forPod: string | undefined): string[] {
  const selected = annotation(claim, annSelectedNode);
  if (selected) return [`Selected node: ${selected} (the scheduler chose it; the volume is provisioned for that node)`];
  if (users.length === 0) return ['Waiting for a first consumer: no pod uses this claim; it is bound when a pod using it is scheduled'];
  const waiting = users.filter((p) => !p.spec?.nodeName).map(podName);
  if (forPod !== undefined && waiting.includes(forPod)) return ['Waiting for this pod to be scheduled: the claim is bound on the node the scheduler picks (WaitForFirstConsumer)'];
  if (waiting.length === 0) return [];
  return [`Waiting for ${waiting.length === 1 ? 'pod' : 'pods'} ${someNames(waiting)} to be scheduled (see kubectl skiff why pod/${waiting[0]})`];
}

function provisionerLines(claim: ClaimObject, cls: StorageClass | undefined): string[] {
  if (claim.spec?.selector) return [`Selector ${formatLabelSelector(fromLabelSelectorObject(claim.spec.selector as Parameters<typeof fromLabelSelectorObject>[0]))}: a claim with a selector is never provisioned; it waits for a matching PV`];
  const provisioner = annotation(claim, annStorageProvisioner);
  if (provisioner) return [`Waiting for provisioner ${provisioner} to create the volume (annotation ${annStorageProvisioner})`];
  if (cls && cls.provisioner !== notSupportedProvisioner && (cls.volumeBindingMode ?? 'Immediate') === 'Immediate') return [`Waiting for the PV controller to hand the claim to provisioner ${cls.provisioner}`];
  return [];
}

function dataSourceLines(claim: ClaimObject, claims: readonly PersistentVolumeClaim[]): string[] {
  const src = claim.spec?.dataSourceRef ?? claim.spec?.dataSource;
  if (!src) return [];
  const group = src.apiGroup ? `.${src.apiGroup}` : '';
  if (!src.apiGroup && src.kind === 'PersistentVolumeClaim' && !claims.some((c) => c.metadata?.name === src.name)) {
    return [`Data source pvc/${src.name} not found: the volume cannot be cloned from it`];
  }
  return [`Data source ${src.kind}${group}/${src.name}: the provisioner fills the new volume from it`];
}

/** A claim that names its volume (spec.volumeName): that volume or nothing. */
function preBoundLines(claim: ClaimObject, volumes: readonly VolumeObject[]): string[] {
  const name = claim.spec?.volumeName ?? '';
  const volume = volumes.find((v) => v.metadata.name === name);
  if (!volume) return [`Requests pv/${name}, which does not exist: the claim binds when it is created`];
  const ref = volume.spec?.claimRef;
  if (ref?.name && (ref.name !== claim.metadata.name || (ref.namespace ?? '') !== claim.metadata.namespace || (ref.uid && ref.uid !== claim.metadata.uid))) {
    return [`Requests pv/${name}, which is bound to ${ref.namespace ?? ''}/${ref.name}`];
  }
  const reason = volumeMismatch(volume, claim);
  return [reason ? `Requests pv/${name}, which does not fit: ${reason}` : `Requests pv/${name}, which fits: waiting for the PV controller to bind them`];
}

function lostLines(claim: ClaimObject, volumes: readonly VolumeObject[]): string[] {
  const name = claim.spec?.volumeName ?? '';
  const volume = volumes.find((v) => v.metadata.name === name);
  if (!volume) return [`pv/${name} no longer exists: the data on it is lost; the claim never binds another volume`];
  const ref = volume.spec?.claimRef;
  return [`pv/${name} is bound to ${ref?.namespace ?? ''}/${ref?.name ?? ''} (uid ${ref?.uid ?? ''}), not to this claim`];
}

const named = <T extends { metadata?: { name?: string } }>(o: T): o is T & { metadata: { name: string } } => typeof o.metadata?.name === 'string';

export interface ExplainClaimOptions {
  /** The name of the pod whose explanation this is part of: users are not listed again, nor the pod sent to itself. */
  readonly forPod?: string;
}

/** The claim's explanation: a headline (`pvc/x is Pending`), then what it waits for, one fact per line. */
export function explainClaim(claim: ClaimObject, state: ClusterState, options: ExplainClaimOptions = {}): string[] {
  const volumes = state.volumes.filter(named);
  const phase = claim.status?.phase ?? 'Pending';
  const head = `pvc/${claim.metadata.name}`;
  const users = claimUsers(claim, state.pods);
  const usedBy = options.forPod !== undefined || users.length === 0 ? [] : [`Used by: ${someNames(users.map(podState))}`];
  const events = eventLines(state.events, { kind: 'PersistentVolumeClaim', metadata: claim.metadata }, state.now);
  if (claim.metadata.deletionTimestamp) {
    const blocking = users.filter((p) => p.spec?.nodeName).map(podName);
    return [`${head} is Terminating: ${blocking.length > 0 ? `waiting for ${someNames(blocking)} to stop using it (kubernetes.io/pvc-protection)` : 'waiting for its finalizers'}`, ...indent([...usedBy, ...events])];
  }
  if (phase === 'Bound') {
    const size = claim.status?.capacity?.['storage'];
    return [`${head} is Bound to pv/${claim.spec?.volumeName ?? ''}${size ? ` (${size})` : ''}; nothing is pending`, ...indent(usedBy)];
  }
  if (phase === 'Lost') return [`${head} is Lost`, ...indent([...lostLines(claim, volumes), ...usedBy, ...events])];
  const { lines: classInfo, cls } = classLines(claim, state);
  const body: string[] = [...classInfo];
  if (claim.spec?.volumeName) {
    body.push(...preBoundLines(claim, volumes));
  } else {
    const delayed = cls?.volumeBindingMode === 'WaitForFirstConsumer';
    if (delayed) body.push(...consumerLines(claim, users, options.forPod));
    if (!delayed || annotation(claim, annSelectedNode)) body.push(...provisionerLines(claim, cls));
    body.push(...dataSourceLines(claim, state.claims));
    const selected = annotation(claim, annSelectedNode);
    const node = selected ? state.nodes.find((n) => n.metadata?.name === selected) : undefined;
    if (state.unreadable.includes('persistentvolumes')) body.push(unreadableLine('PersistentVolumes'));
    else body.push(...volumeLines(volumes, claim, selected ? { node: { name: selected, labels: node?.metadata?.labels ?? {} } } : {}));
  }
  return [`${head} is ${phase}`, ...indent([...body, ...usedBy, ...events])];
}
