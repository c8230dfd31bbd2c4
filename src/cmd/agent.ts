// `skiff agent`: joins a server over its HTTPS API. With the node token (the cluster's join secret, a bootstrap
// identity) a real node gets its own client certificate through a CertificateSigningRequest (kubelet TLS
// bootstrap) and then acts as system:node:<name>: this machine as a node (runc, its own cluster DNS on the pod
// bridge, the kubelet's HTTPS endpoint for the server's logs/exec/attach and stats). --simulate N runs
// simulated nodes, which need a credential that may manage any node (the admin token, as kwok uses).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { NodeCustomMetricsSource, NodeStatsSource, NodeStreams } from '../api/index.js';
import { ApiEventRecorder, Client, FailoverTransport, HttpsTransport, InformerFactory, type ControllerContext } from '../client/index.js';
import { agentUsage, parseAgentFlags, type AgentFlags } from '../cli/index.js';
import { startClusterDns } from '../dns/index.js';
import { AgentUnavailableError, bootstrapNodeCredentials, KubeletServer, SubjectAccessReviewAuthorizer, primaryAddress, startLocalAgent, startSimulatedNodes } from '../node/index.js';
import { selfSignedServingCertificate } from '../util/tls.js';
import { lookupResource } from '../api/index.js';
import { flagsOrExit } from './flags.js';
import { createLogger, realClock, DisposableStore, type Logger } from '../util/index.js';

export async function runAgent(argv: readonly string[]): Promise<number> {
  const flags = flagsOrExit(argv, parseAgentFlags, agentUsage);
  if (typeof flags === 'number') return flags;
  const logger = createLogger({ level: flags.logLevel });
  const owned = new DisposableStore();
  const token = flags.token ?? readFileSync(flags.tokenFile!, 'utf8').trim();
  const transport = serversTransport(flags.servers, { ca: readFileSync(flags.caFile, 'utf8'), token }, owned, logger);
  const client = new Client({ transport, fieldManager: 'skiff-agent' });
  // Fail fast with the server's answer when the token or the server is wrong.
  await client.create(lookupResource('authentication.k8s.io', 'v1', 'selfsubjectreviews')!, '', { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' });
  if (flags.simulate > 0) {
    const informers = owned.add(new InformerFactory({ client, clock: realClock, logger }));
    const ctx = { client, informers, clock: realClock, logger };
    const recorder = owned.add(new ApiEventRecorder({ client, component: 'kubelet', clock: realClock, logger }));
    owned.add(await startSimulatedNodes(ctx, { count: flags.simulate, first: flags.simulateFirst, recorder, renewIntervalMs: flags.renewIntervalMs }));
    const last = flags.simulateFirst + flags.simulate - 1;
    process.stdout.write(`Skiff agent joined ${flags.server} with simulated nodes node-${flags.simulateFirst} … node-${last}\n`);
  } else {
    try {
      await joinAsNode({ client, clock: realClock, logger }, flags, owned);
    } catch (e: unknown) {
      if (!(e instanceof AgentUnavailableError)) throw e;
      process.stderr.write(`Error: ${e.message}\n`);
      await owned[Symbol.asyncDispose]();
      return 1;
    }
  }
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  logger.info('shutting down');
  await owned[Symbol.asyncDispose]();
  return 0;
}

/** The cluster's servers as one transport: requests fail over from a server that cannot be reached to the next. */
function serversTransport(servers: readonly string[], credentials: { ca: string; token?: string; cert?: string; key?: string }, owned: DisposableStore, logger: Logger): FailoverTransport {
  const transports = servers.map((server) => new HttpsTransport({ server, ...credentials, userAgent: 'skiff-agent/v0.1.0' }));
  for (const t of transports) owned.defer(() => t.close());
  return new FailoverTransport(transports, { onSwitch: (i, e) => logger.warn('API server unreachable: switching', { to: servers[i], error: e instanceof Error ? e.message : String(e) }) });
}

/** This machine as a real node of the server, acting as itself once its client certificate is issued. */
async function joinAsNode(bootstrap: { client: Client; clock: typeof realClock; logger: Logger }, flags: AgentFlags, owned: DisposableStore): Promise<void> {
  mkdirSync(join(flags.dataDir, 'agent'), { recursive: true, mode: 0o700 });
  const ca = readFileSync(flags.caFile, 'utf8');
  const credentials = await bootstrapNodeCredentials({ client: bootstrap.client, clock: bootstrap.clock, nodeName: flags.nodeName, dir: join(flags.dataDir, 'agent'), caPem: ca });
  const transport = serversTransport(flags.servers, { ca, cert: credentials.certPem, key: credentials.keyPem }, owned, bootstrap.logger);
  const client = new Client({ transport, fieldManager: 'kubelet' });
  const ctx: ControllerContext = { client, informers: owned.add(new InformerFactory({ client, clock: bootstrap.clock, logger: bootstrap.logger })), clock: bootstrap.clock, logger: bootstrap.logger };
  // The kubelet endpoint's certificate, made once (the server does not verify it; callers are authenticated by
  // their client certificates and authorized by SubjectAccessReview).
  const certFile = join(flags.dataDir, 'agent', 'kubelet.crt');
  const keyFile = join(flags.dataDir, 'agent', 'kubelet.key');
  if (!existsSync(certFile) || !existsSync(keyFile)) {
    const { certPem, keyPem } = await selfSignedServingCertificate(flags.nodeName, { dns: [...new Set([flags.nodeName, hostname()])], ips: [primaryAddress(), '127.0.0.1'] });
    writeFileSync(keyFile, keyPem, { mode: 0o600 });
    writeFileSync(certFile, certPem, { mode: 0o644 });
  }
  let streams: NodeStreams | undefined;
  let stats: NodeStatsSource | undefined;
  let customMetrics: NodeCustomMetricsSource | undefined;
  const server = owned.add(await KubeletServer.start({
    host: '0.0.0.0', port: flags.kubeletPort, cert: readFileSync(certFile, 'utf8'), key: readFileSync(keyFile, 'utf8'), clientCaPem: ca,
    authorizer: new SubjectAccessReviewAuthorizer({ client, nodeName: flags.nodeName, clock: ctx.clock }), streams: () => streams, stats: () => stats, customMetrics: () => customMetrics, logger: ctx.logger,
  }));
  // The node's own cluster DNS, served on its pod bridge's gateway (pods' nameserver), from this agent's view of the API.
  const dns = owned.add(await startClusterDns(ctx, { host: '127.0.0.1', port: 0 }));
  const recorder = owned.add(new ApiEventRecorder({ client: ctx.client, component: 'kubelet', clock: ctx.clock, logger: ctx.logger }));
  const agent = owned.add(await startLocalAgent(ctx, { nodeName: flags.nodeName, dataDir: flags.dataDir, recorder, kubeletPort: server.port, containerLogRotation: flags.containerLogRotation, imageGc: flags.imageGc, serveDns: async (address) => { await dns.listen(address, 53); } }));
  streams = agent.kubelet;
  stats = agent.kubelet.stats;
  customMetrics = agent.kubelet.customMetrics;
  process.stdout.write(`Skiff agent joined ${flags.server} as node ${flags.nodeName}: pods on ${agent.podCidr}, kubelet on port ${server.port}\n`);
}
