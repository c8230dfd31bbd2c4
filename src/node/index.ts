// node: what runs on every machine of the cluster (today: the local volume host and simulated nodes).
export { LocalVolumeHost, startLocalVolumeHost } from './volumes/local-volume-host.js';
export { isSimulatedNodeName, simulatedVolumeHost, startSimulatedNodes, type SimulatedNodes, type SimulatedNodesOptions } from './simulated/simulated-nodes.js';
export { annSimulateCpu, annSimulateMemory, SimulatedNodeStats, type SimulatedNodeStatsOptions } from './simulated/simulated-stats.js';
export { annSimulateMetrics, SimulatedNodeCustomMetrics, type SimulatedNodeCustomMetricsOptions } from './simulated/simulated-metrics.js';
export { annPrometheusPath, annPrometheusPort, annPrometheusScrape } from './kubelet/custom-metrics/scrape-target.js';
export { simulatedNodeLabel } from './simulated/node-object.js';
export { ImageStore, DigestMismatchError, type ImageRecord, type ImageManifest, type ImageConfig, type Descriptor } from './images/store.js';
export { importArchive, ArchiveError } from './images/archive.js';
export { parseReference, formatReference, normalizeReference, type ImageReference } from './images/reference.js';
export { pullImage, parseChallenge, PullError, type PullOptions } from './images/registry.js';
export { startLocalAgent, runcVersion, AgentUnavailableError, type LocalAgent, type LocalAgentOptions } from './agent.js';
export { checkPodNetworkFree, PodNetworkConflictError, serverNetworkHint } from './network/network-claim-files.js';
export { bootstrapNodeCredentials, usableClientCertificate, type NodeClientCertificate } from './tls-bootstrap.js';
export { KubeletServer, type KubeletServerOptions } from './kubelet/server.js';
export { SubjectAccessReviewAuthorizer, kubeletRequestAttributes, type KubeletAuthorizer } from './kubelet/authorizer.js';
export { primaryAddress } from './node-status.js';
export { killAll } from './killall.js';
