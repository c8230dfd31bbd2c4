// Upstream OpenAPI extensions (x-kubernetes-patch-*, x-kubernetes-list-*, x-kubernetes-map-type) of the served
// types, keyed by definition name then JSON field. Facts taken from the type markers and struct tags of
// k8s.io/api and k8s.io/apimachinery v0.34.9; edit by hand when upstream changes. Read by scripts/gen-schema.ts.

export type Extensions = Readonly<Record<string, string | readonly string[]>>;

/** Extensions of a definition's properties. */
export const fieldExtensions: Readonly<Record<string, Readonly<Record<string, Extensions>>>> = {
  'io.k8s.kube-aggregator.pkg.apis.apiregistration.v1.APIServiceStatus': {
    conditions: { 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['type'], 'x-kubernetes-patch-strategy': 'merge', 'x-kubernetes-patch-merge-key': 'type' },
  },
  'io.k8s.api.admissionregistration.v1.MutatingWebhookConfiguration': {
    webhooks: { 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'], 'x-kubernetes-patch-strategy': 'merge', 'x-kubernetes-patch-merge-key': 'name' },
  },
  'io.k8s.api.admissionregistration.v1.ValidatingWebhookConfiguration': {
    webhooks: { 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'], 'x-kubernetes-patch-strategy': 'merge', 'x-kubernetes-patch-merge-key': 'name' },
  },
  'io.k8s.api.admissionregistration.v1.MutatingWebhook': {
    rules: { 'x-kubernetes-list-type': 'atomic' },
    admissionReviewVersions: { 'x-kubernetes-list-type': 'atomic' },
    matchConditions: { 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'], 'x-kubernetes-patch-strategy': 'merge', 'x-kubernetes-patch-merge-key': 'name' },
  },
  'io.k8s.api.admissionregistration.v1.ValidatingWebhook': {
    rules: { 'x-kubernetes-list-type': 'atomic' },
    admissionReviewVersions: { 'x-kubernetes-list-type': 'atomic' },
    matchConditions: { 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'], 'x-kubernetes-patch-strategy': 'merge', 'x-kubernetes-patch-merge-key': 'name' },
  },
  'io.k8s.api.admissionregistration.v1.RuleWithOperations': {
    operations: { 'x-kubernetes-list-type': 'atomic' },
    apiGroups: { 'x-kubernetes-list-type': 'atomic' },
    apiVersions: { 'x-kubernetes-list-type': 'atomic' },
    resources: { 'x-kubernetes-list-type': 'atomic' },
  },
  'io.k8s.api.admissionregistration.v1.ValidatingAdmissionPolicySpec': {
    matchConditions: { 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'], 'x-kubernetes-patch-strategy': 'merge', 'x-kubernetes-patch-merge-key': 'name' },
    validations: { 'x-kubernetes-list-type': 'atomic' },
    auditAnnotations: { 'x-kubernetes-list-type': 'atomic' },
    variables: { 'x-kubernetes-list-type': 'atomic' },
  },
  'io.k8s.api.admissionregistration.v1.ValidatingAdmissionPolicyBindingSpec': {
    validationActions: { 'x-kubernetes-list-type': 'set' },
  },
  'io.k8s.api.admissionregistration.v1.MatchResources': {
    resourceRules: { 'x-kubernetes-list-type': 'atomic' },
    excludeResourceRules: { 'x-kubernetes-list-type': 'atomic' },
  },
  'io.k8s.api.admissionregistration.v1.NamedRuleWithOperations': {
    resourceNames: { 'x-kubernetes-list-type': 'atomic' },
    operations: { 'x-kubernetes-list-type': 'atomic' },
    apiGroups: { 'x-kubernetes-list-type': 'atomic' },
    apiVersions: { 'x-kubernetes-list-type': 'atomic' },
    resources: { 'x-kubernetes-list-type': 'atomic' },
  },
  'io.k8s.api.admissionregistration.v1.ValidatingAdmissionPolicyStatus': {
    conditions: { 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['type'] },
  },
  'io.k8s.api.admissionregistration.v1.TypeChecking': {
    expressionWarnings: { 'x-kubernetes-list-type': 'atomic' },
  },
  'io.k8s.api.certificates.v1.CertificateSigningRequestSpec': {
    usages: { 'x-kubernetes-list-type': 'atomic' },
    groups: { 'x-kubernetes-list-type': 'atomic' },
  },
  'io.k8s.api.certificates.v1.CertificateSigningRequestStatus': {
    conditions: { 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['type'] },
  },
  'io.k8s.api.apps.v1.DaemonSetStatus': {
    conditions: { 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['type'], 'x-kubernetes-patch-strategy': 'merge', 'x-kubernetes-patch-merge-key': 'type' },
  },
  'io.k8s.api.apps.v1.DeploymentSpec': {
    strategy: { 'x-kubernetes-patch-strategy': 'retainKeys' },
  },
  'io.k8s.api.apps.v1.DeploymentStatus': {
    conditions: { 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['type'], 'x-kubernetes-patch-strategy': 'merge', 'x-kubernetes-patch-merge-key': 'type' },
  },
  'io.k8s.api.apps.v1.ReplicaSetStatus': {
    conditions: { 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['type'], 'x-kubernetes-patch-strategy': 'merge', 'x-kubernetes-patch-merge-key': 'type' },
  },
  'io.k8s.api.apps.v1.StatefulSetSpec': {
    volumeClaimTemplates: { 'x-kubernetes-list-type': 'atomic' },
  },
  'io.k8s.api.apps.v1.StatefulSetStatus': {
    conditions: { 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['type'], 'x-kubernetes-patch-strategy': 'merge', 'x-kubernetes-patch-merge-key': 'type' },
  },
  'io.k8s.api.authentication.v1.TokenRequestSpec': {
    audiences: { 'x-kubernetes-list-type': 'atomic' },
  },
  'io.k8s.api.authentication.v1.UserInfo': {
    groups: { 'x-kubernetes-list-type': 'atomic' },
  },
  'io.k8s.api.authorization.v1.FieldSelectorAttributes': {
    requirements: { 'x-kubernetes-list-type': 'atomic' },
  },
  'io.k8s.api.authorization.v1.LabelSelectorAttributes': {
    requirements: { 'x-kubernetes-list-type': 'atomic' },
  },
  'io.k8s.api.authorization.v1.NonResourceRule': {
    verbs: { 'x-kubernetes-list-type': 'atomic' },
    nonResourceURLs: { 'x-kubernetes-list-type': 'atomic' },
  },
  'io.k8s.api.authorization.v1.ResourceRule': {
    verbs: { 'x-kubernetes-list-type': 'atomic' },
    apiGroups: { 'x-kubernetes-list-type': 'atomic' },
    resources: { 'x-kubernetes-list-type': 'atomic' },
    resourceNames: { 'x-kubernetes-list-type': 'atomic' },
  },
  'io.k8s.api.authorization.v1.SubjectRulesReviewStatus': {
    resourceRules: { 'x-kubernetes-list-type': 'atomic' },
    nonResourceRules: { 'x-kubernetes-list-type': 'atomic' },
  },
  'io.k8s.api.autoscaling.v2.HPAScalingRules': {
    policies: { 'x-kubernetes-list-type': 'atomic' },
  },
  'io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerSpec': {
    metrics: { 'x-kubernetes-list-type': 'atomic' },
  },
  'io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerStatus': {
    currentMetrics: { 'x-kubernetes-list-type': 'atomic' },
    conditions: { 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['type'], 'x-kubernetes-patch-strategy': 'merge', 'x-kubernetes-patch-merge-key': 'type' },
  },
  'io.k8s.api.batch.v1.CronJobStatus': {
    active: { 'x-kubernetes-list-type': 'atomic' },
  },
  'io.k8s.api.batch.v1.JobStatus': {
    conditions: { 'x-kubernetes-list-type': 'atomic', 'x-kubernetes-patch-strategy': 'merge', 'x-kubernetes-patch-merge-key': 'type' },
  },
  'io.k8s.api.batch.v1.PodFailurePolicy': {
    rules: { 'x-kubernetes-list-type': 'atomic' },
  },
  'io.k8s.api.batch.v1.PodFailurePolicyOnExitCodesRequirement': {
    values: { 'x-kubernetes-list-type': 'set' },
  },
  'io.k8s.api.batch.v1.PodFailurePolicyRule': {
    onPodConditions: { 'x-kubernetes-list-type': 'atomic' },
  },
  'io.k8s.api.batch.v1.SuccessPolicy': {
    rules: { 'x-kubernetes-list-type': 'atomic' },
  },
  'io.k8s.api.batch.v1.UncountedTerminatedPods': {
    succeeded: { 'x-kubernetes-list-type': 'set' },
    failed: { 'x-kubernetes-list-type': 'set' },
  },
  'io.k8s.api.core.v1.Capabilities': {
    add: { 'x-kubernetes-list-type': 'atomic' },
    drop: { 'x-kubernetes-list-type': 'atomic' },
  },
  'io.k8s.api.core.v1.CephFSPersistentVolumeSource': {
    monitors: { 'x-kubernetes-list-type': 'atomic' },
  },
  'io.k8s.api.core.v1.CephFSVolumeSource': {
    monitors: { 'x-kubernetes-list-type': 'atomic' },
  },
  'io.k8s.api.core.v1.ConfigMapProjection': {
    items: { 'x-kubernetes-list-type': 'atomic' },
  },
  'io.k8s.api.core.v1.ConfigMapVolumeSource': {
    items: { 'x-kubernetes-list-type': 'atomic' },
  },
  'io.k8s.api.core.v1.Container': {
    command: { 'x-kubernetes-list-type': 'atomic' },
    args: { 'x-kubernetes-list-type': 'atomic' },
    ports: { 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['containerPort', 'protocol'], 'x-kubernetes-patch-strategy': 'merge', 'x-kubernetes-patch-merge-key': 'containerPort' },
    envFrom: { 'x-kubernetes-list-type': 'atomic' },
    env: { 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'], 'x-kubernetes-patch-strategy': 'merge', 'x-kubernetes-patch-merge-key': 'name' },
    resizePolicy: { 'x-kubernetes-list-type': 'atomic' },
    restartPolicyRules: { 'x-kubernetes-list-type': 'atomic' },
    volumeMounts: { 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['mountPath'], 'x-kubernetes-patch-strategy': 'merge', 'x-kubernetes-patch-merge-key': 'mountPath' },
    volumeDevices: { 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['devicePath'], 'x-kubernetes-patch-strategy': 'merge', 'x-kubernetes-patch-merge-key': 'devicePath' },
  },
  'io.k8s.api.core.v1.ContainerImage': {
    names: { 'x-kubernetes-list-type': 'atomic' },
  },
  'io.k8s.api.core.v1.ContainerRestartRuleOnExitCodes': {
    values: { 'x-kubernetes-list-type': 'set' },
  },
  'io.k8s.api.core.v1.ContainerStatus': {
    volumeMounts: { 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['mountPath'], 'x-kubernetes-patch-strategy': 'merge', 'x-kubernetes-patch-merge-key': 'mountPath' },
    allocatedResourcesStatus: { 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'], 'x-kubernetes-patch-strategy': 'merge', 'x-kubernetes-patch-merge-key': 'name' },
  },
  'io.k8s.api.core.v1.DownwardAPIProjection': {
    items: { 'x-kubernetes-list-type': 'atomic' },
  },
  'io.k8s.api.core.v1.DownwardAPIVolumeSource': {
    items: { 'x-kubernetes-list-type': 'atomic' },
  },
  'io.k8s.api.core.v1.EndpointSubset': {
    addresses: { 'x-kubernetes-list-type': 'atomic' },
    notReadyAddresses: { 'x-kubernetes-list-type': 'atomic' },
    ports: { 'x-kubernetes-list-type': 'atomic' },
  },
  'io.k8s.api.core.v1.Endpoints': {
    subsets: { 'x-kubernetes-list-type': 'atomic' },
  },
  'io.k8s.api.core.v1.ExecAction': {
    command: { 'x-kubernetes-list-type': 'atomic' },
  },
  'io.k8s.api.core.v1.FCVolumeSource': {
    targetWWNs: { 'x-kubernetes-list-type': 'atomic' },
    wwids: { 'x-kubernetes-list-type': 'atomic' },
  },
  'io.k8s.api.core.v1.HTTPGetAction': {
    httpHeaders: { 'x-kubernetes-list-type': 'atomic' },
  },
  'io.k8s.api.core.v1.HostAlias': {
    hostnames: { 'x-kubernetes-list-type': 'atomic' },
  },
  'io.k8s.api.core.v1.ISCSIPersistentVolumeSource': {
    portals: { 'x-kubernetes-list-type': 'atomic' },
  },
  'io.k8s.api.core.v1.ISCSIVolumeSource': {
    portals: { 'x-kubernetes-list-type': 'atomic' },
  },
  'io.k8s.api.core.v1.LimitRangeSpec': {
    limits: { 'x-kubernetes-list-type': 'atomic' },
  },
  'io.k8s.api.core.v1.LinuxContainerUser': {
    supplementalGroups: { 'x-kubernetes-list-type': 'atomic' },
  },
  'io.k8s.api.core.v1.LoadBalancerIngress': {
    ports: { 'x-kubernetes-list-type': 'atomic' },
  },
  'io.k8s.api.core.v1.LoadBalancerStatus': {
    ingress: { 'x-kubernetes-list-type': 'atomic' },
  },
  'io.k8s.api.core.v1.NamespaceSpec': {
    finalizers: { 'x-kubernetes-list-type': 'atomic' },
  },
  'io.k8s.api.core.v1.NamespaceStatus': {
    conditions: { 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['type'], 'x-kubernetes-patch-strategy': 'merge', 'x-kubernetes-patch-merge-key': 'type' },
  },
  'io.k8s.api.core.v1.NodeAffinity': {
    preferredDuringSchedulingIgnoredDuringExecution: { 'x-kubernetes-list-type': 'atomic' },
  },
  'io.k8s.api.core.v1.NodeSelector': {
    nodeSelectorTerms: { 'x-kubernetes-list-type': 'atomic' },
  },
  'io.k8s.api.core.v1.NodeSelectorRequirement': {
    values: { 'x-kubernetes-list-type': 'atomic' },
  },
  'io.k8s.api.core.v1.NodeSelectorTerm': {
    matchExpressions: { 'x-kubernetes-list-type': 'atomic' },
    matchFields: { 'x-kubernetes-list-type': 'atomic' },
  },
  'io.k8s.api.core.v1.NodeSpec': {
    podCIDRs: { 'x-kubernetes-list-type': 'set', 'x-kubernetes-patch-strategy': 'merge' },
    taints: { 'x-kubernetes-list-type': 'atomic' },
  },
  'io.k8s.api.core.v1.NodeStatus': {
    conditions: { 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['type'], 'x-kubernetes-patch-strategy': 'merge', 'x-kubernetes-patch-merge-key': 'type' },
    addresses: { 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['type'], 'x-kubernetes-patch-strategy': 'merge', 'x-kubernetes-patch-merge-key': 'type' },
    images: { 'x-kubernetes-list-type': 'atomic' },
    volumesInUse: { 'x-kubernetes-list-type': 'atomic' },
    volumesAttached: { 'x-kubernetes-list-type': 'atomic' },
    runtimeHandlers: { 'x-kubernetes-list-type': 'atomic' },
  },
  'io.k8s.api.core.v1.PersistentVolumeClaimSpec': {
    accessModes: { 'x-kubernetes-list-type': 'atomic' },
  },
  'io.k8s.api.core.v1.PersistentVolumeClaimStatus': {
    accessModes: { 'x-kubernetes-list-type': 'atomic' },
    conditions: { 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['type'], 'x-kubernetes-patch-strategy': 'merge', 'x-kubernetes-patch-merge-key': 'type' },
    allocatedResourceStatuses: { 'x-kubernetes-map-type': 'granular' },
  },
  'io.k8s.api.core.v1.PersistentVolumeSpec': {
    accessModes: { 'x-kubernetes-list-type': 'atomic' },
    mountOptions: { 'x-kubernetes-list-type': 'atomic' },
  },
  'io.k8s.api.core.v1.PodAffinity': {
    requiredDuringSchedulingIgnoredDuringExecution: { 'x-kubernetes-list-type': 'atomic' },
    preferredDuringSchedulingIgnoredDuringExecution: { 'x-kubernetes-list-type': 'atomic' },
  },
  'io.k8s.api.core.v1.PodAffinityTerm': {
    namespaces: { 'x-kubernetes-list-type': 'atomic' },
    matchLabelKeys: { 'x-kubernetes-list-type': 'atomic' },
    mismatchLabelKeys: { 'x-kubernetes-list-type': 'atomic' },
  },
  'io.k8s.api.core.v1.PodAntiAffinity': {
    requiredDuringSchedulingIgnoredDuringExecution: { 'x-kubernetes-list-type': 'atomic' },
    preferredDuringSchedulingIgnoredDuringExecution: { 'x-kubernetes-list-type': 'atomic' },
  },
  'io.k8s.api.core.v1.PodDNSConfig': {
    nameservers: { 'x-kubernetes-list-type': 'atomic' },
    searches: { 'x-kubernetes-list-type': 'atomic' },
    options: { 'x-kubernetes-list-type': 'atomic' },
  },
  'io.k8s.api.core.v1.PodExtendedResourceClaimStatus': {
    requestMappings: { 'x-kubernetes-list-type': 'atomic' },
  },
  'io.k8s.api.core.v1.PodSecurityContext': {
    supplementalGroups: { 'x-kubernetes-list-type': 'atomic' },
    sysctls: { 'x-kubernetes-list-type': 'atomic' },
  },
  'io.k8s.api.core.v1.PodSpec': {
    volumes: { 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'], 'x-kubernetes-patch-strategy': 'merge,retainKeys', 'x-kubernetes-patch-merge-key': 'name' },
    initContainers: { 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'], 'x-kubernetes-patch-strategy': 'merge', 'x-kubernetes-patch-merge-key': 'name' },
    containers: { 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'], 'x-kubernetes-patch-strategy': 'merge', 'x-kubernetes-patch-merge-key': 'name' },
    ephemeralContainers: { 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'], 'x-kubernetes-patch-strategy': 'merge', 'x-kubernetes-patch-merge-key': 'name' },
    nodeSelector: { 'x-kubernetes-map-type': 'atomic' },
    imagePullSecrets: { 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'], 'x-kubernetes-patch-strategy': 'merge', 'x-kubernetes-patch-merge-key': 'name' },
    tolerations: { 'x-kubernetes-list-type': 'atomic' },
    hostAliases: { 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['ip'], 'x-kubernetes-patch-strategy': 'merge', 'x-kubernetes-patch-merge-key': 'ip' },
    readinessGates: { 'x-kubernetes-list-type': 'atomic' },
    topologySpreadConstraints: { 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['topologyKey', 'whenUnsatisfiable'], 'x-kubernetes-patch-strategy': 'merge', 'x-kubernetes-patch-merge-key': 'topologyKey' },
    schedulingGates: { 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'], 'x-kubernetes-patch-strategy': 'merge', 'x-kubernetes-patch-merge-key': 'name' },
    resourceClaims: { 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'], 'x-kubernetes-patch-strategy': 'merge,retainKeys', 'x-kubernetes-patch-merge-key': 'name' },
  },
  'io.k8s.api.core.v1.PodStatus': {
    conditions: { 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['type'], 'x-kubernetes-patch-strategy': 'merge', 'x-kubernetes-patch-merge-key': 'type' },
    hostIPs: { 'x-kubernetes-list-type': 'atomic', 'x-kubernetes-patch-strategy': 'merge', 'x-kubernetes-patch-merge-key': 'ip' },
    podIPs: { 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['ip'], 'x-kubernetes-patch-strategy': 'merge', 'x-kubernetes-patch-merge-key': 'ip' },
    initContainerStatuses: { 'x-kubernetes-list-type': 'atomic' },
    containerStatuses: { 'x-kubernetes-list-type': 'atomic' },
    ephemeralContainerStatuses: { 'x-kubernetes-list-type': 'atomic' },
    resourceClaimStatuses: { 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'], 'x-kubernetes-patch-strategy': 'merge,retainKeys', 'x-kubernetes-patch-merge-key': 'name' },
  },
  'io.k8s.api.core.v1.ProjectedVolumeSource': {
    sources: { 'x-kubernetes-list-type': 'atomic' },
  },
  'io.k8s.api.core.v1.RBDPersistentVolumeSource': {
    monitors: { 'x-kubernetes-list-type': 'atomic' },
  },
  'io.k8s.api.core.v1.RBDVolumeSource': {
    monitors: { 'x-kubernetes-list-type': 'atomic' },
  },
  'io.k8s.api.core.v1.ReplicationControllerSpec': {
    selector: { 'x-kubernetes-map-type': 'atomic' },
  },
  'io.k8s.api.core.v1.ReplicationControllerStatus': {
    conditions: { 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['type'], 'x-kubernetes-patch-strategy': 'merge', 'x-kubernetes-patch-merge-key': 'type' },
  },
  'io.k8s.api.core.v1.ResourceQuotaSpec': {
    scopes: { 'x-kubernetes-list-type': 'atomic' },
  },
  'io.k8s.api.core.v1.ResourceRequirements': {
    claims: { 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'] },
  },
  'io.k8s.api.core.v1.ResourceStatus': {
    resources: { 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['resourceID'] },
  },
  'io.k8s.api.core.v1.ScopeSelector': {
    matchExpressions: { 'x-kubernetes-list-type': 'atomic' },
  },
  'io.k8s.api.core.v1.ScopedResourceSelectorRequirement': {
    values: { 'x-kubernetes-list-type': 'atomic' },
  },
  'io.k8s.api.core.v1.SecretProjection': {
    items: { 'x-kubernetes-list-type': 'atomic' },
  },
  'io.k8s.api.core.v1.SecretVolumeSource': {
    items: { 'x-kubernetes-list-type': 'atomic' },
  },
  'io.k8s.api.core.v1.ServiceAccount': {
    secrets: { 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'], 'x-kubernetes-patch-strategy': 'merge', 'x-kubernetes-patch-merge-key': 'name' },
    imagePullSecrets: { 'x-kubernetes-list-type': 'atomic' },
  },
  'io.k8s.api.core.v1.ServiceSpec': {
    ports: { 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['port', 'protocol'], 'x-kubernetes-patch-strategy': 'merge', 'x-kubernetes-patch-merge-key': 'port' },
    selector: { 'x-kubernetes-map-type': 'atomic' },
    clusterIPs: { 'x-kubernetes-list-type': 'atomic' },
    externalIPs: { 'x-kubernetes-list-type': 'atomic' },
    loadBalancerSourceRanges: { 'x-kubernetes-list-type': 'atomic' },
    ipFamilies: { 'x-kubernetes-list-type': 'atomic' },
  },
  'io.k8s.api.core.v1.ServiceStatus': {
    conditions: { 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['type'], 'x-kubernetes-patch-strategy': 'merge', 'x-kubernetes-patch-merge-key': 'type' },
  },
  'io.k8s.api.core.v1.TopologySelectorLabelRequirement': {
    values: { 'x-kubernetes-list-type': 'atomic' },
  },
  'io.k8s.api.core.v1.TopologySelectorTerm': {
    matchLabelExpressions: { 'x-kubernetes-list-type': 'atomic' },
  },
  'io.k8s.api.core.v1.TopologySpreadConstraint': {
    matchLabelKeys: { 'x-kubernetes-list-type': 'atomic' },
  },
  'io.k8s.api.discovery.v1.Endpoint': {
    addresses: { 'x-kubernetes-list-type': 'set' },
  },
  'io.k8s.api.discovery.v1.EndpointHints': {
    forZones: { 'x-kubernetes-list-type': 'atomic' },
    forNodes: { 'x-kubernetes-list-type': 'atomic' },
  },
  'io.k8s.api.discovery.v1.EndpointSlice': {
    endpoints: { 'x-kubernetes-list-type': 'atomic' },
    ports: { 'x-kubernetes-list-type': 'atomic' },
  },
  'io.k8s.api.policy.v1.PodDisruptionBudgetSpec': {
    selector: { 'x-kubernetes-patch-strategy': 'replace' },
  },
  'io.k8s.api.policy.v1.PodDisruptionBudgetStatus': {
    conditions: { 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['type'], 'x-kubernetes-patch-strategy': 'merge', 'x-kubernetes-patch-merge-key': 'type' },
  },
  'io.k8s.api.rbac.v1.AggregationRule': {
    clusterRoleSelectors: { 'x-kubernetes-list-type': 'atomic' },
  },
  'io.k8s.api.rbac.v1.ClusterRole': {
    rules: { 'x-kubernetes-list-type': 'atomic' },
  },
  'io.k8s.api.rbac.v1.ClusterRoleBinding': {
    subjects: { 'x-kubernetes-list-type': 'atomic' },
  },
  'io.k8s.api.rbac.v1.PolicyRule': {
    verbs: { 'x-kubernetes-list-type': 'atomic' },
    apiGroups: { 'x-kubernetes-list-type': 'atomic' },
    resources: { 'x-kubernetes-list-type': 'atomic' },
    resourceNames: { 'x-kubernetes-list-type': 'atomic' },
    nonResourceURLs: { 'x-kubernetes-list-type': 'atomic' },
  },
  'io.k8s.api.rbac.v1.Role': {
    rules: { 'x-kubernetes-list-type': 'atomic' },
  },
  'io.k8s.api.rbac.v1.RoleBinding': {
    subjects: { 'x-kubernetes-list-type': 'atomic' },
  },
  'io.k8s.api.storage.v1.StorageClass': {
    mountOptions: { 'x-kubernetes-list-type': 'atomic' },
    allowedTopologies: { 'x-kubernetes-list-type': 'atomic' },
  },
  'io.k8s.apimachinery.pkg.apis.meta.v1.APIResource': {
    shortNames: { 'x-kubernetes-list-type': 'atomic' },
    categories: { 'x-kubernetes-list-type': 'atomic' },
  },
  'io.k8s.apimachinery.pkg.apis.meta.v1.APIResourceList': {
    resources: { 'x-kubernetes-list-type': 'atomic' },
  },
  'io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions': {
    dryRun: { 'x-kubernetes-list-type': 'atomic' },
  },
  'io.k8s.apimachinery.pkg.apis.meta.v1.FieldSelectorRequirement': {
    values: { 'x-kubernetes-list-type': 'atomic' },
  },
  'io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector': {
    matchExpressions: { 'x-kubernetes-list-type': 'atomic' },
  },
  'io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelectorRequirement': {
    values: { 'x-kubernetes-list-type': 'atomic' },
  },
  'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta': {
    ownerReferences: { 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['uid'], 'x-kubernetes-patch-strategy': 'merge', 'x-kubernetes-patch-merge-key': 'uid' },
    finalizers: { 'x-kubernetes-list-type': 'set', 'x-kubernetes-patch-strategy': 'merge' },
    managedFields: { 'x-kubernetes-list-type': 'atomic' },
  },
  'io.k8s.apimachinery.pkg.apis.meta.v1.Status': {
    details: { 'x-kubernetes-list-type': 'atomic' },
  },
  'io.k8s.apimachinery.pkg.apis.meta.v1.StatusDetails': {
    causes: { 'x-kubernetes-list-type': 'atomic' },
  },
};

/** Extensions of a definition itself (structs replaced whole by apply). */
export const typeExtensions: Readonly<Record<string, Extensions>> = {
  'io.k8s.api.autoscaling.v1.CrossVersionObjectReference': { 'x-kubernetes-map-type': 'atomic' },
  'io.k8s.api.core.v1.ConfigMapKeySelector': { 'x-kubernetes-map-type': 'atomic' },
  'io.k8s.api.core.v1.EndpointAddress': { 'x-kubernetes-map-type': 'atomic' },
  'io.k8s.api.core.v1.EndpointPort': { 'x-kubernetes-map-type': 'atomic' },
  'io.k8s.api.core.v1.FileKeySelector': { 'x-kubernetes-map-type': 'atomic' },
  'io.k8s.api.core.v1.LocalObjectReference': { 'x-kubernetes-map-type': 'atomic' },
  'io.k8s.api.core.v1.NodeSelector': { 'x-kubernetes-map-type': 'atomic' },
  'io.k8s.api.core.v1.NodeSelectorTerm': { 'x-kubernetes-map-type': 'atomic' },
  'io.k8s.api.core.v1.ObjectFieldSelector': { 'x-kubernetes-map-type': 'atomic' },
  'io.k8s.api.core.v1.ObjectReference': { 'x-kubernetes-map-type': 'atomic' },
  'io.k8s.api.core.v1.ResourceFieldSelector': { 'x-kubernetes-map-type': 'atomic' },
  'io.k8s.api.core.v1.ScopeSelector': { 'x-kubernetes-map-type': 'atomic' },
  'io.k8s.api.core.v1.SecretKeySelector': { 'x-kubernetes-map-type': 'atomic' },
  'io.k8s.api.core.v1.SecretReference': { 'x-kubernetes-map-type': 'atomic' },
  'io.k8s.api.core.v1.TopologySelectorTerm': { 'x-kubernetes-map-type': 'atomic' },
  'io.k8s.api.core.v1.TypedLocalObjectReference': { 'x-kubernetes-map-type': 'atomic' },
  'io.k8s.api.discovery.v1.EndpointPort': { 'x-kubernetes-map-type': 'atomic' },
  'io.k8s.api.rbac.v1.RoleRef': { 'x-kubernetes-map-type': 'atomic' },
  'io.k8s.api.rbac.v1.Subject': { 'x-kubernetes-map-type': 'atomic' },
  'io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector': { 'x-kubernetes-map-type': 'atomic' },
  'io.k8s.apimachinery.pkg.apis.meta.v1.OwnerReference': { 'x-kubernetes-map-type': 'atomic' },
};
