// `skiff server` flags: parsing and validation (pure; the entry point in cmd/ does the I/O).
import { homedir, hostname } from 'node:os';
import { isIP } from 'node:net';
import { join, resolve } from 'node:path';
import { goDurationMs } from '../util/index.js';
import { FlagError, scanFlags } from './flag-scan.js';
import { containerLogUsage, containerLogValuedFlags, parseContainerLogFlags, type ContainerLogRotationFlags } from './container-log-flags.js';
import { imageGcUsage, imageGcValued, parseImageGcFlags, type ImageGcFlags } from './image-gc-flags.js';

export const authorizationModes = ['Node,RBAC', 'RBAC', 'AlwaysAllow'] as const;
export type AuthorizationMode = typeof authorizationModes[number];
const isAuthorizationMode = (m: string): m is AuthorizationMode => (authorizationModes as readonly string[]).includes(m);

export interface ServerFlags {
  dataDir: string;
  httpsListenPort: number;
  bindAddress: string;
  writeKubeconfig: string;
  datastore: string;
  /** k3s's --datastore-cafile/-certfile/-keyfile: TLS to etcd members. */
  datastoreTls: { caFile?: string; certFile?: string; keyFile?: string };
  /**
   * k3s's --token: the cluster's node token. A server joining a datastore that another server bootstrapped needs
   * it to take the cluster's certificates; the first server uses it as its node token instead of a random one.
   */
  token?: string;
  /**
   * k3s's embedded HA: this server runs an etcd member of its own as its datastore — a new cluster (--cluster-init),
   * or joining the cluster of the server at join (--server URL, with --token). Absent: --datastore decides.
   */
  managedEtcd?: { join?: string; clientPort: number; peerPort: number };
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** The embedded node's name (k3s's --node-name): local volumes of this machine are pinned to it. */
  nodeName: string;
  /** The embedded node's container log rotation (kubelet's --container-log-max-size/-files); undefined: none. */
  containerLogRotation: ContainerLogRotationFlags | undefined;
  /** How many simulated nodes (node-1 … node-N) to run in the server; 0 = none. */
  simulatedNodes: number;
  /** kube-controller-manager's --node-monitor-grace-period: how long a node may miss lease renewals, in ms. */
  nodeMonitorGracePeriodMs: number;
  /** How often the availability of APIServices served by extension servers is checked again (upstream: 30 s), in ms. */
  apiserviceRecheckIntervalMs: number;
  /** k3s's --disable-agent: no embedded node on this machine (a control plane for simulated or joined nodes). */
  disableAgent: boolean;
  /** Where the cluster DNS server listens (UDP and TCP); port 0 picks a free one. */
  clusterDnsHost: string;
  clusterDnsPort: number;
  /** kube-controller-manager's --cluster-cidr: nodes get their podCIDR (a /24) from it. */
  clusterCidr: string;
  /** The address the `kubernetes` Service's endpoints name; undefined: the bind address, or this machine's. */
  advertiseAddress?: string;
  /** kube-apiserver's --authorization-mode: Node,RBAC, RBAC (system:masters always allowed) or AlwaysAllow. */
  authorizationMode: AuthorizationMode;
  /** metrics-server's --metric-resolution: how often every node's usage is scraped, in ms. */
  metricResolutionMs: number;
  /** kube-controller-manager's --horizontal-pod-autoscaler-sync-period, in ms. */
  hpaSyncPeriodMs: number;
  /** kube-controller-manager's --horizontal-pod-autoscaler-downscale-stabilization, in ms. */
  hpaDownscaleStabilizationMs: number;
  /** Audit, encryption at rest and overload protection (kube-apiserver's flags of the same names). */
  security: SecurityFlags;
  /** The embedded node's image garbage collection thresholds (kubelet's flags). */
  imageGc: ImageGcFlags;
  help: boolean;
}

