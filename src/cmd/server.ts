// `skiff server`: composes the store, the API server and the controllers, and runs until signalled.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { openStore } from '../storage/index.js';
import { startManagedDatastore, type ManagedDatastore } from './managed-etcd.js';
import { startEtcdMemberRemoval } from './etcd-member-removal.js';
import { adoptClusterBootstrap, ApiServer, bootstrapKey, ClusterBootstrapError, createAuthenticator, loadEncryptionConfig, loadOrCreateFrontProxyPki, loadOrCreatePki, publishClusterBootstrap, RemoteNodeStats, RemoteNodeStreams, ServiceAccountTokens } from '../apiserver/index.js';
import { ApiEventRecorder, Client, InformerFactory, runWhileLeader, type NodeVolumeHosts } from '../client/index.js';
import { startNamespaceController } from '../controllers/namespace/index.js';
import { startServiceAccountController } from '../controllers/service-account/index.js';
import { startRootCaPublisher } from '../controllers/root-ca-publisher/index.js';
import { kubernetesServiceIP, startKubernetesServiceController } from '../controllers/kubernetes-service/index.js';
import { startGarbageCollector } from '../controllers/garbage-collector/index.js';
import { startClusterRoleAggregationController } from '../controllers/clusterrole-aggregation/index.js';
import { startPodGarbageCollector } from '../controllers/pod-gc/index.js';
import { startPersistentVolumeController } from '../controllers/persistent-volume/index.js';
import { startLocalPathProvisioner } from '../controllers/local-path-provisioner/index.js';
import { startSnapshotController } from '../controllers/volume-snapshot/index.js';
import { startLocalPathSnapshotter } from '../controllers/local-path-snapshotter/index.js';
import { startVolumeProtection } from '../controllers/volume-protection/index.js';
import { startAttachDetachController } from '../controllers/attach-detach/index.js';
import { startScheduler } from '../scheduler/index.js';
import { startEndpointsControllers } from '../controllers/endpoints/index.js';
import { startStatefulSetController } from '../controllers/stateful-set/index.js';
import { startDaemonSetController } from '../controllers/daemon-set/index.js';
import { replicaSetKind, replicationControllerKind, startReplicaController } from '../controllers/replica-set/index.js';
import { startCronJobController } from '../controllers/cron-job/index.js';
import { startDeploymentController } from '../controllers/deployment/index.js';
import { startJobController } from '../controllers/job/index.js';
import { startTtlAfterFinishedController } from '../controllers/ttl-after-finished/index.js';
import { startHorizontalPodAutoscalerController } from '../controllers/horizontal-pod-autoscaler/index.js';
import { startNodeLifecycleController } from '../controllers/node-lifecycle/index.js';
import { startTaintEvictionController } from '../controllers/taint-eviction/index.js';
import { startNodeIpamController } from '../controllers/node-ipam/index.js';
import { startResourceQuotaController } from '../controllers/resource-quota/index.js';
import { startDisruptionController } from '../controllers/disruption/index.js';
import { startClusterDns } from '../dns/index.js';
import { startApiServiceRegistrationController } from '../controllers/apiservice-registration/index.js';
import { HttpsDiscoveryProbe, startApiServiceAvailabilityController } from '../controllers/apiservice-availability/index.js';
import { startExtensionApiserverAuthenticationPublisher } from '../controllers/extension-apiserver-authentication/index.js';
import { AgentUnavailableError, checkPodNetworkFree, startLocalVolumeHost, serverNetworkHint, primaryAddress, simulatedNodeLabel, simulatedVolumeHost, startLocalAgent, startSimulatedNodes, type LocalAgent, type SimulatedNodes } from '../node/index.js';
import { lookupResource, rbac, type ApiGroupProvider, type NodeCustomMetricsSource, type NodeStatsSource, type NodeStreams } from '../api/index.js';
import type { Node } from 'kubernetes-types/core/v1.js';
import { metricsApis } from './metrics-apis.js';
import { auditFromFlags } from './audit.js';
import { parseServerFlags, renderKubeconfig, serverUsage } from '../cli/index.js';
import { flagsOrExit } from './flags.js';
import { ComponentIdentities } from './component-identities.js';
import { startServiceAccountTokenController } from '../controllers/service-account-token/index.js';
import { startCustomResourceDefinitionControllers } from '../controllers/custom-resource-definition/index.js';
import { startCertificateSigningController } from '../controllers/certificate-signing/index.js';
import { startCertificateApprovingController } from '../controllers/certificate-approving/index.js';
import { certificateNotAfter, issueCertificate } from '../util/certificate-request.js';
import { createLogger, realClock, DisposableStore } from '../util/index.js';

