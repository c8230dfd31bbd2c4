// Patch and list-type extensions of upstream's OpenAPI (x-kubernetes-patch-*, x-kubernetes-list-*),
// keyed by client-node model class and field. Facts from the upstream type tags (kubectl-compat.md §2.5).

type Ext = Record<string, unknown>;
const merge = (key: string, listKeys: string[] = [key]): Ext => ({ 'x-kubernetes-patch-strategy': 'merge', 'x-kubernetes-patch-merge-key': key, 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': listKeys });
const mergeRetain = (key: string): Ext => ({ 'x-kubernetes-patch-strategy': 'merge,retainKeys', 'x-kubernetes-patch-merge-key': key, 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': [key] });
const conditions = { conditions: merge('type') };
const atomic: Ext = { 'x-kubernetes-list-type': 'atomic' };

export const patchExtensions: Record<string, Record<string, Ext>> = {
  V1ObjectMeta: { finalizers: { 'x-kubernetes-patch-strategy': 'merge', 'x-kubernetes-list-type': 'set' }, ownerReferences: merge('uid') },
  V1PodSpec: {
    containers: merge('name'), initContainers: merge('name'), ephemeralContainers: merge('name'), volumes: mergeRetain('name'),
    imagePullSecrets: merge('name'), hostAliases: merge('ip'), topologySpreadConstraints: merge('topologyKey', ['topologyKey', 'whenUnsatisfiable']),
    schedulingGates: merge('name'), resourceClaims: mergeRetain('name'), tolerations: atomic,
  },
  V1Container: { ports: merge('containerPort', ['containerPort', 'protocol']), env: merge('name'), volumeMounts: merge('mountPath'), volumeDevices: merge('devicePath'), args: atomic, command: atomic },
  V1EphemeralContainer: { ports: merge('containerPort', ['containerPort', 'protocol']), env: merge('name'), volumeMounts: merge('mountPath') },
  V1ServiceSpec: { ports: merge('port', ['port', 'protocol']) },
  V1ServiceAccount: { secrets: merge('name') },
  V1NodeStatus: { addresses: merge('type'), ...conditions },
  V1PodStatus: { podIPs: merge('ip'), hostIPs: merge('ip'), ...conditions },
  V1NamespaceStatus: conditions, V1ReplicationControllerStatus: conditions, V1PersistentVolumeClaimStatus: conditions,
  V1DeploymentStatus: conditions, V1ReplicaSetStatus: conditions, V1StatefulSetStatus: conditions, V1DaemonSetStatus: conditions,
  V1JobStatus: conditions, V2HorizontalPodAutoscalerStatus: conditions, V1ServiceStatus: conditions,
  V1DeploymentSpec: { strategy: { 'x-kubernetes-patch-strategy': 'retainKeys' } },
  V1LabelSelector: { matchExpressions: atomic },
  V1NodeSelectorTerm: { matchExpressions: atomic, matchFields: atomic },
  V1NodeSelector: { nodeSelectorTerms: atomic },
};