export interface SecurityFlags {
  /** --encryption-provider-config: an EncryptionConfiguration file; undefined: values are stored as they are. */
  encryptionProviderConfig?: string;
  /** --audit-policy-file: an audit.k8s.io/v1 Policy; with auditLogPath, requests are audited. */
  auditPolicyFile?: string;
  /** --audit-log-path: the JSON-lines audit log, or '-' for standard output. */
  auditLogPath?: string;
  /** --audit-log-maxsize (MiB before rotation; 0: 100), --audit-log-maxbackup (0: all), --audit-log-maxage (days; 0: any). */
  auditLogMaxSizeMb: number;
  auditLogMaxBackup: number;
  auditLogMaxAgeDays: number;
  /** --audit-log-batch-buffer-size: events waiting for the writer before new ones are dropped. */
  auditLogBufferSize: number;
  /** --max-requests-inflight and --max-mutating-requests-inflight (0: no limit). */
  maxRequestsInflight: number;
  maxMutatingRequestsInflight: number;
}

export const serverUsage = `Usage: skiff server [flags]

Starts the Skiff API server with its controllers on an embedded datastore.

Flags:
  --data-dir DIR              state, certificates and kubeconfig (default /var/lib/skiff, or ~/.skiff when not root)
  --https-listen-port N       HTTPS port (default 6443; 0 picks a free port and prints it)
  --bind-address ADDR         address to listen on (default 127.0.0.1)
  --advertise-address ADDR    IPv4 address in-cluster clients reach the API server on, the endpoint of the
                              \`kubernetes\` Service (default: the bind address unless it is loopback or any,
                              else this machine's address; the embedded node reaches a loopback-bound server)
  --write-kubeconfig PATH     where to write the admin kubeconfig (default <data-dir>/kubeconfig.yaml)
  --datastore URL             sqlite://<path> (default sqlite://<data-dir>/state.db), memory://, or
                              etcd://host:2379[,host:2379…] (keys under /registry; failover in order)
  --datastore-cafile FILE     CA of the etcd members (TLS)
  --datastore-certfile FILE   client certificate for etcd
  --datastore-keyfile FILE    client key for etcd
  --cluster-init              run an etcd member of this server's own as its datastore (<data-dir>/db), a new
                              cluster other servers join with --server and --token (k3s's embedded etcd)
  --server URL                join the cluster of that server (https://host:6443): add an etcd member of this
                              server's own to it (needs --token)
  --etcd-client-port N        the managed etcd member's client port (default 2379)
  --etcd-peer-port N          the managed etcd member's peer port (default 2380)
  --token TOKEN               the cluster's node token: a server started on a datastore another server set up
                              takes the cluster's certificates with it (that server's <data-dir>/tls/node-token)
  --log-level LEVEL           debug, info, warn or error (default info)
  --simulated-nodes N         also run N simulated nodes node-1 … node-N (no processes; pods turn Running/Ready)
  --node-monitor-grace-period D  how long a node may go without renewing its lease before it is marked
                              Unknown and unreachable (Go duration, default 40s)
  --authorization-mode MODE   Node,RBAC (default: kubelets, system:node:<name>, reach only their own pods'
                              objects; Roles and bindings decide the rest; system:masters may do anything),
                              RBAC, or AlwaysAllow (every authenticated request is allowed)
  --metric-resolution D       how often the built-in metrics server scrapes every node's usage (Go duration,
                              default 15s; kubectl top and the HPA see rates over this window)
  --horizontal-pod-autoscaler-sync-period D  how often every HPA is evaluated (Go duration, default 15s)
  --horizontal-pod-autoscaler-downscale-stabilization D  how far back an HPA without behavior looks before
                              scaling down (Go duration, default 5m0s)
  --apiservice-recheck-interval D  how often APIServices of extension API servers are checked for availability
                              without a change to them (Go duration, default 30s)
  --node-name NAME            name of the embedded node (default: this machine's hostname, lower-cased)
  --cluster-dns-listen A:P    cluster DNS (cluster.local, UDP+TCP) address (default 127.0.0.1:0, a free port;
                              the chosen one is printed)
  --cluster-cidr CIDR         IPv4 range pod IPs come from; every node gets a /24 of it (default 10.42.0.0/16)
  --disable-agent             run no embedded node on this machine (with --simulated-nodes: only simulated nodes)
${containerLogUsage}${imageGcUsage}  --encryption-provider-config FILE  an apiserver.config.k8s.io/v1 EncryptionConfiguration: the resources it lists
                              are encrypted at rest (aescbc, aesgcm, secretbox, identity)
  --audit-policy-file FILE    an audit.k8s.io/v1 Policy: which requests are audited, at which level
  --audit-log-path PATH       where audit events are written as JSON lines ('-': standard output)
  --audit-log-maxsize N       MiB an audit log file may reach before it is rotated (default 0: 100 MiB)
  --audit-log-maxbackup N     rotated audit log files to keep (default 0: all)
  --audit-log-maxage N        days to keep rotated audit log files (default 0: no limit)
  --audit-log-batch-buffer-size N  audit events waiting to be written before new ones are dropped (default 10000)
  --max-requests-inflight N   read-only requests served at once before 429 (default 400; 0: no limit)
  --max-mutating-requests-inflight N  mutating requests served at once before 429 (default 200; 0: no limit)
  -h, --help                  show this help
`;