export async function runServer(argv: readonly string[]): Promise<number> {
  const flags = flagsOrExit(argv, parseServerFlags, serverUsage);
  if (typeof flags === 'number') return flags;
  const started = performance.now();
  const logger = createLogger({ level: flags.logLevel });
  const owned = new DisposableStore();
  mkdirSync(flags.dataDir, { recursive: true, mode: 0o700 });
  // The `kubernetes` Service: its endpoint is the advertise address (this machine's when bound to loopback or any).
  const loopbackBind = flags.bindAddress.startsWith('127.') || flags.bindAddress === '::1';
  const advertise = flags.advertiseAddress ?? (loopbackBind || flags.bindAddress === '0.0.0.0' || flags.bindAddress === '::' ? primaryAddress() : flags.bindAddress);
  // In-cluster clients verify the names and the ClusterIP of the `kubernetes` Service, as upstream's certificate carries them.
  const sans = {
    dns: [...new Set(['localhost', hostname(), 'kubernetes', 'kubernetes.default', 'kubernetes.default.svc', 'kubernetes.default.svc.cluster.local'])],
    ips: [...new Set(['127.0.0.1', flags.bindAddress, kubernetesServiceIP, advertise].filter((a) => a !== '0.0.0.0' && a !== '::'))],
  };
  // A second server on this machine (another data dir) must not share the first one's bridge, pod CIDR and DNS
  // address: refuse before anything starts. (Without root the agent does not run, so there is nothing to share.)
  if (!flags.disableAgent && process.getuid?.() === 0) checkPodNetworkFree(flags.clusterCidr, { dataDir: flags.dataDir, hint: serverNetworkHint(flags.clusterCidr) });
  // Read before the store opens: a bad configuration stops the server with its errors (as kube-apiserver does).
  const encryption = flags.security.encryptionProviderConfig ? loadEncryptionConfig(flags.security.encryptionProviderConfig) : undefined;
  const tlsDir = join(flags.dataDir, 'tls');
  // --cluster-init / --server: an etcd member of this server's own is the datastore (k3s's embedded etcd).
  let managed: ManagedDatastore | undefined;
  if (flags.managedEtcd) {
    const m = flags.managedEtcd;
    managed = await startManagedDatastore({ dataDir: flags.dataDir, tlsDir, advertise, clientPort: m.clientPort, peerPort: m.peerPort, nodeName: flags.nodeName, logger, ...(m.join ? { join: { server: m.join, token: flags.token ?? '' } } : {}) });
    const member = managed;
    owned.defer(() => member.member[Symbol.asyncDispose]());
    process.stdout.write(`Managed etcd member ${managed.member.name} on ${managed.member.clientUrl}\n`);
  }
  const store = await openStore(managed ? managed.url : flags.datastore, managed ? managed.tls : flags.datastoreTls);
  owned.defer(() => store.close());
  // Servers sharing a datastore share the cluster's CA, credentials and signing keys: the first one publishes
  // them there, the others take them (with --token); each makes its own serving certificate.
  const joined = await adoptClusterBootstrap(store, tlsDir, flags.token);
  const pki = await loadOrCreatePki(tlsDir, sans, flags.token ? { nodeToken: flags.token } : {});
  // The aggregator's identity towards extension API servers (upstream's requestheader client CA).
  const frontProxy = await loadOrCreateFrontProxyPki(tlsDir);
  if (!joined && !await publishClusterBootstrap(store, tlsDir)) {
    throw new ClusterBootstrapError('another server set up this datastore\'s cluster at the same time: start this server again with a new --data-dir and --token <that server\'s node token>');
  }
  const frontProxyClient = { certPem: frontProxy.clientCertPem, keyPem: frontProxy.clientKeyPem };
  // Group-versions served from code (api/provider), each with a Local APIService: the built-in metrics APIs, fed
  // once the informers run (below).
  const metrics = metricsApis();
  const apiProviders: ApiGroupProvider[] = [...metrics.providers];
  const audit = auditFromFlags(flags.security, { clock: realClock, logger });
  if (audit) owned.add(audit.writer);
  const inFlight = { maxRequestsInflight: flags.security.maxRequestsInflight, maxMutatingRequestsInflight: flags.security.maxMutatingRequestsInflight };
  const serviceAccountTokens = new ServiceAccountTokens(pki.serviceAccountKeyPem);
  // Static tokens: the admin's, the nodes' join token, and (added below) the in-process components'.
  const staticTokens = new Map<string, { name: string; groups: readonly string[] }>([
    [pki.adminToken, { name: 'skiff-admin', groups: ['system:masters'] }],
    // The join token is a bootstrap token: it may only ask for a node's client certificate (kubelet TLS bootstrap).
    [pki.nodeToken, { name: 'system:bootstrap:skiff-node-token', groups: [rbac.bootstrappersGroup] }],
  ]);
  const authenticator = createAuthenticator({ tokens: staticTokens });
  // The embedded agent's kubelet serves logs, exec and attach for the pods on its node.
  // Joined agents' kubelets are reached over HTTPS at the endpoint their Node reports.
  // Their stats likewise; simulated nodes run in this process answer theirs in-process too.
  const nodeStreams = new Map<string, NodeStreams>();
  const nodeStats = new Map<string, NodeStatsSource>();
  const nodeCustomMetrics = new Map<string, NodeCustomMetricsSource>();
  // The API server's client certificate towards kubelets, which authorize it (system:kubelet-api-admin).
  const kubeletClient = { certPem: pki.kubeletClientCertPem, keyPem: pki.kubeletClientKeyPem };
  const remoteKubelets = new Map<string, { endpoint: string; streams: NodeStreams; stats: RemoteNodeStats }>();
  let nodeOf: (name: string) => Node | undefined = () => undefined;
  let simulated: SimulatedNodes | undefined;
  const remoteKubelet = (name: string): { streams: NodeStreams; stats: RemoteNodeStats } | undefined => {
    const node = nodeOf(name);
    const port = node?.status?.daemonEndpoints?.kubeletEndpoint?.Port;
    const host = node?.status?.addresses?.find((a) => a.type === 'InternalIP')?.address;
    if (!node || !port || !host || node.metadata?.labels?.[simulatedNodeLabel] === 'true') return undefined;
    const endpoint = `${host}:${port}`;
    let known = remoteKubelets.get(name);
    if (known?.endpoint !== endpoint) remoteKubelets.set(name, known = { endpoint, streams: new RemoteNodeStreams({ host, port }, kubeletClient), stats: new RemoteNodeStats({ host, port }, kubeletClient) });
    return known;
  };
  const streamsFor = (name: string): NodeStreams | undefined => nodeStreams.get(name) ?? remoteKubelet(name)?.streams;
  const statsFor = (name: string): NodeStatsSource | undefined => nodeStats.get(name) ?? simulated?.statsFor(name) ?? remoteKubelet(name)?.stats;
  // The metrics a node scraped from its pods (GET /stats/custom), found the same way.
  const customMetricsFor = (name: string): NodeCustomMetricsSource | undefined => nodeCustomMetrics.get(name) ?? simulated?.customMetricsFor(name) ?? remoteKubelet(name)?.stats;
  const api = owned.add(new ApiServer({ store, authenticator, clock: realClock, logger, serviceAccountTokens, nodeStreams: { streamsFor }, nodeStats: { statsFor }, nodeCustomMetrics: { customMetricsFor }, apiProviders, frontProxyClient, authorization: flags.authorizationMode, inFlight, ...(encryption ? { encryption } : {}), ...(audit ? { auditor: audit.auditor } : {}),
    // Servers joining this one's managed etcd fetch the cluster's bootstrap data here (with the node token).
    ...(managed ? { serverBootstrap: { nodeToken: pki.nodeToken, payload: async () => ({ sealed: Buffer.from((await store.get(bootstrapKey))?.value ?? new Uint8Array()).toString('base64'), etcdClientUrls: [managed!.member.clientUrl] }) } } : {}) }));
  const port = await api.listen({ host: flags.bindAddress, port: flags.httpsListenPort, cert: pki.serverCertPem, key: pki.serverKeyPem, ca: pki.caCertPem });
  await api.start();
  const clientHost = flags.bindAddress === '0.0.0.0' || flags.bindAddress === '::' ? '127.0.0.1' : flags.bindAddress;
  const server = `https://${clientHost.includes(':') ? `[${clientHost}]` : clientHost}:${port}`;
  mkdirSync(dirname(flags.writeKubeconfig), { recursive: true });
  writeFileSync(flags.writeKubeconfig, renderKubeconfig({ server, caPem: pki.caCertPem, certPem: pki.adminCertPem, keyPem: pki.adminKeyPem }), { mode: 0o600 });
  // The embedded components use the server in-process (full handler path, no TLS or sockets), each as its own
  // user, as upstream: the API server's own loopback (system:apiserver, a master) for what kube-apiserver runs;
  // the controller manager (its shared informers list and watch everything) and each controller as its
  // ServiceAccount in kube-system, bound to its system:controller:<name> role; the scheduler; the add-ons.
  const identities = new ComponentIdentities(api, staticTokens);
  const client = identities.client({ name: 'system:apiserver', groups: ['system:masters'] });
  const informers = owned.add(new InformerFactory({ client: identities.client({ name: 'system:kube-controller-manager', groups: [] }), clock: realClock, logger }));
  const ctx = { client, informers, clock: realClock, logger };
  const as = (user: { name: string; groups: readonly string[] }): typeof ctx => ({ ...ctx, client: identities.client(user) });
  const controller = (name: string): typeof ctx => as(rbac.controllerUser(name));
  const recorder = (component: string, c: typeof ctx): ApiEventRecorder => owned.add(new ApiEventRecorder({ client: c.client, component, clock: realClock, logger }));
  owned.add(startKubernetesServiceController(ctx, { address: advertise, port }));
  // The aggregation layer's controllers (kube-aggregator's): Local APIServices, the Available condition of
  // extension servers' APIServices, and the trust extension servers need to accept proxied requests.
  owned.add(startApiServiceRegistrationController(ctx, { localGroupVersions: api.localGroupVersions() }));
  owned.add(startApiServiceAvailabilityController(ctx, { probe: owned.add(new HttpsDiscoveryProbe({ clientCertificate: frontProxyClient })), recheckIntervalMs: flags.apiserviceRecheckIntervalMs }));
  // apiextensions-apiserver's controllers: CRD names, Established, and the cleanup of a deleted CRD's resources.
  owned.add(startCustomResourceDefinitionControllers(ctx));
  owned.add(startExtensionApiserverAuthenticationPublisher(ctx, { clientCaPem: pki.caCertPem, requestHeaderCaPem: frontProxy.caCertPem }));
  // The embedded node (unless --disable-agent): its volumes live under <data-dir>/storage on this machine, sized
  // to their claims where the machine can (filesystem images, mounted again here before the agent starts pods).
  // Volumes on simulated nodes (labelled so, wherever they run) are API objects only.
  const localHost = flags.disableAgent ? undefined : await startLocalVolumeHost(join(flags.dataDir, 'storage'), logger);
  const nodes = informers.informerFor<Node>(lookupResource('', 'v1', 'nodes')!);
  nodes.start();
  nodeOf = (name) => nodes.get(name);
  const hosts: NodeVolumeHosts = {
    forNode: (name) => (name === flags.nodeName && localHost ? localHost : nodes.get(name)?.metadata?.labels?.[simulatedNodeLabel] === 'true' ? simulatedVolumeHost : undefined),
    unpinned: localHost,
  };
  const addon = (serviceAccount: string): typeof ctx => as({ name: `system:serviceaccount:kube-system:${serviceAccount}`, groups: ['system:serviceaccounts', 'system:serviceaccounts:kube-system'] });
  const localPath = addon('local-path-provisioner-service-account');
  // kube-controller-manager's and kube-scheduler's parts. Servers sharing an etcd datastore run them on one server
  // at a time, elected through the Leases kube-system/kube-controller-manager and kube-scheduler (upstream's names
  // and timings: 15 s lease, 10 s renew deadline, 2 s retry); a server that loses its lease stops them at once.
  // On a datastore only this server uses (SQLite), they simply run (k3s's single-server default).
  const controllerManager = async (): Promise<AsyncDisposable> => {
    const term = new DisposableStore();
    const recorder = (component: string, c: typeof ctx): ApiEventRecorder => term.add(new ApiEventRecorder({ client: c.client, component, clock: realClock, logger }));
    const withRecorder = (c: typeof ctx, component: string): typeof ctx & { recorder: ApiEventRecorder } => ({ ...c, recorder: recorder(component, c) });
    term.add(startNamespaceController(controller('namespace-controller')));
    term.add(startServiceAccountController(controller('service-account-controller')));
    // upstream's tokens controller runs with the controller manager's own credentials.
    term.add(startServiceAccountTokenController({ ...ctx, client: identities.client({ name: 'system:kube-controller-manager', groups: [] }) }, {
      caPem: pki.caCertPem,
      tokens: { issue: (c) => serviceAccountTokens.issueLegacy(c), valid: (token, c) => serviceAccountTokens.isLegacyTokenFor(token, c) },
    }));
    term.add(startRootCaPublisher(controller('root-ca-cert-publisher'), { caPem: pki.caCertPem }));
    // csrsigning and csrapproving run as upstream's certificate-controller; the cluster CA signs.
    const ca = { certPem: pki.caCertPem, keyPem: pki.caKeyPem };
    term.add(startCertificateSigningController(controller('certificate-controller'), { signer: { sign: (r) => issueCertificate(ca, { requestPem: r.requestPem, usages: r.usages, notBefore: r.notBefore, notAfter: r.notAfter }), caNotAfter: certificateNotAfter(ca.certPem) } }));
    term.add(startCertificateApprovingController(controller('certificate-controller')));
    term.add(startGarbageCollector(controller('generic-garbage-collector')));
    term.add(startClusterRoleAggregationController(controller('clusterrole-aggregation-controller')));
    term.add(startPodGarbageCollector(controller('pod-garbage-collector')));
    term.add(startPersistentVolumeController({ ...withRecorder(controller('persistent-volume-binder'), 'persistentvolume-controller'), hosts }));
    term.add(await startLocalPathProvisioner({ ...withRecorder(localPath, 'skiff.io/local-path'), hosts }, { classClient: client }));
    // external-snapshotter's snapshot-controller and, for skiff.io/local-path, the csi-snapshotter sidecar's role.
    term.add(startSnapshotController(withRecorder(addon('snapshot-controller'), 'snapshot-controller')));
    term.add(await startLocalPathSnapshotter({ ...withRecorder(addon('csi-snapshotter'), 'csi-snapshotter skiff.io/local-path'), hosts }, { classClient: client }));
    term.add(startVolumeProtection(controller('pvc-protection-controller'), controller('pv-protection-controller')));
    term.add(startAttachDetachController(withRecorder(controller('attachdetach-controller'), 'attachdetach-controller')));
    term.add(startEndpointsControllers(controller('endpoint-controller'), controller('endpointslice-controller')));
    term.add(startStatefulSetController(withRecorder(controller('statefulset-controller'), 'statefulset-controller')));
    term.add(startDeploymentController(withRecorder(controller('deployment-controller'), 'deployment-controller')));
    term.add(startDaemonSetController(withRecorder(controller('daemon-set-controller'), 'daemonset-controller')));
    term.add(startReplicaController(withRecorder(controller('replicaset-controller'), 'replicaset-controller'), replicaSetKind));
    term.add(startJobController(withRecorder(controller('job-controller'), 'job-controller')));
    term.add(startTtlAfterFinishedController(controller('ttl-after-finished-controller')));
    term.add(startHorizontalPodAutoscalerController(withRecorder(controller('horizontal-pod-autoscaler'), 'horizontal-pod-autoscaler'), { syncPeriodMs: flags.hpaSyncPeriodMs, sync: { downscaleStabilizationWindowMs: flags.hpaDownscaleStabilizationMs } }));
    term.add(startReplicaController(withRecorder(controller('replication-controller'), 'replication-controller'), replicationControllerKind));
    term.add(startCronJobController(withRecorder(controller('cronjob-controller'), 'cronjob-controller')));
    // Upstream's taint eviction and node IPAM controllers use the node controller's credentials.
    term.add(startNodeLifecycleController(controller('node-controller'), { gracePeriodMs: flags.nodeMonitorGracePeriodMs }));
    term.add(startTaintEvictionController(withRecorder(controller('node-controller'), 'taint-eviction-controller')));
    term.add(startNodeIpamController(withRecorder(controller('node-controller'), 'node-ipam-controller'), { clusterCidr: flags.clusterCidr }));
    term.add(startResourceQuotaController(controller('resourcequota-controller')));
    term.add(startDisruptionController(withRecorder(controller('disruption-controller'), 'controllermanager')));
    // A deleted server node's etcd member leaves the managed etcd cluster.
    if (managed) term.add(startEtcdMemberRemoval(ctx, { clientUrls: [`https://${managed.member.localEndpoint}`], tls: managed.tls, self: managed.member.name }));
    return term;
  };
  const scheduler = (): AsyncDisposable => {
    const term = new DisposableStore();
    term.add(startScheduler({ ...as({ name: 'system:kube-scheduler', groups: [] }), recorder: term.add(new ApiEventRecorder({ client: identities.client({ name: 'system:kube-scheduler', groups: [] }), component: 'default-scheduler', clock: realClock, logger })) }));
    return term;
  };
  if (flags.datastore.startsWith('etcd://')) {
    const identity = `${hostname()}_${randomUUID()}`;
    process.stdout.write(`Leader election identity ${identity}\n`);
    owned.add(runWhileLeader(as({ name: 'system:kube-controller-manager', groups: [] }), { namespace: 'kube-system', name: 'kube-controller-manager', identity }, controllerManager));
    owned.add(runWhileLeader(as({ name: 'system:kube-scheduler', groups: [] }), { namespace: 'kube-system', name: 'kube-scheduler', identity }, scheduler));
  } else {
    owned.add(await controllerManager());
    owned.add(scheduler());
  }
  // Leases renew at a quarter of the grace period at most (kubelet: 10 s against 40 s).
  if (flags.simulatedNodes > 0) simulated = owned.add(await startSimulatedNodes(ctx, { count: flags.simulatedNodes, recorder: recorder('kubelet', ctx), renewIntervalMs: Math.min(10_000, flags.nodeMonitorGracePeriodMs / 4) }));
  const dns = owned.add(await startClusterDns(as({ name: 'system:serviceaccount:kube-system:coredns', groups: ['system:serviceaccounts', 'system:serviceaccounts:kube-system'] }), { host: flags.clusterDnsHost, port: flags.clusterDnsPort }));
  let agent: LocalAgent | undefined;
  if (!flags.disableAgent) {
    try {
      // Pods use the cluster DNS on their bridge's gateway, port 53 (kubelet's --cluster-dns).
      // The embedded kubelet acts as its node (system:node:<name>), with informers of its own: the node
      // authorizer and NodeRestriction hold it to its pods as they hold joined agents.
      const nodeClient = identities.client({ name: `system:node:${flags.nodeName}`, groups: ['system:nodes'] }, 'kubelet');
      const nodeCtx = { ...ctx, client: nodeClient, informers: owned.add(new InformerFactory({ client: nodeClient, clock: realClock, logger })) };
      agent = owned.add(await startLocalAgent(nodeCtx, { nodeName: flags.nodeName, dataDir: flags.dataDir, recorder: recorder('kubelet', nodeCtx), containerLogRotation: flags.containerLogRotation, imageGc: flags.imageGc, networkConflictHint: serverNetworkHint(flags.clusterCidr), serveDns: async (address) => { await dns.listen(address, 53); }, ...(loopbackBind ? { loopbackApiServer: { address: advertise, port } } : {}) }));
      nodeStreams.set(flags.nodeName, agent.kubelet);
      nodeStats.set(flags.nodeName, agent.kubelet.stats);
      nodeCustomMetrics.set(flags.nodeName, agent.kubelet.customMetrics);
    } catch (e: unknown) {
      if (!(e instanceof AgentUnavailableError)) throw e;
      process.stderr.write(`warning: the embedded agent did not start, this server runs no pods itself: ${e.message} (--disable-agent silences this)\n`);
    }
  }
  owned.add(metrics.start({ informers, statsFor, customFor: customMetricsFor, resolutionMs: flags.metricResolutionMs, clock: realClock, logger }));
  const ms = Math.round(performance.now() - started);
  process.stdout.write(`Skiff API server listening on ${server} (ready in ${ms} ms)\n`);
  process.stdout.write(`Cluster DNS (cluster.local) on ${flags.clusterDnsHost}:${dns.port} (UDP and TCP)\n`);
  if (agent) process.stdout.write(`Node ${flags.nodeName} runs pods with runc on ${agent.podCidr} (cluster DNS also on ${agent.gateway}:53)\n`);
  process.stdout.write(`Kubeconfig written to ${flags.writeKubeconfig}\n`);
  process.stdout.write(`Try: KUBECONFIG=${flags.writeKubeconfig} kubectl get namespaces\n`);
  await new Promise<void>((resolve) => {
    const stop = (): void => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  logger.info('shutting down');
  await owned[Symbol.asyncDispose]();
  return 0;
}
