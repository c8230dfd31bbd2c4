// Upstream definition names for the served API packages, and the fields whose upstream type is a named
// scalar (Quantity, Time, MicroTime, RawExtension, FieldsV1) or bytes that client-node models flatten to
// string/Date/any. Names from the OpenAPI model names of k8s.io/api and k8s.io/apimachinery (master, 2026-07),
// field facts from their v0.34.9 type declarations. Read by scripts/gen-schema.ts; edit by hand when upstream changes.

/** Definition-name prefix (Go package) → space-separated type names in that package. */
export const modelPackages: Readonly<Record<string, string>> = {
  'io.k8s.api.core.v1':
    'AWSElasticBlockStoreVolumeSource Affinity AppArmorProfile AttachedVolume AvoidPods AzureDiskVolumeSource AzureFilePersistentVolumeSource AzureFileVolumeSource Binding CSIPersistentVolumeSource CSIVolumeSource Capabilities CephFSPersistentVolumeSource CephFSVolumeSource CinderPersistentVolumeSource CinderVolumeSource ClientIPConfig ClusterTrustBundleProjection ComponentCondition ComponentStatus ComponentStatusList ConfigMap ConfigMapEnvSource ConfigMapKeySelector ConfigMapList ConfigMapNodeConfigSource ConfigMapProjection ConfigMapVolumeSource Container ContainerExtendedResourceRequest ContainerImage ContainerPort ContainerResizePolicy ContainerRestartRule ContainerRestartRuleOnExitCodes ContainerState ContainerStateRunning ContainerStateTerminated ContainerStateWaiting ContainerStatus ContainerUser DaemonEndpoint DownwardAPIProjection DownwardAPIVolumeFile DownwardAPIVolumeSource EmptyDirVolumeSource EndpointAddress EndpointPort EndpointSubset Endpoints EndpointsList EnvFromSource EnvVar EnvVarSource EphemeralContainer EphemeralContainerCommon EphemeralVolumeSource Event EventList EventSeries EventSource EvictionResponder ExecAction FCVolumeSource FileKeySelector FlexPersistentVolumeSource FlexVolumeSource FlockerVolumeSource GCEPersistentDiskVolumeSource GRPCAction GitRepoVolumeSource GlusterfsPersistentVolumeSource GlusterfsVolumeSource HTTPGetAction HTTPHeader HostAlias HostIP HostPathVolumeSource ISCSIPersistentVolumeSource ISCSIVolumeSource ImageVolumeSource ImageVolumeStatus KeyToPath Lifecycle LifecycleHandler LimitRange LimitRangeItem LimitRangeList LimitRangeSpec LinuxContainerUser List LoadBalancerIngress LoadBalancerStatus LocalObjectReference LocalVolumeSource ModifyVolumeStatus NFSVolumeSource Namespace NamespaceCondition NamespaceList NamespaceSpec NamespaceStatus Node NodeAddress NodeAffinity NodeAllocatableMappedResources NodeAllocatableOverheadResources NodeAllocatableResourceClaimStatus NodeCondition NodeConfigSource NodeConfigStatus NodeDaemonEndpoints NodeFeatures NodeList NodePodPreemptionPolicy NodeProxyOptions NodeRuntimeHandler NodeRuntimeHandlerFeatures NodeSelector NodeSelectorRequirement NodeSelectorTerm NodeSpec NodeStatus NodeSwapStatus NodeSystemInfo ObjectFieldSelector ObjectReference PersistentVolume PersistentVolumeClaim PersistentVolumeClaimCondition PersistentVolumeClaimList PersistentVolumeClaimSpec PersistentVolumeClaimStatus PersistentVolumeClaimTemplate PersistentVolumeClaimVolumeSource PersistentVolumeList PersistentVolumeSource PersistentVolumeSpec PersistentVolumeStatus PhotonPersistentDiskVolumeSource Pod PodAffinity PodAffinityTerm PodAntiAffinity PodAttachOptions PodCertificateProjection PodCondition PodDNSConfig PodDNSConfigOption PodExecOptions PodExtendedResourceClaimStatus PodIP PodList PodLogOptions PodOS PodPortForwardOptions PodProxyOptions PodReadinessGate PodResourceClaim PodResourceClaimStatus PodSchedulingGate PodSchedulingGroup PodSecurityContext PodSignature PodSpec PodStatus PodTemplate PodTemplateList PodTemplateSpec PodVolumeHealth PortStatus PortworxVolumeSource Preconditions PreferAvoidPodsEntry PreferredSchedulingTerm Probe ProbeHandler ProjectedVolumeSource QuobyteVolumeSource RBDPersistentVolumeSource RBDVolumeSource RangeAllocation ReplicationController ReplicationControllerCondition ReplicationControllerList ReplicationControllerSpec ReplicationControllerStatus ResourceClaim ResourceFieldSelector ResourceHealth ResourceQuota ResourceQuotaList ResourceQuotaSpec ResourceQuotaStatus ResourceRequirements ResourceStatus SELinuxOptions ScaleIOPersistentVolumeSource ScaleIOVolumeSource ScopeSelector ScopedResourceSelectorRequirement SeccompProfile Secret SecretEnvSource SecretKeySelector SecretList SecretProjection SecretReference SecretVolumeSource SecurityContext SerializedReference Service ServiceAccount ServiceAccountList ServiceAccountTokenProjection ServiceList ServicePort ServiceProxyOptions ServiceSpec ServiceStatus SessionAffinityConfig SleepAction StorageOSPersistentVolumeSource StorageOSVolumeSource Sysctl TCPSocketAction Taint Toleration TopologySelectorLabelRequirement TopologySelectorTerm TopologySpreadConstraint TypedLocalObjectReference TypedObjectReference Volume VolumeDevice VolumeHealthCondition VolumeHealthStatus VolumeMount VolumeMountStatus VolumeNodeAffinity VolumeProjection VolumeResourceRequirements VolumeSource VolumeStatus VsphereVirtualDiskVolumeSource WeightedPodAffinityTerm WindowsSecurityContextOptions',
  'io.k8s.api.apps.v1':
    'ControllerRevision ControllerRevisionList DaemonSet DaemonSetCondition DaemonSetList DaemonSetSpec DaemonSetStatus DaemonSetUpdateStrategy Deployment DeploymentCondition DeploymentList DeploymentSpec DeploymentStatus DeploymentStrategy ReplicaSet ReplicaSetCondition ReplicaSetList ReplicaSetSpec ReplicaSetStatus RollingUpdateDaemonSet RollingUpdateDeployment RollingUpdateStatefulSetStrategy StatefulSet StatefulSetCondition StatefulSetList StatefulSetOrdinals StatefulSetPersistentVolumeClaimRetentionPolicy StatefulSetSpec StatefulSetStatus StatefulSetUpdateStrategy',
  'io.k8s.api.batch.v1':
    'CronJob CronJobList CronJobSpec CronJobStatus Job JobCondition JobList JobSchedulingConfiguration JobSpec JobStatus JobTemplateSpec PodFailurePolicy PodFailurePolicyOnExitCodesRequirement PodFailurePolicyOnPodConditionsPattern PodFailurePolicyRule SuccessPolicy SuccessPolicyRule UncountedTerminatedPods',
  'io.k8s.api.autoscaling.v1':
    'ContainerResourceMetricSource ContainerResourceMetricStatus CrossVersionObjectReference ExternalMetricSource ExternalMetricStatus HorizontalPodAutoscaler HorizontalPodAutoscalerCondition HorizontalPodAutoscalerList HorizontalPodAutoscalerSpec HorizontalPodAutoscalerStatus MetricSpec MetricStatus ObjectMetricSource ObjectMetricStatus PodsMetricSource PodsMetricStatus ResourceMetricSource ResourceMetricStatus Scale ScaleSpec ScaleStatus',
  'io.k8s.api.autoscaling.v2':
    'ContainerResourceMetricSource ContainerResourceMetricStatus CrossVersionObjectReference ExternalMetricSource ExternalMetricStatus HPAScalingPolicy HPAScalingRules HorizontalPodAutoscaler HorizontalPodAutoscalerBehavior HorizontalPodAutoscalerCondition HorizontalPodAutoscalerList HorizontalPodAutoscalerSpec HorizontalPodAutoscalerStatus MetricIdentifier MetricSpec MetricStatus MetricTarget MetricValueStatus ObjectMetricSource ObjectMetricStatus PodsMetricSource PodsMetricStatus ResourceMetricSource ResourceMetricStatus',
  'io.k8s.api.storage.v1':
    'CSIDriver CSIDriverList CSIDriverSpec CSINode CSINodeDriver CSINodeList CSINodeSpec CSINodeStatus CSIStorageCapacity CSIStorageCapacityList StorageClass StorageClassList StorageHealth StorageHealthCondition TokenRequest VolumeAttachment VolumeAttachmentList VolumeAttachmentSource VolumeAttachmentSpec VolumeAttachmentStatus VolumeAttributesClass VolumeAttributesClassList VolumeError VolumeNodeResources',
  'io.k8s.api.coordination.v1':
    'Lease LeaseList LeaseSpec',
  'io.k8s.api.discovery.v1':
    'Endpoint EndpointConditions EndpointHints EndpointPort EndpointSlice EndpointSliceList ForNode ForZone',
  'io.k8s.api.events.v1':
    'Event EventList EventSeries',
  'io.k8s.api.rbac.v1':
    'AggregationRule ClusterRole ClusterRoleBinding ClusterRoleBindingList ClusterRoleList PolicyRule Role RoleBinding RoleBindingList RoleList RoleRef Subject',
  'io.k8s.api.policy.v1':
    'Eviction PodDisruptionBudget PodDisruptionBudgetList PodDisruptionBudgetSpec PodDisruptionBudgetStatus',
  'io.k8s.api.authorization.v1':
    'FieldSelectorAttributes LabelSelectorAttributes LocalSubjectAccessReview NonResourceAttributes NonResourceRule ResourceAttributes ResourceRule SelfSubjectAccessReview SelfSubjectAccessReviewSpec SelfSubjectRulesReview SelfSubjectRulesReviewSpec SubjectAccessReview SubjectAccessReviewSpec SubjectAccessReviewStatus SubjectRulesReviewStatus',
  'io.k8s.api.authentication.v1':
    'BoundObjectReference SelfSubjectReview SelfSubjectReviewStatus TokenRequest TokenRequestSpec TokenRequestStatus TokenReview TokenReviewSpec TokenReviewStatus UserInfo',
  'io.k8s.api.admissionregistration.v1':
    'AuditAnnotation ExpressionWarning MatchCondition MatchResources MutatingWebhook MutatingWebhookConfiguration MutatingWebhookConfigurationList NamedRuleWithOperations ParamKind ParamRef RuleWithOperations ServiceReference TypeChecking ValidatingAdmissionPolicy ValidatingAdmissionPolicyBinding ValidatingAdmissionPolicyBindingList ValidatingAdmissionPolicyBindingSpec ValidatingAdmissionPolicyList ValidatingAdmissionPolicySpec ValidatingAdmissionPolicyStatus ValidatingWebhook ValidatingWebhookConfiguration ValidatingWebhookConfigurationList Validation Variable WebhookClientConfig',
  'io.k8s.api.certificates.v1':
    'CertificateSigningRequest CertificateSigningRequestCondition CertificateSigningRequestList CertificateSigningRequestSpec CertificateSigningRequestStatus',
  'io.k8s.api.scheduling.v1':
    'PriorityClass PriorityClassList',
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1':
    'CustomResourceColumnDefinition CustomResourceConversion CustomResourceDefinition CustomResourceDefinitionCondition CustomResourceDefinitionList CustomResourceDefinitionNames CustomResourceDefinitionSpec CustomResourceDefinitionStatus CustomResourceDefinitionVersion CustomResourceSubresourceScale CustomResourceSubresourceStatus CustomResourceSubresources CustomResourceValidation ExternalDocumentation JSON JSONSchemaProps JSONSchemaPropsOrArray JSONSchemaPropsOrBool JSONSchemaPropsOrStringArray SelectableField ServiceReference ValidationRule WebhookClientConfig WebhookConversion',
  'io.k8s.kube-aggregator.pkg.apis.apiregistration.v1':
    'APIService APIServiceCondition APIServiceList APIServiceSpec APIServiceStatus ServiceReference',
  'io.k8s.apimachinery.pkg.apis.meta.v1':
    'APIGroup APIGroupList APIResource APIResourceList APIVersions ApplyOptions Condition CreateOptions DeleteOptions Duration FieldSelectorRequirement FieldsV1 GetOptions GroupKind GroupResource GroupVersion GroupVersionForDiscovery GroupVersionKind GroupVersionResource InternalEvent LabelSelector LabelSelectorRequirement List ListMeta ListOptions ManagedFieldsEntry MicroTime ObjectMeta OwnerReference PartialObjectMetadata PartialObjectMetadataList Patch PatchOptions Preconditions RootPaths ServerAddressByClientCIDR ShardInfo Status StatusCause StatusDetails Table TableColumnDefinition TableOptions TableRow TableRowCondition Time Timestamp TypeMeta UpdateOptions WatchEvent',
  'io.k8s.apimachinery.pkg.api.resource':
    'Quantity QuantityValue',
  'io.k8s.apimachinery.pkg.runtime':
    'Allocator NegotiateError NoopDecoder NoopEncoder Pair RawExtension Scheme SerializerInfo SimpleAllocator StreamSerializerInfo TypeMeta Unknown WithVersionEncoder WithoutVersionDecoder',
  'io.k8s.apimachinery.pkg.util.intstr':
    'IntOrString',
  'io.k8s.apimachinery.pkg.version':
    'Info',
};