/** kube-apiserver's flags for audit, encryption at rest and overload protection. */
const securityValued = [
  '--encryption-provider-config', '--audit-policy-file', '--audit-log-path', '--audit-log-maxsize', '--audit-log-maxbackup', '--audit-log-maxage',
  '--audit-log-batch-buffer-size', '--max-requests-inflight', '--max-mutating-requests-inflight',
];
const valued = new Set(['--data-dir', '--https-listen-port', '--bind-address', '--advertise-address', '--write-kubeconfig', '--datastore', '--datastore-cafile', '--datastore-certfile', '--datastore-keyfile', '--token', '--server', '--etcd-client-port', '--etcd-peer-port', '--log-level', '--node-name', '--simulated-nodes', '--node-monitor-grace-period', '--apiservice-recheck-interval', '--cluster-dns-listen', '--cluster-cidr', '--horizontal-pod-autoscaler-sync-period', '--horizontal-pod-autoscaler-downscale-stabilization', '--metric-resolution', '--authorization-mode', ...containerLogValuedFlags, ...imageGcValued, ...securityValued]);
const booleans = new Set(['--disable-agent', '--cluster-init']);

export function defaultDataDir(uid: number | undefined = process.getuid?.()): string {
  return uid === 0 ? '/var/lib/skiff' : join(homedir(), '.skiff');
}

