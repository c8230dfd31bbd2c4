// The API objects a pod needs on its node (upstream podutil.VisitPodSecretNames / VisitPodConfigmapNames and the
// node authorizer's graph): the Secrets, ConfigMaps and claims it names, and its ServiceAccount. The node
// authorizer lets a kubelet read exactly these for the pods bound to it, and the kubelet watches exactly these.
import type { Container, PersistentVolume, Pod, Volume } from 'kubernetes-types/core/v1.js';

export interface PodReferences {
  readonly secrets: readonly string[];
  readonly configMaps: readonly string[];
  /** Claims of persistentVolumeClaim volumes and of generic ephemeral volumes (`<pod>-<volume>`). */
  readonly claims: readonly string[];
  readonly serviceAccount: string;
}

/** A volume's Secret references, every volume plugin that names one (upstream's list). */
function volumeSecrets(v: Volume): (string | undefined)[] {
  return [
    v.secret?.secretName, v.azureFile?.secretName, v.cephfs?.secretRef?.name, v.cinder?.secretRef?.name, v.flexVolume?.secretRef?.name,
    v.rbd?.secretRef?.name, v.scaleIO?.secretRef?.name, v.iscsi?.secretRef?.name, v.storageos?.secretRef?.name, v.csi?.nodePublishSecretRef?.name,
    ...(v.projected?.sources ?? []).map((s) => s.secret?.name),
  ];
}

function volumeConfigMaps(v: Volume): (string | undefined)[] {
  return [v.configMap?.name, ...(v.projected?.sources ?? []).map((s) => s.configMap?.name)];
}

function containersOf(pod: Pod): Container[] {
  const s = pod.spec;
  return [...s?.initContainers ?? [], ...s?.containers ?? [], ...(s?.ephemeralContainers ?? []) as Container[]];
}

const names = (xs: (string | undefined)[]): string[] => [...new Set(xs.filter((x): x is string => !!x))];

export function podReferences(pod: Pod): PodReferences {
  const volumes = pod.spec?.volumes ?? [];
  const containers = containersOf(pod);
  const env = containers.flatMap((c) => c.env ?? []);
  const envFrom = containers.flatMap((c) => c.envFrom ?? []);
  return {
    secrets: names([
      ...(pod.spec?.imagePullSecrets ?? []).map((s) => s.name),
      ...env.map((e) => e.valueFrom?.secretKeyRef?.name),
      ...envFrom.map((e) => e.secretRef?.name),
      ...volumes.flatMap(volumeSecrets),
    ]),
    configMaps: names([...env.map((e) => e.valueFrom?.configMapKeyRef?.name), ...envFrom.map((e) => e.configMapRef?.name), ...volumes.flatMap(volumeConfigMaps)]),
    claims: names(volumes.map((v) => v.persistentVolumeClaim?.claimName ?? (v.ephemeral ? `${pod.metadata?.name ?? ''}-${v.name}` : undefined))),
    serviceAccount: pod.spec?.serviceAccountName || 'default',
  };
}

/** The Secrets a PersistentVolume names (CSI and plugin secret references), with their namespaces. */
export function persistentVolumeSecrets(pv: PersistentVolume): { namespace: string; name: string }[] {
  const s = pv.spec;
  const refs = [
    s?.azureFile?.secretName ? { namespace: s.azureFile.secretNamespace ?? pv.spec?.claimRef?.namespace, name: s.azureFile.secretName } : undefined,
    s?.cephfs?.secretRef, s?.cinder?.secretRef, s?.flexVolume?.secretRef, s?.rbd?.secretRef, s?.scaleIO?.secretRef, s?.iscsi?.secretRef, s?.storageos?.secretRef,
    s?.csi?.nodePublishSecretRef, s?.csi?.nodeStageSecretRef, s?.csi?.controllerExpandSecretRef, s?.csi?.controllerPublishSecretRef, s?.csi?.nodeExpandSecretRef,
  ];
  return refs.flatMap((r) => (r?.name ? [{ namespace: r.namespace ?? '', name: r.name }] : []));
}