/** Definition → JSON field → the definition its leaf values reference, or 'byte' for base64 bytes. */
export const fieldRefs: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'io.k8s.api.apps.v1.ControllerRevision': { data: 'io.k8s.apimachinery.pkg.runtime.RawExtension' },
  'io.k8s.api.apps.v1.DaemonSetCondition': { lastTransitionTime: 'io.k8s.apimachinery.pkg.apis.meta.v1.Time' },
  'io.k8s.api.apps.v1.DeploymentCondition': { lastUpdateTime: 'io.k8s.apimachinery.pkg.apis.meta.v1.Time', lastTransitionTime: 'io.k8s.apimachinery.pkg.apis.meta.v1.Time' },
  'io.k8s.api.apps.v1.ReplicaSetCondition': { lastTransitionTime: 'io.k8s.apimachinery.pkg.apis.meta.v1.Time' },
  'io.k8s.api.apps.v1.RollingUpdateDaemonSet': { maxUnavailable: 'io.k8s.apimachinery.pkg.util.intstr.IntOrString', maxSurge: 'io.k8s.apimachinery.pkg.util.intstr.IntOrString' },
  'io.k8s.api.apps.v1.RollingUpdateDeployment': { maxUnavailable: 'io.k8s.apimachinery.pkg.util.intstr.IntOrString', maxSurge: 'io.k8s.apimachinery.pkg.util.intstr.IntOrString' },
  'io.k8s.api.apps.v1.RollingUpdateStatefulSetStrategy': { maxUnavailable: 'io.k8s.apimachinery.pkg.util.intstr.IntOrString' },
  'io.k8s.api.apps.v1.StatefulSetCondition': { lastTransitionTime: 'io.k8s.apimachinery.pkg.apis.meta.v1.Time' },
  'io.k8s.api.authentication.v1.TokenRequestStatus': { expirationTimestamp: 'io.k8s.apimachinery.pkg.apis.meta.v1.Time' },
  'io.k8s.api.autoscaling.v1.HorizontalPodAutoscalerStatus': { lastScaleTime: 'io.k8s.apimachinery.pkg.apis.meta.v1.Time' },
  'io.k8s.api.autoscaling.v2.HPAScalingRules': { tolerance: 'io.k8s.apimachinery.pkg.api.resource.Quantity' },
  'io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerCondition': { lastTransitionTime: 'io.k8s.apimachinery.pkg.apis.meta.v1.Time' },
  'io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerStatus': { lastScaleTime: 'io.k8s.apimachinery.pkg.apis.meta.v1.Time' },
  'io.k8s.api.autoscaling.v2.MetricTarget': { value: 'io.k8s.apimachinery.pkg.api.resource.Quantity', averageValue: 'io.k8s.apimachinery.pkg.api.resource.Quantity' },
  'io.k8s.api.autoscaling.v2.MetricValueStatus': { value: 'io.k8s.apimachinery.pkg.api.resource.Quantity', averageValue: 'io.k8s.apimachinery.pkg.api.resource.Quantity' },
  'io.k8s.api.batch.v1.CronJobStatus': { lastScheduleTime: 'io.k8s.apimachinery.pkg.apis.meta.v1.Time', lastSuccessfulTime: 'io.k8s.apimachinery.pkg.apis.meta.v1.Time' },
  'io.k8s.api.batch.v1.JobCondition': { lastProbeTime: 'io.k8s.apimachinery.pkg.apis.meta.v1.Time', lastTransitionTime: 'io.k8s.apimachinery.pkg.apis.meta.v1.Time' },
  'io.k8s.api.batch.v1.JobStatus': { startTime: 'io.k8s.apimachinery.pkg.apis.meta.v1.Time', completionTime: 'io.k8s.apimachinery.pkg.apis.meta.v1.Time' },
  'io.k8s.api.coordination.v1.LeaseSpec': { acquireTime: 'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime', renewTime: 'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime' },
  'io.k8s.api.admissionregistration.v1.WebhookClientConfig': { caBundle: 'byte' },
  'io.k8s.api.certificates.v1.CertificateSigningRequestCondition': { lastUpdateTime: 'io.k8s.apimachinery.pkg.apis.meta.v1.Time', lastTransitionTime: 'io.k8s.apimachinery.pkg.apis.meta.v1.Time' },
  'io.k8s.api.certificates.v1.CertificateSigningRequestSpec': { request: 'byte' },
  'io.k8s.api.certificates.v1.CertificateSigningRequestStatus': { certificate: 'byte' },
  'io.k8s.api.core.v1.ConfigMap': { binaryData: 'byte' },
  'io.k8s.kube-aggregator.pkg.apis.apiregistration.v1.APIServiceSpec': { caBundle: 'byte' },
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps': {
    default: 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSON', enum: 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSON', example: 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSON', items: 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrArray',
    additionalProperties: 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrBool', additionalItems: 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrBool', dependencies: 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrStringArray',
  },
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinitionCondition': { lastTransitionTime: 'io.k8s.apimachinery.pkg.apis.meta.v1.Time' },
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.WebhookClientConfig': { caBundle: 'byte' },
  'io.k8s.api.core.v1.ContainerStateRunning': { startedAt: 'io.k8s.apimachinery.pkg.apis.meta.v1.Time' },
  'io.k8s.api.core.v1.ContainerStateTerminated': { startedAt: 'io.k8s.apimachinery.pkg.apis.meta.v1.Time', finishedAt: 'io.k8s.apimachinery.pkg.apis.meta.v1.Time' },
  'io.k8s.api.core.v1.ContainerStatus': { allocatedResources: 'io.k8s.apimachinery.pkg.api.resource.Quantity' },
  'io.k8s.api.core.v1.EmptyDirVolumeSource': { sizeLimit: 'io.k8s.apimachinery.pkg.api.resource.Quantity' },
  'io.k8s.api.core.v1.Event': { firstTimestamp: 'io.k8s.apimachinery.pkg.apis.meta.v1.Time', lastTimestamp: 'io.k8s.apimachinery.pkg.apis.meta.v1.Time', eventTime: 'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime' },
  'io.k8s.api.core.v1.EventSeries': { lastObservedTime: 'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime' },
  'io.k8s.api.core.v1.HTTPGetAction': { port: 'io.k8s.apimachinery.pkg.util.intstr.IntOrString' },
  'io.k8s.api.core.v1.LimitRangeItem': { max: 'io.k8s.apimachinery.pkg.api.resource.Quantity', min: 'io.k8s.apimachinery.pkg.api.resource.Quantity', default: 'io.k8s.apimachinery.pkg.api.resource.Quantity', defaultRequest: 'io.k8s.apimachinery.pkg.api.resource.Quantity', maxLimitRequestRatio: 'io.k8s.apimachinery.pkg.api.resource.Quantity' },
  'io.k8s.api.core.v1.NamespaceCondition': { lastTransitionTime: 'io.k8s.apimachinery.pkg.apis.meta.v1.Time' },
  'io.k8s.api.core.v1.NodeCondition': { lastHeartbeatTime: 'io.k8s.apimachinery.pkg.apis.meta.v1.Time', lastTransitionTime: 'io.k8s.apimachinery.pkg.apis.meta.v1.Time' },
  'io.k8s.api.core.v1.NodeStatus': { capacity: 'io.k8s.apimachinery.pkg.api.resource.Quantity', allocatable: 'io.k8s.apimachinery.pkg.api.resource.Quantity' },
  'io.k8s.api.core.v1.PersistentVolumeClaimCondition': { lastProbeTime: 'io.k8s.apimachinery.pkg.apis.meta.v1.Time', lastTransitionTime: 'io.k8s.apimachinery.pkg.apis.meta.v1.Time' },
  'io.k8s.api.core.v1.PersistentVolumeClaimStatus': { capacity: 'io.k8s.apimachinery.pkg.api.resource.Quantity', allocatedResources: 'io.k8s.apimachinery.pkg.api.resource.Quantity' },
  'io.k8s.api.core.v1.PersistentVolumeSpec': { capacity: 'io.k8s.apimachinery.pkg.api.resource.Quantity' },
  'io.k8s.api.core.v1.PersistentVolumeStatus': { lastPhaseTransitionTime: 'io.k8s.apimachinery.pkg.apis.meta.v1.Time' },
  'io.k8s.api.core.v1.PodCondition': { lastProbeTime: 'io.k8s.apimachinery.pkg.apis.meta.v1.Time', lastTransitionTime: 'io.k8s.apimachinery.pkg.apis.meta.v1.Time' },
  'io.k8s.api.core.v1.PodSpec': { overhead: 'io.k8s.apimachinery.pkg.api.resource.Quantity' },
  'io.k8s.api.core.v1.PodStatus': { startTime: 'io.k8s.apimachinery.pkg.apis.meta.v1.Time' },
  'io.k8s.api.core.v1.ReplicationControllerCondition': { lastTransitionTime: 'io.k8s.apimachinery.pkg.apis.meta.v1.Time' },
  'io.k8s.api.core.v1.ResourceFieldSelector': { divisor: 'io.k8s.apimachinery.pkg.api.resource.Quantity' },
  'io.k8s.api.core.v1.ResourceQuotaSpec': { hard: 'io.k8s.apimachinery.pkg.api.resource.Quantity' },
  'io.k8s.api.core.v1.ResourceQuotaStatus': { hard: 'io.k8s.apimachinery.pkg.api.resource.Quantity', used: 'io.k8s.apimachinery.pkg.api.resource.Quantity' },
  'io.k8s.api.core.v1.ResourceRequirements': { limits: 'io.k8s.apimachinery.pkg.api.resource.Quantity', requests: 'io.k8s.apimachinery.pkg.api.resource.Quantity' },
  'io.k8s.api.core.v1.Secret': { data: 'byte' },
  'io.k8s.api.core.v1.ServicePort': { targetPort: 'io.k8s.apimachinery.pkg.util.intstr.IntOrString' },
  'io.k8s.api.core.v1.TCPSocketAction': { port: 'io.k8s.apimachinery.pkg.util.intstr.IntOrString' },
  'io.k8s.api.core.v1.Taint': { timeAdded: 'io.k8s.apimachinery.pkg.apis.meta.v1.Time' },
  'io.k8s.api.core.v1.VolumeResourceRequirements': { limits: 'io.k8s.apimachinery.pkg.api.resource.Quantity', requests: 'io.k8s.apimachinery.pkg.api.resource.Quantity' },
  'io.k8s.api.events.v1.Event': { eventTime: 'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime', deprecatedFirstTimestamp: 'io.k8s.apimachinery.pkg.apis.meta.v1.Time', deprecatedLastTimestamp: 'io.k8s.apimachinery.pkg.apis.meta.v1.Time' },
  'io.k8s.api.events.v1.EventSeries': { lastObservedTime: 'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime' },
  'io.k8s.api.policy.v1.PodDisruptionBudgetSpec': { minAvailable: 'io.k8s.apimachinery.pkg.util.intstr.IntOrString', maxUnavailable: 'io.k8s.apimachinery.pkg.util.intstr.IntOrString' },
  'io.k8s.api.policy.v1.PodDisruptionBudgetStatus': { disruptedPods: 'io.k8s.apimachinery.pkg.apis.meta.v1.Time' },
  'io.k8s.apimachinery.pkg.apis.meta.v1.Condition': { lastTransitionTime: 'io.k8s.apimachinery.pkg.apis.meta.v1.Time' },
  'io.k8s.apimachinery.pkg.apis.meta.v1.ManagedFieldsEntry': { time: 'io.k8s.apimachinery.pkg.apis.meta.v1.Time', fieldsV1: 'io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1' },
  'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta': { creationTimestamp: 'io.k8s.apimachinery.pkg.apis.meta.v1.Time', deletionTimestamp: 'io.k8s.apimachinery.pkg.apis.meta.v1.Time' },
  'io.k8s.apimachinery.pkg.apis.meta.v1.WatchEvent': { object: 'io.k8s.apimachinery.pkg.runtime.RawExtension' },
};