/** Parses argv (after `server`). Throws FlagError with a message naming the bad flag. */
export function parseServerFlags(argv: readonly string[], uid?: number): ServerFlags {
  const { raw, help } = scanFlags(argv, valued, booleans);
  const dataDir = resolve(raw.get('--data-dir') ?? defaultDataDir(uid));
  const portText = raw.get('--https-listen-port') ?? '6443';
  if (!/^\d+$/.test(portText) || Number(portText) > 65535) throw new FlagError(`invalid argument "${portText}" for "--https-listen-port": must be a port number between 0 and 65535`);
  const bindAddress = raw.get('--bind-address') ?? '127.0.0.1';
  if (isIP(bindAddress) === 0) throw new FlagError(`invalid argument "${bindAddress}" for "--bind-address": must be an IP address`);
  const advertiseAddress = raw.get('--advertise-address');
  if (advertiseAddress !== undefined && (isIP(advertiseAddress) !== 4 || advertiseAddress.startsWith('127.') || advertiseAddress === '0.0.0.0')) {
    throw new FlagError(`invalid argument "${advertiseAddress}" for "--advertise-address": must be an IPv4 address other than loopback or 0.0.0.0`);
  }
  const join_ = raw.get('--server');
  const managed = raw.get('--cluster-init') === 'true' || join_ !== undefined;
  if (managed && raw.has('--datastore')) throw new FlagError('--cluster-init and --server run a managed etcd as the datastore: they cannot be used with --datastore');
  if (join_ !== undefined) {
    if (raw.get('--cluster-init') === 'true') throw new FlagError('"--cluster-init" and "--server" cannot be used together: --cluster-init starts a new cluster');
    if (!/^https:\/\/[^/]+\/?$/.test(join_)) throw new FlagError(`invalid argument "${join_}" for "--server": must be an https:// URL of a server`);
    if (!raw.get('--token')) throw new FlagError('"--server" needs "--token" (the node token of the cluster\'s first server)');
  }
  const port = (flag: string, fallback: number): number => {
    const text = raw.get(flag) ?? String(fallback);
    if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > 65535) throw new FlagError(`invalid argument "${text}" for "${flag}": must be a port number between 1 and 65535`);
    return Number(text);
  };
  const managedEtcd = managed ? { ...(join_ ? { join: join_.replace(/\/$/, '') } : {}), clientPort: port('--etcd-client-port', 2379), peerPort: port('--etcd-peer-port', 2380) } : undefined;
  const datastore = raw.get('--datastore') ?? (managed ? 'etcd://managed' : `sqlite://${join(dataDir, 'state.db')}`);
  if (!/^(sqlite|memory|etcd):\/\//.test(datastore)) throw new FlagError(`invalid argument "${datastore}" for "--datastore": must start with sqlite://, memory:// or etcd://`);
  const logLevel = raw.get('--log-level') ?? 'info';
  if (!['debug', 'info', 'warn', 'error'].includes(logLevel)) throw new FlagError(`invalid argument "${logLevel}" for "--log-level": must be debug, info, warn or error`);
  const nodeName = raw.get('--node-name') ?? hostname().toLowerCase();
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(nodeName) || nodeName.length > 253) {
    throw new FlagError(`invalid argument "${nodeName}" for "--node-name": must be a lowercase RFC 1123 subdomain`);
  }
  const simText = raw.get('--simulated-nodes') ?? '0';
  if (!/^\d+$/.test(simText) || Number(simText) > 10_000) throw new FlagError(`invalid argument "${simText}" for "--simulated-nodes": must be a number between 0 and 10000`);
  const graceText = raw.get('--node-monitor-grace-period') ?? '40s';
  const graceMs = goDurationMs(graceText);
  if (graceMs === undefined || graceMs <= 0) throw new FlagError(`invalid argument "${graceText}" for "--node-monitor-grace-period": must be a positive duration such as 40s or 1m30s`);
  const dnsText = raw.get('--cluster-dns-listen') ?? '127.0.0.1:0';
  const dns = /^(.+):(\d+)$/.exec(dnsText);
  if (!dns || isIP(dns[1]!) !== 4 || Number(dns[2]) > 65535) throw new FlagError(`invalid argument "${dnsText}" for "--cluster-dns-listen": must be an IPv4 address and port, such as 127.0.0.1:53`);
  const clusterCidr = raw.get('--cluster-cidr') ?? '10.42.0.0/16';
  const cidr = /^(\d+\.\d+\.\d+\.\d+)\/(\d+)$/.exec(clusterCidr);
  if (!cidr || isIP(cidr[1]!) !== 4 || Number(cidr[2]) < 8 || Number(cidr[2]) > 24) {
    throw new FlagError(`invalid argument "${clusterCidr}" for "--cluster-cidr": must be an IPv4 CIDR with a prefix between /8 and /24, such as 10.42.0.0/16`);
  }
  const durationFlag = (flag: string, fallback: string, positive: boolean): number => {
    const text = raw.get(flag) ?? fallback;
    const ms = goDurationMs(text);
    if (ms === undefined || (positive && ms <= 0)) throw new FlagError(`invalid argument "${text}" for "${flag}": must be a ${positive ? 'positive ' : ''}duration such as ${fallback}`);
    return ms;
  };
  const recheckMs = durationFlag('--apiservice-recheck-interval', '30s', true);
  const metricResolutionMs = durationFlag('--metric-resolution', '15s', true);
  const authorizationMode = raw.get('--authorization-mode') ?? 'Node,RBAC';
  if (!isAuthorizationMode(authorizationMode)) throw new FlagError(`invalid argument "${authorizationMode}" for "--authorization-mode": must be Node,RBAC, RBAC or AlwaysAllow`);
  const hpaSyncPeriodMs = durationFlag('--horizontal-pod-autoscaler-sync-period', '15s', true);
  const hpaDownscaleStabilizationMs = durationFlag('--horizontal-pod-autoscaler-downscale-stabilization', '5m0s', false);
  return {
    dataDir,
    nodeName,
    hpaSyncPeriodMs,
    metricResolutionMs,
    authorizationMode,
    hpaDownscaleStabilizationMs,
    clusterCidr,
    clusterDnsHost: dns[1]!,
    clusterDnsPort: Number(dns[2]),
    nodeMonitorGracePeriodMs: graceMs,
    apiserviceRecheckIntervalMs: recheckMs,
    disableAgent: raw.get('--disable-agent') === 'true',
    containerLogRotation: parseContainerLogFlags(raw),
    simulatedNodes: Number(simText),
    httpsListenPort: Number(portText),
    bindAddress,
    ...(advertiseAddress !== undefined ? { advertiseAddress } : {}),
    writeKubeconfig: resolve(raw.get('--write-kubeconfig') ?? join(dataDir, 'kubeconfig.yaml')),
    datastore,
    datastoreTls: datastoreTls(raw),
    ...(raw.get('--token') ? { token: raw.get('--token')! } : {}),
    ...(managedEtcd ? { managedEtcd } : {}),
    logLevel: logLevel as ServerFlags['logLevel'],
    security: parseSecurityFlags(raw),
    imageGc: parseImageGcFlags(raw),
    help,
  };
}

