// `skiff agent` flags: parsing and validation (pure; cmd/agent.ts does the I/O).
import { homedir, hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { FlagError, scanFlags } from './flag-scan.js';
import { containerLogUsage, containerLogValuedFlags, parseContainerLogFlags, type ContainerLogRotationFlags } from './container-log-flags.js';
import { imageGcUsage, imageGcValued, parseImageGcFlags, type ImageGcFlags } from './image-gc-flags.js';
import { goDurationMs } from '../util/index.js';

export interface AgentFlags {
  /** The API server to join (https://host:port): the first of servers. */
  server: string;
  /** Every server of the cluster given (--server a,b,c): the agent fails over between them. */
  servers: string[];
  /** The node token the server wrote at first start (<data-dir>/tls/node-token), or read from tokenFile. */
  token: string | undefined;
  tokenFile: string | undefined;
  /** The cluster CA the server's certificate is checked against (<server data-dir>/tls/ca.crt). */
  caFile: string;
  /** Run N simulated nodes instead of a real node (0: this machine joins as a real node). */
  simulate: number;
  /** The real node's name (default: this machine's hostname, lower-cased). */
  nodeName: string;
  /** The real node's state: images, pods' volumes, logs (default /var/lib/skiff-agent, or ~/.skiff-agent). */
  dataDir: string;
  /** Port of the kubelet's HTTPS endpoint (logs, exec, attach for the API server); 0 picks a free one. */
  kubeletPort: number;
  /** The real node's container log rotation (kubelet's --container-log-max-size/-files); undefined: none. */
  containerLogRotation: ContainerLogRotationFlags | undefined;
  /** Number of the first simulated node: node-<first> … node-<first+N-1>, podCIDR 10.42.<i>.0/24. */
  simulateFirst: number;
  /** Lease renewal period of the simulated kubelets (ms). */
  renewIntervalMs: number;
  /** The real node's image garbage collection thresholds (kubelet's flags). */
  imageGc: ImageGcFlags;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  help: boolean;
}

export const agentUsage = `Usage: skiff agent [flags]

Joins a Skiff server as a node: this machine runs pods with runc (as root), or with --simulate N, N
simulated nodes. The agent talks to the server through its API; the server reaches the kubelet's HTTPS
endpoint for logs, exec and attach.

Flags:
  --server URL[,URL…]         the server to join, e.g. https://10.0.0.1:6443 (required); several servers of one
                              cluster, comma-separated: the agent fails over between them
  --token TOKEN               the node token the server wrote at first start (<data-dir>/tls/node-token)
  --token-file FILE           read the token from FILE instead
  --ca-file FILE              the cluster CA certificate (<server data-dir>/tls/ca.crt) (required)
  --node-name NAME            name of this node (default: this machine's hostname, lower-cased)
  --data-dir DIR              the node's state (default /var/lib/skiff-agent, or ~/.skiff-agent when not root)
  --kubelet-port N            the kubelet's HTTPS port for the server's logs/exec/attach (default 10250; 0 = free)
${containerLogUsage}${imageGcUsage}  --simulate N                run N simulated nodes (kwok-style: no processes; pods turn Running/Ready)
  --simulate-first K          number of the first simulated node: node-K … node-(K+N-1) (default 1)
  --lease-renew-interval D    how often the simulated kubelets renew their leases (Go duration, default 10s)
  --log-level LEVEL           debug, info, warn or error (default info)
  -h, --help                  show this help
`;

const valued = new Set(['--server', '--token', '--token-file', '--ca-file', '--simulate', '--simulate-first', '--lease-renew-interval', '--log-level', '--node-name', '--data-dir', '--kubelet-port', ...containerLogValuedFlags, ...imageGcValued]);

/** `skiff agent`'s data dir unless --data-dir says otherwise. */
export function defaultAgentDataDir(uid: number | undefined = process.getuid?.()): string {
  return uid === 0 ? '/var/lib/skiff-agent' : join(homedir(), '.skiff-agent');
}

export function parseAgentFlags(argv: readonly string[]): AgentFlags {
  const { raw, help } = scanFlags(argv, valued);
  const logLevel = raw.get('--log-level') ?? 'info';
  if (!['debug', 'info', 'warn', 'error'].includes(logLevel)) throw new FlagError(`invalid argument "${logLevel}" for "--log-level": must be debug, info, warn or error`);
  const base = { logLevel: logLevel as AgentFlags['logLevel'], help };
  const nodeName = raw.get('--node-name') ?? hostname().toLowerCase();
  const dataDir = resolve(raw.get('--data-dir') ?? defaultAgentDataDir());
  const portText = raw.get('--kubelet-port') ?? '10250';
  if (help) return { server: '', servers: [], token: undefined, tokenFile: undefined, caFile: '', simulate: 0, simulateFirst: 1, renewIntervalMs: 10_000, nodeName, dataDir, kubeletPort: Number(portText), containerLogRotation: undefined, imageGc: parseImageGcFlags(new Map()), ...base };
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(nodeName) || nodeName.length > 253) {
    throw new FlagError(`invalid argument "${nodeName}" for "--node-name": must be a lowercase RFC 1123 subdomain`);
  }
  if (!/^\d+$/.test(portText) || Number(portText) > 65535) throw new FlagError(`invalid argument "${portText}" for "--kubelet-port": must be a port number between 0 and 65535`);
  const node = { nodeName, dataDir, kubeletPort: Number(portText), containerLogRotation: parseContainerLogFlags(raw), imageGc: parseImageGcFlags(raw) };
  const serverText = raw.get('--server');
  if (!serverText) throw new FlagError('required flag "--server" not set');
  const servers = serverText.split(',').map((s) => s.trim()).filter(Boolean).map((server) => {
    let url: URL;
    try { url = new URL(server); } catch { throw new FlagError(`invalid argument "${server}" for "--server": must be an https:// URL`); }
    if (url.protocol !== 'https:') throw new FlagError(`invalid argument "${server}" for "--server": must be an https:// URL`);
    return url.origin;
  });
  if (servers.length === 0) throw new FlagError('required flag "--server" not set');
  const url = { origin: servers[0]! };
  const token = raw.get('--token');
  const tokenFile = raw.get('--token-file');
  if (!token && !tokenFile) throw new FlagError('one of "--token" or "--token-file" must be set');
  if (token && tokenFile) throw new FlagError('"--token" and "--token-file" cannot be used together');
  const caFile = raw.get('--ca-file');
  if (!caFile) throw new FlagError('required flag "--ca-file" not set');
  const simText = raw.get('--simulate');
  if (simText === undefined) return { server: url.origin, servers, token, tokenFile, caFile, simulate: 0, simulateFirst: 1, renewIntervalMs: 10_000, ...node, ...base };
  if (!/^\d+$/.test(simText) || Number(simText) < 1 || Number(simText) > 10_000) throw new FlagError(`invalid argument "${simText}" for "--simulate": must be a number between 1 and 10000`);
  const firstText = raw.get('--simulate-first') ?? '1';
  if (!/^\d+$/.test(firstText) || Number(firstText) < 1 || Number(firstText) + Number(simText) - 1 > 65_000) throw new FlagError(`invalid argument "${firstText}" for "--simulate-first": must be a positive number`);
  const renewText = raw.get('--lease-renew-interval') ?? '10s';
  const renewMs = goDurationMs(renewText);
  if (renewMs === undefined || renewMs <= 0) throw new FlagError(`invalid argument "${renewText}" for "--lease-renew-interval": must be a positive duration such as 10s`);
  return { server: url.origin, servers, token, tokenFile, caFile, simulate: Number(simText), simulateFirst: Number(firstText), renewIntervalMs: renewMs, ...node, ...base };
}