function datastoreTls(raw: ReadonlyMap<string, string>): ServerFlags['datastoreTls'] {
  const out: { caFile?: string; certFile?: string; keyFile?: string } = {};
  for (const [flag, field] of [['--datastore-cafile', 'caFile'], ['--datastore-certfile', 'certFile'], ['--datastore-keyfile', 'keyFile']] as const) {
    const v = raw.get(flag);
    if (v === '') throw new FlagError(`invalid argument "" for "${flag}": must be a file path`);
    if (v !== undefined) out[field] = resolve(v);
  }
  return out;
}

function parseSecurityFlags(raw: ReadonlyMap<string, string>): SecurityFlags {
  const path = (flag: string): string | undefined => {
    const v = raw.get(flag);
    if (v === '') throw new FlagError(`invalid argument "" for "${flag}": must be a file path`);
    return v === undefined || v === '-' ? v : resolve(v);
  };
  const count = (flag: string, fallback: number, min = 0): number => {
    const v = raw.get(flag) ?? String(fallback);
    if (!/^\d+$/.test(v) || Number(v) < min || !Number.isSafeInteger(Number(v))) throw new FlagError(`invalid argument "${v}" for "${flag}": must be ${min > 0 ? 'a positive' : 'a non-negative'} integer`);
    return Number(v);
  };
  const encryptionProviderConfig = path('--encryption-provider-config');
  const auditPolicyFile = path('--audit-policy-file');
  const auditLogPath = path('--audit-log-path');
  if (encryptionProviderConfig === '-' || auditPolicyFile === '-') throw new FlagError(`invalid argument "-" for "${encryptionProviderConfig === '-' ? '--encryption-provider-config' : '--audit-policy-file'}": must be a file path`);
  return {
    ...(encryptionProviderConfig !== undefined ? { encryptionProviderConfig } : {}),
    ...(auditPolicyFile !== undefined ? { auditPolicyFile } : {}),
    ...(auditLogPath !== undefined ? { auditLogPath } : {}),
    auditLogMaxSizeMb: count('--audit-log-maxsize', 0),
    auditLogMaxBackup: count('--audit-log-maxbackup', 0),
    auditLogMaxAgeDays: count('--audit-log-maxage', 0),
    auditLogBufferSize: count('--audit-log-batch-buffer-size', 10_000, 1),
    maxRequestsInflight: count('--max-requests-inflight', 400),
    maxMutatingRequestsInflight: count('--max-mutating-requests-inflight', 200),
  };
}
